"""Undo as an invariant: after any sequence of journaled changes (add, edit,
delete, split, merge) each undo brings the entries and interruptions back
exactly as they were before that change, checked with raw sqlite3."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.store.database import open_store
from smfocus.timeline import Timeline
from smfocus.tracker import Tracker
from tests.helpers import db_file, invariant_violations

NOW = 1_770_000_000
HOUR = 3600

Op = tuple[str, int, int, int]
ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "edit", "delete", "split", "merge"]),
        st.integers(0, 40),  # which entry / start slot
        st.integers(1, 20),  # length or shift, in 5-minute steps
        st.integers(0, 1),  # project
    ),
    max_size=12,
)


def state(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT id, project_id, task_id, started_at, ended_at, note FROM time_entries"
            " ORDER BY id"
        ).fetchall()
        marks = connection.execute("SELECT * FROM interruptions ORDER BY id").fetchall()
    return rows + marks


def apply(timeline: Timeline, op: Op) -> bool:
    tracker = timeline.tracker
    kind, slot, size, project = op
    ids = [entry.id for entry in tracker.log()]
    name = ("Acme", "Beta")[project]
    start = NOW - 48 * HOUR + slot * 1800
    try:
        if kind == "add":
            tracker.add(name, "t", start=start, end=start + size * 300, note=f"n{slot}")
        elif not ids:
            return False
        elif kind == "edit":
            tracker.edit(ids[slot % len(ids)], end=start + size * 300, project=name)
        elif kind == "delete":
            tracker.delete(ids[slot % len(ids)])
        elif kind == "split":
            entry = tracker.entry(ids[slot % len(ids)])
            assert entry.ended_at is not None
            timeline.split(entry.id, (entry.started_at + entry.ended_at) // 2)
        else:
            timeline.merge(ids[slot % len(ids)])
    except UserError:
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_each_undo_restores_the_state_before_its_change(sequence: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        try:
            clock = FakeClock()
            clock.set(NOW)
            tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="tester")
            tracker.add_project("Acme")
            tracker.add_project("Beta")
            timeline = Timeline(tracker)
            db = db_file(Path(folder))
            history = [state(db)]
            for op in sequence:
                before = state(db)
                if apply(timeline, op):
                    history.append(before)
                else:
                    assert state(db) == before  # a refusal writes nothing
            while len(history) > 1:
                timeline.undo()
                assert state(db) == history.pop()
                assert invariant_violations(db) == []
        finally:
            store.dispose()
