"""Files only their owner can read: the database, its journals, backups, the error log.

A task name such as "Client X payroll" is nobody else's business, so what
smfocus creates is 0600 (files) and 0700 (folders) whatever the umask, and
what an older smfocus left readable is tightened at every start.

The rule for what already exists, chosen to never hurt a user's own choices:

- only the paths smfocus owns by name are touched: the database and its
  ``-wal``/``-shm``/``-journal``, ``backups/`` and the files in it, the error log;
- the data folder itself only when smfocus creates it now, or when it is named
  ``smfocus`` (the platform default, ``~/.local/share/smfocus``): a folder the
  user chose (``--data-dir ~``) is theirs, and the 0600 files in it are
  private anyway;
- only group and other bits are removed, none is ever added (a database the
  user made read-only stays read-only), and only on paths owned by the
  current user; symbolic links are not followed.

SQLite creates the ``-wal`` and ``-shm`` files itself with the mode of the
database file (checked with SQLite 3.40 under umask 022), so creating the
database 0600 before SQLite opens it is enough for them; they are tightened
at start too, for files an older version created.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

from smfocus import paths

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_GROUP_AND_OTHERS = 0o077
_DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")


def make_dir(folder: Path) -> bool:
    """Create ``folder`` and any missing parent as 0700. True if ``folder`` was
    created now. Errors of ``mkdir`` (a read-only disk, a file in the way) pass up."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # another process was quicker; it is not ours to change
        # mkdir's mode went through the umask; a umask such as 0o277 would leave
        # a folder we cannot write into.
        os.chmod(path, PRIVATE_DIR)
    if not folder.is_dir():
        folder.mkdir()  # raises the error a user can read (a file is in the way)
    return folder in missing


def create_file(path: Path) -> None:
    """Create ``path`` empty and 0600 unless something is already there. Failures
    are left to the program that opens the file next, which words them."""
    with suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def append_text(path: Path, text: str) -> None:
    """Append ``text`` to ``path``, a file of this folder only its owner may read."""
    prepare_data_dir(path.parent)
    tighten(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(text)


def tighten(path: Path) -> None:
    """Remove group and other permissions from ``path`` when it is ours."""
    try:
        found = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(found.st_mode) or found.st_uid != os.getuid():
        return
    mode = stat.S_IMODE(found.st_mode)
    if mode & _GROUP_AND_OTHERS:
        with suppress(OSError):  # a read-only disk: nothing we can do, nothing to stop for
            os.chmod(path, mode & ~_GROUP_AND_OTHERS)


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data folder if needed and tighten every file smfocus keeps in it."""
    created = make_dir(data_dir)
    if created or data_dir.name == paths.APP_NAME:
        tighten(data_dir)
    database = paths.database_path(data_dir)
    tighten(database)
    for suffix in _DATABASE_COMPANIONS:
        tighten(database.with_name(database.name + suffix))
    tighten(paths.error_log_path(data_dir))
    backups = paths.backups_dir(data_dir)
    tighten(backups)
    with suppress(OSError):
        for entry in backups.iterdir():
            tighten(entry)
