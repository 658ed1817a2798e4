"""Cell values that the CSV exports share: clock times, durations, amounts, tags.

Each parser returns None for text it does not recognise, and the reader
turns that into an :class:`~smfocus.imports.records.ImportFileError` naming
the column and the line.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?")
_HMS = re.compile(r"(\d+):(\d{2})(?::(\d{2}))?")
_DECIMAL_HOURS = re.compile(r"\d+(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_AMOUNT = re.compile(r"\d+(?:[.,]\d+)?")
HOUR = 3600


def clock_seconds(text: str) -> int | None:
    """Seconds after midnight of ``14:05:09``, ``14:05``, ``02:05:09 PM`` or ``2:05 pm``."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if minute > 59 or second > 59:
        return None
    if match[4] is not None:  # 12-hour: 12 AM is midnight, 12 PM is noon
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4] in "Pp" else 0)
    elif hour > 23:
        return None
    return hour * HOUR + minute * 60 + second


def duration_seconds(text: str) -> int | None:
    """Seconds of ``1:30:00``, ``25:00:00`` (over a day), ``1:30`` or decimal hours ``1.50``."""
    text = text.strip()
    match = _HMS.fullmatch(text)
    if match is not None:
        if int(match[2]) > 59 or int(match[3] or 0) > 59:
            return None
        return int(match[1]) * HOUR + int(match[2]) * 60 + int(match[3] or 0)
    if _DECIMAL_HOURS.fullmatch(text):
        return int((Decimal(text.replace(",", ".")) * HOUR).to_integral_value(ROUND_HALF_UP))
    return None


def amount(text: str) -> Decimal | None:
    """A money amount: ``45``, ``45.50``, ``1,234.50``, or with a decimal comma ``45,50``.

    A comma followed by exactly three digits is read as a thousands separator
    only when a decimal point follows or more groups do (``1,234.50``,
    ``1,234,567``); ``1,234`` alone is refused as ambiguous.
    """
    text = text.strip()
    if _THOUSANDS.fullmatch(text) and (text.count(",") > 1 or "." in text):
        text = text.replace(",", "")
    elif _PLAIN_AMOUNT.fullmatch(text):
        if "," in text and len(text.partition(",")[2]) == 3:
            return None
        text = text.replace(",", ".")
    else:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value(ROUND_HALF_UP))


def tags(text: str) -> list[str]:
    """The tags of a cell that joins them with ", " (both Toggl and Clockify)."""
    return [tag.strip() for tag in text.split(", ") if tag.strip()]
