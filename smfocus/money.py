"""``report --money``: cost, value, ROI and effective hourly rate per report group,
in one read transaction.

The definitions are the charts' (core/roi.py): cost is tracked time at the
project's rate, a monthly value is prorated by days to the range, ROI is
(value - cost) / cost. The effective rate is that value divided by the hours
tracked. A figure that cannot be known (no rate, no value, several currencies
in one sum) is None, never 0.

Per grouping: ``project`` has all four; ``task`` the cost at its project's rate;
``category``, ``day``, ``week`` and ``month`` the cost summed over the projects
in the group when they all have a rate and share one currency.

On a range shorter than its month (a week, a day), ROI and the effective rate
are the month's so far, up to the range's end, and the report says so: a
monthly retainer's prorated sliver against one hour of work gave "+4754 %",
which answers nothing. Cost and value stay the range's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from smfocus.core import roi
from smfocus.core.i18n import N_, _
from smfocus.core.localtime import day_start, local_date
from smfocus.errors import Fix, UserError
from smfocus.store import reports
from smfocus.store.tables import projects, tasks

if TYPE_CHECKING:
    from smfocus.tracker import Tracker

BY = ("project", "task", "category", "day", "week", "month")
# Group keys (``--json`` gives them as they are); a face shows them through _().
NO_TASK = N_("(no task)")
NO_CATEGORY = N_("(no category)")

P, T = projects.c, tasks.c


@dataclass(frozen=True, slots=True)
class MoneyGroup:
    key: str
    seconds: int
    cost_cents: int | None
    value_cents: int | None
    roi: float | None
    effective_rate_cents: int | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class MoneyReport:
    start: int | None
    end: int
    by: str
    groups: tuple[MoneyGroup, ...]
    # Set when the range is shorter than its month: ROI and the effective rate
    # are then over [roi_from, the range's end], the month so far.
    roi_from: date | None = None

    @property
    def total_seconds(self) -> int:
        return sum(group.seconds for group in self.groups)


@dataclass
class _Sum:
    """Cost of one group summed over projects; spoilt by a missing rate or a mix."""

    seconds: int = 0
    cents: int = 0
    currency: str | None = None
    known: bool = True

    def add(self, seconds: int, rate: int | None, currency: str) -> None:
        self.seconds += seconds
        if rate is None or (self.currency is not None and self.currency != currency):
            self.known = False
        else:
            self.cents += roi.cost_cents(seconds, rate)
        self.currency = self.currency or currency

    def group(self, key: str) -> MoneyGroup:
        cost = self.cents if self.known else None
        return MoneyGroup(key, self.seconds, cost, None, None, None, self.currency)


def money_report(
    tracker: Tracker, *, start: int | None = None, end: int | None = None, by: str = "project"
) -> MoneyReport:
    """Seconds and money per group over [start, end); defaults as ``report``."""
    if by not in BY:
        raise UserError(
            _("Cannot group by {by}; use one of {choices}.").format(
                by=repr(by), choices=", ".join(BY)
            )
        )
    now = tracker.clock.now()
    stop = now if end is None else end
    roi_from: date | None = None
    if start is not None and stop <= start:
        raise UserError(_("The range ends before it starts."), fix=Fix("later_end"))
    with tracker.read(now) as unit:
        if unit.user_id is None:
            return MoneyReport(start, stop, by, ())
        connection, tz = unit.connection, unit.tz
        first = reports.first_start(connection, unit.user_id)
        begin = start if start is not None else first
        if begin is None or first is None:
            return MoneyReport(begin, stop, by, ())
        low = max(begin, first)
        horizon = min(stop, now, reports.last_end(connection, unit.user_id, now))
        if horizon <= low:
            return MoneyReport(begin, stop, by, ())
        window = reports.Window(user_id=unit.user_id, start=low, end=horizon, now=now)
        info = {
            row.id: row
            for row in connection.execute(
                select(P.id, P.name, P.rate_cents, P.currency, P.value_cents, P.value_per).where(
                    P.user_id == unit.user_id
                )
            )
        }
        per_project = {
            ident: seconds
            for (ident, _key), seconds in reports.totals(
                connection, window, tz, "project", None
            ).items()
            if ident is not None
        }
        if by == "project":
            first_day = local_date(begin, tz)
            last_day = local_date(max(begin, min(stop, now) - 1), tz)
            roi_from = roi.month_to_date_from(first_day, last_day)
            basis: dict[int, int] = {}
            if roi_from is not None:
                month_window = reports.Window(
                    user_id=unit.user_id, start=day_start(roi_from, tz), end=horizon, now=now
                )
                basis = {
                    ident: seconds
                    for (ident, _key), seconds in reports.totals(
                        connection, month_window, tz, "project", None
                    ).items()
                    if ident is not None
                }
            groups = []
            for ident, seconds in per_project.items():
                row = info[ident]
                figures = roi.project_roi(
                    seconds, row.rate_cents, row.value_cents, row.value_per, first_day, last_day
                )
                shown = roi.shown_roi(
                    figures, basis.get(ident, 0), row.rate_cents, row.value_cents,
                    row.value_per, roi_from, last_day,
                )  # fmt: skip
                groups.append(
                    MoneyGroup(
                        key=row.name,
                        seconds=seconds,
                        cost_cents=figures.cost_cents,
                        value_cents=figures.value_cents,
                        roi=shown.roi,
                        effective_rate_cents=shown.effective_rate_cents,
                        currency=row.currency,
                    )
                )
        elif by in ("task", "category"):
            task_rows = {
                row.id: row
                for row in connection.execute(
                    select(T.id, T.project_id, T.name, T.category)
                    .join(projects, T.project_id == P.id)
                    .where(P.user_id == unit.user_id)
                )
            }
            sums: dict[str, _Sum] = defaultdict(_Sum)
            tasked: dict[int, int] = defaultdict(int)
            raw = reports.totals(connection, window, tz, "task", None)
            for (task_id, _key), seconds in raw.items():
                if task_id is None or task_id not in task_rows:
                    continue
                task = task_rows[task_id]
                project = info[task.project_id]
                tasked[task.project_id] += seconds
                key = (
                    f"{project.name} / {task.name}"
                    if by == "task"
                    else task.category or NO_CATEGORY
                )
                sums[key].add(seconds, project.rate_cents, project.currency)
            # Time with no task: what each project has beyond its tasks' time.
            for ident, seconds in per_project.items():
                rest = seconds - tasked.get(ident, 0)
                if rest > 0:
                    project = info[ident]
                    key = NO_TASK if by == "task" else NO_CATEGORY
                    sums[key].add(rest, project.rate_cents, project.currency)
            groups = [total.group(key) for key, total in sums.items()]
        else:
            sums = defaultdict(_Sum)
            raw = reports.totals(connection, window, tz, "project", by)
            for (project_id, label), seconds in raw.items():
                if project_id is None or label is None:
                    continue
                project = info[project_id]
                sums[label].add(seconds, project.rate_cents, project.currency)
            groups = [total.group(key) for key, total in sums.items()]
    if by in ("day", "week", "month"):
        groups.sort(key=lambda group: group.key)
    else:
        groups.sort(key=lambda group: (-group.seconds, group.key))
    return MoneyReport(begin, stop, by, tuple(groups), roi_from)
