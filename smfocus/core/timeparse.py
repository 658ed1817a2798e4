"""Reading the times and dates users type.

Accepted for a moment (TIME): ``now``; ``today`` / ``yesterday`` (local
midnight); a relative offset such as ``-15m``, ``-1h30m``, ``-2d`` or ``+5m``;
a clock time ``HH:MM[:SS]`` (today, local); ISO 8601 such as
``2026-03-29T01:30`` (local) or ``2026-03-29T01:30+02:00`` / ``...Z``; and a
bare date ``2026-03-29`` (local midnight).

In French, also the dates as France writes them, day first: ``29/03/2026`` and
``29/03`` (this year), each optionally followed by a clock time
(``29/03/2026 14:30``, the form French messages show a moment in). Only in
French: in English ``03/04`` would be read the other way round by half the
readers. ISO 8601 is read in every language, so scripts work whatever the locale.
The French words ``maintenant``, ``aujourd'hui`` and ``hier`` are read too.

For the end of a range (``--to``), a bare date or day word includes that whole
day: ``--to 2026-03-29`` ends at the next local midnight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.core.localtime import day_start, local_date, to_epoch
from smfocus.core.usertext import shown
from smfocus.errors import UserError

# [0-9], not \d: \d also matches other scripts' digits, which users do not mean here.
_RELATIVE = re.compile(r"^([+-])((?:[0-9]+[dhms])+)$")
_RELATIVE_PART = re.compile(r"([0-9]+)([dhms])")
_CLOCK = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# 30/11/2026, 30/11, either with a clock time after a space (or a T).
_FRENCH_DATE = re.compile(
    r"^([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?"
    r"(?:(?:\s+|T)([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?))?$"
)
_WORDS = {
    "now": "now",
    "today": "today",
    "yesterday": "yesterday",
    "maintenant": "now",
    "aujourd'hui": "today",
    "aujourd\u2019hui": "today",
    "hier": "yesterday",
}
_DURATION = re.compile(r"(?:[0-9]+[hms])+")
# More digits than any real offset or duration; int() refuses past 4,300 anyway.
_MAX_DIGITS = 12
_UNIT_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}


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
            _(
                "{value} is too far in the past or the future; "
                "give a time between the years 2 and 9998."
            ).format(value=shown(text.strip()))
        )
    return parsed


def _parse_unchecked(text: str, now: int, tz: tzinfo, on_day: date | None = None) -> Parsed:
    raw = text.strip()
    word = _WORDS.get(raw.lower(), raw.lower())
    if not raw:
        raise UserError(
            _(
                "An empty time was given; use ISO 8601 like 2026-03-29T14:30, a clock time "
                "like 14:30, or now, today, yesterday, -15m."
            )
        )
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
        day = on_day if on_day is not None else local_date(now, tz)
        return Parsed(_at_clock(day, clock, raw, tz), whole_day=False)
    if _DATE.match(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise _not_a_date(raw) from None
        return Parsed(day_start(day, tz), whole_day=True)
    french = _FRENCH_DATE.match(raw) if fmt.french() else None
    if french:
        return _french(french, raw, now, tz)
    try:
        moment = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise UserError(
            _(
                "Cannot read {value} as a time; use ISO 8601 like 2026-03-29T14:30, a clock "
                "time like 14:30, or now, today, yesterday, -15m."
            ).format(value=shown(raw))
        ) from None
    return Parsed(to_epoch(moment, tz), whole_day=False)


def _at_clock(day: date, clock: re.Match[str], raw: str, tz: tzinfo) -> int:
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise UserError(
            _("{value} is not a valid clock time; use HH:MM from 00:00 to 23:59.").format(
                value=shown(raw)
            )
        )
    base = datetime.combine(day, datetime.min.time())
    return to_epoch(base.replace(hour=hour, minute=minute, second=second), tz)


def _french(found: re.Match[str], raw: str, now: int, tz: tzinfo) -> Parsed:
    """``30/11/2026``, ``30/11`` (this year), either with a clock time."""
    year = int(found[3]) if found[3] else local_date(now, tz).year
    try:
        day = date(year, int(found[2]), int(found[1]))
    except ValueError:
        raise _not_a_date(raw) from None
    if found[4] is None:
        return Parsed(day_start(day, tz), whole_day=True)
    clock = _CLOCK.match(found[4])
    assert clock is not None  # the pattern above only lets a clock time through
    return Parsed(_at_clock(day, clock, raw, tz), whole_day=False)


def _not_a_date(raw: str) -> UserError:
    return UserError(
        _(
            "{value} is not a real date; use ISO 8601 like 2026-03-29T14:30, a clock time "
            "like 14:30, or now, today, yesterday, -15m."
        ).format(value=shown(raw))
    )


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
        raise UserError(
            _("The duration {value} is far too long; use minutes like 25m.").format(
                value=shown(raw)
            )
        )
    if raw.isascii() and raw.isdigit():
        return int(raw) * 60
    if _DURATION.fullmatch(raw):
        return sum(int(n) * _UNIT_SECONDS[u] for n, u in numbers)
    raise UserError(
        _("Cannot read {value} as a duration; use minutes or seconds like 25m or 90s.").format(
            value=shown(text)
        )
    )


def is_clock_time(text: str) -> bool:
    """Whether ``text`` is a bare clock time such as ``15:30``."""
    return _CLOCK.match(text.strip().lower()) is not None
