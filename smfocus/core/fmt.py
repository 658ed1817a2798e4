"""Text for people: durations and local times."""

from __future__ import annotations

from datetime import tzinfo

from smfocus.core.localtime import to_local


def duration(seconds: int) -> str:
    """``1:02:03``; hours grow past 24 rather than turning into days."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"


def hours(seconds: int) -> str:
    return f"{seconds / 3600:.2f} h"


def clock(epoch: int, tz: tzinfo) -> str:
    return to_local(epoch, tz).strftime("%H:%M")


def moment(epoch: int, tz: tzinfo) -> str:
    return to_local(epoch, tz).strftime("%Y-%m-%d %H:%M")


def money(cents: int | None, currency: str) -> str:
    if cents is None:
        return "-"
    return f"{cents / 100:,.2f} {currency}"
