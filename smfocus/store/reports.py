"""Report queries: seconds by project, task or category, by local day, week or month.

How it stays fast on a million entries: SQLite groups rows by sorting them,
and sorting a million rows costs far more than reading them. So nothing here
uses GROUP BY over entries. Each group is instead one correlated range seek
on a covering index (per project, per task, per local day, or per project and
day): SQLite reads every row once, in index order, and sorts nothing.

How it stays exact: those sums take each closed entry that *starts* inside a
slice, whole. That is right for every entry except the few that cross a
boundary: the window's start or end, or a local midnight, plus the running
entry. Entries never overlap, so the entry crossing an instant ``t`` can only
be the last one starting before ``t``: one more seek per boundary finds them
all, and Python replaces their whole-entry share with their exact split.

Local days come from the time zone in Python (23 or 25 hours on DST days),
never from a fixed offset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from sqlalchemy import Connection, select, text

from smfocus.core import periods
from smfocus.core.localtime import local_date
from smfocus.store.tables import time_entries

KEYS = ("project", "task", "category")

Totals = dict[tuple[int | None, str | None], int]


@dataclass(frozen=True, slots=True)
class Window:
    user_id: int
    start: int
    end: int
    now: int


def first_start(connection: Connection, user_id: int) -> int | None:
    found = connection.execute(
        text("SELECT min(started_at) FROM time_entries WHERE user_id = :user"), {"user": user_id}
    ).scalar()
    return int(found) if found is not None else None


def last_end(connection: Connection, user_id: int, now: int) -> int:
    """Where the user's data stops: the last entry's end, or ``now`` while it runs
    (or when there is none). Entries never overlap, so the last to start ends last."""
    entries = time_entries.c
    last = connection.execute(
        select(entries.ended_at)
        .where(entries.user_id == user_id)
        .order_by(entries.started_at.desc())
        .limit(1)
    ).first()
    if last is None or last.ended_at is None:
        return now
    return int(last.ended_at)


def _values(rows: Iterable[tuple[int, ...]]) -> str:
    """A VALUES list of integers we computed ourselves (never user text)."""
    return ", ".join("(" + ", ".join(str(int(v)) for v in row) + ")" for row in rows)


# The range seek each group runs. ``ended_at - started_at`` is NULL for the
# running entry, which SUM skips; the corrections add it.
_SUM = "SELECT sum(ended_at - started_at) FROM time_entries WHERE"


def _keys_sql(key: str) -> str:
    if key == "project":
        return "SELECT id AS k FROM projects WHERE user_id = :user"
    return (
        "SELECT tasks.id AS k FROM tasks JOIN projects ON projects.id = tasks.project_id "
        "WHERE projects.user_id = :user"
    )


def _seek_column(key: str) -> str:
    return "project_id" if key == "project" else "task_id"


def _whole_entries(
    connection: Connection, window: Window, tz: tzinfo, key: str | None, period: str | None
) -> tuple[Totals, list[tuple[date, int, int]]]:
    """Closed entries starting in each slice, taken whole, per key (and local day)."""
    params: dict[str, Any] = {"user": window.user_id, "start": window.start, "end": window.end}
    result: Totals = defaultdict(int)
    slices = list(periods.day_slices(window.start, window.end, tz)) if period else []

    def add(ident: Any, day: date | None, seconds: Any) -> None:
        if seconds:
            label = periods.label(day, period) if day is not None and period else None
            result[(int(ident) if ident is not None else None, label)] += int(seconds)

    if key is None and period is None:
        seconds = connection.execute(
            text(f"{_SUM} user_id = :user AND started_at >= :start AND started_at < :end"),
            params,
        ).scalar()
        add(None, None, seconds)
        return result, slices

    if period is None:
        assert key is not None
        rows = connection.execute(
            text(
                f"SELECT keys.k, ({_SUM} {_seek_column(key)} = keys.k "
                f"AND started_at >= :start AND started_at < :end) FROM ({_keys_sql(key)}) AS keys"
            ),
            params,
        )
        for ident, seconds in rows:
            add(ident, None, seconds)
    else:
        days = _values((index, start, end) for index, (_, start, end) in enumerate(slices))
        if key is None:
            rows = connection.execute(
                text(
                    f"WITH d(i, s, e) AS (VALUES {days}) SELECT d.i, NULL, ({_SUM} "
                    "user_id = :user AND started_at >= d.s AND started_at < d.e) FROM d"
                ),
                params,
            )
        else:
            rows = connection.execute(
                text(
                    f"WITH d(i, s, e) AS (VALUES {days}) SELECT d.i, keys.k, ({_SUM} "
                    f"{_seek_column(key)} = keys.k AND started_at >= d.s AND started_at < d.e) "
                    f"FROM d, ({_keys_sql(key)}) AS keys"
                ),
                params,
            )
        for index, ident, seconds in rows:
            add(ident, slices[int(index)][0], seconds)

    if key in ("task", "category"):
        # Entries with no task: a seek on the task index's NULL range.
        if period is None:
            seconds = connection.execute(
                text(
                    f"{_SUM} task_id IS NULL AND user_id = :user "
                    "AND started_at >= :start AND started_at < :end"
                ),
                params,
            ).scalar()
            add(None, None, seconds)
        else:
            days = _values((index, start, end) for index, (_, start, end) in enumerate(slices))
            rows = connection.execute(
                text(
                    f"WITH d(i, s, e) AS (VALUES {days}) SELECT d.i, ({_SUM} task_id IS NULL "
                    "AND user_id = :user AND started_at >= d.s AND started_at < d.e) FROM d"
                ),
                params,
            )
            for index, seconds in rows:
                add(None, slices[int(index)][0], seconds)
    return result, slices


def _boundary_entries(
    connection: Connection, window: Window, slices: list[tuple[date, int, int]]
) -> list[Any]:
    """Every entry the whole-entry sums may have counted wrongly (a superset)."""
    instants = {window.start, window.end}
    instants.update(start for _, start, _ in slices[1:])  # the local midnights inside
    found = connection.execute(
        text(
            f"WITH b(t) AS (VALUES {_values((t,) for t in sorted(instants))}) "
            "SELECT DISTINCT (SELECT id FROM time_entries WHERE user_id = :user "
            "AND started_at < b.t ORDER BY started_at DESC LIMIT 1) FROM b"
        ),
        {"user": window.user_id},
    ).scalars()
    ids = {int(ident) for ident in found if ident is not None}
    running = connection.execute(
        text("SELECT id FROM time_entries WHERE user_id = :user AND ended_at IS NULL"),
        {"user": window.user_id},
    ).scalar()
    if running is not None:
        ids.add(int(running))
    if not ids:
        return []
    return list(
        connection.execute(
            text(
                "SELECT id, project_id, task_id, started_at, ended_at FROM time_entries "
                f"WHERE id IN ({', '.join(str(i) for i in sorted(ids))})"
            )
        )
    )


def totals(
    connection: Connection,
    window: Window,
    tz: tzinfo,
    key: str | None,
    period: str | None,
) -> Totals:
    """Seconds per (key id, period label) over the window; ids are project or task ids.

    Entries are clipped to the window, split at local midnights, and a running
    entry counts up to ``window.now``.
    """
    if window.end <= window.start:
        return {}
    result, slices = _whole_entries(connection, window, tz, key, period)
    for row in _boundary_entries(connection, window, slices):
        ident = None if key is None else (row.project_id if key == "project" else row.task_id)
        if row.ended_at is not None and window.start <= row.started_at < window.end:
            # Undo what the whole-entry sum counted for it...
            day = local_date(row.started_at, tz) if period else None
            label = periods.label(day, period) if day is not None and period else None
            result[(ident, label)] -= row.ended_at - row.started_at
        # ...and count it exactly.
        stop = row.ended_at if row.ended_at is not None else window.now
        begin, end = max(row.started_at, window.start), min(stop, window.end)
        if end <= begin:
            continue
        if period is None:
            result[(ident, None)] += end - begin
        else:
            for day, seconds in periods.split_at_midnights(begin, end, tz):
                result[(ident, periods.label(day, period))] += seconds
    return {group: seconds for group, seconds in result.items() if seconds}
