"""The unit of work: one transaction for one person, and the lookups every use
case shares inside it. The tracker, the timer, the insights and the importers
compose their work through these instead of through each other's internals.

``write_unit`` begins with ``BEGIN IMMEDIATE`` on SQLite (and locks the user's
row on PostgreSQL), so a check and the write that follows are atomic with
respect to every other smfocus process. ``read_unit`` is a deferred read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy import Connection, insert, select, update
from sqlalchemy import exc as sa_exc

from smfocus.core import fmt, validation
from smfocus.core.focus import FocusSettings
from smfocus.core.i18n import _
from smfocus.core.records import EntryRecord, ProjectRecord
from smfocus.core.usertext import shown
from smfocus.errors import ConflictError, Fix, NotFoundError, UserError
from smfocus.store import server
from smfocus.store.database import Store, translate_errors
from smfocus.store.rows import (
    ENTRY_SELECT,
    AnyRow,
    entry_record,
    new_id,
    project_record,
    read_settings,
)
from smfocus.store.tables import pomodoro_phases, projects, tasks, time_entries, users

__all__ = ["CLOCK_BEHIND", "ReadUnit", "Unit", "read_unit", "write_unit"]

CLOCK_BEHIND = 60  # the clock is this far behind the newest stored time: say so

E, P, T = time_entries.c, projects.c, tasks.c


@dataclass(frozen=True)
class ReadUnit:
    """A read transaction; ``user_id`` is None for a person with no rows yet."""

    connection: Connection
    user_id: int | None
    tz: tzinfo
    now: int

    def running(self) -> AnyRow | None:
        return self.connection.execute(
            select(E.id, E.started_at).where(E.user_id == self.user_id, E.ended_at.is_(None))
        ).first()

    def entry(self, entry_id: int) -> EntryRecord:
        row = self.connection.execute(ENTRY_SELECT.where(E.id == entry_id)).one()
        return entry_record(row._mapping)

    def require_entry(self, entry_id: int) -> AnyRow:
        entry = self.connection.execute(
            select(E.id, E.project_id, E.task_id, E.started_at, E.ended_at).where(
                E.id == entry_id, E.user_id == self.user_id
            )
        ).first()
        if entry is None:
            raise NotFoundError(
                _("There is no entry #{entry}.").format(entry=entry_id), Fix("see_ids")
            )
        return entry

    def label(self, entry_id: int) -> str:
        entry = self.entry(entry_id)
        return f"{entry.project} / {entry.task}" if entry.task else entry.project

    def project(self, project_id: int) -> ProjectRecord:
        row = self.connection.execute(select(projects).where(P.id == project_id)).one()
        return project_record(row._mapping)

    def find_project(self, name: str) -> AnyRow | None:
        key = validation.name_key(" ".join(name.split()))
        return self.connection.execute(
            select(P.id, P.name, P.archived).where(P.user_id == self.user_id, P.name_key == key)
        ).first()

    def require_project(self, name: str) -> AnyRow:
        project = self.find_project(name)
        if project is not None:
            return project
        import difflib  # only on this error path

        known = self.connection.scalars(select(P.name).where(P.user_id == self.user_id)).all()
        close = difflib.get_close_matches(name, known, n=1)
        sentence = (
            _("There is no project named {project}; did you mean {close}?").format(
                project=shown(name), close=shown(close[0])
            )
            if close
            else _("There is no project named {project}.").format(project=shown(name))
        )
        try:  # creating it is worth suggesting only when it could be created
            validation.name(name, "project")
        except UserError:
            raise NotFoundError(sentence) from None
        raise NotFoundError(sentence, Fix("add_project", project=name))

    def require_active_project(self, name: str) -> AnyRow:
        """The named project, refused while archived: no time goes to an archived project."""
        target = self.require_project(name)
        if target.archived:
            raise UserError(
                _("The project {project} is archived.").format(project=shown(target.name)),
                Fix("unarchive", project=target.name),
            )
        return target

    def settings(self) -> FocusSettings:
        return read_settings(self.connection, self.user_id)

    def clock_behind(self, now: int | None = None) -> int:
        """Seconds by which the newest stored time is ahead of ``now`` (the unit's by
        default); 0 when that is under CLOCK_BEHIND. Entries never overlap, so the
        newest is on the last one."""
        moment = self.now if now is None else now
        phases = pomodoro_phases.c
        newest = 0
        entry = self.connection.execute(
            select(E.started_at, E.ended_at)
            .where(E.user_id == self.user_id)
            .order_by(E.started_at.desc())
            .limit(1)
        ).first()
        phase = self.connection.execute(
            select(phases.started_at, phases.ended_at)
            .where(phases.user_id == self.user_id)
            .order_by(phases.started_at.desc())
            .limit(1)
        ).first()
        for row in (entry, phase):
            if row is not None:
                newest = max(newest, row.started_at, row.ended_at or 0)
        behind = newest - moment
        return behind if behind > CLOCK_BEHIND else 0


@dataclass(frozen=True)
class Unit(ReadUnit):
    """A write transaction: the user's row exists and is locked."""

    user_id: int

    def set_end(self, entry_id: int, moment: int) -> None:
        self.connection.execute(
            update(time_entries).where(E.id == entry_id).values(ended_at=moment)
        )

    def task_id(self, project_id: int, task: str | None, category: str | None) -> int | None:
        """The named task of the project, created on first use; None for no task."""
        clean_category = validation.name(category, "category") if category is not None else None
        if task is None:
            if clean_category is not None:
                raise UserError(_("A category belongs to a task; name the task too."))
            return None
        clean = validation.name(task, "task")
        key = validation.name_key(clean)
        found = self.connection.scalar(
            select(T.id).where(T.project_id == project_id, T.name_key == key)
        )
        if found is None:
            created = self.connection.execute(
                insert(tasks).values(
                    project_id=project_id,
                    name=clean,
                    name_key=key,
                    category=clean_category,
                    created_at=self.now,
                )
            )
            return new_id(created)
        if clean_category is not None:
            self.connection.execute(
                update(tasks).where(T.id == found).values(category=clean_category)
            )
        return int(found)

    def refuse_overlap(self, start: int, end: int | None, exclude: int | None) -> None:
        """Refuse [start, end) if it overlaps another entry of the user.

        Stored entries never overlap, so sorted by start they are sorted by end
        too: the only candidate is the last entry starting before ``end`` (one
        index seek), or the very last entry for an open interval.
        """
        query = select(E.id, E.ended_at).where(E.user_id == self.user_id)
        if exclude is not None:
            query = query.where(E.id != exclude)
        if end is not None:
            query = query.where(E.started_at < end)
        candidate = self.connection.execute(query.order_by(E.started_at.desc()).limit(1)).first()
        if candidate is None:
            return
        if candidate.ended_at is None or candidate.ended_at > start:
            other = self.entry(candidate.id)
            late = (other.ended_at or other.started_at) > self.now
            if other.ended_at is None:
                # Whole sentences: a translation cannot glue the clause on.
                sentence = (
                    _(
                        "That overlaps entry #{entry} ({label}, {start} to now (running)), "
                        "which ends after the clock's now: check the system clock; change "
                        "the times or edit that entry first."
                    )
                    if late
                    else _(
                        "That overlaps entry #{entry} ({label}, {start} to now (running)); "
                        "change the times or edit that entry first."
                    )
                )
            else:
                sentence = (
                    _(
                        "That overlaps entry #{entry} ({label}, {start} to {end}), which ends "
                        "after the clock's now: check the system clock; change the times or "
                        "edit that entry first."
                    )
                    if late
                    else _(
                        "That overlaps entry #{entry} ({label}, {start} to {end}); change the "
                        "times or edit that entry first."
                    )
                )
            until = fmt.moment(other.ended_at, self.tz) if other.ended_at is not None else ""
            raise ConflictError(
                sentence.format(
                    entry=other.id,
                    label=fmt.label(other.project, other.task),
                    start=fmt.moment(other.started_at, self.tz),
                    end=until,
                )
            )


@contextmanager
def write_unit(store: Store, user_name: str, now: int, tz: tzinfo) -> Iterator[Unit]:
    """One write transaction for ``user_name``, whose row is created on first use."""
    with translate_errors(store.path), store.engine.connect() as connection:
        try:
            with connection.begin():
                user_id = _lock_user(connection, user_name, now)
                yield Unit(connection, user_id, tz, now)
        except sa_exc.IntegrityError as error:
            raise _integrity_message(error) from None


@contextmanager
def read_unit(store: Store, user_name: str, now: int, tz: tzinfo) -> Iterator[ReadUnit]:
    """One read-only transaction for ``user_name``."""
    with (
        translate_errors(store.path),
        store.readonly_engine.connect() as connection,
        connection.begin(),
    ):
        found = connection.scalar(select(users.c.id).where(users.c.name == user_name))
        yield ReadUnit(connection, int(found) if found is not None else None, tz, now)


def _lock_user(connection: Connection, user_name: str, now: int) -> int:
    # FOR UPDATE serialises this user's writers on PostgreSQL; SQLite's
    # BEGIN IMMEDIATE already did, and SQLAlchemy drops the clause there.
    found = connection.scalar(
        select(users.c.id).where(users.c.name == user_name).with_for_update()
    )
    if found is not None:
        return int(found)
    created = connection.execute(
        insert(users).values(name=user_name, created_at=now, channel_key=server.new_channel_key())
    )
    return new_id(created)


def _integrity_message(error: sa_exc.IntegrityError) -> UserError:
    text_ = str(error.orig).lower()
    if "one_running" in text_ or "time_entries.user_id" in text_:
        return ConflictError(_("Another entry started running at the same moment."), Fix("status"))
    if "ends_after_start" in text_:
        return UserError(_("An entry must end after it starts."))
    if "name" in text_ and "unique" in text_:
        return ConflictError(_("That name is already taken; choose another."))
    return ConflictError(
        _("The change breaks a rule of the database ({reason}); nothing was saved.").format(
            reason=error.orig
        )
    )
