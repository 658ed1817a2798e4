"""Helpers shared by the tests: times written the way a person reads them, raw
looks at the database (plain ``sqlite3``, so the checks do not trust the ORM),
and ways to run the command line in-process or as a real process."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import pytest

from smfocus.core.clock import Clock, FakeClock
from smfocus.paths import DB_FILENAME

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("users", "projects", "tasks", "time_entries", "interruptions", "alembic_version")


def at(text: str, tz: tzinfo, *, fold: int = 0) -> int:
    """Epoch seconds of a local wall-clock time, computed with the standard library
    only, so that expectations do not reuse the code under test."""
    return int(datetime.fromisoformat(text).replace(tzinfo=tz, fold=fold).timestamp())


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def db_file(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def raw_query(db: Path | str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` read from a SQLite file (with plain ``sqlite3``) or from a
    server database named by its URL (with the driver, through a bare connection)."""
    if isinstance(db, Path):
        connection = sqlite3.connect(db)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(db, poolclass=NullPool)
    try:
        with engine.connect() as server:
            return [tuple(row) for row in server.execute(text(sql))]
    finally:
        engine.dispose()


def store_db(store: Any) -> Path | str:
    """Where a store's rows can be read raw: its SQLite file or its server URL."""
    return store.path if store.path is not None else str(store.url)


def rows(db: Path | str, table: str) -> list[tuple[Any, ...]]:
    return raw_query(db, f"SELECT * FROM {table} ORDER BY 1")


def snapshot(db: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every smfocus table: equal snapshots mean nothing was written."""
    return {table: rows(db, table) for table in TABLES}


def entries(db: Path | str) -> list[tuple[int, int, int, int | None]]:
    """(id, user_id, started_at, ended_at) of every time entry, read raw."""
    return raw_query(
        db, "SELECT id, user_id, started_at, ended_at FROM time_entries ORDER BY started_at, id"
    )


def invariant_violations(db: Path | str) -> list[str]:
    """What is wrong with the stored entries: overlaps, several running entries per
    user, an end not after its start. An empty list means the invariants hold."""
    problems: list[str] = []
    by_user: dict[int, list[tuple[int, int, int | None]]] = {}
    for ident, user, start, end in entries(db):
        by_user.setdefault(user, []).append((ident, start, end))
        if end is not None and end <= start:
            problems.append(f"entry #{ident} ends at {end}, not after its start {start}")
    for user, spans in by_user.items():
        running = [ident for ident, _, end in spans if end is None]
        if len(running) > 1:
            problems.append(f"user {user} has several running entries: {running}")
        for (a_id, a_start, a_end), (b_id, b_start, _) in itertools.pairwise(spans):
            # Sorted by start: an open entry overlaps anything after it.
            if a_end is None or a_end > b_start or a_start == b_start:
                problems.append(f"entries #{a_id} and #{b_id} of user {user} overlap")
    return problems


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_main(
    argv: Sequence[str],
    capsys: pytest.CaptureFixture[str],
    *,
    data_dir: Path,
    clock: Clock | None = None,
) -> Result:
    """``smfocus --data-dir DATA_DIR ARGV...`` in this process, as a user would type it."""
    from smfocus.entry import main

    capsys.readouterr()  # drop whatever earlier steps printed
    try:
        code = main(["--data-dir", str(data_dir), *argv], clock=clock)
    except SystemExit as exit_:  # argparse usage errors and --help
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return Result(code=code, out=captured.out, err=captured.err)


Cli = Callable[..., Result]


def cli_runner(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    data_dir: Path,
    clock: FakeClock,
    tz: tzinfo,
    now: str,
) -> Cli:
    """``run(*argv)``: the command line on ``data_dir`` (never the environment's
    database), in zone ``tz``, with ``clock`` at ``now``."""
    from smfocus import cli

    monkeypatch.setattr(cli, "local_zone", lambda: tz)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMFOCUS_DATA_DIR", raising=False)
    clock.set(at(now, tz))

    def invoke(*argv: str) -> Result:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    return invoke


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SMFOCUS_DATA_DIR", None)
    env.pop("SMFOCUS_DATABASE_URL", None)
    env.update(extra)
    return env


def run_process(
    argv: Sequence[str], *, data_dir: Path | None, tz: str = "Europe/Paris", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The real ``python -m smfocus`` in a child process."""
    prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [sys.executable, "-m", "smfocus", *prefix, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(TZ=tz),
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(err: str) -> None:
    """The error contract: one line, prefixed with the program's name, no traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("smfocus: ")
