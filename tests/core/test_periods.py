"""Local calendar arithmetic: labels, DST change instants, splitting at midnight."""

from __future__ import annotations

import itertools
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from smfocus.core import periods
from tests.helpers import at

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KOLKATA = ZoneInfo("Asia/Kolkata")


@pytest.mark.parametrize(
    ("day", "period", "text"),
    [
        (date(2026, 3, 29), "day", "2026-03-29"),
        (date(2026, 3, 29), "week", "2026-W13"),
        (date(2026, 3, 29), "month", "2026-03"),
        (date(2026, 1, 1), "week", "2026-W01"),
        # ISO weeks belong to the year of their Thursday.
        (date(2027, 1, 1), "week", "2026-W53"),
        (date(2024, 12, 30), "week", "2025-W01"),
        (date(2026, 12, 31), "month", "2026-12"),
    ],
)
def test_label(day: date, period: str, text: str) -> None:
    assert periods.label(day, period) == text


def test_label_refuses_unknown_period() -> None:
    with pytest.raises(ValueError):
        periods.label(date(2026, 1, 1), "fortnight")


def test_split_at_midnights_within_one_day_is_one_piece() -> None:
    start = at("2026-03-29T01:30", PARIS)
    end = at("2026-03-29T03:30", PARIS)
    assert list(periods.split_at_midnights(start, end, PARIS)) == [(date(2026, 3, 29), 3600)]


def test_split_at_midnights_ending_exactly_at_midnight_has_no_empty_piece() -> None:
    start = at("2026-02-10T22:00", PARIS)
    end = at("2026-02-11T00:00", PARIS)
    assert list(periods.split_at_midnights(start, end, PARIS)) == [(date(2026, 2, 10), 7200)]
    assert list(periods.split_at_midnights(end, end, PARIS)) == []


def test_split_at_midnights_uses_the_zone_not_utc() -> None:
    # 20:00 to 02:00 in Kolkata: 4 hours on the first day, 2 on the second.
    start = at("2026-05-01T20:00", KOLKATA)
    pieces = list(periods.split_at_midnights(start, start + 6 * 3600, KOLKATA))
    assert pieces == [(date(2026, 5, 1), 4 * 3600), (date(2026, 5, 2), 2 * 3600)]
    assert sum(seconds for _, seconds in pieces) == 6 * 3600


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/Paris", "2026-03-29", 23),
        ("Europe/Paris", "2026-10-25", 25),
        ("America/New_York", "2026-03-08", 23),
        ("America/New_York", "2026-11-01", 25),
        ("Australia/Lord_Howe", "2026-10-04", 23.5),
        ("Australia/Lord_Howe", "2026-04-05", 24.5),
        ("America/Santiago", "2026-09-06", 23),  # its clocks change at midnight
        ("America/Santiago", "2026-04-04", 25),
        ("Asia/Kolkata", "2026-03-29", 24),
    ],
)
def test_split_at_midnights_gives_the_real_length_of_dst_days(
    zone: str, day: str, hours: float
) -> None:
    tz = ZoneInfo(zone)
    the_day = date.fromisoformat(day)
    before = date.fromordinal(the_day.toordinal() - 1)
    after = date.fromordinal(the_day.toordinal() + 1)
    # From noon the day before to noon the day after.
    start = at(f"{before.isoformat()}T12:00", tz)
    end = at(f"{after.isoformat()}T12:00", tz)
    assert list(periods.split_at_midnights(start, end, tz)) == [
        (before, 12 * 3600),
        (the_day, int(hours * 3600)),
        (after, 12 * 3600),
    ]
    # The slices are the same pieces, with their exact instants, end to end.
    slices = list(periods.day_slices(start, end, tz))
    assert [(d, b - a) for d, a, b in slices] == list(periods.split_at_midnights(start, end, tz))
    assert slices[0][1] == start and slices[-1][2] == end
    assert all(a[2] == b[1] for a, b in itertools.pairwise(slices))
