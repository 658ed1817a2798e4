"""Noticing the user walked away while an entry ran, and asking about it.

``AwayWatch`` polls an idle probe every ``POLL_MS`` only while it is needed
(``set_needed``: the controller says so while an entry runs); otherwise no
timer runs at all. Idle longer than ``after`` seconds writes a pending away
period from the moment idleness began (away.py in the use cases), so a crash
loses nothing; when the user is back the period is closed and ``question``
is emitted. Until answered the entry runs on; the question waits in the
``AwayPrompt`` window, which the tray and focus window can reopen.

Signals (AwayWatch):
    question(AwayPeriod): a period waits for an answer.
    changed(): an answer changed entries; the owner refreshes what it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smfocus.away import Answer, Away, AwayPeriod
from smfocus.core import fmt
from smfocus.core.i18n import N_, _
from smfocus.errors import UserError
from smfocus.ui.idle import IdleProbe
from smfocus.ui.words import explain

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from smfocus.pomodoro import TimerState
    from smfocus.tracker import Tracker
    from smfocus.ui.controller import Controller
    from smfocus.ui.later_notifier import LaterNotifier

ASK_ACTIONS = [
    (Answer.KEEP.value, N_("Keep as work")),
    (Answer.DISCARD.value, N_("Discard")),
    (Answer.ASSIGN.value, N_("Give it to…")),
    (Answer.STOP.value, N_("Stop then")),
]
POLL_MS = 5000  # at most every 5 s: a coarse timer, one async D-Bus call
DEFAULT_AFTER = 5 * 60


class AwayWatch(QObject):
    question = Signal(object)
    changed = Signal()

    def __init__(
        self,
        away: Away,
        probe: IdleProbe,
        after: int = DEFAULT_AFTER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.away = away
        self.probe = probe
        self.after = after  # 0: off
        self._open = False
        self.keep: tuple[object, ...] = ()
        self.notifier: LaterNotifier | None = None  # the question's; closed with the app
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(probe.poll)
        probe.measured.connect(self.on_idle)

    @property
    def polling(self) -> bool:
        return self._timer.isActive()

    def set_needed(self, needed: bool) -> None:
        """Poll while ``needed`` (an entry runs), and not at all otherwise."""
        needed = needed and self.after > 0
        if needed and not self._timer.isActive():
            self._timer.start()
        elif not needed and self._timer.isActive():
            self._timer.stop()

    def ask_pending(self) -> None:
        """At start: a period left by a crash or kill is asked about again."""
        pending = self.away.pending()
        if pending:
            self._open = pending[-1].ended_at is None
            if not self._open:
                self.question.emit(pending[0])

    def on_idle(self, seconds: int) -> None:
        # The probe may be shared with the reminder, which polls while nothing runs.
        if self.after <= 0 or not self.polling:
            return
        now = self.away.tracker.clock.now()
        if seconds >= self.after and not self._open:
            if self.away.begin(now - seconds) is not None:
                self._open = True
        elif seconds < self.after and self._open:
            self._open = False
            period = self.away.back(now - seconds)
            if period is not None:
                self.question.emit(period)


class AwayPrompt(QWidget):
    """The question, answered one of four ways. Signals: answered()."""

    answered = Signal()

    def __init__(self, away: Away, period: AwayPeriod, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.away = away
        self.period = period
        tz = away.tracker.tz
        self.setWindowTitle(_("Were you working? — smfocus"))
        self.text = QLabel(period.question(away.tracker.clock.now(), tz))
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # it quotes a task's name
        self.text.setWordWrap(True)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #b91c1c")
        self.message.setWordWrap(True)
        self.project, self.task = QLineEdit(), QLineEdit()
        self.project.setPlaceholderText(_("project (for Give it to…)"))
        self.task.setPlaceholderText(_("task, e.g. Call"))
        self.buttons: dict[Answer, QPushButton] = {}
        row = QHBoxLayout()
        for answer, text in (
            (Answer.KEEP, _("Keep as work")),
            (Answer.DISCARD, _("Discard")),
            (Answer.ASSIGN, _("Give it to…")),
            (Answer.STOP, _("Stop at {time}").format(time=fmt.clock(period.started_at, tz))),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, a=answer: self.answer(a))
            row.addWidget(button)
            self.buttons[answer] = button
        target = QHBoxLayout()
        target.addWidget(self.project)
        target.addWidget(self.task)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addLayout(target)
        layout.addWidget(self.message)

    def answer(self, answer: Answer) -> bool:
        try:
            self.away.resolve(
                answer,
                self.period.id,
                project=self.project.text().strip() or None,
                task=self.task.text().strip() or None,
            )
        except UserError as error:
            self.message.setText(explain(error))
            return False
        self.answered.emit()
        self.close()
        return True


def install(
    tracker: Tracker,
    controller: Controller,
    windows: dict[str, QWidget],
    menu: QMenu | None = None,
    window: QWidget | None = None,
    tray_icon: QSystemTrayIcon | None = None,
) -> AwayWatch:
    """Watch for time away in the tray app: polling follows the running entry,
        a pending period is asked in a notification (a notifier of its own: its
    answers are not the sleep rule's) and waits, until
        answered, as an item at the top of the tray ``menu`` and a button at the top
        of the focus ``window``, both opening the prompt; an answer refreshes the
        controller; a period left by a crash is asked at start."""
    from smfocus.ui.later_notifier import LaterNotifier

    away = Away(tracker)
    settings = controller.timer.settings()
    watch = AwayWatch(away, IdleProbe(tracker.clock), settings.away_after, parent=controller)
    notifier = LaterNotifier(watch, tray=tray_icon, enabled=settings.notifications)
    watch.notifier = notifier
    waiting: list[AwayPeriod] = []
    action = QAction(_("Away time to answer…"))
    button = QPushButton(_("Away time to answer…"))
    action.setVisible(False)
    button.setVisible(False)
    if menu is not None:
        items = menu.actions()
        if len(items) > 1:
            menu.insertAction(items[1], action)  # under the menu's header
        else:
            menu.addAction(action)
        action.setParent(menu)
    if window is not None:
        layout = window.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, button)

    def show_waiting() -> None:
        pending = away.pending()
        closed = [period for period in pending if period.ended_at is not None]
        waiting[:] = closed[:1]
        text = (
            _("{question} — answer…").format(
                question=closed[0].question(tracker.clock.now(), tracker.tz)
            )
            if closed
            else ""
        )
        for item in (action, button):
            item.setText(text)
            item.setVisible(bool(closed))

    def open_prompt() -> None:
        if not waiting:
            return
        old = windows.pop("away", None)
        if old is not None:
            old.close()
        prompt = AwayPrompt(away, waiting[0])
        prompt.answered.connect(controller.refresh)
        prompt.answered.connect(show_waiting)
        windows["away"] = prompt
        prompt.show()
        prompt.raise_()

    def on_question(period: AwayPeriod) -> None:
        from smfocus.ui.notify import Channel

        show_waiting()
        text = period.question(tracker.clock.now(), tracker.tz)
        actions = [(key, _(words)) for key, words in ASK_ACTIONS]
        if notifier.ask(_("Were you working?"), text, actions) is Channel.NONE:
            open_prompt()  # notifications are off, and this cannot go unasked

    def on_answer(key: str) -> None:
        if not waiting or key not in {answer.value for answer in Answer}:
            return
        if key == Answer.ASSIGN:
            open_prompt()  # whose time it was is typed there
            return
        try:
            away.resolve(Answer(key), waiting[0].id)
        except UserError as error:
            controller.failed.emit(explain(error))
        controller.refresh()
        show_waiting()

    def on_state(state: TimerState) -> None:
        watch.set_needed(state.running is not None)

    from PySide6.QtDBus import QDBusConnection

    from smfocus.ui.sleep import SleepLockWatch

    sleep = SleepLockWatch(
        away,
        QDBusConnection.systemBus(),
        QDBusConnection.sessionBus(),
        on_lock=settings.away_on_lock,
        parent=watch,
    )
    sleep.sleeping.connect(controller.sleep_announced)
    sleep.question.connect(on_question)
    controller.state_changed.connect(on_state)
    watch.question.connect(on_question)
    action.triggered.connect(open_prompt)
    button.clicked.connect(open_prompt)
    notifier.answered.connect(on_answer)
    watch.ask_pending()
    show_waiting()
    watch.keep = (action, button)  # owned here: Python must not drop them
    return watch
