"""Several real processes on one file, and processes killed with SIGKILL.

The database is the single source of truth: two smfocus processes racing must
never leave an overlap or two running entries, and a process killed at any
moment must leave either its whole change or none of it.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.core.clock import FakeClock
from smfocus.core.localtime import iso
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import (
    ROOT,
    assert_one_line_error,
    db_file,
    entries,
    invariant_violations,
    run_main,
    subprocess_env,
)

pytestmark = pytest.mark.slow
PARIS = ZoneInfo("Europe/Paris")
SMFOCUS = (sys.executable, "-m", "smfocus", "--data-dir")

# Hammers one file with random use cases on the real clock; every refusal is
# printed as the CLI would print it, and must be one line.
HAMMER = r"""
import random, sys
from pathlib import Path
from zoneinfo import ZoneInfo
from smfocus.core.clock import SystemClock
from smfocus.errors import UserError
from smfocus.store.database import open_store
from smfocus.tracker import Tracker

folder, seed, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
clock = SystemClock()
store = open_store(folder)
tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="racer")
for _ in range(count):
    now = clock.now()
    past = now - rng.randrange(0, 4 * 3600)
    kind = rng.choice(["start", "start", "stop", "add", "add", "cancel", "edit", "delete"])
    try:
        if kind == "start":
            tracker.start(rng.choice(["Acme", "Beta"]), rng.choice([None, "T"]),
                          at=rng.choice([None, past]))
        elif kind == "stop":
            tracker.stop(at=rng.choice([None, past]))
        elif kind == "add":
            tracker.add("Acme", None, start=past, end=past + rng.randrange(1, 1800))
        elif kind == "cancel":
            tracker.cancel()
        else:
            found = tracker.log(start=now - 5 * 3600)
            if found:
                entry = rng.choice(found)
                if kind == "edit":
                    tracker.edit(entry.id, start=past)
                else:
                    tracker.delete(entry.id)
    except UserError as error:
        assert "\n" not in str(error), repr(str(error))
        print(f"smfocus: {error}")
store.dispose()
print("done")
"""


def _setup(data_dir: Path, user: str | None = "racer") -> None:
    store = open_store(data_dir)
    tracker = Tracker(store, FakeClock(), PARIS, user=user)
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    store.dispose()


def _integrity(db: Path) -> str:
    raw = sqlite3.connect(db)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        raw.close()


def test_processes_racing_on_one_file_keep_every_invariant(data_dir: Path) -> None:
    _setup(data_dir)
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, str(data_dir), str(seed), "80"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=subprocess_env(),
        )
        for seed in (1, 2, 3)
    ]
    outputs = [racer.communicate(timeout=300) for racer in racers]
    for racer, (out, err) in zip(racers, outputs, strict=True):
        assert "Traceback" not in err, err
        assert racer.returncode == 0, err
        lines = out.splitlines()
        assert lines[-1] == "done"
        assert all(line.startswith("smfocus: ") for line in lines[:-1])
    db = db_file(data_dir)
    assert invariant_violations(db) == []
    assert _integrity(db) == "ok"
    # The race did real work: entries were written, and some writes were refused.
    assert entries(db)
    assert any(len(out.splitlines()) > 1 for out, _ in outputs)


def _cli(data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data_dir), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(TZ="Europe/Paris"),
        timeout=120,
        check=False,
    )


def test_cli_processes_racing_from_an_empty_folder(data_dir: Path) -> None:
    # Both streams start before any database exists: they also race to create it.
    streams = [
        [
            ["project", "add", "Acme"],
            ["start", "Acme", "One", "--at", "-50m"],
            ["add", "Acme", "--from", "-3h", "--to", "-2h"],
            ["start", "Acme", "Two", "--at", "-40m"],
            ["stop", "--at", "-30m"],
            ["start", "Acme", "Three"],
        ],
        [
            ["project", "add", "Acme"],
            ["start", "Acme", "Four", "--at", "-45m"],
            ["add", "Acme", "--from", "-150m", "--to", "-130m"],
            ["stop", "--at", "-35m"],
            ["start", "Acme", "Five", "--at", "-20m"],
            ["stop"],
        ],
    ]
    results: list[tuple[list[str], subprocess.CompletedProcess[str]]] = []
    lock = threading.Lock()

    def play(stream: list[list[str]]) -> None:
        for argv in stream:
            done = _cli(data_dir, *argv)
            with lock:
                results.append((argv, done))

    threads = [threading.Thread(target=play, args=(stream,)) for stream in streams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == sum(len(stream) for stream in streams)
    for argv, done in results:
        assert done.returncode in (0, 1), (argv, done.stderr)
        if done.returncode == 0:
            assert done.stderr == "", (argv, done.stderr)
        else:
            assert_one_line_error(done.stderr)
    # Exactly one of the two "project add" won.
    adds = [done.returncode for argv, done in results if argv[:2] == ["project", "add"]]
    assert sorted(adds) == [0, 1]
    db = db_file(data_dir)
    assert invariant_violations(db) == []
    assert _integrity(db) == "ok"
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


# -- killed with SIGKILL -------------------------------------------------------------------

# Starts an entry at a known time, says so, then keeps the write lock busy with
# transactions that are sometimes committed (past entries, which never touch the
# running one) and sometimes not (stopping the running entry, then rolling back).
WRITER = r"""
import sqlite3, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
from smfocus.core.clock import SystemClock
from smfocus.store.database import open_store
from smfocus.tracker import Tracker

folder, started_at = Path(sys.argv[1]), int(sys.argv[2])
store = open_store(folder)
tracker = Tracker(store, SystemClock(), ZoneInfo("Europe/Paris"))
tracker.start("Acme", "Deep work", at=started_at)
store.dispose()
print("started", flush=True)
raw = sqlite3.connect(folder / "smfocus.sqlite3", isolation_level=None)
n = 0
while True:
    n += 1
    raw.execute("BEGIN IMMEDIATE")
    raw.execute("UPDATE time_entries SET ended_at = started_at + 1 WHERE ended_at IS NULL")
    if n % 2:
        begin = started_at - 10_000_000 + n * 10
        raw.execute(
            "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
            "VALUES (1, 1, ?, ?, 'cli')", (begin, begin + 5))
        raw.execute("UPDATE time_entries SET ended_at = NULL WHERE started_at = ?", (started_at,))
        time.sleep(0.001)
        raw.execute("COMMIT")
    else:
        time.sleep(0.002)
        raw.execute("ROLLBACK")
"""


@pytest.mark.parametrize("seed", range(4))
def test_a_process_killed_mid_write_leaves_the_running_entry_intact(
    data_dir: Path, seed: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _setup(data_dir, user=None)
    started_at = int(time.time()) - 3600
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(started_at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "started"
        time.sleep(random.Random(seed).uniform(0.0, 0.3))  # a random moment, not a timing check
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        if writer.stdout is not None:
            writer.stdout.close()
        if writer.stderr is not None:
            writer.stderr.close()
    assert writer.returncode == -signal.SIGKILL

    from smfocus import cli

    monkeypatch.setattr(cli, "local_zone", lambda: PARIS)
    clock = FakeClock(started_at + 5000)
    result = run_main(["status", "--json"], capsys, data_dir=data_dir, clock=clock)
    assert result.code == 0, result.err
    status = result.json()
    assert status["running"] is True
    assert (status["project"], status["task"]) == ("Acme", "Deep work")
    assert status["started_at"] == iso(started_at, PARIS)
    assert status["elapsed_seconds"] == 5000
    # The full path (SQLAlchemy) sees the same thing after recovering the WAL.
    store = open_store(data_dir)
    try:
        running = Tracker(store, clock, PARIS).status().running
        assert running is not None and running.started_at == started_at
    finally:
        store.dispose()
    db = db_file(data_dir)
    assert _integrity(db) == "ok"
    assert invariant_violations(db) == []


@pytest.mark.parametrize("seed", range(4))
def test_a_cli_start_killed_at_a_random_moment_is_all_or_nothing(
    data_dir: Path, seed: int
) -> None:
    _setup(data_dir, user=None)
    starting = subprocess.Popen(
        [*SMFOCUS, str(data_dir), "start", "Acme", "Plan", "--at", "2026-01-01T09:00+01:00"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=subprocess_env(),
    )
    # Anywhere from before the import to after the commit.
    time.sleep(random.Random(seed).uniform(0.05, 0.6))
    starting.send_signal(signal.SIGKILL)
    starting.wait(timeout=30)

    db = db_file(data_dir)
    assert _integrity(db) == "ok"
    assert invariant_violations(db) == []
    status = _cli(data_dir, "status", "--json")
    assert status.returncode == 0, status.stderr
    payload = json.loads(status.stdout)
    if payload["running"]:
        assert payload["started_at"] == "2026-01-01T09:00:00+01:00"
        assert payload["task"] == "Plan"
    else:
        assert entries(db) == []
