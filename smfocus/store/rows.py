"""Rows into records, and the few constants every use case that writes shares."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import Connection, CursorResult, Row, RowMapping, Select, select

from smfocus.core.focus import ALL_SETTING_KEYS, FocusSettings
from smfocus.core.records import EntryRecord, ProjectRecord, TaskRecord
from smfocus.errors import UserError
from smfocus.store.tables import projects, settings, tasks, time_entries

# Paul Tol's "muted" qualitative scheme (nine colours and its pale grey): ten
# projects stay apart at a glance, also for colour-blind eyes (checked in
# tests/test_project_colours.py).
DEFAULT_COLOURS = (
    "#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee",
    "#882255", "#44aa99", "#999933", "#aa4499", "#dddddd",
)  # fmt: skip
# Seconds a given time may lie ahead of the clock (two machines' clocks differ a
# little): such a time is taken as now; nothing later than now is ever stored.
FUTURE_TOLERANCE = 60
AnyRow: TypeAlias = Row[*tuple[Any, ...]]

E, P, T = time_entries.c, projects.c, tasks.c
ENTRY_SELECT: Select[Any] = select(
    E.id,
    E.started_at,
    E.ended_at,
    E.note,
    E.source,
    P.name.label("project"),
    T.name.label("task"),
    T.category,
).select_from(
    time_entries.join(projects, P.id == E.project_id).outerjoin(tasks, T.id == E.task_id)
)


def read_settings(connection: Connection, user_id: int | None) -> FocusSettings:
    """The user's stored settings; a value this version cannot read keeps its default."""
    config = FocusSettings()
    if user_id is None:
        return config
    rows = connection.execute(
        select(settings.c.key, settings.c.value).where(settings.c.user_id == user_id)
    )
    for key, value in rows:
        if key not in ALL_SETTING_KEYS:
            continue
        try:
            config = config.with_value(key, value)
        except UserError:
            continue
    return config


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def entry_record(row: RowMapping) -> EntryRecord:
    return EntryRecord(
        id=row["id"],
        project=row["project"],
        task=row["task"],
        category=row["category"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        note=row["note"],
        source=row["source"],
    )


def project_record(row: RowMapping) -> ProjectRecord:
    return ProjectRecord(
        id=row["id"],
        name=row["name"],
        colour=row["colour"],
        rate_cents=row["rate_cents"],
        currency=row["currency"],
        value_cents=row["value_cents"],
        value_per=row["value_per"],
        priority=row["priority"],
        archived=bool(row["archived"]),
        client=row["client"],
    )


def task_record(row: RowMapping) -> TaskRecord:
    return TaskRecord(
        id=row["id"],
        project=row["project"],
        name=row["name"],
        category=row["category"],
        estimate_pomodoros=row["estimate_pomodoros"],
        done=bool(row["done"]),
    )
