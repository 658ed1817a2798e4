"""Local calendar arithmetic: labels, DST change instants, splitting at midnight."""

from __future__ import annotations

import itertools
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from smfocus.core import periods
from tests.helpers import at, utc

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


def test_day_from_index_counts_from_1970() -> None:
    assert periods.day_from_index(0) == date(1970, 1, 1)
    assert periods.day_from_index(utc("2026-03-29T00:00") // 86_400) == date(2026, 3, 29)


YEAR_START = utc("2026-01-01T00:00")
YEAR_END = utc("2027-01-01T00:00")


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (
            "Europe/Paris",
            [
                (YEAR_START, utc("2026-03-29T01:00"), 3600),
                (utc("2026-03-29T01:00"), utc("2026-10-25T01:00"), 7200),
                (utc("2026-10-25T01:00"), YEAR_END, 3600),
            ],
        ),
        (
            "America/New_York",
            [
                (YEAR_START, utc("2026-03-08T07:00"), -18_000),
                (utc("2026-03-08T07:00"), utc("2026-11-01T06:00"), -14_400),
                (utc("2026-11-01T06:00"), YEAR_END, -18_000),
            ],
        ),
        (
            "Australia/Lord_Howe",
            [
                (YEAR_START, utc("2026-04-04T15:00"), 39_600),
                (utc("2026-04-04T15:00"), utc("2026-10-03T15:30"), 37_800),
                (utc("2026-10-03T15:30"), YEAR_END, 39_600),
            ],
        ),
        ("Asia/Kolkata", [(YEAR_START, YEAR_END, 19_800)]),
    ],
)
def test_constant_offset_spans_find_the_exact_change_seconds(
    zone: str, expected: list[tuple[int, int, int]]
) -> None:
    assert periods.constant_offset_spans(YEAR_START, YEAR_END, ZoneInfo(zone)) == expected


def test_constant_offset_spans_of_a_range_starting_exactly_at_a_change() -> None:
    change = utc("2026-03-29T01:00")
    assert periods.constant_offset_spans(change - 1, change + 1, PARIS) == [
        (change - 1, change, 3600),
        (change, change + 1, 7200),
    ]
    assert periods.constant_offset_spans(change, change + 10, PARIS) == [
        (change, change + 10, 7200)
    ]


def test_constant_offset_spans_of_an_empty_range() -> None:
    assert periods.constant_offset_spans(100, 100, PARIS) == []
    assert periods.constant_offset_spans(200, 100, PARIS) == []


def test_constant_offset_spans_cover_the_range_without_gaps_over_decades() -> None:
    start, end = utc("2000-01-01T00:00"), utc("2030-01-01T00:00")
    spans = periods.constant_offset_spans(start, end, NEW_YORK)
    assert spans[0][0] == start and spans[-1][1] == end
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(a[2] != b[2] for a, b in itertools.pairwise(spans))
    assert len(spans) == 2 * 30 + 1  # two changes a year


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/Paris", "2026-03-29", 23),
        ("Europe/Paris", "2026-10-25", 25),
        ("America/New_York", "2026-03-08", 23),
        ("America/New_York", "2026-11-01", 25),
        ("Australia/Lord_Howe", "2026-10-04", 23.5),
        ("Australia/Lord_Howe", "2026-04-05", 24.5),
        ("Asia/Kolkata", "2026-03-29", 24),
    ],
)
def test_split_at_midnights_gives_the_real_length_of_dst_days(
    zone: str, day: str, hours: float
) -> None:
    tz = ZoneInfo(zone)
    the_day = date.fromisoformat(day)
    before = date.fromordinal(the_day.toordinal() - 1).isoformat()
    after = date.fromordinal(the_day.toordinal() + 1).isoformat()
    # From noon the day before to noon the day after.
    pieces = list(
        periods.split_at_midnights(at(f"{before}T12:00", tz), at(f"{after}T12:00", tz), tz)
    )
    assert pieces == [
        (date.fromisoformat(before), 12 * 3600),
        (the_day, int(hours * 3600)),
        (date.fromisoformat(after), 12 * 3600),
    ]


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


def test_offset_at() -> None:
    assert periods.offset_at(utc("2026-07-01T00:00"), PARIS) == 7200
    assert periods.offset_at(utc("2026-07-01T00:00"), LORD_HOWE) == 37_800


@pytest.mark.parametrize("days_before", [1, 2, 7])
def test_a_change_falling_exactly_on_a_daily_probe_is_found_to_the_second(
    days_before: int,
) -> None:
    # The spans are probed once a day from the range's start: a range starting a
    # whole number of days before the change puts a probe right on it. (Found 1 s
    # late before the fix, which moved work at 23:00 to the next day in Santiago.)
    change = utc("2026-10-25T01:00")
    start = change - days_before * 86_400
    assert periods.constant_offset_spans(start, change + 3600, PARIS) == [
        (start, change, 7200),
        (change, change + 3600, 3600),
    ]
