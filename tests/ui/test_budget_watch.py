"""Budget thresholds reach the notification server once each, across restarts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from smfocus.core.budget import parse_budget
from smfocus.core.clock import FakeClock
from smfocus.planning import PlanChange, set_project_plan
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from smfocus.ui.budget_watch import BudgetWatch
from smfocus.ui.notify import Notifier
from tests.helpers import at
from tests.ui.dbus_rig import FakeNotifd, PrivateBus


@pytest.fixture
def bus() -> Iterator[PrivateBus]:
    private = PrivateBus()
    yield private
    private.close()


@pytest.fixture
def notifd(bus: PrivateBus) -> Iterator[FakeNotifd]:
    server = FakeNotifd(bus)
    yield server
    server.close()


def test_each_threshold_is_notified_once_naming_the_client(
    qtbot: QtBot,
    bus: PrivateBus,
    notifd: FakeNotifd,
    store: Store,
    tracker: Tracker,
    clock: FakeClock,
    tz: ZoneInfo,
) -> None:
    clock.set(at("2026-10-01T08:00", tz))
    tracker.add_project("Bloom", client="Bloom Florist")
    set_project_plan(tracker, "Bloom", PlanChange(budget=parse_budget("10h/month")))
    clock.set(at("2026-11-20T20:00", tz))
    tracker.add("Bloom", None, start=at("2026-11-02T09:00", tz), end=at("2026-11-02T17:30", tz))
    notifier = Notifier(bus_address=bus.address)
    try:
        watch = BudgetWatch(tracker, notifier.notify)
        watch.check()
        watch.check()
        restarted = BudgetWatch(Tracker(store, clock, tz, user="tester"), notifier.notify)
        restarted.check()
        [first] = notifd.notifications()
        assert first["summary"] == "Bloom Florist: 80 % of the budget used"
        assert "Bloom has used 85 % of its 2026-11 budget" in first["body"]
        tracker.add(
            "Bloom", None, start=at("2026-11-03T09:00", tz), end=at("2026-11-03T11:00", tz)
        )
        restarted.check()
        watch.check()
        summaries = [sent["summary"] for sent in notifd.notifications()]
        assert summaries == [
            "Bloom Florist: 80 % of the budget used",
            "Bloom Florist: budget used up",
        ]
    finally:
        notifier.close()


def test_the_relay_says_what_changed_between_two_states_and_nothing_at_start(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, data_dir: Path
) -> None:
    from smfocus.pomodoro import Timer
    from smfocus.ui.hook_relay import HookRelay

    timer = Timer(tracker)
    tracker.add_project("Bloom")
    relay = HookRelay(tracker, data_dir, None)
    assert relay.events(timer.state()) == []
    found = relay.events(timer.start("Bloom", "Reels"))
    assert [event for event, _ in found] == ["phase.started", "entry.started"]
    clock.advance(60)
    found = relay.events(timer.stop())
    # Stopping from the tray ends the phase too: scripts hear of both.
    assert [event for event, _ in found] == ["phase.ended", "entry.stopped"]
    assert found[0][1]["outcome"] == "stopped"
    assert found[1][1]["task"] == "Reels"
