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


@pytest.mark.parametrize(
    ("seconds", "kwargs", "text"),
    [
        (5400, {}, "1.50 h"),
        (5400, {"unit": False}, "1.50"),
        (1, {"places": 4, "unit": False}, "0.0003"),
        (3599, {"places": 1}, "1.0 h"),
        (-90, {"places": 1, "signed": True}, "0.0 h"),  # a change too small to show
        (-5400, {"places": 1, "signed": True}, "-1.5 h"),
        (5400, {"places": 1, "signed": True}, "+1.5 h"),
        (-1, {}, "0.00 h"),
        (2700.0, {}, "0.75 h"),  # an average per month is a float
    ],
)
def test_hours(seconds: float, kwargs: dict[str, object], text: str) -> None:
    assert fmt.hours(seconds, **kwargs) == text  # type: ignore[arg-type]


def test_four_decimal_hours_keep_every_second() -> None:
    """Files carry hours with four decimals: 1 s is 0.000278 h, and the rounding error
    (at most 0.00005 h = 0.18 s) is under half a second, so seconds come back exactly."""
    for seconds in range(0, 200_000, 7):
        assert round(float(fmt.hours(seconds, 4, unit=False)) * 3600) == seconds


def test_money() -> None:
    assert fmt.money(None, "EUR") == "-"
    assert fmt.money(123_456, "EUR") == "1,234.56 EUR"
    assert fmt.money(123_456, "EUR", 0) == "1,235 EUR"
    assert fmt.money(-50, None) == "-0.50"
    assert fmt.money(0, "") == "0.00"


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "0.00"), (5, "0.05"), (123_456, "1234.56"), (-5, "-0.05"), (-123_400, "-1234.00")],
)
def test_amount_is_an_exact_plain_number(cents: int, text: str) -> None:
    assert fmt.amount(cents) == text


def test_percent() -> None:
    assert fmt.percent(None) == "-"
    assert fmt.percent(0.125, 1) == "12.5 %"
    assert fmt.percent(1.0) == "100 %"
    assert fmt.percent(0.25, signed=True) == "+25 %"
    assert fmt.percent(-0.5, signed=True) == "-50 %"


def test_label() -> None:
    assert fmt.label("Acme", "Plan posts") == "Acme / Plan posts"
    assert fmt.label("Acme", None) == "Acme"
    assert fmt.label("Acme", "") == "Acme"
