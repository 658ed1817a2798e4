"""Has anyone written to the SQLite file since we last looked? One cheap query.

``PRAGMA data_version`` on a read-only connection of our own changes whenever
any *other* connection commits, and every write (tray, CLI, charts) comes
from another connection. The tray and the charts window ask it at most once a
second instead of re-reading their figures.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class ChangeProbe:
    def __init__(self, database: Path) -> None:
        self._connection: sqlite3.Connection | None = None
        self._seen: int | None = None
        try:
            self._connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            self._connection = None
        self._seen = self.version()

    def version(self) -> int | None:
        if self._connection is None:
            return None
        try:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None
        return int(row[0]) if row else None

    def changed(self) -> bool:
        """True once for each batch of writes by others since the last call."""
        now = self.version()
        if now is None or now == self._seen:
            return False
        self._seen = now
        return True

    def forget(self) -> None:
        """Count everything written so far as seen (after reading it ourselves)."""
        self._seen = self.version()

    def something_runs(self) -> bool:
        """Is any time entry running? Answered without SQLAlchemy."""
        if self._connection is None:
            return False
        try:
            row = self._connection.execute(
                "SELECT EXISTS (SELECT 1 FROM time_entries WHERE ended_at IS NULL)"
            ).fetchone()
        except sqlite3.Error:
            return False
        return bool(row and row[0])

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
