"""One file or folder in, whatever wrote it: detect, read, land.

The single entry point the CLI and the app share. Another tracker's export
goes through the readers of :mod:`smfocus.imports` and the importer; an
smfocus backup is a whole document (projects, phases, settings as well as
entries) and goes through :mod:`smfocus.backup`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path

from smfocus.backup import check_document, import_backup
from smfocus.core.i18n import _
from smfocus.errors import UserError
from smfocus.importer import ImportSummary, OverlapPolicy, Progress, import_history
from smfocus.imports import detect, read
from smfocus.imports.records import ImportFileError, SourceEntry
from smfocus.tracker import Tracker

Reading = Callable[[Iterator[SourceEntry]], Iterator[SourceEntry]]


def import_path(
    tracker: Tracker,
    path: Path,
    *,
    max_seconds: int,
    format_name: str | None = None,
    tz: tzinfo | None = None,
    project: str | None = None,
    on_overlap: OverlapPolicy = OverlapPolicy.FAIL,
    dry_run: bool = False,
    reading: Reading | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path`` in one transaction; ``reading`` wraps the stream of records
    (a progress display), ``progress`` follows the writing."""
    if format_name is not None and not path.exists():
        raise ImportFileError(path, _("there is no such file"), hint=_("check the path"))
    chosen = format_name or detect(path)
    if chosen == "smfocus":
        if project is not None:
            raise UserError(_("A backup keeps its own projects; import it without a project."))
        document = check_document(_load_json(path), path.name)
        return import_backup(
            tracker, document, where=path.name, max_seconds=max_seconds,
            on_overlap=on_overlap, dry_run=dry_run, progress=progress,
        )  # fmt: skip
    items = read(path, tz=tz or tracker.tz, format=chosen, project=project)
    return import_history(
        tracker,
        reading(items) if reading is not None else items,
        format_name=chosen,
        max_seconds=max_seconds,
        on_overlap=on_overlap,
        project=project,
        dry_run=dry_run,
        progress=progress,
    )


def _load_json(path: Path) -> object:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(
            _("Cannot read {file} as a backup ({reason}); check the file.").format(
                file=path.name, reason=error
            )
        ) from None
