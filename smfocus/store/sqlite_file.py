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

import errno
import os
import re
import sqlite3
import stat

from smfocus.core.i18n import _
from smfocus.core.usertext import os_reason
from smfocus.errors import Fix, StoreError
from smfocus.paths import expand_user, joined

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from pathlib import Path

    # The command line passes Path objects; ``smfocus status`` passes text, for it runs
    # every few seconds and pathlib (with urllib.parse and ipaddress) would double its time.
    PathLike = str | os.PathLike[str]

_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?://(?P<rest>.*)$", re.DOTALL)


def is_sqlite_url(url: str) -> bool:
    return url.startswith("sqlite") and _SQLITE_URL.match(url) is not None


def path_from_url(url: str) -> Path:
    """The file a ``sqlite:///PATH`` URL names (relative to the current folder, or
    absolute with four slashes), as SQLAlchemy reads it."""
    from pathlib import Path

    return Path(file_from_url(url))


def file_from_url(url: str) -> str:
    """:func:`path_from_url` as text, without pathlib."""
    match = _SQLITE_URL.match(url)
    rest = match.group("rest") if match else ""
    if not rest.startswith("/") or rest in ("/", "/:memory:") or "?" in rest:
        raise StoreError(
            _(
                "SMFOCUS_DATABASE_URL must name a SQLite file as sqlite:///relative/path or "
                "sqlite:////absolute/path, without options (an in-memory database would forget "
                "everything); or unset it to use the data folder."
            )
        )
    from urllib.parse import unquote

    if os.name != "posix":
        from pathlib import Path

        return str(Path(unquote(rest[1:])).expanduser())
    return expand_user(unquote(rest[1:]))


def _text(path: PathLike) -> str:
    """The path as ``str(Path(path))`` words it, so both callers' messages match."""
    if os.name != "posix":
        from pathlib import Path

        return str(Path(path))
    return joined(os.fspath(path))


def _parent(path: str) -> str:
    """``str(Path(path).parent)``."""
    if os.name != "posix":
        from pathlib import Path

        return str(Path(path).parent)
    return joined(os.path.dirname(path))


# Errors pathlib's exists() and is_dir() read as "no": anything else is raised.
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _is(path: str, kind: int | None = None) -> bool:
    """``Path.exists()`` (or ``is_dir()`` with ``stat.S_IFDIR``), without pathlib."""
    try:
        found = os.stat(path)
    except OSError as error:
        if error.errno in _ABSENT:
            return False
        raise
    except ValueError:
        return False
    return kind is None or stat.S_IFMT(found.st_mode) == kind


def exists(path: PathLike) -> bool:
    """Whether the database file exists; StoreError when its place cannot be used."""
    path = _text(path)
    folder = _parent(path)
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise StoreError(
            _(
                "The data folder {folder} is not a folder (a file has that name, or one of its "
                "parents); move it away."
            ).format(folder=folder),
            Fix("data_dir"),
        ) from None
    except PermissionError:
        raise StoreError(
            _(
                "Cannot reach {path}: a folder on the way to it cannot be opened (permission "
                "denied); check the folders' permissions."
            ).format(path=path),
            Fix("data_dir"),
        ) from None
    except OSError as error:
        raise StoreError(
            _("Cannot reach {path} ({reason}); check the disk.").format(
                path=path, reason=os_reason(error)
            ),
            Fix("data_dir"),
        ) from None
    if not stat.S_ISREG(found.st_mode):
        raise StoreError(
            _("{path} is not a file; move it away.").format(path=path), Fix("data_dir")
        )
    if not os.access(path, os.R_OK):
        raise StoreError(
            _("{path} cannot be read (permission denied); check its permissions.").format(
                path=path
            ),
            Fix("data_dir"),
        )
    return True


# What a file URI keeps as is (urllib.parse.quote's safe set, with "/").
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def _file_uri(path: str) -> str:
    """``Path(path).absolute().as_uri()``: percent-encoded, so that ``?`` or ``#`` in a
    folder's name reach SQLite as part of the path."""
    if os.name != "posix":
        from pathlib import Path

        return Path(path).absolute().as_uri()
    absolute = joined(path) if path.startswith("/") else joined(os.getcwd(), path)
    quoted = "".join(
        chr(byte) if byte in _URI_SAFE else f"%{byte:02X}" for byte in os.fsencode(absolute)
    )
    return "file://" + quoted


def reader_uri(path: PathLike) -> str:
    """The SQLite URI that reads ``path`` without writing to it (see the module doc)."""
    path = _text(path)
    folder = _parent(path)
    uri = _file_uri(path)
    if os.access(folder, os.W_OK) and os.access(path, os.W_OK):
        return f"{uri}?mode=rw"
    pending = _is(path + "-wal") or _is(path + "-journal")
    if not os.access(folder, os.W_OK) and not pending:
        return f"{uri}?mode=ro&immutable=1"
    return f"{uri}?mode=ro"


def connect_for_reading(path: PathLike, timeout: float) -> sqlite3.Connection:
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


def not_ours(path: PathLike) -> StoreError:
    """The error for a file that exists but holds no smfocus schema."""
    path = _text(path)
    try:
        empty = os.stat(path).st_size == 0
    except OSError:
        empty = False
    if empty:
        return StoreError(
            _(
                "The database {path} is an empty file, with nothing tracked yet; it was left "
                "untouched (the first command that records something sets it up)."
            ).format(path=path)
        )
    return holds_other_tables(path)


def holds_other_tables(where: str) -> StoreError:
    """The error for a database whose tables are someone else's."""
    return StoreError(
        _(
            "The database {path} holds tables not written by smfocus; it was left untouched."
        ).format(path=where),
        Fix("data_dir"),
    )


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _open_failure(path: str) -> StoreError:
    """Why SQLite could not open ``path``, found by looking at the file and folder."""
    folder = _parent(path)
    try:
        if not _is(folder, stat.S_IFDIR):
            return StoreError(
                _("Cannot open {path}: its folder {folder} does not exist; create it.").format(
                    path=path, folder=folder
                ),
                Fix("data_dir"),
            )
        if not os.access(folder, os.X_OK):
            return StoreError(
                _(
                    "Cannot open {path}: its folder {folder} cannot be opened; check the "
                    "folder's permissions."
                ).format(path=path, folder=folder)
            )
        if _is(path) and not os.access(path, os.R_OK):
            return StoreError(
                _("Cannot open {path}: the file cannot be read; check its permissions.").format(
                    path=path
                )
            )
        if not os.access(folder, os.W_OK):
            return StoreError(
                _(
                    "Cannot open {path}: its folder {folder} is not writable, and SQLite needs "
                    "to write beside the file; check the folder's permissions."
                ).format(path=path, folder=folder),
                Fix("data_dir"),
            )
    except OSError:
        return StoreError(
            _(
                "Cannot open {path}: a folder on the way to it cannot be opened; check the "
                "folders' permissions."
            ).format(path=path)
        )
    return StoreError(
        _("Cannot open {path}: check that it and its folder can be read and written.").format(
            path=path
        )
    )


def explain(error: BaseException, path: PathLike | None) -> StoreError | None:
    """A user's sentence for a database failure they can fix, or None for a bug."""
    message = _first_line(error).lower()
    # Each sentence twice, with the file's path and without (a server database):
    # a translation cannot glue "the database" into "The database {path}".
    if "locked" in message or "busy" in message:
        if path is None:
            return StoreError(
                _("The database is locked by another program; wait a moment and try again.")
            )
        return StoreError(
            _(
                "The database {path} is locked by another program; wait a moment and try again."
            ).format(path=path)
        )
    if "readonly" in message or "read-only" in message or "read only" in message:
        if path is None:
            return StoreError(_("The database is read-only; check its permissions."))
        return StoreError(
            _("The database {path} is read-only; check its permissions.").format(path=path),
            Fix("data_dir"),
        )
    if "disk is full" in message or "disk full" in message or "no space" in message:
        if path is None:
            return StoreError(
                _("The disk holding the database is full; free some space and try again.")
            )
        return StoreError(
            _("The disk holding {path} is full; free some space and try again.").format(path=path)
        )
    if "disk i/o error" in message:
        if path is None:
            return StoreError(
                _(
                    "Cannot use the database: the disk is full or its folder is unusable "
                    "(disk I/O error); free some space."
                )
            )
        return StoreError(
            _(
                "Cannot use {path}: the disk is full or its folder is unusable (disk I/O error); "
                "free some space."
            ).format(path=path),
            Fix("data_dir"),
        )
    if "not a database" in message or "malformed" in message:
        if path is None:
            return StoreError(_("The database is damaged or not a database."))
        return StoreError(
            _(
                "{path} is damaged or not a database; restore a copy from its backups folder."
            ).format(path=path),
            Fix("data_dir"),
        )
    if "unable to open" in message:
        if path is None:
            return StoreError(
                _("Cannot open the database; check that it can be read and written.")
            )
        return _open_failure(_text(path))
    return None
