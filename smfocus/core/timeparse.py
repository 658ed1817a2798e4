"""Reading the times and dates users type.

Accepted for a moment (TIME): ``now``; ``today`` / ``yesterday`` (local
midnight); a relative offset such as ``-15m``, ``-1h30m``, ``-2d`` or ``+5m``;
a clock time ``HH:MM[:SS]`` (today, local); ISO 8601 such as
``2026-03-29T01:30`` (local) or ``2026-03-29T01:30+02:00`` / ``...Z``; and a
bare date ``2026-03-29`` (local midnight).

For the end of a range (``--to``), a bare date or day word includes that whole
day: ``--to 2026-03-29`` ends at the next local midnight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from smfocus.core.localtime import day_start, local_date, to_epoch
from smfocus.core.usertext import shown
from smfocus.errors import UserError

# [0-9], not \d: \d also matches other scripts' digits, which users do not mean here.
_RELATIVE = re.compile(r"^([+-])((?:[0-9]+[dhms])+)$")
_RELATIVE_PART = re.compile(r"([0-9]+)([dhms])")
_CLOCK = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DURATION = re.compile(r"(?:[0-9]+[hms])+")
# More digits than any real offset or duration; int() refuses past 4,300 anyway.
_MAX_DIGITS = 12
_UNIT_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}

HINT = (
    "use ISO 8601 like 2026-03-29T14:30, a clock time like 14:30, or now, today, yesterday, -15m"
)


@dataclass(frozen=True, slots=True)
class Parsed:
    epoch: int
    whole_day: bool  # the text named a day, not a moment


# Beyond these, datetime arithmetic (a day more for --to, a local conversion) fails.
_EARLIEST = -62_104_060_800  # 0002-01-01T00:00Z
_LATEST = 253_370_678_400  # 9998-12-31T00:00Z


def _parse(text: str, now: int, tz: tzinfo, on_day: date | None = None) -> Parsed:
    try:
        parsed: Parsed | None = _parse_unchecked(text, now, tz, on_day)
    except (OverflowError, ValueError, OSError):
        parsed = None
    if parsed is None or not _EARLIEST <= parsed.epoch <= _LATEST:
        raise UserError(
            f"{shown(text.strip())} is too far in the past or the future; "
            "give a time between the years 2 and 9998."
        )
    return parsed


def _parse_unchecked(text: str, now: int, tz: tzinfo, on_day: date | None = None) -> Parsed:
    raw = text.strip()
    word = raw.lower()
    if not raw:
        raise UserError(f"An empty time was given; {HINT}.")
    if word == "now":
        return Parsed(now, whole_day=False)
    if word in ("today", "yesterday"):
        day = local_date(now, tz)
        if word == "yesterday":
            day -= timedelta(days=1)
        return Parsed(day_start(day, tz), whole_day=True)
    relative = _RELATIVE.match(word)
    if relative:
        seconds = sum(
            int(amount) * _UNIT_SECONDS[unit]
            for amount, unit in _RELATIVE_PART.findall(relative.group(2))
        )
        sign = -1 if relative.group(1) == "-" else 1
        return Parsed(now + sign * seconds, whole_day=False)
    clock = _CLOCK.match(word)
    if clock:
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise UserError(
                f"{shown(raw)} is not a valid clock time; use HH:MM from 00:00 to 23:59."
            )
        day = on_day if on_day is not None else local_date(now, tz)
        base = datetime.combine(day, datetime.min.time())
        moment = base.replace(hour=hour, minute=minute, second=second)
        return Parsed(to_epoch(moment, tz), whole_day=False)
    if _DATE.match(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise UserError(f"{shown(raw)} is not a real date; {HINT}.") from None
        return Parsed(day_start(day, tz), whole_day=True)
    try:
        moment = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise UserError(f"Cannot read {shown(raw)} as a time; {HINT}.") from None
    return Parsed(to_epoch(moment, tz), whole_day=False)


def looks_relative(text: str) -> bool:
    return _RELATIVE.match(text.strip().lower()) is not None


def parse_moment(text: str, now: int, tz: tzinfo) -> int:
    """A point in time, as UTC epoch seconds."""
    return _parse(text, now, tz).epoch


def parse_moment_on(text: str, now: int, tz: tzinfo, day: date) -> int:
    """A point in time where a bare clock time means that time on ``day`` (the
    day of the entry being edited), not today."""
    return _parse(text, now, tz, day).epoch


def parse_range_start(text: str, now: int, tz: tzinfo) -> int:
    return _parse(text, now, tz).epoch


def parse_range_end(text: str, now: int, tz: tzinfo) -> int:
    """The exclusive end of a range: a day given alone includes the whole day."""
    parsed = _parse(text, now, tz)
    if parsed.whole_day:
        day = local_date(parsed.epoch, tz) + timedelta(days=1)
        return day_start(day, tz)
    return parsed.epoch


def parse_duration(text: str) -> int:
    """Seconds in ``25m``, ``90s``, ``1h30m`` or a bare number of minutes."""
    raw = text.strip().lower()
    numbers = _RELATIVE_PART.findall(raw)
    if any(len(n) > _MAX_DIGITS for n, _unit in numbers) or len(raw) > _MAX_DIGITS * 4:
        raise UserError(f"The duration {shown(raw)} is far too long; use minutes like 25m.")
    if raw.isascii() and raw.isdigit():
        return int(raw) * 60
    if _DURATION.fullmatch(raw):
        return sum(int(n) * _UNIT_SECONDS[u] for n, u in numbers)
    raise UserError(
        f"Cannot read {shown(text)} as a duration; use minutes or seconds like 25m or 90s."
    )


def is_clock_time(text: str) -> bool:
    """Whether ``text`` is a bare clock time such as ``15:30``."""
    return _CLOCK.match(text.strip().lower()) is not None
