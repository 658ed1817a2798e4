"""A fake ``org.kde.StatusNotifierWatcher``: what KDE's panel, the GNOME
AppIndicator extension and waybar provide, so that Qt shows its tray icon as
a D-Bus StatusNotifierItem instead of an XEmbed window.

    python fake_sni_watcher.py BUS_ADDRESS RECORD_FILE

Every RegisterStatusNotifierItem call is appended to RECORD_FILE as one JSON
line (the argument, and the caller's unique name) before the reply is sent.
It claims a host is registered: Qt asks before it shows an item. The process
prints ``ready`` once the name is owned.
"""

# The method, property and signal names are the specification's, in its CamelCase.
# ruff: noqa: N802

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import ClassInfo, Property, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

SERVICE = "org.kde.StatusNotifierWatcher"
PATH = "/StatusNotifierWatcher"
# PySide6's stubs describe ClassInfo as neither taking a dict nor decorating.
_class_info: Any = ClassInfo
EXPORT = (
    QDBusConnection.RegisterOption.ExportAllSlots
    | QDBusConnection.RegisterOption.ExportAllSignals
    | QDBusConnection.RegisterOption.ExportAllProperties
)


@_class_info({"D-Bus Interface": SERVICE})
class Watcher(QObject):
    StatusNotifierItemRegistered = Signal(str)
    StatusNotifierItemUnregistered = Signal(str)
    StatusNotifierHostRegistered = Signal()

    def __init__(self, record: str) -> None:
        super().__init__()
        self._record = record
        self._items: list[str] = []

    # The trailing QDBusMessage is not part of the D-Bus signature: Qt passes
    # the call itself, which names the caller.
    @Slot(str, QDBusMessage)
    def RegisterStatusNotifierItem(self, service: str, message: QDBusMessage) -> None:
        sender = message.service()
        # An item may give its bus name or only its object path (then it is the caller's).
        item = f"{sender}{service}" if service.startswith("/") else service
        with open(self._record, "a", encoding="utf-8") as out:
            out.write(json.dumps({"service": service, "sender": sender, "item": item}) + "\n")
        self._items.append(item)
        self.StatusNotifierItemRegistered.emit(item)

    @Slot(str)
    def RegisterStatusNotifierHost(self, service: str) -> None:
        self.StatusNotifierHostRegistered.emit()

    def _registered_items(self) -> list[str]:
        return list(self._items)

    def _host_registered(self) -> bool:
        return True

    def _protocol_version(self) -> int:
        return 0

    # D-Bus "as": PySide6 takes the Qt type's name (its stubs want a Python type).
    RegisteredStatusNotifierItems = Property("QStringList", _registered_items)  # type: ignore[arg-type]
    IsStatusNotifierHostRegistered = Property(bool, _host_registered)
    ProtocolVersion = Property(int, _protocol_version)


def main(argv: list[str]) -> int:
    address, record = argv[1], argv[2]
    app = QCoreApplication(argv[:1])
    bus = QDBusConnection.connectToBus(address, "fake_sni_watcher")
    watcher = Watcher(record)
    if not (bus.registerObject(PATH, watcher, EXPORT) and bus.registerService(SERVICE)):
        print("could not register:", bus.lastError().message(), flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
