"""The status read with the standard ``sqlite3`` module only.

``smfocus status`` is what shell prompts and status bars call every few
seconds; importing SQLAlchemy alone costs more than the whole answer should.
This module answers the one question "what is running?" with one read-only
query, and never writes: no schema in a file that is not ours, no ``-wal`` or
``-shm`` left behind (see ``sqlite_file``). No file yet means nothing runs. A
file it cannot use (a folder that is a file, a garbled or foreign file, a
lock held too long) is a :class:`StoreError`, worded like every other
command's (``read_status_strict``; ``read_status`` answers None instead, for
the tray, whose full start-up then explains). Only a file of another schema
version returns None from both: the caller takes the full path, which migrates
an older file or refuses a newer one.
A test checks that both paths always agree.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from smfocus.core.focus import Kind, Phase
from smfocus.core.records import EntryRecord, Status
from smfocus.errors import StoreError
from smfocus.store import sqlite_file
from smfocus.store.revision import HEAD, TABLE

# A status bar asks again in a few seconds; waiting longer on a lock helps nobody.
TIMEOUT_SECONDS = 1.0

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
    """The forgiving read, for the tray's first paint: None whenever it cannot answer
    (the full start-up that follows explains why)."""
    try:
        return read_status_strict(path, user, now)
    except (StoreError, sqlite3.Error):
        return None


def read_status_strict(path: Path, user: str, now: int) -> Status | None:
    """The read ``smfocus status`` uses: a file it cannot use is a StoreError."""
    if not sqlite_file.exists(path):
        return Status(running=None, now=now)
    try:
        connection = sqlite_file.connect_for_reading(path, TIMEOUT_SECONDS)
        try:
            version = sqlite_file.schema_revision(connection, TABLE)
            if version is None:
                raise sqlite_file.not_ours(path)
            if version != HEAD:
                return None
            row = connection.execute(_RUNNING, (user,)).fetchone()
            phase_row = connection.execute(_PHASE, (user,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        friendly = sqlite_file.explain(error, path)
        if friendly is None:
            raise
        raise friendly from None
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
