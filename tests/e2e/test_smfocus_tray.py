"""smfocus itself in a real tray: start focus from the menu, survive kill -9, one instance."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_icon_in_tray import colours_in, saturated
from tests.e2e.xvfb import Desktop, Geometry, wait_until

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# From the top of the menu to the middle of its first item under the header
# ("Start focus on <last task>"), with the DejaVu fonts CI installs.
FIRST_ITEM_Y = 33


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


def status(data: Path) -> dict[str, object]:
    return json.loads(cli(data, "status", "--json").stdout)  # type: ignore[no-any-return]


def launch(
    desktop: Desktop, data: Path, name: str = "smfocus", *, lang: str = "C.UTF-8"
) -> object:
    app = desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
        name=name,
        env={"SMFOCUS_TRACE_STARTUP": "1", "PYTHONPATH": str(ROOT), "LANG": lang},
        cwd=ROOT,
    )
    app.wait_for_output("tray painted", stream="stderr")
    app.wait_for_output("store loaded", stream="stderr")
    return app


def icon_region(desktop: Desktop, icon: int) -> Geometry:
    box = desktop.geometry(icon)
    return Geometry(box.x, box.y, box.width, box.height)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "smfocus-data"
    cli(folder, "project", "add", "Acme")
    cli(folder, "add", "Acme", "Replies", "--from", "-2h", "--to", "-1h")
    return folder


def test_a_french_desktop_gets_a_french_tray_menu_that_works(
    desktop: Desktop, data: Path, artifacts: Path, qapp: object
) -> None:
    app = launch(desktop, data, lang="fr_FR.UTF-8")
    icon = desktop.find_tray_icon_window(app.pid)  # type: ignore[attr-defined]
    desktop.right_click(icon)
    menu = desktop.wait_for_window(pid=app.pid, exclude=[icon])  # type: ignore[attr-defined]
    box = desktop.geometry(menu)
    (artifacts / "fr").mkdir(exist_ok=True)
    desktop.screenshot(
        artifacts / "fr" / "e2e-tray-menu.png",
        Geometry(box.x - 10, 0, box.width + 140, box.y + box.height + 10),
    )
    # The same first entry as in English ("Démarrer la concentration sur Replies"):
    # the words changed, not what a click does.
    desktop.click_at(box.x + box.width // 2, box.y + FIRST_ITEM_Y)

    def focusing() -> dict[str, object] | None:
        now = status(data)
        return now if now["phase"] == "work" else None

    started = wait_until(focusing, "focus to start from the French menu", 15, desktop.describe)
    assert started["task"] == "Replies"


def test_start_focus_from_the_tray_then_survive_kill_9(
    desktop: Desktop, data: Path, artifacts: Path, qapp: object
) -> None:
    app = launch(desktop, data)
    icon = desktop.find_tray_icon_window(app.pid)  # type: ignore[attr-defined]

    desktop.right_click(icon)
    menu = desktop.wait_for_window(pid=app.pid, exclude=[icon])  # type: ignore[attr-defined]
    box = desktop.geometry(menu)
    menu_shot = Geometry(box.x - 10, 0, box.width + 140, box.y + box.height + 10)
    desktop.screenshot(artifacts / "e2e-smfocus-menu.png", menu_shot)
    desktop.click_at(box.x + box.width // 2, box.y + FIRST_ITEM_Y)

    def focusing() -> dict[str, object] | None:
        now = status(data)
        return now if now["phase"] == "work" else None

    before = wait_until(focusing, "focus to start from the tray menu", 15, desktop.describe)
    assert before["task"] == "Replies" and before["paused"] is False

    def red_icon() -> Path | None:
        shot = desktop.screenshot(artifacts / "e2e-smfocus-focus.png", icon_region(desktop, icon))
        return (
            shot
            if saturated(colours_in(shot), 340, 360) + saturated(colours_in(shot), 0, 20) > 10
            else None
        )

    wait_until(red_icon, "the tray icon to turn to the focus colour", 15, desktop.describe)

    # kill -9 in the middle of the pomodoro: nothing is lost.
    os.kill(app.pid, signal.SIGKILL)  # type: ignore[attr-defined]
    app.process.wait(10)  # type: ignore[attr-defined]
    after_kill = status(data)
    assert after_kill["phase"] == "work"
    assert after_kill["phase_ends_at"] == before["phase_ends_at"]
    assert after_kill["started_at"] == before["started_at"]

    again = launch(desktop, data, name="smfocus-again")
    icon = desktop.find_tray_icon_window(again.pid)  # type: ignore[attr-defined]
    wait_until(red_icon, "the relaunched icon to show the running pomodoro", 15, desktop.describe)
    resumed = status(data)
    # The countdown goes on from the same end: wall-clock arithmetic, not ticks.
    assert resumed["phase_ends_at"] == before["phase_ends_at"]
    assert resumed["remaining_seconds"] <= before["remaining_seconds"]  # type: ignore[operator]

    # A second launch hands over to the running one and leaves.
    second = desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
        name="smfocus-second",
        env={"PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert second.wait(20) == 0
    assert "already running" in second.stdout()
    window = desktop.wait_for_window(name="^smfocus$", pid=again.pid)  # type: ignore[attr-defined]
    shot = desktop.screenshot(artifacts / "e2e-smfocus-window.png")
    assert shot.exists() and window


def test_without_a_tray_the_window_appears(bare_desktop: Desktop, data: Path) -> None:
    app = bare_desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
        name="smfocus",
        env={"SMFOCUS_TRACE_STARTUP": "1", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    app.wait_for_output("window painted", stream="stderr")
    assert bare_desktop.wait_for_window(name="^smfocus$", pid=app.pid)
