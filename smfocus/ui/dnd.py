"""Do not disturb while focusing: the desktop's other notifications are
silenced during work phases and restored after.

- GNOME: ``org.gnome.desktop.notifications show-banners`` (through
  ``gsettings``), set to false and back to what it was.
- KDE: ``org.freedesktop.Notifications.Inhibit``, released with
  ``UnInhibit``; KDE also drops an inhibition when its client's connection
  ends, so a crash there restores by itself.
- Elsewhere ``available()`` is False and the settings say so.

A crash never leaves GNOME silenced: before changing the setting, the value
to restore is written to a file beside the database; the next start finds it
(``restore_after_crash``) and puts the value back. The file goes once the
setting is restored.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, QMetaObject, Qt
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusInterface, QDBusMessage

from smfocus.core.focus import Kind

if TYPE_CHECKING:
    from smfocus.pomodoro import TimerState
    from smfocus.ui.controller import Controller

log = logging.getLogger(__name__)

SCHEMA = "org.gnome.desktop.notifications"
KEY = "show-banners"
MARKER = "dnd-restore.json"
NOTIFICATIONS = (
    "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
    "org.freedesktop.Notifications",
)  # fmt: skip
CALL_TIMEOUT_MS = 1000


def _gsettings(*args: str) -> str | None:
    program = shutil.which("gsettings")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, *args], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


class DoNotDisturb:
    def __init__(self, folder: Path, bus: QDBusConnection | None = None) -> None:
        self.marker = folder / MARKER
        self.bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._cookie: int | None = None
        self._silenced = False
        self._kind: str | bool | None = False  # False: not looked up yet

    def _kde(self) -> bool:
        reply = self._call("GetCapabilities")
        return reply is not None and "inhibitions" in (reply[0] or [])

    def _gnome(self) -> bool:
        return _gsettings("get", SCHEMA, KEY) in ("true", "false")

    def available(self) -> str | None:
        """``gnome``, ``kde``, or None where the desktop offers no way; looked up
        once (the app asks at every state change)."""
        if self._kind is False:
            if self._gnome():
                self._kind = "gnome"
            elif self.bus.isConnected() and self._kde():
                self._kind = "kde"
            else:
                self._kind = None
        return self._kind if isinstance(self._kind, str) else None

    @property
    def silenced(self) -> bool:
        return self._silenced

    def silence(self) -> bool:
        if self._silenced:
            return True
        kind = self.available()
        if kind == "gnome":
            before = _gsettings("get", SCHEMA, KEY)
            # Written first: a crash between the two leaves a way back.
            self.marker.write_text(json.dumps({"show-banners": before}), encoding="utf-8")
            self._silenced = _gsettings("set", SCHEMA, KEY, "false") is not None
        elif kind == "kde":
            reply = self._call("Inhibit", "smfocus", "Focusing", {})
            if reply:
                self._cookie = int(reply[0])
                self._silenced = True
        return self._silenced

    def restore(self) -> None:
        if self._cookie is not None:
            # UnInhibit takes a uint32, and ``interface.call`` sends a Python
            # int as int32, which the server refuses ("No such method"): the
            # call is typed by the meta-object that QtDBus built from the
            # server's introspection, as notify.py does for Notify.
            interface = QDBusInterface(*NOTIFICATIONS, self.bus)
            interface.setTimeout(CALL_TIMEOUT_MS)
            QMetaObject.invokeMethod(
                interface, "UnInhibit", Qt.ConnectionType.DirectConnection,
                Q_ARG("uint", self._cookie),
            )  # fmt: skip
            if interface.lastError().isValid():
                log.warning("UnInhibit failed: %s", interface.lastError().message())
            self._cookie = None
        self.restore_after_crash()
        self._silenced = False

    def restore_after_crash(self) -> bool:
        """Put back what a previous run silenced; True when something was."""
        try:
            saved = json.loads(self.marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return False
        except (OSError, ValueError):
            saved = {}
        value = saved.get("show-banners")
        if value in ("true", "false") and _gsettings("set", SCHEMA, KEY, value) is None:
            log.warning("could not restore %s %s to %s", SCHEMA, KEY, value)
            return False
        self.marker.unlink(missing_ok=True)
        return True

    def _call(self, method: str, *args: Any) -> list[Any] | None:
        message = QDBusMessage.createMethodCall(*NOTIFICATIONS, method)
        message.setAutoStartService(False)
        if args:
            message.setArguments(list(args))
        reply = self.bus.call(message, QDBus.CallMode.Block, CALL_TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            return None
        return list(reply.arguments())


def install(
    controller: Controller, folder: Path, bus: QDBusConnection | None = None
) -> DoNotDisturb:
    """Silence during work phases when ``focus.do_not_disturb`` is on; first
    put back whatever a crashed run left silenced. ``bus``: the session bus
    unless a test gives its own."""
    dnd = DoNotDisturb(folder, bus)
    dnd.restore_after_crash()

    def on_state(state: TimerState) -> None:
        phase = state.phase
        working = phase is not None and phase.kind is Kind.WORK and not phase.paused
        if working and state.settings.do_not_disturb:
            if not dnd.silenced and dnd.available() is not None:
                dnd.silence()
        elif dnd.silenced:
            dnd.restore()

    controller.state_changed.connect(on_state)
    return dnd
