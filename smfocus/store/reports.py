"""Report queries: totals by project, task or category, by local day, week or month.

The heavy lifting is SQL over the covering index ``ix_time_entries_user_started``.
Local days are computed in SQL as ``(t + offset) / 86400`` with one query per
span of constant UTC offset (DST changes split the range), so no row is
converted in Python. The few entries that cross a local midnight are then
split exactly in Python.

Entries are clipped to the range; a running entry counts up to ``now``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from sqlalchemy import Connection, text

from smfocus.core import periods
from smfocus.core.localtime import local_date

KEYS = ("project", "task", "category")
_KEY_COLUMN = {"project": "project_id", "task": "task_id", "category": "task_id", None: "NULL"}


@dataclass(frozen=True, slots=True)
class Window:
    user_id: int
    start: int
    end: int
    now: int

    def params(self) -> dict[str, Any]:
        return {"user": self.user_id, "start": self.start, "end": self.end, "now": self.now}


def first_start(connection: Connection, user_id: int) -> int | None:
    found = connection.execute(
        text("SELECT min(started_at) FROM time_entries WHERE user_id = :user"), {"user": user_id}
    ).scalar()
    return int(found) if found is not None else None


def _seek(connection: Connection, window: Window) -> int:
    """Lowest ``started_at`` that can reach into the window.

    Entries never overlap, so only the last one starting before the window can
    still be running at its start: one index seek instead of a scan.
    """
    found = connection.execute(
        text(
            "SELECT max(started_at) FROM time_entries "
            "WHERE user_id = :user AND started_at < :start"
        ),
        window.params(),
    ).scalar()
    return int(found) if found is not None else window.start


_END = "COALESCE(ended_at, :now)"
_X = "CASE WHEN started_at > :start THEN started_at ELSE :start END"
_Y = f"CASE WHEN {_END} < :end THEN {_END} ELSE :end END"
# The last clause leaves out a running entry started after now (a start up to a
# minute ahead is accepted): it has no time yet, and must not count negative.
_WHERE = (
    "user_id = :user AND started_at >= :lo AND started_at < :hi "
    f"AND {_END} > :start AND started_at < :end AND started_at < {_END}"
)


def totals(
    connection: Connection,
    window: Window,
    tz: tzinfo,
    key: str | None,
    period: str | None,
) -> dict[tuple[int | None, str | None], int]:
    """Seconds per (key id, period label); ids are project or task ids (or None)."""
    if window.end <= window.start:
        return {}
    column = _KEY_COLUMN[key]
    lo = _seek(connection, window)
    params = window.params()
    result: dict[tuple[int | None, str | None], int] = defaultdict(int)
    if period is None:
        rows = connection.execute(
            text(
                f"SELECT {column} AS k, SUM({_Y} - {_X}) FROM time_entries "
                f"WHERE {_WHERE} GROUP BY k"
            ),
            {**params, "lo": lo, "hi": window.end},
        )
        for ident, seconds in rows:
            result[(ident, None)] += int(seconds)
        return dict(result)

    spans = periods.constant_offset_spans(window.start, window.end, tz)
    offsets = sorted({offset for _, _, offset in spans})
    for index, (span_start, span_end, offset) in enumerate(spans):
        # The first span also takes the entry already running at the window's start.
        span_lo = lo if index == 0 else span_start
        rows = connection.execute(
            text(
                f"SELECT {column} AS k, ({_X} + :offset) / 86400 AS d, SUM({_Y} - {_X}) "
                f"FROM time_entries WHERE {_WHERE} GROUP BY k, d"
            ),
            {**params, "lo": span_lo, "hi": span_end, "offset": offset},
        )
        for ident, day_index, seconds in rows:
            day = periods.day_from_index(int(day_index))
            result[(ident, periods.label(day, period))] += int(seconds)

    crossing = " OR ".join(
        f"({_X} + {int(offset)}) / 86400 <> ({_Y} - 1 + {int(offset)}) / 86400"
        for offset in offsets
    )
    rows = connection.execute(
        text(
            f"SELECT {column} AS k, {_X} AS x, {_Y} AS y FROM time_entries "
            f"WHERE {_WHERE} AND ({crossing})"
        ),
        {**params, "lo": lo, "hi": window.end},
    )
    for ident, x, y in rows:
        first_day = local_date(int(x), tz)
        result[(ident, periods.label(first_day, period))] -= int(y) - int(x)
        for day, seconds in periods.split_at_midnights(int(x), int(y), tz):
            result[(ident, periods.label(day, period))] += seconds
    return {group: seconds for group, seconds in result.items() if seconds}
