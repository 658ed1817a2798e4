"""smfocus's own JSON backup: everything one person tracked, and back again.

The document names things instead of numbering them (a task belongs to a
project by name, an interruption sits inside its entry), so it means the same
in any database: ``export json`` -> import into an empty folder -> ``export
json`` gives the same document. Times are UTC epoch seconds, as stored, so
nothing is rounded or re-read through a time zone.

Restoring goes through the importer for the entries (the same checks, the
same overlap policies, one transaction); projects and tasks keep every field;
an entry counts as already here when one with the same start and end is
stored, so restoring a backup twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, insert, select

from smfocus.core import validation
from smfocus.core.i18n import _
from smfocus.errors import Fix, UserError
from smfocus.importer import (
    ImportSummary,
    OverlapPolicy,
    Progress,
    checked,
    in_transaction,
    land,
)
from smfocus.imports.records import SourceEntry
from smfocus.store.rows import new_id
from smfocus.store.tables import (
    interruptions,
    pomodoro_phases,
    projects,
    settings,
    tasks,
    time_entries,
)
from smfocus.tracker import Tracker

FORMAT = "smfocus-backup"
VERSION = 1
E, P, T, IN, PH, S = (
    time_entries.c,
    projects.c,
    tasks.c,
    interruptions.c,
    pomodoro_phases.c,
    settings.c,
)
PROJECT_FIELDS = (
    "name", "client", "colour", "rate_cents", "currency", "value_cents", "value_per",
    "priority", "archived", "created_at",
)  # fmt: skip
TASK_FIELDS = ("name", "category", "estimate_pomodoros", "done", "created_at")
PHASE_FIELDS = (
    "kind", "started_at", "ends_at", "duration", "paused_at", "ended_at", "outcome",
    "work_count",
)  # fmt: skip


def export_backup(tracker: Tracker) -> dict[str, Any]:
    """The whole history of the tracker's user, as one JSON-ready document."""
    with tracker.read() as unit:
        connection, user_id = unit.connection, unit.user_id
        document: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "projects": [],
            "entries": [],
            "pomodoro_phases": [],
            "settings": {},
        }
        if user_id is None:
            return document
        names = _names(connection, user_id)
        for row in connection.execute(
            select(projects).where(P.user_id == user_id).order_by(P.name_key)
        ).mappings():
            project = {key: _plain(row[key]) for key in PROJECT_FIELDS}
            project["tasks"] = [
                {key: _plain(task[key]) for key in TASK_FIELDS}
                for task in connection.execute(
                    select(tasks).where(T.project_id == row["id"]).order_by(T.name_key)
                ).mappings()
            ]
            document["projects"].append(project)
        by_entry: dict[int, list[dict[str, Any]]] = {}
        for interruption in connection.execute(
            select(IN.entry_id, IN.at, IN.kind, IN.note)
            .join(time_entries, E.id == IN.entry_id)
            .where(E.user_id == user_id)
            .order_by(IN.at, IN.id)
        ):
            by_entry.setdefault(interruption.entry_id, []).append(
                {"at": interruption.at, "kind": interruption.kind, "note": interruption.note}
            )
        for row in connection.execute(
            select(time_entries).where(E.user_id == user_id).order_by(E.started_at)
        ).mappings():
            document["entries"].append(
                {
                    "project": names.projects[row["project_id"]],
                    "task": names.tasks.get(row["task_id"]) if row["task_id"] else None,
                    "started_at": row["started_at"],
                    "ended_at": row["ended_at"],
                    "note": row["note"],
                    "source": row["source"],
                    "source_ref": row["source_ref"],
                    "interruptions": by_entry.get(row["id"], []),
                }
            )
        for row in connection.execute(
            select(pomodoro_phases).where(PH.user_id == user_id).order_by(PH.started_at, PH.id)
        ).mappings():
            phase = {key: _plain(row[key]) for key in PHASE_FIELDS}
            phase["project"] = names.projects.get(row["project_id"]) if row["project_id"] else None
            phase["task"] = names.tasks.get(row["task_id"]) if row["task_id"] else None
            document["pomodoro_phases"].append(phase)
        document["settings"] = dict(
            connection.execute(
                select(S.key, S.value).where(S.user_id == user_id).order_by(S.key)
            ).all()
        )
        return document


class _Names:
    def __init__(self) -> None:
        self.projects: dict[int, str] = {}
        self.tasks: dict[int, str] = {}


def _names(connection: Connection, user_id: int) -> _Names:
    names = _Names()
    names.projects = {
        ident: name
        for ident, name in connection.execute(select(P.id, P.name).where(P.user_id == user_id))
    }
    names.tasks = {
        ident: name
        for ident, name in connection.execute(
            select(T.id, T.name).join(projects, P.id == T.project_id).where(P.user_id == user_id)
        )
    }
    return names


def _plain(value: Any) -> Any:
    return bool(value) if isinstance(value, bool) else value


# -- reading a backup back ------------------------------------------------------


def check_document(document: object, where: str) -> dict[str, Any]:
    """The backup, or a clear error when ``document`` is not one this release reads."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError(
            _("{file} is not an smfocus backup.").format(file=where), fix=Fix("make_backup")
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserError(_("{file} has no backup version; it cannot be read.").format(file=where))
    if version > VERSION:
        raise UserError(
            _(
                "{file} was written by a newer smfocus (backup version {version}); "
                "upgrade smfocus to read it."
            ).format(file=where, version=version)
        )
    for key, kind in (("projects", list), ("entries", list), ("pomodoro_phases", list)):
        if not isinstance(document.get(key, []), kind):
            raise UserError(
                _("{file}: {key} is not a list; the backup is damaged.").format(
                    file=where, key=repr(key)
                )
            )
    if not isinstance(document.get("settings", {}), dict):
        raise UserError(
            _("{file}: 'settings' is not an object; the backup is damaged.").format(file=where)
        )
    return document


def backup_entries(document: dict[str, Any], where: str) -> Iterator[SourceEntry]:
    """The backup's entries as the importer reads them; ``line`` is the record number."""
    for number, raw in enumerate(document.get("entries", []), start=1):
        try:
            started = _int(raw["started_at"])
            ended = None if raw.get("ended_at") is None else _int(raw["ended_at"])
            project = str(raw["project"])
            task = None if raw.get("task") is None else str(raw["task"])
            note = None if raw.get("note") is None else str(raw["note"])
            source = str(raw.get("source") or "cli")
            ref = raw.get("source_ref")
        except (KeyError, TypeError, ValueError):
            raise UserError(
                _(
                    "{file}, entry {number}: it lacks a project or a start and end in seconds; "
                    "the backup is damaged."
                ).format(file=where, number=number)
            ) from None
        yield SourceEntry(
            source=source,
            source_id=None if ref is None else str(ref),
            project=project,
            client=None,
            task=task,
            category=None,
            note=note,
            started_at=started,
            ended_at=ended,
            rate_cents=None,
            currency=None,
            file=where,
            line=number,
        )


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(value)
    return value


_TYPES: dict[str, tuple[type, ...]] = {
    "client": (str, type(None)),
    "colour": (str,),
    "rate_cents": (int, type(None)),
    "currency": (str,),
    "value_cents": (int, type(None)),
    "value_per": (str,),
    "priority": (int,),
    "archived": (bool,),
    "created_at": (int,),
    "category": (str, type(None)),
    "estimate_pomodoros": (int, type(None)),
    "done": (bool,),
}


def _check_types(values: dict[str, Any], *, where: str) -> None:
    for key, value in values.items():
        kinds = _TYPES.get(key)
        if kinds is not None and not isinstance(value, kinds):
            raise UserError(
                _("The backup's {item} has a wrong {key} ({value}); it is damaged.").format(
                    item=where, key=key, value=repr(str(value)[:40])
                )
            )


def restore_structure(
    connection: Connection, user_id: int, document: dict[str, Any], now: int
) -> None:
    """Projects and tasks of the backup that are missing here, with every field."""
    known = {
        key: ident
        for ident, key in connection.execute(select(P.id, P.name_key).where(P.user_id == user_id))
    }
    for number, raw in enumerate(document.get("projects", []), start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise UserError(
                _("Project {number} of the backup has no name; the backup is damaged.").format(
                    number=number
                )
            )
        name = validation.name(raw["name"], "project")
        key = validation.name_key(name)
        if key not in known:
            values = {field: raw.get(field) for field in PROJECT_FIELDS if field in raw}
            values.update(name=name, name_key=key, user_id=user_id)
            values.setdefault("created_at", now)
            values.setdefault("colour", "#3b82f6")
            values.setdefault("currency", "EUR")
            _check_types(values, where=_("project {name}").format(name=repr(name)))
            known[key] = new_id(connection.execute(insert(projects).values(**values)))
        project_id = known[key]
        have = set(connection.scalars(select(T.name_key).where(T.project_id == project_id)))
        for task in raw.get("tasks", []) or []:
            if not isinstance(task, dict) or not isinstance(task.get("name"), str):
                raise UserError(
                    _("A task of project {project} has no name; the backup is damaged.").format(
                        project=repr(name)
                    )
                )
            task_name = validation.name(task["name"], "task")
            task_key = validation.name_key(task_name)
            if task_key in have:
                continue
            values = {field: task.get(field) for field in TASK_FIELDS if field in task}
            values.update(name=task_name, name_key=task_key, project_id=project_id)
            values.setdefault("created_at", now)
            _check_types(values, where=_("task {name}").format(name=repr(task_name)))
            connection.execute(insert(tasks).values(**values))
            have.add(task_key)


def import_backup(
    tracker: Tracker,
    document: dict[str, Any],
    *,
    where: str,
    max_seconds: int,
    on_overlap: OverlapPolicy = OverlapPolicy.FAIL,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Restore a backup into the tracker's user, in one transaction."""
    now = tracker.clock.now()
    batch = checked(backup_entries(document, where), now, max_seconds)

    def work(connection: Connection, user_id: int) -> ImportSummary:
        restore_structure(connection, user_id, document, now)
        summary = land(
            connection, user_id, batch, format_name="smfocus", on_overlap=on_overlap,
            now=now, dry_run=dry_run, progress=progress, match_times=True,
        )  # fmt: skip
        _restore_interruptions(connection, user_id, document)
        _restore_phases(connection, user_id, document, where)
        _restore_settings(connection, user_id, document)
        return summary

    return in_transaction(tracker, work, dry_run=dry_run)


def _restore_interruptions(connection: Connection, user_id: int, document: dict[str, Any]) -> None:
    """Each entry's interruptions, onto the stored entry with the same start and end,
    unless it already has interruptions (then they came with it before)."""
    wanted = [raw for raw in document.get("entries", []) if raw.get("interruptions")]
    if not wanted:
        return
    stored = {
        (start, end): ident
        for ident, start, end in connection.execute(
            select(E.id, E.started_at, E.ended_at).where(E.user_id == user_id)
        )
    }
    having = set(
        connection.scalars(
            select(IN.entry_id).join(time_entries, E.id == IN.entry_id).where(E.user_id == user_id)
        )
    )
    rows = []
    for raw in wanted:
        entry_id = stored.get((raw["started_at"], raw.get("ended_at")))
        if entry_id is None or entry_id in having:
            continue  # left out by the overlap policy, or restored before
        for item in raw["interruptions"]:
            rows.append(
                {
                    "entry_id": entry_id,
                    "at": _int(item["at"]),
                    "kind": item["kind"],
                    "note": validation.note(item.get("note")),
                }
            )
    if rows:
        connection.execute(insert(interruptions), rows)


def _restore_phases(
    connection: Connection, user_id: int, document: dict[str, Any], where: str
) -> None:
    phases = document.get("pomodoro_phases", [])
    if not phases:
        return
    have = set(connection.scalars(select(PH.started_at).where(PH.user_id == user_id)))
    current_here = connection.scalar(
        select(PH.id).where(PH.user_id == user_id, PH.ended_at.is_(None))
    )
    project_ids = dict(connection.execute(select(P.name, P.id).where(P.user_id == user_id)).all())
    task_ids = {
        (project, name): ident
        for ident, project, name in connection.execute(
            select(T.id, P.name, T.name)
            .join(projects, P.id == T.project_id)
            .where(P.user_id == user_id)
        )
    }
    rows = []
    for number, raw in enumerate(phases, start=1):
        if not isinstance(raw, dict):
            raise UserError(
                _("{file}, phase {number}: not an object; the backup is damaged.").format(
                    file=where, number=number
                )
            )
        if raw.get("started_at") in have:
            continue
        if raw.get("ended_at") is None and current_here is not None:
            continue  # a timer runs here: the backup's current phase stays out
        row = {field: raw.get(field) for field in PHASE_FIELDS}
        row["user_id"] = user_id
        row["project_id"] = project_ids.get(raw.get("project"))
        row["task_id"] = task_ids.get((raw.get("project"), raw.get("task")))
        rows.append(row)
    if rows:
        connection.execute(insert(pomodoro_phases), rows)


def _restore_settings(connection: Connection, user_id: int, document: dict[str, Any]) -> None:
    have = set(connection.scalars(select(S.key).where(S.user_id == user_id)))
    rows = [
        {"user_id": user_id, "key": str(key), "value": str(value)}
        for key, value in document.get("settings", {}).items()
        if key not in have
    ]
    if rows:
        connection.execute(insert(settings), rows)
