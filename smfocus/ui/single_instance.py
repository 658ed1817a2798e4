"""One smfocus per user and database: a second launch hands over and leaves.

The first instance listens on a local socket named after the database; a
second one connects, asks it to show its focus window, and exits.

Where the socket lives, and why: a predictable name in the shared ``/tmp``
let another local user bind it first (the real app then left saying "already
running", and the squatter read its messages). So the socket sits in a folder
only this user can enter:

1. ``$XDG_RUNTIME_DIR/smfocus/``: the runtime folder the session manager made
   for this user, trusted only if it is ours and closed to others (0700);
2. else ``<temp>/smfocus-<uid>/``, created 0700 by us; trusted only if it is a
   real folder (no link), owned by us and closed to others: a folder another
   user made first is never used;
3. else ``<data folder>/run/``, under the same checks.

A folder whose socket path would exceed the 108 bytes a socket path may have
(a deep ``XDG_RUNTIME_DIR``) is passed over like an untrusted one. With none of
these, there is no single-instance guard (the app still runs, and says so).
The server also checks that each peer is this user (``SO_PEERCRED`` on
Linux), and the client that the server is; a socket file nobody listens on is
removed, and anything else at the path (a plain file) is neither mistaken for
a running app nor left to block the next start.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket as pysocket
import stat
import struct
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from smfocus.store import private_files

CONNECT_TIMEOUT_MS = 300
MESSAGE = b"show\n"
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


def peer_uid(socket: QLocalSocket) -> int | None:
    """The user id of the process at the other end, where the system tells it."""
    option = getattr(pysocket, "SO_PEERCRED", None)
    descriptor = int(socket.socketDescriptor())
    if option is None or descriptor < 0:
        return None
    # fromfd duplicates the descriptor: closing the copy leaves Qt's socket alone.
    with pysocket.fromfd(descriptor, pysocket.AF_UNIX, pysocket.SOCK_STREAM) as copy:
        credentials = copy.getsockopt(pysocket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid)


def _is_socket(path: str) -> bool:
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except OSError:
        return False


def hand_over(name: str) -> bool:
    """True if another instance of this user answered and was asked to show itself."""
    if not _is_socket(name):
        return False  # nothing there, or a plain file: no app behind it
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    uid = peer_uid(socket)
    if uid is not None and uid != os.getuid():
        _log.warning("%s is served by user %s, not by us: ignored", name, uid)
        socket.abort()
        return False
    socket.write(MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches of the same user.

    Signals:
        show_requested(): another launch asked this instance to come forward.
    """

    show_requested = Signal()

    def __init__(
        self, name: str, parent: QObject | None = None, *, uid: int | None = None
    ) -> None:
        """``uid``: the only user whose launches count (default: this process's)."""
        super().__init__(parent)
        self._uid = os.getuid() if uid is None else uid
        self.server = QLocalServer(self)
        # No socket options: the folder already keeps others out, and with an
        # access option Qt binds in a longer temporary path first, which can
        # exceed the 108 bytes a socket path may have.
        if not self.server.listen(name):
            # Nobody answered hand_over(), so whatever is at the path is stale: a
            # socket left by a crash, or a plain file. Our folder, our leftovers.
            with contextlib.suppress(OSError):
                found = os.lstat(name)
                if not stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid():
                    os.unlink(name)
            if not self.server.listen(name):
                _log.warning(
                    "cannot listen on %s (%s): a second launch will not find this one",
                    name,
                    self.server.errorString(),
                )
        self.server.newConnection.connect(self._on_connection)

    def is_listening(self) -> bool:
        return self.server.isListening()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            uid = peer_uid(socket)
            if uid is not None and uid != self._uid:
                _log.warning("refused a connection from user %s", uid)
                socket.abort()
                socket.deleteLater()
                continue
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(b"show"):
            self.show_requested.emit()
