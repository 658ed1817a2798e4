"""A fake ``org.freedesktop.Notifications`` server for the notification tests.

Run as its own process on a private bus, so that a blocking Notify call from
the code under test is answered by a real peer, as a desktop daemon would:

    python fake_notifd.py BUS_ADDRESS RECORD_FILE [--no-actions] [--hang] [--markup]

``--hang`` plays a frozen daemon: Notify calls are recorded, never answered.
``--markup`` lists the "body-markup" capability, as dunst and GNOME do.

Each Notify call is appended to RECORD_FILE as one JSON line before the reply
is sent, so a caller holding a reply can already read its record. A control
interface on ``/control`` lets a test play the user: click an action, or
dismiss a notification. The process prints ``ready`` once the name is owned.
"""

# The method and signal names are the specification's, in its CamelCase.
# ruff: noqa: N802

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CONTROL_PATH = "/control"
CONTROL_INTERFACE = "org.smfocus.test.FakeNotifd"
# PySide6's stubs describe ClassInfo as neither taking a dict nor decorating.
_class_info: Any = ClassInfo
EXPORT = (
    QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
)


# Published as GLib servers (dunst, GNOME, notification-daemon) publish it:
# without the Qt-only type annotations that a Qt server would add and that
# would let a Qt client read "a{sv}" from it.
INTROSPECTION = f"""  <interface name="{SERVICE}">
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{{sv}}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
"""


@_class_info({"D-Bus Interface": SERVICE, "D-Bus Introspection": INTROSPECTION})
class Server(QObject):
    # Typed as the specification says ("us", "uu"): Qt marshals a Python int
    # as int32, and strict clients such as libnotify would reject that.
    # (The stubs accept only Python types, which have no unsigned int.)
    ActionInvoked = Signal("uint", str)  # type: ignore[arg-type]
    NotificationClosed = Signal("uint", "uint")  # type: ignore[arg-type]

    def __init__(
        self, bus: QDBusConnection, record: str, actions: bool, hang: bool, markup: bool = False
    ) -> None:
        super().__init__()
        self._bus = bus
        self._record = record
        self._actions = actions
        self._hang = hang
        self._markup = markup
        self._last_id = 0

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        capabilities = ["body", "actions"] if self._actions else ["body"]
        return [*capabilities, "body-markup"] if self._markup else capabilities

    @Slot(QDBusMessage)
    def GetServerInformation(self, message: QDBusMessage) -> None:
        # Four separate strings: a Python list would be marshalled as one
        # "as" argument, which libnotify rejects as "Unexpected reply type".
        message.setDelayedReply(True)
        reply = message.createReply()
        reply.setArguments(["fake_notifd", "smfocus tests", "1.0", "1.2"])
        self._bus.send(reply)

    # The trailing QDBusMessage is not part of the D-Bus signature: Qt passes
    # the call itself, so that a reply can be held back.
    @Slot(
        str, "uint", str, str, str, "QStringList", "QVariantMap", int, QDBusMessage, result="uint"
    )
    def Notify(
        self,
        app_name: str,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, Any],
        expire_timeout: int,
        message: QDBusMessage,
    ) -> int:
        if replaces_id:
            notification_id = replaces_id
        else:
            self._last_id += 1
            notification_id = self._last_id
        entry = {
            "id": notification_id,
            "app_name": app_name,
            "replaces_id": replaces_id,
            "summary": summary,
            "body": body,
            "actions": list(actions),
            "hints": {key: str(value) for key, value in hints.items()},
            "expire_timeout": expire_timeout,
        }
        with open(self._record, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")
        if self._hang:
            message.setDelayedReply(True)
        return notification_id

    @Slot("uint")
    def CloseNotification(self, notification_id: int) -> None:
        with open(self._record, "a", encoding="utf-8") as out:
            out.write(json.dumps({"closed": notification_id}) + "\n")
        self.NotificationClosed.emit(notification_id, 3)


@_class_info({"D-Bus Interface": CONTROL_INTERFACE})
class Control(QObject):
    def __init__(self, server: Server) -> None:
        super().__init__()
        self._server = server

    @Slot(int, str)
    def Click(self, notification_id: int, key: str) -> None:
        # A daemon closes the popup after an action; reason 2: dismissed by the user.
        self._server.ActionInvoked.emit(notification_id, key)
        self._server.NotificationClosed.emit(notification_id, 2)

    @Slot(int)
    def Dismiss(self, notification_id: int) -> None:
        self._server.NotificationClosed.emit(notification_id, 2)


def main(argv: list[str]) -> int:
    address, record = argv[1], argv[2]
    app = QCoreApplication(argv[:1])
    bus = QDBusConnection.connectToBus(address, "fake_notifd")
    server = Server(
        bus,
        record,
        actions="--no-actions" not in argv,
        hang="--hang" in argv,
        markup="--markup" in argv,
    )
    control = Control(server)
    if not (
        bus.registerObject(PATH, server, EXPORT)
        and bus.registerObject(CONTROL_PATH, control, EXPORT)
        and bus.registerService(SERVICE)
    ):
        print("could not register:", bus.lastError().message(), flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
