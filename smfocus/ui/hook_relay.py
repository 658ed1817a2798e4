"""Fires the tray's events at the user's hooks: entry started and stopped, phase
started and ended, daily goal met; the CLI fires its own (cli_plan).

The relay compares each state the controller publishes with the one before,
so it needs no hook inside the timer's use cases. Firing (one SELECT, and a
detached runner when a hook listens) happens on a worker thread that also
reaps the runner: the UI thread never waits on a hook, however slow the
endpoint, and a long-running app leaves no zombie processes.

Signals: none; it listens to ``Controller.state_changed``.
"""

from __future__ import annotations

import logging
import threading
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from smfocus.core.localtime import iso

if TYPE_CHECKING:
    from smfocus.core.records import EntryRecord
    from smfocus.pomodoro import TimerState
    from smfocus.tracker import Tracker

log = logging.getLogger(__name__)


def _entry_fields(entry: EntryRecord, ended_at: int | None, tz: tzinfo) -> dict[str, Any]:
    """The fields the CLI sends for the same event (cli_plan), times in ISO 8601."""
    return {
        "entry_id": entry.id,
        "project": entry.project,
        "task": entry.task,
        "category": entry.category,
        "started_at": iso(entry.started_at, tz),
        "ended_at": iso(ended_at, tz) if ended_at is not None else None,
    }


class HookRelay(QObject):
    def __init__(
        self, tracker: Tracker, data_dir: Path, url: str | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.data_dir = data_dir
        self.url = url
        self._seen = False
        self._phase: int | None = None
        self._entry: EntryRecord | None = None

    def events(self, state: TimerState) -> list[tuple[str, dict[str, Any]]]:
        """What changed since the last state; nothing for the first one (the app's start)."""
        from smfocus.hooks import ended_by_hand, timer_events

        found: list[tuple[str, dict[str, Any]]] = []
        if self._seen:
            found.extend(ended_by_hand(self.tracker, state, self._phase))
            found.extend(timer_events(state, self._phase))
            running = state.running
            previous = self._entry
            if previous is not None and (running is None or running.id != previous.id):
                found.append(
                    ("entry.stopped", _entry_fields(previous, state.now, self.tracker.tz))
                )
            if running is not None and (previous is None or running.id != previous.id):
                found.append(("entry.started", _entry_fields(running, None, self.tracker.tz)))
        self._seen = True
        self._phase = state.phase.id if state.phase is not None else None
        self._entry = state.running
        return found

    def on_state(self, state: TimerState) -> None:
        found = self.events(state)
        if found:
            threading.Thread(target=self._fire, args=(found,), daemon=True).start()

    def _fire(self, found: list[tuple[str, dict[str, Any]]]) -> None:
        from smfocus import hooks

        for event, fields in found:
            try:
                runner = hooks.fire(self.tracker, self.data_dir, self.url, event, fields)
                if runner is not None:
                    runner.wait()
            except Exception:  # a worker thread has nobody to raise to: log it
                log.exception("the %s hooks could not run", event)
