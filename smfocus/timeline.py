"""The timeline's use cases: a day as it happened, and the changes made on it.

Each public method is one transaction, journaled for undo (store/journal.py)
like the tracker's add, edit and delete, which the timeline uses as they are:
a change made in the window and the same change typed in the CLI are one code
path. Undo takes back the newest journaled change, whichever face made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, insert, select, update

from smfocus import blocks
from smfocus.core import blocks as block_times
from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.core.localtime import day_start, local_date
from smfocus.core.records import EntryRecord
from smfocus.errors import Fix, UserError
from smfocus.store import journal
from smfocus.store.rows import new_id
from smfocus.store.tables import interruptions, time_entries
from smfocus.tracker import Tracker

__all__ = ["Day", "Timeline"]

E, IN = time_entries.c, interruptions.c


@dataclass(frozen=True)
class Day:
    """One local day: its entries (cut to the day by the painter, not here), and
    the seconds tracked inside it up to ``now``."""

    day: date
    start: int
    end: int
    now: int
    entries: tuple[EntryRecord, ...]
    # Recurring blocks planned on this day: (start, end, what), local wall time.
    planned: tuple[tuple[int, int, str], ...] = ()

    @property
    def total(self) -> int:
        return sum(_inside(entry, self.start, self.end, self.now) for entry in self.entries)


class Timeline:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def today(self) -> date:
        return local_date(self.tracker.clock.now(), self.tracker.tz)

    def day(self, day: date) -> Day:
        tz = self.tracker.tz
        start, end = day_start(day, tz), day_start(day + timedelta(days=1), tz)
        now = self.tracker.clock.now()
        entries = self.tracker.log(start=start, end=end)
        planned = sorted(
            (begin, finish, block.label)
            for block in blocks.list_blocks(self.tracker)
            for begin, finish in block_times.occurrences(block, start, end, tz)
        )
        return Day(day, start, end, now, tuple(entries), tuple(planned))

    def week(self, day: date) -> list[tuple[date, int]]:
        """Monday to Sunday around ``day``, with the seconds tracked on each."""
        tz = self.tracker.tz
        monday = day - timedelta(days=day.weekday())
        days = [monday + timedelta(days=n) for n in range(7)]
        bounds = [day_start(d, tz) for d in [*days, monday + timedelta(days=7)]]
        now = self.tracker.clock.now()
        entries = self.tracker.log(start=bounds[0], end=bounds[-1])
        return [
            (d, sum(_inside(entry, bounds[n], bounds[n + 1], now) for entry in entries))
            for n, d in enumerate(days)
        ]

    def split(self, entry_id: int, at: int) -> tuple[EntryRecord, EntryRecord]:
        """Cut an entry in two at ``at``; the second part keeps its task and note
        (and runs on when the entry was running)."""
        tz = self.tracker.tz
        with self.tracker.write() as unit:
            row = unit.require_entry(entry_id)
            end = row.ended_at if row.ended_at is not None else unit.now
            if not row.started_at < at < end:
                raise UserError(
                    _(
                        "{time} is not inside entry #{entry} ({start} to {end}); "
                        "split at a time inside it."
                    ).format(
                        time=fmt.moment(at, tz),
                        entry=entry_id,
                        start=fmt.moment(row.started_at, tz),
                        end=fmt.moment(end, tz),
                    )
                )
            before = journal.snapshot(unit, [entry_id])
            note = unit.connection.scalar(select(E.note).where(E.id == entry_id))
            source = unit.connection.scalar(select(E.source).where(E.id == entry_id))
            # End the first part before the second exists: one running entry at most.
            unit.set_end(entry_id, at)
            created = unit.connection.execute(
                insert(time_entries).values(
                    user_id=unit.user_id,
                    project_id=row.project_id,
                    task_id=row.task_id,
                    started_at=at,
                    ended_at=row.ended_at,
                    note=note,
                    source=source,
                )
            )
            second = new_id(created)
            unit.connection.execute(
                update(interruptions)
                .where(IN.entry_id == entry_id, IN.at >= at)
                .values(entry_id=second)
            )
            label = unit.label(entry_id)
            # The journal keeps the change's name as the user read it then: undo says it back.
            change = _("split of entry #{entry} ({label})").format(entry=entry_id, label=label)
            journal.record(unit, change, before, [second])
            return unit.entry(entry_id), unit.entry(second)

    def merge(self, entry_id: int) -> EntryRecord:
        """Join an entry with the one that follows it: the first keeps its task and
        covers both, with the gap between them; the notes are joined."""
        tz = self.tracker.tz
        with self.tracker.write() as unit:
            row = unit.require_entry(entry_id)
            if row.ended_at is None:
                raise UserError(
                    _(
                        "Entry #{entry} is running, so nothing follows it; "
                        "merge the entry before it instead."
                    ).format(entry=entry_id)
                )
            following = unit.connection.execute(
                select(E.id, E.started_at, E.ended_at, E.note)
                .where(E.user_id == unit.user_id, E.started_at >= row.ended_at)
                .order_by(E.started_at)
                .limit(1)
            ).first()
            if following is None:
                raise UserError(
                    _("No entry follows entry #{entry}; there is nothing to merge.").format(
                        entry=entry_id
                    )
                )
            end = following.ended_at if following.ended_at is not None else unit.now
            limit = unit.settings().entry_max
            if end - row.started_at > limit:
                raise UserError(
                    _(
                        "Merged, entry #{entry} would run from {start} for {duration}, "
                        "longer than the limit of {limit} (entry.max); edit the times instead."
                    ).format(
                        entry=entry_id,
                        start=fmt.moment(row.started_at, tz),
                        duration=fmt.duration(end - row.started_at),
                        limit=fmt.duration(limit),
                    ),
                    fix=Fix("entry_max", setting="entry.max"),
                )
            before = journal.snapshot(unit, [entry_id, following.id])
            first_note = unit.connection.scalar(select(E.note).where(E.id == entry_id))
            notes = [text for text in (first_note, following.note) if text]
            unit.connection.execute(
                update(interruptions).where(IN.entry_id == following.id).values(entry_id=entry_id)
            )
            label = _("{first} and #{entry} ({second})").format(
                first=unit.label(entry_id), entry=following.id, second=unit.label(following.id)
            )
            unit.connection.execute(delete(time_entries).where(E.id == following.id))
            unit.connection.execute(
                update(time_entries)
                .where(E.id == entry_id)
                .values(ended_at=following.ended_at, note="\n".join(notes) or None)
            )
            change = _("merge of entry #{entry} ({label})").format(entry=entry_id, label=label)
            journal.record(unit, change, before)
            return unit.entry(entry_id)

    def undo(self) -> journal.UndoneStep:
        """Take back the newest journaled change (a delete included)."""
        with self.tracker.write() as unit:
            return journal.undo(unit)


def _inside(entry: EntryRecord, start: int, end: int, now: int) -> int:
    stop = entry.ended_at if entry.ended_at is not None else now
    return max(0, min(stop, end) - max(entry.started_at, start))
