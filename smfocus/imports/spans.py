"""From a row's local start, end and duration to UTC seconds, or a precise error.

Shared by the CSV importers, whose rows all say "start date, start time, end
date, end time, duration" in one column layout or another.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from smfocus.imports.localtimes import WallClock, pick
from smfocus.imports.records import ImportFileError
from smfocus.imports.values import clock_seconds, duration_seconds


def cell(cells: list[str], index: int | None) -> str:
    return "" if index is None else cells[index].strip()


def time_of_day(path: Path, line: int, text: str, what: str) -> int:
    seconds = clock_seconds(text)
    if seconds is None:
        raise ImportFileError(path, f"the {what} '{text}' is not a time of day", line=line)
    return seconds


def duration(path: Path, line: int, text: str) -> int | None:
    if not text:
        return None
    seconds = duration_seconds(text)
    if seconds is None:
        raise ImportFileError(path, f"the duration '{text}' is not a duration", line=line)
    return seconds


def span(
    path: Path,
    line: int,
    clock: WallClock,
    start: tuple[date, int],
    end: tuple[date, int] | None,
    length: int | None,
) -> tuple[int, int]:
    """UTC (start, end) of a row; ``end`` None means "start + duration"."""
    starts = clock.readings(*start)
    if end is None:
        if length is None:
            raise ImportFileError(
                path, "this row has neither an end time nor a duration", line=line
            )
        first = pick(starts, starts, None)[0]
        return first, first + length
    began, ended = pick(starts, clock.readings(*end), length)
    if ended < began:
        raise ImportFileError(path, "this entry ends before it starts", line=line)
    return began, ended
