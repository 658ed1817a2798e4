"""Tells the user, once, when a client's monthly budget passes 80 % and 100 %.

Checked at start and then every minute (time is tracked by the second, but a
budget moves by the minute). Which thresholds were already said lives in the
database (planning.new_crossings records each in the transaction that finds
it), so a restarted app, or the CLI's ``stop``, never says one twice.

Signals: none; it calls ``notify(title, body)``, the app's own notifier.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.planning import Crossing
    from smfocus.tracker import Tracker

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000


def month_name(month: str) -> str:
    """``2026-11`` as people read it: kept so in English (as the commands take it),
    ``novembre 2026`` in French."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        return month
    return fmt.month(first) if fmt.french() else month


def message(crossing: Crossing) -> tuple[str, str]:
    """Title and body of the notification for one crossing."""
    who = crossing.client or crossing.project
    if crossing.threshold >= 100:
        title = _("{who}: budget used up").format(who=who)
    else:
        title = _("{who}: {percent} of the budget used").format(
            who=who, percent=fmt.percent(crossing.threshold / 100)
        )
    share = fmt.percent(round(crossing.share * 100) / 100)
    month = month_name(crossing.month)
    if crossing.project is None:
        body = _(
            "The projects of {client} have used {percent} of their shared {month} budget."
        ).format(client=crossing.client, percent=share, month=month)
    else:
        body = _("{project} has used {percent} of its {month} budget.").format(
            project=crossing.project, percent=share, month=month
        )
    return title, body


class BudgetWatch(QObject):
    def __init__(
        self,
        tracker: Tracker,
        notify: Callable[[str, str], object],
        interval_ms: int = CHECK_EVERY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.notify = notify
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> list[Crossing]:
        from smfocus.planning import new_crossings

        try:
            found = new_crossings(self.tracker)
        except UserError as error:  # a locked database: the next minute will do
            log.info("budget check skipped: %s", error)
            return []
        for crossing in found:
            self.notify(*message(crossing))
        return found

    def stop(self) -> None:
        self.timer.stop()
