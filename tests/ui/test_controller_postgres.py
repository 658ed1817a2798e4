"""The tray's controller on a shared PostgreSQL database: what another machine
writes shows up through LISTEN/NOTIFY, with no query loop."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.ui.controller import Controller
from smfocus.ui.tray import Tray
from tests.pg_server import PgServer

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


@pytest.mark.postgres_slow
def test_a_server_that_goes_away_is_said_and_nothing_is_claimed(
    pg_server: PgServer, tmp_path: Path, qtbot: QtBot
) -> None:
    own = PgServer.start(durable=True)
    try:
        admin = own.admin()
        with admin.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE smfocus")
        admin.dispose()
        url = own.url("smfocus")
        clock = FakeClock()
        store = open_store(tmp_path / "laptop", url)
        tracker = Tracker(store, clock, PARIS, user="tester")
        tracker.add_project("Acme")
        controller = Controller(Timer(tracker), store.path)
        failures: list[str] = []
        controller.failed.connect(failures.append)
        tray = Tray()
        controller.connection_changed.connect(tray.show_connection)
        controller.not_done.connect(tray.show_not_done)
        try:
            assert controller.start("Acme", "Plan")
            own.pg_ctl("stop", "-m", "immediate")
            clock.advance(60)
            with (
                qtbot.waitSignal(controller.connection_changed) as lost,
                qtbot.waitSignal(controller.not_done) as not_done,
            ):
                assert not controller.pause()
            assert lost.args == [False]
            assert not_done.args == ["Pause"]
            assert failures == []  # said once, as a state: no error box each second
            assert "Database unreachable — retrying" in tray._header.text()
            assert tray.retry_action.isVisible()
            assert "Pause" in tray.retry_action.text()
            # The countdown goes on without the server, and the phase is not paused.
            clock.advance(1)
            controller._sleep.reset(clock.now() - 1)
            controller._on_tick()
            state = controller.state
            assert state is not None and state.phase is not None
            assert state.now == clock.now() and not state.phase.paused
            own.pg_ctl("start")
            with qtbot.waitSignal(controller.connection_changed, timeout=20_000) as back:
                pass
            assert back.args == [True]
            assert controller.retry()
            state = controller.state
            assert state is not None and state.phase is not None and state.phase.paused
        finally:
            controller.close()
            store.dispose()
    finally:
        own.stop()
