"""What every importer yields, and the one error it raises.

A :class:`SourceEntry` is one time entry as another tracker wrote it, already
turned into smfocus's terms (UTC epoch seconds, a project name that is never
empty) but not yet checked against the database: overlaps, duplicates and
projects that do not exist yet are the importing use case's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from smfocus.core.i18n import _
from smfocus.errors import UserError

NO_PROJECT = "(no project)"
"""The project of an entry that had none in its source.

Parenthesised so that it sorts apart and cannot be mistaken for a name a
client chose; it is a plain project once imported, and can be renamed.
"""


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One entry read from another tracker's file.

    ``source_id`` is stable for the same entry in the same source: the tracker's
    own id where it has one (Watson's frame id, Timewarrior's start), otherwise
    a fingerprint of the row (see :mod:`smfocus.imports.fingerprint`), so that
    importing a file twice, or two exports that overlap, names each entry the
    same way. ``ended_at`` is None for an entry still running in the source.
    ``file`` and ``line`` say where the entry starts (a line, or a record
    number in a JSON list), for messages: ``file`` is the name of the file
    read, which is not the path imported when that was a folder (Watson's
    ``frames`` or ``state``, one of Timewarrior's monthly files).
    """

    source: str
    source_id: str | None  # None: no id in the source (hand-typed entries in a backup)
    project: str
    client: str | None
    task: str | None
    category: str | None
    note: str | None
    started_at: int
    ended_at: int | None
    rate_cents: int | None
    currency: str | None
    file: str
    line: int


class ImportFileError(UserError):
    """A file that cannot be imported as it is, with where and why.

    The message is one sentence: the file's name, the line (or record), what
    is wrong and what to do, e.g. ``toggl.csv, line 7: the start date
    '31/02/2025' is not a date; fix it and import again.``
    """

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        line: int | None = None,
        unit: str = "line",
        hint: str | None = None,
    ) -> None:
        """``problem`` and ``hint`` come translated; ``unit`` is ``line`` or ``record``
        (an item of a JSON list)."""
        self.path = path
        self.problem = problem
        self.line = line
        where = path.name or str(path)
        if line is not None:
            if unit == "record":
                where = _("{file}, record {line}").format(file=where, line=line)
            else:
                where = _("{file}, line {line}").format(file=where, line=line)
        if hint is None:
            hint = _("fix it and import again")
        # TRANSLATORS: where in the file, what is wrong there, and what to do.
        super().__init__(
            _("{where}: {problem}; {hint}.").format(where=where, problem=problem, hint=hint)
        )
