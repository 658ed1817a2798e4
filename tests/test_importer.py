"""The import use case: what lands, what is already here, overlaps, all or nothing."""

from __future__ import annotations

import pytest

from smfocus.core.clock import FakeClock
from smfocus.importer import OverlapError, OverlapPolicy, import_history
from smfocus.imports.records import SourceEntry
from smfocus.tracker import Tracker
from tests.helpers import invariant_violations, snapshot, store_db

DAY = 86_400
LIMIT = DAY


def entry(
    line: int,
    start: int,
    end: int | None,
    *,
    project: str = "Bloom",
    task: str | None = "Posts",
    ref: str | None = None,
    client: str | None = None,
    category: str | None = None,
    rate: int | None = None,
) -> SourceEntry:
    return SourceEntry(
        source="watson",
        source_id=ref if ref is not None else f"id-{line}",
        project=project,
        client=client,
        task=task,
        category=category,
        note=None,
        started_at=start,
        ended_at=end,
        rate_cents=rate,
        currency="USD" if rate else None,
        file="frames",
        line=line,
    )


@pytest.fixture
def now(clock: FakeClock) -> int:
    return clock.now()


def run(tracker: Tracker, items: list[SourceEntry], **options: object):  # type: ignore[no-untyped-def]
    return import_history(
        tracker,
        items,
        format_name="watson",
        max_seconds=LIMIT,
        **options,  # type: ignore[arg-type]
    )


def test_entries_land_with_their_projects_clients_and_rates(tracker: Tracker, now: int) -> None:
    base = now - 5 * DAY
    summary = run(
        tracker,
        [
            entry(1, base, base + 3600, client="Bloom Ltd", rate=4500),
            entry(2, base + 3600, base + 5400, project="Acme", task=None, category="replies"),
        ],
    )
    assert (summary.entries, summary.projects_created, summary.tasks_created) == (2, 2, 2)
    projects = {p.name: p for p in tracker.projects()}
    assert projects["Bloom"].client == "Bloom Ltd"
    assert projects["Bloom"].rate_cents == 4500
    assert projects["Bloom"].currency == "USD"
    # A tag alone names the task, and is its category.
    logged = tracker.log(start=base)
    assert [(e.project, e.task, e.category, e.seconds(now)) for e in logged] == [
        ("Bloom", "Posts", None, 3600),
        ("Acme", "replies", "replies", 1800),
    ]
    assert tracker.report(start=base).total_seconds == 5400


def test_importing_the_same_entries_again_adds_nothing(tracker: Tracker, now: int) -> None:
    base = now - 3 * DAY
    items = [entry(n, base + n * 3600, base + n * 3600 + 600) for n in range(1, 20)]
    first = run(tracker, items)
    before = snapshot(store_db(tracker.store))
    again = run(tracker, items)
    assert (first.entries, first.already_here) == (19, 0)
    assert (again.entries, again.already_here) == (0, 19)
    assert snapshot(store_db(tracker.store)) == before


def test_a_filled_field_is_never_overwritten(tracker: Tracker, now: int) -> None:
    tracker.add_project("Bloom", rate="30", currency="EUR")
    tracker.edit_project("Bloom", client="Bloom Ltd")
    run(tracker, [entry(1, now - 7200, now - 3600, client="Other", rate=9900)])
    bloom = tracker.projects()[0]
    assert (bloom.client, bloom.rate_cents, bloom.currency) == ("Bloom Ltd", 3000, "EUR")


def test_overlaps_fail_by_default_naming_the_lines_and_writing_nothing(
    tracker: Tracker, now: int
) -> None:
    tracker.add_project("Acme")
    tracker.add("Acme", "Stored", start=now - 5000, end=now - 4000)
    before = snapshot(store_db(tracker.store))
    items = [
        entry(1, now - 9000, now - 8000),
        entry(2, now - 8500, now - 7000),  # overlaps line 1
        entry(3, now - 4500, now - 3000),  # overlaps the stored entry
    ]
    with pytest.raises(OverlapError) as raised:
        run(tracker, items)
    assert raised.value.count == 2
    assert "line 2 overlaps line 1" in str(raised.value)
    assert raised.value.conflicts[1].other_entry is not None
    assert snapshot(store_db(tracker.store)) == before


def test_skip_leaves_out_what_overlaps(tracker: Tracker, now: int) -> None:
    tracker.add_project("Acme")
    tracker.add("Acme", "Stored", start=now - 5000, end=now - 4000)
    items = [
        entry(1, now - 9000, now - 8000),
        entry(2, now - 8500, now - 7000),
        entry(3, now - 4500, now - 3000),
        entry(4, now - 3000, now - 2000),
    ]
    summary = run(tracker, items, on_overlap=OverlapPolicy.SKIP)
    assert (summary.entries, summary.skipped, summary.trimmed) == (2, 2, 0)
    assert invariant_violations(store_db(tracker.store)) == []


def test_trim_shortens_the_imported_entry_around_other_time(tracker: Tracker, now: int) -> None:
    tracker.add_project("Acme")
    tracker.add("Acme", "Stored", start=now - 5000, end=now - 4000)
    items = [
        entry(1, now - 9000, now - 8000),
        entry(2, now - 8500, now - 7000),  # starts inside line 1: starts at its end
        entry(3, now - 4500, now - 3000),  # starts inside the stored entry
        entry(4, now - 6000, now - 4800),  # runs into the stored entry: cut at its start
        entry(5, now - 8900, now - 8100),  # inside line 1 entirely: nothing left
    ]
    summary = run(tracker, items, on_overlap=OverlapPolicy.TRIM)
    assert (summary.entries, summary.trimmed, summary.skipped) == (4, 3, 1)
    spans = [(e.started_at - now, e.ended_at - now) for e in tracker.log(start=now - DAY)]  # type: ignore[operator]
    assert spans == [
        (-9000, -8000),
        (-8000, -7000),
        (-6000, -5000),
        (-5000, -4000),
        (-4000, -3000),
    ]
    assert invariant_violations(store_db(tracker.store)) == []


def test_a_running_entry_comes_in_only_when_nothing_runs_here(tracker: Tracker, now: int) -> None:
    summary = run(tracker, [entry(1, now - 7200, now - 3600), entry(2, now - 600, None)])
    assert summary.running
    assert tracker.status().running is not None
    assert tracker.status().running.started_at == now - 600  # type: ignore[union-attr]

    tracker.stop()
    tracker.add_project("Acme")
    tracker.start("Acme")
    summary = run(tracker, [entry(3, now - 300, None, ref="other")])
    assert not summary.running and summary.skipped == 1
    assert tracker.status().running.project == "Acme"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (-3600, 120, "ends in the future"),
        (-3 * DAY, -3600, "longer than the 24-hour limit"),
        (-3600, -3700, "does not end after it starts"),
    ],
)
def test_a_bad_record_stops_everything(
    tracker: Tracker, now: int, start: int, end: int, words: str
) -> None:
    items = [entry(n, now - DAY - n * 100, now - DAY - n * 100 + 50) for n in range(1, 50)]
    items.append(entry(50, now + start, now + end))
    with pytest.raises(Exception, match="line 50") as raised:
        run(tracker, items)
    assert words in str(raised.value)
    assert tracker.log(start=now - 10 * DAY) == []


def test_empty_entries_are_left_out_and_counted(tracker: Tracker, now: int) -> None:
    summary = run(tracker, [entry(1, now - 600, now - 600), entry(2, now - 500, now - 400)])
    assert (summary.entries, summary.skipped) == (1, 1)


def test_a_dry_run_says_the_same_and_writes_nothing(tracker: Tracker, now: int) -> None:
    items = [entry(n, now - DAY + n * 600, now - DAY + n * 600 + 300) for n in range(1, 9)]
    path = store_db(tracker.store)
    before = snapshot(path)
    dry = run(tracker, items, dry_run=True)
    assert snapshot(path) == before
    real = run(tracker, items)
    assert dry.dry_run and not real.dry_run
    assert (dry.entries, dry.projects_created, dry.tasks_created) == (
        real.entries,
        real.projects_created,
        real.tasks_created,
    )


def test_cancelling_from_the_progress_callback_writes_nothing(tracker: Tracker, now: int) -> None:
    items = [entry(n, now - DAY + n * 6, now - DAY + n * 6 + 5) for n in range(1, 12_000)]

    class StopError(Exception):
        pass

    def progress(done: int, total: int) -> None:
        raise StopError

    with pytest.raises(StopError):
        run(tracker, items, progress=progress)
    assert tracker.projects() == []
