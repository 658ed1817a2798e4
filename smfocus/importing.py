"""Many finished entries in one transaction: importers and the history generator.

The batch is checked as a whole before anything is written (every entry ends
after it starts and not in the future, none is longer than entry.max, no two
overlap, none overlaps what is stored), so an import either lands entirely or
not at all. An end up to FUTURE_TOLERANCE ahead is taken as now, as in the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from sqlalchemy import func, insert, select

from smfocus.core import fmt, validation
from smfocus.core.localtime import iso
from smfocus.errors import ConflictError, UserError
from smfocus.store.rows import DEFAULT_COLOURS, FUTURE_TOLERANCE, new_id
from smfocus.store.tables import projects, tasks, time_entries
from smfocus.tracker import Tracker

E, P, T = time_entries.c, projects.c, tasks.c


@dataclass(frozen=True, slots=True)
class NewEntry:
    project: str
    task: str | None
    started_at: int
    ended_at: int
    category: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    entries: int
    projects_created: int
    tasks_created: int


def import_entries(
    tracker: Tracker, entries: Iterable[NewEntry], *, source: str = "import"
) -> ImportResult:
    """Insert finished entries, creating missing projects and tasks."""
    now = tracker.clock.now()
    tz = tracker.tz
    # An end a little ahead (clock jitter) is now, as for every other command.
    batch = sorted(
        (_end_by_now(entry, now) for entry in entries), key=lambda entry: entry.started_at
    )
    for entry in batch:
        if entry.ended_at <= entry.started_at:
            raise UserError(
                f"An imported entry ends ({iso(entry.ended_at, tz)}) before it starts "
                f"({iso(entry.started_at, tz)}); fix the file and import again."
            )
        if entry.ended_at > now + FUTURE_TOLERANCE:
            raise UserError(f"An imported entry ends in the future ({iso(entry.ended_at, tz)}).")
    for before, after in pairwise(batch):
        if after.started_at < before.ended_at:
            raise ConflictError(
                f"Two imported entries overlap at {iso(after.started_at, tz)}; "
                "fix the file and import again."
            )
    if not batch:
        return ImportResult(0, 0, 0)

    with tracker.write(now) as unit:
        connection, user_id = unit.connection, unit.user_id
        limit = unit.settings().entry_max
        for entry in batch:
            if entry.ended_at - entry.started_at > limit:
                raise UserError(
                    f"An imported entry from {iso(entry.started_at, tz)} lasts "
                    f"{fmt.duration(entry.ended_at - entry.started_at)}, longer than the limit "
                    f"of {fmt.duration(limit)} (entry.max); fix the file, or raise the limit "
                    "with: smfocus config set entry.max 72h."
                )
        first, last = batch[0].started_at, max(entry.ended_at for entry in batch)
        seek = connection.scalar(
            select(func.max(E.started_at)).where(E.user_id == user_id, E.started_at < first)
        )
        stored = connection.execute(
            select(E.started_at, E.ended_at).where(
                E.user_id == user_id,
                E.started_at >= (seek if seek is not None else first),
                E.started_at < last,
            )
        )
        _refuse_overlap_with_stored(batch, list(stored), now, tracker)

        known_projects: dict[str, int] = {
            key: ident
            for ident, key in connection.execute(
                select(P.id, P.name_key).where(P.user_id == user_id)
            )
        }
        known_tasks: dict[tuple[int, str], int] = {
            (project_id, key): ident
            for ident, project_id, key in connection.execute(
                select(T.id, T.project_id, T.name_key).where(
                    T.project_id.in_(known_projects.values())
                )
            )
        }
        created_projects = created_tasks = 0
        rows: list[dict[str, object]] = []
        for entry in batch:
            project_name = validation.name(entry.project, "project")
            project_key = validation.name_key(project_name)
            if project_key not in known_projects:
                colour = DEFAULT_COLOURS[len(known_projects) % len(DEFAULT_COLOURS)]
                known_projects[project_key] = new_id(
                    connection.execute(
                        insert(projects).values(
                            user_id=user_id,
                            name=project_name,
                            name_key=project_key,
                            colour=colour,
                            currency="EUR",
                            created_at=now,
                        )
                    )
                )
                created_projects += 1
            project_id = known_projects[project_key]
            task_id = None
            if entry.task is not None:
                task_name = validation.name(entry.task, "task")
                task_key = (project_id, validation.name_key(task_name))
                if task_key not in known_tasks:
                    category = (
                        validation.name(entry.category, "category") if entry.category else None
                    )
                    known_tasks[task_key] = new_id(
                        connection.execute(
                            insert(tasks).values(
                                project_id=project_id,
                                name=task_name,
                                name_key=task_key[1],
                                category=category,
                                created_at=now,
                            )
                        )
                    )
                    created_tasks += 1
                task_id = known_tasks[task_key]
            rows.append(
                {
                    "user_id": user_id,
                    "project_id": project_id,
                    "task_id": task_id,
                    "started_at": entry.started_at,
                    "ended_at": entry.ended_at,
                    "note": validation.note(entry.note),
                    "source": source,
                }
            )
        connection.execute(insert(time_entries), rows)
    return ImportResult(len(rows), created_projects, created_tasks)


def _end_by_now(entry: NewEntry, now: int) -> NewEntry:
    if now < entry.ended_at <= now + FUTURE_TOLERANCE:
        return replace(entry, ended_at=now)
    return entry


def _refuse_overlap_with_stored(
    batch: list[NewEntry], stored: list[tuple[int, int | None]], now: int, tracker: Tracker
) -> None:
    """Both lists are sorted by start and free of inner overlaps: one merge pass."""
    stored.sort()
    index = 0
    for entry in batch:
        while index < len(stored):
            start, end = stored[index]
            stop = end if end is not None else max(now, entry.ended_at)
            if stop <= entry.started_at:
                index += 1
                continue
            if start < entry.ended_at:
                raise ConflictError(
                    f"An imported entry ({iso(entry.started_at, tracker.tz)}) overlaps an "
                    "entry already tracked; nothing was imported."
                )
            break
