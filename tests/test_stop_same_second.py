"""A stop in the second its entry started removes the entry (nothing to keep),
however long the stop takes: the rule reads the clock once per action. A start
or stop that reads it twice sees the next second on a slow connection and
refuses the user's stop instead (seen on PostgreSQL, whose first connection of a
process takes tens of milliseconds)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store.database import Store
from smfocus.tracker import Tracker


class TickingClock(FakeClock):
    """Moves one second after its first reading, as a wall clock does when an
    action straddles a second boundary."""

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.reads = 0

    def now(self) -> int:
        self.reads += 1
        if self.reads == 2:
            self.advance(1)
        return super().now()


def test_a_stop_in_the_start_second_removes_the_entry_even_when_the_second_ends_meanwhile(
    store: Store, tz: ZoneInfo
) -> None:
    start = 1_767_225_600
    Tracker(store, FakeClock(start), tz, user="tester").add_project("Acme")
    Timer(Tracker(store, FakeClock(start), tz, user="tester")).start_tracking("Acme", "Posts")
    result = Timer(Tracker(store, TickingClock(start), tz, user="tester")).stop_tracking()
    assert result.removed
    with pytest.raises(UserError, match="Nothing is running"):
        Tracker(store, FakeClock(start + 1), tz, user="tester").stop()


def test_a_start_in_the_start_second_replaces_the_entry_even_when_the_second_ends_meanwhile(
    store: Store, tz: ZoneInfo
) -> None:
    start = 1_767_225_600
    Tracker(store, FakeClock(start), tz, user="tester").add_project("Acme")
    Timer(Tracker(store, FakeClock(start), tz, user="tester")).start_tracking("Acme", "Posts")
    again = Timer(Tracker(store, TickingClock(start), tz, user="tester"))
    result = again.start_tracking("Acme", "Replies")
    assert result.started.task == "Replies"
    assert result.discarded is not None and result.discarded.task == "Posts"
