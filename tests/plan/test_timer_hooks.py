"""The timer's hook events: a phase ended and the next begun, the daily goal."""

from __future__ import annotations

from smfocus.core.clock import FakeClock
from smfocus.hooks import timer_events
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
