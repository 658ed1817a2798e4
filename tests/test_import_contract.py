"""What the command line may import: never Qt (it must answer in a blink and run
without a display), and for ``status`` on an existing file not even SQLAlchemy."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import smfocus
from smfocus.core.clock import FakeClock
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import ROOT, subprocess_env

GUI = ("PySide6", "pyqtgraph", "plyer", "shiboken6")

# Runs CLI commands in a fresh interpreter, then prints which modules got loaded.
PROBE = r"""
import json, sys
from smfocus.cli import main
folder = sys.argv[1]
codes = [main(["--data-dir", folder, *command.split()]) for command in sys.argv[2:]]
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def _probe(data_dir: Path, *commands: str, preload: str = "") -> tuple[list[int], list[str]]:
    script = preload + PROBE
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir), *commands],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(TZ="Europe/Paris"),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    found = json.loads(last)
    return found["codes"], found["modules"]


def _gui(modules: list[str]) -> list[str]:
    return [name for name in modules if name.split(".")[0] in GUI]


def test_the_import_linter_contract_holds() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    if not linter.exists():
        pytest.skip("lint-imports is not installed next to this Python")
    done = subprocess.run(
        [str(linter)], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Only smfocus.ui touches Qt, pyqtgraph and plyer KEPT" in done.stdout
    assert "Layers: faces, use cases, store, core KEPT" in done.stdout
    assert ", 0 broken." in done.stdout


def _contracts() -> list[dict[str, Any]]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts: list[dict[str, Any]] = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    return contracts


def _top_level_modules() -> set[str]:
    return {f"smfocus.{found.name}" for found in pkgutil.iter_modules(smfocus.__path__)}


def test_every_module_of_the_package_has_a_layer() -> None:
    # A module left out of the layers could import anything from anywhere.
    (layers,) = [contract for contract in _contracts() if contract["type"] == "layers"]
    placed = {
        name.strip() for layer in layers["layers"] for name in layer.replace("|", ":").split(":")
    }
    assert _top_level_modules() - placed == set()
    assert {"smfocus.entry", "smfocus.ui", "smfocus.store", "smfocus.core"} <= placed


def test_only_the_ui_and_what_starts_it_may_reach_qt() -> None:
    (qt_free,) = [contract for contract in _contracts() if contract["type"] == "forbidden"]
    starters = {"smfocus.ui", "smfocus.entry", "smfocus.__main__"}
    assert set(qt_free["source_modules"]) == _top_level_modules() - starters


@pytest.fixture
def existing(data_dir: Path) -> Path:
    store = open_store(data_dir)
    # Started a minute before the probe's real clock: a stop then ends an entry
    # shorter than entry.max.
    tracker = Tracker(store, FakeClock(int(time.time()) - 60), ZoneInfo("Europe/Paris"))
    tracker.add_project("Acme")
    tracker.start("Acme", "Plan")
    store.dispose()
    return data_dir


def test_the_cli_and_the_use_cases_never_load_qt(existing: Path) -> None:
    codes, modules = _probe(
        existing,
        "status",
        "log --all",
        "report",
        "stop",
        "start Acme",
        "projects --json",
        preload="import smfocus.tracker\n",
    )
    assert codes == [0] * 6
    assert _gui(modules) == []


def test_status_on_an_existing_file_does_not_load_sqlalchemy(existing: Path) -> None:
    codes, modules = _probe(existing, "status", "status --json")
    assert codes == [0, 0]
    assert "sqlalchemy" not in modules
    assert _gui(modules) == []


def test_status_with_no_file_yet_does_not_load_sqlalchemy(tmp_path: Path) -> None:
    codes, modules = _probe(tmp_path / "empty", "status")
    assert codes == [0]
    assert "sqlalchemy" not in modules


def test_the_probe_would_see_sqlalchemy(existing: Path) -> None:
    # The check above can fail: a command that needs the full store loads it.
    codes, modules = _probe(existing, "log --all")
    assert codes == [0]
    assert "sqlalchemy" in modules
