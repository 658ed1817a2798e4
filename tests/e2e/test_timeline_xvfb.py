"""The timeline window as a user drives it, on a real X display: ``smfocus
timeline DAY`` opens the day, a click selects a block, Delete deletes it,
Ctrl+Z brings it back, Right moves from block to block. Also the X11 idle source
reading the real X server's idle clock, which an ``xdotool`` move resets.
Screenshots in artifacts/timeline-xvfb-*.png."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.xvfb import Desktop, wait_until

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CANVAS_TOP = 80  # from the window's top to the time axis's lane, as laid out
CANVAS_MARGIN = 11


def cli(data: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


def ids(data: Path) -> list[int]:
    with sqlite3.connect(data / "smfocus.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT id FROM time_entries ORDER BY started_at")]


def test_open_a_day_delete_by_key_and_undo(
    desktop: Desktop, tmp_path: Path, artifacts: Path
) -> None:
    data = tmp_path / "data"
    day = (date.today() - timedelta(days=1)).isoformat()
    cli(data, "project", "add", "Acme")
    cli(data, "project", "add", "Beta")
    cli(data, "add", "Acme", "Replies", "--from", f"{day}T08:00", "--to", f"{day}T11:00")
    cli(data, "add", "Beta", "Call", "--from", f"{day}T13:00", "--to", f"{day}T16:00")
    desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data), "timeline", day],
        name="timeline",
        env={"PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    window = desktop.wait_for_window("^Timeline — smfocus$")
    box = desktop.geometry(window)
    lane = box.width - 2 * CANVAS_MARGIN
    # 09:30 lies in the middle of Acme's three hours, whatever the exact layout.
    desktop.click_at(int(box.x + CANVAS_MARGIN + lane * 9.5 / 24), box.y + CANVAS_TOP + 40)
    desktop.screenshot(artifacts / "timeline-xvfb-selected.png", box)
    desktop.key("Delete")
    wait_until(lambda: ids(data) == [2] or None, "the delete to be written")
    desktop.key("ctrl+z")
    wait_until(lambda: ids(data) == [1, 2] or None, "the undo to be written")
    desktop.key("Right", "Right")  # nothing selected after the undo: the first, then the next
    desktop.key("Delete")
    wait_until(lambda: ids(data) == [1] or None, "Beta to be deleted")
    desktop.screenshot(artifacts / "timeline-xvfb-deleted.png", box)
    cli(data, "undo")
    assert ids(data) == [1, 2]


def test_x11_idle_reads_the_server_and_a_pointer_move_resets_it(desktop: Desktop) -> None:
    from smfocus.ui.idle import X11Idle

    saved = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = desktop.display
    try:
        x11 = X11Idle()
        assert x11.available()
        desktop.move_to(10, 10)
        wait_until(lambda: (x11.idle_ms() or 0) >= 200 or None, "the idle clock to grow")
        before = x11.idle_ms()
        desktop.move_to(200, 200)
        after = x11.idle_ms()
        assert before is not None and after is not None and after < before
    finally:
        if saved is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = saved
