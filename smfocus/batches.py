"""Batch runs: the open tasks of one category ("scheduling posts") queued across
projects, most important project first, and worked back to back in
pomodoros, each task's time on its own project.

The batch and its queue are rows (store/tables.py), so a batch outlives a
killed or restarted app: ``batch next`` after a restart goes on where it was.
A step commits the batch's new position first and then starts the timer on
the task (the timer's own transaction): a crash between the two leaves the
batch pointing at a task the timer has not started, which ``batch next`` or
``pomodoro start`` repairs; never a timer running on a task the batch forgot.
Moving on during a running work phase is the timer's task switch, and is
logged as one.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, insert, select, update

from smfocus.core import validation
from smfocus.core.i18n import _
from smfocus.errors import ConflictError, Fix, UserError
from smfocus.store.rows import new_id
from smfocus.store.tables import batch_items, batches, projects, tasks, time_entries
from smfocus.store.unit import ReadUnit

if TYPE_CHECKING:
    from smfocus.pomodoro import Timer
    from smfocus.tracker import Tracker

B, I, P, T, E = batches.c, batch_items.c, projects.c, tasks.c, time_entries.c  # noqa: E741


class Outcome(Enum):
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Item:
    project: str
    client: str | None
    task: str
    outcome: str | None

    @property
    def label(self) -> str:
        return f"{self.client or self.project} / {self.task}"


@dataclass(frozen=True, slots=True)
class Summary:
    done: int
    skipped: int
    seconds_by_client: tuple[tuple[str, int], ...]  # client (or project), seconds


@dataclass(frozen=True, slots=True)
class BatchState:
    id: int
    category: str
    position: int  # 0-based index of the current item
    items: tuple[Item, ...]
    ended: bool
    summary: Summary | None = None

    @property
    def current(self) -> Item | None:
        return (
            None if self.ended or self.position >= len(self.items) else self.items[self.position]
        )

    @property
    def next(self) -> Item | None:
        following = self.position + 1
        return None if self.ended or following >= len(self.items) else self.items[following]

    @property
    def line(self) -> str:
        """``Batch 2/6 — now: Cafe / Menu posts — next: Bloom Florist / Schedule reels``
        (the tray's words, and the command line's)."""
        if self.ended:
            return _("Batch of {category} ended").format(category=self.category)
        place = {"position": self.position + 1, "count": len(self.items)}
        now, following = self.current, self.next
        if now is not None and following is not None:
            text = _("Batch {position}/{count} — now: {current} — next: {next}")
            return text.format(**place, current=now.label, next=following.label)
        if now is not None:
            return _("Batch {position}/{count} — now: {current}").format(
                **place, current=now.label
            )
        return _("Batch {position}/{count}").format(**place)


def _running_id(unit: ReadUnit) -> int | None:
    found = unit.connection.scalar(
        select(B.id).where(B.user_id == unit.user_id, B.ended_at.is_(None))
    )
    return int(found) if found is not None else None


def _state(unit: ReadUnit, batch_id: int, with_summary: bool = False) -> BatchState:
    batch = unit.connection.execute(select(batches).where(B.id == batch_id)).one()
    rows = unit.connection.execute(
        select(P.name, P.client, T.name.label("task"), I.outcome, I.task_id, I.position)
        .select_from(
            batch_items.join(tasks, T.id == I.task_id).join(projects, P.id == T.project_id)
        )
        .where(I.batch_id == batch_id)
        .order_by(I.position)
    ).all()
    items = tuple(Item(row.name, row.client, row.task, row.outcome) for row in rows)
    summary = None
    if with_summary:
        end = batch.ended_at if batch.ended_at is not None else unit.now
        summary = _summary(unit, [row.task_id for row in rows], batch.started_at, end, items)
    return BatchState(
        batch.id, batch.category, batch.position, items, batch.ended_at is not None, summary
    )


def _summary(
    unit: ReadUnit, task_ids: list[int], start: int, end: int, items: tuple[Item, ...]
) -> Summary:
    """Time on the batch's tasks between its start and end, per client."""
    per_client: dict[str, int] = defaultdict(int)
    if task_ids:
        rows = unit.connection.execute(
            select(E.started_at, E.ended_at, P.name, P.client)
            .join(projects, P.id == E.project_id)
            .where(
                E.user_id == unit.user_id,
                E.task_id.in_(task_ids),
                E.started_at < end,
                (E.ended_at.is_(None)) | (E.ended_at > start),
            )
        )
        for row in rows:
            stop = row.ended_at if row.ended_at is not None else unit.now
            seconds = min(stop, end) - max(row.started_at, start)
            if seconds > 0:
                per_client[row.client or row.name] += seconds
    ranked = tuple(sorted(per_client.items(), key=lambda pair: (-pair[1], pair[0].casefold())))
    return Summary(
        done=sum(1 for item in items if item.outcome == Outcome.DONE.value),
        skipped=sum(1 for item in items if item.outcome == Outcome.SKIPPED.value),
        seconds_by_client=ranked,
    )


def current(tracker: Tracker) -> BatchState | None:
    with tracker.read() as unit:
        if unit.user_id is None:
            return None
        found = _running_id(unit)
        return None if found is None else _state(unit, found)


def start(timer: Timer, category: str) -> BatchState:
    clean = validation.name(category, "category")
    key = clean.casefold()
    tracker = timer.tracker
    with tracker.write() as unit:
        running = _running_id(unit)
        if running is not None:
            state = _state(unit, running)
            raise ConflictError(
                _("A batch of {category} is running ({position}/{count}).").format(
                    category=repr(state.category),
                    position=state.position + 1,
                    count=len(state.items),
                ),
                fix=Fix("batch_go_on"),
            )
        rows = unit.connection.execute(
            select(T.id, T.category, P.priority, P.name, P.client)
            .join(projects, P.id == T.project_id)
            .where(*_open_categorised_tasks(unit.user_id))
        ).all()
        queue = sorted(
            (row for row in rows if row.category.casefold() == key),
            key=lambda row: (row.priority, (row.client or row.name).casefold(), row.id),
        )
        if not queue:
            raise UserError(
                _("No open task has the category {category}.").format(category=repr(clean)),
                fix=Fix("task_category"),
            )
        created = unit.connection.execute(
            insert(batches).values(user_id=unit.user_id, category=clean, started_at=unit.now)
        )
        batch_id = new_id(created)
        unit.connection.execute(
            insert(batch_items),
            [
                {"batch_id": batch_id, "position": index, "task_id": row.id}
                for index, row in enumerate(queue)
            ],
        )
        state = _state(unit, batch_id)
    _focus(timer, state)
    return state


def advance(timer: Timer, outcome: Outcome) -> BatchState:
    """The current task is done (or skipped): on to the next, or the batch ends."""
    tracker = timer.tracker
    with tracker.write() as unit:
        batch_id = _require(unit)
        state = _state(unit, batch_id)
        connection = unit.connection
        connection.execute(
            update(batch_items)
            .where(I.batch_id == batch_id, I.position == state.position)
            .values(outcome=outcome.value)
        )
        if outcome is Outcome.DONE:
            task_id = connection.scalar(
                select(I.task_id).where(I.batch_id == batch_id, I.position == state.position)
            )
            connection.execute(update(tasks).where(T.id == task_id).values(done=True))
        following = state.position + 1
        ended = following >= len(state.items)
        values: dict[str, int] = {"position": following}
        if ended:
            values["ended_at"] = unit.now
        connection.execute(update(batches).where(B.id == batch_id).values(**values))
        state = _state(unit, batch_id, with_summary=ended)
    if ended:
        _rest(timer)
    else:
        _focus(timer, state)
    return state


def stop(timer: Timer) -> BatchState:
    with timer.tracker.write() as unit:
        batch_id = _require(unit)
        unit.connection.execute(update(batches).where(B.id == batch_id).values(ended_at=unit.now))
        state = _state(unit, batch_id, with_summary=True)
    _rest(timer)
    return state


def _require(unit: ReadUnit) -> int:
    found = _running_id(unit)
    if found is None:
        raise UserError(_("No batch is running."), fix=Fix("batch_start"))
    return found


def _focus(timer: Timer, state: BatchState) -> None:
    item = state.current
    if item is not None:
        timer.start(item.project, item.task)


def _rest(timer: Timer) -> None:
    with contextlib.suppress(UserError):  # nothing was running: the batch ends all the same
        timer.stop()


def open_categories(tracker: Tracker) -> list[tuple[str, int]]:
    """Categories of open tasks on active projects, with their count, most first:
    what a batch could be started on."""
    with tracker.read() as unit:
        if unit.user_id is None:
            return []
        rows = unit.connection.execute(
            select(T.category)
            .join(projects, P.id == T.project_id)
            .where(*_open_categorised_tasks(unit.user_id))
        ).scalars()
        counts: dict[str, tuple[str, int]] = {}
        for category in rows:
            key = category.casefold()
            shown, count = counts.get(key, (category, 0))
            counts[key] = (shown, count + 1)
    return sorted(counts.values(), key=lambda pair: (-pair[1], pair[0].casefold()))


def _open_categorised_tasks(user_id: int) -> tuple[ColumnElement[bool], ...]:
    """What a batch can queue: open tasks with a category, on active projects."""
    return (
        P.user_id == user_id,
        P.archived.is_(False),
        T.done.is_(False),
        T.category.is_not(None),
    )
