"""The tray's Batch submenu: where the batch is, next and skip, the summary at the end."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker
from smfocus.ui.batch_menu import BatchMenu
from smfocus.ui.tray import Tray


def test_the_menu_follows_the_batch_and_the_end_is_notified_with_time_per_client(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock
) -> None:
    tracker.add_project("Bloom", priority="1", client="Bloom Florist")
    tracker.add_project("Cafe", priority="2")
    tracker.add_task("Bloom", "Schedule reels", "scheduling posts")
    tracker.add_task("Cafe", "Menu posts", "scheduling posts")
    tray = Tray()
    notes: list[tuple[str, str]] = []
    errors: list[str] = []
    refreshed: list[bool] = []
    menu = BatchMenu(
        tray.menu,
        Timer(tracker),
        notify=lambda title, body: notes.append((title, body)),
        failed=errors.append,
        after=lambda: refreshed.append(True),
    )
    assert "Batch" in [a.text() for a in tray.menu.actions()]
    assert not menu.next_action.isEnabled()
    menu.start("scheduling posts")
    assert (
        menu.status.text()
        == "Batch 1/2 — now: Bloom Florist / Schedule reels — next: Cafe / Menu posts"
    )
    assert not menu.start_action.isEnabled()
    clock.advance(900)
    menu.step("next")
    clock.advance(600)
    menu.step("next")
    assert menu.status.text() == "No batch running"
    [(title, body)] = notes
    assert title == "Batch of scheduling posts done"
    assert body.splitlines() == [
        "2 task(s) done, 0 skipped.",
        "Bloom Florist: 0:15:00",
        "Cafe: 0:10:00",
    ]
    menu.step("skip")
    assert errors and "No batch is running" in errors[0]
    assert len(refreshed) == 3
