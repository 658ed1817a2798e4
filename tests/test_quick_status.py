"""``smfocus status`` answered by the fast path (``quick_status``, no argparse, no
dataclasses) must print exactly what the full command line prints, and hand
everything else to the full command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus import cli, quick_status
from smfocus.core.clock import FakeClock
from smfocus.core.focus import Kind
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import ROOT, db_file, subprocess_env

PARIS = ZoneInfo("Europe/Paris")
FORMS: tuple[tuple[str, ...], ...] = (
    ("status",),
    ("status", "--json"),
    ("status", "--format", "{remaining}|{elapsed}|{phase}|{project}|{task}|{label}|{state}"),
    ("status", "--format={label:>12.5} {remaining}"),
)


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "local_zone", lambda: PARIS)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMFOCUS_DATA_DIR", raising=False)


def _full(argv: list[str], clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli.main(argv, clock=clock) == 0
    return capsys.readouterr().out


def _both_agree(folder: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    for form in FORMS:
        argv = ["--data-dir", str(folder), *form]
        quick = quick_status.answer(argv, clock.now(), PARIS)
        assert quick is not None, argv
        assert quick == _full(argv, clock, capsys), argv


def test_kind_labels_are_the_timers() -> None:
    assert {kind.value: kind.label for kind in Kind} == quick_status.KIND_LABELS


step = st.one_of(
    st.tuples(st.just("focus"), st.sampled_from((None, "Replies", "Plän / posts"))),
    st.tuples(st.sampled_from(("pause", "resume", "skip", "stop", "break", "untrack"))),
    st.tuples(st.just("track"), st.sampled_from((None, "Visuals"))),
    st.tuples(st.just("advance"), st.integers(1, 3000)),
)


@settings(
    max_examples=25,
    deadline=None,
    # capsys is read out before every comparison, so nothing leaks between examples.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(step, min_size=1, max_size=10))
def test_the_fast_path_prints_what_the_full_command_prints(
    steps: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        clock = FakeClock()
        clock.set(1_774_000_000)
        store = open_store(folder)
        tracker = Tracker(store, clock, PARIS)  # the OS account, as the CLI
        timer = Timer(tracker)
        try:
            tracker.add_project("Acme")
            _both_agree(folder, clock, capsys)
            for kind, *args in steps:
                try:
                    if kind == "focus":
                        timer.start("Acme", args[0])
                    elif kind == "track":
                        tracker.start("Acme", args[0])
                    elif kind == "untrack":
                        tracker.stop()
                    elif kind == "advance":
                        clock.advance(args[0])
                    elif kind == "break":
                        timer.start_break()
                    else:
                        getattr(timer, kind)()
                except UserError:
                    pass  # e.g. pause with nothing running
                _both_agree(folder, clock, capsys)
        finally:
            store.dispose()


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"],
        ["status", "--jso"],  # argparse takes abbreviations; the full path decides
        ["status", "--json", "--json"],
        ["status", "--format"],
        ["status", "--format", "-x"],
        ["status", "--json", "--format", "{label}"],
        ["log"],
        ["--version"],
        ["status", "extra"],
        ["status", "--format", "{nope}"],  # worded by the full path
        ["status", "\udcff"],
    ],
)
def test_anything_but_a_plain_status_goes_to_the_full_command(
    argv: list[str], tmp_path: Path
) -> None:
    assert quick_status.answer(["--data-dir", str(tmp_path), *argv], 0, PARIS) is None


def test_a_database_of_another_version_goes_to_the_full_command(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.dispose()
    with sqlite3.connect(db_file(tmp_path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    assert quick_status.answer(["--data-dir", str(tmp_path), "status"], 0, PARIS) is None


def test_a_non_sqlite_url_goes_to_the_full_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMFOCUS_DATABASE_URL", "postgresql+psycopg://me@/smfocus")
    assert quick_status.answer(["status"], 0, PARIS) is None


def test_a_sqlite_url_is_read_by_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMFOCUS_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert quick_status.answer(["status"], 0, PARIS) == "Nothing running.\n"
    assert not (tmp_path / "x.db").exists()


def _process(*argv: str, data: Path, python_flags: tuple[str, ...] = ()) -> Any:
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "smfocus", "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(TZ="Europe/Paris"),
        timeout=60,
        check=False,
    )


def test_a_status_bar_call_loads_neither_argparse_nor_dataclasses(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    Tracker(store, FakeClock(), PARIS).add_project("Acme")
    store.dispose()
    for form in FORMS:
        done = _process(*form, data=tmp_path, python_flags=("-X", "importtime"))
        assert done.returncode == 0, done.stderr
        loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
        for heavy in ("argparse", "dataclasses", "sqlalchemy", "smfocus.cli"):
            assert heavy not in loaded, (form, heavy)


def test_a_held_lock_is_said_once_on_one_line(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.dispose()
    holder = sqlite3.connect(db_file(tmp_path))
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = _process("status", data=tmp_path)
    finally:
        holder.rollback()
        holder.close()
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "locked by another program" in done.stderr


def test_status_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    done = subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(tmp_path), "status"],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    os.close(write)
    assert (done.returncode, done.stderr) == (0, "")
