"""The date ranges the charts offer: today, this week, this month, last month, this
year, all time, or custom. Pure calendar arithmetic on local dates.

A range is a span of whole local days, both ends included, as a person says
"from the 1st to the 31st". ``first`` None means "from the first entry"
and ``last`` None "up to now": the all-time range, which the store resolves.
Weeks are ISO weeks (Monday to Sunday), as in reports by week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from smfocus.core import fmt
from smfocus.core.i18n import N_, _
from smfocus.errors import UserError

#: Each preset's name for people, in English (marked: a face shows ``_(label)``).
PRESETS: dict[str, str] = {
    "today": N_("Today"),
    "this_week": N_("This week"),
    "this_month": N_("This month"),
    "last_month": N_("Last month"),
    "this_year": N_("This year"),
    "all_time": N_("All time"),
    "custom": N_("Custom"),
}


@dataclass(frozen=True, slots=True)
class DateRange:
    first: date | None  # None: from the first entry
    last: date | None  # included; None: up to now

    def __post_init__(self) -> None:
        if self.first is not None and self.last is not None and self.last < self.first:
            raise UserError(
                _(
                    "The range ends ({end}) before it starts ({start}); "
                    "choose an end on or after the start."
                ).format(end=fmt.day(self.last), start=fmt.day(self.first))
            )


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def previous_month(day: date) -> date:
    """The first day of the month before ``day``'s."""
    first = month_start(day)
    return month_start(first - timedelta(days=1))


def preset(name: str, today: date) -> DateRange:
    """The range a preset means on ``today`` (custom is chosen by hand, not here)."""
    if name == "today":
        return DateRange(today, today)
    if name == "this_week":
        monday = today - timedelta(days=today.weekday())
        return DateRange(monday, monday + timedelta(days=6))
    if name == "this_month":
        return DateRange(month_start(today), next_month(today) - timedelta(days=1))
    if name == "last_month":
        first = previous_month(today)
        return DateRange(first, month_start(today) - timedelta(days=1))
    if name == "this_year":
        return DateRange(date(today.year, 1, 1), date(today.year, 12, 31))
    if name == "all_time":
        return DateRange(None, None)
    raise ValueError(f"unknown range preset {name!r}")
