"""Private by default: the database, its -wal/-shm, backups and the error log are
0600 in 0700 folders whatever the umask, and files an older version left
readable are tightened at start without touching a folder the user chose."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from smfocus import paths
from smfocus.store import migrate, private_files, revision
from smfocus.store.database import open_store
from tests.helpers import db_file, run_main
from tests.privacy_rig import OtherUser, other_user  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """Most desktops run with umask 022, which would make new files 0644."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def companions(db: Path) -> list[Path]:
    return [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm")]


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    data_dir = existing / "new" / "data"
    store = open_store(data_dir)
    try:
        db = db_file(data_dir)
        # Held open: a write makes SQLite create the -wal and -shm beside the file.
        with store.engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
            assert all(path.exists() for path in companions(db))
            assert {path.name: mode(path) for path in [db, *companions(db)]} == {
                db.name: 0o600,
                f"{db.name}-wal": 0o600,
                f"{db.name}-shm": 0o600,
            }
        assert mode(data_dir) == 0o700
        assert mode(data_dir.parent) == 0o700  # created by smfocus too
    finally:
        store.dispose()
    assert mode(existing) == 0o755  # what existed before is not ours to change


@pytest.mark.skipif(len(revision.KNOWN) < 2, reason="only one revision: nothing to upgrade from")
def test_the_backup_before_an_upgrade_is_private(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    old = create_engine(f"sqlite:///{db_file(data_dir)}", poolclass=NullPool)
    with old.begin() as connection:
        migrate.upgrade(connection, revision.KNOWN[0])
    old.dispose()

    store = open_store(data_dir)
    store.dispose()

    assert store.backup is not None
    assert mode(store.backup.parent) == 0o700
    assert mode(store.backup) == 0o600
    leftovers = [p for p in store.backup.parent.iterdir() if mode(p) != 0o600]
    assert leftovers == []


@pytest.fixture
def older_files() -> Iterator[Callable[[Path], list[Path]]]:
    """What an older smfocus left under umask 022: everything readable by all.
    A raw connection stays open meanwhile, or closing would delete the -wal."""
    raws: list[sqlite3.Connection] = []

    def make(data_dir: Path) -> list[Path]:
        open_store(data_dir).dispose()
        db = db_file(data_dir)
        raw = sqlite3.connect(db)
        raws.append(raw)
        raw.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        backups = paths.backups_dir(data_dir)
        backups.mkdir(exist_ok=True)
        backup = backups / "smfocus-before-upgrade-20260101-000000.sqlite3"
        backup.write_bytes(db.read_bytes())
        log = paths.error_log_path(data_dir)
        log.write_text("Traceback: Client X payroll\n")
        made = [db, *companions(db), backups, backup, log]
        for path in [data_dir, *made]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return made

    yield make
    for raw in raws:
        raw.close()


def test_files_an_older_version_left_readable_are_tightened_at_start(
    tmp_path: Path, older_files: Callable[[Path], list[Path]]
) -> None:
    data_dir = tmp_path / paths.APP_NAME  # the platform default's name
    made = older_files(data_dir)

    open_store(data_dir).dispose()

    assert {p.name: mode(p) for p in made} == {
        p.name: 0o700 if p.is_dir() else 0o600 for p in made
    }
    assert mode(data_dir) == 0o700


def test_a_folder_the_user_chose_keeps_its_mode_and_its_other_files(
    tmp_path: Path, older_files: Callable[[Path], list[Path]]
) -> None:
    data_dir = tmp_path / "home-like"
    made = older_files(data_dir)
    theirs = data_dir / "notes.txt"
    theirs.write_text("not smfocus's")
    theirs.chmod(0o644)

    open_store(data_dir).dispose()

    assert mode(data_dir) == 0o755
    assert mode(theirs) == 0o644
    assert mode(db_file(data_dir)) == 0o600
    assert [p.name for p in made if mode(p) & 0o077] == []


def test_tightening_never_adds_a_permission(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_store(data_dir).dispose()
    db = db_file(data_dir)
    db.chmod(0o444)  # the user made it read-only on purpose

    private_files.prepare_data_dir(data_dir)

    assert mode(db) == 0o400


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared.txt"
    elsewhere.write_text("someone else's")
    elsewhere.chmod(0o644)
    data_dir = tmp_path / paths.APP_NAME
    data_dir.mkdir()
    paths.error_log_path(data_dir).symlink_to(elsewhere)

    private_files.prepare_data_dir(data_dir)

    assert mode(elsewhere) == 0o644


def test_the_error_log_of_a_bug_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from smfocus import cli
    from smfocus.tracker import Tracker

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("Client X payroll")

    data_dir = tmp_path / "data"
    monkeypatch.setattr(Tracker, "log", broken)
    assert run_main(["log"], capsys, data_dir=data_dir).code == cli.EXIT_BUG

    log = paths.error_log_path(data_dir)
    assert "Client X payroll" in log.read_text()
    assert mode(log) == 0o600


def test_an_older_error_log_is_tightened_when_the_next_bug_is_logged(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    log = paths.error_log_path(data_dir)
    log.write_text("old\n")
    log.chmod(0o644)

    private_files.append_text(log, "new\n")

    assert log.read_text() == "old\nnew\n"
    assert mode(log) == 0o600


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder every user can walk through, as a home folder often is (pytest's
    own temporary folders are closed to other users, which would hide a leak)."""
    folder = Path(tempfile.mkdtemp(prefix="smf-open-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_another_local_user_cannot_read_the_database(
    open_folder: Path,
    other_user: OtherUser,  # noqa: F811 (the fixture imported above)
) -> None:
    data_dir = open_folder / paths.APP_NAME
    store = open_store(data_dir)
    store.dispose()
    db = db_file(data_dir)

    attempt = other_user.python("import sys; open(sys.argv[1], 'rb').read()", str(db))
    assert attempt.returncode != 0
    assert "PermissionError" in attempt.stderr
    data_dir.chmod(0o755)  # even with the folder open, the file is closed
    attempt = other_user.python("import sys; open(sys.argv[1], 'rb').read()", str(db))
    assert "PermissionError" in attempt.stderr
