"""Fake idle services for the idle probe's tests, in this process, each on its
own connection to a private bus: ScreenSaver (KDE), Mutter's IdleMonitor
(GNOME) and logind's session properties. Each answers with ``idle_ms`` or,
with ``fail=True``, errs as GNOME's ScreenSaver does; not registering one
plays a desktop that lacks it.
"""

# The method names are the services', in their CamelCase.
# ruff: noqa: N802

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import ClassInfo, Property, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

_class_info: Any = ClassInfo
EXPORT = QDBusConnection.RegisterOption.ExportAllSlots
_names = itertools.count()


class _Answering(QObject):
    def __init__(self, bus: QDBusConnection, idle: int, fail: bool) -> None:
        super().__init__()
        self.bus = bus
        self.idle = idle
        self.fail = fail
        self.calls = 0

    def _reply(self, message: QDBusMessage, value: object) -> None:
        self.calls += 1
        message.setDelayedReply(True)
        if self.fail:
            reply = message.createErrorReply(
                "org.freedesktop.DBus.Error.NotSupported", "This method is not implemented"
            )
        else:
            reply = message.createReply()
            reply.setArguments([value])
        self.bus.send(reply)


@_class_info({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(_Answering):
    @Slot(QDBusMessage)
    def GetSessionIdleTime(self, message: QDBusMessage) -> None:
        self._reply(message, self.idle)


@_class_info({"D-Bus Interface": "org.gnome.Mutter.IdleMonitor"})
class Mutter(_Answering):
    @Slot(QDBusMessage)
    def GetIdletime(self, message: QDBusMessage) -> None:
        self._reply(message, self.idle)


@_class_info({"D-Bus Interface": "org.freedesktop.login1.Session"})
class LogindSession(_Answering):
    """``idle`` here is IdleSinceHint in microseconds of the epoch (0: not idle).
    Qt answers org.freedesktop.DBus.Properties itself, from these properties;
    ``fail`` exports none of them, so GetAll returns nothing useful."""

    def _hint(self) -> bool:
        self.calls += 1
        return self.idle > 0

    def _since(self) -> int:
        return self.idle

    IdleHint = Property(bool, _hint)
    IdleSinceHint = Property("qulonglong", _since)  # type: ignore[arg-type]


SERVICES = {
    "screensaver": (ScreenSaver, "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    "mutter": (Mutter, "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core"),
    "logind": (LogindSession, "org.freedesktop.login1", "/org/freedesktop/login1/session/auto"),
}


def serve(address: str, kind: str, idle: int, *, fail: bool = False) -> _Answering:
    """Register the fake ``kind`` on the bus at ``address``; keep the result alive."""
    cls, service, path = SERVICES[kind]
    bus = QDBusConnection.connectToBus(address, f"fake-idle-{next(_names)}")
    assert bus.isConnected(), bus.lastError().message()
    fake = cls(bus, idle, fail)
    options = EXPORT
    if kind == "logind" and not fail:
        options |= QDBusConnection.RegisterOption.ExportAllProperties
    assert bus.registerObject(path, fake, options), bus.lastError().message()
    assert bus.registerService(service), bus.lastError().message()
    return fake


def announce(
    address: str, kind: str, flag: bool, bus: QDBusConnection | None = None
) -> QDBusConnection:
    """Emit logind's PrepareForSleep or the screen saver's ActiveChanged from a
    connection owning the service's name; pass the returned connection back for
    the next signal of the same service (the name stays with its first owner)."""
    service, path, interface, name = {
        "sleep": (
            "org.freedesktop.login1", "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager", "PrepareForSleep",
        ),
        "lock": (
            "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver", "ActiveChanged",
        ),
    }[kind]  # fmt: skip
    if bus is None:
        bus = QDBusConnection.connectToBus(address, f"fake-announce-{next(_names)}")
        assert bus.registerService(service), bus.lastError().message()
    signal = QDBusMessage.createSignal(path, interface, name)
    signal.setArguments([flag])
    assert bus.send(signal)
    return bus
