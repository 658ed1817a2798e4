"""From a row's local start, end and duration cells to UTC seconds, or a precise error.

Shared by the CSV importers, whose rows all say "start date, start time, end
date, end time, duration" in one column layout or another.

Dates, times and durations repeat row after row, so each distinct text is
parsed once per file. The memos belong to one file's reading, not to the
process, so the tray app holds nothing once an import is done; they are
bounded by what can be valid (a few thousand dates, 86,400 times of day),
and the durations' memo is emptied when it grows past
:data:`MEMO_LIMIT` (durations to the second can be as many as the rows).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from pathlib import Path

from smfocus.core.i18n import N_, _
from smfocus.imports.localtimes import WallClock, pick
from smfocus.imports.records import ImportFileError
from smfocus.imports.values import clock_seconds, duration_seconds

MEMO_LIMIT = 100_000

# Each cell's complaint as a whole sentence: (plain, with a note on the file's date order).
NOT_A_DATE = {
    "start date": (
        N_("the start date '{text}' is not a date"),
        N_("the start date '{text}' is not a date ({note})"),
    ),
    "end date": (
        N_("the end date '{text}' is not a date"),
        N_("the end date '{text}' is not a date ({note})"),
    ),
}
NOT_A_TIME = {
    "start time": N_("the start time '{text}' is not a time of day"),
    "end time": N_("the end time '{text}' is not a time of day"),
}


class RowTimes:
    """Reads the time cells of one CSV file, in the exporting profile's zone."""

    def __init__(
        self,
        path: Path,
        tz: tzinfo,
        parse_date: Callable[[str], date | None],
        date_note: Callable[[str], str] | None = None,
    ) -> None:
        self.path = path
        self.clock = WallClock(tz)
        self._parse_date = parse_date
        self._date_note = date_note
        self._dates: dict[str, date | None] = {}
        self._times: dict[str, int | None] = {}
        self._durations: dict[str, int | None] = {}

    def date(self, line: int, text: str, what: str) -> date:
        try:
            day = self._dates[text]
        except KeyError:
            day = self._dates[text] = self._parse_date(text)
        if day is None:
            note = self._date_note(text) if self._date_note is not None else ""
            plain, noted = NOT_A_DATE[what]
            problem = _(noted if note else plain).format(text=text, note=note)
            raise ImportFileError(self.path, problem, line=line)
        return day

    def time_of_day(self, line: int, text: str, what: str) -> int:
        try:
            seconds = self._times[text]
        except KeyError:
            seconds = self._times[text] = clock_seconds(text)
        if seconds is None:
            raise ImportFileError(self.path, _(NOT_A_TIME[what]).format(text=text), line=line)
        return seconds

    def duration(self, line: int, text: str) -> int | None:
        if not text:
            return None
        try:
            seconds = self._durations[text]
        except KeyError:
            if len(self._durations) >= MEMO_LIMIT:
                self._durations.clear()
            seconds = self._durations[text] = duration_seconds(text)
        if seconds is None:
            raise ImportFileError(
                self.path,
                _("the duration '{text}' is not a duration").format(text=text),
                line=line,
            )
        return seconds

    def span(
        self,
        line: int,
        start: tuple[str, str],
        end: tuple[str, str],
        duration: str,
    ) -> tuple[int, int]:
        """UTC (start, end) of a row from its (date, time) cells; an empty end
        means start + duration."""
        starts = self.clock.readings(
            self.date(line, start[0], "start date"), self.time_of_day(line, start[1], "start time")
        )
        length = self.duration(line, duration)
        if not end[0] and not end[1]:
            if length is None:
                raise ImportFileError(
                    self.path, _("this row has neither an end time nor a duration"), line=line
                )
            return starts[0], starts[0] + length
        ends = self.clock.readings(
            self.date(line, end[0], "end date"), self.time_of_day(line, end[1], "end time")
        )
        began, ended = pick(starts, ends, length)
        if ended < began:
            raise ImportFileError(self.path, _("this entry ends before it starts"), line=line)
        return began, ended
