"""Recurring blocks: what users type, 09:00 staying 09:00 across clock changes,
the week's plan and the calendar export."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from smfocus import blocks
from smfocus.core.blocks import Block, occurrences, parse_block
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.exporting import Selection, write_format
from smfocus.tracker import Tracker
from tests.helpers import at, utc


def test_the_block_text_users_type() -> None:
    assert parse_block("mon,thu 09:00 90m scheduling posts") == (
        (0, 3),
        540,
        90,
        "scheduling posts",
    )
    assert parse_block("weekdays 17:30 1h15m replies")[:3] == ((0, 1, 2, 3, 4), 1050, 75)
    assert parse_block("daily 8:05 15m  inbox   zero")[0] == tuple(range(7))
    assert parse_block("daily 8:05 15m  inbox   zero")[3] == "inbox zero"


@pytest.mark.parametrize(
    "text",
    [
        "mon 09:00 90m",
        "someday 09:00 1h x",
        "mon 9h 1h x",
        "mon 09:00 0m x",
        "fri-mon 09:00 1h x",
        "mon 09:00 25h x",
    ],
)
def test_a_block_that_cannot_be_read_is_refused(text: str) -> None:
    with pytest.raises(UserError):
        parse_block(text)


def test_a_block_stays_at_nine_local_across_the_autumn_and_spring_changes() -> None:
    paris = ZoneInfo("Europe/Paris")
    block = Block(1, (0,), 9 * 60, 90, "scheduling posts")
    autumn = list(occurrences(block, utc("2026-10-18T00:00"), utc("2026-11-01T00:00"), paris))
    # Monday 19 October is summer time (UTC+2), Monday 26 winter time (UTC+1).
    assert autumn == [
        (utc("2026-10-19T07:00"), utc("2026-10-19T08:30")),
        (utc("2026-10-26T08:00"), utc("2026-10-26T09:30")),
    ]
    spring = list(occurrences(block, utc("2027-03-22T00:00"), utc("2027-04-05T00:00"), paris))
    assert [begin for begin, _ in spring] == [utc("2027-03-22T08:00"), utc("2027-03-29T07:00")]


def test_a_block_in_the_skipped_spring_hour_moves_forward_by_the_gap() -> None:
    paris = ZoneInfo("Europe/Paris")
    block = Block(1, (6,), 2 * 60 + 30, 30, "night")
    (found,) = occurrences(block, utc("2027-03-27T00:00"), utc("2027-03-29T00:00"), paris)
    assert found[0] == at("2027-03-28T03:30", paris)


def test_blocks_show_in_the_week_and_go_to_the_calendar_as_weekly_rules(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-10-21T12:00", tz))
    blocks.add_block(tracker, "mon,thu 09:00 90m scheduling posts")
    week = blocks.scheduled(tracker, at("2026-10-19T00:00", tz), at("2026-10-26T00:00", tz))
    assert [begin for begin, _, _ in week] == [
        at("2026-10-19T09:00", tz),
        at("2026-10-22T09:00", tz),
    ]
    out = io.StringIO(newline="")
    write_format("ical", tracker, Selection(), out)
    calendar: Any = icalendar.Calendar.from_ical(out.getvalue())
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "scheduling posts"
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["MO", "TH"]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "Europe/Paris")
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Paris"


def test_removing_a_block_takes_it_out(tracker: Tracker) -> None:
    kept = blocks.add_block(tracker, "daily 08:00 15m inbox")
    gone = blocks.add_block(tracker, "weekdays 17:00 30m replies")
    blocks.remove_block(tracker, gone.id)
    assert [b.id for b in blocks.list_blocks(tracker)] == [kept.id]
    with pytest.raises(UserError, match="no block"):
        blocks.remove_block(tracker, gone.id)
