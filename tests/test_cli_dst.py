"""Daylight-saving changes, typed the way a user types them: local wall-clock
strings through the CLI's own parsing, checked to the second in ``log --json``
and ``report --by day --json``.

2026 changes: Europe/Paris 29 March 02:00 -> 03:00 and 25 October 03:00 -> 02:00;
America/New_York 8 March 02:00 -> 03:00 and 1 November 02:00 -> 01:00;
Australia/Lord_Howe 5 April 02:00 -> 01:30 and 4 October 02:00 -> 02:30.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from tests.helpers import Result, run_main, utc

Run = Callable[..., Result]


@pytest.fixture
def in_zone(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> Callable[[str], Run]:
    """``in_zone("Europe/Paris")("add", ...)``: the CLI as run by someone living there."""
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    clock = FakeClock(utc("2026-12-15T12:00"))  # after every date used here

    def make(zone: str) -> Run:
        monkeypatch.setattr(cli, "local_zone", lambda: ZoneInfo(zone))

        def invoke(*argv: str) -> Result:
            result = run_main(argv, capsys, data_dir=data_dir, clock=clock)
            assert (result.code, result.err) == (0, ""), result
            return result

        invoke("project", "add", "P")
        # Whole DST days are added as one entry of up to 49 hours.
        invoke("config", "set", "entry.max", "72h")
        return invoke

    return make


def _log(run: Run) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = run("log", "--all", "--json").json()
    return entries


def _days(run: Run, start: str, end: str) -> list[tuple[str, int]]:
    report = run("report", "--from", start, "--to", end, "--by", "day", "--json").json()
    assert report["total_seconds"] == sum(g["seconds"] for g in report["groups"])
    return [(g["key"], g["seconds"]) for g in report["groups"]]


@pytest.mark.parametrize(
    "case",
    [
        # Spring forward: 01:30 to 03:30 on the clock is one real hour.
        (
            "Europe/Paris",
            "2026-03-29T01:30",
            "2026-03-29T03:30",
            3600,
            "2026-03-29T01:30:00+01:00",
            "2026-03-29T03:30:00+02:00",
        ),
        # Fall back: 01:30 to 03:30 is three real hours (02:00-03:00 happens twice).
        (
            "Europe/Paris",
            "2026-10-25T01:30",
            "2026-10-25T03:30",
            3 * 3600,
            "2026-10-25T01:30:00+02:00",
            "2026-10-25T03:30:00+01:00",
        ),
        (
            "America/New_York",
            "2026-03-08T01:30",
            "2026-03-08T03:30",
            3600,
            "2026-03-08T01:30:00-05:00",
            "2026-03-08T03:30:00-04:00",
        ),
        # 01:30 happens twice on 1 November; a bare wall time means the first.
        (
            "America/New_York",
            "2026-11-01T00:30",
            "2026-11-01T02:30",
            3 * 3600,
            "2026-11-01T00:30:00-04:00",
            "2026-11-01T02:30:00-05:00",
        ),
        (
            "America/New_York",
            "2026-11-01T01:30",
            "2026-11-01T01:30-05:00",
            3600,
            "2026-11-01T01:30:00-04:00",
            "2026-11-01T01:30:00-05:00",
        ),
        # Lord Howe moves by half an hour.
        (
            "Australia/Lord_Howe",
            "2026-10-04T01:30",
            "2026-10-04T03:00",
            3600,
            "2026-10-04T01:30:00+10:30",
            "2026-10-04T03:00:00+11:00",
        ),
    ],
)
def test_entries_across_a_change_have_their_real_length(
    in_zone: Callable[[str], Run], case: tuple[str, str, str, int, str, str]
) -> None:
    zone, start, end, seconds, started_at, ended_at = case
    run = in_zone(zone)
    run("add", "P", "--from", start, "--to", end)
    [entry] = _log(run)
    assert (entry["seconds"], entry["started_at"], entry["ended_at"]) == (
        seconds,
        started_at,
        ended_at,
    )
    day = start[:10]
    assert _days(run, day, day) == [(day, seconds)]


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/Paris", "2026-03-29", 23),
        ("Europe/Paris", "2026-10-25", 25),
        ("America/New_York", "2026-03-08", 23),
        ("America/New_York", "2026-11-01", 25),
        ("Australia/Lord_Howe", "2026-10-04", 23.5),
        ("Australia/Lord_Howe", "2026-04-05", 24.5),
    ],
)
def test_a_whole_dst_day_has_23_or_25_hours(
    in_zone: Callable[[str], Run], zone: str, day: str, hours: float
) -> None:
    run = in_zone(zone)
    # Three days of work in one entry, from noon before to noon after.
    the_day = date.fromisoformat(day)
    before = (the_day - timedelta(days=1)).isoformat()
    after = (the_day + timedelta(days=1)).isoformat()
    run("add", "P", "--from", f"{before}T12:00", "--to", f"{after}T12:00")
    assert _log(run)[0]["seconds"] == int((24 + hours) * 3600)
    assert _days(run, before, after) == [
        (before, 12 * 3600),
        (day, int(hours * 3600)),
        (after, 12 * 3600),
    ]
    # A bare date given to --to includes that whole (short or long) day.
    report = run("report", "--from", day, "--to", day, "--json").json()
    assert report["total_seconds"] == int(hours * 3600)


def test_work_from_the_evening_before_into_the_short_day_is_split_at_midnight(
    in_zone: Callable[[str], Run],
) -> None:
    run = in_zone("Europe/Paris")
    run("add", "P", "--from", "2026-03-28T23:00", "--to", "2026-03-29T04:00")
    assert _log(run)[0]["seconds"] == 4 * 3600  # 05:00 minus the hour that never was
    assert _days(run, "2026-03-28", "2026-03-29") == [
        ("2026-03-28", 3600),
        ("2026-03-29", 3 * 3600),
    ]


def test_work_across_the_repeated_hour_and_past_midnight(in_zone: Callable[[str], Run]) -> None:
    run = in_zone("Europe/Paris")
    run("add", "P", "--from", "2026-10-25T22:00", "--to", "2026-10-26T01:00")
    run("add", "P", "--from", "2026-10-24T23:30", "--to", "2026-10-25T03:30")
    assert [e["seconds"] for e in _log(run)] == [5 * 3600, 3 * 3600]
    assert _days(run, "2026-10-24", "2026-10-26") == [
        ("2026-10-24", 1800),
        ("2026-10-25", 4 * 3600 + 1800 + 2 * 3600),  # 4.5 h of the first, 2 h of the second
        ("2026-10-26", 3600),
    ]


def test_report_by_week_and_month_around_a_change(in_zone: Callable[[str], Run]) -> None:
    run = in_zone("America/New_York")
    # Saturday 7 March noon to Monday 9 March noon: 48 clock hours, 47 real ones.
    run("add", "P", "--from", "2026-03-07T12:00", "--to", "2026-03-09T12:00")
    week = run("report", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "week", "--json")
    # ISO weeks: the 7th and 8th are in week 10, the 9th in week 11.
    assert [(g["key"], g["seconds"]) for g in week.json()["groups"]] == [
        ("2026-W10", 12 * 3600 + 23 * 3600),
        ("2026-W11", 12 * 3600),
    ]
    month = run("report", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "month", "--json")
    assert [(g["key"], g["seconds"]) for g in month.json()["groups"]] == [("2026-03", 47 * 3600)]


def test_a_running_entry_across_the_change_counts_real_seconds(
    in_zone: Callable[[str], Run], monkeypatch: pytest.MonkeyPatch, data_dir: Path, capsys: Any
) -> None:
    in_zone("Europe/Paris")
    clock = FakeClock(utc("2026-03-29T02:30"))  # 04:30 in Paris, after the change
    started = run_main(
        ["start", "P", "--at", "2026-03-29T01:30"], capsys, data_dir=data_dir, clock=clock
    )
    assert started.code == 0, started
    status = run_main(["status", "--json"], capsys, data_dir=data_dir, clock=clock).json()
    assert status["started_at"] == "2026-03-29T01:30:00+01:00"
    assert status["elapsed_seconds"] == 2 * 3600  # 01:30 to 04:30 on the clock
