"""A shared PostgreSQL database: clients starting at once, the schema's versions,
the command line against the server, and a server that goes away.

Every test here needs the throw-away server of ``pg_server`` (conftest): they
are skipped, with the reason, only where the server binaries are missing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from smfocus import cli_words
from smfocus.core.clock import FakeClock
from smfocus.errors import StoreError, UserError
from smfocus.store import migrate, revision, tables
from smfocus.store.database import open_store
from smfocus.store.server import SchemaBehindError, ServerUnreachableError
from smfocus.tracker import Tracker
from tests.helpers import (
    ROOT,
    assert_one_line_error,
    invariant_violations,
    raw_query,
    run_main,
    subprocess_env,
)
from tests.pg_server import PgServer

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def empty_url(pg_server: PgServer) -> str:
    """A database with nothing in it, as a team's new server would hand out."""
    return pg_server.url(pg_server.create_database())


# -- the schema of a shared database ----------------------------------------------


OPEN_AT_ONCE = r"""
import sys, time
from pathlib import Path
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.core.clock import SystemClock
from zoneinfo import ZoneInfo
url, go = sys.argv[1], float(sys.argv[2])
while time.time() < go:
    time.sleep(0.001)
store = open_store(Path("."), url)
Tracker(store, SystemClock(), ZoneInfo("UTC"), user="x").projects()
print("ok")
"""


def test_clients_starting_at_once_on_an_empty_database_create_the_schema_once(
    empty_url: str,
) -> None:
    import time

    go = str(time.time() + 2.0)  # all four start their schema work at the same instant
    clients = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_ONCE, empty_url, go],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=subprocess_env(),
        )
        for _ in range(4)
    ]
    for client in clients:
        out, err = client.communicate(timeout=120)
        assert client.returncode == 0, err
        assert out.strip() == "ok"
    assert raw_query(empty_url, "SELECT version_num FROM alembic_version") == [(revision.HEAD,)]


def test_a_newer_client_does_not_upgrade_a_shared_database_on_its_own(
    pg_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = create_engine(pg_url, poolclass=NullPool)
    with bare.begin() as connection:
        migrate.downgrade(connection, revision.KNOWN[-2])
    bare.dispose()
    with pytest.raises(SchemaBehindError) as raised:
        open_store(data_dir, pg_url)
    assert "smfocus db upgrade" in cli_words.explain(raised.value)
    result = run_main(["--database-url", pg_url, "start", "Acme"], capsys, data_dir=data_dir)
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "smfocus db upgrade" in result.err
    assert raw_query(pg_url, "SELECT version_num FROM alembic_version") == [(revision.KNOWN[-2],)]
    result = run_main(["--database-url", pg_url, "db", "upgrade"], capsys, data_dir=data_dir)
    assert result.code == 0, result.err
    assert raw_query(pg_url, "SELECT version_num FROM alembic_version") == [(revision.HEAD,)]
    open_store(data_dir, pg_url).dispose()


def test_an_older_client_refuses_a_newer_shared_schema(pg_url: str, data_dir: Path) -> None:
    bare = create_engine(pg_url, poolclass=NullPool)
    with bare.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    bare.dispose()
    with pytest.raises(StoreError, match="newer smfocus"):
        open_store(data_dir, pg_url)


def test_the_migration_chain_goes_down_to_base_and_back_on_postgresql(empty_url: str) -> None:
    bare = create_engine(empty_url, poolclass=NullPool)
    try:
        for target in revision.KNOWN:
            with bare.begin() as connection:
                migrate.upgrade(connection, target)
        with bare.begin() as connection:
            migrate.downgrade(connection, "base")
        with bare.connect() as connection:
            left = set(connection.dialect.get_table_names(connection))
        assert left <= {"alembic_version"}
        with bare.begin() as connection:
            migrate.upgrade(connection, "head")
        tables.enable_postgresql()
        with bare.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert list(compare_metadata(context, tables.metadata)) == []
    finally:
        bare.dispose()


# -- the command line on a server ---------------------------------------------------


def test_the_cli_reports_equal_on_both_engines(
    pg_url: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    steps = [
        ["project", "add", "Acme", "--rate", "45"],
        ["start", "Acme", "Plan", "--at", "-3h"],
        ["start", "Acme", "Reply", "--at", "-1h17m"],
        ["stop", "--at", "-20m"],
        ["add", "Acme", "Visuals", "--from", "-30h", "--to", "-27h"],
        ["start", "Acme", "Plan"],
    ]
    sqlite_dir = tmp_path / "sqlite"
    for step in steps:
        assert run_main(step, capsys, data_dir=sqlite_dir, clock=clock).code == 0
        assert (
            run_main(
                ["--database-url", pg_url, *step], capsys, data_dir=data_dir, clock=clock
            ).code
            == 0
        )
    clock.advance(125)
    for by in ("project", "task", "day"):
        on_file = run_main(
            ["report", "--by", by, "--json"], capsys, data_dir=sqlite_dir, clock=clock
        )
        on_server = run_main(
            ["--database-url", pg_url, "report", "--by", by, "--json"],
            capsys,
            data_dir=data_dir,
            clock=clock,
        )
        assert on_server.code == 0, on_server.err
        assert on_server.json() == on_file.json()


def test_a_server_that_is_not_there_is_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://me@/smfocus?host={tmp_path}&port=1"
    result = run_main(["--database-url", url, "start", "Acme"], capsys, data_dir=data_dir)
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "Cannot reach the database" in result.err


# -- a server stopped mid-session ------------------------------------------------------


@pytest.mark.postgres_slow
def test_a_server_stopped_mid_session_loses_nothing_and_says_so(
    pg_server: PgServer, data_dir: Path
) -> None:
    # A server of its own: this one is stopped hard.
    own = PgServer.start(durable=True)
    try:
        admin = own.admin()
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE smfocus"))
        admin.dispose()
        clock = FakeClock()
        store = open_store(data_dir, own.url("smfocus"))
        tracker = Tracker(store, clock, PARIS, user="me")
        tracker.add_project("Acme")
        started = tracker.start("Acme", "Plan").started.started_at
        clock.advance(600)
        own.pg_ctl("stop", "-m", "immediate")
        with pytest.raises(ServerUnreachableError) as caught:
            tracker.stop()
        assert "\n" not in str(caught.value)
        assert "not confirmed" in str(caught.value)
        with pytest.raises(UserError):
            tracker.status()
        own.pg_ctl("start")
        # Back: the entry written before the stop is there, still running.
        status = tracker.status()
        assert status.running is not None and status.running.started_at == started
        stopped = tracker.stop()
        assert stopped.ended_at == clock.now()
        assert invariant_violations(own.url("smfocus")) == []
        store.dispose()
    finally:
        own.stop()


# -- many machines at once ---------------------------------------------------------------


@pytest.mark.postgres_slow
def test_four_processes_on_two_machines_keep_every_invariant(pg_url: str, tmp_path: Path) -> None:
    from tests.store.test_processes import HAMMER

    hammer = HAMMER.replace(
        "store = open_store(folder)", "store = open_store(folder, sys.argv[4])"
    )
    assert hammer != HAMMER
    machines = [tmp_path / "laptop", tmp_path / "desktop"]
    setup = open_store(machines[0], pg_url)
    tracker = Tracker(setup, FakeClock(), PARIS, user="racer")
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    setup.dispose()
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", hammer, str(machines[seed % 2]), str(seed), "200", pg_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=subprocess_env(),
        )
        for seed in range(4)
    ]
    outputs = [racer.communicate(timeout=400) for racer in racers]
    for racer, (out, err) in zip(racers, outputs, strict=True):
        assert "Traceback" not in err, err
        assert racer.returncode == 0, err
        lines = out.splitlines()
        assert lines[-1] == "done"
        assert all(line.startswith("smfocus: ") for line in lines[:-1])
    assert invariant_violations(pg_url) == []
    running = raw_query(pg_url, "SELECT count(*) FROM time_entries WHERE ended_at IS NULL")
    assert running[0][0] <= 1
    assert raw_query(pg_url, "SELECT count(*) FROM time_entries")[0][0] > 0
    # The race did real work: some writes were refused as they would have overlapped.
    assert any(len(out.splitlines()) > 1 for out, _ in outputs)


def test_db_upgrade_gives_every_person_a_secret_channel_and_the_triggers_use_it(
    empty_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smfocus.store.listener import ServerChangeProbe

    bare = create_engine(empty_url, poolclass=NullPool)
    with bare.begin() as connection:
        migrate.upgrade(connection, "0007")
        connection.execute(
            text("INSERT INTO users (name, created_at) VALUES ('alice', 0), ('bob', 0)")
        )
    bare.dispose()
    result = run_main(["--database-url", empty_url, "db", "upgrade"], capsys, data_dir=data_dir)
    assert result.code == 0, result.err
    keys = [key for (key,) in raw_query(empty_url, "SELECT channel_key FROM users")]
    assert len(keys) == 2 and len(set(keys)) == 2
    assert all(len(key) == 32 and int(key, 16) >= 0 for key in keys)
    probe = ServerChangeProbe(empty_url, "alice")
    store = open_store(data_dir, empty_url)
    try:
        assert not probe.changed()
        Tracker(store, FakeClock(), PARIS, user="alice").add_project("Acme")
        deadline = time.monotonic() + 10  # a bound for a failure, not a timing check
        while not probe.changed():
            assert time.monotonic() < deadline, "alice's listener heard nothing"
            time.sleep(0.02)
    finally:
        probe.close()
        store.dispose()
