"""Live updates on a shared database: a write by any client reaches the person's
listening connection, and only theirs; a server that goes away is said, and the
listener comes back by itself."""

from __future__ import annotations

import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import make_url

from smfocus.core.clock import FakeClock
from smfocus.store import team
from smfocus.store.database import open_store
from smfocus.store.listener import ServerChangeProbe
from smfocus.tracker import Tracker
from tests.helpers import raw_query
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


def _team(pg_url: str, data_dir: Path) -> dict[str, str]:
    """carol leads alice and bob; each connects as their own role."""
    store = open_store(data_dir, pg_url)
    try:
        team.init_team(store.engine)
        for name in ("alice", "bob", "carol"):
            team.add_member(store.engine, name, lead=name == "carol", now=0)
    finally:
        store.dispose()
    return {
        name: make_url(pg_url).set(username=name).render_as_string(hide_password=False)
        for name in ("alice", "bob", "carol")
    }


def _write_as(url: str, data_dir: Path, name: str, project: str) -> None:
    store = open_store(data_dir, url)
    try:
        Tracker(store, FakeClock(), PARIS, user=name).add_project(project)
    finally:
        store.dispose()


def test_a_lead_listening_for_the_team_hears_every_member(pg_url: str, data_dir: Path) -> None:
    urls = _team(pg_url, data_dir)
    lead = ServerChangeProbe(urls["carol"], "carol", team=True)
    own_only = ServerChangeProbe(urls["carol"], "carol")
    try:
        _write_as(urls["alice"], data_dir, "alice", "Acme")
        assert _seen(lead)
        assert not _seen(own_only, patience=0.5)  # the tray keeps to its own rows
        # Someone who joins after the window opened is heard from then on.
        admin = open_store(data_dir, pg_url)
        try:
            team.add_member(admin.engine, "dave", lead=False, now=0)
        finally:
            admin.dispose()
        assert _seen(lead)
        dave = make_url(pg_url).set(username="dave").render_as_string(hide_password=False)
        _write_as(dave, data_dir, "dave", "Shop")
        assert _seen(lead)
    finally:
        lead.close()
        own_only.close()


def test_a_member_asking_for_the_team_hears_only_their_own_writes(
    pg_url: str, data_dir: Path
) -> None:
    urls = _team(pg_url, data_dir)
    member = ServerChangeProbe(urls["bob"], "bob", team=True)
    try:
        _write_as(urls["alice"], data_dir, "alice", "Acme")
        _write_as(urls["carol"], data_dir, "carol", "Internal")
        assert not _seen(member, patience=1.0)
        _write_as(urls["bob"], data_dir, "bob", "Shop")
        assert _seen(member)
    finally:
        member.close()


def test_a_member_listening_raw_on_guessable_names_hears_nothing_of_a_colleague(
    pg_url: str, data_dir: Path
) -> None:
    import psycopg

    urls = _team(pg_url, data_dir)
    _write_as(urls["alice"], data_dir, "alice", "Acme")  # alice's user row exists
    ids = [row[0] for row in raw_query(pg_url, "SELECT id FROM users")]
    bob = psycopg.connect(
        urls["bob"].replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True
    )
    try:
        guesses = {
            name
            for person in [*ids, *range(1, 11)]
            for name in (f"smfocus_user_{person}", f"smfocus_{person}")
        } | {"smfocus_alice", "smfocus_user_alice"}
        for name in sorted(guesses):
            bob.execute(f"LISTEN {name}")
        _write_as(urls["alice"], data_dir, "alice", "Shop")
        _write_as(urls["bob"], data_dir, "bob", "Own")  # a write of his own, as a marker
        heard = [notice.channel for notice in bob.notifies(timeout=1.0)]
        assert heard == []
    finally:
        bob.close()


def test_a_member_cannot_read_a_colleagues_channel_key(pg_url: str, data_dir: Path) -> None:
    urls = _team(pg_url, data_dir)
    keys = dict(raw_query(pg_url, "SELECT name, channel_key FROM users"))
    assert all(len(key) == 32 for key in keys.values())
    assert len(set(keys.values())) == len(keys)
    assert raw_query(urls["bob"], "SELECT name, channel_key FROM users") == [("bob", keys["bob"])]
