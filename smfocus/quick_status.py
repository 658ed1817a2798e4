"""``smfocus status`` answered before the command line is even loaded.

Status bars and shell prompts run ``smfocus status`` every few seconds. The
full command line loads argparse, dataclasses and every command's module
before it reads one row; this path reads the plain forms of the command
(``status``, ``status --json``, ``status --format TEXT``, with ``--data-dir``)
by hand, queries the file with the standard ``sqlite3`` module, and prints
through :mod:`smfocus.status_view`, the same code the full command uses.

Anything else answers None and the caller runs the full command line, which
then does exactly what it always did: another argument, a file it must
migrate or refuse, a database URL that is not SQLite, a bug. An error the
user can fix (a lock held too long, a file that is not ours) is printed here,
worded by the full command line's own function, so it is not waited for twice.
A test runs both paths on the same states and compares what they print.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from smfocus import paths, status_view
from smfocus.core.i18n import N_
from smfocus.core.usertext import undecodable
from smfocus.errors import UserError
from smfocus.store import sqlite_file
from smfocus.store.revision import HEAD, TABLE
from smfocus.tracker_user import user_name

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import tzinfo

# The full command's limits (cli.MAX_ARGUMENT); beyond them it explains, so it answers.
MAX_ARGUMENT = 10_000
TIMEOUT_SECONDS = 1.0  # as store.fast_status: a status bar asks again in a few seconds

# The columns status shows. store/fast_status.py reads the same rows for the
# full command; the test comparing both paths catches a difference.
_RUNNING = """
SELECT e.id, p.name, t.name, t.category, e.started_at
FROM time_entries AS e
JOIN users AS u ON u.id = e.user_id
JOIN projects AS p ON p.id = e.project_id
LEFT JOIN tasks AS t ON t.id = e.task_id
WHERE u.name = ? AND e.ended_at IS NULL
"""

_PHASE = """
SELECT ph.kind, ph.started_at, ph.ends_at, ph.paused_at, p.name, t.name
FROM pomodoro_phases AS ph
JOIN users AS u ON u.id = ph.user_id
LEFT JOIN projects AS p ON p.id = ph.project_id
LEFT JOIN tasks AS t ON t.id = ph.task_id
WHERE u.name = ? AND ph.ended_at IS NULL
"""

#: core.focus.Kind's values and labels (a test keeps them equal), without its import;
#: status_view translates them where it shows them.
KIND_LABELS = {
    "work": N_("Focus"),
    "short_break": N_("Short break"),
    "long_break": N_("Long break"),
}


class _Kind:
    __slots__ = ("label", "value")

    def __init__(self, value: str) -> None:
        self.value = value
        self.label = KIND_LABELS[value]


class _Entry:
    __slots__ = ("category", "id", "project", "started_at", "task")

    def __init__(
        self, ident: int, project: str, task: str | None, category: str | None, started: int
    ) -> None:
        self.id, self.project, self.task = ident, project, task
        self.category, self.started_at = category, started


class _Phase:
    __slots__ = ("ends_at", "kind", "paused_at", "project", "started_at", "task")

    def __init__(
        self,
        kind: str,
        started: int,
        ends: int,
        paused_at: int | None,
        project: str | None,
        task: str | None,
    ) -> None:
        self.kind = _Kind(kind)
        self.started_at, self.ends_at, self.paused_at = started, ends, paused_at
        self.project, self.task = project, task

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def remaining(self, now: int) -> int:
        reference = self.paused_at if self.paused_at is not None else now
        return max(0, self.ends_at - reference)


class _Status:
    __slots__ = ("now", "phase", "running")

    def __init__(self, running: _Entry | None, now: int, phase: _Phase | None) -> None:
        self.running, self.now, self.phase = running, now, phase

    @property
    def elapsed_seconds(self) -> int:
        return max(0, self.now - self.running.started_at) if self.running else 0


class _DeclinedError(Exception):
    """This path cannot answer; the full command line will."""


class _SaidError(Exception):
    """A database error the user can fix, worded by ``sqlite_file.explain`` exactly as
    the full path words it; said here so that a lock is not waited for twice."""

    def __init__(self, error: UserError) -> None:
        super().__init__(str(error))
        self.error = error


def _arguments(argv: Sequence[str]) -> tuple[str | None, bool, str | None]:
    """(--data-dir, --json, --format) of a plain status command, else _DeclinedError."""
    data_dir: str | None = None
    as_json = False
    template: str | None = None
    seen_command = False
    tokens = list(argv)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if undecodable(token) or len(token) > MAX_ARGUMENT or "\x00" in token:
            raise _DeclinedError
        value: str | None = None
        name = token
        if token.startswith("--") and "=" in token:
            name, value = token.split("=", 1)
        elif token in ("--data-dir", "--format"):
            index += 1
            if index == len(tokens) or tokens[index].startswith("-"):
                raise _DeclinedError
            value = tokens[index]
        if name == "status" and value is None and not seen_command:
            seen_command = True
        elif name == "--json" and value is None and seen_command and not as_json:
            as_json = True
        elif name == "--format" and value is not None and seen_command and template is None:
            template = value
        elif name == "--data-dir" and value is not None and data_dir is None:
            data_dir = value
        else:
            raise _DeclinedError
        index += 1
    if not seen_command or (as_json and template is not None):
        raise _DeclinedError
    return data_dir, as_json, template


def _database(data_dir: str | None) -> str:
    """The database file, as text: pathlib would cost this command as much as the rest."""
    url = os.environ.get(paths.ENV_DATABASE_URL) or None
    if url is not None:
        if undecodable(url) or not sqlite_file.is_sqlite_url(url):
            raise _DeclinedError
        return sqlite_file.file_from_url(url)
    path = paths.database_file(data_dir)
    if undecodable(path) or "\x00" in path:
        raise _DeclinedError
    return path


def read(path: str | os.PathLike[str], user: str, now: int) -> _Status:
    """What runs, read without writing; _DeclinedError for another schema version."""
    if not sqlite_file.exists(path):
        return _Status(None, now, None)
    try:
        connection = sqlite_file.connect_for_reading(path, TIMEOUT_SECONDS)
        try:
            if sqlite_file.schema_revision(connection, TABLE) != HEAD:
                raise _DeclinedError  # to migrate, refuse or call foreign: the full path's work
            row = connection.execute(_RUNNING, (user,)).fetchone()
            phase_row = connection.execute(_PHASE, (user,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        friendly = sqlite_file.explain(error, path)
        if friendly is None:
            raise _DeclinedError from None
        raise _SaidError(friendly) from None
    entry = None
    if row is not None:
        ident, project, task, category, started = row
        entry = _Entry(int(ident), str(project), task, category, int(started))
    phase = None
    if phase_row is not None:
        kind, started, ends, paused_at, ph_project, ph_task = phase_row
        phase = _Phase(str(kind), int(started), int(ends), paused_at, ph_project, ph_task)
    return _Status(entry, now, phase)


def answer(argv: Sequence[str], now: int, tz: tzinfo | None = None) -> str | None:
    """The text ``smfocus ARGV`` prints, or None when the full command line must answer."""
    try:
        data_dir, as_json, template = _arguments(argv)
        if template is not None:
            status_view.check_format(template)
        path = _database(data_dir)
        status = read(path, user_name(None), now)
        if tz is None and template is None and (status.running or status.phase):
            # Only a time shown needs the zone; zoneinfo would slow every idle answer.
            from smfocus.core.localtime import local_zone

            tz = local_zone()
        elif tz is None:
            from datetime import UTC

            tz = UTC  # shows no time: nothing runs, or --format has no time field
        if template is not None:
            return status_view.formatted(status, template) + "\n"
        if as_json:
            import json

            return json.dumps(status_view.as_json(status, tz), ensure_ascii=False, indent=2) + "\n"
        return "\n".join(status_view.lines(status, tz)) + "\n"
    except _SaidError as said:
        raise said.error from None
    except (_DeclinedError, UserError, KeyError, ValueError, TypeError):
        return None


def run(argv: Sequence[str], now: int | None = None) -> int | None:
    """Print the answer and return the exit status, or None (run the full command)."""
    import time

    try:
        text = answer(argv, int(time.time()) if now is None else now)
    except UserError as error:
        from smfocus import cli_words
        from smfocus.cli import EXIT_USER_ERROR, error_line

        # As cli.main says it: the sentence, then the command that fixes it.
        print(error_line(UserError(cli_words.explain(error))), file=sys.stderr)
        return EXIT_USER_ERROR
    if text is None:
        return None
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (``| head``) left; Python would complain again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
