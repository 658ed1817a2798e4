"""CSV files read one record at a time, with the line each record starts on.

The file is decoded line by line rather than through a text wrapper: a byte
that is not UTF-8 is then reported on its own line (a wrapper decodes 8 KiB
ahead and can only say "somewhere around here"), and memory stays flat
whatever the file's size. A UTF-8 byte-order mark, which spreadsheets and
Toggl put first, is dropped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smfocus.core.i18n import _
from smfocus.imports.fingerprint import Fingerprints
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry
from smfocus.imports.values import tags

BOM = "\ufeff"


def _decoded_lines(path: Path, counter: list[int]) -> Iterator[str]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            counter[0] = number
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportFileError(
                    path,
                    _("this line is not UTF-8 text"),
                    line=number,
                    hint=_("save the file as UTF-8 and import again"),
                ) from None
            if number == 1 and text.startswith(BOM):
                text = text[1:]
            yield text


def csv_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of every record that is not blank, the header first.

    ``line`` is the physical line the record starts on, as a text editor
    numbers it: a description holding line breaks makes a record span several.
    """
    counter = [0]
    reader = csv.reader(_decoded_lines(path, counter), strict=True)
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                path, _("the CSV cannot be read here ({error})").format(error=error), line=last + 1
            ) from None
        first, last = last + 1, counter[0]
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        yield first, cells


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class Columns:
    """A CSV header: where each named column is, whatever the order.

    Names are matched without regard to case or repeated spaces, since
    Toggl writes ``Start date`` where Clockify writes ``Start Date``.
    """

    def __init__(self, path: Path, header: list[str], line: int) -> None:
        self.path = path
        self.line = line
        self.names = [" ".join(name.split()) for name in header]
        self._index: dict[str, int] = {}
        for position, name in enumerate(self.names):
            self._index.setdefault(_key(name), position)

    def __len__(self) -> int:
        return len(self.names)

    def find(self, name: str) -> int | None:
        return self._index.get(_key(name))

    def at(self, name: str) -> int:
        """Where ``name`` is, or else ``len(self)``: readers append an empty cell to
        each row, so a missing optional column reads as empty."""
        position = self.find(name)
        return len(self.names) if position is None else position

    def require(self, name: str, what: str) -> int:
        """Where ``name`` is; ``what`` (marked with N_) names the export, for the hint."""
        position = self.find(name)
        if position is None:
            raise ImportFileError(
                self.path,
                _("the column '{name}' is missing").format(name=name),
                line=self.line,
                hint=_("export it again as {what}").format(what=_(what)),
            )
        return position

    def with_unit(self, prefix: str) -> tuple[int, str | None] | None:
        """The column named ``PREFIX (UNIT)``, e.g. ``Amount (EUR)``: its place and unit.

        An empty unit (``Amount ()``, which Toggl writes for a workspace
        without a currency) comes back as None.
        """
        wanted = _key(prefix) + " ("
        for position, name in enumerate(self.names):
            key = _key(name)
            if key.startswith(wanted) and key.endswith(")"):
                unit = name[len(wanted) : -1].strip()
                return position, unit or None
        return None


def header_names(cells: list[str]) -> set[str]:
    """The header's names, normalised, for format detection."""
    return {_key(cell) for cell in cells}


@dataclass(frozen=True, slots=True)
class DescribedColumns:
    """Where the columns that describe the work stand in a Toggl or Clockify row
    (a missing one points at the empty cell each row gets appended)."""

    user: int
    email: int
    client: int
    project: int
    task: int
    note: int
    tags: int

    @classmethod
    def of(cls, columns: Columns, *, note: str) -> DescribedColumns:
        return cls(
            user=columns.at("User"),
            email=columns.at("Email"),
            client=columns.at("Client"),
            project=columns.at("Project"),
            task=columns.at("Task"),
            note=columns.at(note),
            tags=columns.at("Tags"),
        )


def spreadsheet_entry(
    source: str,
    path: Path,
    line: int,
    cells: list[str],
    at: DescribedColumns,
    span: tuple[int, int],
    money: tuple[int | None, str | None],
    *,
    project: str | None,
    prints: Fingerprints,
) -> SourceEntry:
    """The entry of one row of a time-tracking spreadsheet export.

    Such rows carry no id: the fingerprint of what describes the row (who,
    what, when; not the money, which may be changed later) stands for one.
    """
    started, ended = span
    source_project = cells[at.project].strip()
    client, task = cells[at.client].strip(), cells[at.task].strip()
    note, tag_text = cells[at.note].strip(), cells[at.tags].strip()
    tag_list = tags(tag_text) if tag_text else []
    rate, currency = money
    return SourceEntry(
        source=source,
        source_id=prints.id_for(
            cells[at.user].strip(),
            cells[at.email].strip(),
            source_project,
            client,
            task,
            note,
            ", ".join(tag_list),
            str(started),
            str(ended),
        ),
        project=project or source_project or NO_PROJECT,
        client=client or None,
        task=task or None,
        category=tag_list[0] if tag_list else None,
        note=note or None,
        started_at=started,
        ended_at=ended,
        rate_cents=rate,
        currency=currency,
        file=path.name,
        line=line,
    )
