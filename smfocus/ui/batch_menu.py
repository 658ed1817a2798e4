"""The tray's *Batch* submenu: start a batch on a category, go to the next task,
skip one, stop; its first line says where the batch is ("Batch 2/6 — next:
Bloom Florist / Schedule reels"). The state is read when the menu opens, not
every second: the batch lives in the database and changes only by an action.

Signals: none. ``after`` is called once an action changed the timer (the
controller's refresh), ``notify`` with a batch's summary when it ends,
``failed`` with a user error's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.errors import UserError
from smfocus.ui import plain
from smfocus.ui.words import explain

if TYPE_CHECKING:
    from smfocus.batches import BatchState
    from smfocus.pomodoro import Timer


def summary_text(state: BatchState) -> str:
    """The notification's body for an ended batch."""
    summary = state.summary
    if summary is None:
        return state.line
    parts = [
        _("{done} task(s) done, {skipped} skipped.").format(
            done=summary.done, skipped=summary.skipped
        )
    ]
    parts += [f"{who}: {fmt.duration(seconds)}" for who, seconds in summary.seconds_by_client]
    return "\n".join(parts)


class BatchMenu(QObject):
    def __init__(
        self,
        menu: QMenu,
        timer: Timer,
        *,
        notify: Callable[[str, str], object],
        failed: Callable[[str], None],
        after: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timer = timer
        self.notify = notify
        self.failed = failed
        self.after = after
        self.menu = QMenu(_("Batch"))
        self.status = self.menu.addAction(_("No batch running"))
        self.status.setEnabled(False)
        self.menu.addSeparator()
        self.start_action = self.menu.addAction(_("Start batch…"))
        self.start_action.triggered.connect(self.choose)
        self.next_action = self.menu.addAction(_("Next task (this one is done)"))
        self.next_action.triggered.connect(lambda: self.step("next"))
        self.skip_action = self.menu.addAction(_("Skip task"))
        self.skip_action.triggered.connect(lambda: self.step("skip"))
        self.stop_action = self.menu.addAction(_("Stop batch"))
        self.stop_action.triggered.connect(lambda: self.step("stop"))
        self.menu.aboutToShow.connect(self.refresh)
        # After "Start focus", with the other ways to begin work.
        actions = menu.actions()
        anchor = next((a for a in actions if a.menu() is not None), None)
        index = actions.index(anchor) + 1 if anchor is not None else len(actions)
        before = actions[index] if index < len(actions) else None
        if before is not None:
            menu.insertMenu(before, self.menu)
        else:
            menu.addMenu(self.menu)
        self.refresh()

    def refresh(self) -> BatchState | None:
        from smfocus import batches

        try:
            state = batches.current(self.timer.tracker)
        except UserError:
            state = None
        running = state is not None
        self.status.setText(plain.menu_text(state.line) if state else _("No batch running"))
        self.start_action.setEnabled(not running)
        for action in (self.next_action, self.skip_action, self.stop_action):
            action.setEnabled(running)
        return state

    def start(self, category: str) -> BatchState | None:
        from smfocus import batches

        try:
            state = batches.start(self.timer, category)
        except UserError as error:
            self.failed(explain(error))
            return None
        self.after()
        self.refresh()
        return state

    def choose(self) -> None:
        from smfocus import batches

        found = batches.open_categories(self.timer.tracker)
        if not found:
            self.failed(_("No open task has a category yet; give tasks one in Projects & tasks."))
            return
        labels = [f"{name} ({count})" for name, count in found]
        picked, ok = QInputDialog.getItem(
            None, _("Start batch"), _("Work through the open tasks of:"), labels, 0, False
        )
        if ok and picked in labels:
            self.start(found[labels.index(picked)][0])

    def step(self, what: str) -> BatchState | None:
        from smfocus import batches

        try:
            if what == "stop":
                state = batches.stop(self.timer)
            else:
                outcome = batches.Outcome.DONE if what == "next" else batches.Outcome.SKIPPED
                state = batches.advance(self.timer, outcome)
        except UserError as error:
            self.failed(explain(error))
            return None
        self.after()
        self.refresh()
        if state.ended:
            self.notify(
                _("Batch of {category} done").format(category=state.category),
                summary_text(state),
            )
        return state
