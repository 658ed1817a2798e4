"""Opening the database: a new file, the invariants the schema holds on its own,
and every file a user can fix (newer, locked, read-only, not a database)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from smfocus import cli_words
from smfocus.core.clock import FakeClock
from smfocus.errors import StoreError
from smfocus.store import database
from smfocus.store.database import Store, explain, integrity_check, open_store
from smfocus.store.revision import HEAD, TABLE
from smfocus.tracker import Tracker
from tests.helpers import ROOT, assert_one_line_error, db_file, run_main, subprocess_env


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _raw(db: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as any other program would open the file."""
    return sqlite3.connect(db, isolation_level=None)


@pytest.fixture
def filled(store: Store, clock: FakeClock) -> Store:
    """A store with one user (the OS user, as the CLI sees it), one project and one
    running entry."""
    tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"))
    tracker.add_project("Acme")
    tracker.start("Acme", at=clock.now() - 600)
    return store


# -- a new file ---------------------------------------------------------------------


def test_a_new_file_is_in_wal_mode_with_foreign_keys(store: Store, data_dir: Path) -> None:
    raw = _raw(db_file(data_dir))
    try:
        # WAL is stored in the file, so any program sees it.
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text(f"SELECT version_num FROM {TABLE}")).scalar() == HEAD
    assert integrity_check(store.engine) == "ok"
    assert store.backup is None


def test_foreign_keys_cascade_through_the_store(filled: Store, data_dir: Path) -> None:
    # Deleting a project through the store's own engine takes its entries with it.
    with filled.engine.begin() as connection:
        connection.execute(text("DELETE FROM projects"))
    assert _raw(db_file(data_dir)).execute("SELECT count(*) FROM time_entries").fetchone() == (0,)


def test_opening_twice_changes_nothing(store: Store, data_dir: Path) -> None:
    store.dispose()
    before = _digest(db_file(data_dir))
    again = open_store(data_dir)
    again.dispose()
    assert _digest(db_file(data_dir)) == before
    assert again.backup is None


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "c"
    opened = open_store(folder)
    opened.dispose()
    assert db_file(folder).is_file()


def test_a_folder_that_cannot_be_created_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot create the data folder") as raised:
        open_store(blocker / "data")
    assert raised.value.fix is not None and raised.value.fix.action == "data_dir"
    assert "--data-dir" in cli_words.explain(raised.value)


def test_a_folder_where_the_database_file_should_be_is_refused(data_dir: Path) -> None:
    db_file(data_dir).mkdir(parents=True)
    with pytest.raises(StoreError, match="is not a file"):
        open_store(data_dir)


def test_tables_smfocus_did_not_write_are_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    raw = _raw(db_file(data_dir))
    raw.execute("CREATE TABLE projects (anything TEXT)")
    raw.close()
    before = _digest(db_file(data_dir))
    with pytest.raises(StoreError, match="tables not written by smfocus"):
        open_store(data_dir)
    assert _digest(db_file(data_dir)) == before


def test_any_table_smfocus_did_not_write_keeps_the_file_untouched(data_dir: Path) -> None:
    data_dir.mkdir()
    raw = _raw(db_file(data_dir))
    raw.execute("CREATE TABLE recipes (body TEXT)")
    raw.close()
    before = _digest(db_file(data_dir))
    with pytest.raises(StoreError, match="tables not written by smfocus"):
        open_store(data_dir)
    with pytest.raises(StoreError, match="tables not written by smfocus"):
        open_store(data_dir, readonly=True)
    assert _digest(db_file(data_dir)) == before


def test_reading_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    opened = open_store(folder, readonly=True)
    try:
        assert Tracker(opened, FakeClock(), ZoneInfo("Europe/Paris")).projects() == []
    finally:
        opened.dispose()
    assert not folder.exists()


def test_reading_an_empty_file_leaves_it_empty(data_dir: Path) -> None:
    data_dir.mkdir()
    db_file(data_dir).touch()
    with pytest.raises(StoreError, match="is an empty file"):
        open_store(data_dir, readonly=True)
    assert db_file(data_dir).read_bytes() == b""
    assert [p.name for p in data_dir.iterdir()] == [db_file(data_dir).name]


def test_a_sqlite_url_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "with space" / "mine.db"
    opened = open_store(tmp_path / "unused", f"sqlite:///{target}")
    opened.dispose()
    assert opened.path == target and target.is_file()
    assert not (tmp_path / "unused").exists()


def test_a_failed_backup_leaves_no_empty_copy(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smfocus.store import migrate, schema_version

    store.dispose()
    monkeypatch.setattr(schema_version, "KNOWN", (*schema_version.KNOWN, "9000"))
    monkeypatch.setattr(schema_version, "HEAD", "9000")
    monkeypatch.setattr(migrate, "upgrade", lambda connection, target="head": None)

    class FullDisk:
        """sqlite3 as seen by the backup, on a disk that fills up during the copy."""

        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def backup(self, target: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            self.connection.close()

    real_connect = sqlite3.connect
    shim = type(sqlite3)("sqlite3")
    shim.__dict__.update(vars(sqlite3))
    shim.connect = lambda *args, **kwargs: FullDisk(real_connect(*args, **kwargs))  # type: ignore[attr-defined]
    monkeypatch.setattr(database, "sqlite3", shim)
    before = _digest(db_file(data_dir))
    with pytest.raises(StoreError, match="is full"):
        open_store(data_dir)
    backups = data_dir / "backups"
    assert not backups.exists() or list(backups.iterdir()) == []
    assert _digest(db_file(data_dir)) == before


# -- invariants that hold without Python ------------------------------------------------


def _insert_entry(raw: sqlite3.Connection, start: int, end: int | None, user: int = 1) -> None:
    raw.execute(
        "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
        "VALUES (?, 1, ?, ?, 'cli')",
        (user, start, end),
    )


def test_a_second_running_entry_is_refused_by_the_database(
    filled: Store, data_dir: Path, clock: FakeClock
) -> None:
    raw = _raw(db_file(data_dir))
    try:
        with pytest.raises(sqlite3.IntegrityError, match=r"time_entries\.user_id"):
            _insert_entry(raw, clock.now() - 60, None)
        # Another user may run their own entry.
        raw.execute("INSERT INTO users (name, created_at) VALUES ('other', 0)")
        _insert_entry(raw, clock.now() - 60, None, user=2)
        assert raw.execute(
            "SELECT count(*) FROM time_entries WHERE ended_at IS NULL"
        ).fetchone() == (2,)
    finally:
        raw.close()


@pytest.mark.parametrize("length", [0, -1, -3600])
def test_an_entry_ending_at_or_before_its_start_is_refused_by_the_database(
    filled: Store, data_dir: Path, length: int
) -> None:
    raw = _raw(db_file(data_dir))
    try:
        with pytest.raises(sqlite3.IntegrityError, match="ends_after_start"):
            _insert_entry(raw, 1000, 1000 + length)
        with pytest.raises(sqlite3.IntegrityError, match="ends_after_start"):
            raw.execute("UPDATE time_entries SET ended_at = started_at + ?", (length,))
    finally:
        raw.close()


def test_two_projects_with_the_same_key_are_refused_by_the_database(
    filled: Store, data_dir: Path
) -> None:
    raw = _raw(db_file(data_dir))
    try:
        with pytest.raises(sqlite3.IntegrityError, match="name_key"):
            raw.execute(
                "INSERT INTO projects (user_id, name, name_key, colour, currency, created_at) "
                "VALUES (1, 'ACME', 'acme', '#000000', 'EUR', 0)"
            )
    finally:
        raw.close()


# -- a file written by a newer smfocus ---------------------------------------------------


def _newer_file(data_dir: Path, wal: bool) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = db_file(data_dir)
    raw = _raw(db)
    if wal:
        raw.execute("PRAGMA journal_mode = WAL")
    raw.execute(f"CREATE TABLE {TABLE} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    raw.execute(f"INSERT INTO {TABLE} VALUES ('9999')")
    raw.execute("CREATE TABLE future_things (id INTEGER PRIMARY KEY)")
    raw.close()
    return db


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
def test_a_newer_file_is_refused_and_left_byte_for_byte(data_dir: Path, wal: bool) -> None:
    db = _newer_file(data_dir, wal)
    before = _digest(db)
    with pytest.raises(StoreError) as raised:
        open_store(data_dir)
    message = str(raised.value)
    assert "newer smfocus, with schema 9999" in message
    assert "Nothing was changed" in message
    assert _digest(db) == before
    assert not (data_dir / "backups").exists()


@pytest.mark.parametrize("command", [["status"], ["start", "Acme"], ["log"]])
def test_a_newer_file_through_the_cli(
    data_dir: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = _newer_file(data_dir, wal=False)
    before = _digest(db)
    result = run_main(command, capsys, data_dir=data_dir, clock=FakeClock())
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "newer" in result.err
    assert _digest(db) == before


# -- a file that is not a database ---------------------------------------------------------


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["start", "Acme"]])
def test_random_bytes_are_refused_clearly_and_left_alone(
    data_dir: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    db = db_file(data_dir)
    db.write_bytes(os.urandom(8192))
    before = _digest(db)
    result = run_main(command, capsys, data_dir=data_dir, clock=FakeClock())
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "is damaged or not a database" in result.err
    assert _digest(db) == before
    assert sorted(p.name for p in data_dir.iterdir()) == [db.name]


def test_random_bytes_through_open_store(data_dir: Path) -> None:
    data_dir.mkdir()
    db_file(data_dir).write_bytes(b"this is my shopping list\n" * 100)
    with pytest.raises(StoreError, match="is damaged or not a database"):
        open_store(data_dir)


# -- a locked database ---------------------------------------------------------------------


@pytest.fixture
def locked(filled: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Another program holds the write lock for the whole test."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    filled.dispose()
    holder = sqlite3.connect(db_file(data_dir), isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield data_dir
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(
    "command", [["start", "Acme"], ["stop"], ["project", "add", "Beta"], ["cancel"]]
)
def test_a_locked_database_is_one_line_and_exit_1(
    locked: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(db_file(locked))
    result = run_main(command, capsys, data_dir=locked, clock=FakeClock())
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "is locked by another program; wait a moment and try again" in result.err
    assert _digest(db_file(locked)) == before


def test_reads_still_work_while_another_program_writes(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # WAL: a writer never blocks readers.
    clock = FakeClock()
    status = run_main(["status", "--json"], capsys, data_dir=locked, clock=clock)
    assert status.code == 0 and status.json()["running"] is True
    log = run_main(["log", "--all", "--json"], capsys, data_dir=locked, clock=clock)
    assert log.code == 0 and len(log.json()) == 1


# -- a read-only database --------------------------------------------------------------------


def test_explain_turns_real_read_only_errors_into_a_sentence(
    filled: Store, data_dir: Path
) -> None:
    readonly = sqlite3.connect(f"{db_file(data_dir).as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            readonly.execute("DELETE FROM time_entries")
    finally:
        readonly.close()
    friendly = explain(raised.value, db_file(data_dir))
    assert isinstance(friendly, StoreError)
    assert "is read-only; check its permissions" in str(friendly)


@pytest.mark.parametrize(
    ("message", "fragment"),
    [
        ("database is locked", "locked by another program"),
        ("database or disk is full", "is full"),
        ("file is not a database", "is damaged or not a database"),
        ("database disk image is malformed", "is damaged or not a database"),
        ("unable to open database file", "Cannot open"),
        ("disk I/O error", "the disk is full or its folder is unusable"),
        ("attempt to write a readonly database", "read-only"),
    ],
)
def test_explain_knows_the_errors_a_user_can_fix(message: str, fragment: str) -> None:
    friendly = explain(sqlite3.OperationalError(message), Path("/x/smfocus.sqlite3"))
    assert friendly is not None and fragment in str(friendly)
    assert "/x/smfocus.sqlite3" in str(friendly)


def test_explain_leaves_bugs_alone() -> None:
    assert explain(sqlite3.OperationalError("no such column: colour"), None) is None


def _without_root_powers() -> list[str]:
    """A command prefix that makes writes obey file permissions even for root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--"]


def _smfocus(data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *_without_root_powers(),
            sys.executable,
            "-m",
            "smfocus",
            "--data-dir",
            str(data_dir),
            *list(argv),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(TZ="Europe/Paris"),
        timeout=60,
        check=False,
    )


@pytest.fixture
def read_only_file(filled: Store, data_dir: Path) -> Iterator[Path]:
    filled.dispose()
    db = db_file(data_dir)
    db.chmod(0o444)
    try:
        yield db
    finally:
        db.chmod(0o644)
        data_dir.chmod(0o755)


def test_a_read_only_file_still_answers_status_and_refuses_writes_in_one_line(
    read_only_file: Path, data_dir: Path
) -> None:
    before = _digest(read_only_file)
    status = _smfocus(data_dir, "status", "--json")
    assert status.returncode == 0, status.stderr
    assert '"running": true' in status.stdout
    for argv in (["cancel"], ["project", "add", "Beta"]):
        done = _smfocus(data_dir, *argv)
        assert done.returncode == 1
        assert_one_line_error(done.stderr)
        assert "is read-only; check its permissions" in done.stderr
    assert _digest(read_only_file) == before


def test_a_read_only_folder_and_file_is_one_line(read_only_file: Path, data_dir: Path) -> None:
    data_dir.chmod(0o555)
    before = _digest(read_only_file)
    for argv in (["status"], ["start", "Acme"], ["log"]):
        done = _smfocus(data_dir, *argv)
        # SQLite cannot even read a WAL file whose folder is read-only; it must
        # still be one clear sentence, whatever the command.
        assert done.returncode in (0, 1)
        if done.returncode == 1:
            assert_one_line_error(done.stderr)
            assert "read-only" in done.stderr or "Cannot open" in done.stderr
    assert _digest(read_only_file) == before


def test_integrity_check_helper_reports_ok(filled: Store) -> None:
    assert integrity_check(filled.engine) == "ok"
    expected = {"alembic_version", "users", "projects", "tasks", "time_entries", "interruptions"}
    assert expected <= set(database.table_names(filled.engine))


@pytest.mark.parametrize("name", ["with space", "Données", "100%20done", "what?x=1", "hash#1"])
def test_any_folder_name_holds_the_database(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The path must reach SQLite verbatim: not URL-decoded (%20), not cut at "?".
    folder = tmp_path / name
    clock = FakeClock()
    assert run_main(["project", "add", "Acme"], capsys, data_dir=folder, clock=clock).code == 0
    assert run_main(["start", "Acme"], capsys, data_dir=folder, clock=clock).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert db_file(folder).is_file()
    # Both status paths (sqlite3 alone, then SQLAlchemy) read that same file.
    status = run_main(["status", "--json"], capsys, data_dir=folder, clock=clock)
    assert status.json()["running"] is True
    log = run_main(["log", "--json"], capsys, data_dir=folder, clock=clock)
    assert log.code == 0 and len(log.json()) == 1


def test_an_unreadable_file_is_not_blamed_on_its_folder(filled: Store, data_dir: Path) -> None:
    filled.dispose()
    db = db_file(data_dir)
    db.chmod(0o000)
    try:
        for argv in (["status"], ["log"], ["start", "Acme"]):
            done = _smfocus(data_dir, *argv)
            assert done.returncode == 1, (argv, done.stderr)
            assert_one_line_error(done.stderr)
            assert "cannot be read" in done.stderr, argv
            assert "folder exists and is writable" not in done.stderr
    finally:
        db.chmod(0o644)


def test_reading_works_in_a_read_only_folder(filled: Store, data_dir: Path) -> None:
    filled.dispose()
    before = _digest(db_file(data_dir))
    names = sorted(p.name for p in data_dir.iterdir())
    data_dir.chmod(0o555)
    try:
        for argv in (["status"], ["log"], ["projects"], ["report"], ["tasks"]):
            done = _smfocus(data_dir, *argv)
            assert (done.returncode, done.stderr) == (0, ""), argv
            assert "Acme" in done.stdout or argv == ["tasks"], argv
        start = _smfocus(data_dir, "start", "Acme")
        assert start.returncode == 1 and "read-only" in start.stderr
    finally:
        data_dir.chmod(0o755)
    assert _digest(db_file(data_dir)) == before
    assert sorted(p.name for p in data_dir.iterdir()) == names


def test_an_unreachable_data_folder_is_one_line(filled: Store, data_dir: Path) -> None:
    filled.dispose()
    data_dir.parent.chmod(0o000)
    try:
        for argv in (["status"], ["log"], ["start", "Acme"]):
            done = _smfocus(data_dir, *argv)
            assert done.returncode == 1, (argv, done.stderr)
            assert_one_line_error(done.stderr)
            assert "ermission denied" in done.stderr, argv
    finally:
        data_dir.parent.chmod(0o755)
