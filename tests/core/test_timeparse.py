"""Reading the times users type. Expected epochs are computed with the standard
library (tests.helpers.at/utc), never with smfocus's own conversions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from smfocus.core.timeparse import (
    looks_relative,
    parse_duration,
    parse_moment,
    parse_range_end,
    parse_range_start,
)
from smfocus.errors import UserError
from tests.helpers import at, utc

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# A Tuesday afternoon in winter (UTC+1 in Paris).
NOW = utc("2026-02-10T13:20:45")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-10T14:30", at("2026-02-10T14:30", PARIS)),  # no offset: local time
        ("2026-02-10T14:30:15", at("2026-02-10T14:30:15", PARIS)),
        ("2026-02-10 14:30", at("2026-02-10T14:30", PARIS)),  # a space instead of the T
        ("2026-07-10T14:30", at("2026-07-10T14:30", PARIS)),  # summer: UTC+2
        ("2026-02-10T14:30+05:30", utc("2026-02-10T09:00")),  # an explicit offset wins
        ("2026-02-10T14:30-03:00", utc("2026-02-10T17:30")),
        ("2026-02-10T14:30Z", utc("2026-02-10T14:30")),
        ("2026-02-10T14:30z", utc("2026-02-10T14:30")),
        ("2026-02-10", at("2026-02-10T00:00", PARIS)),  # a bare date: local midnight
        ("now", NOW),
        ("NOW", NOW),
        ("  now  ", NOW),
        ("today", at("2026-02-10T00:00", PARIS)),
        ("yesterday", at("2026-02-09T00:00", PARIS)),
        ("-15m", NOW - 15 * 60),
        ("-1h30m", NOW - 90 * 60),
        ("-2d", NOW - 2 * 86_400),
        ("-90s", NOW - 90),
        ("+5m", NOW + 5 * 60),
        ("14:30", at("2026-02-10T14:30", PARIS)),  # a clock time: today, local
        ("9:05", at("2026-02-10T09:05", PARIS)),
        ("23:59:59", at("2026-02-10T23:59:59", PARIS)),
        ("00:00", at("2026-02-10T00:00", PARIS)),
    ],
)
def test_parse_moment_reads_every_documented_form(text: str, expected: int) -> None:
    assert parse_moment(text, NOW, PARIS) == expected


def test_today_and_clock_times_follow_the_local_date_not_the_utc_date() -> None:
    # 23:30 UTC on 10 February is already 11 February in Paris.
    late = utc("2026-02-10T23:30")
    assert parse_moment("today", late, PARIS) == at("2026-02-11T00:00", PARIS)
    assert parse_moment("08:00", late, PARIS) == at("2026-02-11T08:00", PARIS)
    # ...and still 10 February in New York.
    assert parse_moment("today", late, NEW_YORK) == at("2026-02-10T00:00", NEW_YORK)


def test_yesterday_on_the_day_after_a_dst_change_is_local_midnight() -> None:
    # 30 March 2026 in Paris; 29 March had only 23 hours.
    now = at("2026-03-30T10:00", PARIS)
    assert parse_moment("yesterday", now, PARIS) == utc("2026-03-28T23:00")


def test_a_skipped_wall_time_reads_with_the_offset_from_before_the_change() -> None:
    # 02:30 does not exist on 29 March 2026 in Paris; it reads as 02:30+01:00.
    assert parse_moment("2026-03-29T02:30", NOW, PARIS) == utc("2026-03-29T01:30")


def test_an_ambiguous_wall_time_reads_as_its_first_occurrence() -> None:
    # 02:30 happens twice on 25 October 2026 in Paris: first at +02:00.
    assert parse_moment("2026-10-25T02:30", NOW, PARIS) == utc("2026-10-25T00:30")
    # An explicit offset picks the second one.
    assert parse_moment("2026-10-25T02:30+01:00", NOW, PARIS) == utc("2026-10-25T01:30")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("tomorrow-ish", "Cannot read 'tomorrow-ish'"),
        ("25:00", "not a valid clock time"),
        ("12:60", "not a valid clock time"),
        ("2026-02-30", "not a real date"),
        ("2026-13-01T10:00", "Cannot read"),
        ("-15x", "Cannot read"),
        ("15m", "Cannot read"),  # an offset needs its sign
        ("10/02/2026", "Cannot read"),
    ],
)
def test_bad_times_give_a_user_error_with_a_helpful_sentence(text: str, fragment: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_moment(text, NOW, PARIS)
    message = str(raised.value)
    assert fragment in message
    assert message.endswith(".")
    assert "\n" not in message
    if fragment != "not a valid clock time":
        # The sentence shows what would have worked.
        assert "2026-03-29T14:30" in message and "-15m" in message


def test_range_start_of_a_bare_date_is_its_local_midnight() -> None:
    assert parse_range_start("2026-02-10", NOW, PARIS) == at("2026-02-10T00:00", PARIS)
    assert parse_range_start("-15m", NOW, PARIS) == NOW - 900


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-10", at("2026-02-11T00:00", PARIS)),
        ("today", at("2026-02-11T00:00", PARIS)),
        ("yesterday", at("2026-02-10T00:00", PARIS)),
        # A moment is the end itself, not the end of its day.
        ("2026-02-10T14:30", at("2026-02-10T14:30", PARIS)),
        ("14:30", at("2026-02-10T14:30", PARIS)),
        ("now", NOW),
        ("-15m", NOW - 900),
    ],
)
def test_range_end_of_a_day_includes_the_whole_day(text: str, expected: int) -> None:
    assert parse_range_end(text, NOW, PARIS) == expected


@pytest.mark.parametrize(
    ("day", "zone", "hours"),
    [
        ("2026-03-29", "Europe/Paris", 23),
        ("2026-10-25", "Europe/Paris", 25),
        ("2026-03-08", "America/New_York", 23),
        ("2026-11-01", "America/New_York", 25),
        ("2026-03-28", "Europe/Paris", 24),
        ("2026-10-26", "Europe/Paris", 24),
    ],
)
def test_range_end_of_a_bare_date_is_the_next_local_midnight_on_dst_days(
    day: str, zone: str, hours: int
) -> None:
    tz = ZoneInfo(zone)
    start = parse_range_start(day, NOW, tz)
    end = parse_range_end(day, NOW, tz)
    assert start == at(f"{day}T00:00", tz)
    assert end - start == hours * 3600


def test_range_end_of_today_on_a_short_day_is_the_next_midnight() -> None:
    now = at("2026-03-29T12:00", PARIS)
    assert parse_range_end("today", now, PARIS) == utc("2026-03-29T22:00")


@pytest.mark.parametrize(
    ("text", "relative"),
    [("-15m", True), ("-1h30m", True), ("+5m", True), ("-2d", True), (" -15M ", True)],
)
def test_looks_relative_recognises_offsets(text: str, relative: bool) -> None:
    assert looks_relative(text) is relative


@pytest.mark.parametrize("text", ["-x", "--all", "-15", "15m", "-p", "now", "-1h30"])
def test_looks_relative_leaves_options_and_other_values_alone(text: str) -> None:
    assert looks_relative(text) is False


@pytest.mark.parametrize(
    ("text", "seconds"), [("25", 1500), ("25m", 1500), ("90s", 90), ("1h30m", 5400), (" 5M ", 300)]
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "-5m", "5 minutes", "1.5h"])
def test_parse_duration_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(UserError, match="Cannot read"):
        parse_duration(text)


@pytest.mark.parametrize(
    "text", ["9999-12-31", "0001-01-01", "-99999999d", "+99999999d", "9999-12-31T23:59-12:00"]
)
def test_times_beyond_the_calendar_are_a_user_error_not_a_crash(text: str) -> None:
    # These reached datetime arithmetic and crashed (OverflowError, "year 0").
    for parse in (parse_moment, parse_range_start, parse_range_end):
        with pytest.raises(UserError, match="too far in the past or the future"):
            parse(text, NOW, PARIS)


def test_the_far_but_real_calendar_still_works() -> None:
    assert parse_range_end("9998-12-30", NOW, PARIS) == at("9998-12-31T00:00", PARIS)
    assert parse_moment("1900-01-01T12:00Z", NOW, PARIS) == utc("1900-01-01T12:00")
