"""Many finished entries in one transaction, for code that makes them: the history
generator of the benchmarks and the tests' seeded databases.

A thin face of the importer (:mod:`smfocus.importer`): the same checks (ends
after it starts, not in the future, not longer than entry.max), no overlap
inside the batch or with what is stored, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from smfocus.importer import OverlapPolicy, import_history
from smfocus.imports.records import SourceEntry
from smfocus.tracker import Tracker


@dataclass(frozen=True, slots=True)
class NewEntry:
    project: str
    task: str | None
    started_at: int
    ended_at: int
    category: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    entries: int
    projects_created: int
    tasks_created: int


def import_entries(
    tracker: Tracker, entries: Iterable[NewEntry], *, source: str = "import"
) -> ImportResult:
    """Insert finished entries, creating missing projects and tasks."""

    def records() -> Iterator[SourceEntry]:
        for number, entry in enumerate(entries, start=1):
            yield SourceEntry(
                source=source,
                source_id=None,
                project=entry.project,
                client=None,
                task=entry.task,
                category=entry.category,
                note=entry.note,
                started_at=entry.started_at,
                ended_at=entry.ended_at,
                rate_cents=None,
                currency=None,
                file="",
                line=number,
            )

    with tracker.read() as unit:
        limit = unit.settings().entry_max
    summary = import_history(
        tracker,
        records(),
        format_name=source,
        max_seconds=limit,
        on_overlap=OverlapPolicy.FAIL,
    )
    return ImportResult(summary.entries, summary.projects_created, summary.tasks_created)
