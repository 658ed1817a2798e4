"""Opening the database: engine set-up, schema version, backups, migrations.

SQLite is used in WAL mode (readers never wait for the writer) with foreign
keys on. Every write transaction starts with ``BEGIN IMMEDIATE``: it takes the
write lock before the first read, so a use case that checks "does this
overlap?" and then writes cannot be overtaken by another process between the
check and the write. Read-only work uses a deferred ``BEGIN``.

Start-up reads the schema version with one small query and imports Alembic
only when there is something to migrate: Alembic costs more to import than a
whole ``smfocus start``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool

from smfocus import paths
from smfocus.errors import StoreError
from smfocus.store import private_files, schema_version, tables

READONLY_OPTION = "smfocus_readonly"
BUSY_TIMEOUT_MS = 5_000


@dataclass(frozen=True)
class Store:
    """An open database: the engine, and what the user needs to know about it."""

    engine: Engine
    url: str
    path: Path | None  # the SQLite file, None for a server database
    backup: Path | None = None  # written when this start-up migrated the file

    @property
    def readonly_engine(self) -> Engine:
        return self.engine.execution_options(**{READONLY_OPTION: True})

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path) -> Engine:
    # NullPool: a CLI process opens one connection and leaves; the tray keeps
    # its own. Pooling would only hold the file open between actions.
    # URL.create keeps the path verbatim: a URL string would decode "%20" and cut at "?".
    engine = create_engine(URL.create("sqlite", database=str(path)), poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL is switched on by open_store once the schema is known to be ours.
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe in WAL mode
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        readonly = connection.get_execution_options().get(READONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _server_engine(url: str) -> Engine:
    tables.enable_postgresql()
    return create_engine(url, pool_pre_ping=True)


def open_store(data_dir: Path, url: str | None = None) -> Store:
    """Open (creating or migrating if needed) the database of ``data_dir`` or ``url``."""
    if url and not url.startswith("sqlite"):
        engine = _server_engine(url)
        try:
            backup = _prepare_schema(engine, None)
        except sa_exc.OperationalError as error:
            raise StoreError(
                f"Cannot reach the database at {engine.url.render_as_string()}: "
                f"{_first_line(error)}; check that the server runs and the URL is right."
            ) from None
        return Store(engine=engine, url=url, path=None, backup=backup)

    path = paths.database_path(data_dir)
    try:
        private_files.prepare_data_dir(data_dir)
    except OSError as error:
        raise StoreError(
            f"Cannot create the data folder {data_dir} ({error.strerror}); "
            "choose another with --data-dir or SMFOCUS_DATA_DIR."
        ) from None
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a file; move it away or choose another --data-dir.")
    private_files.create_file(path)  # 0600 before SQLite makes it 0644; -wal, -shm follow
    engine = _sqlite_engine(path)
    try:
        backup = _prepare_schema(engine, path)
        _use_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, url=str(engine.url), path=path, backup=backup)


def _use_wal(engine: Engine) -> None:
    """Switch the file to WAL, only after the schema check: switching writes the file's
    header, and a refused file (newer, not ours) must be left byte for byte. Stored in
    the file: later opens only read the mode. A read-only file keeps its mode."""
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        with suppress(sqlite3.OperationalError):
            raw.execute("PRAGMA journal_mode = WAL")


def _prepare_schema(engine: Engine, path: Path | None) -> Path | None:
    """Bring the schema to head. Returns the backup written before a migration."""
    where = str(path) if path is not None else engine.url.render_as_string()
    with translate_errors(path):
        with engine.connect() as connection:
            found = schema_version.read(connection.execution_options(**{READONLY_OPTION: True}))
            connection.rollback()
        if found == schema_version.HEAD:
            return None
        with engine.connect() as connection, connection.begin():
            # Read again under the write lock: another process may have just done it.
            found = schema_version.read(connection)
            if found == schema_version.HEAD:
                return None
            if found is None:
                if connection.dialect.has_table(connection, "projects"):
                    raise StoreError(
                        f"The database {where} holds tables smfocus did not write; "
                        "choose another --data-dir."
                    )
                tables.metadata.create_all(connection)
                schema_version.stamp(connection, schema_version.HEAD)
                return None
            if found not in schema_version.KNOWN:
                raise StoreError(
                    f"The database {where} was written by a newer smfocus (schema {found}); "
                    "upgrade smfocus to open it. Nothing was changed."
                )
            backup = _backup(connection, path) if path is not None else None
            from smfocus.store import migrate  # Alembic: only when there is work for it

            migrate.upgrade(connection)
            return backup


def _backup(connection: Connection, path: Path) -> Path:
    """Copy the file aside with SQLite's backup API (consistent even mid-WAL)."""
    folder = paths.backups_dir(path.parent)
    private_files.make_dir(folder)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-before-upgrade-{stamp}{path.suffix}"
    # Read through a second connection: SQLite answers SQLITE_LOCKED to a backup
    # from a connection holding a write transaction, and Python retries that
    # forever. ``connection`` keeps the write lock, so the copy is still consistent.
    source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    private_files.create_file(target)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


def explain(error: BaseException, path: Path | None) -> StoreError | None:
    """A user's sentence for a database failure they can fix, or None for a bug."""
    message = _first_line(error).lower()
    where = str(path) if path is not None else "the database"
    if "locked" in message or "busy" in message:
        return StoreError(
            f"The database {where} is locked by another program; wait a moment and try again."
        )
    if "readonly" in message or "read-only" in message or "read only" in message:
        return StoreError(
            f"The database {where} is read-only; "
            "check its permissions or choose another --data-dir."
        )
    if "disk is full" in message or "disk full" in message or "no space" in message:
        return StoreError(f"The disk holding {where} is full; free some space and try again.")
    if "not a database" in message or "malformed" in message:
        return StoreError(
            f"{where} is not a readable smfocus database; restore a copy from its backups folder "
            "or choose another --data-dir."
        )
    if "unable to open" in message:
        return StoreError(f"Cannot open {where}; check that its folder exists and is writable.")
    return None


@contextmanager
def translate_errors(path: Path | None) -> Iterator[None]:
    """Turn database failures a user can fix into :class:`StoreError`."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.DatabaseError, sqlite3.Error, OSError) as error:
        friendly = explain(error, path)
        if friendly is None:
            raise
        raise friendly from None


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def integrity_check(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("PRAGMA integrity_check")).scalar())
