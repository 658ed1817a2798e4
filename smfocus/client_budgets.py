"""A monthly budget for a client, shared by every project of that client.

A client is the free text on projects (``projects.client``), compared as names
are (``name_key``: "Bloom" and "BLOOM" are one client), so the budget is keyed
by that form of the name (store/tables.py ``client_budgets``). Its time is the
sum of its projects' time, by the report's own arithmetic; the month, the
projection and rollover follow the project budget's rules (core/budget.py).

A money budget turns into hours only when every project of the client has the
same rate: with several rates there is no one answer, and no hours are
invented; the budget is then followed in money, at each project's rate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, delete, insert, select, update

from smfocus.core import budget as rules
from smfocus.core import roi
from smfocus.core.i18n import _
from smfocus.core.usertext import shown
from smfocus.core.validation import name_key
from smfocus.errors import Fix, UserError
from smfocus.store.tables import client_budget_alerts, client_budgets, projects
from smfocus.store.unit import ReadUnit, Unit

if TYPE_CHECKING:
    from smfocus.tracker import Tracker

C, CA, P = client_budgets.c, client_budget_alerts.c, projects.c


@dataclass(frozen=True, slots=True)
class ClientProject:
    project: str
    used_seconds: int
    has_budget: bool  # the project has a budget of its own too


@dataclass(frozen=True, slots=True)
class ClientBudgetItem:
    client: str
    projects: tuple[ClientProject, ...]  # its projects with time this month, or active
    budget_seconds: int | None  # this month's, rollover included
    rollover_seconds: int
    used_seconds: int  # all its projects together
    remaining_seconds: int | None
    projected_seconds: int
    budget_cents: int | None
    used_cents: int | None  # cost at each project's rate; None if one has none
    income_cents: int | None  # the projects' monthly values, else the money budget
    effective_rate_cents: int | None
    currency: str | None

    @property
    def share(self) -> float | None:
        return rules.share(
            self.used_seconds, self.budget_seconds, self.used_cents, self.budget_cents
        )


@dataclass(frozen=True, slots=True)
class ClientBudget:
    client: str
    budget_text: str  # "20h/month" or "900EUR/month", as typed
    rollover: bool
    projects: tuple[str, ...]
    # The same budget as figures, for a face to word in the user's language.
    budget_seconds: int | None = None
    budget_cents: int | None = None
    currency: str | None = None


def _client_projects(unit: ReadUnit, key: str) -> list[Row[Any]]:
    rows = unit.connection.execute(
        select(projects).where(P.user_id == unit.user_id, P.client.is_not(None)).order_by(P.id)
    )
    # The oldest project's spelling names the client ("Bloom", not a later "BLOOM").
    return [row for row in rows if name_key(row.client) == key]


def set_client_budget(
    tracker: Tracker, name: str, budget: rules.Budget | None, rollover: bool | None
) -> ClientBudget | None:
    """Set, change or clear (an empty Budget) a client's monthly budget; its
    rollover alone may change too. The client must be on a project already."""
    key = name_key(name.strip())
    with tracker.write() as unit:
        members = _client_projects(unit, key)
        if not members:
            raise UserError(
                _("No project has the client {client}.").format(client=shown(name)),
                fix=Fix("set_client"),
            )
        client = members[0].client
        where = (C.user_id == unit.user_id, C.client_key == key)
        found = unit.connection.execute(select(client_budgets).where(*where)).first()
        if budget is not None and budget.seconds is None and budget.cents is None:
            unit.connection.execute(delete(client_budgets).where(*where))
            return None
        values: dict[str, Any] = {"client": client}
        if budget is not None:
            if budget.currency is not None:
                currencies = sorted({row.currency for row in members})
                if currencies != [budget.currency]:
                    billed = (
                        _("{first} and {last}").format(
                            first=", ".join(currencies[:-1]), last=currencies[-1]
                        )
                        if len(currencies) > 1
                        else currencies[0]
                    )
                    text = (
                        _(
                            "The projects of {client} are billed in {billed}, not {currency}; "
                            "give the budget in {theirs}."
                        )
                        if len(currencies) == 1
                        else _(
                            "The projects of {client} are billed in {billed}, not {currency}; "
                            "give the budget in hours."
                        )
                    )
                    raise UserError(
                        text.format(
                            client=repr(client),
                            billed=billed,
                            currency=budget.currency,
                            theirs=currencies[0],
                        )
                    )
            values.update(
                budget_seconds=budget.seconds, budget_cents=budget.cents, currency=budget.currency
            )
        if rollover is not None:
            values["rollover"] = rollover
        if found is None:
            if budget is None:
                raise UserError(
                    _("{client} has no budget yet.").format(client=repr(client)),
                    fix=Fix("client_budget"),
                )
            unit.connection.execute(
                insert(client_budgets).values(user_id=unit.user_id, client_key=key, **values)
            )
        else:
            unit.connection.execute(update(client_budgets).where(*where).values(**values))
        row = unit.connection.execute(select(client_budgets).where(*where)).one()
        return _described(row, members)


def client_budget(tracker: Tracker, name: str) -> ClientBudget | None:
    """A client's budget as ``client budget NAME`` shows it; None when it has none."""
    key = name_key(name.strip())
    with tracker.read() as unit:
        if unit.user_id is None:
            return None
        row = unit.connection.execute(
            select(client_budgets).where(C.user_id == unit.user_id, C.client_key == key)
        ).first()
        if row is None:
            return None
        return _described(row, _client_projects(unit, key))


def _described(row: Row[Any], members: Sequence[Row[Any]]) -> ClientBudget:
    if row.budget_seconds is not None:
        text = f"{row.budget_seconds / 3600:g}h/month"
    else:
        text = f"{row.budget_cents / 100:g}{row.currency}/month"
    names = tuple(sorted((member.name for member in members), key=str.casefold))
    return ClientBudget(
        row.client,
        text,
        bool(row.rollover),
        names,
        budget_seconds=row.budget_seconds,
        budget_cents=row.budget_cents,
        currency=row.currency,
    )


def client_items(
    unit: ReadUnit,
    start: int,
    end: int,
    before_start: int,
    used: Mapping[int, int],
    used_before: Mapping[int, int] | None,
) -> list[ClientBudgetItem]:
    """The month's client budgets, from the seconds per project id of the month
    (``used``) and of the month before (``used_before``, read only when a
    client rolls over: None until then)."""
    budgets = list(
        unit.connection.execute(select(client_budgets).where(C.user_id == unit.user_id))
    )
    if not budgets:
        return []
    members: dict[str, list[Row[Any]]] = {}
    for row in unit.connection.execute(
        select(projects).where(P.user_id == unit.user_id, P.client.is_not(None))
    ):
        members.setdefault(name_key(row.client), []).append(row)
    items = []
    for budget in budgets:
        rows = members.get(budget.client_key, [])
        seconds = sum(used.get(row.id, 0) for row in rows)
        rates = {row.rate_cents for row in rows}
        one_rate = next(iter(rates)) if len(rates) == 1 else None
        base = rules.budget_seconds(budget.budget_seconds, budget.budget_cents, one_rate)
        # Never carried from before the client's first project existed.
        rolls = (
            bool(budget.rollover)
            and used_before is not None
            and bool(rows)
            and min(row.created_at for row in rows) < before_start
        )
        before = sum((used_before or {}).get(row.id, 0) for row in rows)
        carry = rules.carried(base, before, rolls)
        total = None if base is None else base + carry
        currencies = {row.currency for row in rows}
        currency = budget.currency or (next(iter(currencies)) if len(currencies) == 1 else None)
        cost: int | None = None
        if rows and None not in rates and len(currencies) == 1:
            cost = sum(roi.cost_cents(used.get(row.id, 0), row.rate_cents) for row in rows)
        values = [row.value_cents for row in rows if row.value_per == "month" and row.value_cents]
        income = sum(values) if values and len(currencies) == 1 else budget.budget_cents
        items.append(
            ClientBudgetItem(
                client=budget.client,
                projects=tuple(
                    ClientProject(
                        row.name,
                        used.get(row.id, 0),
                        row.budget_seconds is not None or row.budget_cents is not None,
                    )
                    for row in sorted(rows, key=lambda row: row.name.casefold())
                    if used.get(row.id) or not row.archived
                ),
                budget_seconds=total,
                rollover_seconds=carry,
                used_seconds=seconds,
                remaining_seconds=None if total is None else total - seconds,
                projected_seconds=rules.projected(seconds, start, end, unit.now),
                budget_cents=budget.budget_cents,
                used_cents=cost,
                income_cents=income,
                effective_rate_cents=roi.effective_rate_cents(income, seconds),
                currency=currency,
            )
        )
    items.sort(key=lambda item: item.client.casefold())
    return items


def rolls_over(unit: ReadUnit) -> bool:
    """Whether a client budget carries hours: the month before must then be read."""
    found = unit.connection.scalar(
        select(C.client_key).where(C.user_id == unit.user_id, C.rollover.is_(True)).limit(1)
    )
    return found is not None


def said(unit: ReadUnit, client: str, month: str, threshold: int) -> bool:
    found = unit.connection.scalar(
        select(CA.at).where(
            CA.user_id == unit.user_id,
            CA.client_key == name_key(client),
            CA.month == month,
            CA.threshold == threshold,
        )
    )
    return found is not None


def record(unit: Unit, client: str, month: str, threshold: int) -> None:
    unit.connection.execute(
        insert(client_budget_alerts).values(
            user_id=unit.user_id,
            client_key=name_key(client),
            month=month,
            threshold=threshold,
            at=unit.now,
        )
    )
