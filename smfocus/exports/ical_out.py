"""Entries as calendar events (RFC 5545), to see past work beside meetings.

One VEVENT per entry, serialised by the ``icalendar`` library and streamed:
the calendar's own lines are written first, then each event as soon as it is
made, then ``END:VCALENDAR``, so memory holds one event at a time whatever the
number of entries.

* ``UID`` is ``entry-<id>@<uid_domain>``: the same entry keeps the same UID in
  every export, so a calendar that imports the file again updates events
  instead of doubling them. ``uid_domain`` should be stable per database and
  different between databases (entry ids restart in each).
* ``DTSTART``/``DTEND`` are UTC (``...Z``): exact to the second, and no time
  zone definition has to travel with the file.
* ``DTSTAMP`` is when the file was made, given by the caller (from its clock).
* ``SUMMARY`` is "project / task", ``DESCRIPTION`` the note, ``CATEGORIES``
  the category; the client, when there is one, goes in ``DESCRIPTION`` too,
  since calendars show that field and have none for a client.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TextIO

from smfocus.core import fmt
from smfocus.core.blocks import ICAL_DAYS, Block
from smfocus.core.localtime import local_date, to_local
from smfocus.exports.rows import ExportEntry

PRODID = "-//smfocus//time entries//EN"
CALENDAR_END = "END:VCALENDAR\r\n"


def write_ical(
    entries: Iterable[ExportEntry],
    out: TextIO,
    *,
    uid_domain: str,
    stamp: int,
    name: str = "smfocus time entries",
    blocks: Sequence[Block] = (),
    tz: tzinfo = UTC,
) -> int:
    """Write a VCALENDAR with one VEVENT per entry to ``out``; return the number of events.

    ``out`` must be opened with ``newline=""``: the format's line ends are CRLF.
    """
    import icalendar  # only the calendar export pays for its import

    if not uid_domain:
        raise ValueError("uid_domain must name the database the entries come from")
    # Components are filled with add(), which every icalendar 6 and 7 release has.
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # what most calendar apps still read
    head = calendar.to_ical().decode()
    if not head.endswith(CALENDAR_END):
        raise AssertionError("icalendar no longer ends a calendar with END:VCALENDAR")
    out.write(head[: -len(CALENDAR_END)])
    made = datetime.fromtimestamp(stamp, UTC)
    if blocks:
        _write_blocks(icalendar, blocks, out, uid_domain=uid_domain, made=made, tz=tz)
    count = 0
    for entry in entries:
        notes = [
            part
            for part in (entry.note, f"Client: {entry.client}" if entry.client else None)
            if part
        ]
        event = icalendar.Event()
        event.add("uid", f"entry-{entry.id}@{uid_domain}")
        event.add("dtstamp", made)
        event.add("dtstart", datetime.fromtimestamp(entry.started_at, UTC))
        event.add("dtend", datetime.fromtimestamp(entry.ended_at, UTC))
        event.add("summary", fmt.label(entry.project, entry.task))
        if notes:
            event.add("description", "\n\n".join(notes))
        if entry.category:
            event.add("categories", [entry.category])
        out.write(event.to_ical().decode())
        count += 1
    out.write(CALENDAR_END)
    return count


def _write_blocks(
    icalendar: object,
    blocks: Sequence[Block],
    out: TextIO,
    *,
    uid_domain: str,
    made: datetime,
    tz: tzinfo,
) -> None:
    """Recurring blocks as VEVENTs with a weekly RRULE, at local wall time (with
    the zone's VTIMEZONE), so a calendar keeps 09:00 at 09:00 across clock changes.
    A zone with no IANA name (a fixed offset) is written as UTC."""
    cal = icalendar  # the module, passed in to keep its import lazy
    first_day = local_date(int(made.timestamp()), tz)
    if getattr(tz, "key", None):
        zone = cal.Timezone.from_tzinfo(  # type: ignore[attr-defined]
            tz, first_date=first_day, last_date=first_day.replace(year=first_day.year + 10)
        )
        out.write(zone.to_ical().decode())
    for block in blocks:
        day = first_day
        while day.weekday() not in block.days:
            day += timedelta(days=1)
        hours, minutes = divmod(block.start_minute, 60)
        local = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=tz)
        event = cal.Event()  # type: ignore[attr-defined]
        event.add("uid", f"block-{block.id}@{uid_domain}")
        event.add("dtstamp", made)
        event.add(
            "dtstart", local if getattr(tz, "key", None) else to_local(int(local.timestamp()), UTC)
        )
        event.add("duration", timedelta(minutes=block.minutes))
        event.add("rrule", {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in block.days]})
        event.add("summary", block.label)
        event.add("categories", [block.label])
        out.write(event.to_ical().decode())
