"""smfocus's JSON backup: a database out and back in is the same document."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus.backup import check_document, export_backup, import_backup
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker

TZ = ZoneInfo("Europe/Paris")
LIMIT = 86_400


def fresh(folder: Path, clock: FakeClock) -> Tracker:
    return Tracker(open_store(folder), clock, TZ, user="tester")


def restore(tracker: Tracker, document: dict[str, object], **options: object):  # type: ignore[no-untyped-def]
    # Through JSON text, as a file would carry it.
    parsed = check_document(json.loads(json.dumps(document)), "backup.json")
    return import_backup(tracker, parsed, where="backup.json", max_seconds=LIMIT, **options)  # type: ignore[arg-type]


def build(tracker: Tracker, clock: FakeClock) -> None:
    now = clock.now()
    tracker.add_project(
        "Bloom — Instagram", rate="45", currency="EUR", value="900", client="Bloom"
    )
    tracker.add_project("Acme", priority="1", colour="#112233")
    tracker.edit_project("Acme", archived=True)
    tracker.add_project("Beta", value="3", value_per="result")
    tracker.add("Bloom — Instagram", "Posts", start=now - 9000, end=now - 8000, category="visuals")
    tracker.add("Beta", None, start=now - 7000, end=now - 6500, note="call\nwith notes")
    tracker.edit_task("Bloom — Instagram", "Posts", estimate=4, done=True)
    timer = Timer(tracker)
    timer.set_setting("pomodoro.work", "50m")
    timer.start("Beta", "Replies", None)
    tracker.interrupt(kind="external", note="phone")
    clock.advance(1200)
    timer.stop()


def test_out_and_back_in_is_the_same_document(tmp_path: Path, clock: FakeClock) -> None:
    source = fresh(tmp_path / "a", clock)
    build(source, clock)
    document = export_backup(source)
    assert "pomodoro.work" in document["settings"]
    assert len(document["pomodoro_phases"]) == 1
    assert [len(e["interruptions"]) for e in document["entries"]] == [0, 0, 1]
    target = fresh(tmp_path / "b", clock)
    summary = restore(target, document)
    assert summary.entries == len(document["entries"]) == 3
    assert export_backup(target) == document
    # Restoring again finds everything already here and changes nothing.
    again = restore(target, document)
    assert (again.entries, again.already_here) == (0, 3)
    assert export_backup(target) == document


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[int, int, int, str | None, str | None]]:
    """(project index, start offset, length, task, note) with no overlaps."""
    count = draw(st.integers(0, 12))
    cursor = 0
    spans = []
    for _ in range(count):
        cursor += draw(st.integers(0, 5000))
        length = draw(st.integers(1, 7200))
        task = draw(st.one_of(st.none(), st.sampled_from(["Posts", "Replies", "Visuals"])))
        note = draw(
            st.one_of(st.none(), st.text(st.characters(categories=("L", "N")), max_size=8))
        )
        spans.append((draw(st.integers(0, 2)), cursor, length, task, note or None))
        cursor += length
    return spans


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories(), rates=st.lists(st.integers(0, 99_999), min_size=3, max_size=3))
def test_any_history_survives_a_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    history: list[tuple[int, int, int, str | None, str | None]],
    rates: list[int],
) -> None:
    clock = FakeClock()
    folder = tmp_path_factory.mktemp("roundtrip")
    source = fresh(folder / "a", clock)
    names = ["Acme", "Bloom", "Cedar"]
    for name, rate in zip(names, rates, strict=True):
        source.add_project(name, rate=f"{rate / 100:.2f}")
    base = clock.now() - 400_000
    for project, offset, length, task, note in history:
        source.add(
            names[project], task, start=base + offset, end=base + offset + length, note=note
        )
    document = export_backup(source)
    target = fresh(folder / "b", clock)
    restore(target, document)
    assert export_backup(target) == document
    assert target.report().total_seconds == source.report().total_seconds


def test_a_restore_into_a_busy_database_obeys_the_overlap_policy(
    tmp_path: Path, clock: FakeClock
) -> None:
    source = fresh(tmp_path / "a", clock)
    build(source, clock)
    document = export_backup(source)
    target = fresh(tmp_path / "b", clock)
    target.add_project("Other")
    now = clock.now()
    target.add("Other", None, start=now - 9500, end=now - 8500)  # covers the first entry's start
    with pytest.raises(UserError, match="overlap"):
        restore(target, document)
    summary = restore(target, document, on_overlap="skip")
    assert (summary.entries, summary.skipped) == (2, 1)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ([], "not an smfocus backup"),
        ({"format": "other"}, "not an smfocus backup"),
        ({"format": "smfocus-backup", "version": 99}, "newer smfocus"),
        ({"format": "smfocus-backup", "version": 1, "entries": {}}, "not a list"),
    ],
)
def test_a_document_that_is_not_a_backup_is_refused(document: object, words: str) -> None:
    with pytest.raises(UserError, match=words):
        check_document(document, "backup.json")


def test_a_damaged_entry_names_its_record_and_nothing_is_written(
    tmp_path: Path, clock: FakeClock
) -> None:
    source = fresh(tmp_path / "a", clock)
    build(source, clock)
    document = export_backup(source)
    document["entries"][-1]["started_at"] = "yesterday"
    target = fresh(tmp_path / "b", clock)
    with pytest.raises(UserError, match="entry 3"):
        restore(target, document)
    assert target.projects() == []
