"""The export use case: tracked time as the exporters read it, in one read transaction.

Entries stream out of the database in batches (``yield_per``) and into the
writer, so exporting a million entries holds one batch in memory, not the
history. A running entry is cut at now: a file shows what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select

from smfocus.core import validation
from smfocus.errors import NotFoundError
from smfocus.exports.rows import ExportEntry
from smfocus.store.tables import projects, tasks, time_entries
from smfocus.tracker import Tracker

E, P, T = time_entries.c, projects.c, tasks.c
BATCH = 10_000
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which entries to export: those touching [start, end), of a project or client."""

    start: int | None = None
    end: int | None = None
    project: str | None = None
    client: str | None = None


def export_with(
    tracker: Tracker,
    selection: Selection,
    write: Callable[[Iterator[ExportEntry]], Result],
) -> Result:
    """Call ``write`` with the selected entries, oldest first, inside one read
    transaction; return what it returns."""
    now = tracker.clock.now()
    with tracker._read() as (connection, user_id):
        if user_id is None:
            return write(iter(()))
        query = (
            select(
                E.id,
                E.started_at,
                E.ended_at,
                P.client,
                P.name.label("project"),
                T.name.label("task"),
                T.category,
                E.note,
                P.rate_cents,
                P.currency,
            )
            .select_from(
                time_entries.join(projects, P.id == E.project_id).outerjoin(
                    tasks, T.id == E.task_id
                )
            )
            .where(E.user_id == user_id)
            .order_by(E.started_at)
        )
        if selection.start is not None:
            query = query.where((E.ended_at.is_(None)) | (E.ended_at > selection.start))
        if selection.end is not None:
            query = query.where(E.started_at < selection.end)
        if selection.project is not None:
            key = validation.name_key(" ".join(selection.project.split()))
            found = connection.scalar(select(P.id).where(P.user_id == user_id, P.name_key == key))
            if found is None:
                raise NotFoundError(f"There is no project named {selection.project[:60]!r}.")
            query = query.where(E.project_id == found)
        if selection.client is not None:
            # Compared as names are (case-folded in Python): SQLite's lower()
            # knows only ASCII, and the list of clients is short.
            wanted = validation.name_key(" ".join(selection.client.split()))
            known = connection.scalars(
                select(P.client).where(P.user_id == user_id, P.client.is_not(None)).distinct()
            ).all()
            matches = [name for name in known if validation.name_key(name) == wanted]
            if not matches:
                raise NotFoundError(
                    f"No project has the client {selection.client[:60]!r}; "
                    "set it with: smfocus project edit NAME --client."
                )
            query = query.where(P.client.in_(matches))
        rows = connection.execution_options(yield_per=BATCH).execute(query)

        def entries() -> Iterator[ExportEntry]:
            for row in rows:
                end = row.ended_at if row.ended_at is not None else max(now, row.started_at + 1)
                yield ExportEntry(
                    id=row.id,
                    started_at=row.started_at,
                    ended_at=end,
                    client=row.client,
                    project=row.project,
                    task=row.task,
                    category=row.category,
                    note=row.note,
                    rate_cents=row.rate_cents,
                    currency=row.currency,
                )

        return write(entries())
