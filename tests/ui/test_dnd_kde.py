"""Do not disturb on KDE: ``Inhibit`` on the notification server during a work
phase and ``UnInhibit`` after, against a fake Plasma server in its own process
on a private bus; after a kill -9 nothing stays inhibited and the next start
sends no stale cookie (which could release another program's inhibition)."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker
from smfocus.ui import dnd as dnd_ui
from smfocus.ui.controller import Controller
from smfocus.ui.dnd import MARKER, DoNotDisturb
from tests.helpers import ROOT, at, subprocess_env
from tests.ui.dbus_rig import PrivateBus

FAKE = Path(__file__).with_name("fake_kde_notifd.py")
START_TIMEOUT_S = 20.0  # a safety net against a hung child, never a measure


class FakePlasma:
    def __init__(self, bus: PrivateBus) -> None:
        self.record = bus.folder / "kde-notifd.jsonl"
        self.record.touch()
        self.process = subprocess.Popen(
            [sys.executable, str(FAKE), bus.address, str(self.record)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT_S)
        line = self.process.stdout.readline().strip() if ready else ""
        if line != "ready":
            self.close()
            raise RuntimeError(f"fake_kde_notifd did not start: {line!r}")

    def events(self) -> list[dict[str, Any]]:
        lines = self.record.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def held(self) -> set[int]:
        """Cookies taken and neither released nor dropped."""
        held: set[int] = set()
        for event in self.events():
            if "inhibit" in event:
                held.add(event["inhibit"])
            held.discard(event.get("uninhibit", 0))
            held.discard(event.get("dropped", 0))
        return held

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(START_TIMEOUT_S)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def private() -> Iterator[PrivateBus]:
    made = PrivateBus()
    yield made
    made.close()


@pytest.fixture
def plasma(private: PrivateBus) -> Iterator[FakePlasma]:
    fake = FakePlasma(private)
    yield fake
    fake.close()


@pytest.fixture
def no_gnome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A machine with gsettings would be taken for GNOME first.
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))


def test_a_work_phase_inhibits_and_a_break_releases(
    qtbot: QtBot,
    plasma: FakePlasma,
    private: PrivateBus,
    no_gnome: None,
    tracker: Tracker,
    clock: FakeClock,
    tz: ZoneInfo,
    tmp_path: Path,
) -> None:
    clock.set(at("2026-02-10T09:00", tz))
    tracker.add_project("Acme")
    bus = QDBusConnection.connectToBus(private.address, "dnd-kde-work")
    controller = Controller(Timer(tracker), None)
    try:
        dnd = dnd_ui.install(controller, tmp_path, bus)
        assert dnd.available() == "kde"
        assert controller.start("Acme", "Replies")
        events = plasma.events()
        assert [e.get("app") for e in events] == ["smfocus"]
        assert events[0]["sender"] == bus.baseService()  # held by the app's own connection
        assert plasma.held() == {events[0]["inhibit"]}
        assert dnd.silenced

        assert controller.pause()
        assert plasma.held() == set()  # a paused phase is not focusing
        assert controller.resume()
        assert len(plasma.held()) == 1

        assert controller.skip()  # on to the break
        assert plasma.held() == set()
        assert all(e.get("known", True) for e in plasma.events())  # real cookies only
        assert not (tmp_path / MARKER).exists()
    finally:
        controller.close()


def test_focus_do_not_disturb_off_never_inhibits(
    plasma: FakePlasma,
    private: PrivateBus,
    no_gnome: None,
    tracker: Tracker,
    clock: FakeClock,
    tz: ZoneInfo,
    tmp_path: Path,
) -> None:
    clock.set(at("2026-02-10T09:00", tz))
    tracker.add_project("Acme")
    timer = Timer(tracker)
    timer.set_setting("focus.do_not_disturb", "off")
    bus = QDBusConnection.connectToBus(private.address, "dnd-kde-off")
    controller = Controller(timer, None)
    try:
        dnd_ui.install(controller, tmp_path, bus)
        assert controller.start("Acme", "Replies")
        assert plasma.events() == []
    finally:
        controller.close()


def test_a_kill_9_leaves_nothing_inhibited(
    qtbot: QtBot, plasma: FakePlasma, private: PrivateBus, no_gnome: None, tmp_path: Path
) -> None:
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from smfocus.ui.dnd import DoNotDisturb\n"
        "app = QCoreApplication([])\n"
        "assert DoNotDisturb(Path(sys.argv[1])).silence()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        env=subprocess_env(DBUS_SESSION_BUS_ADDRESS=private.address, PATH=str(tmp_path / "e")),
        cwd=ROOT,
    )
    assert child.wait(120) == -signal.SIGKILL
    taken = [e for e in plasma.events() if "inhibit" in e]
    assert [e["pid"] for e in taken] == [child.pid]  # the app held it, no helper
    # The server sees the killed process's connection end and drops it, as Plasma does.
    qtbot.waitUntil(lambda: plasma.held() == set(), timeout=int(START_TIMEOUT_S * 1000))
    assert {"dropped": taken[0]["inhibit"]} in plasma.events()

    # The next start finds nothing to put back, and sends no stale cookie.
    bus = QDBusConnection.connectToBus(private.address, "dnd-kde-next")
    assert not DoNotDisturb(tmp_path, bus).restore_after_crash()
    assert not any("uninhibit" in e for e in plasma.events())
