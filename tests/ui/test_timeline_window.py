"""The timeline window offscreen, on a fake clock: a day's blocks, editing in
place, a refusal shown in place, split, merge, delete by key, Ctrl+Z, and a
running entry that grows when the clock moves. Screenshots are kept in
artifacts/timeline-*.png."""

# pytest-qt's QtBot key and mouse methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.timeline import Timeline
from smfocus.tracker import Tracker
from smfocus.ui import timeline_blocks
from smfocus.ui.timeline_window import TimelineWindow
from tests.helpers import at

DAY = date(2026, 2, 10)


@pytest.fixture
def window(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> Iterator[TimelineWindow]:
    clock.set(at("2026-02-10T18:00", tz))
    tracker.add_project("Acme")
    tracker.add_project("Beta")
    tracker.add(
        "Acme", "Replies", start=at("2026-02-10T09:00", tz), end=at("2026-02-10T10:00", tz)
    )
    tracker.add("Beta", "Call", start=at("2026-02-10T11:00", tz), end=at("2026-02-10T12:00", tz))
    tracker.start("Acme", "Posts", at=at("2026-02-10T14:00", tz))
    shown = TimelineWindow(Timeline(tracker), DAY)
    qtbot.addWidget(shown)
    shown.resize(960, 420)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()


def _hm(epoch: int, tz: ZoneInfo) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(epoch, tz).strftime("%H:%M")


def click_block(qtbot: QtBot, window: TimelineWindow, entry_id: int) -> None:
    block = next(b for b in window.canvas.blocks() if b.entry_id == entry_id)
    point = QPoint(int((block.left + block.right) / 2), window.canvas.height() // 2)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.canvas.selection == entry_id


def shot(window: TimelineWindow, artifacts: Path, name: str) -> None:
    assert window.grab().save(str(artifacts / f"timeline-{name}.png"))


def test_the_day_shows_its_blocks_total_and_week(
    window: TimelineWindow, clock: FakeClock, artifacts: Path
) -> None:
    assert [b.entry_id for b in window.canvas.blocks()] == [1, 2, 3]
    assert "6:00:00 tracked" in window.title.text()  # 1 h + 1 h + 14:00 to 18:00
    tuesday = next(b for b in window.week_buttons if b.isChecked())
    assert tuesday.text().startswith("Tue 10")
    shot(window, artifacts, "day")
    clock.advance(3600)
    window.refresh()
    assert "7:00:00 tracked" in window.title.text()  # the running entry grew


def test_edit_in_place_and_a_refusal_in_the_users_words(
    qtbot: QtBot, window: TimelineWindow, tracker: Tracker, tz: ZoneInfo, artifacts: Path
) -> None:
    click_block(qtbot, window, 1)
    assert (window.project.text(), window.start.text(), window.end.text()) == (
        "Acme", "09:00", "10:00",
    )  # fmt: skip
    window.end.setText("10:30")
    window.category.setText("replies")
    window.buttons["save"].click()
    entry = tracker.entry(1)
    assert (_hm(entry.ended_at or 0, tz), entry.category) == ("10:30", "replies")
    window.end.setText("11:30")
    window.buttons["save"].click()
    assert "overlaps entry #2" in window.message.text()
    shot(window, artifacts, "refused")
    assert _hm(tracker.entry(1).ended_at or 0, tz) == "10:30"


def test_split_merge_delete_and_undo_by_keyboard(
    qtbot: QtBot, window: TimelineWindow, tracker: Tracker, tz: ZoneInfo, artifacts: Path
) -> None:
    click_block(qtbot, window, 1)
    window.split_at.setText("09:20")
    window.buttons["split"].click()
    assert [(_hm(e.started_at, tz), e.id) for e in tracker.log()][:2] == [
        ("09:00", 1),
        ("09:20", 4),
    ]
    shot(window, artifacts, "split")
    window.buttons["merge"].click()
    assert [e.id for e in tracker.log()] == [1, 2, 3]
    assert _hm(tracker.entry(1).ended_at or 0, tz) == "10:00"
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.canvas.selection == 2
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert [e.id for e in tracker.log()] == [1, 3]
    assert "Ctrl+Z" in window.message.text()
    shot(window, artifacts, "deleted")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.id for e in tracker.log()] == [1, 2, 3]
    window.buttons["undo"].click()  # the merge
    window.buttons["undo"].click()  # the split
    assert [e.id for e in tracker.log()] == [1, 2, 3]
    window.buttons["undo"].click()  # the add of Beta / Call, from the CLI's code path
    assert [e.id for e in tracker.log()] == [1, 3]


def test_a_gap_click_prefills_an_entry_to_add(
    qtbot: QtBot, window: TimelineWindow, tracker: Tracker, tz: ZoneInfo
) -> None:
    width = window.canvas.width()
    x = int(width * 12.5 / 24)  # 12:30, between Beta and the running entry
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, 40))
    assert window.canvas.selection is None
    assert window.start.text() == "12:30"
    window.project.setText("Beta")
    window.task.setText("Lunch call")
    window.end.setText("13:15")
    window.buttons["save"].click()
    assert window.message.text() == ""
    added = tracker.log()[2]
    assert (added.task, _hm(added.started_at, tz), _hm(added.ended_at or 0, tz)) == (
        "Lunch call", "12:30", "13:15",
    )  # fmt: skip


def test_blocks_are_laid_out_in_time_and_short_ones_stay_clickable() -> None:
    from smfocus.core.records import EntryRecord

    entries = [
        EntryRecord(1, "Acme", None, None, 0, 60, None, "cli"),
        EntryRecord(2, "Acme", "x", None, 43_200, None, None, "cli"),
    ]
    blocks = timeline_blocks.layout(entries, 0, 86_400, 64_800, 960.0)
    assert blocks[0].left == 0 and blocks[0].right == timeline_blocks.MIN_WIDTH
    assert (blocks[1].left, blocks[1].right, blocks[1].running) == (480.0, 720.0, True)
    assert timeline_blocks.time_at(480.0, 0, 86_400, 960.0) == 43_200


def test_recurring_blocks_show_on_their_days_beside_what_happened(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo, artifacts: Path
) -> None:
    from smfocus import blocks

    clock.set(at("2026-03-31T18:00", tz))
    tracker.add_project("Acme")
    tracker.add("Acme", "Posts", start=at("2026-03-30T09:10", tz), end=at("2026-03-30T10:00", tz))
    blocks.add_block(tracker, "mon,thu 09:00 90m scheduling posts")
    timeline = Timeline(tracker)
    # Monday 30 March, the day after Paris moved its clocks: still 09:00 local.
    monday = timeline.day(date(2026, 3, 30))
    assert monday.planned == (
        (at("2026-03-30T09:00", tz), at("2026-03-30T10:30", tz), "scheduling posts"),
    )
    assert timeline.day(date(2026, 3, 31)).planned == ()  # a Tuesday
    bands = timeline_blocks.planned_bands(monday.planned, monday.start, monday.end, 2300.0)
    assert [round(left) for left, _, _ in bands] == [862]  # 09:00 of 24 hours on 2300 px
    shown = TimelineWindow(timeline, date(2026, 3, 30))
    qtbot.addWidget(shown)
    shown.resize(960, 420)
    shown.show()
    qtbot.waitExposed(shown)
    assert shown.grab().save(str(artifacts / "timeline-planned-block.png"))
    shown.close()
