"""The SQLite file itself: where a URL points, whether it can be reached, opening it
for reading without writing a byte, and what its failures mean to a user.

Only the standard library here: ``smfocus status`` uses this module without
loading SQLAlchemy.

Reading never writes. A read connection uses ``PRAGMA query_only``, and its
open mode depends on the folder:

- file and folder writable: a normal connection. In WAL mode SQLite makes
  ``-wal`` and ``-shm`` files to read, and the last connection to close
  removes them; a ``mode=ro`` connection could not, and left them behind.
- folder not writable and no ``-wal`` or ``-journal`` beside the file: nobody
  can write the file (a writer must create one of those), so it is read as
  ``immutable``, the only way SQLite reads a WAL file whose ``-shm`` it cannot
  create.
- otherwise ``mode=ro``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path
from urllib.parse import unquote

from smfocus.errors import StoreError

_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?://(?P<rest>.*)$", re.DOTALL)


def is_sqlite_url(url: str) -> bool:
    return url.startswith("sqlite") and _SQLITE_URL.match(url) is not None


def path_from_url(url: str) -> Path:
    """The file a ``sqlite:///PATH`` URL names (relative to the current folder, or
    absolute with four slashes), as SQLAlchemy reads it."""
    match = _SQLITE_URL.match(url)
    rest = match.group("rest") if match else ""
    if not rest.startswith("/") or rest in ("/", "/:memory:") or "?" in rest:
        raise StoreError(
            "SMFOCUS_DATABASE_URL must name a SQLite file as sqlite:///relative/path or "
            "sqlite:////absolute/path, without options (an in-memory database would forget "
            "everything); or unset it to use the data folder."
        )
    return Path(unquote(rest[1:])).expanduser()


def exists(path: Path) -> bool:
    """Whether the database file exists; StoreError when its place cannot be used."""
    folder = path.parent
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise StoreError(
            f"The data folder {folder} is not a folder (a file has that name, or one of its "
            "parents); move it away or choose another --data-dir."
        ) from None
    except PermissionError:
        raise StoreError(
            f"Cannot reach {path}: a folder on the way to it cannot be opened (permission "
            "denied); check the folders' permissions or choose another --data-dir."
        ) from None
    except OSError as error:
        raise StoreError(
            f"Cannot reach {path} ({error.strerror}); check the disk or choose another --data-dir."
        ) from None
    if not stat.S_ISREG(found.st_mode):
        raise StoreError(f"{path} is not a file; move it away or choose another --data-dir.")
    if not os.access(path, os.R_OK):
        raise StoreError(
            f"{path} cannot be read (permission denied); check its permissions "
            "or choose another --data-dir."
        )
    return True


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def reader_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing to it (see the module doc)."""
    uri = path.absolute().as_uri()
    if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
        return f"{uri}?mode=rw"
    pending = _beside(path, "-wal").exists() or _beside(path, "-journal").exists()
    if not os.access(path.parent, os.W_OK) and not pending:
        return f"{uri}?mode=ro&immutable=1"
    return f"{uri}?mode=ro"


def connect_for_reading(path: Path, timeout: float) -> sqlite3.Connection:
    connection = sqlite3.connect(reader_uri(path), uri=True, timeout=timeout)
    try:
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def schema_revision(connection: sqlite3.Connection, table: str) -> str | None:
    """The version row of ``table``, None when the file has no such table (not ours)."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if found is None:
        return None
    row = connection.execute(f"SELECT version_num FROM {table}").fetchone()
    return None if row is None else str(row[0])


def not_ours(path: Path) -> StoreError:
    """The error for a file that exists but holds no smfocus schema."""
    try:
        empty = path.stat().st_size == 0
    except OSError:
        empty = False
    if empty:
        return StoreError(
            f"The database {path} is an empty file, with nothing tracked yet; it was left "
            "untouched (the first command that records something sets it up)."
        )
    return StoreError(
        f"The database {path} holds tables smfocus did not write; it was left untouched; "
        "choose another --data-dir."
    )


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _open_failure(path: Path) -> str:
    """Why SQLite could not open ``path``, found by looking at the file and folder."""
    folder = path.parent
    try:
        if not folder.is_dir():
            return f"its folder {folder} does not exist; create it or choose another --data-dir"
        if not os.access(folder, os.X_OK):
            return f"its folder {folder} cannot be opened; check the folder's permissions"
        if path.exists() and not os.access(path, os.R_OK):
            return "the file cannot be read; check its permissions"
        if not os.access(folder, os.W_OK):
            return (
                f"its folder {folder} is not writable, and SQLite needs to write beside "
                "the file; check the folder's permissions or choose another --data-dir"
            )
    except OSError:
        return "a folder on the way to it cannot be opened; check the folders' permissions"
    return "check that it and its folder can be read and written"


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
    if "disk i/o error" in message:
        return StoreError(
            f"Cannot use {where}: the disk is full or its folder is unusable (disk I/O error); "
            "free some space, or choose another --data-dir."
        )
    if "not a database" in message or "malformed" in message:
        return StoreError(
            f"{where} is not a readable smfocus database; restore a copy from its backups folder "
            "or choose another --data-dir."
        )
    if "unable to open" in message:
        if path is None:
            return StoreError("Cannot open the database; check that it can be read and written.")
        return StoreError(f"Cannot open {where}: {_open_failure(path)}.")
    return None
