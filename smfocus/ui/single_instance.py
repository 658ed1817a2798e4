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

from PySide6.QtCore import QObject, QSocketNotifier, Signal

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
_BACKLOG = 8
_log = logging.getLogger(__name__)


def peer_uid(connection: pysocket.socket) -> int | None:
    """The user id of the process at the other end, where the system tells it."""
    option = getattr(pysocket, "SO_PEERCRED", None)
    if option is None:
        return None
    credentials = connection.getsockopt(pysocket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid)


def hand_over(name: str) -> bool:
    """True if another instance of this user answered and was asked to show itself."""
    if not is_socket(name):
        return False  # nothing there, or a plain file: no app behind it
    with pysocket.socket(pysocket.AF_UNIX, pysocket.SOCK_STREAM) as client:
        client.settimeout(CONNECT_TIMEOUT_MS / 1000)
        try:
            client.connect(name)
            uid = peer_uid(client)
            if uid is not None and uid != os.getuid():
                _log.warning("%s is served by user %s, not by us: ignored", name, uid)
                return False
            client.sendall(MESSAGE)
        except OSError:
            return False  # refused (a socket left by a crash), or the app died meanwhile
    return True


def _listen(name: str) -> pysocket.socket:
    server = pysocket.socket(pysocket.AF_UNIX, pysocket.SOCK_STREAM)
    try:
        server.bind(name)
        server.listen(_BACKLOG)
    except OSError:
        server.close()
        raise
    server.setblocking(False)
    return server


class InstanceServer(QObject):
    """Listens for later launches of the same user.

    A plain Unix socket watched by a ``QSocketNotifier``: QtNetwork's local
    server would load a whole library (megabytes resident all day) for one
    short message per launch.

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
        self._name = name
        self._socket: pysocket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._bound: tuple[int, int] | None = None  # (device, inode) of our socket file
        try:
            self._socket = _listen(name)
        except OSError:
            # Nobody answered hand_over(), so whatever is at the path is stale: a
            # socket left by a crash, or a plain file. Our folder, our leftovers.
            with contextlib.suppress(OSError):
                found = os.lstat(name)
                if not stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid():
                    os.unlink(name)
            try:
                self._socket = _listen(name)
            except OSError as error:
                _log.warning(
                    "cannot listen on %s (%s): a second launch will not find this one",
                    name,
                    error.strerror or error,
                )
                return
        with contextlib.suppress(OSError):
            found = os.lstat(name)
            self._bound = (found.st_dev, found.st_ino)
        self._notifier = QSocketNotifier(self._socket.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_connection)

    def is_listening(self) -> bool:
        return self._socket is not None

    def close(self) -> None:
        """Stop listening and remove the socket file, if it is still the one we made
        (a later instance may have replaced it)."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._socket is None:
            return
        self._socket.close()
        self._socket = None
        with contextlib.suppress(OSError):
            found = os.lstat(self._name)
            if (found.st_dev, found.st_ino) == self._bound:
                os.unlink(self._name)

    def _on_connection(self, *_signal_args: object) -> None:
        while self._socket is not None:
            try:
                connection, _address = self._socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                _log.warning("cannot accept a connection on %s: %s", self._name, error)
                return
            with connection:
                uid = peer_uid(connection)
                if uid is not None and uid != self._uid:
                    _log.warning("refused a connection from user %s", uid)
                    continue
                if _read_message(connection).startswith(MESSAGE.strip()):
                    self.show_requested.emit()


def _read_message(connection: pysocket.socket) -> bytes:
    """The few bytes a launch sends; a peer that says nothing holds the app up no
    longer than the connect timeout."""
    connection.settimeout(CONNECT_TIMEOUT_MS / 1000)
    received = b""
    with contextlib.suppress(OSError):
        while len(received) < len(MESSAGE):
            chunk = connection.recv(len(MESSAGE) - len(received))
            if not chunk:
                break
            received += chunk
    return received
