"""Toggl Track's detailed report, exported as CSV.

Header (columns in any order, names in any case)::

    User,Email,Client,Project,Task,Description,Billable,Start date,Start time,
    End date,End time,Duration,Tags,Amount (EUR)

* Required: ``Start date``, ``Start time``, and either ``End date`` with
  ``End time`` or ``Duration`` (the columns Toggl's own import accepts).
* Dates ``YYYY-MM-DD``, times ``HH:MM:SS`` (a 12-hour ``02:05:09 PM`` is
  read too), in the exporting profile's zone, given as ``tz``: see
  :mod:`smfocus.imports.localtimes` for change days; the Duration chooses
  among the readings of a repeated hour and the clock times win. An entry
  crossing midnight has its End date on the next day. With no end columns,
  the end is start + Duration.
* ``Tags`` joins the tags with ", ": the first becomes the category.
* ``Amount (CUR)``: the currency is in the header, and may be empty
  (``Amount ()``). A positive amount over a positive duration gives the
  hourly rate, ``rate_cents`` (rounded half up to the cent).
* No id: ``source_id`` is a fingerprint (:mod:`smfocus.imports.fingerprint`).
* No project: :data:`~smfocus.imports.records.NO_PROJECT`; ``project=NAME``
  puts every entry in NAME.
* A zero-length entry (start = end) is yielded as it is; one that ends
  before it starts is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, tzinfo
from decimal import Decimal
from pathlib import Path

from smfocus.imports.fingerprint import Fingerprints
from smfocus.imports.localtimes import WallClock
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry
from smfocus.imports.spans import cell, duration, span, time_of_day
from smfocus.imports.textrows import Columns, csv_records
from smfocus.imports.values import HOUR, amount, cents, tags, text_or_none

SOURCE = "toggl"
WHAT = "Toggl Track's detailed report (CSV)"
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date(path: Path, line: int, text: str, what: str) -> date:
    match = _ISO_DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ImportFileError(path, f"the {what} '{text}' is not a date", line=line) from None


def read(path: Path, *, tz: tzinfo, project: str | None = None) -> Iterator[SourceEntry]:
    records = csv_records(path)
    first = next(records, None)
    if first is None:
        raise ImportFileError(path, "the file is empty", hint=f"export {WHAT} again")
    columns = Columns(path, first[1], first[0])
    start_date = columns.require("Start date", WHAT)
    start_time = columns.require("Start time", WHAT)
    end_date, end_time = columns.find("End date"), columns.find("End time")
    length_at = columns.find("Duration")
    if length_at is None:
        end_date = columns.require("End date", WHAT)
        end_time = columns.require("End time", WHAT)
    user, email = columns.find("User"), columns.find("Email")
    client_at, project_at = columns.find("Client"), columns.find("Project")
    task_at, note_at, tags_at = (
        columns.find("Task"),
        columns.find("Description"),
        columns.find("Tags"),
    )
    money = columns.with_unit("Amount")
    amount_at, currency = money if money is not None else (None, None)

    clock = WallClock(tz)
    prints = Fingerprints()
    width = len(columns)
    for line, cells in records:
        if len(cells) != width:
            raise ImportFileError(
                path,
                f"this row has {len(cells)} fields where the header has {width}",
                line=line,
            )
        begin = (
            _date(path, line, cell(cells, start_date), "start date"),
            time_of_day(path, line, cell(cells, start_time), "start time"),
        )
        end_day_text, end_time_text = cell(cells, end_date), cell(cells, end_time)
        end = None
        if end_day_text or end_time_text:
            end = (
                _date(path, line, end_day_text, "end date"),
                time_of_day(path, line, end_time_text, "end time"),
            )
        length = duration(path, line, cell(cells, length_at))
        started, ended = span(path, line, clock, begin, end, length)

        source_project = cell(cells, project_at)
        client, task = cell(cells, client_at), cell(cells, task_at)
        note, tag_text = cell(cells, note_at), cell(cells, tags_at)
        tag_list = tags(tag_text)
        rate: int | None = None
        money_text = cell(cells, amount_at)
        if money_text:
            value = amount(money_text)
            if value is None:
                raise ImportFileError(
                    path, f"the amount '{money_text}' is not a number", line=line
                )
            if value > 0 and ended > started:
                rate = cents(value * HOUR / Decimal(ended - started))
        yield SourceEntry(
            source=SOURCE,
            source_id=prints.id_for(
                (
                    cell(cells, user),
                    cell(cells, email),
                    source_project,
                    client,
                    task,
                    note,
                    ", ".join(tag_list),
                    started,
                    ended,
                )
            ),
            project=project or source_project or NO_PROJECT,
            client=text_or_none(client),
            task=text_or_none(task),
            category=tag_list[0] if tag_list else None,
            note=text_or_none(note),
            started_at=started,
            ended_at=ended,
            rate_cents=rate,
            currency=currency if rate is not None else None,
            file=path.name,
            line=line,
        )
