"""Away periods: time the user was idle, asleep or locked out while an entry ran.

A period is written as soon as the app sees the user gone, from the moment the
idleness began, so a crash or a kill loses nothing; it stays pending until the
user says what the time was. Every answer but *keep* changes entries, and is
journaled like any timeline change, so ``smfocus undo`` takes it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from sqlalchemy import delete, insert, select, update

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.errors import Fix, NotFoundError, UserError
from smfocus.store import journal
from smfocus.store.tables import away_periods, pomodoro_phases, projects, tasks, time_entries
from smfocus.store.unit import ReadUnit, Unit
from smfocus.tracker import Tracker

__all__ = ["Answer", "Away", "AwayPeriod", "Reason"]

A, E, P, T = away_periods.c, time_entries.c, projects.c, tasks.c
PH = pomodoro_phases.c


class Reason(StrEnum):
    IDLE = "idle"
    SLEEP = "sleep"
    LOCK = "lock"


class Answer(StrEnum):
    KEEP = "keep"  # it was work
    DISCARD = "discard"  # cut it out: the entry is split around the gap
    STOP = "stop"  # the work ended when the user left
    ASSIGN = "assign"  # it was work on another task (a call, a meeting)


@dataclass(frozen=True)
class AwayPeriod:
    id: int
    entry_id: int
    started_at: int
    ended_at: int | None  # None: the user is still away
    reason: str
    project: str
    task: str | None

    def seconds(self, now: int) -> int:
        return max(0, (self.ended_at if self.ended_at is not None else now) - self.started_at)

    def question(self, now: int, tz: tzinfo) -> str:
        """The question put to the user, in their words."""
        end = self.ended_at if self.ended_at is not None else now
        return _("Away {start}–{end} ({minutes} min) during {label}").format(
            start=fmt.clock(self.started_at, tz),
            end=fmt.clock(end, tz),
            minutes=max(1, round(self.seconds(now) / 60)),
            label=fmt.label(self.project, self.task),
        )


class Away:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def begin(self, since: int, reason: Reason = Reason.IDLE) -> AwayPeriod | None:
        """Record that the user has been gone since ``since`` while an entry runs;
        None when nothing runs. An open period already recorded is returned as is."""
        with self.tracker.write() as unit:
            running = unit.running()
            if running is None:
                return None
            open_ = unit.connection.scalar(
                select(A.id).where(
                    A.user_id == unit.user_id, A.resolution.is_(None), A.ended_at.is_(None)
                )
            )
            if open_ is not None:
                return _period(unit, int(open_))
            start = min(max(since, running.started_at), unit.now)
            created = unit.connection.execute(
                insert(away_periods).values(
                    user_id=unit.user_id,
                    entry_id=running.id,
                    started_at=start,
                    reason=str(reason),
                )
            )
            key = created.inserted_primary_key
            assert key is not None
            return _period(unit, int(key[0]))

    def back(self, at: int | None = None) -> AwayPeriod | None:
        """The user is back: close the open period at ``at`` (now by default)."""
        with self.tracker.write() as unit:
            open_ = unit.connection.scalar(
                select(A.id).where(
                    A.user_id == unit.user_id, A.resolution.is_(None), A.ended_at.is_(None)
                )
            )
            if open_ is None:
                return None
            moment = unit.now if at is None else at
            start = int(unit.connection.scalar(select(A.started_at).where(A.id == open_)) or 0)
            unit.connection.execute(
                update(away_periods).where(A.id == open_).values(ended_at=max(moment, start))
            )
            return _period(unit, int(open_))

    def pending(self) -> list[AwayPeriod]:
        """Periods waiting for an answer, oldest first."""
        with self.tracker.read() as unit:
            if unit.user_id is None:
                return []
            ids = unit.connection.scalars(
                select(A.id)
                .where(A.user_id == unit.user_id, A.resolution.is_(None))
                .order_by(A.started_at, A.id)
            ).all()
            return [_period(unit, ident) for ident in ids]

    def resolve(
        self,
        answer: Answer,
        period_id: int | None = None,
        *,
        project: str | None = None,
        task: str | None = None,
    ) -> AwayPeriod:
        """Answer the oldest pending period, or ``period_id``."""
        if answer is Answer.ASSIGN and project is None:
            raise UserError(_("Say whose time it was."), fix=Fix("away_assign"))
        with self.tracker.write() as unit:
            period = self._find(unit, period_id)
            end = period.ended_at if period.ended_at is not None else unit.now
            if answer is not Answer.KEEP:
                self._apply(unit, period, end, answer, project, task)
            unit.connection.execute(
                update(away_periods)
                .where(A.id == period.id)
                .values(resolution=str(answer), resolved_at=unit.now, ended_at=end)
            )
            return AwayPeriod(
                period.id, period.entry_id, period.started_at, end, period.reason,
                period.project, period.task,
            )  # fmt: skip

    def _find(self, unit: Unit, period_id: int | None) -> AwayPeriod:
        query = select(A.id).where(A.user_id == unit.user_id, A.resolution.is_(None))
        if period_id is not None:
            query = query.where(A.id == period_id)
        found = unit.connection.scalar(query.order_by(A.started_at, A.id).limit(1))
        if found is None:
            if period_id is not None:
                raise NotFoundError(
                    _("There is no pending away period #{id}.").format(id=period_id),
                    fix=Fix("see_away"),
                )
            raise UserError(_("No away period is waiting for an answer."))
        return _period(unit, int(found))

    def _apply(
        self,
        unit: Unit,
        period: AwayPeriod,
        away_end: int,
        answer: Answer,
        project: str | None,
        task: str | None,
    ) -> None:
        row = unit.require_entry(period.entry_id)
        entry_end = row.ended_at  # None: still running
        gap_start = max(period.started_at, row.started_at)
        gap_end = away_end if entry_end is None else min(away_end, entry_end)
        tz = self.tracker.tz
        if gap_end <= gap_start and answer is not Answer.STOP:
            return  # the entry had already ended when the user left: nothing to cut
        before = journal.snapshot(unit, [row.id])
        label = _("{label}, away from {time}").format(
            label=fmt.label(period.project, period.task), time=fmt.moment(gap_start, tz)
        )
        created: list[int] = []
        keeps_tail = answer is not Answer.STOP and (entry_end is None or gap_end < entry_end)
        if gap_start > row.started_at:
            unit.set_end(row.id, gap_start)
            if keeps_tail:
                note = unit.connection.scalar(select(E.note).where(E.id == row.id))
                tail = _insert(unit, row.project_id, row.task_id, gap_end, entry_end, note)
                created.append(tail)
        elif keeps_tail:
            # Gone from the entry's first second: the entry itself becomes the tail.
            unit.connection.execute(
                update(time_entries).where(E.id == row.id).values(started_at=gap_end)
            )
        else:
            unit.connection.execute(delete(time_entries).where(E.id == row.id))
        if answer is Answer.ASSIGN:
            assert project is not None
            target = unit.require_active_project(project)
            task_id = unit.task_id(target.id, task, None)
            unit.refuse_overlap(gap_start, gap_end, exclude=None)
            created.append(_insert(unit, target.id, task_id, gap_start, gap_end, None))
        # The journal keeps the change's name as the user read it then: undo says it back.
        change = {
            Answer.DISCARD: _("discard of away time ({label})"),
            Answer.STOP: _("stop of away time ({label})"),
            Answer.ASSIGN: _("assign of away time ({label})"),
        }.get(answer, _("keep of away time ({label})"))
        journal.record(unit, change.format(label=label), before, created)
        _pomodoro_follows(unit, answer, gap_start, gap_end)


def _pomodoro_follows(unit: Unit, answer: Answer, gap_start: int, gap_end: int) -> None:
    """During a work phase, *discard* pauses the pomodoro for the time away (its
    end moves later by the gap) and *stop* ends it when the user left."""
    if answer not in (Answer.DISCARD, Answer.STOP):
        return
    phase = unit.connection.execute(
        select(PH.id, PH.started_at, PH.ends_at).where(
            PH.user_id == unit.user_id,
            PH.ended_at.is_(None),
            PH.paused_at.is_(None),
            PH.kind == "work",
        )
    ).first()
    if phase is None or phase.started_at > gap_start:
        return
    if answer is Answer.DISCARD:
        unit.connection.execute(
            update(pomodoro_phases)
            .where(PH.id == phase.id)
            .values(ends_at=phase.ends_at + (gap_end - gap_start))
        )
    else:
        unit.connection.execute(
            update(pomodoro_phases)
            .where(PH.id == phase.id)
            .values(ended_at=gap_start, outcome="stopped")
        )


def _insert(
    unit: Unit, project_id: int, task_id: int | None, start: int, end: int | None, note: str | None
) -> int:
    created = unit.connection.execute(
        insert(time_entries).values(
            user_id=unit.user_id,
            project_id=project_id,
            task_id=task_id,
            started_at=start,
            ended_at=end,
            note=note,
            source="app",
        )
    )
    key = created.inserted_primary_key
    assert key is not None
    return int(key[0])


def _period(unit: ReadUnit, period_id: int) -> AwayPeriod:
    row = unit.connection.execute(
        select(A.id, A.entry_id, A.started_at, A.ended_at, A.reason, P.name, T.name.label("task"))
        .select_from(
            away_periods.join(time_entries, E.id == A.entry_id)
            .join(projects, P.id == E.project_id)
            .outerjoin(tasks, T.id == E.task_id)
        )
        .where(A.id == period_id)
    ).one()
    return AwayPeriod(
        row.id, row.entry_id, row.started_at, row.ended_at, row.reason, row.name, row.task
    )
