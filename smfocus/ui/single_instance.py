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
import logging
import os
import socket as pysocket
import stat
import struct

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from smfocus.instance_socket import (
    FOLDER_NAME,
    instance_key,
    is_socket,
    server_name,
    socket_folder,
)

# Where the socket lives is decided Qt-free (smfocus.instance_socket), so the
# command line can tell whether a tray runs; it is re-exported here.
__all__ = [
    "CONNECT_TIMEOUT_MS",
    "FOLDER_NAME",
    "MESSAGE",
    "InstanceServer",
    "hand_over",
    "instance_key",
    "is_socket",
    "peer_uid",
    "server_name",
    "socket_folder",
]

CONNECT_TIMEOUT_MS = 300
MESSAGE = b"show\n"
_log = logging.getLogger(__name__)


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


def hand_over(name: str) -> bool:
    """True if another instance of this user answered and was asked to show itself."""
    if not is_socket(name):
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
