"""The use cases. Each public method is one transaction: it checks, writes,
commits and returns plain records. The CLI and the tray call these same methods.

Write transactions begin with ``BEGIN IMMEDIATE`` on SQLite (and lock the
user's row on PostgreSQL), so the overlap check and the write that follows are
atomic with respect to every other smfocus process.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import tzinfo

from sqlalchemy import Select, func, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, aliased

from smfocus.core import validation
from smfocus.core.clock import Clock
from smfocus.core.localtime import iso
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
from smfocus.errors import ConflictError, NotFoundError, UserError
from smfocus.store import reports
from smfocus.store.database import Store, translate_errors
from smfocus.store.models import Interruption, Project, Task, TimeEntry, User
from smfocus.tracker_user import user_name

DEFAULT_COLOURS = (
    "#3b82f6", "#ef4444", "#10b981", "#f59e0b", "#8b5cf6",
    "#ec4899", "#14b8a6", "#f97316", "#6366f1", "#84cc16",
)  # fmt: skip
FUTURE_TOLERANCE = 60  # seconds; clocks of two machines may differ a little
REPORT_BY = ("project", "task", "category", "day", "week", "month")
SOURCES = ("cli", "app", "import", "pomodoro")
NO_TASK = "(no task)"
NO_CATEGORY = "(no category)"


class Tracker:
    def __init__(self, store: Store, clock: Clock, tz: tzinfo, user: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz
        self.user_name = user_name(user)

    # -- transactions ---------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[tuple[Session, int]]:
        with translate_errors(self.store.path), Session(self.store.engine) as session:
            try:
                with session.begin():
                    user_id = self._lock_user(session)
                    yield session, user_id
            except sa_exc.IntegrityError as error:
                raise _integrity_message(error) from None

    @contextmanager
    def _read(self) -> Iterator[tuple[Session, int | None]]:
        with (
            translate_errors(self.store.path),
            Session(self.store.readonly_engine) as session,
            session.begin(),
        ):
            user_id = session.scalar(select(User.id).where(User.name == self.user_name))
            yield session, user_id

    def _lock_user(self, session: Session) -> int:
        # FOR UPDATE serialises this user's writers on PostgreSQL; SQLite's
        # BEGIN IMMEDIATE already did, and SQLAlchemy drops the clause there.
        user_id = session.scalar(
            select(User.id).where(User.name == self.user_name).with_for_update()
        )
        if user_id is None:
            user = User(name=self.user_name, created_at=self.clock.now())
            session.add(user)
            session.flush()
            user_id = user.id
        return user_id

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
    ) -> ProjectRecord:
        clean = validation.name(name, "project")
        fields = _project_fields(
            colour=colour,
            rate=rate,
            currency=currency,
            value=value,
            value_per=value_per,
            priority=priority,
        )
        with self._write() as (session, user_id):
            existing = self._find_project(session, user_id, clean)
            if existing is not None:
                raise ConflictError(
                    f"A project named {existing.name!r} already exists; "
                    f"change it with: smfocus project edit {existing.name!r}."
                )
            count = session.scalar(select(func.count()).where(Project.user_id == user_id))
            project = Project(
                user_id=user_id,
                name=clean,
                name_key=validation.name_key(clean),
                colour=fields.pop("colour", DEFAULT_COLOURS[(count or 0) % len(DEFAULT_COLOURS)]),
                currency=fields.pop("currency", "EUR"),
                created_at=self.clock.now(),
                **fields,
            )
            session.add(project)
            session.flush()
            return _project_record(project)

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
    ) -> ProjectRecord:
        fields = _project_fields(
            colour=colour,
            rate=rate,
            currency=currency,
            value=value,
            value_per=value_per,
            priority=priority,
        )
        renamed = validation.name(new_name, "project") if new_name is not None else None
        with self._write() as (session, user_id):
            project = self._require_project(session, user_id, name)
            if renamed is not None:
                clash = self._find_project(session, user_id, renamed)
                if clash is not None and clash.id != project.id:
                    raise ConflictError(f"A project named {clash.name!r} already exists.")
                project.name = renamed
                project.name_key = validation.name_key(renamed)
            for field, value_ in fields.items():
                setattr(project, field, value_)
            if archived is not None:
                project.archived = archived
            session.flush()
            return _project_record(project)

    def projects(self, include_archived: bool = True) -> list[ProjectRecord]:
        with self._read() as (session, user_id):
            if user_id is None:
                return []
            query = select(Project).where(Project.user_id == user_id)
            if not include_archived:
                query = query.where(Project.archived.is_(False))
            rows = session.scalars(query.order_by(Project.priority, Project.name_key))
            return [_project_record(row) for row in rows]

    def tasks(self, project: str | None = None) -> list[TaskRecord]:
        with self._read() as (session, user_id):
            if user_id is None:
                return []
            query = (
                select(Task, Project.name)
                .join(Project, Task.project_id == Project.id)
                .where(Project.user_id == user_id)
            )
            if project is not None:
                found = self._require_project(session, user_id, project)
                query = query.where(Project.id == found.id)
            rows = session.execute(query.order_by(Project.name_key, Task.name_key))
            return [_task_record(task, project_name) for task, project_name in rows]

    def _find_project(self, session: Session, user_id: int, name: str) -> Project | None:
        return session.scalar(
            select(Project).where(
                Project.user_id == user_id,
                Project.name_key == validation.name_key(" ".join(name.split())),
            )
        )

    def _require_project(self, session: Session, user_id: int, name: str) -> Project:
        project = self._find_project(session, user_id, name)
        if project is not None:
            return project
        known = session.scalars(select(Project.name).where(Project.user_id == user_id)).all()
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise NotFoundError(
            f"There is no project named {name!r}; {hint}"
            f"create it with: smfocus project add {name!r}."
        )

    def _task_for(
        self, session: Session, project: Project, task: str | None, category: str | None
    ) -> Task | None:
        """The named task of the project, created on first use; None for no task."""
        clean_category = validation.name(category, "category") if category is not None else None
        if task is None:
            if clean_category is not None:
                raise UserError("A category belongs to a task; name the task too.")
            return None
        clean = validation.name(task, "task")
        found = session.scalar(
            select(Task).where(
                Task.project_id == project.id, Task.name_key == validation.name_key(clean)
            )
        )
        if found is None:
            found = Task(
                project_id=project.id,
                name=clean,
                name_key=validation.name_key(clean),
                category=clean_category,
                created_at=self.clock.now(),
            )
            session.add(found)
            session.flush()
        elif clean_category is not None:
            found.category = clean_category
        return found

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
        with self._write() as (session, user_id):
            owner = self._require_project(session, user_id, project)
            found = session.scalar(
                select(Task).where(
                    Task.project_id == owner.id,
                    Task.name_key == validation.name_key(" ".join(task.split())),
                )
            )
            if found is None:
                found = self._task_for(session, owner, task, None)
                assert found is not None
            if new_name is not None:
                found.name = validation.name(new_name, "task")
                found.name_key = validation.name_key(found.name)
            if category is not None:
                found.category = validation.name(category, "category") if category else None
            if estimate is not None:
                found.estimate_pomodoros = validation.estimate(estimate)
            if done is not None:
                found.done = done
            session.flush()
            return _task_record(found, owner.name)

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
        moment = now if at is None else at
        self._not_future(moment, now, "start")
        clean_note = validation.note(note)
        with self._write() as (session, user_id):
            target = self._require_project(session, user_id, project)
            if target.archived:
                raise UserError(
                    f"The project {target.name!r} is archived; bring it back with: "
                    f"smfocus project edit {target.name!r} --unarchive."
                )
            chosen = self._task_for(session, target, task, category)
            running = self._running(session, user_id)
            stopped = None
            if running is not None:
                if moment <= running.started_at:
                    raise ConflictError(
                        f"Entry #{running.id} has been running since "
                        f"{iso(running.started_at, self.tz)}; a new start must come after that."
                    )
                running.ended_at = moment
                session.flush()
                stopped = self._record(session, running)
            else:
                self._refuse_overlap(session, user_id, moment, None, exclude=None)
            entry = TimeEntry(
                user_id=user_id,
                project_id=target.id,
                task_id=chosen.id if chosen else None,
                started_at=moment,
                ended_at=None,
                note=clean_note,
                source=source,
            )
            session.add(entry)
            session.flush()
            return StartResult(started=self._record(session, entry), stopped=stopped)

    def stop(self, *, at: int | None = None) -> EntryRecord:
        now = self.clock.now()
        moment = now if at is None else at
        self._not_future(moment, now, "stop")
        with self._write() as (session, user_id):
            running = self._running(session, user_id)
            if running is None:
                raise UserError("Nothing is running; start with: smfocus start PROJECT [TASK].")
            if moment <= running.started_at:
                raise UserError(
                    f"The entry started at {iso(running.started_at, self.tz)}; "
                    "the stop time must come after that."
                )
            running.ended_at = moment
            session.flush()
            return self._record(session, running)

    def cancel(self) -> EntryRecord:
        """Forget the running entry, as if it had never been started."""
        with self._write() as (session, user_id):
            running = self._running(session, user_id)
            if running is None:
                raise UserError("Nothing is running, so there is nothing to cancel.")
            record = self._record(session, running)
            session.delete(running)
            return record

    def status(self) -> Status:
        now = self.clock.now()
        with self._read() as (session, user_id):
            if user_id is None:
                return Status(running=None, now=now)
            running = self._running(session, user_id)
            return Status(
                running=self._record(session, running) if running is not None else None, now=now
            )

    def interrupt(
        self, *, kind: str = "internal", note: str | None = None, at: int | None = None
    ) -> InterruptionRecord:
        if kind not in ("internal", "external"):
            raise UserError(f"{kind!r} is not a kind of interruption; use internal or external.")
        now = self.clock.now()
        moment = now if at is None else at
        clean_note = validation.note(note)
        with self._write() as (session, user_id):
            running = self._running(session, user_id)
            if running is None:
                raise UserError("Nothing is running, so there is nothing to interrupt.")
            if moment < running.started_at or moment > now + FUTURE_TOLERANCE:
                raise UserError("An interruption must fall inside the running entry.")
            row = Interruption(entry_id=running.id, at=moment, kind=kind, note=clean_note)
            session.add(row)
            session.flush()
            return InterruptionRecord(row.id, row.entry_id, row.at, row.kind, row.note)

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
        _ordered(start, end, self.tz)
        self._not_future(end, now, "end")
        clean_note = validation.note(note)
        with self._write() as (session, user_id):
            target = self._require_project(session, user_id, project)
            chosen = self._task_for(session, target, task, category)
            self._refuse_overlap(session, user_id, start, end, exclude=None)
            entry = TimeEntry(
                user_id=user_id,
                project_id=target.id,
                task_id=chosen.id if chosen else None,
                started_at=start,
                ended_at=end,
                note=clean_note,
                source=source,
            )
            session.add(entry)
            session.flush()
            return self._record(session, entry)

    def edit(
        self,
        entry_id: int,
        *,
        project: str | None = None,
        task: str | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | None = None,
    ) -> EntryRecord:
        now = self.clock.now()
        clean_note = validation.note(note) if note is not None else None
        with self._write() as (session, user_id):
            entry = self._require_entry(session, user_id, entry_id)
            new_start = entry.started_at if start is None else start
            new_end = entry.ended_at if end is None else end
            if new_end is not None:
                _ordered(new_start, new_end, self.tz)
                self._not_future(new_end, now, "end")
            else:
                self._not_future(new_start, now, "start")
            if project is not None or task is not None:
                owner = (
                    self._require_project(session, user_id, project)
                    if project is not None
                    else session.get_one(Project, entry.project_id)
                )
                chosen = self._task_for(session, owner, task, None)
                if chosen is None and project is not None and entry.task_id is not None:
                    # Moving to another project without naming a task keeps the task's
                    # name if the target has one of that name, else drops the task.
                    old = session.get_one(Task, entry.task_id)
                    chosen = self._task_for(session, owner, old.name, None)
                entry.project_id = owner.id
                entry.task_id = chosen.id if chosen is not None else None
            self._refuse_overlap(session, user_id, new_start, new_end, exclude=entry.id)
            entry.started_at = new_start
            entry.ended_at = new_end
            if note is not None:
                entry.note = clean_note
            session.flush()
            return self._record(session, entry)

    def delete(self, entry_id: int) -> EntryRecord:
        with self._write() as (session, user_id):
            entry = self._require_entry(session, user_id, entry_id)
            record = self._record(session, entry)
            session.delete(entry)
            return record

    def entry(self, entry_id: int) -> EntryRecord:
        with self._read() as (session, user_id):
            if user_id is None:
                raise NotFoundError(
                    f"There is no entry #{entry_id}; see the ids with: smfocus log."
                )
            return self._record(session, self._require_entry(session, user_id, entry_id))

    def log(
        self, *, start: int | None = None, end: int | None = None, project: str | None = None
    ) -> list[EntryRecord]:
        """Entries that touch [start, end), oldest first."""
        with self._read() as (session, user_id):
            if user_id is None:
                if project is not None:
                    raise NotFoundError(f"There is no project named {project!r}.")
                return []
            query = self._entries_query().where(TimeEntry.user_id == user_id)
            if start is not None:
                # The only entry that can start before the window and reach into it is
                # the last one that starts before it: entries never overlap.
                seek = session.scalar(
                    select(TimeEntry.started_at)
                    .where(TimeEntry.user_id == user_id, TimeEntry.started_at < start)
                    .order_by(TimeEntry.started_at.desc())
                    .limit(1)
                )
                query = query.where(TimeEntry.started_at >= (seek if seek is not None else start))
                query = query.where((TimeEntry.ended_at.is_(None)) | (TimeEntry.ended_at > start))
            if end is not None:
                query = query.where(TimeEntry.started_at < end)
            if project is not None:
                owner = self._require_project(session, user_id, project)
                query = query.where(TimeEntry.project_id == owner.id)
            rows = session.execute(query.order_by(TimeEntry.started_at))
            return [_entry_from_row(e, p, t, c) for e, p, t, c in rows.tuples()]

    def report(
        self, *, start: int | None = None, end: int | None = None, by: str = "project"
    ) -> Report:
        """Seconds per group over [start, end); defaults: from the first entry to now."""
        if by not in REPORT_BY:
            raise UserError(f"Cannot group by {by!r}; use one of {', '.join(REPORT_BY)}.")
        now = self.clock.now()
        stop = now if end is None else end
        with self._read() as (session, user_id):
            if user_id is None:
                return Report(start=start, end=stop, by=by, groups=())
            connection = session.connection()
            begin = start if start is not None else reports.first_start(connection, user_id)
            if begin is None:
                return Report(start=None, end=stop, by=by, groups=())
            window = reports.Window(user_id=user_id, start=begin, end=stop, now=now)
            key = by if by in reports.KEYS else None
            period = None if key is not None else by
            raw = reports.totals(connection, window, self.tz, key, period)
            groups = self._name_groups(session, raw, by)
        if period is None:
            groups.sort(key=lambda group: (-group.seconds, group.key))
        else:
            groups.sort(key=lambda group: group.key)
        return Report(start=begin, end=stop, by=by, groups=tuple(groups))

    def _name_groups(
        self, session: Session, raw: dict[tuple[int | None, str | None], int], by: str
    ) -> list[ReportGroup]:
        merged: dict[str, int] = {}
        if by == "project":
            names = dict(session.execute(select(Project.id, Project.name)).tuples().all())
            for (ident, _), seconds in raw.items():
                label = names.get(ident, "?") if ident is not None else "?"
                merged[label] = merged.get(label, 0) + seconds
        elif by in ("task", "category"):
            rows = session.execute(
                select(Task.id, Project.name, Task.name, Task.category).join(
                    Project, Task.project_id == Project.id
                )
            ).tuples()
            tasks = {ident: (project, name, category) for ident, project, name, category in rows}
            for (ident, _), seconds in raw.items():
                project, name, category = tasks.get(ident, ("", NO_TASK, None))  # type: ignore[arg-type]
                label = (
                    f"{project} / {name}"
                    if by == "task" and ident is not None
                    else NO_TASK
                    if by == "task"
                    else category or NO_CATEGORY
                )
                merged[label] = merged.get(label, 0) + seconds
        else:
            for (_, period_label), seconds in raw.items():
                assert period_label is not None
                merged[period_label] = merged.get(period_label, 0) + seconds
        return [ReportGroup(key=label, seconds=seconds) for label, seconds in merged.items()]

    # -- helpers --------------------------------------------------------------

    def _not_future(self, moment: int, now: int, what: str) -> None:
        if moment > now + FUTURE_TOLERANCE:
            raise UserError(
                f"The {what} time {iso(moment, self.tz)} is in the future; give a time up to now."
            )

    def _running(self, session: Session, user_id: int) -> TimeEntry | None:
        return session.scalar(
            select(TimeEntry).where(TimeEntry.user_id == user_id, TimeEntry.ended_at.is_(None))
        )

    def _require_entry(self, session: Session, user_id: int, entry_id: int) -> TimeEntry:
        entry = session.get(TimeEntry, entry_id)
        if entry is None or entry.user_id != user_id:
            raise NotFoundError(f"There is no entry #{entry_id}; see the ids with: smfocus log.")
        return entry

    def _refuse_overlap(
        self, session: Session, user_id: int, start: int, end: int | None, exclude: int | None
    ) -> None:
        """Refuse [start, end) if it overlaps another entry of the user.

        Stored entries never overlap, so they are ordered by end as well as by
        start: the only candidate is the last entry starting before ``end``
        (an index seek), plus, for an open interval, any entry at all after
        ``start``.
        """
        query = select(TimeEntry).where(TimeEntry.user_id == user_id)
        if exclude is not None:
            query = query.where(TimeEntry.id != exclude)
        if end is not None:
            query = query.where(TimeEntry.started_at < end)
        candidate = session.scalar(query.order_by(TimeEntry.started_at.desc()).limit(1))
        if candidate is None:
            return
        candidate_end = candidate.ended_at
        if candidate_end is None or candidate_end > start:
            record = self._record(session, candidate)
            until = iso(candidate_end, self.tz) if candidate_end is not None else "now (running)"
            raise ConflictError(
                f"That overlaps entry #{record.id} ({record.project}"
                f"{' / ' + record.task if record.task else ''}, "
                f"{iso(record.started_at, self.tz)} to {until}); change the times or edit "
                f"that entry first."
            )

    @staticmethod
    def _entries_query() -> Select[TimeEntry, str, str, str | None]:
        task = aliased(Task)
        return (
            select(TimeEntry, Project.name, task.name, task.category)
            .join(Project, TimeEntry.project_id == Project.id)
            .outerjoin(task, TimeEntry.task_id == task.id)
        )

    def _record(self, session: Session, entry: TimeEntry) -> EntryRecord:
        project = session.get_one(Project, entry.project_id)
        task = session.get(Task, entry.task_id) if entry.task_id is not None else None
        return _entry_from_row(
            entry, project.name, task.name if task else None, task.category if task else None
        )


def _entry_from_row(
    entry: TimeEntry, project: str, task: str | None, category: str | None
) -> EntryRecord:
    return EntryRecord(
        id=entry.id,
        project=project,
        task=task,
        category=category,
        started_at=entry.started_at,
        ended_at=entry.ended_at,
        note=entry.note,
        source=entry.source,
    )


def _project_record(project: Project) -> ProjectRecord:
    return ProjectRecord(
        id=project.id,
        name=project.name,
        colour=project.colour,
        rate_cents=project.rate_cents,
        currency=project.currency,
        value_cents=project.value_cents,
        value_per=project.value_per or "month",
        priority=project.priority if project.priority is not None else 3,
        archived=bool(project.archived),
    )


def _task_record(task: Task, project: str) -> TaskRecord:
    return TaskRecord(
        id=task.id,
        project=project,
        name=task.name,
        category=task.category,
        estimate_pomodoros=task.estimate_pomodoros,
        done=bool(task.done),
    )


def _project_fields(
    *,
    colour: str | None,
    rate: str | None,
    currency: str | None,
    value: str | None,
    value_per: str | None,
    priority: str | None,
) -> dict[str, object]:
    fields: dict[str, object] = {}
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
            f"The end {iso(end, tz)} is not after the start {iso(start, tz)}; "
            "give an end later than the start."
        )


def _integrity_message(error: sa_exc.IntegrityError) -> UserError:
    text_ = str(error.orig).lower()
    if "one_running" in text_ or "time_entries.user_id" in text_:
        return ConflictError(
            "Another entry started running at the same moment; check smfocus status."
        )
    if "ends_after_start" in text_:
        return UserError("An entry must end after it starts.")
    if "name" in text_ and "unique" in text_:
        return ConflictError("That name is already taken; choose another.")
    return ConflictError(
        f"The change breaks a rule of the database ({error.orig}); nothing was saved."
    )
