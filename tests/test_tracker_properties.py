"""Property-based tests of the use cases (hypothesis).

Random sequences of start/stop/add/edit/delete/cancel with random times, many
of them invalid (in the future, before a running start, overlapping, unknown
ids or projects), run against a fresh database per example. After every step
the table is read with plain ``sqlite3``:

* never an overlap, never two running entries, never an end before its start;
* a refused operation changed nothing at all (every table, row for row);

and at the end ``report`` by project and by day, in a random zone, equals the
entries' seconds clipped to a random range, computed here independently.

Times sit on a 15-minute grid around real DST changes (plus a few seconds
"ahead of now", which the tracker tolerates for clock skew). Every local
midnight of the zones used falls on that grid, which the day oracle relies on.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import defaultdict
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import db_file, entries, invariant_violations, snapshot, utc

GRID = 900
STEPS = 300  # grid points: 75 hours
NOW_INDEX = 200  # the clock starts here, so later grid points are in the future
ZONES = (
    "Europe/Paris",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Santiago",  # its clocks change at midnight
)
# About 50 hours before real 2026 changes, so the clock's "now" sits past them.
BASES = (
    utc("2026-03-29T01:00") - 50 * 3600,  # Paris, spring
    utc("2026-10-25T01:00") - 50 * 3600,  # Paris, autumn
    utc("2026-11-01T06:00") - 50 * 3600,  # New York, autumn
    utc("2026-10-03T15:30") - 50 * 3600,  # Lord Howe, spring (half an hour)
    utc("2026-04-05T03:00") - 50 * 3600,  # Santiago, autumn (at midnight)
    utc("2026-02-10T00:00"),  # nothing special
)
PROJECTS = ("Acme", "beta", "Ghost")  # "beta" is Beta in other case; Ghost does not exist

point = st.integers(0, STEPS)
moment = st.one_of(st.none(), point, st.just("ahead"))  # None: now; "ahead": now + 30 s
operation = st.one_of(
    st.tuples(
        st.just("start"), st.sampled_from(PROJECTS), st.sampled_from((None, "Plan")), moment
    ),
    st.tuples(st.just("stop"), moment),
    st.tuples(st.just("cancel")),
    st.tuples(st.just("add"), st.sampled_from(PROJECTS), point, point),
    st.tuples(st.just("edit"), st.integers(0, 8), st.none() | point, st.none() | point),
    st.tuples(st.just("delete"), st.integers(0, 8)),
    st.tuples(st.just("advance"), st.integers(1, 24)),
)

# Moderate by default (CI has two cores); raise it to hunt: SMFOCUS_EXAMPLES=2000.
EXAMPLES = int(os.environ.get("SMFOCUS_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,  # each step is a real SQLite transaction
    suppress_health_check=[HealthCheck.too_slow],
)


def _entry_ids(db: Path) -> list[int]:
    return sorted(ident for ident, *_ in entries(db))


def _apply(tracker: Tracker, clock: FakeClock, base: int, op: tuple[Any, ...], db: Path) -> None:
    def when(value: int | str | None) -> int | None:
        if value is None:
            return None
        if value == "ahead":
            return clock.now() + 30
        assert isinstance(value, int)
        return base + value * GRID

    kind = op[0]
    if kind == "start":
        _, project, task, at = op
        result = tracker.start(project, task, at=when(at))
        if result.stopped is not None:
            assert result.stopped.ended_at == result.started.started_at
    elif kind == "stop":
        tracker.stop(at=when(op[1]))
    elif kind == "cancel":
        tracker.cancel()
    elif kind == "add":
        _, project, start, end = op
        start_at, end_at = when(start), when(end)
        assert start_at is not None and end_at is not None
        tracker.add(project, None, start=start_at, end=end_at)
    elif kind in ("edit", "delete"):
        ids = _entry_ids(db)
        ident = ids[op[1]] if op[1] < len(ids) else 10_000 + op[1]
        if kind == "delete":
            tracker.delete(ident)
        else:
            tracker.edit(ident, start=when(op[2]), end=when(op[3]))
    elif kind == "advance":
        clock.advance(op[1] * GRID)


def _clipped(db: Path, now: int, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """(project name, x, y) of every entry clipped to [lo, hi); running ones end at now."""
    connection = sqlite3.connect(db)
    try:
        found = connection.execute(
            "SELECT p.name, e.started_at, e.ended_at FROM time_entries e "
            "JOIN projects p ON p.id = e.project_id"
        ).fetchall()
    finally:
        connection.close()
    pieces = []
    for name, start, end in found:
        x, y = max(start, lo), min(now if end is None else end, hi)
        if y > x:
            pieces.append((name, x, y))
    return pieces


def _local_day(epoch: int, tz: tzinfo) -> date:
    return datetime.fromtimestamp(epoch, tz).date()


def _by_day(pieces: list[tuple[str, int, int]], tz: tzinfo) -> dict[str, int]:
    """Seconds per local date, found by walking the grid: a local midnight is a grid
    point whose date differs from the second before it. No DST arithmetic here."""
    totals: dict[str, int] = defaultdict(int)
    for _, x, y in pieces:
        cuts = [
            t
            for t in range((x // GRID + 1) * GRID, y, GRID)
            if _local_day(t, tz) != _local_day(t - 1, tz)
        ]
        for a, b in zip([x, *cuts], [*cuts, y], strict=True):
            totals[_local_day(a, tz).isoformat()] += b - a
    return dict(totals)


@SETTINGS
@given(
    ops=st.lists(operation, min_size=1, max_size=25),
    base=st.sampled_from(BASES),
    zone=st.sampled_from(ZONES),
    report_zone=st.sampled_from(ZONES),
    window=st.tuples(point, point),
)
def test_random_use_case_sequences_keep_the_invariants_and_the_report_adds_up(
    ops: list[tuple[Any, ...]],
    base: int,
    zone: str,
    report_zone: str,
    window: tuple[int, int],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        db = db_file(Path(folder))
        clock = FakeClock(base + NOW_INDEX * GRID)
        tracker = Tracker(store, clock, ZoneInfo(zone), user="me")
        try:
            tracker.add_project("Acme")
            tracker.add_project("Beta")
            for op in ops:
                before = snapshot(db)
                try:
                    _apply(tracker, clock, base, op, db)
                except UserError:
                    assert snapshot(db) == before, f"refused {op} but changed the database"
                assert invariant_violations(db) == [], f"after {op}"

            now = clock.now()
            # An empty or inverted range is refused (tested elsewhere): report on
            # the ordered pair, and on at least one grid step.
            first, last = sorted(window)
            lo, hi = base + first * GRID, base + max(last, first + 1) * GRID
            pieces = _clipped(db, now, lo, hi)
            reporter = Tracker(store, clock, ZoneInfo(report_zone), user="me")

            by_project = reporter.report(start=lo, end=hi, by="project")
            expected: dict[str, int] = defaultdict(int)
            for name, x, y in pieces:
                expected[name] += y - x
            assert {g.key: g.seconds for g in by_project.groups} == dict(expected)
            assert by_project.total_seconds == sum(y - x for _, x, y in pieces)

            by_day = reporter.report(start=lo, end=hi, by="day")
            assert {g.key: g.seconds for g in by_day.groups} == _by_day(
                pieces, ZoneInfo(report_zone)
            )
            assert by_day.total_seconds == by_project.total_seconds

            if hi > lo:
                # The log shows exactly the entries that touch the range.
                touching = {
                    ident
                    for ident, _, start, end in entries(db)
                    if start < hi and (end is None or end > lo)
                }
                assert {e.id for e in reporter.log(start=lo, end=hi)} == touching
        finally:
            store.dispose()
