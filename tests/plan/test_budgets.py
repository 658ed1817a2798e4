"""Monthly retainers: time used against the budget, across month ends, clock
changes and rollover; the projection on a fake clock; thresholds said once."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smfocus.core import budget as rules
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.planning import PlanChange, budget_month, new_crossings, set_project_plan
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from tests.helpers import at

H = 3600


def _retainer(tracker: Tracker, clock: FakeClock, tz: ZoneInfo, text: str, **kw: object) -> None:
    clock.set(at("2026-08-01T08:00", tz))  # created long before the months under test
    tracker.add_project("Bloom", rate="45", client="Bloom Florist")
    set_project_plan(tracker, "Bloom", PlanChange(budget=rules.parse_budget(text), **kw))  # type: ignore[arg-type]


def test_an_entry_across_a_month_end_counts_in_each_month_to_the_second(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _retainer(tracker, clock, tz, "20h/month")
    clock.set(at("2026-12-15T12:00", tz))
    tracker.add("Bloom", None, start=at("2026-11-30T22:00", tz), end=at("2026-12-01T01:30", tz))
    november = budget_month(tracker, 2026, 11).items[0]
    december = budget_month(tracker, 2026, 12).items[0]
    assert (november.used_seconds, december.used_seconds) == (2 * H, 90 * 60)
    assert november.remaining_seconds == 18 * H
    assert november.projected_seconds == november.used_seconds  # the month is over


def test_the_projection_follows_the_pace_of_a_month_with_a_clock_change(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _retainer(tracker, clock, tz, "40h/month")
    # October 2026 in Paris lasts 31 days and one hour (clocks go back on the 25th).
    clock.set(at("2026-10-11T00:00", tz))  # ten days in, before the change
    tracker.add("Bloom", None, start=at("2026-10-05T09:00", tz), end=at("2026-10-05T19:00", tz))
    item = budget_month(tracker, 2026, 10).items[0]
    month = at("2026-11-01T00:00", tz) - at("2026-10-01T00:00", tz)
    assert month == 31 * 24 * H + H
    assert item.projected_seconds == 10 * H * month // (10 * 24 * H)
    assert item.projected_seconds > 31 * H  # the extra hour counts, at this pace


def test_rollover_carries_last_months_unused_hours_one_month_deep(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _retainer(tracker, clock, tz, "20h/month", rollover=True)
    clock.set(at("2026-11-10T12:00", tz))
    tracker.add("Bloom", None, start=at("2026-10-02T09:00", tz), end=at("2026-10-02T14:00", tz))
    november = budget_month(tracker, 2026, 11).items[0]
    assert (november.rollover_seconds, november.budget_seconds) == (15 * H, 35 * H)
    # September was all unused too, but only October's hours reach November.
    october = budget_month(tracker, 2026, 10).items[0]
    assert october.budget_seconds == 40 * H
    set_project_plan(tracker, "Bloom", PlanChange(rollover=False))
    assert budget_month(tracker, 2026, 11).items[0].budget_seconds == 20 * H


def test_a_retainer_created_this_month_carries_nothing_over(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-11-03T08:00", tz))
    tracker.add_project("New")
    set_project_plan(
        tracker, "New", PlanChange(budget=rules.parse_budget("10h/month"), rollover=True)
    )
    assert budget_month(tracker, 2026, 11).items[0].budget_seconds == 10 * H


def test_a_money_budget_becomes_hours_at_the_rate_and_gives_the_effective_rate(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _retainer(tracker, clock, tz, "900EUR/month")
    clock.set(at("2026-11-20T12:00", tz))
    tracker.add("Bloom", None, start=at("2026-11-02T09:00", tz), end=at("2026-11-02T21:00", tz))
    item = budget_month(tracker, 2026, 11).items[0]
    assert item.budget_seconds == 20 * H  # 900 EUR at 45 EUR/h
    assert item.used_cents == 12 * 4500
    assert item.effective_rate_cents == 7500  # 900 EUR over 12 hours


def test_a_budget_in_another_currency_is_refused_and_nothing_changes(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _retainer(tracker, clock, tz, "20h/month")
    with pytest.raises(UserError, match="billed in EUR"):
        set_project_plan(tracker, "Bloom", PlanChange(budget=rules.parse_budget("900USD/month")))
    assert budget_month(tracker, 2026, 11).items[0].budget_seconds == 20 * H


@pytest.mark.parametrize(
    # € reads as EUR (French budgets are typed so); $ names too many currencies.
    "text",
    ["20", "20h", "20h/week", "-5h/month", "0h/month", "9999h/month", "20$/month"],
)
def test_a_budget_that_is_not_per_month_is_refused(text: str) -> None:
    with pytest.raises(UserError):
        rules.parse_budget(text)


@given(
    used=st.integers(0, 400 * H),
    start=st.integers(0, 10**9),
    length=st.integers(27 * 24 * H, 32 * 24 * H),
    elapsed=st.integers(1, 32 * 24 * H),
)
def test_the_projection_is_never_below_what_is_used_and_equals_it_at_month_end(
    used: int, start: int, length: int, elapsed: int
) -> None:
    now = start + elapsed
    found = rules.projected(used, start, start + length, now)
    assert found >= used if now < start + length else found == used


def test_each_threshold_is_announced_once_even_after_a_restart(
    store: Store, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _retainer(tracker, clock, tz, "10h/month")
    clock.set(at("2026-11-20T20:00", tz))
    tracker.add("Bloom", None, start=at("2026-11-02T09:00", tz), end=at("2026-11-02T17:00", tz))
    first = new_crossings(tracker)
    assert [(c.client, c.threshold) for c in first] == [("Bloom Florist", 80)]
    assert new_crossings(tracker) == []
    tracker.add("Bloom", None, start=at("2026-11-03T09:00", tz), end=at("2026-11-03T12:00", tz))
    again = Tracker(store, clock, tz, user="tester")  # a restarted app
    assert [c.threshold for c in new_crossings(again)] == [100]
    assert new_crossings(again) == []
