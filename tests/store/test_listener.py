"""Live updates on a shared database: a write by any client reaches the person's
listening connection, and only theirs; a server that goes away is said, and the
listener comes back by itself."""

from __future__ import annotations

import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.core.clock import FakeClock
from smfocus.store.database import open_store
from smfocus.store.listener import ServerChangeProbe
from smfocus.tracker import Tracker
from tests.pg_server import PgServer

PARIS = ZoneInfo("Europe/Paris")


def _seen(probe: ServerChangeProbe, patience: float = 10.0) -> bool:
    """Whether the probe reports a change before ``patience`` runs out (a bound for a
    failing test, not a timing assertion: the notification is usually there at once)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if probe.changed():
            return True
        time.sleep(0.02)
    return False


def test_a_write_by_another_client_reaches_the_listener(pg_url: str, data_dir: Path) -> None:
    store = open_store(data_dir, pg_url)
    mine = Tracker(store, FakeClock(), PARIS, user="me")
    mine.add_project("Acme")
    other = Tracker(store, FakeClock(), PARIS, user="someone")
    other.add_project("Acme")
    probe = ServerChangeProbe(pg_url, "me")
    try:
        assert not probe.changed()
        other.start("Acme")  # someone else's rows: not for us
        assert not _seen(probe, patience=0.5)
        mine.start("Acme")
        assert _seen(probe)
        assert probe.something_runs()
        assert not probe.changed()  # once per batch
    finally:
        probe.close()
        store.dispose()


def test_a_person_with_no_rows_yet_hears_their_first_write(pg_url: str, data_dir: Path) -> None:
    probe = ServerChangeProbe(pg_url, "newcomer")
    store = open_store(data_dir, pg_url)
    try:
        Tracker(store, FakeClock(), PARIS, user="newcomer").add_project("Acme")
        assert _seen(probe)
        Tracker(store, FakeClock(), PARIS, user="newcomer").start("Acme")
        assert _seen(probe)
    finally:
        probe.close()
        store.dispose()


@pytest.mark.postgres_slow
def test_the_listener_says_when_the_server_is_away_and_comes_back(
    pg_server: PgServer, data_dir: Path
) -> None:
    own = PgServer.start(durable=True)
    try:
        admin = own.admin()
        with admin.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE smfocus")
        admin.dispose()
        url = own.url("smfocus")
        store = open_store(data_dir, url)
        tracker = Tracker(store, FakeClock(), PARIS, user="me")
        tracker.add_project("Acme")
        probe = ServerChangeProbe(url, "me")
        assert probe.reachable
        own.pg_ctl("stop", "-m", "immediate")
        assert not probe.changed()
        assert not probe.reachable
        own.pg_ctl("start")
        assert _seen(probe, patience=15)  # back: everything is to be read again
        assert probe.reachable
        tracker.start("Acme")
        assert _seen(probe)
        probe.close()
        store.dispose()
    finally:
        own.stop()
