"""The focus window: the same controls as the tray menu, in a small window.

A left click on the tray icon shows it; without a system tray it is the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smfocus.core import fmt
from smfocus.core.focus import Kind
from smfocus.core.i18n import _
from smfocus.ui import plain
from smfocus.ui.tray import goal_line, phase_name, task_label

if TYPE_CHECKING:  # pomodoro loads SQLAlchemy, which must wait for the first paint
    from smfocus.pomodoro import TimerState

PHASE_COLOURS = {
    None: "#6b7280",
    Kind.WORK: "#dc2626",
    Kind.SHORT_BREAK: "#16a34a",
    Kind.LONG_BREAK: "#0d9488",
}
PAUSED_COLOUR = "#d97706"
WIDTH = 460


class FocusWindow(QWidget):
    """Countdown, task, and the timer's buttons.

    Signals:
        start_requested(str, object): start focus on (project, task) from the list.
        new_task_requested(), pause_requested(), resume_requested(), skip_requested(),
        stop_requested(), break_requested(), interrupt_requested(), timeline_requested():
            the button of that name was pressed.
    """

    start_requested = Signal(str, object)
    new_task_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    skip_requested = Signal()
    stop_requested = Signal()
    break_requested = Signal()
    interrupt_requested = Signal()
    timeline_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("smfocus")
        # One width whatever the text: labels wrap, the task list elides, and the
        # buttons that come and go never add up to more than this.
        self.setFixedWidth(WIDTH)
        self.phase = plain.label(_("Idle"))
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = plain.label("--:--")
        big = QFont(self.countdown.font())
        big.setPointSize(36)
        big.setBold(True)
        self.countdown.setFont(big)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.task = plain.label("")
        self.task.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.task.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.goal = plain.label("")
        self.goal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice = plain.label("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fef3c7; color: #78350f; padding: 6px;")
        self.notice.hide()

        self.tasks = QComboBox()
        self.tasks.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tasks.setMinimumContentsLength(12)
        self._shown_task: tuple[str, str | None] | None = None  # kept selected in the list
        self.start_button = QPushButton(_("Start focus"))
        self.start_button.clicked.connect(self._start_selected)
        self.new_button = QPushButton(_("New task…"))
        self.new_button.clicked.connect(self.new_task_requested)
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.clicked.connect(self.pause_requested)
        self.resume_button = QPushButton(_("Resume"))
        self.resume_button.clicked.connect(self.resume_requested)
        self.skip_button = QPushButton(_("Skip"))
        self.skip_button.clicked.connect(self.skip_requested)
        self.break_button = QPushButton(_("Start break"))
        self.break_button.clicked.connect(self.break_requested)
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.clicked.connect(self.stop_requested)
        self.interrupt_button = QPushButton(_("Interruption…"))
        self.interrupt_button.clicked.connect(self.interrupt_requested)
        self.timeline_button = QPushButton(_("Timeline…"))
        self.timeline_button.clicked.connect(self.timeline_requested)

        # Three rows, so that no button is cut at this width in a language whose
        # words run longer than English (French: "Démarrer la concentration").
        picker = QHBoxLayout()
        picker.addWidget(self.tasks, 1)
        picker.addWidget(self.start_button)
        controls = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.skip_button,
                       self.break_button, self.stop_button, self.interrupt_button):  # fmt: skip
            controls.addWidget(button)
        controls.addStretch(1)  # packed left like the row below, whichever are shown
        more = QHBoxLayout()
        more.addWidget(self.new_button)
        more.addWidget(self.timeline_button)
        more.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.phase)
        layout.addWidget(self.countdown)
        layout.addWidget(self.progress)
        layout.addWidget(self.task)
        layout.addWidget(self.goal)
        layout.addLayout(picker)
        layout.addLayout(controls)
        layout.addLayout(more)

    def set_notice(self, text: str) -> None:
        """A standing note at the top of the window (e.g. why there is no tray icon)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _start_selected(self) -> None:
        choice = self.tasks.currentData()
        if choice is None:
            self.new_task_requested.emit()
            return
        project, task = choice
        self.start_requested.emit(project, task)

    def set_recent(self, recent: Sequence[tuple[str, str | None]]) -> None:
        chosen = self.tasks.currentData()
        self.tasks.clear()
        for project, task in recent:
            self._add_task(project, task)
        # The running task stays the choice, so Start focus never switches by surprise.
        keep = self._shown_task or chosen
        if keep is not None:
            self._select(keep)

    def _add_task(self, project: str, task: str | None, at: int | None = None) -> None:
        label = task_label(project, task)
        if at is None:
            self.tasks.addItem(label, (project, task))
        else:
            self.tasks.insertItem(at, label, (project, task))
        self.tasks.setItemData(self.tasks.count() - 1 if at is None else at, label,
                               Qt.ItemDataRole.ToolTipRole)  # fmt: skip

    def index_of(self, choice: tuple[str, str | None]) -> int:
        """The list's row for (project, task), or -1 (findData cannot compare tuples)."""
        for index in range(self.tasks.count()):
            if tuple(self.tasks.itemData(index)) == choice:
                return index
        return -1

    def _select(self, choice: tuple[str, str | None]) -> None:
        index = self.index_of(choice)
        if index < 0:
            self._add_task(*choice, at=0)
            index = 0
        self.tasks.setCurrentIndex(index)

    def show_state(self, state: TimerState) -> None:
        phase, entry, now = state.phase, state.running, state.now
        if phase is None:
            self.phase.setText(_("Tracking") if entry else _("Idle"))
            self.countdown.setText(fmt.duration(entry.seconds(now)) if entry else "--:--")
            self.progress.setValue(0)
            colour = PHASE_COLOURS[None]
        else:
            left = phase.remaining(now)
            name = phase_name(phase.kind)
            self.phase.setText(_("{phase} · paused").format(phase=name) if phase.paused else name)
            self.countdown.setText(f"{left // 60:02d}:{left % 60:02d}")
            self.progress.setMaximum(max(1, phase.duration))
            self.progress.setValue(max(0, phase.duration - left))
            colour = PAUSED_COLOUR if phase.paused else PHASE_COLOURS[phase.kind]
        self.countdown.setStyleSheet(f"color: {colour};")
        self.progress.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        label = task_label(entry.project, entry.task) if entry else (
            task_label(phase.project, phase.task) if phase else _("Nothing running")
        )  # fmt: skip
        self.task.setText(label)
        current: tuple[str, str | None] | None = None
        if entry is not None:
            current = (entry.project, entry.task)
        elif phase is not None and phase.project is not None:
            current = (phase.project, phase.task)
        if current != self._shown_task:
            # Only when the task changes: a pick made in the list meanwhile stays.
            self._shown_task = current
            if current is not None:
                self._select(current)
        self.goal.setText(goal_line(state.completed_today, state.settings.daily_goal))
        running = phase is not None and not phase.paused
        self.pause_button.setVisible(running)
        self.resume_button.setVisible(phase is not None and phase.paused)
        self.skip_button.setVisible(phase is not None)
        self.break_button.setVisible(phase is None)
        self.stop_button.setEnabled(phase is not None or entry is not None)
        self.interrupt_button.setEnabled(entry is not None)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        # Closing the window hides it; the tray keeps the app alive.
        event.ignore()
        self.hide()
