"""Recurring blocks of time ("mon,thu 09:00 90m scheduling posts"): reading the
text a user types, and the occurrences of a block in a span of time.

A block is kept as local wall time (minutes after local midnight) and days of
the week, never as a UTC instant: 09:00 stays 09:00 on the clock across the
changes to and from summer time. A start that falls in the skipped spring hour
moves forward by the gap, as the clock did; in the repeated autumn hour it is
the first of the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from smfocus.core.i18n import _
from smfocus.core.localtime import local_date, to_epoch
from smfocus.core.usertext import shown
from smfocus.core.weekdays import DAYS, day_number
from smfocus.errors import UserError

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_LENGTH = re.compile(r"^(?:(\d{1,2})h)?(?:(\d{1,4})m)?$")


@dataclass(frozen=True, slots=True)
class Block:
    id: int
    days: tuple[int, ...]  # 0 = Monday
    start_minute: int  # minutes after local midnight
    minutes: int
    label: str  # what the block is for, a category as a rule

    @property
    def days_text(self) -> str:
        if self.days == tuple(range(7)):
            return "daily"
        if self.days == tuple(range(5)):
            return "weekdays"
        return ",".join(DAYS[day] for day in self.days)

    @property
    def text(self) -> str:
        hours, minutes = divmod(self.start_minute, 60)
        return f"{self.days_text} {hours:02d}:{minutes:02d} {self.minutes}m {self.label}"


def parse_days(text: str) -> tuple[int, ...]:
    raw = text.strip().lower()
    if raw == "daily":
        return tuple(range(7))
    if raw == "weekdays":
        return tuple(range(5))
    chosen: set[int] = set()
    for part in raw.split(","):
        low, _dash, high = part.replace("\u2013", "-").partition("-")
        first, last = day_number(low), day_number(high) if high else day_number(low)
        if first is None or last is None:
            raise UserError(
                _("Cannot read {value} as days; write daily, weekdays, or e.g. mon,thu.").format(
                    value=shown(text)
                )
            )
        if last < first:
            raise UserError(
                _("The days {value} run backwards; write e.g. mon-fri.").format(value=shown(part))
            )
        chosen.update(range(first, last + 1))
    return tuple(sorted(chosen))


def parse_block(text: str) -> tuple[tuple[int, ...], int, int, str]:
    """``DAYS HH:MM LENGTH LABEL`` → (days, start minute, minutes, label)."""
    parts = text.split(None, 3)
    if len(parts) < 4:
        raise UserError(
            _(
                "Cannot read {value} as a block; write DAYS HH:MM LENGTH WHAT, "
                "e.g. 'mon,thu 09:00 90m scheduling posts'."
            ).format(value=shown(text))
        )
    days_text, clock_text, length_text, label = parts
    days = parse_days(days_text)
    clock = _CLOCK.match(clock_text)
    if clock is None:
        raise UserError(
            _("{value} is not a time of day; write it like 09:00.").format(value=shown(clock_text))
        )
    length = _LENGTH.match(length_text.lower())
    minutes = 0
    if length is not None and (length[1] or length[2]):
        minutes = int(length[1] or 0) * 60 + int(length[2] or 0)
    if not 0 < minutes <= 24 * 60:
        raise UserError(
            _("{value} is not a block length; write e.g. 90m or 1h30m.").format(
                value=shown(length_text)
            )
        )
    return days, int(clock[1]) * 60 + int(clock[2]), minutes, " ".join(label.split())


def local_start(block: Block, day: date, tz: tzinfo) -> int:
    hours, minutes = divmod(block.start_minute, 60)
    return to_epoch(datetime(day.year, day.month, day.day, hours, minutes), tz)


def occurrences(block: Block, start: int, end: int, tz: tzinfo) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence beginning in [start, end), in order."""
    day = local_date(start, tz) - timedelta(days=1)
    last = local_date(end, tz)
    while day <= last:
        if day.weekday() in block.days:
            begin = local_start(block, day, tz)
            if start <= begin < end:
                yield begin, begin + block.minutes * 60
        day += timedelta(days=1)
