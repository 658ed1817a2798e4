"""The tray icon, its tooltip and its menu.

The icon is repainted only when what it shows changes (the minutes digit or
a ring step; see icon.cache_key), so a running pomodoro costs a repaint every
few seconds and an idle tray none at all.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from smfocus.core.focus import Kind, Phase
from smfocus.core.i18n import N_, _, ngettext
from smfocus.core.records import TaskRecord
from smfocus.ui import icon as icons
from smfocus.ui import plain

RECENT_LIMIT = 8
# The phases as the windows name them (core's Kind.label is the CLI's English).
PHASE_NAMES = {
    Kind.WORK: N_("Focus"),
    Kind.SHORT_BREAK: N_("Short break"),
    Kind.LONG_BREAK: N_("Long break"),
}


def phase_name(kind: Kind) -> str:
    return _(PHASE_NAMES[kind])


def phase_headline(phase: Phase, now: int) -> str:
    """``Focus · 12 min left`` (``Focus paused · …``): minutes rounded up, as the icon."""
    minutes = -(-phase.remaining(now) // 60)
    if phase.paused:
        text = ngettext(
            "{phase} paused · {minutes} min left", "{phase} paused · {minutes} min left", minutes
        )
    else:
        text = ngettext("{phase} · {minutes} min left", "{phase} · {minutes} min left", minutes)
    return text.format(phase=phase_name(phase.kind), minutes=minutes)


def goal_line(completed: int, goal: int) -> str:
    return _("Pomodoros today: {completed} / {goal}").format(completed=completed, goal=goal)


def icon_state(phase: Phase | None, now: int) -> icons.IconState:
    if phase is None:
        return icons.IconState(phase=None, paused=False, remaining_seconds=0, total_seconds=0)
    return icons.IconState(
        phase=phase.kind.value,
        paused=phase.paused,
        remaining_seconds=phase.remaining(now),
        total_seconds=phase.duration,
    )


def other_open_tasks(
    recent: Sequence[tuple[str, str | None]],
    tasks: Sequence[TaskRecord],
    active_projects: Collection[str],
) -> list[tuple[str, str | None]]:
    """Open tasks of active projects not among ``recent``, newest first: a task
    added in the projects window can be started before it was ever worked on."""
    shown = set(recent)
    found = [
        (task.project, task.name)
        for task in sorted(tasks, key=lambda task: -task.id)
        if not task.done and task.project in active_projects
    ]
    return [choice for choice in found if choice not in shown]


def task_label(project: str | None, task: str | None) -> str:
    if project is None:
        return ""
    return f"{project} / {task}" if task else project


class Tray(QObject):
    """The system-tray icon of smfocus.

    Signals:
        start_requested(str, object): start focus on (project, task or None).
        new_task_requested(): the user wants to focus on a task not listed.
        pause_requested(), resume_requested(), skip_requested(), stop_requested(),
        break_requested(), interrupt_requested(), charts_requested(),
        projects_requested(), import_requested(), export_requested(),
        settings_requested(), quit_requested():
            the menu item of that name was chosen.
        window_requested(): a left click: show or hide the focus window.
    """

    start_requested = Signal(str, object)
    new_task_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    skip_requested = Signal()
    stop_requested = Signal()
    break_requested = Signal()
    interrupt_requested = Signal()
    charts_requested = Signal()
    timeline_requested = Signal()
    projects_requested = Signal()
    import_requested = Signal()
    export_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    window_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(self)
        self._icon_key: icons.IconKey | None = None
        self._tooltip = ""
        self._view: tuple[object, ...] | None = None
        self.menu = QMenu()
        self._header = self.menu.addAction("smfocus")
        self._header.setEnabled(False)
        # An action a shared server did not confirm: said, and offered again.
        self.retry_action = self._add(_("Retry"), self.retry_requested)
        self.retry_action.setVisible(False)
        self._banner = ""
        self.menu.addSeparator()
        self.recent_menu = self.menu.addMenu(_("Start focus"))
        self._resume_last = QAction(_("Start focus"), self.menu)
        self._resume_last.triggered.connect(self._start_last)
        self.menu.insertAction(self.recent_menu.menuAction(), self._resume_last)
        self.pause_action = self._add(_("Pause"), self.pause_requested)
        self.resume_action = self._add(_("Resume"), self.resume_requested)
        self.skip_action = self._add(_("Skip"), self.skip_requested)
        self.break_action = self._add(_("Start break"), self.break_requested)
        self.stop_action = self._add(_("Stop"), self.stop_requested)
        self.interrupt_action = self._add(_("Log interruption…"), self.interrupt_requested)
        self.menu.addSeparator()
        self.charts_action = self._add(_("Charts…"), self.charts_requested)
        self._add(_("Timeline…"), self.timeline_requested)
        self._add(plain.menu_text(_("Projects & tasks…")), self.projects_requested)
        self._add(_("Import…"), self.import_requested)
        self._add(_("Export…"), self.export_requested)
        self._add(_("Settings…"), self.settings_requested)
        self.menu.addSeparator()
        self._add(_("Quit"), self.quit_requested)
        self._last: tuple[str, str | None] | None = None
        self.set_recent([])
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)

    def _add(self, text: str, signal: SignalInstance) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(signal)  # Qt drops the "checked" argument
        return action

    def _start_last(self) -> None:
        if self._last is not None:
            self.start_requested.emit(self._last[0], self._last[1])
        else:
            self.new_task_requested.emit()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.window_requested.emit()

    def show(self) -> None:
        self.icon.show()

    def set_recent(
        self,
        recent: Sequence[tuple[str, str | None]],
        others: Sequence[tuple[str, str | None]] = (),
    ) -> None:
        """``recent``: tasks last worked on; ``others``: open tasks not among them
        (e.g. just added in the projects window), listed under their own heading."""
        self.recent_menu.clear()
        for project, task in recent[:RECENT_LIMIT]:
            self._add_start(project, task)
        if others:
            self.recent_menu.addSection(_("Not worked on lately"))
            for project, task in others[:RECENT_LIMIT]:
                self._add_start(project, task)
        if recent or others:
            self.recent_menu.addSeparator()
        new = self.recent_menu.addAction(_("New task…"))
        new.triggered.connect(self.new_task_requested)

    def _add_start(self, project: str, task: str | None) -> None:
        action = self.recent_menu.addAction(plain.menu_text(task_label(project, task)))
        action.triggered.connect(
            lambda _checked=False, p=project, t=task: self.start_requested.emit(p, t)
        )

    def show_state(
        self,
        phase: Phase | None,
        running_label: str,
        now: int,
        completed: int,
        goal: int,
        last: tuple[str, str | None] | None,
    ) -> None:
        """Bring icon, tooltip and menu up to date; touch Qt only when they change.

        Called every second while a phase runs. The tooltip and the menu speak
        in minutes, like the icon, so most ticks end at the comparison below.
        """
        state = icon_state(phase, now)
        key = icons.cache_key(state)
        label = running_label or (task_label(phase.project, phase.task) if phase else "")
        view = (key, label, completed, goal, last, phase.kind if phase else None, self._banner)
        if view == self._view:
            return
        self._view = view
        if key != self._icon_key:
            self._icon_key = key
            self.icon.setIcon(icons.icon_for(state))
        self._last = last
        if phase is None:
            headline = _("Tracking {task}").format(task=label) if label else _("Idle")
        else:
            headline = phase_headline(phase, now)
        lines = [headline]
        if label and phase is not None:
            lines.insert(0, label)
        lines.append(goal_line(completed, goal))
        if self._banner:
            lines.insert(0, self._banner)
            headline = f"{self._banner} · {headline}"
        tooltip = "\n".join(lines)
        if tooltip != self._tooltip:
            self._tooltip = tooltip
            self.icon.setToolTip(plain.tooltip(tooltip))
        self._header.setText(plain.menu_text(headline if not label else f"{headline} — {label}"))
        running = phase is not None and not phase.paused
        # With no last task the submenu alone offers the choice (and "New task…"):
        # a second "Start focus" entry beside it would only puzzle.
        self._resume_last.setText(
            plain.menu_text(_("Start focus on {task}").format(task=task_label(*last)))
            if last
            else ""
        )
        self._resume_last.setVisible(
            last is not None and (phase is None or phase.kind is not Kind.WORK)
        )
        self.pause_action.setVisible(running)
        self.resume_action.setVisible(phase is not None and phase.paused)
        self.skip_action.setVisible(phase is not None)
        self.break_action.setVisible(phase is None)
        self.stop_action.setVisible(phase is not None or bool(running_label))
        self.interrupt_action.setEnabled(bool(running_label))

    def show_connection(self, reachable: bool) -> None:
        """A shared server stopped answering (the countdown goes on) or is back."""
        self._banner = "" if reachable else _("Database unreachable — retrying")
        if not reachable:
            self._header.setText(self._banner)
            self.icon.setToolTip(plain.tooltip(f"{self._banner}\n{self._tooltip}"))

    def show_not_done(self, label: str | None) -> None:
        """``label`` was not written: say so and offer it again; None hides it."""
        if label:
            text = _("Not done: {action} — Retry").format(action=label)
            self.retry_action.setText(plain.menu_text(text))
        self.retry_action.setVisible(bool(label))

    def set_initial_icon(self, phase: Phase | None, now: int) -> None:
        state = icon_state(phase, now)
        self._icon_key = icons.cache_key(state)
        self.icon.setIcon(icons.icon_for(state))

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def fallback_icon(self) -> QIcon:
        return self.icon.icon()
