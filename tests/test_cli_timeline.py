"""Fixing the past from the command line: edit on the entry's own day, the
category, delete that says how to undo, a total per day in log, ``undo`` and
``away``."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.away import Away, Reason
from smfocus.core.clock import FakeClock
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import (
    ROOT,
    Result,
    assert_one_line_error,
    at,
    db_file,
    invariant_violations,
    run_main,
    subprocess_env,
)

Cli = Callable[..., Result]
NOW_TEXT = "2026-02-10T10:00"


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.setattr(cli, "local_zone", lambda: tz)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMFOCUS_DATA_DIR", raising=False)
    clock.set(at(NOW_TEXT, tz))

    def invoke(*argv: str) -> Result:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    assert invoke("project", "add", "Acme").code == 0
    assert invoke("project", "add", "Beta").code == 0
    return invoke


def ok(result: Result) -> Result:
    assert (result.code, result.err) == (0, ""), result
    return result


def error(result: Result) -> str:
    assert result.code == 1, result
    assert_one_line_error(result.err)
    return result.err


def rows(data_dir: Path) -> list[tuple[int, int, int | None]]:
    with sqlite3.connect(db_file(data_dir)) as db:
        return db.execute(
            "SELECT id, started_at, ended_at FROM time_entries ORDER BY started_at"
        ).fetchall()


def test_a_bare_clock_time_in_edit_is_on_the_entrys_own_day(
    run: Cli, data_dir: Path, tz: ZoneInfo
) -> None:
    ok(run("add", "Acme", "Replies", "--from", "2026-02-09T14:00", "--to", "2026-02-09T15:00"))
    # 15:30 today is still ahead of the clock (10:00): it must mean yesterday's 15:30.
    ok(run("edit", "1", "--to", "15:30"))
    ok(run("edit", "1", "--from", "13:45"))
    assert rows(data_dir) == [(1, at("2026-02-09T13:45", tz), at("2026-02-09T15:30", tz))]


def test_an_end_clock_time_before_the_start_is_the_next_morning(
    run: Cli, data_dir: Path, tz: ZoneInfo
) -> None:
    ok(run("add", "Acme", "--from", "2026-02-08T23:00", "--to", "2026-02-08T23:30"))
    ok(run("edit", "1", "--to", "00:45"))
    assert rows(data_dir) == [(1, at("2026-02-08T23:00", tz), at("2026-02-09T00:45", tz))]


def test_edit_sets_the_category_of_the_entrys_task(run: Cli) -> None:
    ok(run("add", "Acme", "Replies", "--from", "08:00", "--to", "09:00"))
    ok(run("edit", "1", "--category", "community"))
    tasks = ok(run("tasks", "--json")).json()
    assert [(t["name"], t["category"]) for t in tasks] == [("Replies", "community")]
    ok(run("add", "Beta", "--from", "09:00", "--to", "09:10"))
    assert "name the task" in error(run("edit", "2", "--category", "x"))


def test_delete_says_how_to_undo_and_undo_brings_it_back_with_its_id(
    run: Cli, data_dir: Path, tz: ZoneInfo
) -> None:
    ok(run("add", "Acme", "Replies", "--from", "08:00", "--to", "09:00", "--note", "inbox"))
    before = rows(data_dir)
    out = ok(run("delete", "1")).out
    assert "smfocus undo" in out and "Acme / Replies" in out and "1:00:00" in out
    assert rows(data_dir) == []
    out = ok(run("undo")).out
    assert "delete of entry #1" in out
    assert rows(data_dir) == before
    log = ok(run("log", "--json")).json()
    assert log[0]["note"] == "inbox"


def test_undo_takes_back_edits_one_by_one_then_the_add(run: Cli, data_dir: Path) -> None:
    ok(run("add", "Acme", "--from", "08:00", "--to", "09:00"))
    first = rows(data_dir)
    ok(run("edit", "1", "--to", "09:30"))
    second = rows(data_dir)
    ok(run("edit", "1", "--project", "Beta"))
    ok(run("undo"))
    assert rows(data_dir) == second
    assert ok(run("log", "--json")).json()[0]["project"] == "Acme"
    ok(run("undo"))
    assert rows(data_dir) == first
    ok(run("undo"))
    assert rows(data_dir) == []
    assert "nothing to undo" in error(run("undo"))


def test_undo_refuses_to_overlap_time_tracked_since(run: Cli, data_dir: Path) -> None:
    ok(run("add", "Acme", "--from", "08:00", "--to", "09:00"))
    ok(run("delete", "1"))
    ok(run("add", "Beta", "--from", "08:30", "--to", "09:30"))
    ok(run("undo"))  # takes back the add of Beta
    ok(run("start", "Beta", "--at", "08:15"))
    message = error(run("undo"))
    assert "overlaps entry #3" in message
    assert invariant_violations(db_file(data_dir)) == []


def test_log_prints_a_total_under_each_day(run: Cli) -> None:
    ok(run("add", "Acme", "--from", "2026-02-09T08:00", "--to", "2026-02-09T09:00"))
    ok(run("add", "Beta", "--from", "2026-02-09T10:00", "--to", "2026-02-09T10:30"))
    ok(run("add", "Acme", "--from", "08:00", "--to", "08:20"))
    out = ok(run("log")).out
    totals = [line.split()[-1] for line in out.splitlines() if line.strip().startswith("total")]
    assert totals == ["1:30:00", "0:20:00"]


# -- away -----------------------------------------------------------------------


@pytest.fixture
def away_at_10_03(run: Cli, data_dir: Path, clock: FakeClock, tz: ZoneInfo) -> Away:
    ok(run("start", "Acme", "Replies", "--at", "09:00"))
    clock.set(at("2026-02-10T10:20", tz))
    store = open_store(data_dir)
    away = Away(Tracker(store, clock, tz))
    assert away.begin(at("2026-02-10T10:03", tz), Reason.IDLE) is not None
    clock.set(at("2026-02-10T10:17", tz))
    away.back()
    clock.set(at("2026-02-10T10:20", tz))
    store.dispose()
    return away


def test_away_lists_pending_periods_as_json(run: Cli, away_at_10_03: Away) -> None:
    listed = ok(run("away", "--json")).json()
    assert listed == [
        {
            "id": 1,
            "started_at": "2026-02-10T10:03:00+01:00",
            "ended_at": "2026-02-10T10:17:00+01:00",
            "seconds": 14 * 60,
            "project": "Acme",
            "task": "Replies",
        }
    ]
    assert "Away 10:03–10:17 (14 min) during Acme / Replies" in ok(run("away")).out


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (("keep",), [("Acme", "09:00", None)]),
        (("discard",), [("Acme", "09:00", "10:03"), ("Acme", "10:17", None)]),
        (("stop",), [("Acme", "09:00", "10:03")]),
        (
            ("assign", "Beta", "Call"),
            [("Acme", "09:00", "10:03"), ("Beta", "10:03", "10:17"), ("Acme", "10:17", None)],
        ),
    ],
)
def test_each_answer_to_away_time_and_its_undo(
    run: Cli,
    away_at_10_03: Away,
    data_dir: Path,
    answer: tuple[str, ...],
    expected: list[tuple[str, str, str | None]],
) -> None:
    before = rows(data_dir)
    ok(run("away", *answer))
    log = ok(run("log", "--json")).json()
    seen = [
        (e["project"], e["started_at"][11:16], e["ended_at"] and e["ended_at"][11:16]) for e in log
    ]
    assert seen == expected
    assert ok(run("away", "--json")).json() == []
    assert invariant_violations(db_file(data_dir)) == []
    if answer != ("keep",):
        ok(run("undo"))
        assert rows(data_dir) == before


@pytest.mark.parametrize("answer", ["discard", "stop"])
def test_discard_pauses_and_stop_ends_the_pomodoro_when_the_user_left(
    run: Cli, data_dir: Path, clock: FakeClock, tz: ZoneInfo, answer: str
) -> None:
    ok(run("pomodoro", "start", "Acme", "Replies"))  # 10:00, work until 10:25
    clock.set(at("2026-02-10T10:10", tz))
    store = open_store(data_dir)
    away = Away(Tracker(store, clock, tz))
    away.begin(at("2026-02-10T10:03", tz))
    away.back()
    store.dispose()
    ok(run("away", answer))
    with sqlite3.connect(db_file(data_dir)) as db:
        phase = db.execute("SELECT ends_at, ended_at, outcome FROM pomodoro_phases").fetchone()
    if answer == "discard":
        assert phase == (at("2026-02-10T10:32", tz), None, None)
    else:
        assert phase == (at("2026-02-10T10:25", tz), at("2026-02-10T10:03", tz), "stopped")
        assert ok(run("status", "--json")).json()["running"] is False


def test_a_pending_away_period_survives_kill_9(data_dir: Path, tz: ZoneInfo) -> None:
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from zoneinfo import ZoneInfo\n"
        "from smfocus.away import Away\n"
        "from smfocus.core.clock import FakeClock\n"
        "from smfocus.store.database import open_store\n"
        "from smfocus.tracker import Tracker\n"
        "clock = FakeClock(); clock.set(int(sys.argv[2]))\n"
        "tracker = Tracker(open_store(Path(sys.argv[1])), clock, ZoneInfo('Europe/Paris'))\n"
        "tracker.add_project('Acme'); tracker.start('Acme', 'Replies', at=clock.now() - 3600)\n"
        "Away(tracker).begin(clock.now() - 600)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    now = at("2026-02-10T10:00", tz)
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir), str(now)],
        env=subprocess_env(),
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL
    clock = FakeClock()
    clock.set(now + 60)
    store = open_store(data_dir)
    try:
        pending = Away(Tracker(store, clock, tz)).pending()
    finally:
        store.dispose()
    assert [(p.started_at, p.ended_at, p.project) for p in pending] == [(now - 600, None, "Acme")]
