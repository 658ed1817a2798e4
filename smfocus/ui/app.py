"""The desktop app: a tray icon that counts down the current pomodoro.

Start-up is ordered for the first paint: Qt and the icon come first, drawn
from a read-only ``sqlite3`` query; SQLAlchemy (a third of a second to
import) loads only after the icon is on screen.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from smfocus import paths
from smfocus.core.clock import SystemClock
from smfocus.core.focus import Kind
from smfocus.core.i18n import N_, _, ngettext
from smfocus.core.localtime import local_zone
from smfocus.desktop import DESKTOP_ID
from smfocus.errors import UserError
from smfocus.store.fast_status import read_status
from smfocus.tracker_user import user_name
from smfocus.ui import plain
from smfocus.ui.focus_window import FocusWindow
from smfocus.ui.single_instance import (
    InstanceServer,
    hand_over,
    instance_key,
    server_name,
    socket_folder,
)
from smfocus.ui.tray import RECENT_LIMIT, Tray, other_open_tasks, task_label
from smfocus.ui.words import explain

if TYPE_CHECKING:  # these load SQLAlchemy: only after the first paint
    from collections.abc import Callable

    from PySide6.QtCore import QObject

    from smfocus.pomodoro import AwayQuestion, TimerState, Transition
    from smfocus.tracker import Tracker
    from smfocus.ui.away import AwayWatch
    from smfocus.ui.block_alarm import BlockAlarm
    from smfocus.ui.controller import Controller
    from smfocus.ui.dnd import DoNotDisturb
    from smfocus.ui.notify import Notifier

log = logging.getLogger(__name__)
TRACE = os.environ.get("SMFOCUS_TRACE_STARTUP") == "1"
AWAY_ANSWERS = [("work", N_("It was work")), ("away", N_("It wasn't"))]
NO_TRAY_NOTICE = N_(
    "This desktop has no system tray, so smfocus runs in this window. "
    "Closing the window quits smfocus. "
    "On GNOME, the AppIndicator and KStatusNotifierItem Support extension adds a tray."
)


def _trace(what: str) -> None:
    if TRACE:
        print(f"smfocus: {what} at {time.monotonic():.6f}", file=sys.stderr, flush=True)


class Shell:
    """Wires the tray, the focus window, the dialogs and the controller together."""

    def __init__(self, app: QApplication, data_dir: Path, url: str | None) -> None:
        self.app = app
        self.data_dir = data_dir
        self.url = url
        self.tray = Tray()
        self.window = FocusWindow()
        self.controller: Controller | None = None
        self.has_tray = Tray.available()
        self._windows: dict[str, QWidget] = {}
        self._notifier_instance: Notifier | None = None
        self._notify_settings = (True, True)  # (enabled, sound) until the store says
        self._away: AwayQuestion | None = None
        self._dnd: DoNotDisturb | None = None
        self._away_watch: AwayWatch | None = None

    # -- start-up ---------------------------------------------------------------

    def show_first(self) -> None:
        """Paint the icon from a quick read; no SQLAlchemy yet."""
        clock = SystemClock()
        status = None
        if self.url is None:
            status = read_status(paths.database_path(self.data_dir), user_name(None), clock.now())
        phase = status.phase if status is not None else None
        self.tray.set_initial_icon(phase, clock.now())
        if self.has_tray:
            self.tray.show()
            QTimer.singleShot(0, lambda: _trace("tray painted"))
        else:
            # Said in the window itself, not in a dialog that blocks every start.
            self.window.set_notice(_(NO_TRAY_NOTICE))
            self.window.show()
            QTimer.singleShot(0, lambda: _trace("window painted"))

    def load(self) -> None:
        """Open the store, then connect everything. Runs once the icon is shown."""
        from smfocus.pomodoro import Timer
        from smfocus.store.database import open_store
        from smfocus.tracker import Tracker
        from smfocus.ui.controller import Controller

        try:
            store = open_store(self.data_dir, self.url)
        except UserError as error:
            from smfocus.ui.dialogs import show_error

            show_error(explain(error))
            self.app.exit(1)
            return
        tracker = Tracker(store, SystemClock(), local_zone())
        timer = Timer(tracker)
        controller = Controller(timer, store.path)
        self.controller = controller
        controller.state_changed.connect(self._show_state)
        controller.failed.connect(self._show_error)
        controller.connection_changed.connect(self._show_connection)
        controller.not_done.connect(self.tray.show_not_done)
        self.tray.retry_requested.connect(self._retry)
        controller.phase_ended.connect(self._on_phase_end)
        controller.away_detected.connect(self._on_away)
        from smfocus.ui.budget_watch import BudgetWatch

        self._budget_watch = BudgetWatch(tracker, self.notify, parent=controller)
        self._budget_watch.start()
        from smfocus.ui.hook_relay import HookRelay

        self._hook_relay = HookRelay(tracker, self.data_dir, self.url, parent=controller)
        controller.state_changed.connect(self._hook_relay.on_state)
        from smfocus.ui.batch_menu import BatchMenu

        self._batch_menu = BatchMenu(
            self.tray.menu, timer, notify=self.notify, failed=self._show_error,
            after=controller.refresh, parent=controller,
        )  # fmt: skip
        self._block_alarm = _block_alarm(
            self.tray, self.has_tray, tracker, self._batch_menu.start, controller
        )

        from smfocus.ui import away, dnd, reminder

        tray_icon = self.tray.icon if self.has_tray else None
        watch = away.install(
            tracker, controller, self._windows, self.tray.menu, self.window, tray_icon
        )
        self._away_watch = watch
        reminder.install(controller, watch.probe, tray_icon)
        self._dnd = dnd.install(controller, self.data_dir)
        self._connect_controls()
        self._refresh_recent()
        controller.refresh()
        _trace("store loaded")
        QTimer.singleShot(2000, _return_freed_memory)
        if not self.has_tray:
            self.bring_forward()

    def _connect_controls(self) -> None:
        for source in (self.tray, self.window):
            source.start_requested.connect(self._start)
            source.new_task_requested.connect(self._new_task)
            source.pause_requested.connect(lambda: self._ctl().pause())
            source.resume_requested.connect(lambda: self._ctl().resume())
            source.skip_requested.connect(lambda: self._ctl().skip())
            source.stop_requested.connect(lambda: self._ctl().stop())
            source.break_requested.connect(lambda: self._ctl().start_break())
            source.interrupt_requested.connect(self._interrupt)
        self.tray.window_requested.connect(self.toggle_window)
        self.tray.projects_requested.connect(self._open_projects)
        self.tray.settings_requested.connect(self._open_settings)
        self.tray.charts_requested.connect(self._open_charts)
        self.tray.timeline_requested.connect(self._open_timeline)
        self.window.timeline_requested.connect(self._open_timeline)
        self.tray.import_requested.connect(self._import)
        self.tray.export_requested.connect(self._export)
        self.tray.quit_requested.connect(self.app.quit)

    def _ctl(self) -> Controller:
        assert self.controller is not None, "used before load()"
        return self.controller

    # -- showing ----------------------------------------------------------------

    def _show_state(self, state: TimerState) -> None:
        self._notify_settings = (state.settings.notifications, state.settings.sound)
        if self._notifier_instance is not None:
            self._notifier_instance.set_enabled(state.settings.notifications)
            self._notifier_instance.set_sound(state.settings.sound)
        entry = state.running
        self.tray.show_state(
            state.phase,
            task_label(entry.project, entry.task) if entry else "",
            state.now,
            state.completed_today,
            state.settings.daily_goal,
            state.last_task,
        )
        if self.window.isVisible():
            self.window.show_state(state)

    def toggle_window(self) -> None:
        if self.window.isVisible() and self.has_tray:
            self.window.hide()
            return
        self.bring_forward()

    def bring_forward(self) -> None:
        state = self._ctl().state if self.controller is not None else None
        if state is not None:
            self.window.show_state(state)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def _refresh_recent(self) -> None:
        tracker = self._ctl().tracker
        recent = tracker.recent_tasks()
        active = {p.name for p in tracker.projects(include_archived=False)}
        others = other_open_tasks(recent, tracker.tasks(), active)[:RECENT_LIMIT]
        self.tray.set_recent(recent, others)
        self.window.set_recent(recent + others)

    def _show_connection(self, reachable: bool) -> None:
        self.tray.show_connection(reachable)
        state = self._ctl().state
        if state is not None:
            self._show_state(state)

    def _retry(self) -> None:
        controller = self._ctl()
        if controller.retry():
            self.tray.show_not_done(None)

    def _show_error(self, message: str) -> None:
        from smfocus.ui.dialogs import show_error

        show_error(message, self.window if self.window.isVisible() else None)

    # -- actions ----------------------------------------------------------------

    def _start(self, project: str, task: object) -> None:
        from smfocus.ui.dialogs import confirm_switch

        assert task is None or isinstance(task, str)
        controller = self._ctl()
        state = controller.state
        if (
            state is not None
            and state.phase is not None
            and state.phase.kind is Kind.WORK
            and not state.phase.paused
            and state.running is not None
            and (state.running.project, state.running.task) != (project, task)
        ):
            current = task_label(state.running.project, state.running.task)
            if not confirm_switch(current, task_label(project, task), self._dialog_parent()):
                return
        if controller.start(project, task):
            self._refresh_recent()

    def _new_task(self) -> None:
        from smfocus.ui.dialogs import NewTaskDialog

        tracker = self._ctl().tracker
        projects = [p.name for p in tracker.projects(include_archived=False)]
        if not projects:
            self._open_projects()
            return
        known = tracker.tasks()
        categories = sorted({t.category for t in known if t.category})
        names: dict[str, list[str]] = {}
        for record in known:
            if not record.done:
                names.setdefault(record.project, []).append(record.name)
        dialog = NewTaskDialog(projects, categories, self._dialog_parent(), names)
        if dialog.exec():
            project, task, category = dialog.values()
            if self._ctl().start(project, task, category):
                self._refresh_recent()

    def _interrupt(self) -> None:
        from smfocus.ui.dialogs import InterruptionDialog

        dialog = InterruptionDialog(self._dialog_parent())
        if dialog.exec():
            external, note = dialog.values()
            self._ctl().interrupt(external, note)

    def _dialog_parent(self) -> QWidget | None:
        return self.window if self.window.isVisible() else None

    def _open_projects(self) -> None:
        from smfocus.ui.projects_window import ProjectsWindow

        window = self._windows.get("projects")
        if window is None:
            window = ProjectsWindow(self._ctl().tracker)
            window.changed.connect(self._refresh_recent)
            window.import_requested.connect(self._import)
            window.export_requested.connect(self._export)
            self._windows["projects"] = window
        window.show()
        window.raise_()

    def _import(self) -> None:
        from smfocus.ui.transfer import ask_import

        dialog = ask_import(self._ctl().timer, self._dialog_parent())
        if dialog is not None:
            dialog.imported.connect(lambda _summary: self._after_import())
            self._windows["import"] = dialog

    def _after_import(self) -> None:
        self._refresh_recent()
        self._ctl().refresh()

    def _export(self) -> None:
        from smfocus.ui.transfer import ExportDialog

        window = self._windows.get("export")
        if window is None:
            window = ExportDialog(self._ctl().timer)
            self._windows["export"] = window
        window.show()
        window.raise_()

    def _open_settings(self) -> None:
        from smfocus.ui.settings_window import SettingsWindow

        window = self._windows.get("settings")
        if window is None:
            way = self._dnd.available if self._dnd is not None else None
            window = SettingsWindow(self._ctl().timer, dnd_way=way)
            window.changed.connect(self._ctl().refresh)
            self._windows["settings"] = window
        window.show()
        window.raise_()

    def _open_charts(self) -> None:
        # pyqtgraph (and numpy) load here, on the first click, never at start-up.
        from smfocus.insights import Insights
        from smfocus.ui.charts_window import ChartsWindow

        window = self._windows.get("charts")
        if window is None:
            window = ChartsWindow(Insights(self._ctl().tracker))
            window.failed.connect(self._show_error)
            self._windows["charts"] = window
        window.show()
        window.raise_()

    def _open_timeline(self) -> None:
        from smfocus.ui.timeline_window import open_in

        open_in(self._windows, self._ctl().tracker)

    def close_windows(self) -> None:
        """Close the windows and the notifier while Qt still runs; left to the
        interpreter's exit, PySide6 destroys them after parts of Qt are gone."""
        if self._dnd is not None:
            self._dnd.restore()
        if self._away_watch is not None and self._away_watch.notifier is not None:
            self._away_watch.notifier.close()
        for window in self._windows.values():
            window.close()
            window.deleteLater()
        self._windows.clear()
        if self._notifier_instance is not None:
            self._notifier_instance.close()  # its windows and its bus connection
            self._notifier_instance = None
        self.window.hide()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        if self.controller is not None:
            self.controller.close()

    # -- notifications ----------------------------------------------------------

    def _on_phase_end(self, transition: Transition) -> None:
        ended, following = transition.ended, transition.next
        label = task_label(ended.project, ended.task)
        if ended.kind is Kind.WORK:
            title = _("Pomodoro done")
            if following is not None:
                minutes = following.duration // 60
                body = ngettext(
                    "{task}: take a {minutes}-minute break.",
                    "{task}: take a {minutes}-minute break.",
                    minutes,
                ).format(task=label, minutes=minutes)
            else:
                body = _("{task}: time for a break.").format(task=label)
        else:
            title = _("Break over")
            body = _("Back to {task}.").format(task=label) if label else _("Back to work.")
        self.notify(title, body)

    def _on_away(self, question: AwayQuestion) -> None:
        from smfocus.core import fmt
        from smfocus.ui.notify import Channel

        tz = self._ctl().tracker.tz
        away = fmt.duration(question.until - question.since)
        text = _("You were away from {start} to {end} ({duration}). Was that work?").format(
            start=fmt.clock(question.since, tz), end=fmt.clock(question.until, tz), duration=away
        )
        self._away = question
        answers = [(key, _(words)) for key, words in AWAY_ANSWERS]
        channel = self._notifier().ask(_("Welcome back"), text, answers)
        if channel is Channel.NONE:
            # Notifications are off, but this question cannot go unasked.
            box = plain.message_box(self._dialog_parent())
            box.setWindowTitle(_("Welcome back"))
            box.setText(text)
            yes = box.addButton(answers[0][1], QMessageBox.ButtonRole.YesRole)
            box.addButton(answers[1][1], QMessageBox.ButtonRole.NoRole)
            box.buttonClicked.connect(
                lambda button: self._on_away_answer("work" if button is yes else "away")
            )
            box.open()

    def _on_away_answer(self, key: str) -> None:
        question, self._away = self._away, None
        if question is not None:
            self._ctl().answer_away(question, key == "work")

    def _notifier(self) -> Notifier:
        from smfocus.ui.notify import Notifier

        # Made on first use: QtDBus and its bus thread cost memory all day long
        # for something needed a few times an hour.
        if self._notifier_instance is None:
            enabled, sound = self._notify_settings
            self._notifier_instance = Notifier(
                tray=self.tray.icon if self.has_tray else None, enabled=enabled, sound=sound
            )
            self._notifier_instance.answered.connect(self._on_away_answer)
        return self._notifier_instance

    def notify(self, title: str, body: str) -> None:
        self._notifier().notify(title, body)


def _block_alarm(
    tray: Tray, has_tray: bool, tracker: Tracker, start_batch: Callable[[str], object],
    parent: QObject,
) -> BlockAlarm:  # fmt: skip
    """Recurring blocks announced with a Start batch button, through a notifier of
    their own (made for the first block), so answers never mix with the timer's."""
    from smfocus.ui.block_alarm import BlockAlarm

    made: list[Notifier] = []

    def ask(title: str, body: str, actions: list[tuple[str, str]]) -> object:
        if not made:
            from smfocus.ui.notify import Notifier

            notifier = Notifier(tray=tray.icon if has_tray else None)
            notifier.answered.connect(alarm.answer)
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(notifier.close)  # released while Qt still runs
            made.append(notifier)
        return made[0].ask(title, body, actions)

    alarm = BlockAlarm(tracker, ask, start_batch, parent=parent)
    alarm.start()
    return alarm


def _return_freed_memory() -> None:
    """Hand back to the system what start-up allocated and let go of.

    Importing SQLAlchemy and building its statement caches leaves many freed
    blocks in glibc's heap; the tray then idles all day at that high-water
    mark. malloc_trim returns those pages (about 10-15 MB here).
    """
    import contextlib
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL(name).malloc_trim(0)


def name_the_app(app: QGuiApplication) -> None:
    app.setApplicationName("smfocus")
    # The menu entry's file name: Wayland compositors and docks group the
    # windows under the entry's icon and name through it.
    app.setDesktopFileName(DESKTOP_ID)


def main(data_dir: Path, url: str | None = None) -> int:
    _trace("main")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from smfocus.ui import qt_language, qt_refcount

    qt_refcount.install()  # a no-op unless this PySide6 is the one that leaks
    qt_language.install(app)
    name_the_app(app)
    app.setQuitOnLastWindowClosed(False)
    folder = socket_folder(data_dir)
    name = None
    if folder is not None:
        name = server_name(instance_key(data_dir, url), folder)
    else:
        log.warning("no folder private to this user for the single-instance socket")
    if name is not None and hand_over(name):
        print(_("smfocus is already running; its window was brought forward."))
        return 0
    shell = Shell(app, data_dir, url)
    server = None
    if name is not None:
        server = InstanceServer(name)
        server.show_requested.connect(shell.bring_forward)
    if not shell.has_tray:
        app.setQuitOnLastWindowClosed(True)
        shell.window.closeEvent = lambda event: app.quit()  # type: ignore[method-assign]
    shell.show_first()
    QTimer.singleShot(0, shell.load)
    try:
        return int(app.exec())
    finally:
        shell.close_windows()
        if server is not None:
            server.close()  # its socket file goes, so the next start finds no leftover
