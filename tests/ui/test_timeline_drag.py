"""Dragging a block's edge in the timeline: the entry's start or end moves to
the minute under the pointer, through ``tracker.edit`` (one transaction,
journaled, so Undo takes it back); a refusal is shown in place and nothing is
stored. The mouse is driven with QTest press, move and release."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.timeline import Timeline
from smfocus.tracker import Tracker
from smfocus.ui import timeline_blocks
from smfocus.ui.timeline_window import TimelineWindow
from tests.helpers import at

DAY = date(2026, 2, 10)
LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


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
    shown = TimelineWindow(Timeline(tracker), DAY)
    qtbot.addWidget(shown)
    shown.resize(960, 420)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()


def hm(epoch: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(epoch, tz).strftime("%H:%M")


def x_of(window: TimelineWindow, moment: int) -> int:
    day = window.day
    return round((moment - day.start) * window.canvas.width() / (day.end - day.start))


def drag(window: TimelineWindow, entry_id: int, side: str, to: int) -> int:
    """Press on the block's edge, move in steps, release over ``to``; returns
    the moment under the release pixel, to the minute."""
    canvas = window.canvas
    block = next(b for b in canvas.blocks() if b.entry_id == entry_id)
    y = canvas.height() // 2
    start = round(block.left if side == "start" else block.right)
    target = x_of(window, to)
    QTest.mousePress(canvas, LEFT, NO_KEYS, QPoint(start, y))
    step = 1 if target > start else -1
    for x in range(start, target + step, step * 5):
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseMove(canvas, QPoint(target, y))
    QTest.mouseRelease(canvas, LEFT, NO_KEYS, QPoint(target, y))
    day = window.day
    return timeline_blocks.moment_at(target, day.start, day.end, canvas.width())


def test_dragging_the_right_edge_moves_the_end_to_the_minute_and_undo_takes_it_back(
    window: TimelineWindow, tracker: Tracker, tz: ZoneInfo, artifacts: Path
) -> None:
    dropped = drag(window, 1, "end", at("2026-02-10T10:30", tz))
    entry = tracker.entry(1)
    assert entry.ended_at == dropped
    assert entry.ended_at % 60 == 0  # snapped to the minute
    assert abs(dropped - at("2026-02-10T10:30", tz)) <= 120  # where the pointer let go
    assert entry.started_at == at("2026-02-10T09:00", tz)  # the other edge stays
    assert window.canvas.selection == 1
    assert window.end.text() == hm(dropped, tz)  # the form shows the stored end
    assert window.message.text() == ""
    assert window.grab().save(str(artifacts / "timeline-dragged.png"))
    window.buttons["undo"].click()
    assert tracker.entry(1).ended_at == at("2026-02-10T10:00", tz)


def test_dragging_the_left_edge_moves_the_start(
    window: TimelineWindow, tracker: Tracker, tz: ZoneInfo
) -> None:
    dropped = drag(window, 2, "start", at("2026-02-10T10:40", tz))
    entry = tracker.entry(2)
    assert (entry.started_at, entry.ended_at) == (dropped, at("2026-02-10T12:00", tz))
    assert abs(dropped - at("2026-02-10T10:40", tz)) <= 120


def test_a_drag_onto_another_entry_is_refused_in_place_and_nothing_moves(
    window: TimelineWindow, tracker: Tracker, tz: ZoneInfo, artifacts: Path
) -> None:
    drag(window, 2, "start", at("2026-02-10T09:30", tz))
    assert "overlaps entry #1" in window.message.text()
    assert tracker.entry(2).started_at == at("2026-02-10T11:00", tz)
    block = next(b for b in window.canvas.blocks() if b.entry_id == 2)
    assert block.left == pytest.approx(x_of(window, at("2026-02-10T11:00", tz)), abs=1)
    assert window.grab().save(str(artifacts / "timeline-drag-refused.png"))


def test_a_press_and_release_on_an_edge_without_moving_changes_nothing(
    window: TimelineWindow, tracker: Tracker, tz: ZoneInfo
) -> None:
    before = tracker.entry(1)
    block = next(b for b in window.canvas.blocks() if b.entry_id == 1)
    point = QPoint(round(block.right), window.canvas.height() // 2)
    QTest.mousePress(window.canvas, LEFT, NO_KEYS, point)
    QTest.mouseRelease(window.canvas, LEFT, NO_KEYS, point)
    assert tracker.entry(1) == before
    assert window.canvas.selection == 1


def test_the_edge_under_a_pixel_is_the_nearest_one() -> None:
    blocks = [
        timeline_blocks.Block(1, 10.0, 50.0, "A", "#000000", False),
        timeline_blocks.Block(2, 53.0, 90.0, "B", "#000000", False),
    ]
    assert timeline_blocks.edge_at(blocks, 11.0) == (1, "start")
    assert timeline_blocks.edge_at(blocks, 51.0) == (1, "end")
    assert timeline_blocks.edge_at(blocks, 52.0) == (2, "start")
    assert timeline_blocks.edge_at(blocks, 30.0) is None
