"""The chart figures against hand-computed fixtures (Europe/Paris): work across
midnight, the 23- and 25-hour days of 2026-03-29 and 2026-10-25, a running
entry, an archived project, projects without rate or value; against
``smfocus report`` to the second; and, by hypothesis, peak hours and days
against a minute-by-minute count done here with the standard library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, text

from smfocus.core import periods
from smfocus.core.clock import FakeClock
from smfocus.core.ranges import DateRange
from smfocus.insights import Insights
from smfocus.pomodoro import Timer
from smfocus.store import analytics, reports
from smfocus.store.database import Store, open_store
from smfocus.store.tables import pomodoro_phases
from smfocus.tracker import Tracker
from tests.helpers import at, utc

PARIS = ZoneInfo("Europe/Paris")
HOUR = 3600
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def span(first: str, last: str | None = None) -> DateRange:
    return DateRange(date.fromisoformat(first), date.fromisoformat(last or first))


def series_of(figures: analytics.TimeByPeriod) -> dict[str, tuple[int, ...]]:
    return {s.project.name: s.seconds for s in figures.series}


@pytest.fixture
def insights(tracker: Tracker) -> Insights:
    return Insights(tracker)


@pytest.fixture
def acme(tracker: Tracker) -> Tracker:
    tracker.add_project("Acme", rate="45", value="1800", value_per="month")
    return tracker


def add(tracker: Tracker, start: str, end: str, project: str = "Acme", **extra: Any) -> None:
    """An entry between two Paris wall-clock times (``end`` may carry fold=1 via '|1')."""
    fold = 1 if end.endswith("|1") else 0
    tracker.add(
        project,
        extra.pop("task", None),
        start=at(start, PARIS),
        end=at(end.removesuffix("|1"), PARIS, fold=fold),
        **extra,
    )


# -- midnight and DST -------------------------------------------------------------------


def test_work_across_midnight_is_split_at_local_midnight(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-12T12:00", PARIS))
    add(acme, "2026-03-10T23:30", "2026-03-11T01:00")  # a Tuesday night
    figures = insights.time_by_period(span("2026-03-10", "2026-03-11"), "day")
    assert figures.labels == ("2026-03-10", "2026-03-11")
    assert series_of(figures) == {"Acme": (1800, 3600)}
    grid = insights.peak_hours(span("2026-03-10", "2026-03-11")).seconds
    assert grid[TUE][23] == 1800
    assert grid[WED][0] == 3600
    assert sum(map(sum, grid)) == 5400


def test_the_spring_change_day_has_23_hours(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-04-01T12:00", PARIS))
    Timer(acme).set_setting("entry.max", "72h")  # one entry over three days
    add(acme, "2026-03-28T22:00", "2026-03-30T02:00")  # all of Sunday the 29th
    figures = insights.time_by_period(span("2026-03-28", "2026-03-30"), "day")
    assert series_of(figures) == {"Acme": (2 * HOUR, 23 * HOUR, 2 * HOUR)}
    sunday = insights.peak_hours(span("2026-03-29")).seconds[SUN]
    assert sunday[2] == 0  # 02:00-03:00 never happened
    assert [sunday[h] for h in range(24) if h != 2] == [HOUR] * 23


def test_an_hour_across_the_spring_change(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-04-01T12:00", PARIS))
    add(acme, "2026-03-29T01:30", "2026-03-29T03:30")  # 01:30 CET to 03:30 CEST: one hour
    assert series_of(insights.time_by_period(span("2026-03-29"), "day")) == {"Acme": (HOUR,)}
    sunday = insights.peak_hours(span("2026-03-29")).seconds[SUN]
    assert (sunday[1], sunday[2], sunday[3]) == (1800, 0, 1800)


def test_the_autumn_change_day_has_25_hours(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-10-28T12:00", PARIS))
    Timer(acme).set_setting("entry.max", "72h")  # one entry over three days
    add(acme, "2026-10-24T22:00", "2026-10-26T02:00")
    figures = insights.time_by_period(span("2026-10-24", "2026-10-26"), "day")
    assert series_of(figures) == {"Acme": (2 * HOUR, 25 * HOUR, 2 * HOUR)}
    sunday = insights.peak_hours(span("2026-10-25")).seconds[SUN]
    assert sunday[2] == 2 * HOUR  # 02:00-03:00 happened twice
    assert sum(sunday) == 25 * HOUR


def test_an_hour_across_the_autumn_change(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-10-28T12:00", PARIS))
    # 01:30 summer time to the second 02:30 (winter time): two hours.
    add(acme, "2026-10-25T01:30", "2026-10-25T02:30|1")
    assert series_of(insights.time_by_period(span("2026-10-25"), "day")) == {"Acme": (7200,)}
    sunday = insights.peak_hours(span("2026-10-25")).seconds[SUN]
    assert (sunday[1], sunday[2], sunday[3]) == (1800, 5400, 0)


def test_weeks_and_months_are_local(acme: Tracker, insights: Insights, clock: FakeClock) -> None:
    clock.set(at("2026-04-10T12:00", PARIS))
    add(acme, "2026-03-31T23:00", "2026-04-01T01:00")  # across a month end (a Tuesday)
    add(acme, "2026-04-05T23:30", "2026-04-06T00:30")  # across a week end (Sunday night)
    months = insights.time_by_period(span("2026-03-01", "2026-04-30"), "month")
    assert months.labels == ("2026-03", "2026-04")
    assert series_of(months) == {"Acme": (3600, 3600 + 3600)}
    weeks = insights.time_by_period(span("2026-03-30", "2026-04-12"), "week")
    assert weeks.labels == ("2026-W14", "2026-W15")
    assert series_of(weeks) == {"Acme": (3600 + 3600 + 1800, 1800)}


# -- running, archived, filters -----------------------------------------------------------


def test_a_running_entry_counts_up_to_now(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-10T10:45", PARIS))
    acme.start("Acme", "Replies", at=at("2026-03-10T10:00", PARIS))
    today = span("2026-03-10")
    assert series_of(insights.time_by_period(today, "day")) == {"Acme": (2700,)}
    assert insights.peak_hours(today).seconds[TUE][10] == 2700
    clock.advance(61)
    assert series_of(insights.time_by_period(today, "day")) == {"Acme": (2761,)}
    assert insights.peak_hours(today).seconds[TUE][10] == 2761
    assert insights.roi(today)[0].figures.seconds == 2761


def test_the_axis_stops_today(acme: Tracker, insights: Insights, clock: FakeClock) -> None:
    clock.set(at("2026-03-10T10:45", PARIS))
    add(acme, "2026-03-02T09:00", "2026-03-02T10:00")
    figures = insights.time_by_period(span("2026-03-01", "2026-03-31"), "day")
    assert figures.labels[0] == "2026-03-01"
    assert figures.labels[-1] == "2026-03-10"


def test_a_range_far_into_the_future_stops_at_now(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-10T10:45", PARIS))
    add(acme, "2026-03-02T09:00", "2026-03-02T10:00")
    far = span("2026-03-01", "2099-12-31")
    figures = insights.time_by_period(far, "day")
    assert figures.labels[-1] == "2026-03-10"
    assert series_of(figures)["Acme"][1] == 3600
    assert insights.peak_hours(far).total == 3600
    assert [d.day.isoformat() for d in insights.focus_quality(far).days][-1] == "2026-03-10"


def test_an_archived_project_still_shows_in_past_ranges(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-20T12:00", PARIS))
    acme.add_project("Old client", rate="30", value="600")
    add(acme, "2026-02-10T09:00", "2026-02-10T11:00", project="Old client")
    add(acme, "2026-03-10T09:00", "2026-03-10T10:00")
    acme.edit_project("Old client", archived=True)
    february = span("2026-02-01", "2026-02-28")
    assert series_of(insights.time_by_period(february, "day"))["Old client"][9] == 7200
    (old,) = [row for row in insights.roi(february) if row.project.name == "Old client"]
    assert old.project.archived
    assert old.figures.cost_cents == 6000 and old.figures.value_cents == 60000
    march = span("2026-03-01", "2026-03-31")
    assert "Old client" not in {row.project.name for row in insights.roi(march)}
    review = insights.monthly_review(march)
    (row,) = [row for row in review.rows if row.project.name == "Old client"]
    assert (row.last.seconds, row.this.seconds) == (7200, 0)


def test_the_project_filter(acme: Tracker, insights: Insights, clock: FakeClock) -> None:
    clock.set(at("2026-03-20T12:00", PARIS))
    acme.add_project("Beta")
    add(acme, "2026-03-10T09:00", "2026-03-10T10:00")
    add(acme, "2026-03-10T10:00", "2026-03-10T10:30", project="Beta")
    beta = {p.id for p in insights.projects() if p.name == "Beta"}
    march = span("2026-03-01", "2026-03-31")
    assert set(series_of(insights.time_by_period(march, "day", frozenset(beta)))) == {"Beta"}
    grid = insights.peak_hours(march, frozenset(beta)).seconds
    assert grid[TUE][9] == 0 and grid[TUE][10] == 1800
    assert [row.project.name for row in insights.roi(march, frozenset(beta))] == ["Beta"]


def test_the_project_filter_keeps_an_entry_running_into_the_range(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-20T12:00", PARIS))
    acme.add_project("Beta")
    add(acme, "2026-03-09T23:00", "2026-03-10T01:00", project="Beta")
    add(acme, "2026-03-10T23:30", "2026-03-11T00:30")
    beta = frozenset(p.id for p in insights.projects() if p.name == "Beta")
    acme_only = frozenset(p.id for p in insights.projects() if p.name == "Acme")
    tuesday = span("2026-03-10")
    assert insights.peak_hours(tuesday, beta).seconds[TUE][0] == 3600
    assert insights.peak_hours(tuesday, beta).seconds[TUE][23] == 0
    assert insights.peak_hours(tuesday, acme_only).seconds[TUE][23] == 1800
    assert insights.peak_hours(tuesday, acme_only).seconds[TUE][0] == 0


# -- agreement with smfocus report ---------------------------------------------------------


def _report(tracker: Tracker, chosen: DateRange, by: str) -> dict[str, int]:
    assert chosen.first is not None and chosen.last is not None
    start = at(f"{chosen.first}T00:00", PARIS)
    end = at(f"{date.fromordinal(chosen.last.toordinal() + 1)}T00:00", PARIS)
    return {g.key: g.seconds for g in tracker.report(start=start, end=end, by=by).groups}


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [
        ("2026-03-01", "2026-03-31", "day"),
        ("2026-03-23", "2026-04-05", "week"),
        ("2026-01-01", "2026-12-31", "month"),
        ("2026-10-25", "2026-10-25", "day"),
    ],
)
def test_the_window_and_report_agree_to_the_second(
    acme: Tracker, insights: Insights, clock: FakeClock, first: str, last: str, period: str
) -> None:
    clock.set(at("2026-11-02T09:00", PARIS))
    acme.add_project("Beta")
    add(acme, "2026-02-28T23:00", "2026-03-01T00:45")
    add(acme, "2026-03-29T01:15", "2026-03-29T04:00", project="Beta")
    add(acme, "2026-03-31T23:59", "2026-04-01T00:01")
    add(acme, "2026-04-05T22:00", "2026-04-06T03:00")
    add(acme, "2026-10-25T01:00", "2026-10-25T02:10|1", project="Beta")
    acme.edit_project("Beta", archived=True)
    acme.start("Acme", at=at("2026-11-02T08:00", PARIS))
    chosen = span(first, last)
    figures = insights.time_by_period(chosen, period)
    per_project = {s.project.name: s.total for s in figures.series}
    assert per_project == _report(acme, chosen, "project")
    per_period: dict[str, int] = defaultdict(int)
    for series in figures.series:
        for label, seconds in zip(figures.labels, series.seconds, strict=True):
            if seconds:
                per_period[label] += seconds
    assert dict(per_period) == _report(acme, chosen, period)
    assert sum(map(sum, insights.peak_hours(chosen).seconds)) == sum(per_project.values())


# -- ROI ------------------------------------------------------------------------------------


def test_roi_by_hand(acme: Tracker, insights: Insights, clock: FakeClock) -> None:
    clock.set(at("2026-03-10T15:00", PARIS))
    acme.add_project("Own brand")  # no rate, no value
    acme.add_project("Gym", rate="50", value="120", value_per="result")
    acme.add_project("Florist", rate="40", value="900")
    add(acme, "2026-02-02T09:00", "2026-02-02T19:00")  # 10 h
    add(acme, "2026-02-03T09:00", "2026-02-03T19:00")  # 10 h
    add(acme, "2026-02-04T09:00", "2026-02-05T00:00", project="Florist")  # 15 h
    add(acme, "2026-02-05T09:00", "2026-02-05T10:00", project="Own brand")
    rows = {
        row.project.name: row.figures for row in insights.roi(span("2026-02-01", "2026-02-28"))
    }
    assert rows["Acme"].cost_cents == 90_000  # 20 h x 45
    assert rows["Acme"].value_cents == 180_000
    assert rows["Acme"].roi == pytest.approx(1.0)
    assert rows["Florist"].cost_cents == 60_000  # 15 h x 40
    assert rows["Florist"].roi == pytest.approx(0.5)
    assert (
        rows["Own brand"].roi is None and rows["Own brand"].note == "no hourly rate; no value set"
    )
    assert rows["Gym"].value_cents is None and rows["Gym"].cost_cents == 0
    assert rows["Gym"].note == "value per result: not tracked yet"
    order = [row.project.name for row in insights.roi(span("2026-02-01", "2026-02-28"))]
    assert order[:2] == ["Acme", "Florist"]  # best ROI first, then the ones without


def test_this_month_prorates_value_to_today(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-10T15:00", PARIS))
    add(acme, "2026-03-02T08:00", "2026-03-02T18:00")  # 10 h: 450.00
    (row,) = insights.roi(span("2026-03-01", "2026-03-31"))
    assert row.figures.cost_cents == 45_000
    assert row.figures.value_cents == 58_065  # 1,800.00 x 10 / 31 days
    assert row.figures.roi == pytest.approx((58_065 - 45_000) / 45_000)


# -- focus quality and estimates ------------------------------------------------------------


def _phase(store: Store, **values: Any) -> None:
    with store.engine.begin() as connection:
        user = connection.execute(text("SELECT min(id) FROM users")).scalar_one()
        defaults = {"user_id": user, "kind": "work", "duration": 1500, "work_count": 1}
        values.setdefault("ends_at", values["ended_at"])
        connection.execute(insert(pomodoro_phases).values(**{**defaults, **values}))


def test_focus_quality_with_the_real_timer(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    timer = Timer(acme)
    timer.set_setting("pomodoro.daily_goal", "3")
    clock.set(at("2026-03-10T23:45", PARIS))
    timer.start("Acme", "Replies")
    clock.advance(10 * 60)
    acme.interrupt(kind="external", note="phone")  # Tuesday 23:55
    clock.advance(5 * 60)
    timer.start("Acme", "Visuals")  # a switch during the work phase, Wednesday 00:00
    clock.advance(10 * 60)
    timer.advance()  # the pomodoro completes at 00:10 on Wednesday
    quality = insights.focus_quality(span("2026-03-10", "2026-03-11"))
    assert quality.daily_goal == 3
    assert [
        (d.day.isoformat(), d.pomodoros, d.interruptions, d.switches) for d in quality.days
    ] == [
        ("2026-03-10", 0, 1, 0),
        ("2026-03-11", 1, 0, 1),
    ]


def test_estimates_against_done_and_what_history_says(
    acme: Tracker, insights: Insights, clock: FakeClock, store: Store
) -> None:
    clock.set(at("2026-03-20T12:00", PARIS))
    acme.add_project("Beta")
    scheduling = {"category": "scheduling posts"}
    add(acme, "2026-03-02T09:00", "2026-03-02T10:40", task="Plan posts", **scheduling)
    add(acme, "2026-02-02T09:00", "2026-02-02T11:05", project="Beta", task="Queue", **scheduling)
    add(acme, "2026-02-03T09:00", "2026-02-03T09:50", project="Beta", task="Old", **scheduling)
    add(acme, "2026-03-03T09:00", "2026-03-03T09:30", task="Unestimated", category="visuals")
    acme.edit_task("Acme", "Plan posts", estimate=3)
    acme.edit_task("Beta", "Queue", estimate=4, done=True)
    acme.edit_task("Beta", "Old", done=True)
    with store.engine.connect() as connection:
        ids: dict[str, int] = dict(connection.execute(text("SELECT name, id FROM tasks")).all())

    def pomodoros(task: str, first: str, count: int, skipped: int = 0) -> None:
        for index in range(count + skipped):
            moment = at(first, PARIS) + index * 1500
            outcome = "completed" if index < count else "skipped"
            _phase(store, task_id=ids[task], started_at=moment, ended_at=moment + 1500,
                   outcome=outcome)  # fmt: skip

    pomodoros("Plan posts", "2026-03-02T09:00", 3, skipped=1)
    pomodoros("Queue", "2026-02-02T09:00", 5)
    pomodoros("Old", "2026-02-03T09:00", 1)
    figures = insights.estimates(span("2026-03-01", "2026-03-31"))
    # Only tasks with an estimate worked in March; their whole lives.
    assert [(t.task, t.estimate, t.pomodoros, t.seconds) for t in figures.tasks] == [
        ("Plan posts", 3, 3, 6000)
    ]
    (category,) = figures.categories
    assert category.category == "scheduling posts"
    assert (category.estimated_tasks, category.estimated, category.pomodoros) == (1, 3, 3)
    assert category.seconds == 6000
    # History: the finished Queue (5 pomodoros, 125 min) and Old (1, 50 min).
    assert category.finished_tasks == 2
    assert category.median_pomodoros == 3.0
    assert category.median_time_pomodoros == pytest.approx(3.5)  # of 5 and 2
    assert figures.work_seconds == 1500
    # Nothing worked in January: no task, but history still answers.
    january = insights.estimates(span("2026-01-01", "2026-01-31"))
    assert january.tasks == ()
    assert january.categories[0].median_pomodoros == 3.0


# -- monthly review and automation ------------------------------------------------------------


def test_monthly_review(acme: Tracker, insights: Insights, clock: FakeClock, store: Store) -> None:
    clock.set(at("2026-03-10T15:00", PARIS))
    add(acme, "2026-02-02T09:00", "2026-02-02T19:00")
    add(acme, "2026-03-02T09:00", "2026-03-02T14:00")
    acme_id = insights.projects()[0].id
    _phase(store, project_id=acme_id, started_at=at("2026-02-02T09:00", PARIS),
           ended_at=at("2026-02-02T09:25", PARIS), outcome="completed")  # fmt: skip
    _phase(store, project_id=acme_id, started_at=at("2026-03-02T09:00", PARIS),
           ended_at=at("2026-03-02T09:25", PARIS), outcome="completed")  # fmt: skip
    _phase(store, project_id=acme_id, started_at=at("2026-03-02T10:00", PARIS),
           ended_at=at("2026-03-02T10:25", PARIS), outcome="completed")  # fmt: skip
    review = insights.monthly_review(span("2026-03-01", "2026-03-31"))
    assert (review.this_month, review.last_month) == ("2026-03", "2026-02")
    (row,) = review.rows
    assert (row.last.seconds, row.this.seconds) == (36_000, 18_000)
    assert (row.last.pomodoros, row.this.pomodoros) == (1, 2)
    assert row.last.roi.roi == pytest.approx((180_000 - 45_000) / 45_000)
    assert row.this.roi.value_cents == 58_065  # ten days of March so far


def test_automation_hours_per_month_in_repetitive_categories(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-04-20T12:00", PARIS))
    add(acme, "2026-03-31T23:00", "2026-04-01T01:00", task="DMs", category="Replies")
    add(acme, "2026-03-10T09:00", "2026-03-10T12:00", task="Queue", category="scheduling posts")
    add(acme, "2026-03-11T09:00", "2026-03-11T15:00", task="Reels", category="visuals")
    figures = insights.automation(span("2026-03-01", "2026-04-30"))
    assert figures.months == ("2026-03", "2026-04")
    rows = {row.category: row for row in figures.rows}
    assert set(rows) == {"replies", "scheduling posts"}  # visuals are not repetitive
    assert rows["replies"].seconds == (3600, 3600)
    assert rows["scheduling posts"].seconds == (10_800, 0)
    assert [row.category for row in figures.rows] == ["scheduling posts", "replies"]
    assert rows["replies"].cost_cents == 9000 and rows["replies"].currency == "EUR"
    assert rows["scheduling posts"].per_month() == 5400


def test_automation_costs_what_has_a_rate_and_names_what_has_none(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-20T12:00", PARIS))
    acme.add_project("Own brand")  # no rate
    add(acme, "2026-03-10T09:00", "2026-03-10T11:00", task="DMs", category="replies")
    add(acme, "2026-03-11T09:00", "2026-03-11T10:00", "Own brand", task="DMs", category="Replies")
    (row,) = insights.automation(span("2026-03-01", "2026-03-31")).rows
    assert row.total == 3 * 3600
    assert (row.cost_cents, row.currency) == (9000, "EUR")  # the two hours at 45
    assert (row.unrated_seconds, row.unrated_projects) == (3600, ("Own brand",))


def test_focus_quality_knows_the_first_entry_and_estimates_ignore_case(
    acme: Tracker, insights: Insights, clock: FakeClock
) -> None:
    clock.set(at("2026-03-20T12:00", PARIS))
    add(acme, "2026-03-12T09:00", "2026-03-12T10:00", task="Plan", category="scheduling posts")
    add(acme, "2026-03-13T09:00", "2026-03-13T10:00", task="Queue", category="Scheduling Posts")
    acme.edit_task("Acme", "Plan", estimate=2)
    acme.edit_task("Acme", "Queue", estimate=3, done=True)
    quality = insights.focus_quality(span("2026-03-01", "2026-03-20"))
    assert len(quality.days) == 20 and quality.first_day == date(2026, 3, 12)
    (category,) = insights.estimates(span("2026-03-01", "2026-03-31")).categories
    assert (category.estimated_tasks, category.estimated, category.finished_tasks) == (2, 5, 1)


def test_an_empty_database_gives_empty_figures(insights: Insights) -> None:
    everything = DateRange(None, None)
    assert insights.time_by_period(everything, "month").series == ()
    assert insights.roi(everything) == ()
    assert insights.peak_hours(everything).total == 0
    assert insights.focus_quality(everything).days == ()
    assert insights.estimates(everything).tasks == ()
    assert insights.monthly_review(everything).rows == ()
    assert insights.automation(everything).rows == ()


# -- a count done minute by minute ---------------------------------------------------------------


ZONES = ("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata")
BASES = (utc("2026-03-28T12:00"), utc("2026-10-24T12:00"), utc("2026-10-03T06:00"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int, int]]:
    store = open_store(Path(tmp_path_factory.mktemp("hypothesis")))
    tracker = Tracker(store, FakeClock(utc("2027-01-01T00:00")), PARIS, user="tester")
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    tracker.add("Acme", None, start=utc("2020-01-01T00:00"), end=utc("2020-01-01T00:01"))
    with store.engine.connect() as connection:
        user = connection.execute(text("SELECT id FROM users")).scalar_one()
        acme_id = connection.execute(
            text("SELECT id FROM projects WHERE name = 'Acme'")
        ).scalar_one()
    yield store, int(user), int(acme_id)
    store.dispose()


def _minutes(start: int, end: int, tz: tzinfo) -> Iterator[datetime]:
    for moment in range(start, end, 60):
        yield datetime.fromtimestamp(moment, tz)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone=st.sampled_from(ZONES),
    base=st.sampled_from(BASES),
    pieces=st.lists(
        st.tuples(st.integers(0, 240), st.integers(1, 600), st.booleans()), min_size=1, max_size=8
    ),
    running=st.booleans(),
    window=st.tuples(st.integers(0, 3000), st.integers(1, 3000)),
    only_acme=st.booleans(),
)
def test_peak_hours_and_days_match_a_minute_by_minute_count(
    scratch: tuple[Store, int, int],
    zone: str,
    base: int,
    pieces: list[tuple[int, int, bool]],
    running: bool,
    window: tuple[int, int],
    only_acme: bool,
) -> None:
    store, user, acme_id = scratch
    tz = ZoneInfo(zone)
    rows = []
    cursor = base
    for gap, length, is_acme in pieces:
        start = cursor + gap * 60
        rows.append((start, start + length * 60, acme_id if is_acme else acme_id + 1))
        cursor = start + length * 60
    now = cursor + 600
    with store.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM time_entries WHERE started_at > :t"), {"t": utc("2021-01-01T00:00")}
        )
        for index, (start, end, project) in enumerate(rows):
            last = index == len(rows) - 1
            connection.execute(
                text(
                    "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
                    "VALUES (:u, :p, :s, :e, 'test')"
                ),
                {"u": user, "p": project, "s": start, "e": None if (running and last) else end},
            )
    ends = {
        start: (now if running and index == len(rows) - 1 else end)
        for index, (start, end, _) in enumerate(rows)
    }
    w_start = base + window[0] * 60
    w_end = w_start + window[1] * 60
    frame = reports.Window(user, w_start, w_end, now)
    project_ids = frozenset({acme_id}) if only_acme else None
    expected = [[0] * 24 for _ in range(7)]
    by_day: dict[str, int] = defaultdict(int)
    for start, _, project in rows:
        if only_acme and project != acme_id:
            continue
        for minute in _minutes(max(start, w_start), min(ends[start], w_end), tz):
            expected[minute.weekday()][minute.hour] += 60
            by_day[periods.label(minute.date(), "day")] += 60
    with store.readonly_engine.connect() as connection:
        grid = analytics.peak_hours(connection, frame, tz, project_ids).seconds
        projects = analytics.project_infos(connection, user)
        days = analytics.time_by_period(connection, frame, tz, "day", projects, project_ids)
    assert [list(row) for row in grid] == expected
    got_days: dict[str, int] = defaultdict(int)
    for series in days.series:
        for label, seconds in zip(days.labels, series.seconds, strict=True):
            if seconds:
                got_days[label] += seconds
    assert dict(got_days) == dict(by_day)
