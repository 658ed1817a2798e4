"""Do not disturb: GNOME's show-banners through a fake ``gsettings`` on PATH,
restored after the phase and after a kill -9; nothing where the desktop
offers no way. KDE's Inhibit/UnInhibit: test_dnd_kde.py."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from smfocus.ui.dnd import MARKER, DoNotDisturb
from tests.helpers import ROOT, subprocess_env
from tests.ui.dbus_rig import PrivateBus

FAKE_GSETTINGS = """#!/bin/sh
# get SCHEMA KEY | set SCHEMA KEY VALUE, kept in $FAKE_GSETTINGS_FILE
[ "$2" = "org.gnome.desktop.notifications" ] && [ "$3" = "show-banners" ] || exit 1
case "$1" in
  get) cat "$FAKE_GSETTINGS_FILE" ;;
  set) printf '%s\\n' "$4" > "$FAKE_GSETTINGS_FILE" ;;
  *) exit 1 ;;
esac
"""


@pytest.fixture
def gnome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "gsettings"
    program.write_text(FAKE_GSETTINGS, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    value = tmp_path / "show-banners"
    value.write_text("true\n", encoding="utf-8")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GSETTINGS_FILE", str(value))
    return value


@pytest.fixture
def private() -> Iterator[PrivateBus]:
    made = PrivateBus()
    yield made
    made.close()


@pytest.fixture
def bus(private: PrivateBus) -> QDBusConnection:
    return QDBusConnection.connectToBus(private.address, f"dnd-{id(private)}")


def test_gnome_banners_are_silenced_and_restored(gnome: Path, tmp_path: Path, bus: Any) -> None:
    dnd = DoNotDisturb(tmp_path, bus)
    assert dnd.available() == "gnome"
    assert dnd.silence()
    assert gnome.read_text().strip() == "false"
    assert (tmp_path / MARKER).exists()
    dnd.restore()
    assert gnome.read_text().strip() == "true"
    assert not (tmp_path / MARKER).exists()


def test_a_kill_9_never_leaves_gnome_silenced(gnome: Path, tmp_path: Path, bus: Any) -> None:
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from smfocus.ui.dnd import DoNotDisturb\n"
        "app = QCoreApplication([])\n"
        "assert DoNotDisturb(Path(sys.argv[1])).silence()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        env=subprocess_env(),
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL
    assert gnome.read_text().strip() == "false"  # silenced, and the process is gone
    assert DoNotDisturb(tmp_path, bus).restore_after_crash()  # the next start
    assert gnome.read_text().strip() == "true"
    assert not DoNotDisturb(tmp_path, bus).restore_after_crash()


def test_elsewhere_it_is_not_available(tmp_path: Path, bus: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    dnd = DoNotDisturb(tmp_path, bus)
    assert dnd.available() is None
    assert not dnd.silence()
