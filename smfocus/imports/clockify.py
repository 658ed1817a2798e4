"""Clockify's detailed report, exported as CSV.

Header (columns in any order, names in any case)::

    Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,
    Start Time,End Date,End Time,Duration (h),Duration (decimal),
    Billable Rate (USD),Billable Amount (USD)

* Required: ``Start Date``, ``Start Time``, and ``End Date`` with ``End
  Time`` or a duration column (``Duration (h)``, else ``Duration (decimal)``).
* Clockify writes dates in the user's chosen format: ``MM/DD/YYYY``,
  ``DD/MM/YYYY``, ``MM-DD-YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY`` or
  ``YYYY-MM-DD``. A four-digit first part is a year (year, month, day).
  Otherwise the order of day and month is decided for the whole file: a
  first part above 12 anywhere means day first, a second part above 12 means
  month first. A file that never tells (every day is 1–12) is read month
  first, Clockify's default format, unless its dates use dots (Clockify's
  only dotted format is ``DD.MM.YYYY``); ``date_order`` overrides both. A date
  that contradicts the order is an error on its own line.
* Times are 24-hour (``14:00:00``) or 12-hour (``02:00:00 PM``), in the
  exporting profile's zone, given as ``tz``: change days as in
  :mod:`smfocus.imports.localtimes` (the duration chooses among the readings
  of a repeated hour, the clock times win).
* ``Tags`` joins the tags with ", ": the first becomes the category.
* ``Billable Rate (CUR)``: a positive rate gives ``rate_cents`` and the
  currency from the header; without that column, a positive ``Billable
  Amount`` over the duration does.
* No id: ``source_id`` is a fingerprint (:mod:`smfocus.imports.fingerprint`).
  No project: :data:`~smfocus.imports.records.NO_PROJECT`; ``project=NAME``
  puts every entry in NAME.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, tzinfo
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from smfocus.core.i18n import N_, _, ngettext
from smfocus.imports.fingerprint import Fingerprints
from smfocus.imports.records import ImportFileError, SourceEntry
from smfocus.imports.spans import RowTimes
from smfocus.imports.textrows import Columns, DescribedColumns, csv_records, spreadsheet_entry
from smfocus.imports.values import HOUR, amount, cents

SOURCE = "clockify"
WHAT = N_("Clockify's detailed report (CSV)")
_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})")


class DateOrder(StrEnum):
    """Which of a date's first two parts is the day, when the year comes last."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


def _parts(text: str) -> tuple[int, int, int, str] | None:
    """(first, second, year, separator) of a year-last date, or (y, m, d, "") of year-first."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    if len(match[1]) == 4:
        return int(match[1]), int(match[3]), int(match[4]), ""
    if len(match[4]) != 4:
        return None
    return int(match[1]), int(match[3]), int(match[4]), match[2]


def _decide(path: Path, places: tuple[int, int]) -> DateOrder:
    """The file's date order, read from as few rows as it takes."""
    dotted = False
    records = csv_records(path)
    next(records, None)
    for _line, cells in records:
        for place in places:
            if place >= len(cells):
                continue
            parts = _parts(cells[place].strip())
            if parts is None or not parts[3]:
                continue
            dotted = dotted or parts[3] == "."
            if parts[0] > 12:
                return DateOrder.DAY_FIRST
            if parts[1] > 12:
                return DateOrder.MONTH_FIRST
    return DateOrder.DAY_FIRST if dotted else DateOrder.MONTH_FIRST


def _calendar_date(text: str, order: DateOrder) -> date | None:
    parts = _parts(text)
    if parts is None:
        return None
    first, second, third, separator = parts
    try:
        if not separator:
            return date(first, second, third)
        if order is DateOrder.DAY_FIRST:
            return date(third, second, first)
        return date(third, first, second)
    except ValueError:
        return None


def _order_note(text: str, order: DateOrder) -> str:
    parts = _parts(text)
    if parts is None or not parts[3]:
        return ""
    if order is DateOrder.DAY_FIRST:
        return _("the file writes dates day-first")
    return _("the file writes dates month-first")


def read(
    path: Path,
    *,
    tz: tzinfo,
    project: str | None = None,
    date_order: DateOrder | None = None,
) -> Iterator[SourceEntry]:
    records = csv_records(path)
    first = next(records, None)
    if first is None:
        raise ImportFileError(
            path, _("the file is empty"), hint=_("export {what} again").format(what=_(WHAT))
        )
    columns = Columns(path, first[1], first[0])
    width = len(columns)
    start_date = columns.require("Start Date", WHAT)
    start_time = columns.require("Start Time", WHAT)
    length_at = columns.find("Duration (h)")
    if length_at is None:
        length_at = columns.find("Duration (decimal)")
    if length_at is None:
        columns.require("End Date", WHAT)
        columns.require("End Time", WHAT)
    rate_column = columns.with_unit("Billable Rate")
    amount_column = columns.with_unit("Billable Amount")
    end_date, end_time = columns.at("End Date"), columns.at("End Time")
    described = DescribedColumns.of(columns, note="Description")
    if length_at is None:
        length_at = width
    order = date_order or _decide(path, (start_date, end_date))

    times = RowTimes(
        path,
        tz,
        lambda text: _calendar_date(text, order),
        lambda text: _order_note(text, order),
    )
    prints = Fingerprints()
    for line, cells in records:
        if len(cells) != width:
            raise ImportFileError(
                path,
                ngettext(
                    "this row has {count} field where the header has {width}",
                    "this row has {count} fields where the header has {width}",
                    len(cells),
                ).format(count=len(cells), width=width),
                line=line,
            )
        cells.append("")
        started, ended = times.span(
            line,
            (cells[start_date].strip(), cells[start_time].strip()),
            (cells[end_date].strip(), cells[end_time].strip()),
            cells[length_at].strip(),
        )

        rate, currency = _rate(path, line, cells, rate_column, amount_column, ended - started)
        yield spreadsheet_entry(
            SOURCE, path, line, cells, described, (started, ended), (rate, currency),
            project=project, prints=prints,
        )  # fmt: skip


def _rate(
    path: Path,
    line: int,
    cells: list[str],
    rate_column: tuple[int, str | None] | None,
    amount_column: tuple[int, str | None] | None,
    seconds: int,
) -> tuple[int | None, str | None]:
    if rate_column is not None:
        place, currency = rate_column
        per_hour = _money(path, line, cells[place].strip())
        if per_hour is None or per_hour <= 0:
            return None, None
        return cents(per_hour), currency
    if amount_column is not None and seconds > 0:
        place, currency = amount_column
        total = _money(path, line, cells[place].strip())
        if total is None or total <= 0:
            return None, None
        return cents(total * HOUR / Decimal(seconds)), currency
    return None, None


def _money(path: Path, line: int, text: str) -> Decimal | None:
    if not text:
        return None
    value = amount(text)
    if value is None:
        raise ImportFileError(
            path, _("the amount '{text}' is not a number").format(text=text), line=line
        )
    return value
