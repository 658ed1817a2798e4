"""Every entry as one CSV row, for spreadsheets and scripts.

Columns: ``id, date, start, end, duration, seconds, hours, client, project,
task, category, note, rate, cost, currency``.

* ``date`` is the local day the entry started; ``start`` and ``end`` are local
  ISO 8601 with their own offset (``2026-03-29T14:30:00+02:00``), so an entry
  across a daylight-saving change carries both offsets and stays exact.
* Duration three ways: ``h:mm:ss`` to read, ``seconds`` (an integer, the exact
  figure every sum should use) and ``hours`` with four decimals for formulas
  that bill by the hour. Four decimals are exact to the second for one entry
  (the rounding is at most 0.18 s), but sums of rounded hours drift: hence
  ``seconds``.
* ``rate`` (per hour) and ``cost`` are plain decimal numbers in ``currency``;
  both empty when the project has no rate. The cost is rounded per entry, half
  away from zero, as ``smfocus.core.roi.cost_cents`` does everywhere.
* Text a user typed goes through ``safe_cell``, so a spreadsheet never runs
  it as a formula; numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import TextIO, TypeAlias

from smfocus.core import fmt
from smfocus.core.csv_safety import safe_cell
from smfocus.core.roi import cost_cents
from smfocus.exports.rows import ExportEntry

HEADER = (
    "id", "date", "start", "end", "duration", "seconds", "hours", "client", "project",
    "task", "category", "note", "rate", "cost", "currency",
)  # fmt: skip
NameCells: TypeAlias = tuple[str, str, str, str, str, str]
MAX_CACHED_NAMES = 4096  # distinct name sets kept at once: memory stays flat


def write_csv(entries: Iterable[ExportEntry], tz: tzinfo, out: TextIO) -> int:
    """Write the header and one row per entry to ``out``; return the number of rows."""
    writer = csv.writer(out)
    writer.writerow(HEADER)
    # Entries of one task repeat the same names: their cells are made once.
    names: dict[tuple[str | None, str, str | None, str | None, int | None, str], NameCells] = {}
    count = 0
    for entry in entries:
        key = (
            entry.client, entry.project, entry.task, entry.category, entry.rate_cents,
            entry.currency,
        )  # fmt: skip
        cells = names.get(key)
        if cells is None:
            if len(names) >= MAX_CACHED_NAMES:
                names.clear()
            cells = names[key] = _name_cells(entry)
        start = datetime.fromtimestamp(entry.started_at, tz).isoformat()
        seconds = entry.ended_at - entry.started_at
        rate = entry.rate_cents
        writer.writerow(
            (
                entry.id,
                start[:10],
                start,
                datetime.fromtimestamp(entry.ended_at, tz).isoformat(),
                fmt.duration(seconds),
                seconds,
                fmt.hours_in_file(seconds, 4),
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                safe_cell(entry.note or ""),
                cells[4],
                "" if rate is None else fmt.amount(cost_cents(seconds, rate)),
                cells[5],
            )
        )
        count += 1
    return count


def _name_cells(entry: ExportEntry) -> NameCells:
    """Client, project, task, category, rate and currency cells."""
    return (
        safe_cell(entry.client or ""),
        safe_cell(entry.project),
        safe_cell(entry.task or ""),
        safe_cell(entry.category or ""),
        "" if entry.rate_cents is None else fmt.amount(entry.rate_cents),
        safe_cell(entry.currency),
    )
