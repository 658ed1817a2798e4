"""Time that must never be lost or invented: no silent replace, ids never reused,
a clock that is wrong or jumps back, nothing stored in the future, absurd lengths,
archived projects and unknown tasks."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus import cli_words
from smfocus.core.clock import FakeClock
from smfocus.errors import ConflictError, NotFoundError, UserError
from smfocus.importing import NewEntry, import_entries
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import db_file, invariant_violations, raw_query, run_main

HOUR = 3600


@pytest.fixture
def two(tracker: Tracker) -> Tracker:
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    return tracker


@pytest.fixture
def mine(store: Any, clock: FakeClock, tz: ZoneInfo) -> Tracker:
    """The user the CLI runs as (the OS user), on the same file."""
    tracker = Tracker(store, clock, tz)
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    return tracker


def _count(db: Path | str, table: str) -> int:
    return int(raw_query(db, f"SELECT count(*) FROM {table}")[0][0])


# -- 1. never delete work silently; ids are never reused ------------------------------


def test_a_start_at_the_second_a_long_entry_began_is_refused_and_keeps_it(
    two: Tracker, clock: FakeClock, data_dir: Path, raw_db: Path | str
) -> None:
    began = clock.now() - 3 * HOUR
    two.start("Acme", "Work", at=began)
    two.interrupt(kind="external", note="call")
    with pytest.raises(ConflictError, match=r"Entry #1 \(Acme / Work\) has been running since"):
        two.start("Beta", at=began)
    running = two.status().running
    assert running is not None and (running.id, running.project) == (1, "Acme")
    assert _count(raw_db, "interruptions") == 1
    with pytest.raises(UserError, match="the stop time must come after that"):
        two.stop(at=began)
    assert two.status().running is not None


def test_a_switch_within_the_current_second_removes_the_first_and_says_so(
    two: Tracker, clock: FakeClock
) -> None:
    first = two.start("Acme", "Work").started
    result = two.start("Beta")
    assert result.discarded is not None and result.discarded.id == first.id
    assert result.stopped is None
    assert result.started.id == first.id + 1  # the removed id is not handed out again
    assert [entry.project for entry in two.log()] == ["Beta"]


def test_the_cli_refuses_the_replace_in_one_line_and_keeps_the_entry(
    data_dir: Path, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    def run(*argv: str) -> Any:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    run("project", "add", "Acme")
    run("project", "add", "Beta")
    assert run("start", "Acme", "Work", "--at", "-3h").code == 0
    refused = run("start", "Beta", "--at", "-3h")
    assert refused.code == 1 and refused.out == ""
    assert len(refused.err.splitlines()) == 1 and "Acme / Work" in refused.err
    log = run("log", "--json").json()
    assert [(e["id"], e["project"], e["ended_at"]) for e in log] == [(1, "Acme", None)]


def test_ids_of_deleted_rows_are_never_given_again(two: Tracker, clock: FakeClock) -> None:
    now = clock.now()
    two.add("Acme", None, start=now - 2 * HOUR, end=now - HOUR)
    last = two.add("Acme", None, start=now - HOUR, end=now - 60)
    two.delete(last.id)
    again = two.add("Acme", None, start=now - HOUR, end=now - 60)
    assert again.id == last.id + 1
    two.add_project("Gamma")
    removed = two.projects()[-1].id
    assert two.edit_project("Gamma", new_name="Gamma2").id == removed


# -- 2. a clock that is wrong, or jumps back, never wedges the database -------------------


def test_a_pomodoro_started_an_hour_back_does_not_wedge_stop(
    two: Tracker, clock: FakeClock, data_dir: Path, raw_db: Path | str
) -> None:
    # smfocus start Acme Work; faketime -f '-1h' smfocus pomodoro start Acme Work; smfocus stop
    timer = Timer(two)
    real = clock.now()
    timer.start_tracking("Acme", "Work")
    clock.set(real - HOUR)
    timer.start("Acme", "Work")
    clock.set(real + 5)
    stopped = timer.stop_tracking()
    assert not stopped.removed and stopped.entry.ended_at == real + 5
    assert stopped.entry.started_at == real  # never ended before its start
    for action in (timer.stop_tracking, timer.cancel, timer.stop):
        with pytest.raises(UserError, match=r"(?i)nothing is running"):
            action()
    assert timer.start_tracking("Beta").started.project == "Beta"
    timer.start("Beta")
    timer.skip()
    timer.stop()
    assert invariant_violations(raw_db) == []


def test_the_catch_up_leaves_running_an_entry_that_began_after_the_phase_end(
    two: Tracker, clock: FakeClock
) -> None:
    timer = Timer(two)
    real = clock.now()
    timer.start_tracking("Acme", "Work")
    clock.set(real - HOUR)
    timer.start("Acme", "Work")
    clock.set(real + 5)
    state = timer.advance()
    [work, _] = state.transitions
    assert work.entry_kept is not None
    assert state.running is not None and state.running.started_at == real


def test_stop_now_removes_an_entry_that_starts_after_the_clock(
    mine: Tracker,
    clock: FakeClock,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    raw_db: Path | str,
) -> None:
    two = mine
    real = clock.now()
    Timer(two).start("Acme", "Work")
    clock.set(real - 2 * HOUR)  # the clock was set back two hours
    result = run_main(["stop"], capsys, data_dir=data_dir, clock=clock)
    assert result.code == 0
    assert "Removed entry #1 (Acme / Work)" in result.out
    assert "Focus stopped" in result.out
    [warning] = result.err.splitlines()
    assert warning.startswith("smfocus: the clock is 2:00:00 behind")
    assert two.status().running is None and Timer(two).state().phase is None
    assert _count(raw_db, "pomodoro_phases") == 0  # it had no past either


def test_start_and_pomodoro_commands_go_through_after_the_clock_went_back(
    two: Tracker, clock: FakeClock
) -> None:
    timer = Timer(two)
    real = clock.now()
    timer.start("Acme", "Work")
    clock.set(real - HOUR)
    result = timer.start_tracking("Beta")
    assert result.discarded is not None and result.discarded.project == "Acme"
    assert result.clock_behind == HOUR
    state = timer.start("Beta", "Next")
    assert state.clock_behind == HOUR and state.phase is not None
    timer.stop()


def test_a_clock_a_minute_behind_or_less_is_not_reported(two: Tracker, clock: FakeClock) -> None:
    real = clock.now()
    two.start("Acme")
    clock.set(real - 60)
    assert Timer(two).state().clock_behind == 0
    clock.set(real - 61)
    assert Timer(two).state().clock_behind == 61


OPS = st.one_of(
    st.tuples(st.just("start"), st.sampled_from(("Acme", "Acme", "Beta")), st.just("T")),
    st.tuples(st.just("start_at"), st.integers(-7200, 0)),
    st.tuples(st.just("stop"), st.sampled_from((None, -600))),
    st.tuples(st.just("cancel")),
    st.tuples(
        st.just("pomodoro"), st.sampled_from(("start", "pause", "resume", "skip", "stop", "break"))
    ),
    st.tuples(st.just("interrupt")),
    st.tuples(st.just("add"), st.integers(-7200, 0), st.integers(60, 3600)),
    st.tuples(st.just("clock"), st.integers(-3 * HOUR, 3 * HOUR)),
    st.tuples(st.just("auto_work"), st.booleans()),
)


@settings(
    max_examples=int(os.environ.get("SMFOCUS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(OPS, max_size=25))
def test_no_sequence_under_a_jumping_clock_blocks_stop_and_cancel(
    ops: list[tuple[Any, ...]],
) -> None:
    clock = FakeClock()
    origin = clock.now()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        try:
            tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="me")
            tracker.add_project("Acme")
            tracker.add_project("Beta")
            timer = Timer(tracker)
            for op in ops:
                _apply(timer, clock, origin, op)
            for final in (timer.stop_tracking, timer.cancel, timer.stop):
                try:
                    final()
                except UserError as error:
                    assert "nothing is running" in str(error).lower(), str(error)
            assert tracker.status().running is None
            assert timer.state().phase is None
            assert invariant_violations(db_file(Path(folder))) == []
        finally:
            store.dispose()


def _apply(timer: Timer, clock: FakeClock, origin: int, op: tuple[Any, ...]) -> None:
    tracker = timer.tracker
    kind = op[0]
    try:
        if kind == "start":
            timer.start_tracking(op[1], op[2])
        elif kind == "start_at":
            timer.start_tracking("Acme", at=clock.now() + op[1])
        elif kind == "stop":
            timer.stop_tracking(at=None if op[1] is None else clock.now() + op[1])
        elif kind == "cancel":
            timer.cancel()
        elif kind == "pomodoro":
            action = op[1]
            if action == "start":
                timer.start("Acme", "T")
            elif action == "break":
                timer.start_break()
            else:
                getattr(timer, action)()
        elif kind == "interrupt":
            tracker.interrupt(kind="external")
        elif kind == "add":
            start = clock.now() + op[1] - op[2]
            tracker.add("Beta", None, start=start, end=start + op[2])
        elif kind == "clock":
            # Jumps back and forth, within a few hours of where it began.
            clock.set(min(max(clock.now() + op[1], origin - 4 * HOUR), origin + 4 * HOUR))
        elif kind == "auto_work":
            timer.set_setting("pomodoro.auto_start_work", "on" if op[1] else "off")
    except UserError:
        pass  # refusals are fine; what matters is the way out at the end


# -- 3. nothing in the future ------------------------------------------------------------


def test_an_end_a_little_ahead_is_now_and_a_report_never_counts_the_future(
    two: Tracker, clock: FakeClock
) -> None:
    now = clock.now()
    entry = two.add("Acme", None, start=now - HOUR, end=now + 59)
    assert entry.ended_at == now
    assert two.report(start=now - 2 * HOUR, end=now + HOUR).total_seconds == HOUR
    with pytest.raises(UserError, match="is in the future"):
        two.add("Acme", None, start=now - HOUR, end=now + 61)


def test_stop_a_minute_ahead_stores_now_and_the_next_start_is_free(
    two: Tracker, clock: FakeClock
) -> None:
    now = clock.now()
    two.start("Acme", at=now - HOUR)
    assert two.stop(at=now + 60).ended_at == now
    clock.advance(1)
    assert two.start("Beta").stopped is None
    with pytest.raises(UserError, match="is in the future"):
        two.stop(at=clock.now() + 2 * 86400)


@pytest.mark.sqlite_only
def test_a_report_ignores_what_a_clock_ahead_once_stored(
    two: Tracker, clock: FakeClock, data_dir: Path
) -> None:
    now = clock.now()
    two.add("Acme", None, start=now - HOUR, end=now)
    with sqlite3.connect(db_file(data_dir)) as raw:  # written by a clock two days ahead
        raw.execute("UPDATE time_entries SET ended_at = ended_at + 172800")
    assert two.report(start=now - 2 * HOUR, end=now + 3 * 86400).total_seconds == HOUR
    assert two.report(by="day").total_seconds == HOUR


# -- 4. absurd lengths ----------------------------------------------------------------------


def test_an_entry_longer_than_entry_max_is_refused_until_the_limit_is_raised(
    two: Tracker, clock: FakeClock
) -> None:
    now = clock.now()
    with pytest.raises(UserError, match=r"longer than the limit of 24:00:00 \(entry.max\)"):
        two.add("Acme", None, start=now - 26 * HOUR, end=now - HOUR)
    entry = two.add("Acme", None, start=now - 24 * HOUR - HOUR, end=now - HOUR)
    with pytest.raises(UserError, match=r"entry\.max"):
        two.edit(entry.id, start=now - 30 * HOUR)
    Timer(two).set_setting("entry.max", "72h")
    assert Timer(two).settings().entry_max == 72 * HOUR
    two.edit(entry.id, start=now - 30 * HOUR)


def test_stopping_an_entry_left_on_for_days_asks_for_the_end(
    two: Tracker, clock: FakeClock
) -> None:
    began = clock.now()
    two.start("Acme")
    clock.advance(3 * 86400)
    with pytest.raises(UserError) as raised:
        Timer(two).stop_tracking()
    assert "smfocus stop --at TIME" in cli_words.explain(raised.value)
    with pytest.raises(UserError, match=r"entry.max"):
        two.start("Beta")
    assert Timer(two).stop_tracking(at=began + 8 * HOUR).entry.ended_at == began + 8 * HOUR


def test_imports_obey_entry_max(two: Tracker, clock: FakeClock) -> None:
    now = clock.now()
    long = NewEntry("Acme", None, now - 100 * HOUR, now - HOUR)
    with pytest.raises(UserError, match=r"entry\.max"):
        import_entries(two, [long])
    assert two.log(start=0) == []


def test_a_report_from_year_one_costs_what_the_data_costs(
    two: Tracker, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smfocus.core import periods

    now = clock.now()
    two.add("Acme", None, start=now - 3 * HOUR, end=now - HOUR)
    days: list[int] = []
    slices = periods.day_slices

    def counted(start: int, end: int, tz: Any) -> Any:
        found = list(slices(start, end, tz))
        days.append(len(found))
        return found

    monkeypatch.setattr(periods, "day_slices", counted)
    year_one = -62_135_596_800  # 0001-01-01T00:00Z
    report = two.report(start=year_one, end=now + 86400 * 365, by="day")
    assert report.total_seconds == 2 * HOUR
    assert max(days) <= 2  # the days the data covers, not two thousand years of them


# -- 5. archived projects, unknown tasks ------------------------------------------------------


def test_no_time_goes_to_an_archived_project(two: Tracker, clock: FakeClock) -> None:
    now = clock.now()
    entry = two.add("Beta", None, start=now - 2 * HOUR, end=now - HOUR)
    two.edit_project("Acme", archived=True)
    with pytest.raises(UserError, match="is archived") as started:
        two.start("Acme")
    with pytest.raises(UserError, match="is archived") as added:
        two.add("Acme", None, start=now - 3 * HOUR, end=now - 2 * HOUR)
    with pytest.raises(UserError, match="is archived") as moved:
        two.edit(entry.id, project="Acme")
    assert str(started.value) == str(added.value) == str(moved.value)


def test_task_changes_existing_tasks_only(
    mine: Tracker, data_dir: Path, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    with pytest.raises(NotFoundError, match=r"no task 'Typo' in 'Acme'") as raised:
        mine.edit_task("Acme", "Typo", done=True)
    assert "smfocus start" in cli_words.explain(raised.value)
    result = run_main(["task", "Acme", "Typo", "--done"], capsys, data_dir=data_dir, clock=clock)
    assert result.code == 1 and "There is no task 'Typo' in 'Acme'" in result.err
    assert mine.tasks("Acme") == []


# -- 6. a phase that ended but was not yet applied ----------------------------------------


def test_pomodoro_stop_applies_a_phase_that_ended_and_says_so(
    mine: Tracker, clock: FakeClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    timer = Timer(mine)
    timer.set_setting("pomodoro.auto_start_breaks", "off")
    timer.start("Acme", "Work")
    clock.advance(26 * 60)
    result = run_main(["pomodoro", "stop"], capsys, data_dir=data_dir, clock=clock)
    assert result.code == 0, result.err
    assert result.out.startswith("Focus ended at ")
    assert "The timer is stopped." in result.out
    assert timer.state().completed_today == 1


def test_resume_after_the_clock_went_back_keeps_the_phase_whole(
    two: Tracker, clock: FakeClock
) -> None:
    timer = Timer(two)
    timer.start_break()
    clock.advance(60)
    timer.pause()
    clock.advance(-HOUR)
    state = timer.resume()
    assert state.phase is not None and state.phase.remaining(clock.now()) >= 4 * 60


def test_the_note_of_an_entry_running_for_days_can_still_be_edited(
    two: Tracker, clock: FakeClock
) -> None:
    entry = two.start("Acme").started
    clock.advance(3 * 86400)
    assert two.edit(entry.id, note="forgot to stop").note == "forgot to stop"


def test_a_start_that_removes_a_future_entry_still_refuses_an_overlap(
    two: Tracker, clock: FakeClock
) -> None:
    # Found by the jumping-clock property: the entry removed for starting after
    # now was the newest, but an entry added before the clock went back still
    # reaches past the new start.
    two.start("Acme", "T")
    now = clock.now()
    two.add("Beta", None, start=now - 60, end=now)
    clock.set(now - 1)
    with pytest.raises(ConflictError, match="overlaps entry"):
        two.start("Acme", "T")
    spans = [(e.started_at, e.ended_at or now) for e in two.log(start=now - HOUR)]
    assert all(end <= following for (_, end), (following, _) in pairwise(spans))
