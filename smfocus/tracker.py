"""The use cases. Each public method is one transaction: it checks, writes,
commits and returns plain records. The CLI and the tray call these same methods.

``write()`` and ``read()`` open a unit of work (store/unit.py) for this
tracker's user, clock and zone; the timer, the insights and the importers
compose their own work through the same two, and through the unit's lookups.

Written with SQLAlchemy Core rather than the ORM: see tables.py for why.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import tzinfo
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from smfocus.core import fmt, validation
from smfocus.core.clock import Clock
from smfocus.core.i18n import N_, _
from smfocus.core.records import (
    EntryRecord,
    InterruptionRecord,
    ProjectRecord,
    Report,
    ReportGroup,
    StartResult,
    Status,
    TaskRecord,
)
from smfocus.core.usertext import shown
from smfocus.errors import ConflictError, Fix, NotFoundError, UserError
from smfocus.store import journal, reports
from smfocus.store.database import Store
from smfocus.store.rows import (
    DEFAULT_COLOURS,
    ENTRY_SELECT,
    FUTURE_TOLERANCE,
    entry_record,
    new_id,
    project_record,
    task_record,
)
from smfocus.store.tables import interruptions, projects, tasks, time_entries
from smfocus.store.unit import ReadUnit, Unit, read_unit, write_unit
from smfocus.tracker_user import user_name

REPORT_BY = ("project", "task", "category", "day", "week", "month")
# Group keys of a report (also in its JSON): marked so a face can show them translated.
NO_TASK = N_("(no task)")
NO_CATEGORY = N_("(no category)")
# "The {what} time is in the future", one whole sentence for each time a command takes.
_FUTURE = {
    "start": N_("The start time {time} is in the future; give a time up to now."),
    "end": N_("The end time {time} is in the future; give a time up to now."),
    "stop": N_("The stop time {time} is in the future; give a time up to now."),
    "interruption": N_("The interruption time {time} is in the future; give a time up to now."),
}
_FUTURE_ANY = N_("The time {time} is in the future; give a time up to now.")

E, P, T = time_entries.c, projects.c, tasks.c


class Tracker:
    def __init__(self, store: Store, clock: Clock, tz: tzinfo, user: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz
        self.user_name = user_name(user or store.role)

    # -- transactions ---------------------------------------------------------

    def write(self, now: int | None = None) -> AbstractContextManager[Unit]:
        """A write transaction for this tracker's user, at ``now`` (the clock's by default)."""
        moment = self.clock.now() if now is None else now
        return write_unit(self.store, self.user_name, moment, self.tz)

    def read(self, now: int | None = None) -> AbstractContextManager[ReadUnit]:
        """A read-only transaction for this tracker's user."""
        moment = self.clock.now() if now is None else now
        return read_unit(self.store, self.user_name, moment, self.tz)

    # -- projects and tasks ---------------------------------------------------

    def add_project(
        self,
        name: str,
        *,
        colour: str | None = None,
        rate: str | None = None,
        currency: str | None = None,
        value: str | None = None,
        value_per: str | None = None,
        priority: str | None = None,
        client: str | None = None,
    ) -> ProjectRecord:
        clean = validation.name(name, "project")
        fields = _project_fields(
            colour=colour, rate=rate, currency=currency, value=value, value_per=value_per,
            priority=priority, client=client,
        )  # fmt: skip
        with self.write() as unit:
            existing = unit.find_project(clean)
            if existing is not None:
                raise ConflictError(
                    _("A project named {project} already exists.").format(
                        project=shown(existing.name)
                    ),
                    Fix("edit_project", project=existing.name),
                )
            count = unit.connection.scalar(
                select(func.count()).select_from(projects).where(P.user_id == unit.user_id)
            )
            values: dict[str, Any] = {
                "colour": DEFAULT_COLOURS[(count or 0) % len(DEFAULT_COLOURS)],
                "currency": "EUR",
                **fields,
            }
            created = unit.connection.execute(
                insert(projects).values(
                    user_id=unit.user_id,
                    name=clean,
                    name_key=validation.name_key(clean),
                    created_at=self.clock.now(),
                    **values,
                )
            )
            return unit.project(new_id(created))

    def edit_project(
        self,
        name: str,
        *,
        new_name: str | None = None,
        colour: str | None = None,
        rate: str | None = None,
        currency: str | None = None,
        value: str | None = None,
        value_per: str | None = None,
        priority: str | None = None,
        archived: bool | None = None,
        client: str | None = None,
    ) -> ProjectRecord:
        fields = _project_fields(
            colour=colour, rate=rate, currency=currency, value=value, value_per=value_per,
            priority=priority, client=client,
        )  # fmt: skip
        renamed = validation.name(new_name, "project") if new_name is not None else None
        with self.write() as unit:
            project = unit.require_project(name)
            if renamed is not None:
                clash = unit.find_project(renamed)
                if clash is not None and clash.id != project.id:
                    raise ConflictError(
                        _("A project named {project} already exists.").format(
                            project=shown(clash.name)
                        ),
                        Fix("edit_project", project=clash.name),
                    )
                fields["name"] = renamed
                fields["name_key"] = validation.name_key(renamed)
            if archived is not None:
                fields["archived"] = archived
            if fields:
                unit.connection.execute(
                    update(projects).where(P.id == project.id).values(**fields)
                )
            return unit.project(project.id)

    def projects(self, include_archived: bool = True) -> list[ProjectRecord]:
        with self.read() as unit:
            if unit.user_id is None:
                return []
            query = select(projects).where(P.user_id == unit.user_id)
            if not include_archived:
                query = query.where(P.archived.is_(False))
            rows = unit.connection.execute(query.order_by(P.priority, P.name_key))
            return [project_record(row._mapping) for row in rows]

    def tasks(self, project: str | None = None) -> list[TaskRecord]:
        with self.read() as unit:
            if unit.user_id is None:
                return []
            query = (
                select(tasks, P.name.label("project"))
                .join(projects, T.project_id == P.id)
                .where(P.user_id == unit.user_id)
            )
            if project is not None:
                found = unit.require_project(project)
                query = query.where(P.id == found.id)
            rows = unit.connection.execute(query.order_by(P.name_key, T.name_key))
            return [task_record(row._mapping) for row in rows]

    def recent_tasks(self, limit: int = 8) -> list[tuple[str, str | None]]:
        """(project, task) pairs last worked on, newest first, without archived projects."""
        with self.read() as unit:
            if unit.user_id is None:
                return []
            # Walk back from the newest entry; a few hundred rows hold the last
            # few distinct tasks for anyone, and the index serves them in order.
            rows = unit.connection.execute(
                select(P.name, T.name.label("task"))
                .select_from(
                    time_entries.join(projects, P.id == E.project_id).outerjoin(
                        tasks, T.id == E.task_id
                    )
                )
                .where(E.user_id == unit.user_id, P.archived.is_(False))
                .order_by(E.started_at.desc())
                .limit(400)
            )
            seen: list[tuple[str, str | None]] = []
            for project, task in rows:
                if (project, task) not in seen:
                    seen.append((project, task))
                    if len(seen) == limit:
                        break
            return seen

    def edit_task(
        self,
        project: str,
        task: str,
        *,
        new_name: str | None = None,
        category: str | None = None,
        estimate: int | None = None,
        done: bool | None = None,
    ) -> TaskRecord:
        """Change an existing task; a name it does not find is refused, so a typo
        never becomes a task (``add_task`` adds one)."""
        fields: dict[str, Any] = {}
        if new_name is not None:
            fields["name"] = validation.name(new_name, "task")
            fields["name_key"] = validation.name_key(fields["name"])
        if category is not None:
            fields["category"] = validation.name(category, "category") if category else None
        if estimate is not None:
            # 0 clears the estimate: "no idea yet" is a valid answer.
            fields["estimate_pomodoros"] = validation.estimate(estimate) if estimate else None
        if done is not None:
            fields["done"] = done
        with self.write() as unit:
            owner = unit.require_project(project)
            task_id = unit.connection.scalar(
                select(T.id).where(
                    T.project_id == owner.id,
                    T.name_key == validation.name_key(" ".join(task.split())),
                )
            )
            if task_id is None:
                try:  # tracking it is worth suggesting only when it could be created
                    fix = Fix("start_task", project=owner.name, task=validation.name(task, "task"))
                except UserError:
                    fix = None
                raise NotFoundError(
                    _("There is no task {task} in {project}.").format(
                        task=shown(task), project=shown(owner.name)
                    ),
                    fix,
                )
            if fields:
                unit.connection.execute(update(tasks).where(T.id == task_id).values(**fields))
            row = unit.connection.execute(
                select(tasks, P.name.label("project"))
                .join(projects, T.project_id == P.id)
                .where(T.id == task_id)
            ).one()
            return task_record(row._mapping)

    def add_task(
        self,
        project: str,
        name: str,
        category: str | None = None,
        *,
        estimate: int | None = None,
        done: bool = False,
    ) -> TaskRecord:
        """A new task in the project; a name it already has (ignoring case) is refused."""
        clean = validation.name(name, "task")
        clean_category = validation.name(category, "category") if category else None
        clean_estimate = validation.estimate(estimate) if estimate else None
        with self.write() as unit:
            connection = unit.connection
            owner = unit.require_project(project)
            key = validation.name_key(clean)
            clash = connection.scalar(
                select(T.name).where(T.project_id == owner.id, T.name_key == key)
            )
            if clash is not None:
                raise ConflictError(
                    _("{project} already has a task named {task}; choose another name.").format(
                        project=shown(owner.name), task=shown(clash)
                    )
                )
            created = connection.execute(
                insert(tasks).values(
                    project_id=owner.id, name=clean, name_key=key, category=clean_category,
                    estimate_pomodoros=clean_estimate, done=done, created_at=self.clock.now(),
                )
            )  # fmt: skip
            row = connection.execute(
                select(tasks, P.name.label("project"))
                .join(projects, T.project_id == P.id)
                .where(T.id == new_id(created))
            ).one()
            return task_record(row._mapping)

    # -- the running entry ----------------------------------------------------

    def start(
        self,
        project: str,
        task: str | None = None,
        *,
        category: str | None = None,
        at: int | None = None,
        note: str | None = None,
        source: str = "cli",
    ) -> StartResult:
        """Start work; a running entry is ended at the same instant (one task at a time)."""
        now = self.clock.now()
        moment = self.moment_of(at, now, "start")
        with self.write(now) as unit:
            behind = unit.clock_behind(now)
            result = self.start_in(
                unit, project, task,
                category=category, moment=moment, note=note, source=source,
            )  # fmt: skip
            return replace(result, clock_behind=behind)

    def start_in(
        self,
        unit: Unit,
        project: str,
        task: str | None,
        *,
        category: str | None,
        moment: int,
        note: str | None,
        source: str,
    ) -> StartResult:
        """``start`` inside a transaction the caller holds (the timer composes it)."""
        clean_note = validation.note(note)
        target = unit.require_active_project(project)
        task_id = unit.task_id(target.id, task, category)
        running = unit.running()
        stopped = discarded = None
        if running is not None and moment <= running.started_at:
            if not _has_no_time(running.started_at, moment, unit.now):
                label = unit.label(running.id)
                raise ConflictError(
                    _(
                        "Entry #{entry} ({label}) has been running since {since}; "
                        "a new start must come after that."
                    ).format(
                        entry=running.id,
                        label=label,
                        since=fmt.moment(running.started_at, self.tz),
                    ),
                    Fix("delete_entry", entry=running.id),
                )
            # It has no time to keep: started within the clock's current second
            # (a quick switch), or after now (a clock set back). Said in the result.
            discarded = unit.entry(running.id)
            unit.connection.execute(delete(time_entries).where(E.id == running.id))
            # The removed entry was the newest; an earlier one may still reach
            # past this start (an entry added before the clock was set back).
            unit.refuse_overlap(moment, None, exclude=None)
        elif running is not None:
            self._refuse_too_long(unit, running.id, running.started_at, moment)
            unit.set_end(running.id, moment)
            stopped = unit.entry(running.id)
        else:
            unit.refuse_overlap(moment, None, exclude=None)
        created = unit.connection.execute(
            insert(time_entries).values(
                user_id=unit.user_id,
                project_id=target.id,
                task_id=task_id,
                started_at=moment,
                ended_at=None,
                note=clean_note,
                source=source,
            )
        )
        return StartResult(
            started=unit.entry(new_id(created)), stopped=stopped, discarded=discarded
        )

    def stop(self, *, at: int | None = None) -> EntryRecord:
        """End the running entry (see ``stop_in`` for an entry with no time to keep)."""
        now = self.clock.now()
        moment = self.moment_of(at, now, "stop")
        with self.write(now) as unit:
            stopped = self.stop_in(unit, moment)
            if stopped is None:
                raise UserError(_("Nothing is running."), Fix("start"))
            return stopped

    def stop_in(self, unit: Unit, moment: int) -> EntryRecord | None:
        """``stop`` inside the caller's transaction; None when nothing runs.

        An entry with no time to keep (started within the clock's current second,
        or after now because the clock was set back) is removed, since a
        zero-length entry cannot exist; the record then ends at its own start.
        """
        running = unit.running()
        if running is None:
            return None
        if moment <= running.started_at:
            if not _has_no_time(running.started_at, moment, unit.now):
                raise UserError(
                    _("The entry started at {time}; the stop time must come after that.").format(
                        time=fmt.moment(running.started_at, self.tz)
                    )
                )
            record = unit.entry(running.id)
            unit.connection.execute(delete(time_entries).where(E.id == running.id))
            return replace(record, ended_at=record.started_at)
        self._refuse_too_long(unit, running.id, running.started_at, moment)
        unit.set_end(running.id, moment)
        return unit.entry(running.id)

    def cancel(self) -> EntryRecord:
        """Forget the running entry, as if it had never been started."""
        with self.write() as unit:
            return self.cancel_in(unit)

    def cancel_in(self, unit: Unit) -> EntryRecord:
        running = unit.running()
        if running is None:
            raise UserError(_("Nothing is running, so there is nothing to cancel."))
        record = unit.entry(running.id)
        unit.connection.execute(delete(time_entries).where(E.id == running.id))
        return record

    def status(self) -> Status:
        now = self.clock.now()
        with self.read(now) as unit:
            if unit.user_id is None:
                return Status(running=None, now=now)
            running = unit.running()
            entry = unit.entry(running.id) if running is not None else None
            return Status(running=entry, now=now)

    def interrupt(
        self, *, kind: str = "internal", note: str | None = None, at: int | None = None
    ) -> InterruptionRecord:
        if kind not in ("internal", "external"):
            raise UserError(
                _("{kind} is not a kind of interruption; use internal or external.").format(
                    kind=shown(kind)
                )
            )
        now = self.clock.now()
        moment = self.moment_of(at, now, "interruption")
        clean_note = validation.note(note)
        with self.write(now) as unit:
            running = unit.running()
            if running is None:
                raise UserError(_("Nothing is running, so there is nothing to interrupt."))
            if moment < running.started_at:
                raise UserError(_("An interruption must fall inside the running entry."))
            created = unit.connection.execute(
                insert(interruptions).values(
                    entry_id=running.id, at=moment, kind=kind, note=clean_note
                )
            )
            ident = new_id(created)
            return InterruptionRecord(ident, running.id, moment, kind, clean_note)

    # -- past entries ---------------------------------------------------------

    def add(
        self,
        project: str,
        task: str | None,
        *,
        start: int,
        end: int,
        category: str | None = None,
        note: str | None = None,
        source: str = "cli",
    ) -> EntryRecord:
        now = self.clock.now()
        end = self.moment_of(end, now, "end")
        _ordered(start, end, self.tz)
        clean_note = validation.note(note)
        with self.write(now) as unit:
            target = unit.require_active_project(project)
            self._refuse_too_long(unit, None, start, end)
            task_id = unit.task_id(target.id, task, category)
            unit.refuse_overlap(start, end, exclude=None)
            created = unit.connection.execute(
                insert(time_entries).values(
                    user_id=unit.user_id,
                    project_id=target.id,
                    task_id=task_id,
                    started_at=start,
                    ended_at=end,
                    note=clean_note,
                    source=source,
                )
            )
            added = unit.entry(new_id(created))
            # An undo step's label is shown later ("Undid the add of entry #3 (…)"):
            # written in the user's language at the time, as a note would be.
            # TRANSLATORS: a noun phrase, shown after "Undid the".
            step = _("add of entry #{entry} ({label})").format(
                entry=added.id, label=unit.label(added.id)
            )
            journal.record(unit, step, journal.Snapshot((), ()), created=[added.id])
            return added

    def edit(
        self,
        entry_id: int,
        *,
        project: str | None = None,
        task: str | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | None = None,
        category: str | None = None,
    ) -> EntryRecord:
        now = self.clock.now()
        clean_note = validation.note(note) if note is not None else None
        with self.write(now) as unit:
            entry = unit.require_entry(entry_id)
            before = journal.snapshot(unit, [entry.id])
            new_start = entry.started_at if start is None else self.moment_of(start, now, "start")
            new_end = entry.ended_at if end is None else self.moment_of(end, now, "end")
            if new_end is not None:
                _ordered(new_start, new_end, self.tz)
            if start is not None or end is not None:
                self._refuse_too_long(
                    unit, entry.id, new_start, now if new_end is None else new_end
                )
            fields: dict[str, Any] = {"started_at": new_start, "ended_at": new_end}
            if project is not None or task is not None or category is not None:
                owner_id = (
                    unit.require_active_project(project).id
                    if project is not None
                    else entry.project_id
                )
                if task is None and category is not None and entry.task_id is not None:
                    # A category alone goes to the entry's own task.
                    task = unit.connection.scalar(select(T.name).where(T.id == entry.task_id))
                carried = category
                if carried is None and task is not None and entry.task_id is not None:
                    # A task this edit creates keeps the old task's category.
                    key = validation.name_key(validation.name(task, "task"))
                    if not unit.connection.scalar(
                        select(T.id).where(T.project_id == owner_id, T.name_key == key)
                    ):
                        carried = unit.connection.scalar(
                            select(T.category).where(T.id == entry.task_id)
                        )
                task_id = unit.task_id(owner_id, task, carried)
                if task_id is None and project is not None and entry.task_id is not None:
                    # Moving to another project without naming a task keeps the
                    # task's name: the work was the same, only filed elsewhere.
                    old_name = unit.connection.scalar(select(T.name).where(T.id == entry.task_id))
                    task_id = unit.task_id(owner_id, old_name, None)
                fields["project_id"] = owner_id
                fields["task_id"] = task_id
            if note is not None:
                fields["note"] = clean_note
            unit.refuse_overlap(new_start, new_end, exclude=entry.id)
            unit.connection.execute(update(time_entries).where(E.id == entry.id).values(**fields))
            # TRANSLATORS: a noun phrase, shown after "Undid the".
            step = _("edit of entry #{entry} ({label})").format(
                entry=entry.id, label=unit.label(entry.id)
            )
            journal.record(unit, step, before)
            return unit.entry(entry.id)

    def delete(self, entry_id: int) -> EntryRecord:
        with self.write() as unit:
            unit.require_entry(entry_id)
            record = unit.entry(entry_id)
            before = journal.snapshot(unit, [entry_id])
            unit.connection.execute(delete(time_entries).where(E.id == entry_id))
            # TRANSLATORS: a noun phrase, shown after "Undid the".
            step = _("delete of entry #{entry} ({label})").format(
                entry=entry_id, label=fmt.label(record.project, record.task)
            )
            journal.record(unit, step, before)
            return record

    def entry(self, entry_id: int) -> EntryRecord:
        with self.read() as unit:
            if unit.user_id is None:
                raise NotFoundError(
                    _("There is no entry #{entry}.").format(entry=entry_id), Fix("see_ids")
                )
            unit.require_entry(entry_id)
            return unit.entry(entry_id)

    def log(
        self, *, start: int | None = None, end: int | None = None, project: str | None = None
    ) -> list[EntryRecord]:
        """Entries that touch [start, end), oldest first."""
        _range_ordered(start, end, self.tz)
        with self.read() as unit:
            if unit.user_id is None:
                if project is not None:
                    raise NotFoundError(
                        _("There is no project named {project}.").format(project=shown(project))
                    )
                return []
            query = ENTRY_SELECT.where(E.user_id == unit.user_id)
            if start is not None:
                # Entries never overlap: only the last one starting before the
                # window can reach into it, so seek to it instead of scanning.
                seek = unit.connection.scalar(
                    select(func.max(E.started_at)).where(
                        E.user_id == unit.user_id, E.started_at < start
                    )
                )
                query = query.where(
                    E.started_at >= (seek if seek is not None else start),
                    E.ended_at.is_(None) | (E.ended_at > start),
                )
            if end is not None:
                query = query.where(E.started_at < end)
            if project is not None:
                owner = unit.require_project(project)
                query = query.where(E.project_id == owner.id)
            rows = unit.connection.execute(query.order_by(E.started_at))
            return [entry_record(row._mapping) for row in rows]

    def report(
        self, *, start: int | None = None, end: int | None = None, by: str = "project"
    ) -> Report:
        """Seconds per group over [start, end); defaults: from the first entry to now."""
        if by not in REPORT_BY:
            raise UserError(
                _("Cannot group by {by}; use one of {choices}.").format(
                    by=shown(by), choices=", ".join(REPORT_BY)
                )
            )
        now = self.clock.now()
        _range_ordered(start, end, self.tz)
        stop = now if end is None else end
        with self.read(now) as unit:
            if unit.user_id is None:
                return Report(start=start, end=stop, by=by, groups=())
            first = reports.first_start(unit.connection, unit.user_id)
            begin = start if start is not None else first
            if begin is None or first is None:
                return Report(start=begin, end=stop, by=by, groups=())
            # The query covers only where data can be: from the first entry to
            # the last one's end, and never past now. A range reaching far beyond
            # (--from 0001-01-01, a far --to) then costs what the data costs, and
            # time that has not happened yet is never counted.
            low = max(begin, first)
            horizon = min(stop, now, reports.last_end(unit.connection, unit.user_id, now))
            if horizon <= low:
                return Report(start=begin, end=stop, by=by, groups=())
            window = reports.Window(user_id=unit.user_id, start=low, end=horizon, now=now)
            key = by if by in reports.KEYS else None
            period = None if key is not None else by
            raw = reports.totals(unit.connection, window, self.tz, key, period)
            groups = _name_groups(unit.connection, unit.user_id, raw, by)
        if period is None:
            groups.sort(key=lambda group: (-group.seconds, group.key))
        else:
            groups.sort(key=lambda group: group.key)
        return Report(start=begin, end=stop, by=by, groups=tuple(groups))

    # -- helpers --------------------------------------------------------------

    def moment_of(self, given: int | None, now: int, what: str) -> int:
        """The time a command means: ``given`` or now. A time a little ahead (up to
        FUTURE_TOLERANCE: clock jitter) is taken as now; later is refused."""
        if given is None:
            return now
        if given > now + FUTURE_TOLERANCE:
            sentence = _FUTURE.get(what, _FUTURE_ANY)
            raise UserError(_(sentence).format(time=fmt.moment(given, self.tz)))
        return min(given, now)

    def _refuse_too_long(self, unit: Unit, entry_id: int | None, start: int, end: int) -> None:
        limit = unit.settings().entry_max
        if end - start <= limit:
            return
        if entry_id is not None and unit.connection.scalar(
            select(E.ended_at.is_(None)).where(E.id == entry_id)
        ):
            raise UserError(
                _(
                    "Entry #{entry} ({label}) has been running since {since}, {length}, "
                    "longer than the limit of {limit} (entry.max)."
                ).format(
                    entry=entry_id,
                    label=unit.label(entry_id),
                    since=fmt.moment(start, self.tz),
                    length=fmt.duration(end - start),
                    limit=fmt.duration(limit),
                ),
                Fix("stop_at"),
            )
        raise UserError(
            _(
                "An entry from {start} to {end} would last {length}, longer than the limit "
                "of {limit} (entry.max); check the times."
            ).format(
                start=fmt.moment(start, self.tz),
                end=fmt.moment(end, self.tz),
                length=fmt.duration(end - start),
                limit=fmt.duration(limit),
            ),
            Fix("entry_max", setting="entry.max"),
        )


def _name_groups(
    connection: Connection,
    user_id: int,
    raw: dict[tuple[int | None, str | None], int],
    by: str,
) -> list[ReportGroup]:
    merged: dict[str, int] = {}
    if by == "project":
        names = dict(connection.execute(select(P.id, P.name).where(P.user_id == user_id)).all())
        for (ident, _period), seconds in raw.items():
            label = names.get(ident, "?") if ident is not None else "?"
            merged[label] = merged.get(label, 0) + seconds
    elif by in ("task", "category"):
        rows = connection.execute(
            select(T.id, P.name, T.name, T.category)
            .join(projects, T.project_id == P.id)
            .where(P.user_id == user_id)
        )
        known = {ident: (project, name, category) for ident, project, name, category in rows}
        spellings: dict[str, dict[str, int]] = {}  # a category's seconds per spelling
        for (ident, _period), seconds in raw.items():
            if ident is None or ident not in known:
                label = NO_TASK if by == "task" else NO_CATEGORY
            else:
                project, name, category = known[ident]
                label = f"{project} / {name}" if by == "task" else category or NO_CATEGORY
            if by == "category":
                found = spellings.setdefault(validation.name_key(label), {})
                found[label] = found.get(label, 0) + seconds
            else:
                merged[label] = merged.get(label, 0) + seconds
        # Categories compare ignoring case, as the charts do; a group is named
        # by its most used spelling.
        for found in spellings.values():
            label = min(found.items(), key=lambda item: (-item[1], item[0]))[0]
            merged[label] = sum(found.values())
    else:
        for (_ident, period_label), seconds in raw.items():
            assert period_label is not None
            merged[period_label] = merged.get(period_label, 0) + seconds
    return [ReportGroup(key=label, seconds=seconds) for label, seconds in merged.items()]


def _project_fields(
    *,
    colour: str | None,
    rate: str | None,
    currency: str | None,
    value: str | None,
    value_per: str | None,
    priority: str | None,
    client: str | None = None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if client is not None:
        # An empty client takes the project back to "no client".
        fields["client"] = validation.name(client, "client") if client.strip() else None
    if colour is not None:
        fields["colour"] = validation.colour(colour)
    if rate is not None:
        fields["rate_cents"] = validation.money_cents(rate, "hourly rate") if rate else None
    if currency is not None:
        fields["currency"] = validation.currency(currency)
    if value is not None:
        fields["value_cents"] = validation.money_cents(value, "value") if value else None
    if value_per is not None:
        fields["value_per"] = validation.value_period(value_per)
    if priority is not None:
        fields["priority"] = validation.priority(priority)
    return fields


def _ordered(start: int, end: int, tz: tzinfo) -> None:
    if end <= start:
        raise UserError(
            _(
                "The end {end} is not after the start {start}; give an end later than the start."
            ).format(end=fmt.moment(end, tz), start=fmt.moment(start, tz))
        )


def _range_ordered(start: int | None, end: int | None, tz: tzinfo) -> None:
    if start is not None and end is not None and end <= start:
        raise UserError(
            _("The range ends at {end}, which is not after its start at {start}.").format(
                end=fmt.moment(end, tz), start=fmt.moment(start, tz)
            ),
            Fix("later_end"),
        )


def _has_no_time(started_at: int, moment: int, now: int) -> bool:
    """Whether ending a running entry at ``moment`` may remove it: only when
    ``moment`` is now and the entry began this very second or later. ``now`` is
    the action's own (its unit's): a second reading of the clock may already be
    in the next second, and would refuse a stop the first reading allowed."""
    return moment == now and started_at >= now
