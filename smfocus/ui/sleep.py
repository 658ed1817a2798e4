"""Suspend and lock, as logind and the screen saver announce them.

logind's ``PrepareForSleep(true)`` (system bus) comes just before the machine
sleeps: a pending away period is written from that moment, so the entry is
cut there if the user says so, and nothing is lost if the machine never wakes.
``PrepareForSleep(false)`` on resume closes the period and asks, as for any
time away. While logind speaks, the controller's tick-gap rule stands aside;
where logind is absent that rule (pomodoro.py's sleep rule) is the fallback.

With ``away.on_lock`` on, the screen saver's ``ActiveChanged(true)`` (session
bus: the screen locked) starts an away period the same way, and unlocking
asks.

Signals:
    question(AwayPeriod): the user is back after sleep or a lock.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from smfocus.away import Away, Reason

log = logging.getLogger(__name__)

LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")
SCREENSAVER = (
    "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver",
)  # fmt: skip


class SleepLockWatch(QObject):
    question = Signal(object)
    sleeping = Signal(bool)  # for the controller: True before sleep, False after

    def __init__(
        self,
        away: Away,
        system: QDBusConnection,
        session: QDBusConnection,
        on_lock: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.away = away
        self.on_lock = on_lock
        self._locked = False
        # PySide6 wants the SLOT() string; its stubs say bytes, which it refuses.
        listen: Any = system.connect
        self.listening_to_logind = system.isConnected() and bool(
            listen(*LOGIND, "PrepareForSleep", self, SLOT("on_prepare_for_sleep(QDBusMessage)"))
        )
        listen = session.connect
        self.listening_to_lock = session.isConnected() and bool(
            listen(*SCREENSAVER, "ActiveChanged", self, SLOT("on_active_changed(QDBusMessage)"))
        )

    @Slot(QDBusMessage)
    def on_prepare_for_sleep(self, message: QDBusMessage) -> None:
        going = _flag(message)
        if going is None:
            return
        self.sleeping.emit(going)
        self._away(going, Reason.SLEEP)

    @Slot(QDBusMessage)
    def on_active_changed(self, message: QDBusMessage) -> None:
        active = _flag(message)
        if active is None or not self.on_lock or active == self._locked:
            return
        self._locked = active
        self._away(active, Reason.LOCK)

    def _away(self, gone: bool, reason: Reason) -> None:
        now = self.away.tracker.clock.now()
        try:
            if gone:
                self.away.begin(now, reason)
                return
            period = self.away.back(now)
        except Exception:
            # The tray must live on; the pending period is asked again at start.
            log.exception("recording time away failed")
            return
        if period is not None:
            self.question.emit(period)


def _flag(message: QDBusMessage) -> bool | None:
    arguments = message.arguments()
    if len(arguments) != 1 or not isinstance(arguments[0], bool):
        return None
    return arguments[0]
