"""The user's time zone, and conversions between UTC epoch seconds and local time.

Stored times are UTC epoch seconds; only display and parsing are local. The
zone is a real IANA zone (not a fixed offset) so that a range crossing a
daylight-saving change gets the right offsets on both sides.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache


@cache
def local_zone() -> tzinfo:
    """The zone named by ``TZ``, else the system's ``/etc/localtime``, else UTC offset."""
    # Imported here: ``smfocus status`` with nothing running shows no time, and zoneinfo
    # (with sysconfig) is a tenth of its start-up.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        pass
    fallback = datetime.now().astimezone().tzinfo
    return fallback if fallback is not None else UTC


def to_local(epoch: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(epoch, tz)


def to_epoch(moment: datetime, tz: tzinfo) -> int:
    """Epoch seconds of ``moment``; a naive moment is read as local time in ``tz``.

    A wall time skipped by a DST change (02:30 on a spring-forward night) is
    read with the offset from before the change, as most calendars do; an
    ambiguous one (autumn) takes its first occurrence (``fold=0``).
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return int(moment.timestamp())


def iso(epoch: int, tz: tzinfo) -> str:
    """ISO 8601 with offset, to the second."""
    return to_local(epoch, tz).isoformat(timespec="seconds")


def day_start(day: date, tz: tzinfo) -> int:
    """Epoch of local midnight at the start of ``day`` (exists in every real zone's day)."""
    return to_epoch(datetime.combine(day, time()), tz)


def local_date(epoch: int, tz: tzinfo) -> date:
    return to_local(epoch, tz).date()


def next_day(day: date) -> date:
    return day + timedelta(days=1)
