"""The export use case: tracked time as the exporters read it, in one read transaction.

Entries stream out of the database in batches (``yield_per``) and into the
writer, so exporting a million entries holds one batch in memory, not the
history. A running entry is cut at now: a file shows what happened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from sqlalchemy import select

from smfocus.core import validation
from smfocus.core.i18n import _
from smfocus.core.usertext import os_reason, shown
from smfocus.errors import Fix, NotFoundError, UserError
from smfocus.exports.rows import ExportEntry
from smfocus.store.private_files import PRIVATE_FILE
from smfocus.store.tables import projects, tasks, time_entries
from smfocus.tracker import Tracker

E, P, T = time_entries.c, projects.c, tasks.c
BATCH = 10_000
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which entries to export: those touching [start, end), of a project or client."""

    start: int | None = None
    end: int | None = None
    project: str | None = None
    client: str | None = None


def export_with(
    tracker: Tracker,
    selection: Selection,
    write: Callable[[Iterator[ExportEntry]], Result],
) -> Result:
    """Call ``write`` with the selected entries, oldest first, inside one read
    transaction; return what it returns."""
    now = tracker.clock.now()
    with tracker.read(now) as unit:
        connection, user_id = unit.connection, unit.user_id
        if user_id is None:
            return write(iter(()))
        query = (
            select(
                E.id,
                E.started_at,
                E.ended_at,
                P.client,
                P.name.label("project"),
                T.name.label("task"),
                T.category,
                E.note,
                P.rate_cents,
                P.currency,
            )
            .select_from(
                time_entries.join(projects, P.id == E.project_id).outerjoin(
                    tasks, T.id == E.task_id
                )
            )
            .where(E.user_id == user_id)
            .order_by(E.started_at)
        )
        if selection.start is not None:
            query = query.where((E.ended_at.is_(None)) | (E.ended_at > selection.start))
        if selection.end is not None:
            query = query.where(E.started_at < selection.end)
        if selection.project is not None:
            key = validation.name_key(" ".join(selection.project.split()))
            found = connection.scalar(select(P.id).where(P.user_id == user_id, P.name_key == key))
            if found is None:
                raise NotFoundError(
                    _("There is no project named {project}.").format(
                        project=repr(selection.project[:60])
                    )
                )
            query = query.where(E.project_id == found)
        if selection.client is not None:
            # Compared as names are (case-folded in Python): SQLite's lower()
            # knows only ASCII, and the list of clients is short.
            wanted = validation.name_key(" ".join(selection.client.split()))
            known = connection.scalars(
                select(P.client).where(P.user_id == user_id, P.client.is_not(None)).distinct()
            ).all()
            matches = [name for name in known if validation.name_key(name) == wanted]
            if not matches:
                raise NotFoundError(
                    _("No project has the client {client}.").format(
                        client=repr(selection.client[:60])
                    ),
                    fix=Fix("set_client"),
                )
            query = query.where(P.client.in_(matches))
        rows = connection.execution_options(yield_per=BATCH).execute(query)

        def entries() -> Iterator[ExportEntry]:
            # Rows unpacked as plain tuples and records built positionally: at a
            # million rows, named access and keywords cost more than the query.
            for ident, start, stop, client, project, task, category, note, rate, currency in rows:
                end = stop if stop is not None else max(now, start + 1)
                yield ExportEntry(
                    ident, start, end, client, project, task, category, note, rate, currency
                )

        return write(entries())


FORMATS = ("csv", "toggl", "json", "ical", "timesheet")


def write_format(
    kind: str, tracker: Tracker, selection: Selection, out: TextIO, *, title: str = ""
) -> int:
    """Write the selection to ``out`` in the format ``kind``; return the entries written.

    A timesheet covers [selection.start, selection.end) and is titled ``title``
    (the client's or project's name); a json backup ignores the selection.
    """
    now = tracker.clock.now()
    if kind == "json":
        import json

        from smfocus.backup import export_backup

        document = export_backup(tracker)
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(document["entries"])
    if kind == "csv":
        from smfocus.exports.csv_out import write_csv

        return export_with(tracker, selection, lambda rows: write_csv(rows, tracker.tz, out))
    if kind == "toggl":
        from smfocus.exports.toggl_out import write_toggl

        return export_with(tracker, selection, lambda rows: write_toggl(rows, tracker.tz, out))
    if kind == "ical":
        from smfocus.blocks import list_blocks
        from smfocus.exports.ical_out import write_ical

        domain = f"{tracker.user_name}.smfocus"
        # Blocks belong to no project: they travel with a whole export only.
        mine = list_blocks(tracker) if selection.project is selection.client is None else []
        return export_with(
            tracker,
            selection,
            lambda rows: write_ical(
                rows, out, uid_domain=domain, stamp=now, blocks=mine, tz=tracker.tz
            ),
        )
    if kind != "timesheet":
        raise UserError(
            _("{kind} is not an export format; use one of {formats}.").format(
                kind=repr(kind[:20]), formats=", ".join(FORMATS)
            )
        )
    from smfocus.exports.timesheet import write_timesheet

    first = selection.start if selection.start is not None else 0
    last = selection.end if selection.end is not None else now
    counted = 0

    def counting(rows: Iterator[ExportEntry]) -> Iterator[ExportEntry]:
        nonlocal counted
        for row in rows:
            counted += 1
            yield row

    export_with(
        tracker,
        selection,
        lambda rows: write_timesheet(
            counting(rows), tracker.tz, out, title=title, start=first, end=min(last, now)
        ),
    )
    return counted


class written_whole:  # noqa: N801 - a context manager, named like open()
    """stdout for None or "-", else a file written whole: a temporary file beside
    it, renamed into place at the end, so a failure half-way leaves no truncated
    export behind (and an older export of the same name intact)."""

    def __init__(self, target: str | Path | None) -> None:
        self.target = None if target is None or str(target) == "-" else Path(target)
        self.temporary: Path | None = None
        self.handle: TextIO | None = None

    def __enter__(self) -> TextIO:
        if self.target is None:
            return sys.stdout
        if "\x00" in str(self.target):  # the OS refuses it, and Path raises ValueError
            raise UserError(
                _("The file name {name} holds a NUL character; choose another file.").format(
                    name=shown(str(self.target))
                )
            )
        if self.target.is_dir():
            raise UserError(_("{path} is a folder; give a file name.").format(path=self.target))
        self.temporary = self.target.with_name(f".{self.target.name}.part")
        try:
            # Private like the database it comes from (task names, clients,
            # rates): the user shares it on purpose, never by umask.
            descriptor = os.open(
                self.temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE
            )
            self.handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        except OSError as error:
            raise UserError(
                _("Cannot write {path} ({reason}); choose another file.").format(
                    path=self.target, reason=os_reason(error)
                )
            ) from None
        return self.handle

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.handle is None or self.temporary is None or self.target is None:
            return
        self.handle.close()
        if error is None:
            self.temporary.replace(self.target)
        else:
            self.temporary.unlink(missing_ok=True)
