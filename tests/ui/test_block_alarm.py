"""A recurring block is announced once as it begins, and Start batch starts one."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from smfocus.blocks import add_block
from smfocus.core.clock import FakeClock
from smfocus.tracker import Tracker
from smfocus.ui.block_alarm import START_BATCH, BlockAlarm
from tests.helpers import at


def test_a_block_is_announced_once_at_its_start_and_its_button_starts_the_batch(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-10-26T08:59", tz))  # the Monday after the autumn change
    add_block(tracker, "mon,thu 09:00 90m scheduling posts")
    asked: list[tuple[str, str, list[tuple[str, str]]]] = []
    started: list[str] = []
    alarm = BlockAlarm(tracker, lambda *a: asked.append(a), started.append)
    assert alarm.check() == []
    clock.advance(30)
    assert alarm.check() == []  # 08:59:30
    clock.advance(45)
    assert len(alarm.check()) == 1  # 09:00:15 local
    assert asked == [
        (
            "Block: scheduling posts",
            "09:00–10:30, scheduling posts.",
            [(START_BATCH, "Start batch")],
        )
    ]
    clock.advance(20)
    assert alarm.check() == []  # said once
    alarm.answer(START_BATCH)
    assert started == ["scheduling posts"]
    alarm.answer(START_BATCH)
    assert started == ["scheduling posts"]  # one answer per announcement
