"""Money and estimate arithmetic for the charts: cost of time, value prorated to a
range, ROI, and medians. Pure functions on integers (cents, seconds, days).

Choices, written down once:

* **Cost** is tracked time times the project's hourly rate, rounded to the cent.
* **Value per month** is prorated by days: for each calendar month the range
  touches, value x (days of the range in that month) / (days in that month).
  A range that reaches today counts up to today, today included, so on the
  10th "this month" holds 10 days of value against 10 days of cost. The value
  is assumed to hold in every month of the range: the schema keeps no history
  of value changes or of when a project was archived.
* **Value per result** needs a count of results, which nothing records yet;
  such a project shows ``PER_RESULT`` instead of a number, never a guess.
* **ROI** = (value - cost) / cost. With no rate, no value, or no time (cost 0)
  there is no ROI, and the note says which; a missing figure is never zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from smfocus.core.i18n import N_, _

# Why a project has no ROI, shown beside it (translated when the figures are made).
NO_RATE = N_("no hourly rate")
NO_VALUE = N_("no value set")
PER_RESULT = N_("value per result: not tracked yet")
NO_TIME = N_("no time tracked")


def _rounded(amount: Fraction) -> int:
    """Half away from zero, to a whole cent: what an invoice would show."""
    whole = int(abs(amount) + Fraction(1, 2))
    return whole if amount >= 0 else -whole


def cost_cents(seconds: int, rate_cents: int) -> int:
    """``_rounded(seconds x rate / 3600)`` in integers: exports call this once per
    entry, and a ``Fraction`` would cost more than the rest of the row."""
    product = seconds * rate_cents
    whole, rest = divmod(abs(product), 3600)
    if 2 * rest >= 3600:
        whole += 1
    return whole if product >= 0 else -whole


def month_shares(first: date, last: date) -> list[tuple[date, int, int]]:
    """(month's first day, days of [first, last] in it, days in the month) per month."""
    shares: list[tuple[date, int, int]] = []
    cursor = first
    while cursor <= last:
        start = cursor.replace(day=1)
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        month_last = following - timedelta(days=1)
        stop = min(last, month_last)
        shares.append((start, (stop - cursor).days + 1, month_last.day))
        cursor = stop + timedelta(days=1)
    return shares


def prorated_value_cents(value_cents: int, first: date, last: date) -> int:
    """A monthly value prorated to the days [first, last], rounded once at the end."""
    total = sum(
        (
            Fraction(value_cents * days, length)
            for _start, days, length in month_shares(first, last)
        ),
        Fraction(0),
    )
    return _rounded(total)


def ratio(value_cents: int, cost: int) -> float | None:
    """(value - cost) / cost; None when there is no cost to divide by."""
    if cost <= 0:
        return None
    return (value_cents - cost) / cost


@dataclass(frozen=True, slots=True)
class RoiFigures:
    seconds: int
    cost_cents: int | None  # None: the project has no hourly rate
    value_cents: int | None  # None: no value, or a value per result
    roi: float | None
    note: str | None  # why a figure is missing, for people

    @property
    def gain_cents(self) -> int | None:
        if self.cost_cents is None or self.value_cents is None:
            return None
        return self.value_cents - self.cost_cents


def project_roi(
    seconds: int,
    rate_cents: int | None,
    value_cents: int | None,
    value_per: str,
    first: date,
    last: date,
) -> RoiFigures:
    """Cost, value and ROI of one project over the local days [first, last]."""
    notes: list[str] = []
    cost = cost_cents(seconds, rate_cents) if rate_cents is not None else None
    if cost is None:
        notes.append(_(NO_RATE))
    value: int | None = None
    if value_cents is None:
        notes.append(_(NO_VALUE))
    elif value_per == "result":
        notes.append(_(PER_RESULT))
    else:
        value = prorated_value_cents(value_cents, first, last)
    result = ratio(value, cost) if value is not None and cost is not None else None
    if cost is not None and value is not None and result is None:
        notes.append(_(NO_TIME))
    return RoiFigures(
        seconds=seconds,
        cost_cents=cost,
        value_cents=value,
        roi=result,
        note="; ".join(notes) if notes else None,
    )


def month_to_date_from(first: date, last: date) -> date | None:
    """The first of the month for a range of local days [first, last] shorter than
    the month it ends in (it starts after that month's first day), else None.

    Such a range's ROI and effective rate are taken month to date, from that day
    to ``last``: a monthly retainer prorated to one day against an hour of work
    gave "+4754 %", which answers nothing. ``report --money`` and the charts' ROI
    view both ask here, so they agree on which ranges this applies to."""
    month_first = last.replace(day=1)
    return month_first if first > month_first else None


@dataclass(frozen=True, slots=True)
class ShownRoi:
    """The ROI and effective rate shown for a range: the range's own, or month to
    date when ``since`` is set (see ``month_to_date_from``)."""

    roi: float | None
    effective_rate_cents: int | None  # value / hours tracked, to the cent
    since: date | None


def effective_rate_cents(value_cents: int | None, seconds: int) -> int | None:
    """Value per hour tracked, to the cent (half up); None with no value or no time."""
    if value_cents is None or seconds <= 0:
        return None
    whole, rest = divmod(value_cents * 3600, seconds)
    return whole + (1 if 2 * rest >= seconds else 0)


def shown_roi(
    figures: RoiFigures,
    month_seconds: int,
    rate_cents: int | None,
    value_cents: int | None,
    value_per: str,
    since: date | None,
    last: date,
) -> ShownRoi:
    """ROI and effective rate for ``figures`` (a range's), month to date from
    ``since`` when given, with ``month_seconds`` tracked over [since, last]."""
    if since is None:
        return ShownRoi(
            figures.roi, effective_rate_cents(figures.value_cents, figures.seconds), None
        )
    context = project_roi(month_seconds, rate_cents, value_cents, value_per, since, last)
    return ShownRoi(context.roi, effective_rate_cents(context.value_cents, context.seconds), since)


def median(values: Iterable[float]) -> float | None:
    found = list(values)
    return float(statistics.median(found)) if found else None


def pomodoros_of_time(seconds: int, work_seconds: int) -> float:
    """Tracked time expressed in pomodoros of the configured length (25 min by default)."""
    return seconds / work_seconds if work_seconds > 0 else 0.0
