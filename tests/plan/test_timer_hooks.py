"""The timer's hook events: a phase ended and the next begun, the daily goal."""

from __future__ import annotations

import pytest

from smfocus.core.clock import FakeClock
from smfocus.hooks import ended_by_hand, timer_events
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker


def test_a_completed_pomodoro_ends_a_phase_starts_a_break_and_meets_the_goal(
    tracker: Tracker, clock: FakeClock
) -> None:
    timer = Timer(tracker)
    timer.set_setting("pomodoro.daily_goal", "1")
    tracker.add_project("Bloom")
    started = timer.start("Bloom", "Reels")
    assert [e for e, _ in timer_events(started, None)] == ["phase.started"]
    assert started.phase is not None
    clock.advance(25 * 60 + 1)
    after = timer.advance()
    events = timer_events(after, started.phase.id)
    assert [e for e, _ in events] == ["phase.ended", "phase.started", "goal.met"]
    ended = events[0][1]
    assert (ended["kind"], ended["outcome"], ended["project"]) == ("work", "completed", "Bloom")
    assert events[1][1]["kind"] == "short_break"
    assert events[2][1] == {"completed_today": 1, "daily_goal": 1}
    # Nothing changed: nothing to say.
    assert after.phase is not None
    assert timer_events(timer.state(), after.phase.id) == []


@pytest.mark.parametrize(("action", "outcome"), [("skip", "skipped"), ("stop", "stopped")])
def test_a_phase_the_user_ends_is_a_phase_ended_too(
    tracker: Tracker, clock: FakeClock, action: str, outcome: str
) -> None:
    # A script turning "do not disturb" off at phase.ended must hear of a skip or a
    # stop, not only of a phase that ran out.
    timer = Timer(tracker)
    tracker.add_project("Bloom")
    started = timer.start("Bloom", "Reels")
    assert started.phase is not None
    clock.advance(10 * 60)
    after = timer.skip() if action == "skip" else timer.stop()
    events = ended_by_hand(tracker, after, started.phase.id) + timer_events(
        after, started.phase.id
    )
    names = [event for event, _ in events]
    assert names == (["phase.ended", "phase.started"] if action == "skip" else ["phase.ended"])
    ended = events[0][1]
    assert (ended["phase_id"], ended["kind"], ended["outcome"]) == (
        started.phase.id,
        "work",
        outcome,
    )
    # Said once: the next state has nothing more to say of it.
    current = after.phase.id if after.phase is not None else None
    assert ended_by_hand(tracker, timer.state(), current) == []


def test_a_phase_that_ran_out_is_not_said_twice(tracker: Tracker, clock: FakeClock) -> None:
    timer = Timer(tracker)
    tracker.add_project("Bloom")
    started = timer.start("Bloom", "Reels")
    assert started.phase is not None
    clock.advance(25 * 60 + 1)
    after = timer.advance()
    assert ended_by_hand(tracker, after, started.phase.id) == []
    assert next(e for e, _ in timer_events(after, started.phase.id)) == "phase.ended"
