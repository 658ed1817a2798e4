"""Retainers and capacity: a project's monthly budget and weekly commitment, the
``budget`` month and the ``plan`` week. Each function is one transaction.

Budgets and commitments live on the project (store/tables.py); the weekly
capacity and working days are settings (``plan.capacity``, ``plan.days``).
Time used is the report's own arithmetic (store/reports.py): clipped to the
month, split at local midnights, a running entry counted up to now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from smfocus import client_budgets
from smfocus.client_budgets import ClientBudgetItem
from smfocus.core import budget as rules
from smfocus.core import roi
from smfocus.core.i18n import _
from smfocus.core.localtime import day_start, local_date
from smfocus.core.timeparse import parse_duration
from smfocus.core.usertext import shown
from smfocus.core.weekdays import DAYS as DAY_NAMES
from smfocus.core.weekdays import day_number
from smfocus.errors import UserError
from smfocus.store import reports
from smfocus.store.tables import budget_alerts, projects, settings
from smfocus.store.unit import ReadUnit, Unit

if TYPE_CHECKING:
    from smfocus.tracker import Tracker

P, S, A = projects.c, settings.c, budget_alerts.c
PLAN_KEYS = ("plan.capacity", "plan.days")
DEFAULT_DAYS = "mon,tue,wed,thu,fri"
THRESHOLDS = (80, 100)
CLIENT_GREY = "#6b7280"  # a client budget with no project left to lend its colour


@dataclass(frozen=True, slots=True)
class BudgetItem:
    project: str
    client: str | None
    budget_seconds: int | None  # this month's, rollover included
    rollover_seconds: int
    used_seconds: int
    remaining_seconds: int | None
    projected_seconds: int
    budget_cents: int | None
    used_cents: int | None  # cost at the project's rate
    income_cents: int | None  # the monthly value, else the money budget
    rate_cents: int | None
    effective_rate_cents: int | None
    currency: str

    @property
    def share(self) -> float | None:
        return rules.share(
            self.used_seconds, self.budget_seconds, self.used_cents, self.budget_cents
        )


@dataclass(frozen=True, slots=True)
class BudgetMonth:
    month: str
    start: int
    end: int
    items: tuple[BudgetItem, ...]
    clients: tuple[ClientBudgetItem, ...] = ()  # budgets shared by a client's projects

    @property
    def empty(self) -> bool:
        return not self.items and not self.clients


@dataclass(frozen=True, slots=True)
class PlanItem:
    project: str
    priority: int
    committed_seconds: int
    tracked_seconds: int


@dataclass(frozen=True, slots=True)
class PlanWeek:
    week: str
    start: int
    end: int
    capacity_seconds: int | None
    days: tuple[str, ...]
    items: tuple[PlanItem, ...]
    overcommit: rules.Overcommit | None

    @property
    def committed_seconds(self) -> int:
        return sum(item.committed_seconds for item in self.items)

    @property
    def tracked_seconds(self) -> int:
        return sum(item.tracked_seconds for item in self.items)


# -- settings -------------------------------------------------------------------


def parse_days(text: str) -> tuple[str, ...]:
    """``mon-fri``, ``mon,tue,thu`` or ``weekdays``: working days in week order."""
    raw = text.strip().lower().replace(" ", "").replace("\u2013", "-")
    if raw == "weekdays":
        raw = "mon-fri"
    if raw in ("daily", "all"):
        raw = "mon-sun"
    chosen: set[int] = set()
    for part in raw.split(","):
        low, _dash, high = part.partition("-")
        first, last = day_number(low), day_number(high) if high else day_number(low)
        if first is None or last is None:
            raise UserError(
                _("Cannot read {text} as working days; write e.g. mon-fri or mon,tue,thu.").format(
                    text=shown(text)
                )
            )
        if last < first:
            raise UserError(
                _("The days {days} run backwards; write e.g. mon-fri.").format(days=shown(part))
            )
        chosen.update(range(first, last + 1))
    return tuple(DAY_NAMES[i] for i in sorted(chosen))


def _clean_setting(key: str, value: str) -> str:
    if key == "plan.capacity":
        seconds = parse_duration(value)
        if not 0 < seconds <= 168 * 3600:
            raise UserError(
                _("plan.capacity is a week's hours, 1m to 168h, not {value}.").format(
                    value=shown(value)
                )
            )
        return f"{seconds // 3600}h" if seconds % 3600 == 0 else f"{seconds // 60}m"
    if key == "plan.days":
        return ",".join(parse_days(value))
    raise UserError(
        _("There is no setting {key}; the plan's settings are: {keys}.").format(
            key=repr(key), keys=", ".join(PLAN_KEYS)
        )
    )


def set_plan_setting(tracker: Tracker, key: str, value: str) -> str:
    stored = _clean_setting(key, value)
    with tracker.write() as unit:
        where = (S.user_id == unit.user_id, S.key == key)
        if unit.connection.scalar(select(S.key).where(*where)) is None:
            unit.connection.execute(
                insert(settings).values(user_id=unit.user_id, key=key, value=stored)
            )
        else:
            unit.connection.execute(update(settings).where(*where).values(value=stored))
    return stored


def _plan_settings(unit: ReadUnit) -> tuple[int | None, tuple[str, ...]]:

    rows = dict(
        unit.connection.execute(
            select(S.key, S.value).where(S.user_id == unit.user_id, S.key.in_(PLAN_KEYS))
        ).all()
    )
    capacity: int | None = None
    days = parse_days(DEFAULT_DAYS)
    try:
        if "plan.capacity" in rows:
            capacity = parse_duration(rows["plan.capacity"])
        if "plan.days" in rows:
            days = parse_days(rows["plan.days"])
    except UserError:
        pass  # a value this version cannot read keeps its default
    return capacity, days


def plan_setting(tracker: Tracker, key: str) -> str:
    _clean_setting(key, "1h" if key == "plan.capacity" else DEFAULT_DAYS)  # the key exists
    with tracker.read() as unit:
        capacity, days = _plan_settings(unit)
    if key == "plan.days":
        return ",".join(days)
    return "-" if capacity is None else _clean_setting(key, f"{capacity // 60}m")


# -- a project's budget and commitment --------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanChange:
    budget: rules.Budget | None = None  # None: unchanged; Budget(): cleared
    rollover: bool | None = None
    commit: str | None = None  # hours per week; "" clears

    @property
    def empty(self) -> bool:
        return self.budget is None and self.rollover is None and self.commit is None


def _commit_seconds(text: str) -> int | None:
    if not text.strip():
        return None
    seconds = parse_duration(text)
    if not 0 < seconds <= 168 * 3600:
        raise UserError(
            _("A weekly commitment is 1m to 168h, not {value}.").format(value=shown(text))
        )
    return seconds


def set_project_plan(tracker: Tracker, name: str, change: PlanChange) -> rules.Overcommit | None:
    """Store a project's budget, rollover and commitment; return how a raised
    commitment overruns the weekly capacity (the change is kept: saying no is
    the user's call, the numbers are ours)."""
    commit = _commit_seconds(change.commit) if change.commit is not None else None
    with tracker.write() as unit:
        project = unit.require_project(name)
        values: dict[str, Any] = {}
        if change.budget is not None:
            money = change.budget
            if money.currency is not None:
                currency = unit.project(project.id).currency
                if money.currency != currency:
                    raise UserError(
                        _(
                            "The project {project} is billed in {currency}, not {other}; "
                            "give the budget in {currency}."
                        ).format(
                            project=repr(project.name), currency=currency, other=money.currency
                        )
                    )
            values["budget_seconds"] = money.seconds
            values["budget_cents"] = money.cents
        if change.rollover is not None:
            values["budget_rollover"] = change.rollover
        if change.commit is not None:
            values["commit_seconds"] = commit
        if values:
            unit.connection.execute(update(projects).where(P.id == project.id).values(**values))
        if change.commit is None or commit is None:
            return None
        capacity, _days = _plan_settings(unit)
        if capacity is None:
            return None
        return rules.overcommit(_commitments(unit), capacity, project.name)


def _commitments(unit: ReadUnit) -> list[rules.Commitment]:
    rows = unit.connection.execute(
        select(P.name, P.priority, P.commit_seconds).where(
            P.user_id == unit.user_id, P.archived.is_(False), P.commit_seconds.is_not(None)
        )
    )
    return [rules.Commitment(row.name, row.priority, row.commit_seconds) for row in rows]


# -- the month and the week ----------------------------------------------------------


def _seconds(unit: ReadUnit, start: int, end: int) -> dict[int, int]:
    """Seconds per project id over [start, end), never past now."""
    assert unit.user_id is not None
    stop = min(end, unit.now)
    if stop <= start:
        return {}
    window = reports.Window(user_id=unit.user_id, start=start, end=stop, now=unit.now)
    raw = reports.totals(unit.connection, window, unit.tz, "project", None)
    return {ident: seconds for (ident, _key), seconds in raw.items() if ident is not None}


def current_month(tracker: Tracker) -> tuple[int, int]:
    today = local_date(tracker.clock.now(), tracker.tz)
    return today.year, today.month


def budget_month_in(unit: ReadUnit, year: int, month: int) -> BudgetMonth:
    start, end = rules.month_bounds(year, month, unit.tz)
    label = rules.month_label(year, month)
    if unit.user_id is None:
        return BudgetMonth(label, start, end, ())
    rows = list(
        unit.connection.execute(
            select(projects).where(
                P.user_id == unit.user_id,
                (P.budget_seconds.is_not(None)) | (P.budget_cents.is_not(None)),
            )
        )
    )
    client_rolls = client_budgets.rolls_over(unit)
    has_clients = (
        client_rolls
        or unit.connection.scalar(
            select(client_budgets.C.client_key)
            .where(client_budgets.C.user_id == unit.user_id)
            .limit(1)
        )
        is not None
    )
    if not rows and not has_clients:
        return BudgetMonth(label, start, end, ())
    used = _seconds(unit, start, end)
    before_start, _end = rules.month_bounds(*rules.previous_month(year, month), unit.tz)
    needs_before = client_rolls or any(row.budget_rollover for row in rows)
    used_before = _seconds(unit, before_start, start) if needs_before else {}
    clients = client_budgets.client_items(
        unit, start, end, before_start, used, used_before if client_rolls else None
    )
    items = []
    for row in rows:
        if row.archived and not used.get(row.id):
            continue
        seconds = used.get(row.id, 0)
        base = rules.budget_seconds(row.budget_seconds, row.budget_cents, row.rate_cents)
        # No history of when a budget was set is kept: a project created after
        # the month before began carries nothing over from it.
        rolls = bool(row.budget_rollover) and row.created_at < before_start
        carry = rules.carried(base, used_before.get(row.id, 0), rolls)
        total = None if base is None else base + carry
        income = row.value_cents if row.value_per == "month" and row.value_cents else None
        income = income if income is not None else row.budget_cents
        items.append(
            BudgetItem(
                project=row.name,
                client=row.client,
                budget_seconds=total,
                rollover_seconds=carry,
                used_seconds=seconds,
                remaining_seconds=None if total is None else total - seconds,
                projected_seconds=rules.projected(seconds, start, end, unit.now),
                budget_cents=row.budget_cents,
                used_cents=(
                    roi.cost_cents(seconds, row.rate_cents) if row.rate_cents is not None else None
                ),
                income_cents=income,
                rate_cents=row.rate_cents,
                effective_rate_cents=roi.effective_rate_cents(income, seconds),
                currency=row.currency,
            )
        )
    items.sort(
        key=lambda item: ((item.client or item.project).casefold(), item.project.casefold())
    )
    return BudgetMonth(label, start, end, tuple(items), tuple(clients))


def budget_month(tracker: Tracker, year: int, month: int) -> BudgetMonth:
    with tracker.read() as unit:
        return budget_month_in(unit, year, month)


def week_of(text: str | None, now: int, tracker: Tracker) -> date:
    """The Monday of ``YYYY-Www``, of the week holding a date, or of this week."""
    if text is None:
        today = local_date(now, tracker.tz)
    else:
        raw = text.strip().upper()
        try:
            if "-W" in raw:
                year, week = raw.split("-W")
                return date.fromisocalendar(int(year), int(week), 1)
            today = date.fromisoformat(raw)
        except ValueError:
            raise UserError(
                _("{text} is not a week; write it as 2026-W48 or a date like 2026-11-30.").format(
                    text=shown(text)
                )
            ) from None
    return today - timedelta(days=today.weekday())


def plan_week(tracker: Tracker, monday: date) -> PlanWeek:
    start = day_start(monday, tracker.tz)
    end = day_start(monday + timedelta(days=7), tracker.tz)
    year, week, _day = monday.isocalendar()
    label = f"{year}-W{week:02d}"
    with tracker.read() as unit:
        capacity, days = _plan_settings(unit)
        if unit.user_id is None:
            return PlanWeek(label, start, end, capacity, days, (), None)
        tracked = _seconds(unit, start, end)
        rows = unit.connection.execute(
            select(P.id, P.name, P.priority, P.commit_seconds, P.archived).where(
                P.user_id == unit.user_id
            )
        )
        items = [
            PlanItem(row.name, row.priority, row.commit_seconds or 0, tracked.get(row.id, 0))
            for row in rows
            if (row.commit_seconds and not row.archived) or tracked.get(row.id)
        ]
        commitments = _commitments(unit)
    items.sort(key=lambda item: (item.priority, -item.committed_seconds, item.project.casefold()))
    over = None
    if capacity is not None:
        over = rules.overcommit(commitments, capacity, changed="")
    return PlanWeek(label, start, end, capacity, days, tuple(items), over)


# -- threshold alerts -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Crossing:
    project: str | None  # None: the budget of the client, shared by its projects
    client: str | None
    month: str
    threshold: int  # percent
    share: float


def _unsaid(unit: ReadUnit, year: int, month: int) -> list[tuple[int | None, Crossing]]:
    """(project id, crossing) for each threshold passed and not yet recorded; the
    id is None for a client's budget."""
    report = budget_month_in(unit, year, month)
    if report.empty:
        return []
    ids = dict(
        unit.connection.execute(select(P.name, P.id).where(P.user_id == unit.user_id)).all()
    )
    found: list[tuple[int | None, Crossing]] = []
    for shared in report.clients:
        share = shared.share
        if share is None:
            continue
        for threshold in THRESHOLDS:
            if share * 100 >= threshold and not client_budgets.said(
                unit, shared.client, report.month, threshold
            ):
                found.append((None, Crossing(None, shared.client, report.month, threshold, share)))
    for item in report.items:
        share = item.share
        if share is None:
            continue
        for threshold in THRESHOLDS:
            if share * 100 < threshold:
                continue
            said = unit.connection.scalar(
                select(A.at).where(
                    A.project_id == ids[item.project],
                    A.month == report.month,
                    A.threshold == threshold,
                )
            )
            if said is None:
                crossing = Crossing(item.project, item.client, report.month, threshold, share)
                found.append((ids[item.project], crossing))
    return found


def new_crossings(tracker: Tracker) -> list[Crossing]:
    """Budget thresholds this month crossed and not yet announced; each is recorded
    as announced in the same transaction that finds it, so it is said once, across
    restarts. A read looks first: most calls find nothing and take no write lock."""
    year, month = current_month(tracker)
    with tracker.read() as unit:
        if unit.user_id is None or not _unsaid(unit, year, month):
            return []
    with tracker.write() as unit:
        found = _unsaid(unit, year, month)  # again, under the lock: another may have said it
        for project_id, crossing in found:
            if project_id is not None:
                _record(unit, project_id, crossing.month, crossing.threshold)
            elif crossing.client is not None:
                client_budgets.record(unit, crossing.client, crossing.month, crossing.threshold)
    return [crossing for _ident, crossing in found]


def _record(unit: Unit, project_id: int, month: str, threshold: int) -> None:
    unit.connection.execute(
        insert(budget_alerts).values(
            project_id=project_id, month=month, threshold=threshold, at=unit.now
        )
    )


# -- burn-down ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BurnLine:
    item: BudgetItem | ClientBudgetItem  # a client's line sums its projects' time
    colour: str
    used_by_day: tuple[int, ...]  # seconds used by the end of each day so far, cumulative


@dataclass(frozen=True, slots=True)
class BurnDown:
    month: str
    days: int  # days in the month
    today: int | None  # 1-based day of the month now, None for a past or future month
    lines: tuple[BurnLine, ...]


def burn_down(tracker: Tracker, year: int, month: int) -> BurnDown:
    """Per budgeted project, time used day by day this month, for the charts."""
    from smfocus.core.periods import label as period_label

    with tracker.read() as unit:
        report = budget_month_in(unit, year, month)
        start, end = report.start, report.end
        first = date(year, month, 1)
        days = (local_date(end - 1, unit.tz) - first).days + 1
        now_day = local_date(unit.now, unit.tz)
        today = now_day.day if (now_day.year, now_day.month) == (year, month) else None
        if report.empty or unit.user_id is None or unit.now <= start:
            return BurnDown(report.month, days, today, ())
        window = reports.Window(
            user_id=unit.user_id, start=start, end=min(end, unit.now), now=unit.now
        )
        raw = reports.totals(unit.connection, window, unit.tz, "project", "day")
        rows = unit.connection.execute(
            select(P.id, P.name, P.colour).where(P.user_id == unit.user_id)
        ).all()
    ids = {row.name: row.id for row in rows}
    colours = {row.name: row.colour for row in rows}
    shown_days = today if today is not None else (days if unit.now >= end else 0)

    def cumulative(idents: list[int]) -> tuple[int, ...]:
        total, by_day = 0, []
        for number in range(1, shown_days + 1):
            key = period_label(date(year, month, number), "day")
            total += sum(raw.get((ident, key), 0) for ident in idents)
            by_day.append(total)
        return tuple(by_day)

    lines = []
    for shared in report.clients:
        names = [member.project for member in shared.projects]
        colour = colours[names[0]] if names else CLIENT_GREY
        lines.append(BurnLine(shared, colour, cumulative([ids[name] for name in names])))
    for item in report.items:
        lines.append(BurnLine(item, colours[item.project], cumulative([ids[item.project]])))
    return BurnDown(report.month, days, today, tuple(lines))


@dataclass(frozen=True, slots=True)
class ProjectPlan:
    budget_text: str  # "20h/month", "900EUR/month" or ""
    rollover: bool
    commit_seconds: int | None


def project_plan(tracker: Tracker, name: str) -> ProjectPlan:
    """A project's budget and weekly commitment, as the forms show them."""
    with tracker.read() as unit:
        found = unit.find_project(name)
        if found is None:
            return ProjectPlan("", False, None)
        row = unit.connection.execute(
            select(
                P.budget_seconds, P.budget_cents, P.budget_rollover, P.commit_seconds, P.currency
            ).where(P.id == found.id)
        ).one()
    text = ""
    if row.budget_seconds is not None:
        text = f"{row.budget_seconds / 3600:g}h/month"
    elif row.budget_cents is not None:
        text = f"{row.budget_cents / 100:g}{row.currency}/month"
    return ProjectPlan(text, bool(row.budget_rollover), row.commit_seconds)
