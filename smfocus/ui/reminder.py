"""The untracked-time reminder in the tray: "Not tracking — resume Acme /
Replies?" with a button that starts it, and a snooze.

The rule is core/reminder.py; this module only looks. While the rule wants
measurements (nothing runs, within working hours) the idle probe is asked
every ``POLL_MS``; otherwise a coarse timer wakes every ``IDLE_CHECK_MS`` to
see whether working hours have begun, and asks nothing.

Signals:
    resume_requested(str, object): start (project, task), the reminder's button.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from smfocus.core import fmt
from smfocus.core.i18n import N_, _
from smfocus.core.reminder import ReminderRule, parse_days, parse_hours
from smfocus.ui.idle import IdleProbe

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from smfocus.pomodoro import TimerState
    from smfocus.ui.controller import Controller
    from smfocus.ui.later_notifier import LaterNotifier
    from smfocus.ui.notify import Notifier

POLL_MS = 5000
IDLE_CHECK_MS = 5 * 60 * 1000
ACTIONS = [("resume", N_("Resume")), ("snooze", N_("Snooze 30 min"))]


class UntrackedReminder(QObject):
    resume_requested = Signal(str, object)

    def __init__(
        self,
        rule: ReminderRule,
        probe: IdleProbe,
        notifier: Notifier | LaterNotifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.rule = rule
        self.probe = probe
        self.notifier = notifier
        self.clock = probe.clock
        self.running = False
        self.last_task: tuple[str, str | None] | None = None
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.timeout.connect(self.on_timer)
        probe.measured.connect(self.on_idle)
        notifier.answered.connect(self.on_answer)
        if rule.after > 0:
            self._schedule()

    @property
    def polling(self) -> bool:
        return self.timer.isActive() and self.timer.interval() == POLL_MS

    def on_state(self, state: TimerState) -> None:
        self.running = state.running is not None
        self.last_task = state.last_task
        if self.rule.after > 0:
            self._schedule()

    def _schedule(self) -> None:
        wanted = self.rule.wants_polling(self.clock.now(), self.running)
        interval = POLL_MS if wanted else IDLE_CHECK_MS
        if not self.timer.isActive() or self.timer.interval() != interval:
            self.timer.start(interval)

    def on_timer(self) -> None:
        self._schedule()
        if self.polling:
            self.probe.poll()

    def on_idle(self, seconds: int) -> None:
        if not self.polling or self.last_task is None:
            return
        if self.rule.look(self.clock.now(), self.running, seconds):
            project, task = self.last_task
            self.notifier.ask(
                _("Not tracking"),
                _("Not tracking — resume {task}?").format(task=fmt.label(project, task)),
                [(key, _(words)) for key, words in ACTIONS],
            )

    def on_answer(self, key: str) -> None:
        if key == "snooze":
            self.rule.snooze(self.clock.now())
        elif key == "resume" and self.last_task is not None:
            self.resume_requested.emit(*self.last_task)


def install(controller: Controller, probe: IdleProbe, tray: QSystemTrayIcon | None) -> None:
    """The reminder for the tray app, with a notifier of its own (its answers
    are not the away question's)."""
    from smfocus.ui.later_notifier import LaterNotifier

    settings = controller.timer.settings()
    if settings.remind_after <= 0:
        return
    rule = ReminderRule(
        settings.remind_after,
        parse_hours(settings.remind_hours),
        parse_days(settings.remind_days),
        controller.tracker.tz,
    )
    notifier = LaterNotifier(controller, tray=tray, enabled=settings.notifications)
    reminder = UntrackedReminder(rule, probe, notifier, parent=controller)
    controller.state_changed.connect(reminder.on_state)
    reminder.resume_requested.connect(controller.start)
