"""How long the user has been idle, from the first source that answers.

In this order: ``org.freedesktop.ScreenSaver.GetSessionIdleTime`` on the session
bus (KDE and others; GNOME answers it with an error), GNOME's
``org.gnome.Mutter.IdleMonitor.GetIdletime`` (also on Wayland), the X11
MIT-SCREEN-SAVER extension (X11 sessions only), then logind's session
``IdleHint``/``IdleSinceHint`` on the system bus. A source that errs or is
missing hands over to the next at once; the first that answers is kept.

Every D-Bus call is asynchronous (a frozen service never blocks the tray) and
made with NO_AUTO_START, so asking never starts a service. The probe does not
poll by itself: its owner calls ``poll()`` only while idleness matters.

Signals:
    measured(int): seconds idle, from the source named by ``source``.
    unavailable(): no source answered this round.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher, QDBusVariant

from smfocus.core.clock import Clock

log = logging.getLogger(__name__)

CALL_TIMEOUT_MS = 2000
SOURCES = ("screensaver", "mutter", "x11", "logind")

SCREENSAVER = (
    "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver", "GetSessionIdleTime",
)  # fmt: skip
MUTTER = (
    "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
    "org.gnome.Mutter.IdleMonitor", "GetIdletime",
)  # fmt: skip
LOGIND = "org.freedesktop.login1"
LOGIND_SESSION = "/org/freedesktop/login1/session/auto"


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """The X server's idle clock through libXss; None where there is no X11."""

    def __init__(self) -> None:
        self._display: int | None = None
        self._xss: ctypes.CDLL | None = None
        self._xlib: ctypes.CDLL | None = None
        self._info: ctypes._Pointer[_XScreenSaverInfo] | None = None

    def available(self) -> bool:
        if os.environ.get("XDG_SESSION_TYPE") == "wayland" or not os.environ.get("DISPLAY"):
            return False
        return self._open()

    def _open(self) -> bool:
        if self._display:
            return True
        xlib_name, xss_name = ctypes.util.find_library("X11"), ctypes.util.find_library("Xss")
        if not xlib_name or not xss_name:
            return False
        try:
            xlib, xss = ctypes.CDLL(xlib_name), ctypes.CDLL(xss_name)
        except OSError:
            return False
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_XScreenSaverInfo),
        ]  # fmt: skip
        display = xlib.XOpenDisplay(None)
        if not display:
            return False
        self._xlib, self._xss, self._display = xlib, xss, display
        self._info = xss.XScreenSaverAllocInfo()
        return True

    def idle_ms(self) -> int | None:
        if not self._open():
            return None
        assert self._xlib is not None and self._xss is not None and self._info is not None
        root = self._xlib.XDefaultRootWindow(self._display)
        if not self._xss.XScreenSaverQueryInfo(self._display, root, self._info):
            return None
        return int(self._info.contents.idle)


def _logind_get(prop: str) -> QDBusMessage:
    message = QDBusMessage.createMethodCall(
        LOGIND, LOGIND_SESSION, "org.freedesktop.DBus.Properties", "Get"
    )
    message.setArguments(["org.freedesktop.login1.Session", prop])
    return message


class IdleProbe(QObject):
    measured = Signal(int)
    unavailable = Signal()

    def __init__(
        self,
        clock: Clock,
        session: QDBusConnection | None = None,
        system: QDBusConnection | None = None,
        x11: Callable[[], int | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.session = session if session is not None else QDBusConnection.sessionBus()
        self.system = system if system is not None else QDBusConnection.systemBus()
        if x11 is None:
            xidle = X11Idle()
            x11 = xidle.idle_ms if xidle.available() else (lambda: None)
        self.x11 = x11
        self.source: str | None = None  # the source that answered last
        self._pending: QDBusPendingCallWatcher | None = None

    def poll(self) -> None:
        """Ask once; ``measured`` or ``unavailable`` follows (asynchronously)."""
        if self._pending is not None:
            return  # the last question is still out: never pile them up
        start = SOURCES.index(self.source) if self.source is not None else 0
        self._ask(start)

    def _ask(self, index: int) -> None:
        if index >= len(SOURCES):
            self.source = None
            self.unavailable.emit()
            return
        name = SOURCES[index]
        if name == "x11":
            idle = self.x11()
            if idle is None:
                self._ask(index + 1)
            else:
                self._answer(name, idle // 1000)
            return
        if name == "logind":
            message = _logind_get("IdleHint")
            bus = self.system
        else:
            service, path, interface, method = SCREENSAVER if name == "screensaver" else MUTTER
            message = QDBusMessage.createMethodCall(service, path, interface, method)
            bus = self.session
        self._send(bus, message, index, "")

    def _send(self, bus: QDBusConnection, message: QDBusMessage, index: int, step: str) -> None:
        message.setAutoStartService(False)
        if not bus.isConnected():
            self._ask(index + 1)
            return
        watcher = QDBusPendingCallWatcher(bus.asyncCall(message, CALL_TIMEOUT_MS), self)
        self._pending = watcher
        watcher.finished.connect(lambda done: self._on_reply(done, index, step))

    def _on_reply(self, watcher: QDBusPendingCallWatcher, index: int, step: str) -> None:
        self._pending = None
        watcher.deleteLater()
        reply = watcher.reply()
        name = SOURCES[index]
        if watcher.isError() or not reply.arguments():
            log.debug("idle source %s did not answer: %s", name, watcher.error().message())
            self._ask(index + 1)
            return
        value = reply.arguments()[0]
        if isinstance(value, QDBusVariant):
            value = value.variant()
        if name != "logind":
            self._answer(name, int(value) // 1000)
        elif step == "":
            # IdleSinceHint is when IdleHint last changed, either way: ask it
            # only when the session is idle.
            if not value:
                self._answer(name, 0)
            else:
                self._send(self.system, _logind_get("IdleSinceHint"), index, "since")
        else:
            since = int(value) // 1_000_000
            if since <= 0:
                self._ask(index + 1)
            else:
                self._answer(name, max(0, self.clock.now() - since))

    def _answer(self, name: str, seconds: int) -> None:
        self.source = name
        self.measured.emit(max(0, seconds))
