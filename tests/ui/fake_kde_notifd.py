"""A fake KDE Plasma notification server: ``org.freedesktop.Notifications``
with the ``inhibitions`` capability and ``Inhibit``/``UnInhibit``, as Plasma's
notification manager serves them, for the do-not-disturb tests.

    python fake_kde_notifd.py BUS_ADDRESS RECORD_FILE

Like Plasma, it drops an inhibition when the connection that took it ends
(a client killed with -9 cannot call UnInhibit). Every event is appended to
RECORD_FILE as one JSON line before the reply is sent:
``{"inhibit": cookie, "sender": ":1.N", "pid": P, "app": ..., "reason": ...}``,
``{"uninhibit": cookie, "known": bool}``, ``{"dropped": cookie}``.
The process prints ``ready`` once the name is owned.
"""

# The method names are the service's, in its CamelCase.
# ruff: noqa: N802

from __future__ import annotations

import itertools
import json
import sys
from typing import Any

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServiceWatcher

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
_class_info: Any = ClassInfo


@_class_info({"D-Bus Interface": SERVICE})
class Server(QObject):
    def __init__(self, bus: QDBusConnection, record: str) -> None:
        super().__init__()
        self._bus = bus
        self._record = record
        self._cookies = itertools.count(1)
        self.held: dict[int, str] = {}  # cookie -> the sender's unique name
        self._watcher = QDBusServiceWatcher(self)
        self._watcher.setConnection(bus)
        self._watcher.setWatchMode(QDBusServiceWatcher.WatchModeFlag.WatchForUnregistration)
        self._watcher.serviceUnregistered.connect(self._gone)

    def _write(self, entry: dict[str, Any]) -> None:
        with open(self._record, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["body", "actions", "inhibitions"]

    # The trailing QDBusMessage is not part of the D-Bus signature: Qt passes
    # the call itself, which names the sender.
    @Slot(str, str, "QVariantMap", QDBusMessage, result="uint")
    def Inhibit(self, app: str, reason: str, hints: dict[str, Any], message: QDBusMessage) -> int:
        cookie = next(self._cookies)
        sender = message.service()
        self.held[cookie] = sender
        self._watcher.addWatchedService(sender)
        pid = self._bus.interface().servicePid(sender).value()
        self._write({"inhibit": cookie, "sender": sender, "pid": pid, "app": app,
                     "reason": reason})  # fmt: skip
        return cookie

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:
        known = self.held.pop(cookie, None) is not None
        self._write({"uninhibit": cookie, "known": known})

    def _gone(self, name: str) -> None:
        for cookie, sender in list(self.held.items()):
            if sender == name:
                del self.held[cookie]
                self._write({"dropped": cookie})
        self._watcher.removeWatchedService(name)


def main(argv: list[str]) -> int:
    address, record = argv[1], argv[2]
    app = QCoreApplication(argv[:1])
    bus = QDBusConnection.connectToBus(address, "fake_kde_notifd")
    server = Server(bus, record)
    if not (
        bus.registerObject(PATH, server, QDBusConnection.RegisterOption.ExportAllSlots)
        and bus.registerService(SERVICE)
    ):
        print("could not register:", bus.lastError().message(), flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
