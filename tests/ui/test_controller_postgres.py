"""The tray's controller on a shared PostgreSQL database: what another machine
writes shows up through LISTEN/NOTIFY, with no query loop."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.ui.controller import Controller

PARIS = ZoneInfo("Europe/Paris")


def test_a_start_on_another_machine_shows_up_in_the_tray(
    pg_url: str, tmp_path: Path, qtbot: QtBot
) -> None:
    clock = FakeClock()
    here = open_store(tmp_path / "laptop", pg_url)
    there = open_store(tmp_path / "desktop", pg_url)
    tracker = Tracker(here, clock, PARIS, user="tester")
    tracker.add_project("Acme")
    controller = Controller(Timer(tracker), here.path)
    try:
        controller.refresh()
        assert controller.state is not None and controller.state.running is None
        Timer(Tracker(there, clock, PARIS, user="tester")).start("Acme", "From the desktop")

        def shows_it() -> None:
            state = controller.state
            assert state is not None and state.running is not None
            assert state.running.task == "From the desktop"

        qtbot.waitUntil(shows_it, timeout=5000)
    finally:
        controller.close()
        here.dispose()
        there.dispose()
