"""Announces each recurring block as it begins, with a *Start batch* button
that starts a batch on the block's category.

Checked every 20 seconds against the blocks in the database: an occurrence
whose start fell in (last check, now] is announced once. The first check
starts from the app's start, so blocks that began while the app was closed
are not announced late.

Signals: none; ``ask(title, body, actions)`` shows the notification (a
Notifier of its own, so its answers never mix with the timer's questions) and
its answer comes back through ``answer(key)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.core.blocks import Block
    from smfocus.tracker import Tracker

START_BATCH = "start_batch"
CHECK_EVERY_MS = 20_000


class BlockAlarm(QObject):
    def __init__(
        self,
        tracker: Tracker,
        ask: Callable[[str, str, list[tuple[str, str]]], object],
        start_batch: Callable[[str], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.ask = ask
        self.start_batch = start_batch
        self.since = tracker.clock.now()
        self.pending: Block | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def check(self) -> list[Block]:
        from smfocus.blocks import scheduled

        now = self.tracker.clock.now()
        if now <= self.since:
            self.since = min(self.since, now)  # a clock set back: start again from here
            return []
        try:
            found = scheduled(self.tracker, self.since + 1, now + 1)
        except UserError:
            return []  # a locked database: the next check covers the same span
        self.since = now
        announced = []
        for begin, end, block in found:
            self.pending = block
            tz = self.tracker.tz
            self.ask(
                _("Block: {block}").format(block=block.label),
                f"{fmt.clock(begin, tz)}–{fmt.clock(end, tz)}, {block.label}.",
                [(START_BATCH, _("Start batch"))],
            )
            announced.append(block)
        return announced

    def answer(self, key: str) -> None:
        block, self.pending = self.pending, None
        if key == START_BATCH and block is not None:
            self.start_batch(block.label)
