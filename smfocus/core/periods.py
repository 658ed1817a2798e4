"""Local calendar arithmetic for reports: days, ISO weeks, months.

A local day is the span between two local midnights, so it lasts 23 or 25
hours on the days the clocks change. Work that crosses midnight belongs to
both days, split at the instant of midnight.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta, tzinfo

from smfocus.core.localtime import day_start, local_date

PERIODS = ("day", "week", "month")


def label(day: date, period: str) -> str:
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    raise ValueError(period)


def day_slices(start: int, end: int, tz: tzinfo) -> Iterator[tuple[date, int, int]]:
    """(local day, slice start, slice end) for each day [start, end) touches."""
    cursor = start
    while cursor < end:
        day = local_date(cursor, tz)
        boundary = day_start(day + timedelta(days=1), tz)
        if boundary <= cursor:  # a zone with no midnight that day; never loop forever
            boundary = cursor + 3_600
        piece_end = min(boundary, end)
        yield day, cursor, piece_end
        cursor = piece_end


def split_at_midnights(start: int, end: int, tz: tzinfo) -> Iterator[tuple[date, int]]:
    """(local day, seconds) for each day [start, end) touches, with exact DST lengths."""
    for day, piece_start, piece_end in day_slices(start, end, tz):
        yield day, piece_end - piece_start
