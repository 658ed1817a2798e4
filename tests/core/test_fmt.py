"""Text for people: durations, clock times, money."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from smfocus.core import fmt
from tests.helpers import utc

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00:00"),
        (59, "0:00:59"),
        (60, "0:01:00"),
        (3661, "1:01:01"),
        (86_399, "23:59:59"),
        (90_000, "25:00:00"),  # hours grow past a day: a 25-hour DST day reads right
        (360_000, "100:00:00"),
        (-5, "-0:00:05"),
        (-3661, "-1:01:01"),
    ],
)
def test_duration(seconds: int, text: str) -> None:
    assert fmt.duration(seconds) == text


def test_clock_and_moment_are_local() -> None:
    summer = utc("2026-07-01T12:34:56")
    assert fmt.clock(summer, PARIS) == "14:34"
    assert fmt.moment(summer, PARIS) == "2026-07-01 14:34"


def test_hours_and_money() -> None:
    assert fmt.hours(5400) == "1.50 h"
    assert fmt.money(None, "EUR") == "-"
    assert fmt.money(123_456, "EUR") == "1,234.56 EUR"
