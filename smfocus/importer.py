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
from itertools import islice

from sqlalchemy import Connection, func, insert, select, update

from smfocus.core import fmt, validation
from smfocus.core.i18n import _, ngettext
from smfocus.errors import ConflictError, Fix, UserError
from smfocus.imports.records import NO_PROJECT, SourceEntry
from smfocus.store.rows import DEFAULT_COLOURS, FUTURE_TOLERANCE, new_id
from smfocus.store.tables import projects, tasks, time_entries
from smfocus.tracker import Tracker

E, P, T = time_entries.c, projects.c, tasks.c
INSERT_CHUNK = 5_000


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
        if first.other_line is not None:
            text = ngettext(
                "{count} imported entry overlaps other time (first: line {line} overlaps "
                "line {other}); nothing was imported.",
                "{count} imported entries overlap other time (first: line {line} overlaps "
                "line {other}); nothing was imported.",
                count,
            )
            other: int | None = first.other_line
        else:
            text = ngettext(
                "{count} imported entry overlaps other time (first: line {line} overlaps "
                "entry #{other} already tracked); nothing was imported.",
                "{count} imported entries overlap other time (first: line {line} overlaps "
                "entry #{other} already tracked); nothing was imported.",
                count,
            )
            other = first.other_entry
        super().__init__(
            text.format(count=fmt.number(count), line=first.line, other=other),
            fix=Fix("overlap_policy"),
        )


class ImportCancelledError(UserError):
    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was imported."))


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


Kind = tuple[str, str, str | None, str | None, str | None, int | None, str | None]
"""(source, project, client, task, category, rate_cents, currency): what many
entries of a file share, kept once."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One checked entry, compact: a million of them must fit in memory together."""

    started_at: int
    ended_at: int | None
    line: int
    source_id: str | None
    note: str | None
    kind: int  # index into Batch.kinds


@dataclass(frozen=True, slots=True)
class Batch:
    """Checked entries: the finished ones, and at most one running."""

    kinds: list[Kind]
    finished: list[Piece]
    running: Piece | None
    empty: int = 0  # zero-length entries (a timer started and stopped at once): left out


def checked(
    items: Iterable[SourceEntry], now: int, max_seconds: int, project: str | None = None
) -> Batch:
    """Every entry checked before the transaction opens; one bad record stops all."""
    override = validation.name(project, "project") if project is not None else None
    kinds: dict[Kind, int] = {}
    finished: list[Piece] = []
    running: Piece | None = None
    empty = 0
    for given in items:
        if given.ended_at is not None and given.ended_at == given.started_at:
            empty += 1
            continue
        item = given
        if given.ended_at is not None and now < given.ended_at <= now + FUTURE_TOLERANCE:
            # An end a moment ahead is clock jitter between machines: now, as
            # for every command; later than that is refused by _check.
            item = replace(given, ended_at=now)
        _check(item, now, max_seconds)
        kind: Kind = (
            item.source,
            override or item.project,
            None if override else item.client,
            item.task,
            item.category,
            item.rate_cents,
            item.currency,
        )
        index = kinds.setdefault(kind, len(kinds))
        piece = Piece(item.started_at, item.ended_at, item.line, item.source_id, item.note, index)
        if piece.ended_at is None:
            if running is None or piece.started_at > running.started_at:
                running = piece
        else:
            finished.append(piece)
    return Batch(list(kinds), finished, running, empty)


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
    if item.file:
        where = _("{file}, line {line}").format(file=item.file, line=item.line)
    else:
        where = _("line {line}").format(line=item.line)
    if item.ended_at is not None:
        if item.ended_at <= item.started_at:
            raise UserError(
                _("The entry on {where} does not end after it starts; fix the file.").format(
                    where=where
                )
            )
        if item.ended_at > now:
            raise UserError(
                _("The entry on {where} ends in the future; fix the file.").format(where=where)
            )
        if item.ended_at - item.started_at > max_seconds:
            limit = max_seconds / 3600
            raise UserError(
                _(
                    "The entry on {where} lasts {hours} hours, longer than the "
                    "{limit}-hour limit of entry.max; fix the file."
                ).format(
                    where=where,
                    hours=fmt.number((item.ended_at - item.started_at) / 3600, 1),
                    limit=fmt.number(limit, 0 if limit.is_integer() else 2),
                ),
                fix=Fix("entry_max", setting="entry.max"),
            )
    elif item.started_at > now:
        raise UserError(
            _("The running entry on {where} starts in the future; fix the file.").format(
                where=where
            )
        )


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
    finished, running, kinds = batch.finished, batch.running, batch.kinds
    known_refs = _stored_refs(connection, user_id, {kind[0] for kind in kinds})
    known_times = _stored_times(connection, user_id, finished) if match_times else set()

    def here(item: Piece) -> bool:
        if item.source_id is None:
            return (item.started_at, item.ended_at) in known_times
        return (kinds[item.kind][0], item.source_id) in known_refs

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
    targets = _Targets(connection, user_id, kinds, now)
    write = bulk_insert(connection, ENTRY_COLUMNS)
    rows = (targets.row(piece) for piece in to_write)
    done = 0
    while chunk := list(islice(rows, INSERT_CHUNK)):
        write(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, len(to_write))
    if progress is not None and not to_write:
        progress(0, 0)
    return ImportSummary(
        format=format_name,
        entries=len(to_write),
        already_here=already_here,
        skipped=counts.skipped,
        trimmed=counts.trimmed,
        projects_created=targets.projects_created,
        tasks_created=targets.tasks_created,
        running=running is not None,
        dry_run=dry_run,
    )


ENTRY_COLUMNS = (
    "user_id", "project_id", "task_id", "started_at", "ended_at", "note", "source", "source_ref",
)  # fmt: skip


def bulk_insert(
    connection: Connection, columns: tuple[str, ...]
) -> Callable[[list[tuple[object, ...]]], None]:
    """An executemany of plain tuples into time_entries.

    The statement is a Core ``insert`` compiled once for the connection's own
    dialect (so each engine gets its own placeholders); the rows skip the
    per-row parameter processing of ``Connection.execute``, which cost as much
    as SQLite's own insert work for a large import. The columns hold integers
    and text only, which every driver takes as they are.
    """
    compiled = insert(time_entries).compile(dialect=connection.dialect, column_keys=list(columns))
    sql = str(compiled)
    order = compiled.positiontup

    def write(rows: list[tuple[object, ...]]) -> None:
        if order is not None and tuple(order) == columns:
            connection.exec_driver_sql(sql, rows)
        elif order is not None:
            at = [columns.index(name) for name in order]
            connection.exec_driver_sql(sql, [tuple(row[i] for i in at) for row in rows])
        else:
            connection.exec_driver_sql(sql, [dict(zip(columns, row, strict=True)) for row in rows])

    return write


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
    connection: Connection, user_id: int, batch: list[Piece]
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


def _resolve_inner(batch: list[Piece], policy: OverlapPolicy, counts: _Counts) -> list[Piece]:
    """Overlaps inside the file: the later entry gives way."""
    kept: list[Piece] = []
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
    batch: list[Piece],
    policy: OverlapPolicy,
    counts: _Counts,
    now: int,
) -> list[Piece]:
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
    kept: list[Piece] = []
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


class _Targets:
    """The project and task of each kind of entry, found or created once per kind."""

    def __init__(self, connection: Connection, user_id: int, kinds: list[Kind], now: int) -> None:
        self.connection = connection
        self.user_id = user_id
        self.kinds = kinds
        self.now = now
        self.projects_created = 0
        self.tasks_created = 0
        self._resolved: dict[int, tuple[int, int | None]] = {}
        self._projects: dict[str, tuple[int, str | None, int | None]] = {
            key: (ident, client, rate)
            for ident, key, client, rate in connection.execute(
                select(P.id, P.name_key, P.client, P.rate_cents).where(P.user_id == user_id)
            )
        }
        self._tasks: dict[tuple[int, str], tuple[int, str | None]] = {
            (project_id, key): (ident, category)
            for ident, project_id, key, category in connection.execute(
                select(T.id, T.project_id, T.name_key, T.category)
                .join(projects, T.project_id == P.id)
                .where(P.user_id == user_id)
            )
        }

    def row(self, piece: Piece) -> tuple[object, ...]:
        """The insert row of ``piece``, in the order of ENTRY_COLUMNS."""
        found = self._resolved.get(piece.kind)
        if found is None:
            found = self._resolved[piece.kind] = self._resolve(self.kinds[piece.kind])
        note = validation.note(piece.note) if piece.note else None
        source = self.kinds[piece.kind][0]
        return (
            self.user_id, found[0], found[1], piece.started_at, piece.ended_at, note,
            source, piece.source_id,
        )  # fmt: skip

    def _resolve(self, kind: Kind) -> tuple[int, int | None]:
        _source, project, client, task, category, rate, currency = kind
        project_id = self._project(project or NO_PROJECT, client, rate, currency)
        task_name = task or category  # a tag alone still names the work
        if not task_name:
            return project_id, None
        return project_id, self._task(project_id, task_name, category)

    def _project(
        self, raw: str, client: str | None, rate: int | None, currency: str | None
    ) -> int:
        name = validation.name(raw, "project")
        key = validation.name_key(name)
        clean_client = validation.name(client, "client") if client else None
        known = self._projects.get(key)
        if known is None:
            values: dict[str, object] = {
                "user_id": self.user_id,
                "name": name,
                "name_key": key,
                "colour": DEFAULT_COLOURS[len(self._projects) % len(DEFAULT_COLOURS)],
                "currency": currency or "EUR",
                "created_at": self.now,
                "client": clean_client,
                "rate_cents": rate,
            }
            ident = new_id(self.connection.execute(insert(projects).values(**values)))
            self._projects[key] = (ident, clean_client, rate)
            self.projects_created += 1
            return ident
        ident, has_client, has_rate = known
        fill: dict[str, object] = {}
        if has_client is None and clean_client:
            fill["client"] = has_client = clean_client
        if has_rate is None and rate:
            fill["rate_cents"] = has_rate = rate
            if currency:
                fill["currency"] = currency
        if fill:
            self.connection.execute(update(projects).where(P.id == ident).values(**fill))
            self._projects[key] = (ident, has_client, has_rate)
        return ident

    def _task(self, project_id: int, raw: str, category: str | None) -> int:
        name = validation.name(raw, "task")
        key = validation.name_key(name)
        clean_category = validation.name(category, "category") if category else None
        found = self._tasks.get((project_id, key))
        if found is None:
            ident = new_id(
                self.connection.execute(
                    insert(tasks).values(
                        project_id=project_id,
                        name=name,
                        name_key=key,
                        category=clean_category,
                        created_at=self.now,
                    )
                )
            )
            self._tasks[(project_id, key)] = (ident, clean_category)
            self.tasks_created += 1
            return ident
        ident, has_category = found
        if has_category is None and clean_category is not None:
            self.connection.execute(
                update(tasks).where(T.id == ident).values(category=clean_category)
            )
            self._tasks[(project_id, key)] = (ident, clean_category)
        return ident
