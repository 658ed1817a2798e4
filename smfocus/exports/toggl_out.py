"""A CSV that Toggl Track's CSV import reads, so leaving smfocus is as free as
arriving.

Columns are those of Toggl's import template: ``Email, Start date, Start
time, Duration, Project, Client, Task, Description, Billable, Tags``. Toggl
reads start times as wall-clock times in the account's time zone, with no
offset: write with the zone the Toggl account uses. (A start inside the hour
that an autumn clock change repeats is ambiguous in that format; Toggl decides.)

Mapping, and why:

* ``Task`` is the smfocus task, but Toggl keeps tasks for paid plans only, so
  ``Description`` (what every plan shows) repeats the task, followed by the
  note: ``Plan posts — moved to Friday``.
* ``Billable`` is ``Yes`` when the project has a non-zero hourly rate.
* ``Tags`` holds the category, as one tag. Toggl splits this field at commas,
  so a category that contains one arrives as several tags.
* ``Duration`` is ``HH:MM:SS`` (hours may exceed 99).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import TextIO

from smfocus.core import fmt
from smfocus.core.csv_safety import safe_cell
from smfocus.exports.rows import ExportEntry

HEADER = (
    "Email", "Start date", "Start time", "Duration", "Project", "Client", "Task",
    "Description", "Billable", "Tags",
)  # fmt: skip
NOTE_SEPARATOR = " — "


def write_toggl(
    entries: Iterable[ExportEntry], tz: tzinfo, out: TextIO, *, email: str = ""
) -> int:
    """Write Toggl's import CSV to ``out``; return the number of entries written.

    ``email`` is the Toggl account's address, on every row; Toggl needs one to
    import time entries, and it can be filled in later in a spreadsheet.
    """
    writer = csv.writer(out)
    writer.writerow(HEADER)
    who = safe_cell(email)
    count = 0
    for entry in entries:
        # Toggl wants the wall clock alone: 2026-03-29T14:30:00+02:00 gives 2026-03-29, 14:30:00.
        start = datetime.fromtimestamp(entry.started_at, tz).isoformat()
        description = NOTE_SEPARATOR.join(part for part in (entry.task, entry.note) if part)
        writer.writerow(
            (
                who,
                start[:10],
                start[11:19],
                fmt.duration(entry.ended_at - entry.started_at).zfill(8),
                safe_cell(entry.project),
                safe_cell(entry.client or ""),
                safe_cell(entry.task or ""),
                safe_cell(description),
                "Yes" if entry.rate_cents else "No",
                safe_cell(entry.category or ""),
            )
        )
        count += 1
    return count
