"""The undo journal: what a change replaced, so that ``undo`` can put it back.

A step holds the entry rows a change touched as they were before it (with
their interruptions, which a delete cascades away) and the ids of the entries
it created. Undoing deletes the created entries and writes the old rows back
under their own ids: ids are never given twice (AUTOINCREMENT), so a deleted
entry's id is still free. The step lives in the database, so Ctrl+Z in the
timeline and ``smfocus undo`` see the same history, across restarts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from smfocus.core.i18n import _
from smfocus.errors import ConflictError, Fix, UserError
from smfocus.store.tables import interruptions, time_entries, undo_steps
from smfocus.store.unit import Unit

__all__ = ["KEEP", "Snapshot", "UndoneStep", "record", "snapshot", "undo"]

KEEP = 200  # steps kept per user; older ones are dropped as new ones come
ENTRY_COLUMNS = (
    "id", "user_id", "project_id", "task_id", "started_at", "ended_at",
    "note", "source", "source_ref",
)  # fmt: skip
INTERRUPTION_COLUMNS = ("id", "entry_id", "at", "kind", "note")

E, IN, U = time_entries.c, interruptions.c, undo_steps.c


@dataclass(frozen=True)
class Snapshot:
    """Entry rows and their interruptions, as plain values."""

    entries: tuple[dict[str, Any], ...]
    interruptions: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class UndoneStep:
    label: str
    at: int


def snapshot(unit: Unit, entry_ids: Iterable[int]) -> Snapshot:
    """The rows of ``entry_ids`` as they are now; taken before a change."""
    ids = sorted(set(entry_ids))
    if not ids:
        return Snapshot((), ())
    entries = unit.connection.execute(
        select(*(E[name] for name in ENTRY_COLUMNS)).where(E.id.in_(ids))
    ).all()
    marks = unit.connection.execute(
        select(*(IN[name] for name in INTERRUPTION_COLUMNS)).where(IN.entry_id.in_(ids))
    ).all()
    return Snapshot(
        tuple(dict(row._mapping) for row in entries),
        tuple(dict(row._mapping) for row in marks),
    )


def record(unit: Unit, label: str, before: Snapshot, created: Iterable[int] = ()) -> None:
    """Journal one change, inside the change's own transaction."""
    payload = {
        "before": list(before.entries),
        "interruptions": list(before.interruptions),
        "created": sorted(set(created)),
    }
    unit.connection.execute(
        insert(undo_steps).values(
            user_id=unit.user_id, at=unit.now, label=label[:200], payload=json.dumps(payload)
        )
    )
    oldest_kept = unit.connection.scalar(
        select(U.id)
        .where(U.user_id == unit.user_id)
        .order_by(U.id.desc())
        .offset(KEEP - 1)
        .limit(1)
    )
    if oldest_kept is not None:
        unit.connection.execute(
            delete(undo_steps).where(U.user_id == unit.user_id, U.id < oldest_kept)
        )


def undo(unit: Unit) -> UndoneStep:
    """Put back what the newest step replaced; refused when that would break a rule
    (an overlap with time tracked since, two running entries)."""
    step = unit.connection.execute(
        select(U.id, U.label, U.at, U.payload)
        .where(U.user_id == unit.user_id)
        .order_by(U.id.desc())
        .limit(1)
    ).first()
    if step is None:
        raise UserError(_("There is nothing to undo."))
    payload = json.loads(step.payload)
    before: list[dict[str, Any]] = payload["before"]
    created: list[int] = payload["created"]
    restored_ids = {row["id"] for row in before}
    gone = [ident for ident in created if ident not in restored_ids]
    if gone:
        unit.connection.execute(
            delete(time_entries).where(E.id.in_(gone), E.user_id == unit.user_id)
        )
    running = unit.running()
    for row in before:
        if row["ended_at"] is None and running is not None and running.id != row["id"]:
            raise ConflictError(
                _(
                    "Undoing would make entry #{entry} run again while entry #{running} "
                    "is running."
                ).format(entry=row["id"], running=running.id),
                Fix("stop"),
            )
    for row in before:
        exists = unit.connection.scalar(select(func.count()).where(E.id == row["id"]))
        if exists:
            values = {key: value for key, value in row.items() if key != "id"}
            unit.connection.execute(update(time_entries).where(E.id == row["id"]).values(values))
        else:
            unit.connection.execute(insert(time_entries).values(row))
    for row in before:
        # Stored entries never overlap, so the unit's one-seek check holds here
        # too: only time tracked since the change can be in the way.
        unit.refuse_overlap(row["started_at"], row["ended_at"], exclude=row["id"])
    for mark in payload["interruptions"]:
        # A merge moves the later entry's interruptions onto the earlier one.
        present = unit.connection.scalar(select(func.count()).where(IN.id == mark["id"]))
        if present:
            values = {key: value for key, value in mark.items() if key != "id"}
            unit.connection.execute(
                update(interruptions).where(IN.id == mark["id"]).values(values)
            )
        else:
            unit.connection.execute(insert(interruptions).values(mark))
    unit.connection.execute(delete(undo_steps).where(U.id == step.id))
    return UndoneStep(label=step.label, at=step.at)
