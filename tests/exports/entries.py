"""Entries for the exporter tests, written the way a person reads them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from io import StringIO
from zoneinfo import ZoneInfo

from smfocus.exports.rows import ExportEntry
from tests.helpers import at

PARIS = ZoneInfo("Europe/Paris")


def entry(
    start: str,
    end: str,
    *,
    id: int = 1,
    project: str = "Acme",
    task: str | None = "Plan posts",
    client: str | None = "Acme Corp",
    category: str | None = "scheduling",
    note: str | None = None,
    rate_cents: int | None = 4500,
    currency: str = "EUR",
    end_fold: int = 0,
    start_fold: int = 0,
) -> ExportEntry:
    """An entry between two Paris wall-clock times (``fold=1``: the repeated autumn hour)."""
    return ExportEntry(
        id=id,
        started_at=at(start, PARIS, fold=start_fold),
        ended_at=at(end, PARIS, fold=end_fold),
        client=client,
        project=project,
        task=task,
        category=category,
        note=note,
        rate_cents=rate_cents,
        currency=currency,
    )


def pulled_one_at_a_time(
    entries: Iterable[ExportEntry], out: StringIO, written: Callable[[str], int]
) -> Iterator[ExportEntry]:
    """Hand out entries, checking before each that the previous one is already in ``out``:
    a writer that collected its input first would fail here."""
    for index, item in enumerate(entries):
        assert written(out.getvalue()) == index, "the writer held an entry back"
        yield item
