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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from functools import cache
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Connection,
    Integer,
    ScalarSelect,
    Select,
    Subquery,
    Values,
    bindparam,
    column,
    func,
    null,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from smfocus.core import periods
from smfocus.core.localtime import local_date
from smfocus.store.tables import projects, tasks, time_entries

KEYS = ("project", "task", "category")

Totals = dict[tuple[int | None, str | None], int]


@dataclass(frozen=True, slots=True)
class Window:
    user_id: int
    start: int
    end: int
    now: int


def first_start(connection: Connection, user_id: int) -> int | None:
    entries = time_entries.c
    found = connection.execute(
        select(func.min(entries.started_at)).where(entries.user_id == user_id)
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


class _IntRows(Values):
    """A VALUES list of integers, rendered by a plain join of strings: SQLAlchemy's
    own literal rendering visits every value, about 100 ms for five years of days."""

    inherit_cache = False  # the rows differ on every call: nothing to cache


@compiles(_IntRows)
def _render_int_rows(element: _IntRows, compiler: SQLCompiler, **kw: Any) -> str:
    visiting = kw.get("visiting_cte")
    # Only ever the body of its own CTE, where the column names come from WITH.
    assert visiting is not None and visiting.element is element, "IntRows outside its CTE"
    linter = kw.get("from_linter")
    if linter is not None:
        linter.froms[element] = element.name
    rows = ", ".join(
        "(" + ", ".join(str(int(v)) for v in row) + ")" for chunk in element._data for row in chunk
    )
    return f"VALUES {rows}"


def int_values(name: str, columns: Sequence[str], rows: Iterable[Sequence[int]]) -> CTE:
    """A named VALUES list of integers we computed ourselves, written inline (never
    user text): ``WITH name(columns) AS (VALUES ...)`` on both engines."""
    data = [tuple(int(v) for v in row) for row in rows]
    table = _IntRows(*(column(c, Integer) for c in columns), name=name, literal_binds=True)
    return table.data(data).cte(name)


def _sum(*where: ColumnElement[bool]) -> ScalarSelect[Any]:
    """The range seek each group runs. ``ended_at - started_at`` is NULL for the
    running entry, which SUM skips; the corrections add it."""
    entries = time_entries.c
    return select(func.sum(entries.ended_at - entries.started_at)).where(*where).scalar_subquery()


# The statements of a window without midnights are built once, with parameters,
# and SQLAlchemy compiles each once: the charts ask for sixty months at a time,
# and building a statement costs more than SQLite takes to answer it.
USER = bindparam("user", type_=Integer)
START = bindparam("start", type_=Integer)
END = bindparam("end", type_=Integer)


@cache
def _total_query(no_task: bool) -> Select[Any]:
    entries = time_entries.c
    where = [entries.user_id == USER, entries.started_at >= START, entries.started_at < END]
    if no_task:  # a seek on the task index's NULL range
        where.insert(0, entries.task_id.is_(None))
    return select(_sum(*where))


@cache
def _keyed_query(key: str) -> Select[Any]:
    entries = time_entries.c
    keys = _keys(key, USER)
    in_window = (entries.started_at >= START, entries.started_at < END)
    return select(keys.c.k, _sum(_seek_column(key) == keys.c.k, *in_window))


def _last_before(instant: ColumnElement[int], user: Any) -> ScalarSelect[Any]:
    entries = time_entries.c
    return (
        select(entries.id)
        .where(entries.user_id == user, entries.started_at < instant)
        .order_by(entries.started_at.desc())
        .limit(1)
        .scalar_subquery()
    )


@cache
def _ends_query() -> Select[Any]:
    return select(_last_before(START, USER), _last_before(END, USER))


@cache
def _running_query() -> Select[Any]:
    entries = time_entries.c
    return select(entries.id).where(entries.user_id == USER, entries.ended_at.is_(None))


@cache
def _rows_query() -> Select[Any]:
    entries = time_entries.c
    return select(
        entries.id, entries.project_id, entries.task_id, entries.started_at, entries.ended_at
    ).where(entries.id.in_(bindparam("ids", expanding=True)))


def _keys(key: str, user_id: Any) -> Subquery:
    if key == "project":
        found = select(projects.c.id.label("k")).where(projects.c.user_id == user_id)
    else:
        found = (
            select(tasks.c.id.label("k"))
            .join(projects, projects.c.id == tasks.c.project_id)
            .where(projects.c.user_id == user_id)
        )
    return found.subquery("keys")


def _seek_column(key: str) -> ColumnElement[Any]:
    return time_entries.c.project_id if key == "project" else time_entries.c.task_id


def _whole_entries(
    connection: Connection, window: Window, tz: tzinfo, key: str | None, period: str | None
) -> tuple[Totals, list[tuple[date, int, int]]]:
    """Closed entries starting in each slice, taken whole, per key (and local day)."""
    entries = time_entries.c
    result: Totals = defaultdict(int)
    slices = list(periods.day_slices(window.start, window.end, tz)) if period else []

    def add(ident: Any, day: date | None, seconds: Any) -> None:
        if seconds:
            label = periods.label(day, period) if day is not None and period else None
            result[(int(ident) if ident is not None else None, label)] += int(seconds)

    def day_rows() -> CTE:
        return int_values(
            "d", ("i", "s", "e"), ((i, start, end) for i, (_, start, end) in enumerate(slices))
        )

    params = {"user": window.user_id, "start": window.start, "end": window.end}
    if key is None and period is None:
        add(None, None, connection.execute(_total_query(False), params).scalar())
        return result, slices

    if period is None:
        assert key is not None
        for ident, seconds in connection.execute(_keyed_query(key), params):
            add(ident, None, seconds)
    elif slices:
        d = day_rows()
        in_day = (entries.started_at >= d.c.s, entries.started_at < d.c.e)
        if key is None:
            query = select(
                d.c.i, null(), _sum(entries.user_id == window.user_id, *in_day)
            ).select_from(d)
        else:
            keys = _keys(key, window.user_id)
            query = select(
                d.c.i, keys.c.k, _sum(_seek_column(key) == keys.c.k, *in_day)
            ).select_from(d.join(keys, true()))  # every key on every day
        for index, ident, seconds in connection.execute(query):
            add(ident, slices[int(index)][0], seconds)

    if key in ("task", "category"):
        # Entries with no task: a seek on the task index's NULL range.
        no_task = (entries.task_id.is_(None), entries.user_id == window.user_id)
        if period is None:
            add(None, None, connection.execute(_total_query(True), params).scalar())
        elif slices:
            d = day_rows()
            query = select(
                d.c.i, _sum(*no_task, entries.started_at >= d.c.s, entries.started_at < d.c.e)
            ).select_from(d)
            for index, seconds in connection.execute(query):
                add(None, slices[int(index)][0], seconds)
    return result, slices


def _boundary_entries(
    connection: Connection, window: Window, slices: list[tuple[date, int, int]]
) -> list[Any]:
    """Every entry the whole-entry sums may have counted wrongly (a superset)."""
    params = {"user": window.user_id, "start": window.start, "end": window.end}
    if len(slices) <= 1:  # the window's two ends, no midnight inside
        found: Iterable[Any] = connection.execute(_ends_query(), params).one()
    else:
        instants = {window.start, window.end}
        instants.update(start for _, start, _ in slices[1:])  # the local midnights inside
        b = int_values("b", ("t",), ((t,) for t in sorted(instants)))
        last = _last_before(b.c.t, window.user_id)
        found = connection.execute(select(last).select_from(b).distinct()).scalars()
    ids = {int(ident) for ident in found if ident is not None}
    running = connection.execute(_running_query(), params).scalar()
    if running is not None:
        ids.add(int(running))
    if not ids:
        return []
    return list(connection.execute(_rows_query(), {"ids": sorted(ids)}))


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
