"""The command line: ``smfocus.cli.main`` in this process (FakeClock, Europe/Paris),
and a few real ``python -m smfocus`` processes for what only a process shows."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from smfocus.paths import DB_FILENAME
from tests.helpers import (
    ROOT,
    Result,
    assert_one_line_error,
    at,
    db_file,
    invariant_violations,
    raw_query,
    run_main,
    run_process,
    subprocess_env,
)

Cli = Callable[..., Result]
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
NOW_TEXT = "2026-02-10T18:00"


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tz: ZoneInfo) -> None:
    # The CLI reads the zone from TZ once per process (cached); pin it per test.
    monkeypatch.setattr(cli, "local_zone", lambda: tz)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMFOCUS_DATA_DIR", raising=False)


@pytest.fixture
def run(
    cli_env: None,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    clock.set(at(NOW_TEXT, tz))

    def invoke(*argv: str) -> Result:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    return invoke


@pytest.fixture
def acme(run: Cli) -> Cli:
    assert run("project", "add", "Acme").code == 0
    assert run("project", "add", "Beta").code == 0
    return run


def ok(result: Result) -> Result:
    assert (result.code, result.err) == (0, ""), result
    return result


def error(result: Result, code: int = 1) -> str:
    assert result.code == code, result
    assert result.out == ""
    assert_one_line_error(result.err)
    return result.err


# -- the JSON shapes scripts rely on ------------------------------------------------


def test_status_json_while_running(acme: Cli, clock: FakeClock) -> None:
    ok(acme("start", "Acme", "Plan posts", "--category", "scheduling", "--at", "17:45"))
    clock.advance(30)
    status = ok(acme("status", "--json")).json()
    assert status == {
        "running": True,
        "id": 1,
        "project": "Acme",
        "task": "Plan posts",
        "category": "scheduling",
        "started_at": "2026-02-10T17:45:00+01:00",
        "elapsed_seconds": 15 * 60 + 30,
        # Plain tracking runs no Pomodoro phase.
        "phase": None,
        "phase_started_at": None,
        "phase_ends_at": None,
        "remaining_seconds": None,
        "paused": False,
    }
    assert isinstance(status["elapsed_seconds"], int)


def test_status_json_with_nothing_running(acme: Cli) -> None:
    assert ok(acme("status", "--json")).json() == {
        "running": False,
        "id": None,
        "project": None,
        "task": None,
        "category": None,
        "started_at": None,
        "elapsed_seconds": 0,
        "phase": None,
        "phase_started_at": None,
        "phase_ends_at": None,
        "remaining_seconds": None,
        "paused": False,
    }


def test_status_json_before_any_database_exists(run: Cli, data_dir: Path) -> None:
    assert ok(run("status", "--json")).json()["running"] is False
    # Asking does not create anything.
    assert not db_file(data_dir).exists()


def test_report_json(acme: Cli) -> None:
    ok(acme("add", "Acme", "Plan", "--from", "09:00", "--to", "10:30"))
    ok(acme("add", "Beta", "--from", "11:00", "--to", "11:20"))
    report = ok(acme("report", "--from", "2026-02-10", "--to", "2026-02-10", "--json")).json()
    assert report == {
        "from": "2026-02-10T00:00:00+01:00",
        "to": "2026-02-11T00:00:00+01:00",  # a bare --to date includes that whole day
        "by": "project",
        "total_seconds": 5400 + 1200,
        "groups": [{"key": "Acme", "seconds": 5400}, {"key": "Beta", "seconds": 1200}],
    }


def test_report_json_without_a_range_runs_from_the_first_entry_to_now(acme: Cli) -> None:
    ok(acme("add", "Acme", "--from", "09:00", "--to", "10:00"))
    report = ok(acme("report", "--by", "day", "--json")).json()
    assert report["from"] == "2026-02-10T09:00:00+01:00"
    assert report["to"] == "2026-02-10T18:00:00+01:00"
    assert report["groups"] == [{"key": "2026-02-10", "seconds": 3600}]


def test_report_json_with_no_data(run: Cli) -> None:
    report = ok(run("report", "--json")).json()
    assert report["groups"] == [] and report["total_seconds"] == 0
    assert report["from"] is None


def test_log_json(acme: Cli, clock: FakeClock) -> None:
    ok(acme("add", "Acme", "Plan", "--from", "09:00", "--to", "10:30", "--note", "drafts"))
    ok(acme("start", "Beta", "--at", "-30m"))
    entries = ok(acme("log", "--json")).json()
    assert entries == [
        {
            "id": 1,
            "project": "Acme",
            "task": "Plan",
            "category": None,
            "started_at": "2026-02-10T09:00:00+01:00",
            "ended_at": "2026-02-10T10:30:00+01:00",
            "seconds": 5400,
            "note": "drafts",
            "source": "cli",
        },
        {
            "id": 2,
            "project": "Beta",
            "task": None,
            "category": None,
            "started_at": "2026-02-10T17:30:00+01:00",
            "ended_at": None,
            "seconds": 1800,  # a running entry counts up to now
            "note": None,
            "source": "cli",
        },
    ]


def test_log_json_defaults_to_the_last_seven_days(
    acme: Cli, clock: FakeClock, tz: ZoneInfo
) -> None:
    ok(acme("add", "Acme", "--from", "2026-02-03T23:00", "--to", "2026-02-03T23:30"))
    ok(acme("add", "Acme", "--from", "2026-02-04T08:00", "--to", "2026-02-04T09:00"))
    shown = [e["started_at"] for e in ok(acme("log", "--json")).json()]
    # Today and the six days before: from local midnight on 4 February.
    assert shown == ["2026-02-04T08:00:00+01:00"]
    everything = ok(acme("log", "--all", "--json")).json()
    assert len(everything) == 2


def test_projects_say_no_rate_and_no_value(acme: Cli) -> None:
    ok(acme("project", "edit", "Beta", "--rate", "45", "--value", "2000", "--value-per", "month"))
    lines = {line.split()[0]: line for line in ok(acme("projects")).out.splitlines()}
    assert "no rate" in lines["Acme"] and "no value" in lines["Acme"]
    assert "-" not in lines["Acme"]
    assert "rate 45.00 EUR/h" in lines["Beta"] and "value 2,000.00 EUR/month" in lines["Beta"]


def test_projects_json(acme: Cli) -> None:
    ok(acme("project", "add", "Gamma", "--rate", "45.5", "--currency", "usd", "--priority", "1"))
    projects = ok(acme("projects", "--json")).json()
    gamma = next(p for p in projects if p["name"] == "Gamma")
    assert {k: gamma[k] for k in ("rate", "currency", "priority", "archived")} == {
        "rate": 45.5,
        "currency": "USD",
        "priority": 1,
        "archived": False,
    }
    # Urgent first.
    assert [p["name"] for p in projects] == ["Gamma", "Acme", "Beta"]


def test_timestamps_in_json_carry_their_offset(acme: Cli) -> None:
    ok(acme("add", "Acme", "--from", "2026-02-01T10:00Z", "--to", "2026-02-01T11:00Z"))
    [entry] = ok(acme("log", "--all", "--json")).json()
    assert ISO_WITH_OFFSET.match(entry["started_at"])
    assert entry["started_at"] == "2026-02-01T11:00:00+01:00"


# -- text output and everyday commands --------------------------------------------------


def test_start_switch_stop_in_text(acme: Cli, clock: FakeClock) -> None:
    assert ok(acme("start", "Acme", "Plan")).out == "Started Acme / Plan at 18:00.\n"
    clock.advance(600)
    assert ok(acme("start", "Beta")).out == (
        "Stopped Acme / Plan after 0:10:00.\nStarted Beta at 18:10.\n"
    )
    clock.advance(65)
    assert ok(acme("status")).out.startswith("Beta: running for 0:01:05 since 2026-02-10 18:10")
    assert ok(acme("stop")).out == "Stopped Beta after 0:01:05 (18:10–18:11).\n"
    assert ok(acme("status")).out == "Nothing running.\n"


def test_an_option_value_starting_with_a_dash_is_a_relative_time(acme: Cli) -> None:
    ok(acme("start", "Acme", "--at", "-15m"))
    status = ok(acme("status", "--json")).json()
    assert status["started_at"] == "2026-02-10T17:45:00+01:00"
    ok(acme("stop", "--at", "-5m"))
    [entry] = ok(acme("log", "--json")).json()
    assert entry["seconds"] == 600
    ok(acme("add", "Beta", "--from", "-3h", "--to", "-2h30m"))
    assert [e["seconds"] for e in ok(acme("log", "--json")).json()] == [1800, 600]


def test_edit_and_delete_by_id(acme: Cli) -> None:
    ok(acme("add", "Acme", "--from", "09:00", "--to", "10:00"))
    assert ok(acme("edit", "1", "--to", "11:00")).out == (
        "Entry #1: Acme, 2026-02-10 09:00 to 2026-02-10 11:00.\n"
    )
    ok(acme("edit", "1", "--project", "beta", "--task", "Replies"))
    [entry] = ok(acme("log", "--json")).json()
    assert (entry["project"], entry["task"], entry["seconds"]) == ("Beta", "Replies", 7200)
    assert ok(acme("delete", "1")).out.startswith("Deleted entry #1: Beta / Replies")
    assert ok(acme("log", "--json")).json() == []


def test_report_text_lists_groups_and_total(acme: Cli) -> None:
    ok(acme("add", "Acme", "--from", "09:00", "--to", "10:30"))
    ok(acme("add", "Beta", "--from", "11:00", "--to", "11:30"))
    lines = ok(acme("report", "--from", "today")).out.splitlines()
    assert lines[0] == "2026-02-10 00:00 to 2026-02-10 18:00, by project"
    assert lines[1].split() == ["Acme", "1:30:00", "75.0", "%"]
    assert lines[2].split() == ["Beta", "0:30:00", "25.0", "%"]
    assert lines[3].split() == ["total", "2:00:00"]


def test_main_accepts_a_fake_clock(cli_env: None, data_dir: Path, capsys: Any) -> None:
    clock = FakeClock(1_800_000_000)
    assert run_main(["project", "add", "Acme"], capsys, data_dir=data_dir, clock=clock).code == 0
    run_main(["start", "Acme", "--at", "-1h"], capsys, data_dir=data_dir, clock=clock)
    clock.advance(42)
    status = run_main(["status", "--json"], capsys, data_dir=data_dir, clock=clock).json()
    assert status["elapsed_seconds"] == 3642


@pytest.mark.sqlite_only
def test_smfocus_data_dir_env_is_honoured_and_the_option_wins(
    cli_env: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
) -> None:
    from_env = tmp_path / "from-env"
    monkeypatch.setenv("SMFOCUS_DATA_DIR", str(from_env))
    assert cli.main(["project", "add", "Acme"], clock=clock) == 0
    assert (from_env / DB_FILENAME).is_file()
    capsys.readouterr()
    assert cli.main(["projects", "--json"], clock=clock) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Acme"]
    # --data-dir beats the environment, before or after the command.
    option = tmp_path / "from-option"
    assert cli.main(["--data-dir", str(option), "project", "add", "Zed"], clock=clock) == 0
    assert cli.main(["projects", "--data-dir", str(option)], clock=clock) == 0
    assert (option / DB_FILENAME).is_file()
    assert "Zed" in capsys.readouterr().out


# -- every error is one line on stderr -------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("start", "Acm"), "no project named 'Acm'; did you mean 'Acme'?"),
        (("add", "Acme", "--from", "10:00", "--to", "09:00"), "is not after the start"),
        (("add", "Acme", "--from", "09:00", "--to", "tomorrow"), "Cannot read 'tomorrow'"),
        (("add", "Acme", "--from", "2026-02-30", "--to", "now"), "not a real date"),
        (("add", "Acme", "--from", "-1h", "--to", "+2h"), "in the future"),
        (("project", "add", "   "), "project name is empty"),
        (("project", "add", "x" * 500), "500 characters long"),
        (("start", "Acme", "y" * 500), "task name is 500 characters long"),
        (("project", "add", "Gamma", "--rate", "1e1000000"), "too large to be real"),
        (("project", "add", "acme"), "already exists"),
        (("delete", "99"), "There is no entry #99"),
        (("edit", "99", "--note", "x"), "There is no entry #99"),
        (("edit", "1"), "Say what to change"),
        (("stop",), "Nothing is running"),
        (("cancel",), "nothing to cancel"),
        (("log", "--project", "Nope"), "no project named 'Nope'"),
        (("report", "--from", "yesterday-ish"), "Cannot read"),
        (("start", "Acme", "--at", "25:00"), "not a valid clock time"),
        # These used to end as "sorry, this is a bug" (OverflowError, year 0).
        (("log", "--to", "9999-12-31"), "too far in the past or the future"),
        (("report", "--from", "-99999999d"), "too far in the past or the future"),
        (("start", "Acme", "--at", "-999999999d"), "too far in the past or the future"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(
    acme: Cli, argv: tuple[str, ...], fragment: str, raw_db: Path | str
) -> None:
    before = raw_query(raw_db, "SELECT count(*) FROM projects")
    message = error(acme(*argv))
    assert fragment in message
    after = raw_query(raw_db, "SELECT count(*) FROM projects")
    assert before == after


def test_an_overlap_is_one_line_naming_the_entry(acme: Cli) -> None:
    ok(acme("add", "Acme", "--from", "09:00", "--to", "10:00"))
    message = error(acme("add", "Beta", "--from", "09:30", "--to", "10:30"))
    assert "overlaps entry #1 (Acme" in message


@pytest.mark.parametrize(
    "argv",
    [("strat", "Acme"), ("start",), ("edit", "abc"), ("report", "--by", "year"), ("stop", "--x")],
)
def test_mistyped_commands_are_one_line_and_exit_2(acme: Cli, argv: tuple[str, ...]) -> None:
    message = error(acme(*argv), code=2)
    assert "--help" in message


def test_a_bug_is_one_apologetic_line_and_the_traceback_goes_to_a_log(
    acme: Cli, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    from smfocus.tracker import Tracker

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Tracker, "log", broken)
    message = error(acme("log"), code=cli.EXIT_BUG)
    assert "this is a bug in smfocus (RuntimeError: boom)" in message
    assert "Nothing was saved half-way" in message
    log = (data_dir / "smfocus-error.log").read_text()
    assert "Traceback" in log and "RuntimeError: boom" in log


# -- real processes ----------------------------------------------------------------------


@pytest.fixture
def proc_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data"


def test_a_real_session_from_the_shell(proc_dir: Path) -> None:
    assert run_process(["project", "add", "Acme"], data_dir=proc_dir).returncode == 0
    started = run_process(["start", "Acme", "Plan", "--at", "-15m"], data_dir=proc_dir)
    assert started.returncode == 0 and started.stderr == ""
    status = run_process(["status", "--json"], data_dir=proc_dir)
    assert status.returncode == 0
    payload = json.loads(status.stdout)
    assert payload["running"] is True and payload["task"] == "Plan"
    # The real clock moves; the start was 15 minutes ago, give or take the run.
    assert 15 * 60 <= payload["elapsed_seconds"] < 20 * 60
    assert ISO_WITH_OFFSET.match(payload["started_at"])
    assert run_process(["stop"], data_dir=proc_dir).returncode == 0
    assert invariant_violations(db_file(proc_dir)) == []


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["start", "Nope"], 1),
        (["add", "Nope", "--from", "x", "--to", "y"], 1),
        (["delete", "7"], 1),
        (["frobnicate"], 2),
        (["project", "add", "z" * 500], 1),
    ],
)
def test_real_process_errors_are_one_line_without_traceback(
    proc_dir: Path, argv: list[str], code: int
) -> None:
    done = run_process(argv, data_dir=proc_dir)
    assert done.returncode == code
    assert done.stdout == ""
    assert_one_line_error(done.stderr)


def test_the_environment_variable_in_a_real_process(tmp_path: Path) -> None:
    folder = tmp_path / "env-data"
    done = subprocess.run(
        [sys.executable, "-m", "smfocus", "project", "add", "Acme"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(SMFOCUS_DATA_DIR=str(folder), TZ="Europe/Paris"),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (folder / DB_FILENAME).is_file()
    assert os.path.getsize(folder / DB_FILENAME) > 0


def test_the_tray_without_a_display_is_one_line_not_a_qt_abort(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    message = error(run())
    assert "no graphical display" in message
    assert "smfocus status" in message
