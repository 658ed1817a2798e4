"""What the command line does with strange input and strange places: bytes that are
not text, digits of other scripts, numbers too big for anything, empty times,
pasted megabytes, escape sequences, and the identity of whoever runs it."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from tests.helpers import Result, assert_one_line_error, at, db_file, run_main

Cli = Callable[..., Result]
BAD_BYTE = b"caf\xff".decode("utf-8", "surrogateescape")  # what Python makes of $'caf\xff'


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
    clock.set(at("2026-02-10T18:00", tz))

    def invoke(*argv: str) -> Result:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    return invoke


@pytest.fixture
def acme(run: Cli) -> Cli:
    assert run("project", "add", "Acme").code == 0
    assert run("project", "add", "Beta").code == 0
    return run


def refused(result: Result) -> str:
    assert result.code == 1, result
    assert result.out == ""
    assert_one_line_error(result.err)
    return result.err


# -- the user is the OS account ------------------------------------------------------


def test_the_user_is_the_os_account_not_an_environment_variable(
    acme: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert acme("start", "Acme").code == 0
    monkeypatch.setenv("LOGNAME", "someoneelse")
    monkeypatch.setenv("USER", "someoneelse")
    assert "Acme" in acme("projects").out
    assert acme("status", "--json").json()["project"] == "Acme"
    assert acme("start", "Beta").code == 0  # switches the one running entry
    raw = sqlite3.connect(db_file(data_dir))
    try:
        running = raw.execute("SELECT count(*) FROM time_entries WHERE ended_at IS NULL")
        assert running.fetchone() == (1,)
        assert raw.execute("SELECT name FROM users").fetchall() == [(pwd_name(),)]
    finally:
        raw.close()


def pwd_name() -> str:
    import os
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


# -- input that is not what it seems -------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("start", BAD_BYTE),
        ("tasks", BAD_BYTE),
        ("log", "-p", BAD_BYTE),
        ("interrupt", BAD_BYTE),
        ("project", "add", BAD_BYTE),
        ("add", "Acme", "--from", "09:00", "--to", BAD_BYTE),
    ],
)
def test_bytes_that_are_not_utf8_are_named_in_one_line(acme: Cli, argv: tuple[str, ...]) -> None:
    err = refused(acme(*argv))
    assert "caf\\xff" in err and "not valid UTF-8" in err
    assert "control characters" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("config", "set", "pomodoro.work", "²"), "as a duration"),
        (("config", "set", "pomodoro.daily_goal", "²"), "whole number"),
        (("project", "edit", "Acme", "--priority", "²"), "is not a priority"),
        (("config", "set", "pomodoro.work", "9" * 5000), "too long"),
        (("config", "set", "pomodoro.daily_goal", "9" * 5000), "whole number"),
        (("project", "edit", "Acme", "--priority", "9" * 5000), "is not a priority"),
        (("delete", "9223372036854775808"), "There is no entry"),
        (("edit", "9" * 5000, "--note", "x"), "There is no entry"),
        (("status", "--format", "{label:>9999999999999}"), "cannot be filled"),
        (("status", "--format", "{label.__class__}"), "is not a field"),
        (("start", "Acme", "--at", "-" + "9" * 5000 + "m"), "too far"),
    ],
)
def test_numbers_no_program_can_hold_are_one_line(
    acme: Cli, argv: tuple[str, ...], fragment: str
) -> None:
    err = refused(acme(*argv))
    assert fragment in err
    assert len(err) < 400  # a 5,000-digit number is not echoed whole


def test_the_biggest_sqlite_id_is_simply_not_found(acme: Cli) -> None:
    biggest = str(2**63 - 1)
    assert f"There is no entry #{biggest}" in refused(acme("delete", biggest))


@pytest.mark.parametrize(
    "argv",
    [
        ("start", "Acme", "--at", ""),
        ("stop", "--at", ""),
        ("add", "Acme", "--from", "", "--to", "now"),
        ("edit", "1", "--to", ""),
        ("edit", "1", "--from", " "),
    ],
)
def test_an_empty_time_is_an_error_everywhere(acme: Cli, argv: tuple[str, ...]) -> None:
    assert acme("add", "Acme", "--from", "09:00", "--to", "10:00").code == 0
    assert acme("start", "Beta", "--at", "17:00").code == 0
    assert "empty time" in refused(acme(*argv))
    # Nothing changed: the entries are as they were.
    shown = acme("log", "--json").json()
    assert [(e["project"], e["ended_at"]) for e in shown] == [
        ("Acme", "2026-02-10T10:00:00+01:00"),
        ("Beta", None),
    ]


def test_log_to_alone_shows_the_seven_days_before_that_end(acme: Cli) -> None:
    assert acme("add", "Acme", "--from", "2026-01-26T09:00", "--to", "2026-01-26T10:00").code == 0
    assert acme("add", "Beta", "--from", "2026-01-25T09:00", "--to", "2026-01-25T10:00").code == 0
    result = acme("log", "--to", "2026-02-01", "--json")
    assert result.code == 0, result
    assert [e["project"] for e in result.json()] == ["Acme"]  # 26 Jan to 1 Feb
    relative = acme("log", "--to", "-10d")
    assert (relative.code, relative.err) == (0, "")


def test_a_megabyte_name_is_not_echoed_back_whole(acme: Cli) -> None:
    err = refused(acme("start", "x" * 1_000_000))
    assert len(err) < 400


def test_long_names_are_cut_in_messages(acme: Cli) -> None:
    err = refused(acme("start", "y" * 5000))
    assert "y" * 59 + "…" in err and "y" * 61 not in err


# -- what is printed cannot drive the terminal ---------------------------------------


def test_a_note_with_escape_sequences_is_refused(acme: Cli) -> None:
    err = refused(acme("start", "Acme", "--note", "\x1b]0;pwned\x07\x1b[31m"))
    assert "control characters" in err
    assert "\x1b" not in err and "\x07" not in err


def test_a_note_keeps_new_lines_and_tabs(acme: Cli) -> None:
    assert acme("add", "Acme", "--from", "09:00", "--to", "10:00", "-n", "a\n\tb").code == 0
    assert acme("log", "--json").json()[0]["note"] == "a\n\tb"


def test_control_characters_already_stored_are_not_printed(acme: Cli, data_dir: Path) -> None:
    assert acme("add", "Acme", "T", "--from", "09:00", "--to", "10:00").code == 0
    assert acme("start", "Acme", "T", "--at", "17:00").code == 0
    raw = sqlite3.connect(db_file(data_dir))
    with raw:
        raw.execute("UPDATE time_entries SET note = ?", ("\x1b]0;pwned\x07\x1b[31mred\r",))
        raw.execute("UPDATE projects SET name = ? WHERE name = 'Acme'", ("Ac\x1b[2Jme",))
        raw.execute("UPDATE tasks SET name = ?, category = ?", ("T\x9b1m", "c\x07"))
    raw.close()
    for argv in (
        ("log",),
        ("projects",),
        ("tasks",),
        ("report", "--by", "task"),
        ("report",),
        ("task", "Ac\x1b[2Jme", "T\x9b1m", "--estimate", "3"),
        ("status",),
        ("status", "--format", "{label} {task} {project}"),
    ):
        result = acme(*argv)
        text = result.out + result.err
        assert not any(ch in text for ch in "\x1b\x07\x9b\r"), (argv, text)


# -- places that cannot be used ------------------------------------------------------


def test_status_reports_a_data_folder_that_is_a_file(run: Cli, data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("not a folder")
    for argv in (("status",), ("log",), ("projects",)):
        assert "is not a folder" in refused(run(*argv)), argv


def test_status_reports_a_garbled_database(run: Cli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    db_file(data_dir).write_bytes(b"\x00garbage" * 512)
    assert "is damaged or not a database" in refused(run("status"))
    assert db_file(data_dir).read_bytes() == b"\x00garbage" * 512


@pytest.mark.parametrize("command", ["status", "log", "report", "projects", "tasks"])
def test_reading_commands_create_nothing(run: Cli, data_dir: Path, command: str) -> None:
    result = run(command)
    assert result.code == 0 and result.err == "", result
    assert not data_dir.exists()


@pytest.mark.parametrize("command", ["status", "log", "report", "projects", "tasks"])
def test_reading_commands_leave_an_empty_file_empty(
    run: Cli, data_dir: Path, command: str
) -> None:
    data_dir.mkdir(parents=True)
    db_file(data_dir).touch()
    assert "empty file" in refused(run(command))
    assert db_file(data_dir).read_bytes() == b""
    assert [p.name for p in data_dir.iterdir()] == [db_file(data_dir).name]


def test_a_foreign_database_is_refused_untouched_by_every_command(
    run: Cli, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    raw = sqlite3.connect(db_file(data_dir))
    raw.execute("CREATE TABLE notes (body TEXT)")
    raw.commit()
    raw.close()
    before = db_file(data_dir).read_bytes()
    for argv in (("status",), ("log",), ("projects",), ("project", "add", "Acme")):
        assert "not written by smfocus" in refused(run(*argv)), argv
    assert db_file(data_dir).read_bytes() == before


def test_reading_commands_leave_no_wal_or_shm_behind(acme: Cli, data_dir: Path) -> None:
    assert acme("start", "Acme").code == 0
    before = sorted(p.name for p in data_dir.iterdir())
    for command in ("status", "log", "report", "projects", "tasks"):
        assert acme(command).code == 0
        assert sorted(p.name for p in data_dir.iterdir()) == before, command


# -- the database URL ----------------------------------------------------------------


def test_a_sqlite_url_opens_that_file(
    run: Cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "elsewhere" / "mine.sqlite3"
    monkeypatch.setenv("SMFOCUS_DATABASE_URL", f"sqlite:///{target}")
    assert run("project", "add", "Acme").code == 0
    assert run("start", "Acme").code == 0
    assert run("status", "--json").json()["project"] == "Acme"
    assert target.is_file() and not data_dir.exists()


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        # psycopg comes with the tests; pg8000 is a driver SQLAlchemy knows and
        # nothing here installs.
        ("postgresql+pg8000://me@/smfocus", "not installed"),
        ("postgresql+nosuchdriver://me@/smfocus", "cannot open"),
        ("::not a url::", "is not a database URL"),
        ("sqlite://", "must name a SQLite file"),
        ("sqlite:///:memory:", "must name a SQLite file"),
    ],
)
def test_a_database_url_that_cannot_work_is_one_line(
    run: Cli, monkeypatch: pytest.MonkeyPatch, url: str, fragment: str
) -> None:
    if "pg8000" in url and importlib.util.find_spec("pg8000") is not None:
        pytest.skip("pg8000 is installed here")
    monkeypatch.setenv("SMFOCUS_DATABASE_URL", url)
    for argv in (("status",), ("project", "add", "Acme")):
        assert fragment in refused(run(*argv)), argv


@pytest.mark.parametrize(
    "argv",
    [
        ("block", "remove", "9223372036854775808"),
        ("block", "remove", "²"),
        ("hooks", "remove", "99999999999999999999"),
        ("away", "keep", "--id", "9223372036854775808"),
        ("delete", "9223372036854775808"),
    ],
)
def test_ids_no_row_can_have_are_one_line(run: Cli, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.code in (1, 2), result.err
    assert_one_line_error(result.err)


@pytest.mark.parametrize("command", ["status", "log", "start"])
def test_a_data_folder_in_the_home_of_nobody_is_one_line(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # ``~nosuchuser/data``: pathlib raises RuntimeError, which went up as a traceback.
    argv = [command, "Acme"] if command == "start" else [command]
    result = run_main(argv, capsys, data_dir=Path("~nosuchuser-smfocus/data"))
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "~nosuchuser-smfocus" in result.err and "full path" in result.err
