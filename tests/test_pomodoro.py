"""The timer's use cases on a fake clock: the cycle, pause, skip, switch, sleep, catch-up."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus.core.clock import FakeClock
from smfocus.core.focus import Kind, Outcome
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from tests.helpers import raw_query, store_db

MIN = 60


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    return Timer(tracker)


def entries(tracker: Tracker) -> list[tuple[str | None, int, int | None]]:
    return [(e.task, e.started_at, e.ended_at) for e in tracker.log()]


def test_a_work_phase_tracks_its_task_and_counts_down_by_the_wall_clock(
    timer: Timer, clock: FakeClock
) -> None:
    state = timer.start("Acme", "Replies")
    assert state.phase is not None and state.phase.kind is Kind.WORK
    assert state.remaining == 25 * MIN
    assert state.running is not None and state.running.task == "Replies"
    clock.advance(7 * MIN + 13)
    # No tick was counted: the state is computed from the clock alone.
    assert timer.state().remaining == 25 * MIN - (7 * MIN + 13)


def test_work_ends_at_its_second_then_a_break_starts_and_tracking_stops(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    start = clock.now()
    timer.start("Acme", "Replies")
    clock.advance(25 * MIN + 40)  # the app looked 40 s late
    state = timer.advance()
    assert [(t.ended.kind, t.outcome) for t in state.transitions] == [
        (Kind.WORK, Outcome.COMPLETED)
    ]
    assert state.phase is not None and state.phase.kind is Kind.SHORT_BREAK
    assert state.phase.started_at == start + 25 * MIN  # not when it was noticed
    assert state.running is None
    assert entries(tracker) == [("Replies", start, start + 25 * MIN)]
    assert state.completed_today == 1


def test_advance_is_idempotent(timer: Timer, clock: FakeClock) -> None:
    timer.start("Acme", "Replies")
    clock.advance(26 * MIN)
    first = timer.advance()
    second = timer.advance()
    assert len(first.transitions) == 1
    assert second.transitions == ()
    assert second.phase == first.phase


def test_every_fourth_pomodoro_is_followed_by_a_long_break(timer: Timer, clock: FakeClock) -> None:
    kinds = []
    timer.start("Acme", "Replies")
    for _ in range(8):
        clock.advance(25 * MIN)
        state = timer.advance()
        assert state.phase is not None
        kinds.append(state.phase.kind)
        clock.advance(state.phase.duration)
        state = timer.advance()
        assert state.phase is None  # auto-start of work is off by default
        timer.start()
    assert kinds == [Kind.SHORT_BREAK] * 3 + [Kind.LONG_BREAK] + [Kind.SHORT_BREAK] * 3 + [
        Kind.LONG_BREAK
    ]
    assert timer.state().completed_today == 8


def test_settings_change_the_rhythm_and_auto_start_chains_phases(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    timer.set_setting("pomodoro.work", "50m")
    timer.set_setting("pomodoro.short_break", "10m")
    timer.set_setting("pomodoro.long_break_every", "2")
    timer.set_setting("pomodoro.auto_start_work", "on")
    start = clock.now()
    timer.start("Acme", "Visuals")
    # Two whole cycles pass with nobody looking: each phase at its own second.
    clock.advance(50 * MIN + 10 * MIN + 50 * MIN + 5)
    state = timer.advance()
    assert [t.ended.kind for t in state.transitions] == [Kind.WORK, Kind.SHORT_BREAK, Kind.WORK]
    assert state.phase is not None and state.phase.kind is Kind.LONG_BREAK
    assert state.phase.started_at == start + 110 * MIN
    assert entries(tracker) == [
        ("Visuals", start, start + 50 * MIN),
        ("Visuals", start + 60 * MIN, start + 110 * MIN),
    ]


def test_pause_stops_tracking_and_freezes_the_countdown(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    start = clock.now()
    timer.start("Acme", "Replies")
    clock.advance(10 * MIN)
    paused = timer.pause()
    assert paused.phase is not None and paused.phase.paused
    assert paused.running is None
    clock.advance(30 * MIN)  # a long pause: the phase must not end
    assert timer.advance().phase == paused.phase
    assert timer.state().remaining == 15 * MIN
    resumed = timer.resume()
    assert resumed.remaining == 15 * MIN
    assert resumed.running is not None and resumed.running.started_at == start + 40 * MIN
    assert entries(tracker)[0] == ("Replies", start, start + 10 * MIN)
    with pytest.raises(UserError, match="not paused"):
        timer.resume()


def test_skip_moves_on_at_once_and_a_skipped_pomodoro_does_not_count(
    timer: Timer, clock: FakeClock
) -> None:
    timer.start("Acme", "Replies")
    clock.advance(5 * MIN)
    state = timer.skip()
    assert state.phase is not None and state.phase.kind is Kind.SHORT_BREAK
    assert state.completed_today == 0
    state = timer.skip()
    assert state.phase is not None and state.phase.kind is Kind.WORK
    assert state.running is not None and state.running.task == "Replies"


def test_skipping_the_pomodoro_after_a_long_break_gives_a_short_break(
    timer: Timer, clock: FakeClock
) -> None:
    timer.set_setting("pomodoro.long_break_every", "2")
    timer.start("Acme", "Replies")
    for _ in range(2):  # two whole pomodoros and the break after the first
        clock.advance(25 * MIN)
        state = timer.advance()
        if state.phase is not None and state.phase.kind is Kind.SHORT_BREAK:
            state = timer.skip()
    assert state.phase is not None and state.phase.kind is Kind.LONG_BREAK
    state = timer.skip()  # back to work at once
    assert state.phase is not None and state.phase.kind is Kind.WORK
    state = timer.skip()  # and that pomodoro is skipped too
    assert state.phase is not None and state.phase.kind is Kind.SHORT_BREAK
    assert state.completed_today == 2


def test_a_break_asked_for_after_a_long_break_is_short(timer: Timer, clock: FakeClock) -> None:
    timer.set_setting("pomodoro.long_break_every", "1")
    timer.start("Acme", "Replies")
    clock.advance(25 * MIN)
    state = timer.advance()
    assert state.phase is not None and state.phase.kind is Kind.LONG_BREAK
    timer.stop()
    state = timer.start_break()
    assert state.phase is not None and state.phase.kind is Kind.SHORT_BREAK


def test_stop_ends_the_cycle_and_the_entry(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    timer.start("Acme", "Replies")
    clock.advance(3 * MIN)
    state = timer.stop()
    assert state.phase is None and state.running is None
    with pytest.raises(UserError, match="Nothing is running"):
        timer.stop()


def test_switching_task_mid_pomodoro_logs_an_interruption_and_keeps_the_phase(
    timer: Timer, tracker: Tracker, clock: FakeClock, store: Store
) -> None:
    start = clock.now()
    first = timer.start("Acme", "Replies")
    clock.advance(8 * MIN)
    switched = timer.start("Beta", "Visuals")
    assert first.phase is not None
    # The same phase, the same end: only the task changed.
    assert switched.phase == replace(first.phase, project="Beta", task="Visuals")
    assert entries(tracker) == [
        ("Replies", start, start + 8 * MIN),
        ("Visuals", start + 8 * MIN, None),
    ]
    notes = raw_query(store_db(store), "SELECT kind, note, at FROM interruptions")
    assert notes == [("internal", "switched to Beta / Visuals", start + 8 * MIN)]


def test_plain_start_during_a_pomodoro_is_a_switch_too(
    timer: Timer, tracker: Tracker, clock: FakeClock, store: Store
) -> None:
    timer.start("Acme", "Replies")
    clock.advance(MIN)
    timer.start_tracking("Beta", "Visuals")
    state = timer.state()
    assert state.phase is not None and state.phase.task == "Visuals"
    assert raw_query(store_db(store), "SELECT count(*) FROM interruptions") == [(1,)]


def test_starting_the_same_task_again_changes_nothing(timer: Timer, clock: FakeClock) -> None:
    first = timer.start("Acme", "Replies")
    clock.advance(MIN)
    again = timer.start("acme", "replies")
    assert again.phase == first.phase
    assert again.running == first.running


def test_start_without_a_task_resumes_the_last_one(timer: Timer, clock: FakeClock) -> None:
    with pytest.raises(UserError, match="Name what to focus on"):
        timer.start()
    timer.start("Beta", "Visuals")
    clock.advance(MIN)
    timer.stop()
    clock.advance(MIN)
    state = timer.start()
    assert state.running is not None and (state.running.project, state.running.task) == (
        "Beta",
        "Visuals",
    )


def test_sleep_past_the_end_of_a_work_phase(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    start = clock.now()
    timer.start("Acme", "Replies")
    clock.advance(10 * MIN)
    since = clock.now()
    clock.suspend(3 * 3600)  # the lid was closed for three hours
    question = timer.wake(since, clock.now())
    assert question is not None and question.phase_ended
    state = timer.state()
    assert state.phase is None  # nothing auto-started while away
    assert state.completed_today == 0
    assert entries(tracker) == [("Replies", start, since)]  # cut back to the sleep
    # The user says the time away was work: the pomodoro counts, up to its end.
    state = timer.answer_away(question, was_work=True)
    assert entries(tracker) == [("Replies", start, start + 25 * MIN)]
    assert state.completed_today == 1


def test_a_short_sleep_pauses_the_phase_and_no_keeps_the_cut(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    start = clock.now()
    timer.start("Acme", "Replies")
    clock.advance(5 * MIN)
    since = clock.now()
    clock.suspend(4 * MIN)
    question = timer.wake(since, clock.now())
    assert question is not None and not question.phase_ended
    state = timer.answer_away(question, was_work=False)
    assert state.phase is not None and state.phase.paused
    assert state.remaining == 20 * MIN  # frozen at what it showed when the lid closed
    assert entries(tracker) == [("Replies", start, since)]


def test_a_short_sleep_answered_yes_reopens_the_entry(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    start = clock.now()
    timer.start("Acme", "Replies")
    clock.advance(5 * MIN)
    since = clock.now()
    clock.suspend(4 * MIN)
    question = timer.wake(since, clock.now())
    assert question is not None
    state = timer.answer_away(question, was_work=True)
    assert state.phase is not None and not state.phase.paused
    assert state.remaining == 16 * MIN  # the away time ran on the clock
    assert entries(tracker) == [("Replies", start, None)]


def test_sleep_during_a_break_never_starts_tracking(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    timer.set_setting("pomodoro.auto_start_work", "on")
    timer.start("Acme", "Replies")
    clock.advance(25 * MIN)
    timer.advance()
    since = clock.now() + MIN
    clock.advance(MIN)
    clock.suspend(2 * 3600)
    assert timer.wake(since, clock.now()) is None
    state = timer.advance()
    assert state.phase is None and state.running is None


def test_settings_refuse_nonsense_and_keep_what_was_there(timer: Timer) -> None:
    with pytest.raises(UserError, match="between 1m and 240m"):
        timer.set_setting("pomodoro.work", "0m")
    with pytest.raises(UserError, match="There is no setting"):
        timer.set_setting("pomodoro.coffee", "on")
    with pytest.raises(UserError, match="on or off"):
        timer.set_setting("notifications.sound", "loud")
    assert timer.settings().work == 25 * MIN


actions = st.sampled_from(["start_a", "start_b", "pause", "resume", "skip", "stop", "brk"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(actions, st.integers(0, 40 * MIN)), max_size=25))
def test_random_use_keeps_one_current_phase_and_no_overlap(
    steps: list[tuple[str, int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from zoneinfo import ZoneInfo

    from smfocus.store.database import open_store

    store = open_store(tmp_path_factory.mktemp("p"))
    assert store.path is not None
    clock = FakeClock()
    tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), "u")
    tracker.add_project("Acme")
    timer = Timer(tracker)
    calls = {
        "start_a": lambda: timer.start("Acme", "A"),
        "start_b": lambda: timer.start("Acme", "B"),
        "pause": timer.pause,
        "resume": timer.resume,
        "skip": timer.skip,
        "stop": timer.stop,
        "brk": timer.start_break,
    }
    for name, wait in steps:
        clock.advance(wait)
        with suppress(UserError):
            calls[name]()
        timer.advance()
        with sqlite3.connect(store.path) as raw:
            current = raw.execute(
                "SELECT count(*) FROM pomodoro_phases WHERE ended_at IS NULL"
            ).fetchone()[0]
            rows = raw.execute(
                "SELECT started_at, coalesce(ended_at, ?) FROM time_entries ORDER BY started_at",
                (clock.now(),),
            ).fetchall()
            phase = raw.execute(
                "SELECT kind, paused_at FROM pomodoro_phases WHERE ended_at IS NULL"
            ).fetchone()
            running = raw.execute(
                "SELECT count(*) FROM time_entries WHERE ended_at IS NULL"
            ).fetchone()[0]
        assert current <= 1
        assert all(a[1] <= b[0] for a, b in pairwise(rows))
        # Work that runs is tracked; breaks and pauses are not.
        if phase is not None:
            assert running == (1 if phase == ("work", None) else 0)
    store.dispose()
