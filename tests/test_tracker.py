"""The use cases, driven by a FakeClock in Europe/Paris (the conftest ``tz``).

Expected times are written as local wall-clock strings and converted with the
standard library (tests.helpers.at), so a mistake in smfocus's own conversions
cannot cancel out in the expectation.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli_words
from smfocus.core.clock import FakeClock
from smfocus.errors import ConflictError, NotFoundError, UserError
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from tests.helpers import at, invariant_violations, snapshot, store_db

# A Tuesday in winter: Paris is UTC+1, far from any DST change.
DAY = "2026-02-10"


def t(clock_time: str, tz: ZoneInfo, day: str = DAY) -> int:
    return at(f"{day}T{clock_time}", tz)


@pytest.fixture
def acme(tracker: Tracker, clock: FakeClock, tz: ZoneInfo) -> Tracker:
    """A tracker at 18:00 on DAY with the projects Acme and Beta."""
    clock.set(t("18:00", tz))
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    return tracker


def _db(store: Store) -> Path | str:
    return store_db(store)


# -- start, stop, cancel, status ----------------------------------------------


def test_start_shows_in_status_with_the_elapsed_time(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    result = acme.start("Acme", "Plan posts")
    assert result.stopped is None
    assert result.started.started_at == t("18:00", tz)
    clock.advance(125)
    status = acme.status()
    assert status.running is not None
    assert status.running.id == result.started.id
    assert (status.running.project, status.running.task) == ("Acme", "Plan posts")
    assert status.running.ended_at is None
    assert status.elapsed_seconds == 125


def test_status_with_nothing_running(acme: Tracker) -> None:
    status = acme.status()
    assert status.running is None
    assert status.elapsed_seconds == 0


def test_stop_ends_the_running_entry_now(acme: Tracker, clock: FakeClock, tz: ZoneInfo) -> None:
    acme.start("Acme")
    clock.advance(600)
    stopped = acme.stop()
    assert stopped.ended_at == t("18:10", tz)
    assert stopped.seconds(0) == 600
    assert acme.status().running is None
    [entry] = acme.log()
    assert (entry.started_at, entry.ended_at) == (t("18:00", tz), t("18:10", tz))


def test_stop_at_a_past_time(acme: Tracker, clock: FakeClock, tz: ZoneInfo) -> None:
    acme.start("Acme")
    clock.advance(3600)
    stopped = acme.stop(at=t("18:45", tz))
    assert stopped.ended_at == t("18:45", tz)


def test_stop_with_nothing_running_says_so(acme: Tracker) -> None:
    with pytest.raises(UserError, match="Nothing is running"):
        acme.stop()


def test_stop_before_the_start_is_refused_and_the_entry_keeps_running(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    acme.start("Acme")
    clock.advance(600)
    with pytest.raises(UserError, match="must come after"):
        acme.stop(at=t("17:59", tz))
    assert acme.status().running is not None


def test_cancel_forgets_the_running_entry(acme: Tracker, clock: FakeClock) -> None:
    started = acme.start("Acme", "Replies").started
    clock.advance(300)
    cancelled = acme.cancel()
    assert cancelled.id == started.id
    assert acme.status().running is None
    assert acme.log() == []
    with pytest.raises(UserError, match="nothing to cancel"):
        acme.cancel()


def test_starting_another_task_ends_the_first_at_the_same_instant(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    first = acme.start("Acme", "Plan posts").started
    clock.advance(300)
    result = acme.start("Beta", "Replies")
    assert result.stopped is not None
    assert result.stopped.id == first.id
    assert result.stopped.ended_at == result.started.started_at == t("18:05", tz)
    running = acme.status().running
    assert running is not None and running.project == "Beta"
    assert [(e.project, e.ended_at) for e in acme.log()] == [
        ("Acme", t("18:05", tz)),
        ("Beta", None),
    ]


def test_switching_at_a_past_time_ends_the_first_there(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    acme.start("Acme")
    clock.advance(3600)
    result = acme.start("Beta", at=t("18:40", tz))
    assert result.stopped is not None
    assert result.stopped.ended_at == result.started.started_at == t("18:40", tz)


def test_start_at_before_the_running_start_is_refused(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo, store: Store
) -> None:
    first = acme.start("Acme").started
    clock.advance(600)
    before = snapshot(_db(store))
    with pytest.raises(ConflictError) as raised:
        acme.start("Beta", "New task", at=t("17:30", tz))
    assert f"#{first.id}" in str(raised.value)
    # Nothing half-written: the task named in the refused start was not created.
    assert snapshot(_db(store)) == before
    running = acme.status().running
    assert running is not None and running.id == first.id


def test_start_in_the_same_second_as_the_running_entry_stores_no_empty_entry(
    acme: Tracker, store: Store
) -> None:
    acme.start("Acme")
    with contextlib.suppress(UserError):  # refusing is fine too: what is stored matters
        acme.start("Beta")
    assert invariant_violations(_db(store)) == []
    running = acme.status().running
    assert running is not None


def test_start_on_an_unknown_project_is_refused_with_a_hint(acme: Tracker, store: Store) -> None:
    before = snapshot(_db(store))
    with pytest.raises(NotFoundError) as raised:
        acme.start("Acm", "Plan")
    message = str(raised.value)
    assert "no project named 'Acm'" in message
    assert "did you mean 'Acme'?" in message
    assert raised.value.fix is not None and raised.value.fix.action == "add_project"
    assert "smfocus project add" in cli_words.explain(raised.value)
    # A typo never creates a project.
    assert snapshot(_db(store)) == before


def test_start_on_an_archived_project_is_refused(acme: Tracker) -> None:
    acme.edit_project("Acme", archived=True)
    with pytest.raises(UserError, match="archived") as raised:
        acme.start("Acme")
    assert "--unarchive" in cli_words.explain(raised.value)
    assert acme.status().running is None
    acme.edit_project("Acme", archived=False)
    assert acme.start("Acme").started.project == "Acme"


@pytest.mark.parametrize("seconds_ahead", [61, 3600, 86_400])
def test_future_start_and_stop_are_refused(
    acme: Tracker, clock: FakeClock, seconds_ahead: int
) -> None:
    with pytest.raises(UserError, match="in the future"):
        acme.start("Acme", at=clock.now() + seconds_ahead)
    acme.start("Acme", at=clock.now() - 600)
    with pytest.raises(UserError, match="in the future"):
        acme.stop(at=clock.now() + seconds_ahead)
    assert acme.status().running is not None


def test_future_add_and_edit_are_refused(acme: Tracker, clock: FakeClock, tz: ZoneInfo) -> None:
    with pytest.raises(UserError, match="in the future"):
        acme.add("Acme", None, start=t("17:00", tz), end=t("19:00", tz))
    entry = acme.add("Acme", None, start=t("16:00", tz), end=t("17:00", tz))
    with pytest.raises(UserError, match="in the future"):
        acme.edit(entry.id, end=t("19:00", tz))
    assert acme.log()[0].ended_at == t("17:00", tz)


# -- past entries: add, edit, delete -----------------------------------------------


def test_add_creates_a_finished_entry_and_its_task(acme: Tracker, tz: ZoneInfo) -> None:
    entry = acme.add(
        "Acme",
        "Visuals",
        start=t("09:00", tz),
        end=t("10:30", tz),
        category="visuals",
        note="  carousel  ",
    )
    assert (entry.project, entry.task, entry.category) == ("Acme", "Visuals", "visuals")
    assert entry.seconds(0) == 5400
    assert entry.note == "carousel"
    assert acme.log() == [entry]
    [task] = acme.tasks("Acme")
    assert (task.name, task.category) == ("Visuals", "visuals")


@pytest.mark.parametrize(("start", "end"), [("10:00", "10:00"), ("10:00", "09:59")])
def test_add_with_an_end_not_after_the_start_is_refused(
    acme: Tracker, tz: ZoneInfo, start: str, end: str
) -> None:
    with pytest.raises(UserError, match="is not after the start"):
        acme.add("Acme", None, start=t(start, tz), end=t(end, tz))
    assert acme.log() == []


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("09:30", "10:30"),  # starts inside
        ("10:30", "11:30"),  # ends inside
        ("10:15", "10:45"),  # inside
        ("09:00", "12:00"),  # covers
        ("10:00", "11:00"),  # the same slot
    ],
)
def test_overlapping_entries_are_refused_naming_the_entry(
    acme: Tracker, tz: ZoneInfo, store: Store, start: str, end: str
) -> None:
    existing = acme.add("Acme", "Plan", start=t("10:00", tz), end=t("11:00", tz))
    before = snapshot(_db(store))
    with pytest.raises(ConflictError) as raised:
        acme.add("Beta", "Other", start=t(start, tz), end=t(end, tz))
    message = str(raised.value)
    assert f"overlaps entry #{existing.id} (Acme / Plan" in message
    assert "2026-02-10 10:00 to 2026-02-10 11:00" in message
    assert snapshot(_db(store)) == before


def test_touching_entries_are_allowed(acme: Tracker, tz: ZoneInfo) -> None:
    acme.add("Acme", None, start=t("10:00", tz), end=t("11:00", tz))
    acme.add("Beta", None, start=t("11:00", tz), end=t("12:00", tz))
    acme.add("Beta", None, start=t("09:00", tz), end=t("10:00", tz))
    log = acme.log()
    assert [(e.started_at, e.ended_at) for e in log] == [
        (t("09:00", tz), t("10:00", tz)),
        (t("10:00", tz), t("11:00", tz)),
        (t("11:00", tz), t("12:00", tz)),
    ]


def test_an_entry_overlapping_the_running_one_is_refused(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    running = acme.start("Acme", at=t("17:00", tz)).started
    with pytest.raises(ConflictError, match=f"#{running.id}") as raised:
        acme.add("Beta", None, start=t("17:30", tz), end=t("17:45", tz))
    assert "now (running)" in str(raised.value)
    # Ending exactly where the running entry starts is fine.
    acme.add("Beta", None, start=t("16:00", tz), end=t("17:00", tz))


def test_starting_inside_a_finished_entry_is_refused(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    done = acme.add("Acme", None, start=t("16:00", tz), end=t("17:00", tz))
    with pytest.raises(ConflictError, match=f"#{done.id}"):
        acme.start("Beta", at=t("16:30", tz))
    # Starting exactly at its end is fine.
    assert acme.start("Beta", at=t("17:00", tz)).started.started_at == t("17:00", tz)


def test_edit_moving_an_entry_into_another_ones_slot_is_refused(
    acme: Tracker, tz: ZoneInfo, store: Store
) -> None:
    first = acme.add("Acme", None, start=t("09:00", tz), end=t("10:00", tz))
    second = acme.add("Beta", None, start=t("11:00", tz), end=t("12:00", tz))
    before = snapshot(_db(store))
    with pytest.raises(ConflictError, match=f"#{first.id}"):
        acme.edit(second.id, start=t("09:30", tz))
    with pytest.raises(ConflictError, match=f"#{second.id}"):
        acme.edit(first.id, end=t("11:30", tz))
    with pytest.raises(ConflictError, match=f"#{first.id}"):
        acme.edit(second.id, start=t("08:00", tz), end=t("08:30", tz) + 3600)
    assert snapshot(_db(store)) == before
    # Into the gap, touching both neighbours, is fine.
    moved = acme.edit(second.id, start=t("10:00", tz), end=t("11:00", tz))
    assert (moved.started_at, moved.ended_at) == (t("10:00", tz), t("11:00", tz))


def test_edit_changes_project_task_and_note(acme: Tracker, tz: ZoneInfo) -> None:
    entry = acme.add("Acme", "Plan", start=t("09:00", tz), end=t("10:00", tz))
    edited = acme.edit(entry.id, project="beta", task="Replies", note="moved")
    assert (edited.project, edited.task, edited.note) == ("Beta", "Replies", "moved")
    assert (edited.started_at, edited.ended_at) == (entry.started_at, entry.ended_at)
    assert acme.log() == [edited]


def test_edit_to_an_end_not_after_the_start_is_refused(acme: Tracker, tz: ZoneInfo) -> None:
    entry = acme.add("Acme", None, start=t("09:00", tz), end=t("10:00", tz))
    with pytest.raises(UserError, match="is not after the start"):
        acme.edit(entry.id, end=t("08:00", tz))


def test_edit_of_the_running_entrys_start_is_checked_for_overlap(
    acme: Tracker, tz: ZoneInfo
) -> None:
    done = acme.add("Acme", None, start=t("15:00", tz), end=t("16:00", tz))
    running = acme.start("Beta", at=t("17:00", tz)).started
    with pytest.raises(ConflictError, match=f"#{done.id}"):
        acme.edit(running.id, start=t("15:30", tz))
    moved = acme.edit(running.id, start=t("16:00", tz))
    assert moved.started_at == t("16:00", tz) and moved.ended_at is None


def test_unknown_entries_are_not_found(acme: Tracker, store: Store, clock: FakeClock) -> None:
    with pytest.raises(NotFoundError, match="no entry #42"):
        acme.edit(42, note="x")
    with pytest.raises(NotFoundError, match="no entry #42"):
        acme.delete(42)
    # Another user's entry is as good as missing.
    other = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="someone else")
    other.add_project("Acme")
    theirs = other.start("Acme", at=clock.now() - 60).started
    with pytest.raises(NotFoundError):
        acme.delete(theirs.id)
    with pytest.raises(NotFoundError):
        acme.edit(theirs.id, note="mine now")
    assert other.status().running is not None


def test_delete_removes_the_entry(acme: Tracker, tz: ZoneInfo) -> None:
    keep = acme.add("Acme", None, start=t("08:00", tz), end=t("09:00", tz))
    gone = acme.add("Acme", None, start=t("09:00", tz), end=t("10:00", tz))
    deleted = acme.delete(gone.id)
    assert deleted.id == gone.id
    assert acme.log() == [keep]
    with pytest.raises(NotFoundError):
        acme.delete(gone.id)
    # The freed slot can be used again.
    acme.add("Beta", None, start=t("09:00", tz), end=t("10:00", tz))


# -- names --------------------------------------------------------------------------


def test_project_names_are_case_insensitive(acme: Tracker, tz: ZoneInfo) -> None:
    assert acme.start("acme").started.project == "Acme"
    for twin in ("ACME", "  acme ", "AcMe"):
        with pytest.raises(ConflictError, match="'Acme' already exists"):
            acme.add_project(twin)
    assert [p.name for p in acme.projects()] == ["Acme", "Beta"]
    assert [e.project for e in acme.log(project="ACME")] == ["Acme"]


def test_renaming_a_project_onto_another_is_refused(acme: Tracker) -> None:
    with pytest.raises(ConflictError, match="already exists"):
        acme.edit_project("Acme", new_name="beta")
    renamed = acme.edit_project("Acme", new_name="ACME Corp")
    assert renamed.name == "ACME Corp"
    assert acme.start("acme corp").started.project == "ACME Corp"


def test_tasks_are_created_on_first_use_with_their_category(
    acme: Tracker, clock: FakeClock
) -> None:
    acme.start("Acme", "Replies", category="replies", at=clock.now() - 600)
    acme.start("Acme", "REPLIES", at=clock.now() - 300)  # the same task
    acme.start("Acme", "Plan posts", category="scheduling")
    tasks = acme.tasks("Acme")
    assert [(task.name, task.category) for task in tasks] == [
        ("Plan posts", "scheduling"),
        ("Replies", "replies"),
    ]
    assert acme.tasks("Beta") == []


def test_a_category_without_a_task_is_refused(acme: Tracker) -> None:
    with pytest.raises(UserError, match="name the task too"):
        acme.start("Acme", category="replies")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 500, "bad\x00name"])
def test_bad_project_names_are_refused(acme: Tracker, bad: str) -> None:
    with pytest.raises(UserError):
        acme.add_project(bad)
    with pytest.raises(UserError):
        acme.start("Acme", bad)
    assert [p.name for p in acme.projects()] == ["Acme", "Beta"]
    assert acme.tasks() == []


def test_project_settings_are_validated_and_kept(acme: Tracker) -> None:
    project = acme.add_project(
        "Gamma", rate="45.50", currency="usd", value="2,000", value_per="month", priority="high"
    )
    assert (project.rate_cents, project.currency, project.value_cents) == (4550, "USD", 200_000)
    assert (project.value_per, project.priority, project.archived) == ("month", 2, False)
    with pytest.raises(UserError, match="not a number"):
        acme.add_project("Delta", rate="lots")
    assert "Delta" not in [p.name for p in acme.projects()]


def test_users_do_not_see_each_others_work(acme: Tracker, store: Store, clock: FakeClock) -> None:
    acme.start("Acme", at=clock.now() - 600)
    other = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="other")
    assert other.status().running is None
    assert other.log() == []
    assert other.report().groups == ()
    with pytest.raises(NotFoundError):
        other.start("Acme")


# -- log ----------------------------------------------------------------------------


@pytest.fixture
def three(acme: Tracker, tz: ZoneInfo) -> list[int]:
    """Entries 09:00-10:00 (Acme), 10:00-11:00 (Beta), 12:00-13:00 (Acme)."""
    return [
        acme.add("Acme", None, start=t("09:00", tz), end=t("10:00", tz)).id,
        acme.add("Beta", None, start=t("10:00", tz), end=t("11:00", tz)).id,
        acme.add("Acme", None, start=t("12:00", tz), end=t("13:00", tz)).id,
    ]


def test_log_includes_an_entry_straddling_the_range_start(
    acme: Tracker, three: list[int], tz: ZoneInfo
) -> None:
    ids = [e.id for e in acme.log(start=t("09:30", tz), end=t("12:00", tz))]
    # The first entry straddles 09:30; the third starts at the exclusive end.
    assert ids == three[:2]


def test_log_leaves_out_an_entry_that_ends_at_the_range_start(
    acme: Tracker, three: list[int], tz: ZoneInfo
) -> None:
    assert [e.id for e in acme.log(start=t("10:00", tz))] == three[1:]
    assert [e.id for e in acme.log(end=t("10:00", tz))] == three[:1]
    assert [e.id for e in acme.log(start=t("11:00", tz), end=t("12:00", tz))] == []


def test_log_filters_by_project_and_knows_unknown_ones(
    acme: Tracker, three: list[int], tz: ZoneInfo
) -> None:
    assert [e.id for e in acme.log(project="acme")] == [three[0], three[2]]
    with pytest.raises(NotFoundError):
        acme.log(project="Nope")


def test_log_includes_the_running_entry(acme: Tracker, three: list[int], tz: ZoneInfo) -> None:
    running = acme.start("Beta", at=t("17:00", tz)).started
    assert acme.log(start=t("17:30", tz))[-1].id == running.id
    assert acme.log(start=t("17:30", tz))[-1].ended_at is None


# -- reports ------------------------------------------------------------------------


def test_report_by_project_task_and_category(acme: Tracker, tz: ZoneInfo) -> None:
    acme.add("Acme", "Plan", category="scheduling", start=t("09:00", tz), end=t("10:00", tz))
    acme.add("Acme", "Replies", category="replies", start=t("10:00", tz), end=t("10:30", tz))
    acme.add("Beta", "Posts", category="scheduling", start=t("11:00", tz), end=t("13:00", tz))
    acme.add("Beta", None, start=t("14:00", tz), end=t("14:15", tz))
    start, end = t("00:00", tz), t("18:00", tz)

    def groups(by: str) -> list[tuple[str, int]]:
        report = acme.report(start=start, end=end, by=by)
        assert report.total_seconds == 3600 + 1800 + 7200 + 900
        return [(g.key, g.seconds) for g in report.groups]

    # Biggest first.
    assert groups("project") == [("Beta", 8100), ("Acme", 5400)]
    assert groups("task") == [
        ("Beta / Posts", 7200),
        ("Acme / Plan", 3600),
        ("Acme / Replies", 1800),
        ("(no task)", 900),
    ]
    assert groups("category") == [
        ("scheduling", 10_800),
        ("replies", 1800),
        ("(no category)", 900),
    ]


def test_report_by_day_week_and_month(acme: Tracker, clock: FakeClock, tz: ZoneInfo) -> None:
    clock.set(t("12:00", tz, day="2026-03-10"))
    acme.add("Acme", None, start=t("09:00", tz, "2026-02-27"), end=t("10:00", tz, "2026-02-27"))
    acme.add("Acme", None, start=t("09:00", tz, "2026-03-02"), end=t("11:00", tz, "2026-03-02"))
    acme.add("Beta", None, start=t("09:00", tz, "2026-03-03"), end=t("09:30", tz, "2026-03-03"))
    span = {"start": t("00:00", tz, "2026-02-01"), "end": t("00:00", tz, "2026-04-01")}

    def groups(by: str) -> list[tuple[str, int]]:
        return [(g.key, g.seconds) for g in acme.report(by=by, **span).groups]

    # Periods come in calendar order.
    assert groups("day") == [("2026-02-27", 3600), ("2026-03-02", 7200), ("2026-03-03", 1800)]
    assert groups("week") == [("2026-W09", 3600), ("2026-W10", 9000)]
    assert groups("month") == [("2026-02", 3600), ("2026-03", 9000)]


def test_report_clips_entries_to_the_range(acme: Tracker, tz: ZoneInfo) -> None:
    acme.add("Acme", None, start=t("09:00", tz), end=t("11:00", tz))
    acme.add("Beta", None, start=t("11:00", tz), end=t("12:00", tz))
    acme.add("Acme", None, start=t("13:00", tz), end=t("15:00", tz))
    report = acme.report(start=t("10:00", tz), end=t("14:00", tz))
    # Acme: 10:00-11:00 and 13:00-14:00; Beta: all of its hour.
    assert [(g.key, g.seconds) for g in report.groups] == [("Acme", 7200), ("Beta", 3600)]
    assert report.total_seconds == 10_800
    assert (report.start, report.end) == (t("10:00", tz), t("14:00", tz))


def test_report_defaults_to_the_first_entry_until_now(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    acme.add("Acme", None, start=t("09:00", tz), end=t("10:00", tz))
    report = acme.report()
    assert (report.start, report.end) == (t("09:00", tz), clock.now())
    assert report.total_seconds == 3600


def test_a_running_entry_counts_up_to_now(acme: Tracker, clock: FakeClock, tz: ZoneInfo) -> None:
    acme.start("Acme", at=t("17:00", tz))
    assert acme.report(by="project").total_seconds == 3600
    clock.advance(900)
    assert acme.report(by="project").total_seconds == 4500
    # A range ending before now clips the running entry to the range.
    clipped = acme.report(start=t("17:30", tz), end=t("18:00", tz), by="day")
    assert [(g.key, g.seconds) for g in clipped.groups] == [("2026-02-10", 1800)]


def test_work_crossing_midnight_is_split_at_local_midnight(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(t("12:00", tz, day="2026-02-12"))
    acme.add("Acme", None, start=t("23:00", tz), end=t("01:30", tz, day="2026-02-11"))
    report = acme.report(start=t("00:00", tz), end=t("00:00", tz, day="2026-02-12"), by="day")
    assert [(g.key, g.seconds) for g in report.groups] == [
        ("2026-02-10", 3600),
        ("2026-02-11", 5400),
    ]
    # Midnight in Paris is 23:00 UTC: a UTC split would have given 0 and 9000.


def test_a_running_entry_crossing_midnight_is_split_too(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(t("02:00", tz, day="2026-02-11"))
    acme.start("Acme", at=t("22:00", tz))
    report = acme.report(by="day")
    assert [(g.key, g.seconds) for g in report.groups] == [
        ("2026-02-10", 7200),
        ("2026-02-11", 7200),
    ]


def test_report_totals_equal_the_sum_of_clipped_entry_seconds(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(t("12:00", tz, day="2026-02-20"))
    spans = [
        ("2026-02-10T08:00", "2026-02-10T09:15"),
        ("2026-02-10T22:30", "2026-02-11T03:00"),
        ("2026-02-12T10:00", "2026-02-12T10:01"),
        ("2026-02-15T23:59", "2026-02-16T00:01"),
    ]
    for index, (start, end) in enumerate(spans):
        acme.add("Acme" if index % 2 else "Beta", None, start=at(start, tz), end=at(end, tz))
    running_start = at("2026-02-20T11:00", tz)
    acme.start("Acme", at=running_start)
    windows = [
        ("2026-02-10T08:30", "2026-02-10T23:00"),
        ("2026-02-11T00:00", "2026-02-16T00:00"),
        ("2026-02-01T00:00", "2026-03-01T00:00"),
        ("2026-02-20T11:30", "2026-02-20T11:45"),
    ]
    intervals = [(at(s, tz), at(e, tz)) for s, e in spans] + [(running_start, clock.now())]
    for lo_text, hi_text in windows:
        lo, hi = at(lo_text, tz), at(hi_text, tz)
        expected = sum(max(0, min(e, hi) - max(s, lo)) for s, e in intervals)
        for by in ("project", "task", "category", "day", "week", "month"):
            report = acme.report(start=lo, end=hi, by=by)
            assert report.total_seconds == expected, (lo_text, hi_text, by)


def test_report_of_an_empty_range_or_an_unknown_grouping(acme: Tracker, tz: ZoneInfo) -> None:
    acme.add("Acme", None, start=t("09:00", tz), end=t("10:00", tz))
    assert acme.report(start=t("11:00", tz), end=t("12:00", tz)).groups == ()
    with pytest.raises(UserError, match="not after its start"):
        acme.report(start=t("12:00", tz), end=t("11:00", tz))
    with pytest.raises(UserError, match="not after its start"):
        acme.log(start=t("12:00", tz), end=t("12:00", tz))
    with pytest.raises(UserError, match="Cannot group by 'hour'"):
        acme.report(by="hour")


def test_report_day_labels_follow_a_zone_whose_clocks_change_at_midnight(
    store: Store, clock: FakeClock
) -> None:
    # Santiago falls back from 24:00 to 23:00 on 4 April 2026. Work from 23:00 to
    # 23:30 in the repeated hour belongs to 4 April, whatever the report's start.
    santiago = ZoneInfo("America/Santiago")
    clock.set(at("2026-06-01T00:00", santiago))
    tracker = Tracker(store, clock, santiago, user="tester")
    tracker.add_project("P")
    start = at("2026-04-04T23:00", santiago, fold=1)
    tracker.add("P", None, start=start, end=start + 1800)
    for first_day in ("2026-04-01", "2026-04-03", "2026-04-04"):
        report = tracker.report(start=at(f"{first_day}T00:00", santiago), end=start + 86_400)
        by_day = tracker.report(start=report.start, end=report.end, by="day")
        assert [(g.key, g.seconds) for g in by_day.groups] == [("2026-04-04", 1800)], first_day


def test_interruptions_belong_to_the_running_entry(
    acme: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    with pytest.raises(UserError, match="Nothing is running"):
        acme.interrupt()
    entry = acme.start("Acme", at=t("17:00", tz)).started
    row = acme.interrupt(kind="external", note="phone", at=t("17:30", tz))
    assert (row.entry_id, row.at, row.kind, row.note) == (
        entry.id,
        t("17:30", tz),
        "external",
        "phone",
    )
    with pytest.raises(UserError, match="inside the running entry"):
        acme.interrupt(at=t("16:00", tz))
    with pytest.raises(UserError, match="not a kind"):
        acme.interrupt(kind="boss")


def test_every_use_case_leaves_the_invariants_true(acme: Tracker, store: Store) -> None:
    # A sanity check of the checker itself on a busy table.
    clock_now = acme.clock.now()
    acme.add("Acme", None, start=clock_now - 7200, end=clock_now - 3600)
    acme.start("Beta", at=clock_now - 1800)
    acme.start("Acme", at=clock_now - 900)
    acme.stop()
    assert invariant_violations(_db(store)) == []


@pytest.mark.parametrize("by", ["project", "day"])
def test_a_running_entry_started_slightly_ahead_of_now_never_counts_negative(
    acme: Tracker, clock: FakeClock, by: str
) -> None:
    # Starts up to a minute ahead are accepted (two machines' clocks differ a
    # little) and taken as now: nothing is stored in the future.
    now = clock.now()
    acme.add("Beta", None, start=now - 7200, end=now - 3600)
    assert acme.start("Acme", at=now + 30).started.started_at == now
    report = acme.report(start=now - 7200, end=now + 3600, by=by)
    assert [g.seconds for g in report.groups] == [3600]
    assert acme.status().elapsed_seconds == 0
    clock.advance(90)
    report = acme.report(start=now - 7200, end=now + 3600, by="project")
    assert [(g.key, g.seconds) for g in report.groups] == [("Beta", 3600), ("Acme", 90)]


def test_an_estimate_of_zero_clears_it(tracker: Tracker, clock: FakeClock) -> None:
    tracker.add_project("Acme")
    tracker.add("Acme", "Plan posts", start=clock.now() - 60, end=clock.now())
    assert tracker.edit_task("Acme", "Plan posts", estimate=3).estimate_pomodoros == 3
    assert tracker.edit_task("Acme", "Plan posts", estimate=0).estimate_pomodoros is None
    # Leaving it out leaves it alone.
    tracker.edit_task("Acme", "Plan posts", estimate=2)
    assert tracker.edit_task("Acme", "Plan posts", done=True).estimate_pomodoros == 2


def test_add_task_adds_and_refuses_a_name_taken_in_the_project(tracker: Tracker) -> None:
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    added = tracker.add_task("Acme", "Plan posts", "scheduling posts", estimate=3)
    assert (added.project, added.name, added.category) == (
        "Acme",
        "Plan posts",
        "scheduling posts",
    )
    assert added.estimate_pomodoros == 3 and not added.done
    with pytest.raises(ConflictError, match="'Acme' already has a task named 'Plan posts'"):
        tracker.add_task("Acme", "PLAN POSTS")
    assert tracker.add_task("Beta", "Plan posts").project == "Beta"  # another project's name
    with pytest.raises(NotFoundError):
        tracker.add_task("Gamma", "Plan posts")


def test_edit_task_never_creates_a_task(tracker: Tracker) -> None:
    tracker.add_project("Acme")
    with pytest.raises(NotFoundError, match="no task 'Typo' in 'Acme'"):
        tracker.edit_task("Acme", "Typo", category="replies")
    assert tracker.tasks("Acme") == []


def test_report_by_category_ignores_case(acme: Tracker, tz: ZoneInfo) -> None:
    acme.add("Acme", "Plan", category="scheduling posts", start=t("09:00", tz), end=t("10:00", tz))
    acme.add(
        "Beta", "Posts", category="Scheduling Posts", start=t("11:00", tz), end=t("11:30", tz)
    )
    acme.add("Beta", "Replies", category="replies", start=t("12:00", tz), end=t("12:10", tz))
    report = acme.report(start=t("00:00", tz), end=t("18:00", tz), by="category")
    # One group, named as it is mostly spelled.
    assert [(g.key, g.seconds) for g in report.groups] == [
        ("scheduling posts", 5400),
        ("replies", 600),
    ]


def test_editing_an_entry_onto_a_new_task_keeps_its_category(acme: Tracker, tz: ZoneInfo) -> None:
    entry = acme.add(
        "Acme", "Plan", category="scheduling", start=t("09:00", tz), end=t("10:00", tz)
    )
    acme.add("Acme", "Replies", category="replies", start=t("10:00", tz), end=t("10:30", tz))
    acme.edit(entry.id, task="Plan next week")
    acme.edit(entry.id, task="Replies")  # an existing task keeps its own category
    categories = {task.name: task.category for task in acme.tasks("Acme")}
    assert categories == {
        "Plan": "scheduling",
        "Plan next week": "scheduling",
        "Replies": "replies",
    }
    assert acme.entry(entry.id).category == "replies"


def test_times_past_2038_and_rates_past_21_million_are_kept(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    # PostgreSQL's integer ends at 2**31 - 1: 19 January 2038 in seconds, 21 million
    # in cents. Both engines must keep what the app accepts.
    clock.set(at("2040-06-01T12:00", tz))
    project = tracker.add_project("Acme", rate="50000000", currency="EUR")
    assert project.rate_cents == 5_000_000_000
    entry = tracker.add(
        "Acme", "Replies", start=at("2040-06-01T09:00", tz), end=at("2040-06-01T10:30", tz)
    )
    assert entry.started_at == at("2040-06-01T09:00", tz) > 2**31
    tracker.start("Acme", "Posts")
    running = tracker.status().running
    assert running is not None and running.started_at == clock.now()
    listed = tracker.log(start=at("2040-06-01T00:00", tz), end=clock.now())
    assert (listed[0].started_at, listed[0].ended_at) == (
        at("2040-06-01T09:00", tz),
        at("2040-06-01T10:30", tz),
    )
