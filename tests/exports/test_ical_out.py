"""The calendar export read back with icalendar: one event per entry, UIDs that
stay put between exports, times exact to the second."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import icalendar
import pytest
from icalendar.prop import vCategory

from smfocus.exports.ical_out import PRODID, write_ical
from smfocus.exports.rows import ExportEntry
from tests.exports.entries import entry, pulled_one_at_a_time

STAMP = 1_780_000_000
ENTRIES = [
    entry("2026-03-10T09:00:05", "2026-03-10T10:30:07", id=11, note="Draft, then review"),
    entry("2026-03-28T23:30", "2026-03-29T03:30", id=12, task=None, category=None),
    entry("2026-10-25T02:30", "2026-10-25T02:30", id=13, end_fold=1, client=None, note="x;y\\z"),
]


def export(entries: list[ExportEntry], stamp: int = STAMP, domain: str = "db-1.smfocus") -> str:
    out = StringIO(newline="")
    assert write_ical(entries, out, uid_domain=domain, stamp=stamp) == len(entries)
    return out.getvalue()


def events(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return [event for event in calendar.walk("VEVENT") if isinstance(event, icalendar.Event)]


def test_a_valid_calendar_with_one_event_per_entry() -> None:
    text = export(ENTRIES)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert len(events(text)) == len(ENTRIES)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    assert "\n" not in text.replace("\r\n", "")  # CRLF only, as RFC 5545 says
    assert all(len(line.encode()) <= 75 for line in lines)  # long lines are folded


def test_times_are_utc_and_exact_to_the_second() -> None:
    text = export(ENTRIES)
    assert "DTSTART:20260310T080005Z\r\n" in text  # UTC form, no zone to define
    for event, item in zip(events(text), ENTRIES, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.utcoffset() == end.utcoffset() == timedelta(0)
        assert int(start.timestamp()) == item.started_at
        assert int(end.timestamp()) == item.ended_at
        assert int(event.decoded("DTSTAMP").timestamp()) == STAMP
    spring, autumn = ENTRIES[1], ENTRIES[2]
    assert spring.ended_at - spring.started_at == 3 * 3600  # the skipped hour is not there
    assert autumn.ended_at - autumn.started_at == 3600


def test_summary_description_and_categories() -> None:
    first, second, third = events(export(ENTRIES))
    assert str(first["SUMMARY"]) == "Acme / Plan posts"
    assert str(first["DESCRIPTION"]) == "Draft, then review\n\nClient: Acme Corp"
    categories = first["CATEGORIES"]
    assert isinstance(categories, vCategory)
    assert [str(name) for name in categories.cats] == ["scheduling"]
    assert str(second["SUMMARY"]) == "Acme"
    assert "CATEGORIES" not in second
    assert str(third["DESCRIPTION"]) == "x;y\\z"


def test_uids_are_unique_and_stable_across_exports() -> None:
    first = [str(event["UID"]) for event in events(export(ENTRIES))]
    again = [str(event["UID"]) for event in events(export(ENTRIES, stamp=STAMP + 86_400))]
    assert len(set(first)) == len(ENTRIES)
    assert first == again == [f"entry-{item.id}@db-1.smfocus" for item in ENTRIES]
    other = [str(event["UID"]) for event in events(export(ENTRIES, domain="db-2.smfocus"))]
    assert not set(first) & set(other)
    assert export(ENTRIES) == export(ENTRIES)  # the same file, byte for byte


def test_an_empty_export_is_still_a_calendar() -> None:
    assert events(export([])) == []


def test_a_uid_domain_is_required() -> None:
    with pytest.raises(ValueError, match="uid_domain"):
        export(ENTRIES, domain="")


def test_events_are_written_as_entries_arrive() -> None:
    out = StringIO(newline="")
    feed = pulled_one_at_a_time(ENTRIES, out, lambda text: text.count("END:VEVENT"))
    assert write_ical(feed, out, uid_domain="d", stamp=STAMP) == len(ENTRIES)
