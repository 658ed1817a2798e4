"""What ``smfocus status`` loads on its quick path: status bars run it every few
seconds, and each module a call imports is paid on every one of them.

The command runs in a child Python started with ``-S``: no site-packages, so
no editable install's import hook loading pathlib before smfocus does, and no
dependency to fall back on (a call that left the quick path would fail, not
pass unseen). What it prints is checked too, so a quick path that answered
nothing cannot pass either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smfocus import paths
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store import sqlite_file
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import ROOT, subprocess_env

# Never on the quick path: each costs milliseconds a status bar pays every few seconds.
NEVER = ("pathlib", "urllib", "argparse", "sqlalchemy", "platformdirs", "ipaddress")

_CHILD = """
import sys
from smfocus.entry import main
code = main(sys.argv[1:])
sys.stdout.flush()
print()
print(code, " ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _status(argv: list[str], **env: str) -> tuple[str, set[str]]:
    """What the quick path prints for ``smfocus ARGV``, and the top-level modules loaded."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _CHILD, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,  # -c puts the current folder first on the path: the checkout's smfocus
        env=subprocess_env(**{"LANG": "C.UTF-8", "TZ": "Europe/Paris", **env}),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed, _blank, last = done.stdout.rstrip("\n").rpartition("\n")
    code, _space, modules = last.partition(" ")
    assert code == "0", done.stdout
    return printed.rstrip("\n"), set(modules.split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


@pytest.fixture
def running(tmp_path: Path) -> Path:
    """A data folder where an entry and a focus run."""
    store = open_store(tmp_path)
    try:
        clock = FakeClock()
        tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"))
        tracker.add_project("Acme")
        Timer(tracker).start("Acme", "Replies")
    finally:
        store.dispose()
    return tmp_path


def test_nothing_running_loads_no_path_zone_or_url_module(tmp_path: Path) -> None:
    printed, modules = _status(["--data-dir", str(tmp_path), "status"])
    assert printed == "Nothing running."
    assert _loaded(modules, (*NEVER, "zoneinfo")) == []


@pytest.mark.parametrize("form", [["status"], ["status", "--json"]])
def test_something_running_loads_the_zone_and_nothing_else_of_those(
    running: Path, form: list[str]
) -> None:
    printed, modules = _status(["--data-dir", str(running), *form])
    assert "Acme" in printed
    assert "zoneinfo" in modules  # a time is shown, in the user's zone
    assert _loaded(modules, NEVER) == []


def test_a_format_without_times_needs_no_zone(running: Path) -> None:
    printed, modules = _status(["--data-dir", str(running), "status", "--format", "{label}"])
    assert printed == "Acme / Replies"
    assert _loaded(modules, (*NEVER, "zoneinfo")) == []


def test_french_loads_nothing_more(running: Path, tmp_path: Path) -> None:
    idle = tmp_path / "idle"
    printed, modules = _status(["--data-dir", str(idle), "status"], LANG="fr_FR.UTF-8")
    assert printed == "Rien en cours."
    assert _loaded(modules, (*NEVER, "zoneinfo")) == []
    printed, modules = _status(["--data-dir", str(running), "status"], LANG="fr_FR.UTF-8")
    assert "Acme" in printed
    assert _loaded(modules, NEVER) == []


def test_the_default_data_folder_needs_no_platformdirs(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    printed, modules = _status(["status"], XDG_DATA_HOME=str(folder), HOME=str(tmp_path))
    assert printed == "Nothing running."
    assert _loaded(modules, (*NEVER, "zoneinfo")) == []


def test_a_sqlite_url_is_read_without_pathlib(running: Path) -> None:
    url = f"sqlite:///{running / paths.DB_FILENAME}"
    printed, modules = _status(["status", "--json"], SMFOCUS_DATABASE_URL=url)
    assert json.loads(printed)["project"] == "Acme"
    assert _loaded(modules, ("pathlib", "argparse", "sqlalchemy", "platformdirs")) == []


# The text paths must name the file the Path functions name, in the same words.
piece = st.text(alphabet="/.~a ?#%é", max_size=12)


@settings(max_examples=300, deadline=None)
@given(override=piece, env=piece, home=st.sampled_from(["/home/u", "/home/u/", "/", "//h"]))
def test_the_text_database_file_is_the_paths_one(override: str, env: str, home: str) -> None:
    saved = {name: os.environ.get(name) for name in ("HOME", paths.ENV_DATA_DIR)}
    os.environ["HOME"] = home
    os.environ[paths.ENV_DATA_DIR] = env
    try:
        expected: str | type[Exception]
        try:
            expected = str(paths.database_path(paths.data_dir(override)))
        except UserError:  # ~someone who has no account here
            expected = UserError
        if expected is UserError:
            with pytest.raises(UserError):
                paths.database_file(override)
        else:
            assert paths.database_file(override) == expected
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.mark.parametrize("xdg", [None, "", "  ", "/x//data/", "relative/data"])
@pytest.mark.parametrize("home", [None, "", "/home/u/", "/", "relative"])
def test_the_default_folder_is_platformdirs_one(
    xdg: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    for name, value in (("XDG_DATA_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected = str(paths.database_path(paths.data_dir()))
    except RuntimeError:
        with pytest.raises(RuntimeError):
            paths.database_file()
        return
    assert paths.database_file() == expected


@given(name=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00")))
def test_the_file_uri_is_pathlibs(name: str) -> None:
    for path in (f"/tmp/{name}/db", f"rel/{name}"):
        assert sqlite_file._file_uri(path) == Path(path).absolute().as_uri()


@given(rest=st.text(alphabet="/.~a%2Fé", max_size=16))
def test_a_url_names_the_file_sqlalchemy_reads(rest: str) -> None:
    if rest in ("", ":memory:"):
        return  # refused, as an in-memory database
    try:
        expected = str(Path(unquote(rest)).expanduser())  # what path_from_url always gave
    except RuntimeError:  # ~someone who has no account here: one sentence, no traceback
        with pytest.raises(UserError, match="full path"):
            sqlite_file.file_from_url("sqlite:///" + rest)
        return
    assert sqlite_file.file_from_url("sqlite:///" + rest) == expected
