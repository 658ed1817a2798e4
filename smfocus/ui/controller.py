"""The tray's link to the store: runs the use cases, follows the clock and the disk.

The countdown needs no database: remaining time is ``ends_at - now``. So the
controller reads the state once, then each second only (a) checks that the
tick did not come far too late (the machine slept), (b) applies a phase end
that has fallen due, and (c) repaints when what is drawn changes. It ticks
only while a phase or an entry runs; idle, it does nothing at all.

Changes made by another process (the CLI) are noticed through the file
system: a watcher on the database folder wakes the controller, which asks
SQLite's ``PRAGMA data_version`` whether anyone else wrote, at most once a
second, and reloads if so. On a shared server, its notifications do the same.

When a shared server stops answering, the countdown goes on (it is wall-clock
arithmetic), the controller says so once (``connection_changed``), tries again
after 1 s, 2 s, 4 s… up to 30 s, and an action that could not be written is
reported as not done (``not_done``) and kept for ``retry()``: nothing is
claimed that was not written, nothing is dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from smfocus.core.focus import SleepWatch
from smfocus.core.i18n import N_, _
from smfocus.errors import UserError
from smfocus.pomodoro import AwayQuestion, Timer, TimerState, Transition
from smfocus.store.change_probe import ChangeProbe
from smfocus.store.listener import ServerChangeProbe
from smfocus.store.server import ServerUnreachableError
from smfocus.ui.words import explain

log = logging.getLogger(__name__)

TICK_MS = 1000
RELOAD_DEBOUNCE_MS = 250
RETRY_FIRST_MS = 1000
RETRY_MAX_MS = 30_000
# What the user asked for, in the words of the menus, for "not done: …".
ACTION_LABELS = {
    "start": N_("Start focus"),
    "pause": N_("Pause"),
    "resume": N_("Resume"),
    "skip": N_("Skip"),
    "stop": N_("Stop"),
    "start_break": N_("Start break"),
    "answer_away": N_("Answer about the time away"),
}
INTERRUPTION_LABEL = N_("Log interruption")


class Controller(QObject):
    """Runs the timer for the tray and the windows.

    Signals:
        state_changed(TimerState): the state to show; emitted after every action,
            every reload, and every second while something runs.
        phase_ended(Transition): a phase reached its end (notify the user).
        away_detected(AwayQuestion): the machine slept while work was tracked;
            the user must be asked whether that was work.
        failed(str): an action was refused; the sentence says why.
    """

    state_changed = Signal(object)
    phase_ended = Signal(object)
    away_detected = Signal(object)
    failed = Signal(str)
    connection_changed = Signal(bool)
    not_done = Signal(str)

    def __init__(self, timer: Timer, database: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        self.tracker = timer.tracker
        self._sleep = SleepWatch()
        self._sleep_announced = False  # logind said so: the tick-gap rule stands aside
        self._state: TimerState | None = None
        self._tick = QTimer(self)
        self._tick.setTimerType(Qt.TimerType.CoarseTimer)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(RELOAD_DEBOUNCE_MS)
        self._reload_soon.timeout.connect(self._reload_if_changed)
        self._watcher: QFileSystemWatcher | None = None
        self._probe: ChangeProbe | ServerChangeProbe | None = None
        self._database: Path | None = None
        self._listening: QTimer | None = None
        self.reachable = True
        self.pending: tuple[str, Callable[..., Any], tuple[object, ...]] | None = None
        self._retry_ms = RETRY_FIRST_MS
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.refresh)
        if database is not None:
            self._watch(database)
        elif self.tracker.store.path is None and self.tracker.store.url.startswith("postgresql"):
            self._listen()

    # -- state ----------------------------------------------------------------

    @property
    def state(self) -> TimerState | None:
        return self._state

    def refresh(self) -> None:
        """Apply due transitions and show the current state."""
        self._run(self.timer.advance)

    def _publish(self, state: TimerState) -> None:
        self._state = state
        for transition in state.transitions:
            self.phase_ended.emit(transition)
        running = state.phase is not None or state.running is not None
        if running and not self._tick.isActive():
            self._sleep.reset(state.now)
            self._tick.start()
        elif not running and self._tick.isActive():
            self._tick.stop()
        self.state_changed.emit(state)

    def _run(self, action: object, *args: object) -> bool:
        try:
            result = action(*args)  # type: ignore[operator]
        except ServerUnreachableError as error:
            self._lost(str(error), action, args)
            return False
        except UserError as error:
            self.failed.emit(explain(error))
            return False
        except Exception:
            log.exception("an action failed")
            self.failed.emit(
                _("Sorry, smfocus hit a bug; the details are in its log. Nothing was lost.")
            )
            return False
        if not self.reachable:
            self._back()
        if isinstance(result, TimerState):
            self._publish(result)
        else:
            self._publish(self.timer.state())
        self._remember_version()
        return True

    # -- a server that went away --------------------------------------------------

    def _lost(self, message: str, action: object, args: tuple[object, ...]) -> None:
        log.warning("the database server is unreachable: %s", message)
        if self.reachable:
            self.reachable = False
            self.connection_changed.emit(False)
        if action != self.timer.advance and callable(action):
            name = getattr(action, "__name__", "")
            wording = ACTION_LABELS.get(name, INTERRUPTION_LABEL if name == "<lambda>" else name)
            label = _(wording)
            self.pending = (label, action, args)
            self.not_done.emit(label)
        if not self._retry.isActive():
            self._retry.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)

    def _back(self) -> None:
        self.reachable = True
        self._retry.stop()
        self._retry_ms = RETRY_FIRST_MS
        self.connection_changed.emit(True)

    def retry(self) -> bool:
        """Run again the action the server did not confirm."""
        if self.pending is None:
            return False
        _, action, args = self.pending
        self.pending = None
        return self._run(action, *args)

    # -- actions ----------------------------------------------------------------

    def start(self, project: str, task: str | None, category: str | None = None) -> bool:
        return self._run(self.timer.start, project, task, category)

    def resume_last(self) -> bool:
        return self._run(self.timer.start)

    def pause(self) -> bool:
        return self._run(self.timer.pause)

    def resume(self) -> bool:
        return self._run(self.timer.resume)

    def skip(self) -> bool:
        return self._run(self.timer.skip)

    def stop(self) -> bool:
        return self._run(self.timer.stop)

    def start_break(self) -> bool:
        return self._run(self.timer.start_break)

    def interrupt(self, external: bool, note: str | None) -> bool:
        kind = "external" if external else "internal"
        return self._run(lambda: self.tracker.interrupt(kind=kind, note=note))

    def answer_away(self, question: AwayQuestion, was_work: bool) -> bool:
        return self._run(self.timer.answer_away, question, was_work)

    # -- the clock ----------------------------------------------------------------

    def sleep_announced(self, asleep: bool) -> None:
        """logind announced sleep (True) or resume (False); the away period it
        writes carries the question, so the tick gap is not asked about too."""
        self._sleep_announced = asleep
        if not asleep:
            self._sleep.reset(self.tracker.clock.now())

    def _on_tick(self) -> None:
        now = self.tracker.clock.now()
        slept = self._sleep.tick(now)
        if slept is not None and not self._sleep_announced:
            self._on_wake(slept.since, slept.until)
            return
        state = self._state
        if state is None:
            return
        if state.phase is not None and state.phase.is_due(now) and self.reachable:
            self.refresh()
            return
        self._publish(
            TimerState(
                now=now,
                phase=state.phase,
                running=state.running,
                completed_today=state.completed_today,
                settings=state.settings,
                last_task=state.last_task,
            )
        )

    def _on_wake(self, since: int, until: int) -> None:
        log.info("the machine slept from %s to %s", since, until)
        try:
            question = self.timer.wake(since, until)
        except ServerUnreachableError as error:
            self._lost(str(error), self.timer.advance, ())
            return
        except UserError as error:
            self.failed.emit(explain(error))
            return
        self._publish(self.timer.state())
        if question is not None:
            self.away_detected.emit(question)

    # -- other processes ------------------------------------------------------------

    def _watch(self, database: Path) -> None:
        self._database = database
        self._watcher = QFileSystemWatcher(self)
        self._watcher.addPath(str(database.parent))
        for path in (database, Path(f"{database}-wal")):
            if path.exists():
                self._watcher.addPath(str(path))
        self._watcher.directoryChanged.connect(self._schedule_reload)
        self._watcher.fileChanged.connect(self._schedule_reload)
        self._probe = ChangeProbe(database)

    def _listen(self) -> None:
        """A shared server: its notifications, read from the socket (no query) a few
        times a second, tell of writes by the person's other machines."""
        self._probe = ServerChangeProbe(self.tracker.store.url, self.tracker.user_name)
        self._listening = QTimer(self)
        self._listening.setInterval(RELOAD_DEBOUNCE_MS)
        self._listening.timeout.connect(self._reload_if_changed)
        self._listening.start()

    def _schedule_reload(self, path: str = "") -> None:
        # The WAL file comes and goes with checkpoints: watch it whenever it exists.
        wal = Path(f"{self._database}-wal")
        if self._watcher is not None and wal.exists() and str(wal) not in self._watcher.files():
            self._watcher.addPath(str(wal))
        if not self._reload_soon.isActive():
            self._reload_soon.start()

    def _remember_version(self) -> None:
        if self._probe is not None:
            self._probe.forget()

    def _reload_if_changed(self) -> None:
        if self._probe is None or self._probe.changed():
            self.refresh()

    def close(self) -> None:
        self._tick.stop()
        self._retry.stop()
        if self._listening is not None:
            self._listening.stop()
        if self._probe is not None:
            self._probe.close()
            self._probe = None


__all__ = ["AwayQuestion", "Controller", "Transition"]
