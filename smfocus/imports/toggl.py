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

from smfocus.core.i18n import N_, _, ngettext
from smfocus.imports.fingerprint import Fingerprints
from smfocus.imports.records import ImportFileError, SourceEntry
from smfocus.imports.spans import RowTimes
from smfocus.imports.textrows import Columns, DescribedColumns, csv_records, spreadsheet_entry
from smfocus.imports.values import HOUR, amount, cents

SOURCE = "toggl"
WHAT = N_("Toggl Track's detailed report (CSV)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _iso_date(text: str) -> date | None:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def read(path: Path, *, tz: tzinfo, project: str | None = None) -> Iterator[SourceEntry]:
    records = csv_records(path)
    first = next(records, None)
    if first is None:
        raise ImportFileError(
            path, _("the file is empty"), hint=_("export {what} again").format(what=_(WHAT))
        )
    columns = Columns(path, first[1], first[0])
    width = len(columns)
    start_date = columns.require("Start date", WHAT)
    start_time = columns.require("Start time", WHAT)
    if columns.find("Duration") is None:
        columns.require("End date", WHAT)
        columns.require("End time", WHAT)
    money = columns.with_unit("Amount")
    amount_at, currency = money if money is not None else (width, None)
    end_date, end_time, length_at = (
        columns.at(name) for name in ("End date", "End time", "Duration")
    )
    described = DescribedColumns.of(columns, note="Description")

    times = RowTimes(path, tz, _iso_date)
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

        rate: int | None = None
        money_text = cells[amount_at].strip()
        if money_text:
            value = amount(money_text)
            if value is None:
                raise ImportFileError(
                    path,
                    _("the amount '{text}' is not a number").format(text=money_text),
                    line=line,
                )
            if value > 0 and ended > started:
                rate = cents(value * HOUR / Decimal(ended - started))
        yield spreadsheet_entry(
            SOURCE, path, line, cells, described, (started, ended),
            (rate, currency if rate is not None else None), project=project, prints=prints,
        )  # fmt: skip
