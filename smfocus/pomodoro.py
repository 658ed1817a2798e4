"""The timer's use cases: Pomodoro phases on top of the tracker, one transaction each.

The current phase is a row (``pomodoro_phases`` with ``ended_at IS NULL``), so
the tray, the CLI and a restarted app all see the same countdown. Tracking
follows the phases: a work phase runs a time entry on its task; a break, a
pause or a stop ends it.

Transitions that fall due (a phase whose end has passed) are applied by
``advance``, which the tray calls every second and every timer command calls
first. It is idempotent and catches up on any number of missed transitions,
each at its scheduled second, so a killed app loses nothing.

**Sleep rule.** When the app notices that the machine slept from ``since``
to ``until`` (a tick that came far later than asked):

1. a running time entry is ended at ``since``: sleep is never counted as work
   without asking;
2. a work phase whose end passed during the sleep ends at its scheduled time
   with outcome *slept* and nothing auto-starts; a work phase still due later
   is paused at ``since``; a break whose end passed ends at its scheduled time
   and does not auto-start work;
3. the user is asked whether the away time was work. *Yes* reopens the entry
   (running again, the phase resumed as if never paused); if the phase had
   ended, the entry runs to the phase's end and the pomodoro counts as
   completed. *No* leaves the entry cut at ``since`` and the phase paused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, func, insert, select, update

from smfocus.core.focus import FocusSettings, Kind, Outcome, Phase, break_after
from smfocus.core.i18n import _
from smfocus.core.localtime import day_start, local_date
from smfocus.core.records import EntryRecord, StartResult, StopResult
from smfocus.errors import Fix, UserError
from smfocus.store.rows import new_id, read_settings
from smfocus.store.tables import pomodoro_phases, projects, settings, tasks, time_entries
from smfocus.store.unit import ReadUnit, Unit
from smfocus.tracker import Tracker

PH, E = pomodoro_phases.c, time_entries.c
MAX_CATCH_UP = 500  # transitions applied in one call; a year of auto-cycling is far less


@dataclass(frozen=True, slots=True)
class Transition:
    """Something the user should hear about: a phase ended, or sleep was noticed."""

    ended: Phase
    outcome: Outcome
    next: Phase | None  # the phase that started at the same instant, if any
    # A running entry the phase's end could not end: it started after that end (a
    # clock set back) or would be longer than entry.max. It is left running.
    entry_kept: int | None = None


@dataclass(frozen=True, slots=True)
class AwayQuestion:
    """Was the time away work? Asked once the app notices the machine slept."""

    since: int
    until: int
    entry_id: int | None  # the entry cut at ``since``
    phase_id: int | None  # the work phase paused or ended by the sleep
    phase_ended: bool


@dataclass(frozen=True, slots=True)
class TimerState:
    now: int
    phase: Phase | None
    running: EntryRecord | None
    completed_today: int
    settings: FocusSettings
    last_task: tuple[str, str | None] | None = None  # to resume focus with one click
    transitions: tuple[Transition, ...] = field(default=())
    clock_behind: int = 0  # seconds the clock is behind the newest stored time (0: fine)
    # The running entry removed by this action: it had no time to keep (it began
    # after the clock's now, or within the current second).
    discarded: EntryRecord | None = None

    @property
    def remaining(self) -> int:
        return self.phase.remaining(self.now) if self.phase else 0


class Timer:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        # Every transition this timer's actions applied and committed, in order: a
        # command that caught up in passing (start, stop, a batch) fires their hooks.
        # A transition applied elsewhere (the tray) is closed in the database first,
        # so it is never here too.
        self.applied: list[Transition] = []
        self._pending: list[Transition] = []

    @contextmanager
    def _writing(self, now: int | None = None) -> Iterator[Unit]:
        """The tracker's write transaction; caught-up transitions count as applied
        only once it commits (a refused action rolls its catch-up back too)."""
        self._pending = []
        with self.tracker.write(now) as unit:
            yield unit
        self.applied.extend(self._pending)
        self._pending = []

    # -- reading --------------------------------------------------------------

    def settings(self) -> FocusSettings:
        with self.tracker.read() as unit:
            connection, user_id = unit.connection, unit.user_id
            return _settings(connection, user_id)

    def state(self) -> TimerState:
        now = self.tracker.clock.now()
        with self.tracker.read(now) as unit:
            return self._state(unit, now, ())

    def _state(
        self,
        unit: ReadUnit,
        now: int,
        transitions: tuple[Transition, ...],
    ) -> TimerState:
        connection, user_id = unit.connection, unit.user_id
        if user_id is None:
            return TimerState(now, None, None, 0, FocusSettings())
        running = unit.running()
        entry = unit.entry(running.id) if running is not None else None
        tz = self.tracker.tz
        today = day_start(local_date(now, tz), tz)
        tomorrow = day_start(local_date(now, tz) + timedelta(days=1), tz)
        completed = connection.scalar(
            select(func.count()).where(
                PH.user_id == user_id,
                PH.kind == Kind.WORK.value,
                PH.outcome == Outcome.COMPLETED.value,
                PH.ended_at >= today,
                PH.ended_at < tomorrow,
            )
        )
        return TimerState(
            now=now,
            phase=_current(connection, user_id),
            running=entry,
            completed_today=int(completed or 0),
            settings=_settings(connection, user_id),
            last_task=_last_task(connection, user_id),
            transitions=transitions,
            clock_behind=unit.clock_behind(now),
        )

    # -- settings -------------------------------------------------------------

    def set_setting(self, key: str, value: str) -> FocusSettings:
        return self.set_settings({key: value})

    def set_settings(self, changes: dict[str, str]) -> FocusSettings:
        """Write several settings in one transaction: all of them, or none."""
        updated = self.settings()
        for key, value in changes.items():
            updated = updated.with_value(key, value)  # validates before the transaction
        with self._writing() as unit:
            connection, user_id = unit.connection, unit.user_id
            for key in changes:
                stored = updated.text_of(key)
                exists = connection.scalar(
                    select(settings.c.key).where(
                        settings.c.user_id == user_id, settings.c.key == key
                    )
                )
                if exists is None:
                    connection.execute(
                        insert(settings).values(user_id=user_id, key=key, value=stored)
                    )
                else:
                    connection.execute(
                        update(settings)
                        .where(settings.c.user_id == user_id, settings.c.key == key)
                        .values(value=stored)
                    )
            return _settings(connection, user_id)

    # -- the cycle ------------------------------------------------------------

    def advance(self) -> TimerState:
        """Apply every transition that has fallen due; cheap when none has."""
        now = self.tracker.clock.now()
        with self.tracker.read(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            phase = _current(connection, user_id) if user_id is not None else None
            if phase is None or not phase.is_due(now):
                return self._state(unit, now, ())
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            done = self._catch_up(unit, now)
            return self._state(unit, now, tuple(done))

    def start(
        self, project: str | None = None, task: str | None = None, category: str | None = None
    ) -> TimerState:
        """Start focus on a task (default: the one last worked on).

        During a running work phase on another task this is a switch: the old
        entry ends, an interruption is logged, and the phase goes on.
        """
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            done = self._catch_up(unit, now)
            if project is None:
                last = _last_task(connection, user_id)
                if last is None:
                    raise UserError(_("Name what to focus on."), Fix("focus_on"))
                project, task = last
            current = _current(connection, user_id)
            if current is not None and current.kind is Kind.WORK and not current.paused:
                if _same_task(connection, user_id, current, project, task):
                    return self._state(unit, now, tuple(done))
                self._switch(unit, current, project, task, category, now)
                return self._state(unit, now, tuple(done))
            if current is not None:
                _finish(connection, current, now, Outcome.SKIPPED)
            previous = current or _last_phase(connection, user_id)
            self._begin_work(unit, project, task, category, now, previous)
            return self._state(unit, now, tuple(done))

    def start_break(self) -> TimerState:
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            done = self._catch_up(unit, now)
            current = _current(connection, user_id)
            if current is not None:
                raise UserError(_("A phase is running; skip it to move to the next one."))
            last = _last_phase(connection, user_id)
            count = last.work_count if last is not None else 0
            kind = break_after(count, _settings(connection, user_id))
            if last is not None and last.kind is not Kind.WORK:
                kind = Kind.SHORT_BREAK  # the long break after that count was given
            ended = self.tracker.stop_in(unit, now)
            _insert_phase(connection, user_id, kind, now, _settings(connection, user_id),
                          last, count)  # fmt: skip
            return self._after(unit, now, done, ended)

    def pause(self) -> TimerState:
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            done = self._catch_up(unit, now)
            current = _require_current(connection, user_id)
            if current.paused:
                raise UserError(_("The timer is already paused."), Fix("resume"))
            connection.execute(update(pomodoro_phases).where(PH.id == current.id)
                               .values(paused_at=now))  # fmt: skip
            ended = None
            if current.kind is Kind.WORK:
                ended = self.tracker.stop_in(unit, now)
            return self._after(unit, now, done, ended)

    def resume(self) -> TimerState:
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            current = _require_current(connection, user_id)
            if not current.paused or current.paused_at is None:
                raise UserError(_("The timer is not paused."))
            # A clock set back since the pause must not move the end before the start.
            shift = max(0, now - current.paused_at)
            self._resume(unit, current, now, shift=shift)
            done = self._catch_up(unit, now)
            return self._state(unit, now, tuple(done))

    def phase(self, phase_id: int) -> Phase | None:
        """One phase of this user's as stored (ended ones carry their outcome)."""
        with self.tracker.read() as unit:
            row = unit.connection.execute(
                _PHASE_SELECT.where(PH.id == phase_id, PH.user_id == unit.user_id)
            ).first()
        return _phase_from(row._mapping) if row is not None else None

    def skip(self) -> TimerState:
        """End the current phase now and start the next one, whatever auto-start says."""
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            done = self._catch_up(unit, now)
            current = _require_current(connection, user_id)
            _finish(connection, current, now, Outcome.SKIPPED)
            config = _settings(connection, user_id)
            ended = None
            if current.kind is Kind.WORK:
                ended = self.tracker.stop_in(unit, now)
                # A skipped pomodoro earns no long break: that one belongs to the
                # completed pomodoro that reached the count, and was given then.
                _insert_phase(connection, user_id, Kind.SHORT_BREAK, now, config, current,
                              current.work_count)  # fmt: skip
            elif current.project is not None:
                self._begin_work(unit, current.project, current.task, None, now,
                                 current)  # fmt: skip
            return self._after(unit, now, done, ended)

    def stop(self) -> TimerState:
        """End the cycle and any tracking. A phase whose end had passed is applied
        first (its transition is in the state), which alone counts as something done."""
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            done = self._catch_up(unit, now)
            current = _current(connection, user_id)
            stopped = self.tracker.stop_in(unit, now)
            if current is None and stopped is None and not done:
                raise UserError(_("Nothing is running."))
            if current is not None:
                _finish(connection, current, now, Outcome.STOPPED)
            return self._after(unit, now, done, stopped)

    def cancel(self) -> StopResult:
        """Forget the running entry; a work phase it belonged to is stopped."""
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            behind = unit.clock_behind(now)
            self._catch_up(unit, now)
            record = self.tracker.cancel_in(unit)
            current = _current(connection, user_id)
            if current is not None and current.kind is Kind.WORK:
                _finish(connection, current, now, Outcome.STOPPED)
            else:
                current = None
            return StopResult(record, removed=True, phase=current, clock_behind=behind)

    def stop_tracking(self, at: int | None = None) -> StopResult:
        """``smfocus stop``: the entry ends, and the timer with it."""
        now = self.tracker.clock.now()
        moment = self.tracker.moment_of(at, now, "stop")
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            behind = unit.clock_behind(now)
            self._catch_up(unit, now)
            stopped = self.tracker.stop_in(unit, moment)
            if stopped is None:
                raise UserError(_("Nothing is running."), Fix("start"))
            removed = stopped.ended_at == stopped.started_at
            current = _current(connection, user_id)
            if current is not None:
                _finish(connection, current, min(max(moment, current.started_at), now),
                        Outcome.STOPPED)  # fmt: skip
            return StopResult(stopped, removed=removed, phase=current, clock_behind=behind)

    def start_tracking(
        self,
        project: str,
        task: str | None = None,
        *,
        category: str | None = None,
        at: int | None = None,
        note: str | None = None,
        source: str = "cli",
    ) -> StartResult:
        """``smfocus start``: plain tracking, but a switch during a work phase is an
        interruption and the phase follows the new task."""
        now = self.tracker.clock.now()
        moment = self.tracker.moment_of(at, now, "start")
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            behind = unit.clock_behind(now)
            self._catch_up(unit, now)
            current = _current(connection, user_id)
            running = unit.running()
            result = self.tracker.start_in(
                unit, project, task,
                category=category, moment=moment, note=note, source=source,
            )  # fmt: skip
            if current is not None and current.kind is Kind.WORK and not current.paused:
                if running is not None and result.stopped is not None:
                    _log_switch(connection, running.id, moment, result.started.project,
                                result.started.task)  # fmt: skip
                _retarget(connection, current, result.started.project, result.started.task,
                          user_id)  # fmt: skip
            return replace(result, clock_behind=behind)

    def wake(self, since: int, until: int) -> AwayQuestion | None:
        """Apply the sleep rule (module docstring); None when nothing was tracked."""
        with self._writing() as unit:
            connection, user_id = unit.connection, unit.user_id
            current = _current(connection, user_id)
            running = unit.running()
            phase_id: int | None = None
            phase_ended = False
            if current is not None and not current.paused:
                if current.kind is Kind.WORK:
                    phase_id = current.id
                    if current.ends_at <= until:
                        _close(connection, current, current.ends_at, Outcome.SLEPT)
                        phase_ended = True
                    else:
                        connection.execute(
                            update(pomodoro_phases)
                            .where(PH.id == current.id)
                            .values(paused_at=max(since, current.started_at))
                        )
                elif current.ends_at <= until:
                    _close(connection, current, current.ends_at, Outcome.COMPLETED)
            entry_id: int | None = None
            if running is not None and running.started_at < since:
                kept = self._end_for_phase(unit, since)
                entry_id = running.id if kept is None else None
            elif running is not None:
                # Started after the last tick (clock jump): nothing slept in it.
                entry_id = None
            if entry_id is None and phase_id is None:
                return None
            return AwayQuestion(since, until, entry_id, phase_id, phase_ended)

    def answer_away(self, question: AwayQuestion, was_work: bool) -> TimerState:
        now = self.tracker.clock.now()
        with self._writing(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            if was_work:
                self._count_away(connection, user_id, question, now)
            done = self._catch_up(unit, now)
            return self._state(unit, now, tuple(done))

    # -- inside a transaction ---------------------------------------------------

    def _count_away(
        self, connection: Connection, user_id: int, question: AwayQuestion, now: int
    ) -> None:
        phase = _phase(connection, question.phase_id) if question.phase_id else None
        end: int | None = None  # NULL: the entry runs on
        if phase is not None and question.phase_ended:
            end = phase.ends_at
            connection.execute(
                update(pomodoro_phases).where(PH.id == phase.id)
                .values(outcome=Outcome.COMPLETED.value, work_count=phase.work_count + 1)
            )  # fmt: skip
        elif phase is not None and phase.paused:
            connection.execute(
                update(pomodoro_phases).where(PH.id == phase.id).values(paused_at=None)
            )
        if question.entry_id is None:
            return
        later = connection.scalar(
            select(E.id).where(
                E.user_id == user_id, E.started_at >= question.since, E.id != question.entry_id
            )
        )
        if later is not None:
            raise UserError(_("Other work was tracked since you came back."), Fix("add_away"))
        connection.execute(
            update(time_entries).where(E.id == question.entry_id).values(ended_at=end)
        )

    def _catch_up(self, unit: Unit, now: int) -> list[Transition]:
        connection, user_id = unit.connection, unit.user_id
        done: list[Transition] = []
        config = _settings(connection, user_id)
        for _step in range(MAX_CATCH_UP):
            current = _current(connection, user_id)
            if current is None or not current.is_due(now):
                break
            moment = current.ends_at
            if current.kind is Kind.WORK:
                count = current.work_count + 1
                _close(connection, current, moment, Outcome.COMPLETED, work_count=count)
                kept = self._end_for_phase(unit, moment)
                following = None
                if config.auto_start_breaks:
                    kind = break_after(count, config)
                    following = _insert_phase(connection, user_id, kind, moment, config, current,
                                              count)  # fmt: skip
                done.append(Transition(current, Outcome.COMPLETED, following, kept))
            else:
                _close(connection, current, moment, Outcome.COMPLETED)
                following = None
                if config.auto_start_work and current.project is not None:
                    following = self._auto_work(unit, current, moment)
                done.append(Transition(current, Outcome.COMPLETED, following))
        self._pending.extend(done)
        return done

    def _end_for_phase(self, unit: Unit, moment: int) -> int | None:
        """End the running entry where a work phase ended. Catching up must never
        fail, so an entry that cannot end there (it started at or after that
        moment, or would outgrow entry.max) is left running: its id is returned."""
        connection, user_id = unit.connection, unit.user_id
        running = unit.running()
        if running is None:
            return None
        limit = _settings(connection, user_id).entry_max
        if moment <= running.started_at or moment - running.started_at > limit:
            return int(running.id)
        unit.set_end(running.id, moment)
        return None

    def _auto_work(self, unit: Unit, previous: Phase, moment: int) -> Phase | None:
        """Work that starts on its own after a break, while catching up. Should its
        entry be refused (other time tracked since, a clock set back), the work
        phase is not started: catching up never fails."""
        connection = unit.connection
        assert previous.project is not None
        try:
            with connection.begin_nested():
                return self._begin_work(
                    unit, previous.project, previous.task, None, moment, previous
                )
        except UserError:
            return None

    def _after(
        self,
        unit: Unit,
        now: int,
        done: list[Transition],
        ended: EntryRecord | None,
    ) -> TimerState:
        """The state after an action that ended the running entry (``ended``)."""
        state = self._state(unit, now, tuple(done))
        if ended is not None and ended.ended_at == ended.started_at:
            return replace(state, discarded=ended)
        return state

    def _begin_work(
        self,
        unit: Unit,
        project: str,
        task: str | None,
        category: str | None,
        moment: int,
        previous: Phase | None,
    ) -> Phase:
        connection, user_id = unit.connection, unit.user_id
        running = unit.running()
        keep = running is not None and _entry_is(connection, running.id, project, task)
        if not keep:
            self.tracker.start_in(
                unit, project, task,
                category=category, moment=moment, note=None, source="pomodoro",
            )  # fmt: skip
        count = _carried_count(previous, moment, self.tracker)
        config = _settings(connection, user_id)
        phase = _insert_phase(connection, user_id, Kind.WORK, moment, config, None, count)
        _retarget(connection, phase, project, task, user_id)
        found = _phase(connection, phase.id)
        assert found is not None
        return found

    def _resume(self, unit: Unit, current: Phase, now: int, shift: int) -> None:
        connection = unit.connection
        connection.execute(
            update(pomodoro_phases).where(PH.id == current.id)
            .values(paused_at=None, ends_at=current.ends_at + shift)
        )  # fmt: skip
        if current.kind is Kind.WORK and current.project is not None:
            running = unit.running()
            if running is None or not _entry_is(connection, running.id, current.project,
                                                current.task):  # fmt: skip
                self.tracker.start_in(
                    unit, current.project, current.task,
                    category=None, moment=now, note=None, source="pomodoro",
                )  # fmt: skip

    def _switch(
        self,
        unit: Unit,
        current: Phase,
        project: str,
        task: str | None,
        category: str | None,
        now: int,
    ) -> None:
        connection, user_id = unit.connection, unit.user_id
        running = unit.running()
        result = self.tracker.start_in(
            unit, project, task,
            category=category, moment=now, note=None, source="pomodoro",
        )  # fmt: skip
        if running is not None and result.stopped is not None:
            _log_switch(connection, running.id, now, result.started.project, result.started.task)
        _retarget(connection, current, result.started.project, result.started.task, user_id)


# -- rows -------------------------------------------------------------------


_PHASE_SELECT = select(
    pomodoro_phases, projects.c.name.label("project"), tasks.c.name.label("task")
).select_from(
    pomodoro_phases.outerjoin(projects, projects.c.id == PH.project_id).outerjoin(
        tasks, tasks.c.id == PH.task_id
    )
)


def _phase_from(row: RowMapping) -> Phase:
    return Phase(
        id=row["id"],
        kind=Kind(row["kind"]),
        started_at=row["started_at"],
        ends_at=row["ends_at"],
        paused_at=row["paused_at"],
        duration=row["duration"],
        work_count=row["work_count"],
        project=row["project"],
        task=row["task"],
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
    )


def _current(connection: Connection, user_id: int) -> Phase | None:
    row = connection.execute(
        _PHASE_SELECT.where(PH.user_id == user_id, PH.ended_at.is_(None))
    ).first()
    return _phase_from(row._mapping) if row is not None else None


def _phase(connection: Connection, phase_id: int) -> Phase | None:
    row = connection.execute(_PHASE_SELECT.where(PH.id == phase_id)).first()
    return _phase_from(row._mapping) if row is not None else None


def _last_phase(connection: Connection, user_id: int) -> Phase | None:
    row = connection.execute(
        _PHASE_SELECT.where(PH.user_id == user_id).order_by(PH.started_at.desc(), PH.id.desc())
        .limit(1)
    ).first()  # fmt: skip
    return _phase_from(row._mapping) if row is not None else None


def _require_current(connection: Connection, user_id: int) -> Phase:
    current = _current(connection, user_id)
    if current is None:
        raise UserError(_("No pomodoro is running."), Fix("focus_start"))
    return current


def _finish(connection: Connection, phase: Phase, now: int, outcome: Outcome) -> None:
    """End a phase by a user's action at ``now``. A phase that starts after now (the
    clock was set back since) has no past: it is removed rather than ended before
    it began, which the database refuses."""
    if phase.started_at > now:
        connection.execute(delete(pomodoro_phases).where(PH.id == phase.id))
        return
    _close(connection, phase, now, outcome)


def _close(
    connection: Connection,
    phase: Phase,
    moment: int,
    outcome: Outcome,
    work_count: int | None = None,
) -> None:
    values: dict[str, Any] = {"ended_at": moment, "outcome": outcome.value}
    if phase.paused_at is not None:
        values["paused_at"] = None
    if work_count is not None:
        values["work_count"] = work_count
    connection.execute(update(pomodoro_phases).where(PH.id == phase.id).values(**values))


def _insert_phase(
    connection: Connection,
    user_id: int,
    kind: Kind,
    moment: int,
    config: FocusSettings,
    previous: Phase | None,
    work_count: int,
) -> Phase:
    length = config.duration_of(kind)
    project_id = task_id = None
    if previous is not None:
        ids = connection.execute(
            select(PH.project_id, PH.task_id).where(PH.id == previous.id)
        ).one()
        project_id, task_id = ids.project_id, ids.task_id
    created = connection.execute(
        insert(pomodoro_phases).values(
            user_id=user_id,
            kind=kind.value,
            project_id=project_id,
            task_id=task_id,
            started_at=moment,
            ends_at=moment + length,
            duration=length,
            work_count=work_count,
        )
    )
    found = _phase(connection, new_id(created))
    assert found is not None
    return found


def _retarget(
    connection: Connection, phase: Phase, project: str, task: str | None, user_id: int
) -> None:
    """Point the phase at the task the running entry now tracks."""
    running = connection.execute(
        select(E.project_id, E.task_id).where(E.user_id == user_id, E.ended_at.is_(None))
    ).first()
    if running is None:
        return
    connection.execute(
        update(pomodoro_phases).where(PH.id == phase.id)
        .values(project_id=running.project_id, task_id=running.task_id)
    )  # fmt: skip


def _log_switch(
    connection: Connection, entry_id: int, moment: int, project: str, task: str | None
) -> None:
    from smfocus.store.tables import interruptions

    # Not translated: the charts tell a switch from an interruption by this prefix
    # (analytics.SWITCH_PREFIX), whatever the language the note was written in.
    target = f"{project} / {task}" if task else project
    note = f"switched to {target}"
    connection.execute(
        insert(interruptions).values(entry_id=entry_id, at=moment, kind="internal", note=note)
    )


def _entry_is(connection: Connection, entry_id: int, project: str, task: str | None) -> bool:
    row = connection.execute(
        select(projects.c.name, tasks.c.name.label("task"))
        .select_from(time_entries.join(projects, projects.c.id == E.project_id)
                     .outerjoin(tasks, tasks.c.id == E.task_id))
        .where(E.id == entry_id)
    ).one()  # fmt: skip
    from smfocus.core.validation import name_key

    same_task = (row.task is None and task is None) or (
        row.task is not None and task is not None and name_key(row.task) == name_key(task)
    )
    return name_key(row.name) == name_key(project) and same_task


def _same_task(
    connection: Connection, user_id: int, phase: Phase, project: str, task: str | None
) -> bool:
    running = connection.execute(
        select(E.id).where(E.user_id == user_id, E.ended_at.is_(None))
    ).first()
    return running is not None and _entry_is(connection, running.id, project, task)


def _carried_count(previous: Phase | None, moment: int, tracker: Tracker) -> int:
    """Completed work phases so far in this cycle: a new day or a stop starts afresh."""
    if previous is None or previous.outcome is Outcome.STOPPED:
        return 0
    tz = tracker.tz
    if local_date(previous.started_at, tz) != local_date(moment, tz):
        return 0
    return previous.work_count


def _last_task(connection: Connection, user_id: int) -> tuple[str, str | None] | None:
    row = connection.execute(
        select(projects.c.name, tasks.c.name.label("task"))
        .select_from(time_entries.join(projects, projects.c.id == E.project_id)
                     .outerjoin(tasks, tasks.c.id == E.task_id))
        .where(E.user_id == user_id, projects.c.archived.is_(False))
        .order_by(E.started_at.desc())
        .limit(1)
    ).first()  # fmt: skip
    return (row.name, row.task) if row is not None else None


def _settings(connection: Connection, user_id: int | None) -> FocusSettings:
    return read_settings(connection, user_id)
