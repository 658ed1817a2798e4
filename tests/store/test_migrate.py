"""Schema versions and Alembic: the revisions the app knows, the schema each path
builds (create_all for a new file, Alembic for an upgraded one), and the
upgrade of an older file with its backup."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool

from smfocus.core.clock import FakeClock
from smfocus.errors import ConflictError
from smfocus.store import migrate, revision, tables
from smfocus.store.database import open_store
from smfocus.store.models import Base
from smfocus.tracker import Tracker
from tests.helpers import db_file, run_main

OURS = ("users", "projects", "tasks", "time_entries", "interruptions")


@pytest.fixture
def engine(data_dir: Path) -> Iterator[Engine]:
    """A bare engine on a new file: no smfocus start-up, Alembic does everything."""
    data_dir.mkdir(parents=True)
    bare = create_engine(f"sqlite:///{db_file(data_dir)}", poolclass=NullPool)
    yield bare
    bare.dispose()


def _upgrade(engine: Engine, target: str) -> None:
    with engine.begin() as connection:
        migrate.upgrade(connection, target)


def _downgrade(engine: Engine, target: str) -> None:
    with engine.begin() as connection:
        migrate.downgrade(connection, target)


def _version(engine: Engine) -> str | None:
    with engine.connect() as connection:
        found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(found) if found is not None else None


def _differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, tables.metadata))


def _checks(sql: str) -> list[str]:
    """The expression of every CHECK in a CREATE TABLE, whatever the clause order."""
    found = []
    for part in sql.split("CHECK")[1:]:
        depth, start = 0, part.index("(")
        for index, char in enumerate(part[start:], start):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                found.append(part[start + 1 : index])
                break
    return found


def _shape(db: Path) -> dict[str, Any]:
    """Tables, columns, indexes (with their WHERE) and CHECKs, as SQLite reports them."""
    raw = sqlite3.connect(db)
    try:
        shape: dict[str, Any] = {}
        names = [
            row[0]
            for row in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            columns = [
                (cid, col, kind.upper(), notnull, default, pk)
                for cid, col, kind, notnull, default, pk in raw.execute(
                    f"PRAGMA table_info({name})"
                )
            ]
            indexes = sorted(
                (
                    index_name,
                    unique,
                    partial,
                    [c[2] for c in raw.execute(f"PRAGMA index_info('{index_name}')")],
                )
                for _, index_name, unique, _origin, partial in raw.execute(
                    f"PRAGMA index_list({name})"
                )
                if not index_name.startswith("sqlite_autoindex")
            )
            foreign = sorted(
                tuple(row[2:]) for row in raw.execute(f"PRAGMA foreign_key_list({name})")
            )
            sql = raw.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()[0]
            checks = sorted(_checks(sql))
            shape[name] = {
                "autoincrement": "AUTOINCREMENT" in sql.upper(),
                "columns": columns,
                "indexes": indexes,
                "foreign": foreign,
                "checks": checks,
            }
        return shape
    finally:
        raw.close()


# -- the revisions ------------------------------------------------------------------


def test_the_known_revisions_are_exactly_the_alembic_scripts() -> None:
    # revision.py is what the fast status path and start-up trust without Alembic.
    assert tuple(migrate.revisions()) == revision.KNOWN
    assert revision.KNOWN[-1] == revision.HEAD
    assert len(set(revision.KNOWN)) == len(revision.KNOWN)


def test_the_orm_models_and_the_core_tables_are_one_schema() -> None:
    assert Base.metadata is tables.metadata


# -- what Alembic builds --------------------------------------------------------------


def test_the_first_revision_builds_the_tracking_tables(engine: Engine) -> None:
    first = revision.KNOWN[0]
    _upgrade(engine, first)
    assert _version(engine) == first
    with engine.connect() as connection:
        found = {
            row[0]
            for row in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type='table'")
            )
        }
    assert set(OURS) <= found


def test_the_alembic_head_schema_matches_the_declared_tables(engine: Engine) -> None:
    _upgrade(engine, "head")
    assert _version(engine) == revision.HEAD
    assert _differences(engine) == []


def test_a_new_file_and_an_upgraded_file_have_the_same_schema(
    engine: Engine, tmp_path: Path
) -> None:
    # A new user's file comes from create_all; an upgraded user's from Alembic.
    _upgrade(engine, "head")
    fresh = tmp_path / "fresh"
    open_store(fresh).dispose()
    assert engine.url.database is not None
    assert _shape(Path(engine.url.database)) == _shape(db_file(fresh))


def test_the_full_chain_goes_down_to_base_and_back(engine: Engine) -> None:
    _upgrade(engine, "head")
    _downgrade(engine, "base")
    with engine.connect() as connection:
        left = {
            row[0]
            for row in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
            )
        }
    assert {name for name in left if not name.startswith("sqlite_")} <= {"alembic_version"}
    _upgrade(engine, "head")
    assert _differences(engine) == []


@pytest.mark.parametrize("step", range(len(revision.KNOWN)))
def test_each_revision_downgrades_one_step_and_back(engine: Engine, step: int) -> None:
    target = revision.KNOWN[step]
    _upgrade(engine, target)
    below = revision.KNOWN[step - 1] if step else "base"
    _downgrade(engine, below)
    if step:
        assert _version(engine) == below
    _upgrade(engine, target)
    assert _version(engine) == target


# -- files made by Alembic, opened by smfocus --------------------------------------------


def test_a_file_built_by_alembic_at_head_is_accepted_as_it_is(
    engine: Engine, data_dir: Path, clock: FakeClock
) -> None:
    _upgrade(engine, "head")
    engine.dispose()
    store = open_store(data_dir)
    try:
        assert store.backup is None
        tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="me")
        tracker.add_project("Acme")
        tracker.start("Acme", at=clock.now() - 60)
        assert tracker.status().running is not None
    finally:
        store.dispose()
    # The invariants came with the Alembic schema too.
    raw = sqlite3.connect(db_file(data_dir))
    try:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO time_entries (user_id, project_id, started_at, source) "
                "VALUES (1, 1, 5, 'cli')"
            )
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
                "VALUES (1, 1, 5, 5, 'cli')"
            )
    finally:
        raw.close()


@pytest.fixture
def old_file(engine: Engine, data_dir: Path) -> Path:
    """A file at the first revision, holding a user, a project and two entries."""
    _upgrade(engine, revision.KNOWN[0])
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO users (name, created_at) VALUES ('me', 0)"))
        connection.execute(
            text(
                "INSERT INTO projects (user_id, name, name_key, colour, currency, created_at) "
                "VALUES (1, 'Acme', 'acme', '#000000', 'EUR', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
                "VALUES (1, 1, 1000, 4600, 'cli'), (1, 1, 5000, NULL, 'cli')"
            )
        )
    engine.dispose()
    return db_file(data_dir)


@pytest.mark.skipif(len(revision.KNOWN) < 2, reason="only one revision: nothing to upgrade from")
def test_an_older_file_is_upgraded_after_a_backup(
    old_file: Path, data_dir: Path, clock: FakeClock
) -> None:
    store = open_store(data_dir)
    try:
        assert store.backup is not None
        assert store.backup.parent == data_dir / "backups"
        tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="me")
        running = tracker.status().running
        assert running is not None and running.started_at == 5000
        assert [(e.started_at, e.ended_at) for e in tracker.log()] == [
            (1000, 4600),
            (5000, None),
        ]
        with pytest.raises(ConflictError):
            tracker.add("Acme", None, start=900, end=1100)
    finally:
        store.dispose()
    with sqlite3.connect(store.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (
            revision.KNOWN[0],
        )
        assert backup.execute("SELECT count(*) FROM time_entries").fetchone() == (2,)
        assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with sqlite3.connect(old_file) as upgraded:
        assert upgraded.execute("SELECT version_num FROM alembic_version").fetchone() == (
            revision.HEAD,
        )


@pytest.mark.skipif(len(revision.KNOWN) < 2, reason="only one revision: nothing to upgrade from")
def test_the_cli_says_where_the_backup_went(
    old_file: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(["log", "--all", "--json"], capsys, data_dir=data_dir, clock=FakeClock())
    assert result.code == 0
    [line] = result.err.splitlines()
    assert line.startswith("smfocus: upgraded the database; the old file is at ")
    assert Path(line.rsplit(" ", 1)[1]).is_file()
    # Only the first start-up upgrades.
    again = run_main(["log", "--all", "--json"], capsys, data_dir=data_dir, clock=FakeClock())
    assert again.err == ""


SEEN_IDS = ("projects", "tasks", "time_entries", "interruptions", "pomodoro_phases")


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    raw = sqlite3.connect(db)
    try:
        return {
            name: raw.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()
            for name in (*SEEN_IDS, "users", "settings")
        }
    finally:
        raw.close()


def _next_entry_id(engine: Engine) -> int:
    """Delete the newest entry, insert one: the id the database hands out."""
    with engine.begin() as connection:
        connection.execute(
            text("DELETE FROM time_entries WHERE id = (SELECT max(id) FROM time_entries)")
        )
        connection.execute(
            text(
                "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
                "VALUES (1, 1, 9000, 9100, 'cli')"
            )
        )
        return int(connection.execute(text("SELECT max(id) FROM time_entries")).scalar_one())


def test_ids_are_never_reused_after_0003_and_data_survives_up_and_down(
    engine: Engine, data_dir: Path, clock: FakeClock
) -> None:
    # A file at 0002 with a row in every table, as a user's file would be.
    _upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO users (name, created_at) VALUES ('me', 0)"))
        connection.execute(
            text(
                "INSERT INTO projects (user_id, name, name_key, colour, currency, created_at) "
                "VALUES (1, 'Acme', 'acme', '#000000', 'EUR', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO tasks (project_id, name, name_key, created_at) "
                "VALUES (1, 'Plan', 'plan', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO time_entries (user_id, project_id, task_id, started_at, ended_at, "
                "source) VALUES (1, 1, 1, 1000, 4600, 'cli'), (1, 1, NULL, 5000, 6000, 'cli'), "
                "(1, 1, 1, 7000, NULL, 'cli')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interruptions (entry_id, at, kind, note) "
                "VALUES (1, 2000, 'external', 'call'), (3, 7100, 'internal', NULL)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO pomodoro_phases (user_id, kind, project_id, task_id, started_at, "
                "ends_at, duration) VALUES (1, 'work', 1, 1, 7000, 8500, 1500)"
            )
        )
        connection.execute(
            text("INSERT INTO settings (user_id, key, value) VALUES (1, 'pomodoro.work', '50m')")
        )
    before = _rows(db_file(data_dir))
    engine.dispose()
    store = open_store(data_dir)  # the start-up upgrade: one transaction, foreign keys on
    store.dispose()
    assert store.backup is not None
    assert _version(engine) == revision.HEAD
    after = _rows(db_file(data_dir))
    # Every row, with its id, and the cascades intact; later revisions only add
    # columns at the end (0004: a project's client, an entry's source_ref; 0005: a
    # project's budget, rollover and weekly commitment), empty.
    assert {
        table: [row[: len(old[0])] for row in rows] if (old := before[table]) else rows
        for table, rows in after.items()
    } == before
    assert {row[len(before["projects"][0]) :] for row in after["projects"]} == {(None,) * 5}
    assert {row[len(before["time_entries"][0]) :] for row in after["time_entries"]} == {(None,)}
    assert _differences(engine) == []
    raw = sqlite3.connect(db_file(data_dir))
    try:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        raw.close()
    # The schema still holds its rules: one running entry, ends after start.
    with pytest.raises(sa_exc.IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO time_entries (user_id, project_id, started_at, source) "
                "VALUES (1, 1, 9500, 'cli')"
            )
        )
    assert _next_entry_id(engine) == 4  # not 3 again
    after_up = _rows(db_file(data_dir))
    _downgrade(engine, "0002")
    assert _rows(db_file(data_dir)) == {
        table: [row[: len(old[0])] for row in rows] if (old := before[table]) else rows
        for table, rows in after_up.items()
    }
    assert _next_entry_id(engine) == 3  # the old rule: freed ids come back


def test_the_upgrade_machinery_with_a_pretend_newer_head(
    store: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever the number of real revisions, exercise the path a future release
    # takes: a known but older version triggers a backup and migrate.upgrade.
    from smfocus.store import schema_version

    store.dispose()
    future = "9000"
    monkeypatch.setattr(schema_version, "KNOWN", (*revision.KNOWN, future))
    monkeypatch.setattr(schema_version, "HEAD", future)
    calls: list[str] = []

    def pretend_upgrade(connection: Any, target: str = "head") -> None:
        calls.append(target)
        schema_version.stamp(connection, future)

    monkeypatch.setattr(migrate, "upgrade", pretend_upgrade)
    opened = open_store(data_dir)
    opened.dispose()
    assert calls == ["head"]
    assert opened.backup is not None and opened.backup.is_file()
    with sqlite3.connect(opened.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (
            revision.HEAD,
        )
    # Stamped by the upgrade, so the next start-up does nothing.
    again = open_store(data_dir)
    again.dispose()
    assert again.backup is None and calls == ["head"]


def test_the_upgrade_gives_every_existing_person_their_own_channel_key(
    engine: Engine, data_dir: Path
) -> None:
    _upgrade(engine, "0007")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (name, created_at) VALUES ('me', 0), ('you', 0)")
        )
    _upgrade(engine, "0008")
    with engine.connect() as connection:
        keys = [row[0] for row in connection.execute(text("SELECT channel_key FROM users"))]
    assert len(set(keys)) == 2
    assert all(len(key) == 32 and int(key, 16) >= 0 for key in keys)


def test_a_new_person_on_a_file_gets_a_channel_key_and_nothing_else_changes(
    data_dir: Path, clock: FakeClock
) -> None:
    store = open_store(data_dir)
    try:
        Tracker(store, clock, ZoneInfo("Europe/Paris"), user="me").add_project("Acme")
    finally:
        store.dispose()
    raw = sqlite3.connect(db_file(data_dir))
    try:
        [(key,)] = raw.execute("SELECT channel_key FROM users").fetchall()
    finally:
        raw.close()
    assert len(key) == 32 and int(key, 16) >= 0
