"""Timewarrior's data: its monthly files, or the JSON that ``timew export`` prints.

``path`` is Timewarrior's data folder (``~/.timewarrior/data``, or the folder
above it, or ``$TIMEWARRIORDB``), one ``YYYY-MM.data`` file, or a JSON export.

* A data line is ``inc START - END # tag "tag 2" # "annotation"``: times are
  UTC, ``YYYYMMDDTHHMMSSZ``; a tag holding a space or a quote is quoted, with
  ``\\"`` and ``\\\\`` escapes; the annotation comes after a second ``#``
  (quoted by recent versions, bare words joined with one space by old ones).
  ``inc START # ...`` with no end is the interval still running
  (``ended_at`` None). Blank lines are skipped.
* ``timew export`` prints ``[{"id": 1, "start": "...", "end": "...", "tags":
  [...], "annotation": "..."}]``; no ``end`` means running.
* Timewarrior has no projects: the first tag becomes the project and the
  other tags the task, joined with " "; with no tag the project is
  :data:`~smfocus.imports.records.NO_PROJECT`. ``project=NAME`` puts every
  entry in NAME and all the tags form the task. Timewarrior keeps an
  interval's tags sorted (it stores them in an ordered set), so "first" means
  first in that order, not as typed.
* The annotation becomes the note. ``source_id`` is the start as written
  (``20250102T080000Z``): Timewarrior does not let two intervals start at the
  same second. ``line`` is the line in the monthly file, or the record number
  in an export.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from smfocus.core.i18n import N_, _
from smfocus.imports.jsonfile import load
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry

SOURCE = "timewarrior"
WHAT = N_("Timewarrior's data")
EXPORT_WHAT = N_("the intervals with timew export")
MONTH_FILE = re.compile(r"\d{4}-\d{2}\.data")
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def month_files(folder: Path) -> list[Path]:
    """The monthly data files of a data folder, or of the folder above it, oldest first."""
    for place in (folder, folder / "data"):
        if place.is_dir():
            found = sorted(
                child
                for child in place.iterdir()
                if MONTH_FILE.fullmatch(child.name) and child.is_file()
            )
            if found:
                return found
    return []


def read(path: Path, *, tz: tzinfo, project: str | None = None) -> Iterator[SourceEntry]:
    del tz  # Timewarrior stores UTC
    if path.is_dir():
        files = month_files(path)
        if not files:
            raise ImportFileError(
                path,
                _("this folder holds no Timewarrior data file (YYYY-MM.data)"),
                hint=_("choose Timewarrior's data folder"),
            )
        for file in files:
            yield from _data_file(file, project)
        return
    if _starts_like_json(path):
        yield from _export(path, load(path, EXPORT_WHAT), project)
    else:
        yield from _data_file(path, project)


def _starts_like_json(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"[", b"{"))


def epoch(stamp: str) -> int | None:
    """UTC seconds of ``20250102T080000Z``, or None if it is not such a time."""
    match = _STAMP.fullmatch(stamp)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    try:
        days = date(year, month, day).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        return None
    return days * 86_400 + hour * 3600 + minute * 60 + second


def tokens(text: str) -> list[tuple[str, bool]]:
    """Words of a data line as ``(word, quoted)``; quotes removed, escapes undone.

    ``quoted`` tells a tag that is literally ``#`` or ``-`` (which Timewarrior
    quotes) from the separators. A backslash escapes a quote or a backslash
    and is kept before anything else (``C:\\temp`` stays as written). Raises
    ValueError for a quote never closed.
    """
    words: list[tuple[str, bool]] = []
    position, size = 0, len(text)
    while position < size:
        if text[position].isspace():
            position += 1
            continue
        if text[position] in "\"'":
            quote, position = text[position], position + 1
            word: list[str] = []
            while True:
                if position >= size:
                    raise ValueError(_("a quote is never closed"))
                char = text[position]
                if char == "\\" and position + 1 < size and text[position + 1] in "\"'\\":
                    word.append(text[position + 1])
                    position += 2
                elif char == quote:
                    position += 1
                    break
                else:
                    word.append(char)
                    position += 1
            words.append(("".join(word), True))
        else:
            end = position
            while end < size and not text[end].isspace():
                end += 1
            words.append((text[position:end], False))
            position = end
    return words


def _entry(
    path: Path,
    line: int,
    unit: str,
    start: str,
    end: str | None,
    tags: list[str],
    annotation: str | None,
    project: str | None,
) -> SourceEntry:
    started = epoch(start)
    if started is None:
        raise ImportFileError(
            path,
            _("the start '{text}' is not a time like 20250102T080000Z").format(text=start),
            line=line,
            unit=unit,
        )
    ended = None
    if end is not None:
        ended = epoch(end)
        if ended is None:
            raise ImportFileError(
                path,
                _("the end '{text}' is not a time like 20250102T080000Z").format(text=end),
                line=line,
                unit=unit,
            )
        if ended < started:
            raise ImportFileError(
                path, _("this interval ends before it starts"), line=line, unit=unit
            )
    tags = [tag for tag in tags if tag]
    if project is None:
        project, task_tags = (tags[0], tags[1:]) if tags else (NO_PROJECT, [])
    else:
        task_tags = tags
    return SourceEntry(
        source=SOURCE,
        source_id=start,
        project=project,
        client=None,
        task=" ".join(task_tags) or None,
        category=None,
        note=annotation or None,
        started_at=started,
        ended_at=ended,
        rate_cents=None,
        currency=None,
        file=path.name,
        line=line,
    )


def _data_file(path: Path, project: str | None) -> Iterator[SourceEntry]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportFileError(
                    path, _("this line is not UTF-8 text"), line=number, hint=_("save it as UTF-8")
                ) from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip():
                continue
            yield _data_line(path, number, text, project)


def _data_line(path: Path, number: int, text: str, project: str | None) -> SourceEntry:
    try:
        words = tokens(text)
    except ValueError as error:
        raise ImportFileError(path, str(error), line=number) from None
    if not words or words[0] != ("inc", False) or len(words) < 2:
        raise ImportFileError(
            path,
            _("this line is not a Timewarrior interval ('inc START - END # tags')"),
            line=number,
        )
    start, rest = words[1][0], words[2:]
    end = None
    if rest and rest[0] == ("-", False):
        if len(rest) < 2:
            raise ImportFileError(path, _("this interval has a '-' but no end"), line=number)
        end, rest = rest[1][0], rest[2:]
    tags: list[str] = []
    annotation: str | None = None
    if rest:
        if rest[0] != ("#", False):
            raise ImportFileError(
                path,
                _("'{word}' stands where '#' and the tags should").format(word=rest[0][0]),
                line=number,
            )
        rest = rest[1:]
        separator = rest.index(("#", False)) if ("#", False) in rest else len(rest)
        tags = [word for word, _quoted in rest[:separator]]
        annotation = " ".join(word for word, _quoted in rest[separator + 1 :]) or None
    return _entry(path, number, "line", start, end, tags, annotation, project)


def _export(path: Path, data: Any, project: str | None) -> Iterator[SourceEntry]:
    if not isinstance(data, list):
        raise ImportFileError(
            path, _("this is not a list of intervals"), hint=_("export it again with timew export")
        )
    for record, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("start"), str):
            raise ImportFileError(
                path, _("this is not an interval with a start"), line=record, unit="record"
            )
        end = item.get("end")
        tags = item.get("tags", [])
        annotation = item.get("annotation")
        if (
            (end is not None and not isinstance(end, str))
            or not isinstance(tags, list)
            or not all(isinstance(tag, str) for tag in tags)
            or (annotation is not None and not isinstance(annotation, str))
        ):
            raise ImportFileError(
                path,
                _("this interval's end, tags or annotation are not text"),
                line=record,
                unit="record",
            )
        yield _entry(path, record, "record", item["start"], end, tags, annotation, project)
