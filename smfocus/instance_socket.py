"""Where the tray's single-instance socket lives, and whether a tray listens on it.

Qt-free, so the command line can ask "is the tray running?" without loading
Qt: ``smfocus/ui/single_instance.py`` (the listening side) explains the choice
of folder. A socket file nobody listens on (left by a crash) refuses the
connection, so only a live tray counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
import stat
import tempfile
from pathlib import Path

from smfocus import paths
from smfocus.store import private_files

PROBE_TIMEOUT_S = 0.3
FOLDER_NAME = "smfocus"
_DIGITS = 12  # of the database's hash, in the socket's name
# A socket path must fit in sun_path: 108 bytes on Linux, with its final NUL.
_MAX_PATH_BYTES = 107
_log = logging.getLogger(__name__)


def _is_private_folder(folder: Path) -> bool:
    """A real folder (not a link), owned by this user, closed to everyone else."""
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == os.getuid()
        and stat.S_IMODE(found.st_mode) & 0o077 == 0
    )


def _private_folder(folder: Path) -> Path | None:
    """``folder``, created 0700 if missing; None if it exists and is not ours alone,
    or if a socket in it would have too long a path."""
    if len(os.fsencode(server_name("", folder))) > _MAX_PATH_BYTES:
        return None
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass  # checked below, never changed: it may be someone else's
    except OSError:
        return None
    else:
        os.chmod(folder, 0o700)  # the umask may have taken more
    return folder if _is_private_folder(folder) else None


def socket_folder(
    data_dir: Path, *, runtime_dir: str | None = None, temp_dir: str | None = None
) -> Path | None:
    """The private folder for the socket (see the module docstring); ``runtime_dir``
    and ``temp_dir`` default to ``$XDG_RUNTIME_DIR`` and the system's temp folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR") if runtime_dir is None else runtime_dir
    if runtime and Path(runtime).is_absolute() and _is_private_folder(Path(runtime)):
        found = _private_folder(Path(runtime) / FOLDER_NAME)
        if found is not None:
            return found
    temp = tempfile.gettempdir() if temp_dir is None else temp_dir
    found = _private_folder(Path(temp) / f"{FOLDER_NAME}-{os.getuid()}")
    if found is not None:
        return found
    _log.warning("no private folder in %s for the socket; using the data folder", Path(temp))
    try:
        private_files.make_dir(data_dir)
    except OSError:
        return None
    return _private_folder(data_dir / "run")


def server_name(key: str, folder: Path) -> str:
    """The socket's full path for the database ``key`` (a file path or a URL)."""
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:_DIGITS]
    return str(folder / f"instance-{digest}")


def instance_key(data_dir: Path, url: str | None) -> str:
    """What names the socket: the database URL, else the database file's full path."""
    return str(url or paths.database_path(data_dir).resolve())


def is_socket(path: str) -> bool:
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except OSError:
        return False


def is_listening(name: str) -> bool:
    """True if something accepts connections on the Unix socket ``name``."""
    if not is_socket(name):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(PROBE_TIMEOUT_S)
        try:
            probe.connect(name)
        except OSError:
            return False
    return True


def tray_running(data_dir: Path, url: str | None) -> bool:
    """True if a tray app for this database is running (for this user)."""
    with contextlib.suppress(OSError):
        folder = socket_folder(data_dir)
        if folder is not None:
            return is_listening(server_name(instance_key(data_dir, url), folder))
    return False
