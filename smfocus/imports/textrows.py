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
from pathlib import Path

from smfocus.imports.records import ImportFileError

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
                    "this line is not UTF-8 text",
                    line=number,
                    hint="save the file as UTF-8 and import again",
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
                path, f"the CSV cannot be read here ({error})", line=last + 1
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
        position = self.find(name)
        if position is None:
            raise ImportFileError(
                self.path,
                f"the column '{name}' is missing",
                line=self.line,
                hint=f"export it again as {what}",
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
