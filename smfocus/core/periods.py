"""Local calendar arithmetic for reports: days, ISO weeks, months, DST periods.

A local day is the span between two local midnights, so it lasts 23 or 25
hours on the days the clocks change. Work that crosses midnight belongs to
both days, split at the instant of midnight.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta, tzinfo

from smfocus.core.localtime import day_start, local_date, to_local

PERIODS = ("day", "week", "month")
EPOCH_DATE = date(1970, 1, 1)


def label(day: date, period: str) -> str:
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    raise ValueError(period)


def day_from_index(index: int) -> date:
    """The date of a day number counted from 1970-01-01 in local wall-clock time."""
    return EPOCH_DATE + timedelta(days=index)


def offset_at(epoch: int, tz: tzinfo) -> int:
    delta = to_local(epoch, tz).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def constant_offset_spans(start: int, end: int, tz: tzinfo) -> list[tuple[int, int, int]]:
    """Split [start, end) into spans of one UTC offset: (span_start, span_end, offset).

    Offsets change at most a few times a year, so probing once a day and then
    bisecting to the second finds every change in a few milliseconds even
    over decades.
    """
    spans: list[tuple[int, int, int]] = []
    if end <= start:
        return spans
    span_start = start
    current = offset_at(start, tz)
    probe = start
    while probe < end:
        step_end = min(probe + 86_400, end)
        # Look at the next probe itself (the range's last second at the end): a change
        # falling exactly on it must be found here, or the next step starts on a wrong offset.
        edge = min(step_end, end - 1)
        later = offset_at(edge, tz)
        if later != current:
            low, high = probe, edge  # offset(low) == current, offset(high) != current
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(middle, tz) == current:
                    low = middle
                else:
                    high = middle
            spans.append((span_start, high, current))
            span_start, current = high, offset_at(high, tz)
            probe = high
            continue
        probe = step_end
    spans.append((span_start, end, current))
    return spans


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
