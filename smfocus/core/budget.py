"""Retainer and capacity arithmetic: monthly budgets, projection, rollover,
effective rates, weekly commitments against capacity. Pure functions on
integers (seconds, cents) and local dates; the zone is passed in.

Choices, written down once:

* A **month** is local: from the first local midnight of the month to the first
  of the next, so a month holding a clock change is an hour shorter or longer,
  and the budget is spent against the time that month really had.
* **Projected** use at month end follows the pace so far: used x (the month's
  length / the time elapsed). A month that has ended projects what it used; a
  month not begun projects nothing.
* **Rollover** carries the unused hours of the month before, one month deep:
  hours unused for two months do not pile up into a debt of work.
* A **money budget** turns into hours at the project's rate; with no rate it
  stays money only, and no hours are invented.
* The **effective hourly rate** is what the month brings in divided by the
  hours it took: the project's monthly value, else its money budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, tzinfo

from smfocus.core.i18n import _
from smfocus.core.localtime import day_start
from smfocus.core.usertext import shown
from smfocus.errors import UserError

# Amounts as people write them in English or French: ``1500.50``, ``12,5``,
# ``1 500,50`` (a space, no-break, narrow no-break or thin space between groups
# of three). A comma is decimal only before one or two digits: ``1,500`` could
# be fifteen hundred or one and a half, so it is refused rather than guessed.
_GROUP = "[ \u00a0\u202f\u2009]"
_BUDGET = re.compile(
    rf"^\s*(?P<whole>[0-9]{{1,3}}(?:{_GROUP}[0-9]{{3}})+|[0-9]{{1,7}})"
    r"(?:[.,](?P<part>[0-9]{1,2}))?"
    r"\s*(?P<unit>[hH]|[a-zA-Z]{3}|€)\s*/\s*(?P<per>[a-zA-Z]+)\s*$"
)
_PER_MONTH = ("month", "mois")
_SYMBOLS = {"€": "EUR"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_BUDGET_SECONDS = 744 * 3600  # every hour of the longest month


@dataclass(frozen=True, slots=True)
class Budget:
    """What ``--budget`` said: hours, or money in a currency."""

    seconds: int | None = None
    cents: int | None = None
    currency: str | None = None


def parse_budget(text: str) -> Budget:
    """``20h/month`` or ``900EUR/month``; ``""`` clears the budget.

    French forms read the same in every language: ``20 h / mois``, ``12,5h/mois``,
    ``1 500,50 €/mois`` (``€`` is EUR)."""
    if not text.strip():
        return Budget()
    found = _BUDGET.match(text)
    whole = "" if found is None else re.sub(_GROUP, "", found["whole"])
    if found is None or len(whole) > 7 or found["per"].lower() not in _PER_MONTH:
        raise UserError(
            _(
                "Cannot read {value} as a budget; write hours or money per month, "
                "like 20h/month or 900EUR/month."
            ).format(value=shown(text))
        )
    unit = found["unit"]
    hundredths = int(whole) * 100 + int(((found["part"] or "") + "00")[:2])
    if unit.lower() == "h":
        seconds = hundredths * 36
        if not 0 < seconds <= MAX_BUDGET_SECONDS:
            raise UserError(
                _("A monthly budget is between 0h and 744h, not {value}.").format(
                    value=shown(text)
                )
            )
        return Budget(seconds=seconds)
    if hundredths <= 0:
        raise UserError(
            _("A monthly budget must be more than zero, not {value}.").format(value=shown(text))
        )
    return Budget(cents=hundredths, currency=_SYMBOLS.get(unit, unit.upper()))


def parse_month(text: str) -> tuple[int, int]:
    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
        raise UserError(
            _("{value} is not a month; write it as YYYY-MM, like 2026-11.").format(
                value=shown(text)
            )
        )
    return int(found[1]), int(found[2])


def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_bounds(year: int, month: int, tz: tzinfo) -> tuple[int, int]:
    """[start, end) of a local month in epoch seconds."""
    following = next_month(year, month)
    return day_start(date(year, month, 1), tz), day_start(date(*following, 1), tz)


def projected(used: int, start: int, end: int, now: int) -> int:
    """Use at ``end`` if the pace of [start, now) holds."""
    if now >= end:
        return used
    elapsed = now - start
    if elapsed <= 0:
        return 0
    return used * (end - start) // elapsed


def budget_seconds(seconds: int | None, cents: int | None, rate_cents: int | None) -> int | None:
    """The month's budget in seconds: hours given, else money at the rate."""
    if seconds is not None:
        return seconds
    if cents is not None and rate_cents:
        return cents * 3600 // rate_cents
    return None


def share(
    used_seconds: int, budget: int | None, used_cents: int | None, budget_cents: int | None
) -> float | None:
    """Used / budget, by hours when there are some, else by money."""
    if budget:
        return used_seconds / budget
    if budget_cents and used_cents is not None:
        return used_cents / budget_cents
    return None


def carried(budget: int | None, used_before: int, rollover: bool) -> int:
    """Seconds the month before leaves unused, carried over when rollover is on."""
    if not rollover or budget is None:
        return 0
    return max(0, budget - used_before)


# -- capacity ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Commitment:
    project: str
    priority: int  # 1 urgent .. 5 someday
    seconds: int  # per week


@dataclass(frozen=True, slots=True)
class Overcommit:
    over: int  # seconds beyond capacity
    give: tuple[Commitment, ...]  # lower-priority commitments that would have to give
    short: int  # seconds still over once all of those gave


def overcommit(commitments: list[Commitment], capacity: int, changed: str) -> Overcommit | None:
    """None when the commitments fit the capacity; else by how much they do not,
    and which commitments of a lower priority than ``changed``'s would have to
    shrink, least important first (then the largest first), just enough."""
    total = sum(c.seconds for c in commitments)
    over = total - capacity
    if over <= 0:
        return None
    own = next((c for c in commitments if c.project == changed), None)
    rank = own.priority if own is not None else 5
    lower = sorted(
        (c for c in commitments if c.priority > rank and c.project != changed and c.seconds),
        key=lambda c: (-c.priority, -c.seconds, c.project.casefold()),
    )
    give: list[Commitment] = []
    left = over
    for candidate in lower:
        if left <= 0:
            break
        give.append(candidate)
        left -= candidate.seconds
    return Overcommit(over=over, give=tuple(give), short=max(0, left))
