"""The status read with the standard ``sqlite3`` module only.

``smfocus status`` is what shell prompts and status bars call every few
seconds; importing SQLAlchemy alone costs more than the whole answer should.
This module answers the one question "what is running?" with one read-only
query. Whenever it cannot be sure (no file yet is fine; an unexpected schema
or any SQLite error is not), it returns None and the caller takes the full
path, which also produces the proper error message. A test checks that both
paths always agree.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from smfocus.core.focus import Kind, Phase
from smfocus.core.records import EntryRecord, Status
from smfocus.store.revision import HEAD, TABLE

_RUNNING = """
SELECT e.id, p.name, t.name, t.category, e.started_at, e.note, e.source
FROM time_entries AS e
JOIN users AS u ON u.id = e.user_id
JOIN projects AS p ON p.id = e.project_id
LEFT JOIN tasks AS t ON t.id = e.task_id
WHERE u.name = ? AND e.ended_at IS NULL
"""

_PHASE = """
SELECT ph.id, ph.kind, ph.started_at, ph.ends_at, ph.paused_at, ph.duration, ph.work_count,
       p.name, t.name
FROM pomodoro_phases AS ph
JOIN users AS u ON u.id = ph.user_id
LEFT JOIN projects AS p ON p.id = ph.project_id
LEFT JOIN tasks AS t ON t.id = ph.task_id
WHERE u.name = ? AND ph.ended_at IS NULL
"""


def read_status(path: Path, user: str, now: int) -> Status | None:
    if not path.exists():
        return Status(running=None, now=now)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        version = connection.execute(f"SELECT version_num FROM {TABLE}").fetchone()
        if version is None or version[0] != HEAD:
            return None
        row = connection.execute(_RUNNING, (user,)).fetchone()
        phase_row = connection.execute(_PHASE, (user,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    phase = None
    if phase_row is not None:
        ph_id, kind, started, ends, paused, duration, count, ph_project, ph_task = phase_row
        phase = Phase(
            id=int(ph_id), kind=Kind(kind), started_at=int(started), ends_at=int(ends),
            paused_at=paused, duration=int(duration), work_count=int(count),
            project=ph_project, task=ph_task,
        )  # fmt: skip
    if row is None:
        return Status(running=None, now=now, phase=phase)
    ident, project, task, category, started_at, note, source = row
    entry = EntryRecord(
        id=int(ident),
        project=str(project),
        task=task,
        category=category,
        started_at=int(started_at),
        ended_at=None,
        note=note,
        source=str(source),
    )
    return Status(running=entry, now=now, phase=phase)
