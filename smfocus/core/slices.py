"""Cutting a span of UTC seconds into local-time pieces: hours of the week, and the
stretches over which the zone's UTC offset stays the same.

Both exist so that SQL can do the grouping without a time zone library:

* ``offset_segments`` lists where the offset changes (DST), so a query can turn
  an epoch into a local day with one CASE expression and integer division;
* ``hour_slices`` gives every local hour of a span with its weekday-and-hour
  bucket. Ordinary days are returned as (midnight, weekday) pairs that SQL
  multiplies by 24 hours itself; days of a DST change (23 or 25 hours, or a
  half-hour shift), and the clipped first and last day, come as explicit
  slices, each labelled with the local hour it starts in. On the autumn
  change the repeated hour is two slices with the same label; on the spring
  change the skipped hour simply has no slice.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from smfocus.core import periods
from smfocus.core.localtime import day_start

DAY = 86_400
HOUR = 3_600
HOURS_PER_WEEK = 7 * 24


def offset_at(epoch: int, tz: tzinfo) -> int:
    """The zone's UTC offset, in seconds, at the instant ``epoch``."""
    offset = datetime.fromtimestamp(epoch, tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _first_with_offset(low: int, high: int, offset: int, tz: tzinfo) -> int:
    """The first instant in (low, high] whose offset is not ``offset`` (one must be)."""
    while high - low > 1:
        middle = (low + high) // 2
        if offset_at(middle, tz) == offset:
            low = middle
        else:
            high = middle
    return high


def offset_segments(start: int, end: int, tz: tzinfo) -> list[tuple[int, int]]:
    """(segment start, offset) pairs covering [start, end); the first starts at ``start``.

    Real zones change their offset at most a few times a year, never twice in a
    day, so a step of a day finds every change and a bisection pins it down.
    """
    segments = [(start, offset_at(start, tz))]
    cursor = start
    while cursor < end:
        step = min(cursor + DAY, end)
        current = segments[-1][1]
        if offset_at(step, tz) != current:
            changed = _first_with_offset(cursor, step, current, tz)
            segments.append((changed, offset_at(changed, tz)))
            cursor = changed
        else:
            cursor = step
    return [segment for segment in segments if segment[0] < end] or segments[:1]


def hour_slices(
    start: int, end: int, tz: tzinfo
) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    """The local hours of [start, end): (regular days, explicit slices).

    A regular day is (its midnight, its weekday 0=Monday): 24 slices of an hour
    each, bucket ``weekday * 24 + hour``. An explicit slice is (from, to,
    bucket). Together they cover [start, end) exactly once.
    """
    regular: list[tuple[int, int]] = []
    explicit: list[tuple[int, int, int]] = []
    for day, piece_start, piece_end in periods.day_slices(start, end, tz):
        weekday = day.weekday()
        whole = piece_start == day_start(day, tz) and piece_end - piece_start == DAY
        if whole and offset_at(piece_start, tz) == offset_at(piece_end - 1, tz):
            regular.append((piece_start, weekday))
            continue
        cursor = piece_start
        while cursor < piece_end:
            offset = offset_at(cursor, tz)
            local = cursor + offset
            following = cursor + HOUR - local % HOUR
            if offset_at(following - 1, tz) != offset:  # the clocks change inside this hour
                following = _first_with_offset(cursor, following - 1, offset, tz)
            following = min(following, piece_end)
            explicit.append((cursor, following, weekday * 24 + (local // HOUR) % 24))
            cursor = following
    return regular, explicit
