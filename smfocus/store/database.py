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

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool, StaticPool

from smfocus import paths
from smfocus.core.i18n import _
from smfocus.core.usertext import os_reason
from smfocus.errors import Fix, StoreError
from smfocus.store import private_files, schema_version, server, sqlite_file, tables
from smfocus.store.sqlite_file import explain
from smfocus.tracker_user import os_account

__all__ = ["Store", "explain", "open_store", "translate_errors"]

READONLY_OPTION = "smfocus_readonly"
BUSY_TIMEOUT_MS = 5_000


@dataclass(frozen=True)
class Store:
    """An open database: the engine, and what the user needs to know about it."""

    engine: Engine
    url: str
    path: Path | None  # the SQLite file, None for a server database
    backup: Path | None = None  # written when this start-up migrated the file
    # Whose time this is on a server database: the role in the URL. A URL without
    # one logs in as the OS account (PostgreSQL's default), so that name is used.
    role: str | None = None

    @property
    def readonly_engine(self) -> Engine:
        return self.engine.execution_options(**{READONLY_OPTION: True})

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path, *, reading: bool = False) -> Engine:
    # NullPool: a CLI process opens one connection and leaves; the tray keeps
    # its own. Pooling would only hold the file open between actions.
    # URL.create keeps the path verbatim: a URL string would decode "%20" and cut at "?".
    url = URL.create("sqlite", database=str(path))
    if reading:
        engine = create_engine(
            url,
            poolclass=NullPool,
            creator=lambda: sqlite_file.connect_for_reading(path, BUSY_TIMEOUT_MS / 1000),
        )
    else:
        engine = create_engine(url, poolclass=NullPool)

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
        readonly = reading or connection.get_execution_options().get(READONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _server_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        # The text itself is not repeated: it may hold a password.
        raise StoreError(
            _(
                "{variable} is not a database URL; write it like "
                "postgresql+psycopg://ROLE@HOST/DATABASE, or unset it to use the data folder."
            ).format(variable=paths.ENV_DATABASE_URL)
        ) from None
    tables.enable_postgresql()
    # No JIT: a report is thousands of tiny index seeks whose estimated cost is
    # high enough to trigger compilation, which then costs more (about 55 ms of
    # a 275 ms all-time report) than it saves. Set at connection, no extra trip.
    options = {"options": "-c jit=off"} if parsed.get_backend_name() == "postgresql" else {}
    try:
        return create_engine(parsed, pool_pre_ping=True, connect_args=options)
    except sa_exc.NoSuchModuleError:
        raise StoreError(
            _(
                "{variable} names {driver}, a kind of database the app cannot open; use "
                "postgresql+psycopg://ROLE@HOST/DATABASE or sqlite:///PATH."
            ).format(variable=paths.ENV_DATABASE_URL, driver=parsed.drivername)
        ) from None
    except ImportError as error:
        missing = getattr(error, "name", None) or parsed.drivername
        raise StoreError(
            _(
                "{variable} asks for {driver}, but its Python driver ({missing}) is not "
                "installed; install it (e.g. pip install 'psycopg[binary]') or unset the "
                "variable."
            ).format(variable=paths.ENV_DATABASE_URL, driver=parsed.drivername, missing=missing)
        ) from None


def open_store(
    data_dir: Path, url: str | None = None, *, readonly: bool = False, upgrade: bool = False
) -> Store:
    """Open (creating or migrating if needed) the database of ``data_dir`` or ``url``.

    A ``sqlite:///PATH`` URL names the file (its folder takes the data folder's
    place). With ``readonly`` nothing is ever written: a file that does not
    exist yet reads as empty, a file that is not ours is refused untouched, and
    the file is opened so that even a read-only folder can be read. Only a file
    of an older schema is still opened for writing: it must be migrated first.

    A server database is shared: its schema is created at start when it is empty,
    but an older one is upgraded only with ``upgrade`` (``smfocus db upgrade``).
    """
    if url and not sqlite_file.is_sqlite_url(url):
        engine = _server_engine(url)
        try:
            backup = _prepare_schema(engine, None, upgrade=upgrade)
        except (sa_exc.OperationalError, server.ServerUnreachableError) as error:
            raise StoreError(
                _(
                    "Cannot reach the database at {where}: {reason}; check that the server "
                    "runs and the URL is right."
                ).format(where=server.where(engine), reason=_first_line(error.__cause__ or error))
            ) from None
        except BaseException:
            engine.dispose()
            raise
        role = engine.url.username or os_account()
        return Store(engine=engine, url=url, path=None, backup=backup, role=role)

    if url:
        path = sqlite_file.path_from_url(url)
        data_dir = path.parent
    else:
        path = paths.database_path(data_dir)
    if readonly:
        reader = _open_for_reading(path)
        if reader is not None:
            return reader
    try:
        private_files.prepare_data_dir(data_dir)
    except OSError as error:
        raise StoreError(
            _("Cannot create the data folder {folder} ({reason}).").format(
                folder=data_dir, reason=os_reason(error)
            ),
            Fix("data_dir"),
        ) from None
    if not sqlite_file.exists(path):  # a clear sentence when the folder or file cannot be used
        private_files.create_file(path)  # 0600 before SQLite makes it 0644; -wal, -shm follow
    engine = _sqlite_engine(path)
    try:
        backup = _prepare_schema(engine, path)
        _use_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, url=str(engine.url), path=path, backup=backup)


def _open_for_reading(path: Path) -> Store | None:
    """A store that reads ``path`` and never writes it; None when the schema is older
    and must be migrated (by a normal open) first."""
    if not sqlite_file.exists(path):
        return _empty_store(path)
    engine = _sqlite_engine(path, reading=True)
    try:
        with translate_errors(path), engine.connect() as connection:
            found = schema_version.read(connection)
            connection.rollback()
        if found is None:
            raise sqlite_file.not_ours(path)
        if found not in schema_version.KNOWN:
            raise newer_schema(str(path), found)
    except BaseException:
        engine.dispose()
        raise
    if found != schema_version.HEAD:
        engine.dispose()
        return None
    return Store(engine=engine, url=str(engine.url), path=path)


def _empty_store(path: Path) -> Store:
    """Nothing is tracked yet: an empty schema in memory answers every read, and the
    folder stays as it was (no file, no folder created by a command that only reads)."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    with engine.begin() as connection:
        tables.metadata.create_all(connection)
    return Store(engine=engine, url="sqlite://", path=path)


def _use_wal(engine: Engine) -> None:
    """Switch the file to WAL, only after the schema check: switching writes the file's
    header, and a refused file (newer, not ours) must be left byte for byte. Stored in
    the file: later opens only read the mode. A read-only file keeps its mode."""
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        with suppress(sqlite3.OperationalError):
            raw.execute("PRAGMA journal_mode = WAL")


def _prepare_schema(engine: Engine, path: Path | None, *, upgrade: bool = True) -> Path | None:
    """Bring the schema to head. Returns the backup written before a migration."""
    where = str(path) if path is not None else engine.url.render_as_string()
    with translate_errors(path):
        with engine.connect() as connection:
            found = schema_version.read(connection.execution_options(**{READONLY_OPTION: True}))
            connection.rollback()
        if found == schema_version.HEAD:
            return None
        with engine.connect() as connection, connection.begin():
            # Read again under the write lock (on a server, the schema lock): another
            # process may have just done it.
            server.lock_schema(connection)
            found = schema_version.read(connection)
            if found == schema_version.HEAD:
                return None
            if found is None:
                if inspect(connection).get_table_names():  # any table: the file is not ours
                    raise sqlite_file.holds_other_tables(where)
                tables.metadata.create_all(connection)
                schema_version.stamp(connection, schema_version.HEAD)
                server.install_notify(connection)
                return None
            if found not in schema_version.KNOWN:
                raise newer_schema(where, found)
            if path is None and not upgrade:
                raise server.schema_behind(engine, found, schema_version.HEAD)
            backup = _backup(connection, path) if path is not None else None
            from smfocus.store import migrate  # Alembic: only when there is work for it

            migrate.upgrade(connection)
            server.install_notify(connection)
            return backup


def newer_schema(where: str, found: str) -> StoreError:
    return StoreError(
        _(
            "The database {where} was written by a newer smfocus, with schema {schema}; "
            "install a newer version to open it. Nothing was changed."
        ).format(where=where, schema=found)
    )


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
    except BaseException:
        # A copy that failed half-way (a full disk) is no backup: leave none.
        copy.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        copy.close()
        source.close()
    return target


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


@contextmanager
def translate_errors(path: Path | None) -> Iterator[None]:
    """Turn database failures a user can fix into :class:`StoreError`."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.DatabaseError, sqlite3.Error, OSError) as error:
        friendly = server.explain(error) if path is None else explain(error, path)
        if friendly is None and path is None:
            friendly = explain(error, path)
        if friendly is None:
            raise
        raise friendly from None


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def integrity_check(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("PRAGMA integrity_check")).scalar())
