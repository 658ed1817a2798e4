"""The import use case: another tool's history into the store, all or nothing.

The readers in :mod:`smfocus.imports` turn a file into :class:`SourceEntry`
values; this module decides what lands, in one write transaction:

1. every entry is checked first (ends after it starts, not in the future, not
   longer than the ``entry.max`` limit): one bad record and nothing is written;
2. entries whose ``(source, source_id)`` is already stored are *already here*:
   importing the same file twice adds nothing, and the database's unique
   constraint on ``(user_id, source, source_ref)`` makes that true even if two
   imports race;
3. overlaps, inside the file (Watson allows them) or with what is tracked, are
   handled by the chosen :class:`OverlapPolicy`; a stored entry is never
   changed by an import;
4. missing projects and tasks are created; a client and a rate found in the
   file fill a project's empty fields, never overwrite them.

Both overlap passes are merges of sorted lists: entries never overlap once
stored, so one walk over the batch and the stored entries of the same span
finds every conflict in O(n + m).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlalchemy import Connection, func, insert, select, update

from smfocus.core import validation
from smfocus.errors import ConflictError, UserError
from smfocus.imports.records import SourceEntry
from smfocus.store.rows import DEFAULT_COLOURS, new_id
from smfocus.store.tables import projects, tasks, time_entries
from smfocus.tracker import Tracker

E, P, T = time_entries.c, projects.c, tasks.c
INSERT_CHUNK = 5_000
NO_PROJECT = "(no project)"

Progress = Callable[[int, int], None]
"""Called with (entries written, entries to write); may raise to cancel."""


class OverlapPolicy(StrEnum):
    FAIL = "fail"  # name the conflicts, import nothing
    SKIP = "skip"  # leave the conflicting imported entries out
    TRIM = "trim"  # shorten the imported entry to the free time around it


@dataclass(frozen=True, slots=True)
class Conflict:
    """One imported entry that overlaps another (imported or stored)."""

    line: int
    started_at: int
    other_line: int | None  # the imported entry it overlaps, or
    other_entry: int | None  # the stored entry it overlaps


class OverlapError(ConflictError):
    """Overlaps under the ``fail`` policy; carries the first few and the count."""

    def __init__(self, conflicts: list[Conflict], count: int) -> None:
        self.conflicts = conflicts
        self.count = count
        first = conflicts[0]
        with_what = (
            f"line {first.other_line}" if first.other_line is not None
            else f"entry #{first.other_entry} already tracked"
        )  # fmt: skip
        super().__init__(
            f"{count} imported entr{'y overlaps' if count == 1 else 'ies overlap'} other time "
            f"(first: line {first.line} overlaps {with_what}); nothing was imported."
        )


class ImportCancelledError(UserError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    format: str
    entries: int  # written (or that would be, in a dry run)
    already_here: int
    skipped: int
    trimmed: int
    projects_created: int
    tasks_created: int
    running: bool  # a running entry came in
    dry_run: bool

    def as_json(self) -> dict[str, object]:
        return {
            "format": self.format,
            "entries": self.entries,
            "already_here": self.already_here,
            "skipped": self.skipped,
            "trimmed": self.trimmed,
            "projects_created": self.projects_created,
            "tasks_created": self.tasks_created,
            "running": self.running,
            "dry_run": self.dry_run,
        }


class _DryRunError(Exception):
    """Raised inside the transaction to roll a dry run back."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary


@dataclass
class _Counts:
    skipped: int = 0
    trimmed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    conflict_count: int = 0


def import_history(
    tracker: Tracker,
    items: Iterable[SourceEntry],
    *,
    format_name: str,
    max_seconds: int,
    on_overlap: OverlapPolicy = OverlapPolicy.FAIL,
    project: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``items`` in one transaction; a dry run computes the same summary."""
    now = tracker.clock.now()
    batch = checked(items, now, max_seconds, project)

    def work(connection: Connection, user_id: int) -> ImportSummary:
        return land(
            connection, user_id, batch, format_name=format_name, on_overlap=on_overlap,
            now=now, dry_run=dry_run, progress=progress,
        )  # fmt: skip

    return in_transaction(tracker, work, dry_run=dry_run)


@dataclass(frozen=True, slots=True)
class Batch:
    """Checked entries: the finished ones, and at most one running."""

    finished: list[SourceEntry]
    running: SourceEntry | None
    empty: int = 0  # zero-length entries (a timer started and stopped at once): left out


def checked(
    items: Iterable[SourceEntry], now: int, max_seconds: int, project: str | None = None
) -> Batch:
    """Every entry checked before the transaction opens; one bad record stops all."""
    override = validation.name(project, "project") if project is not None else None
    finished: list[SourceEntry] = []
    running: SourceEntry | None = None
    empty = 0
    for raw in items:
        if raw.ended_at is not None and raw.ended_at == raw.started_at:
            empty += 1
            continue
        _check(raw, now, max_seconds)
        item = raw if override is None else replace(raw, project=override, client=None)
        if item.ended_at is None:
            if running is None or item.started_at > running.started_at:
                running = item
        else:
            finished.append(item)
    return Batch(finished, running, empty)


def in_transaction(
    tracker: Tracker,
    work: Callable[[Connection, int], ImportSummary],
    *,
    dry_run: bool,
) -> ImportSummary:
    """Run ``work`` in one write transaction, rolled back at the end of a dry run."""
    try:
        with tracker.write() as unit:
            summary = work(unit.connection, unit.user_id)
            if dry_run:
                raise _DryRunError(summary)
            return summary
    except _DryRunError as rolled_back:
        return rolled_back.summary


def _check(item: SourceEntry, now: int, max_seconds: int) -> None:
    where = f"{item.file}, line {item.line}" if item.file else f"line {item.line}"
    if item.ended_at is not None:
        if item.ended_at <= item.started_at:
            raise UserError(f"The entry on {where} does not end after it starts; fix the file.")
        if item.ended_at > now:
            raise UserError(f"The entry on {where} ends in the future; fix the file.")
        if item.ended_at - item.started_at > max_seconds:
            hours = (item.ended_at - item.started_at) / 3600
            raise UserError(
                f"The entry on {where} lasts {hours:,.1f} hours, longer than the "
                f"{max_seconds / 3600:g}-hour limit of entry.max; fix the file or raise the limit."
            )
    elif item.started_at > now:
        raise UserError(f"The running entry on {where} starts in the future; fix the file.")


def land(
    connection: Connection,
    user_id: int,
    batch: Batch,
    *,
    format_name: str,
    on_overlap: OverlapPolicy,
    now: int,
    dry_run: bool,
    progress: Progress | None,
    match_times: bool = False,
) -> ImportSummary:
    """Write a checked batch inside the caller's transaction.

    ``match_times``: an entry with no source id is already here when a stored
    entry has the same start and end (a backup restored twice).
    """
    finished, running = batch.finished, batch.running
    known_refs = _stored_refs(connection, user_id, {item.source for item in finished})
    known_times = _stored_times(connection, user_id, finished) if match_times else set()

    def here(item: SourceEntry) -> bool:
        if item.source_id is None:
            return (item.started_at, item.ended_at) in known_times
        return (item.source, item.source_id) in known_refs

    fresh = [item for item in finished if not here(item)]
    already_here = len(finished) - len(fresh)
    if running is not None and running.source_id is not None and here(running):
        running, already_here = None, already_here + 1
    fresh.sort(key=lambda item: (item.started_at, item.ended_at or 0))
    counts = _Counts(skipped=batch.empty)
    fresh = _resolve_inner(fresh, on_overlap, counts)
    fresh = _resolve_stored(connection, user_id, fresh, on_overlap, counts, now)
    stored_running = connection.scalar(
        select(E.id).where(E.user_id == user_id, E.ended_at.is_(None))
    )
    if running is not None:
        last_end = max((item.ended_at or 0 for item in fresh), default=0)
        stored_last = connection.scalar(
            select(func.max(func.coalesce(E.ended_at, now))).where(E.user_id == user_id)
        )
        if stored_running is not None or running.started_at < max(last_end, stored_last or 0):
            # Something runs here already, or the open entry would start inside
            # tracked time: the open entry stays out rather than end either.
            running = None
            counts.skipped += 1
    if counts.conflicts:
        raise OverlapError(counts.conflicts, counts.conflict_count)
    to_write = [*fresh, running] if running is not None else fresh
    created_projects, created_tasks, rows = _rows(connection, user_id, to_write, now)
    for offset in range(0, len(rows), INSERT_CHUNK):
        connection.execute(insert(time_entries), rows[offset : offset + INSERT_CHUNK])
        if progress is not None:
            progress(min(offset + INSERT_CHUNK, len(rows)), len(rows))
    if progress is not None and not rows:
        progress(0, 0)
    return ImportSummary(
        format=format_name,
        entries=len(rows),
        already_here=already_here,
        skipped=counts.skipped,
        trimmed=counts.trimmed,
        projects_created=created_projects,
        tasks_created=created_tasks,
        running=running is not None,
        dry_run=dry_run,
    )


def _stored_refs(connection: Connection, user_id: int, sources: set[str]) -> set[tuple[str, str]]:
    if not sources:
        return set()
    rows = connection.execute(
        select(E.source, E.source_ref).where(
            E.user_id == user_id, E.source.in_(sorted(sources)), E.source_ref.is_not(None)
        )
    )
    return {(source, ref) for source, ref in rows}


def _stored_times(
    connection: Connection, user_id: int, batch: list[SourceEntry]
) -> set[tuple[int, int | None]]:
    if not batch:
        return set()
    first = min(item.started_at for item in batch)
    last = max(item.started_at for item in batch)
    rows = connection.execute(
        select(E.started_at, E.ended_at).where(
            E.user_id == user_id, E.started_at >= first, E.started_at <= last
        )
    )
    return {(start, end) for start, end in rows}


def _conflict(counts: _Counts, conflict: Conflict) -> None:
    counts.conflict_count += 1
    if len(counts.conflicts) < 3:
        counts.conflicts.append(conflict)


def _resolve_inner(
    batch: list[SourceEntry], policy: OverlapPolicy, counts: _Counts
) -> list[SourceEntry]:
    """Overlaps inside the file: the later entry gives way."""
    kept: list[SourceEntry] = []
    for item in batch:
        assert item.ended_at is not None
        previous = kept[-1] if kept else None
        if previous is None or previous.ended_at is None or item.started_at >= previous.ended_at:
            kept.append(item)
            continue
        if policy is OverlapPolicy.FAIL:
            _conflict(counts, Conflict(item.line, item.started_at, previous.line, None))
            kept.append(item)  # keep walking to count every conflict
        elif policy is OverlapPolicy.SKIP or item.ended_at <= previous.ended_at:
            counts.skipped += 1  # trimming would leave nothing of it
        else:
            kept.append(replace(item, started_at=previous.ended_at))
            counts.trimmed += 1
    return kept


def _resolve_stored(
    connection: Connection,
    user_id: int,
    batch: list[SourceEntry],
    policy: OverlapPolicy,
    counts: _Counts,
    now: int,
) -> list[SourceEntry]:
    """Overlaps with tracked time: the imported entry gives way, the stored one stays."""
    if not batch:
        return batch
    first = batch[0].started_at
    last = max(item.ended_at or 0 for item in batch)
    # The last stored entry starting before the batch may reach into it: seek to it.
    seek = connection.scalar(
        select(func.max(E.started_at)).where(E.user_id == user_id, E.started_at < first)
    )
    stored = connection.execute(
        select(E.id, E.started_at, E.ended_at)
        .where(
            E.user_id == user_id,
            E.started_at >= (seek if seek is not None else first),
            E.started_at < last,
        )
        .order_by(E.started_at)
    ).all()
    kept: list[SourceEntry] = []
    index = 0
    for item in batch:
        assert item.ended_at is not None
        start, end = item.started_at, item.ended_at
        while index < len(stored) and (stored[index].ended_at or now) <= start:
            index += 1
        clash = None
        probe = index
        while probe < len(stored) and stored[probe].started_at < end:
            if (stored[probe].ended_at or now) > start:
                clash = stored[probe]
                if policy is OverlapPolicy.TRIM and clash.started_at <= start:
                    start = clash.ended_at or now  # covered at its start: move past it
                    clash = None if start < end else clash
                    probe += 1
                    continue
                break
            probe += 1
        if clash is None and start == item.started_at:
            kept.append(item)
        elif clash is None:
            kept.append(replace(item, started_at=start))
            counts.trimmed += 1
        elif policy is OverlapPolicy.FAIL:
            _conflict(counts, Conflict(item.line, item.started_at, None, int(clash.id)))
        elif policy is OverlapPolicy.TRIM and clash.started_at > start:
            # A stored entry begins inside: keep the part before it.
            kept.append(replace(item, started_at=start, ended_at=int(clash.started_at)))
            counts.trimmed += 1
        else:
            counts.skipped += 1
    return kept


def _rows(
    connection: Connection,
    user_id: int,
    batch: list[SourceEntry],
    now: int,
) -> tuple[int, int, list[dict[str, object]]]:
    """Rows to insert, creating the projects and tasks they need."""
    known_projects: dict[str, tuple[int, str | None, int | None]] = {
        key: (ident, client, rate)
        for ident, key, client, rate in connection.execute(
            select(P.id, P.name_key, P.client, P.rate_cents).where(P.user_id == user_id)
        )
    }
    known_tasks: dict[tuple[int, str], tuple[int, str | None]] = {
        (project_id, key): (ident, category)
        for ident, project_id, key, category in connection.execute(
            select(T.id, T.project_id, T.name_key, T.category)
            .join(projects, T.project_id == P.id)
            .where(P.user_id == user_id)
        )
    }
    names: dict[str, tuple[str, str]] = {}  # raw name -> (clean, key): a file repeats names

    def clean(raw: str, what: str) -> tuple[str, str]:
        found = names.get(raw)
        if found is None:
            tidy = validation.name(raw, what)
            found = names[raw] = (tidy, validation.name_key(tidy))
        return found

    created_projects = created_tasks = 0
    rows: list[dict[str, object]] = []
    for item in batch:
        project_name, project_key = clean(item.project or NO_PROJECT, "project")
        known = known_projects.get(project_key)
        if known is None:
            client = clean(item.client, "client")[0] if item.client else None
            values: dict[str, object] = {
                "user_id": user_id,
                "name": project_name,
                "name_key": project_key,
                "colour": DEFAULT_COLOURS[len(known_projects) % len(DEFAULT_COLOURS)],
                "currency": item.currency or "EUR",
                "created_at": now,
                "client": client,
                "rate_cents": item.rate_cents,
            }
            ident = new_id(connection.execute(insert(projects).values(**values)))
            known = known_projects[project_key] = (ident, client, item.rate_cents)
            created_projects += 1
        elif (known[1] is None and item.client) or (known[2] is None and item.rate_cents):
            fill: dict[str, object] = {}
            if known[1] is None and item.client:
                fill["client"] = clean(item.client, "client")[0]
            if known[2] is None and item.rate_cents:
                fill["rate_cents"] = item.rate_cents
                if item.currency:
                    fill["currency"] = item.currency
            connection.execute(update(projects).where(P.id == known[0]).values(**fill))
            known = known_projects[project_key] = (
                known[0],
                str(fill.get("client", known[1])) if fill.get("client", known[1]) else None,
                item.rate_cents or known[2],
            )
        project_id = known[0]
        task_id = None
        task_raw = item.task or item.category  # a tag alone still names the work
        if task_raw:
            task_name, task_key = clean(task_raw, "task")
            category = clean(item.category, "category")[0] if item.category else None
            found = known_tasks.get((project_id, task_key))
            if found is None:
                ident = new_id(
                    connection.execute(
                        insert(tasks).values(
                            project_id=project_id,
                            name=task_name,
                            name_key=task_key,
                            category=category,
                            created_at=now,
                        )
                    )
                )
                found = known_tasks[(project_id, task_key)] = (ident, category)
                created_tasks += 1
            elif found[1] is None and category is not None:
                connection.execute(update(tasks).where(T.id == found[0]).values(category=category))
                found = known_tasks[(project_id, task_key)] = (found[0], category)
            task_id = found[0]
        rows.append(
            {
                "user_id": user_id,
                "project_id": project_id,
                "task_id": task_id,
                "started_at": item.started_at,
                "ended_at": item.ended_at,
                "note": validation.note(item.note),
                "source": item.source,
                "source_ref": item.source_id,
            }
        )
    return created_projects, created_tasks, rows
