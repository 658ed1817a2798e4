"""Other trackers' files read as plain records: no database, no Qt.

``read(path, tz=...)`` detects the format (:mod:`smfocus.imports.detect`)
and streams :class:`~smfocus.imports.records.SourceEntry` records from the
format's reader, one module per tracker: :mod:`~smfocus.imports.toggl`,
:mod:`~smfocus.imports.clockify`, :mod:`~smfocus.imports.watson`,
:mod:`~smfocus.imports.timewarrior`. Readers are generators: a file is read
as it is consumed, and an :class:`~smfocus.imports.records.ImportFileError`
may come from any step of the iteration, so the caller writes nothing until
it has consumed them all (or writes inside one transaction).

smfocus's own backup (``"format": "smfocus-backup"``) is detected here but
read elsewhere: :data:`READERS` has no entry for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path

from smfocus.core.i18n import _
from smfocus.errors import UserError
from smfocus.imports import clockify, timewarrior, toggl, watson
from smfocus.imports.detect import detect
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry

Reader = Callable[..., Iterator[SourceEntry]]
READERS: dict[str, Reader] = {
    toggl.SOURCE: toggl.read,
    clockify.SOURCE: clockify.read,
    watson.SOURCE: watson.read,
    timewarrior.SOURCE: timewarrior.read,
}
FORMATS = tuple(READERS)

__all__ = [
    "FORMATS",
    "NO_PROJECT",
    "READERS",
    "ImportFileError",
    "SourceEntry",
    "detect",
    "read",
]


def read(
    path: Path, *, tz: tzinfo, format: str | None = None, project: str | None = None
) -> Iterator[SourceEntry]:
    """The entries of ``path``, in the file's order; ``format`` None means detect it."""
    name = format or detect(path)
    reader = READERS.get(name)
    if reader is None:
        known = ", ".join(FORMATS)
        raise UserError(
            _("There is no importer for '{name}'; choose one of {known}.").format(
                name=name, known=known
            )
        )
    return reader(path, tz=tz, project=project)
