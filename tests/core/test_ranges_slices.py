"""Date-range presets, and local-time slicing: offset segments and hours of the week
across DST changes (Paris, and Lord Howe's half-hour shift)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from smfocus.core import ranges, slices
from smfocus.errors import UserError
from tests.helpers import at, utc

PARIS = ZoneInfo("Europe/Paris")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KOLKATA = ZoneInfo("Asia/Kolkata")


@pytest.mark.parametrize(
    ("name", "today", "first", "last"),
    [
        ("today", date(2026, 3, 29), date(2026, 3, 29), date(2026, 3, 29)),
        # ISO week, Monday to Sunday, across a month end
        ("this_week", date(2026, 4, 1), date(2026, 3, 30), date(2026, 4, 5)),
        ("this_week", date(2026, 3, 29), date(2026, 3, 23), date(2026, 3, 29)),
        ("this_month", date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
        ("this_month", date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),
        ("last_month", date(2026, 3, 31), date(2026, 2, 1), date(2026, 2, 28)),
        ("last_month", date(2026, 1, 15), date(2025, 12, 1), date(2025, 12, 31)),
        ("this_year", date(2026, 7, 4), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_presets(name: str, today: date, first: date, last: date) -> None:
    assert ranges.preset(name, today) == ranges.DateRange(first, last)


def test_all_time_is_open_on_both_ends() -> None:
    assert ranges.preset("all_time", date(2026, 3, 1)) == ranges.DateRange(None, None)


def test_a_range_cannot_end_before_it_starts() -> None:
    with pytest.raises(UserError, match="ends"):
        ranges.DateRange(date(2026, 3, 2), date(2026, 3, 1))


def test_custom_is_not_a_preset_and_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError):
        ranges.preset("custom", date(2026, 3, 1))
    with pytest.raises(ValueError):
        ranges.preset("fortnight", date(2026, 3, 1))


def test_month_steps() -> None:
    assert ranges.next_month(date(2026, 12, 15)) == date(2027, 1, 1)
    assert ranges.previous_month(date(2026, 1, 31)) == date(2025, 12, 1)


def test_offset_segments_find_both_paris_changes_to_the_second() -> None:
    segments = slices.offset_segments(utc("2026-01-01T00:00"), utc("2027-01-01T00:00"), PARIS)
    assert segments == [
        (utc("2026-01-01T00:00"), 3600),
        (utc("2026-03-29T01:00"), 7200),
        (utc("2026-10-25T01:00"), 3600),
    ]


def test_offset_segments_of_a_zone_without_dst() -> None:
    start = utc("2026-01-01T00:00")
    assert slices.offset_segments(start, utc("2027-01-01T00:00"), KOLKATA) == [(start, 19800)]


def _explicit_buckets(day: str, tz: ZoneInfo) -> list[tuple[int, int]]:
    start = at(f"{day}T00:00", tz)
    following = date.fromordinal(date.fromisoformat(day).toordinal() + 1)
    stop = at(f"{following.isoformat()}T00:00", tz)
    regular, explicit = slices.hour_slices(start, stop, tz)
    assert regular == []
    assert explicit[0][0] == start and explicit[-1][1] == stop
    return [(b - a, g % 24) for a, b, g in explicit]


def test_the_spring_day_has_no_two_oclock_hour() -> None:
    pieces = _explicit_buckets("2026-03-29", PARIS)
    assert len(pieces) == 23
    assert [hour for _, hour in pieces] == [0, 1, *range(3, 24)]
    assert all(length == 3600 for length, _ in pieces)


def test_the_autumn_day_has_two_oclock_twice() -> None:
    pieces = _explicit_buckets("2026-10-25", PARIS)
    assert len(pieces) == 25
    assert [hour for _, hour in pieces] == [0, 1, 2, 2, *range(3, 24)]
    assert sum(length for length, _ in pieces) == 25 * 3600


def test_lord_howe_half_hour_shift() -> None:
    # 2026-10-04 02:00 standard (+10:30) becomes 02:30 daylight (+11): a 23.5 h day.
    pieces = _explicit_buckets("2026-10-04", LORD_HOWE)
    assert sum(length for length, _ in pieces) == 23 * 3600 + 1800
    assert (1800, 2) in pieces  # 02:30-03:00, the half of hour 2 that exists


def test_ordinary_days_are_left_to_sql_and_the_ends_are_clipped() -> None:
    start = at("2026-03-10T09:30", PARIS)  # a Tuesday, mid-hour
    end = at("2026-03-12T14:15", PARIS)
    regular, explicit = slices.hour_slices(start, end, PARIS)
    assert regular == [(at("2026-03-11T00:00", PARIS), 2)]  # Wednesday, whole
    assert explicit[0] == (start, at("2026-03-10T10:00", PARIS), 1 * 24 + 9)
    assert explicit[-1] == (at("2026-03-12T14:00", PARIS), end, 3 * 24 + 14)
    covered = 24 * 3600 * len(regular) + sum(b - a for a, b, _ in explicit)
    assert covered == end - start


def test_weekday_of_a_bucket_is_the_local_one() -> None:
    # 23:30 UTC on Sunday is 00:30 Monday in Paris.
    moment = int(datetime(2026, 1, 4, 23, 30, tzinfo=UTC).timestamp())
    _, explicit = slices.hour_slices(moment, moment + 600, PARIS)
    assert explicit == [(moment, moment + 600, 0 * 24 + 0)]
