"""Text for people (and the numbers files carry): durations, hours, money,
percentages, clock times and "project / task" labels.

Every face (CLI, windows, charts, exports) writes these figures through here, so
a figure reads the same everywhere and a change of style is made once.
"""

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


def hours(seconds: float, places: int = 2, *, unit: bool = True, signed: bool = False) -> str:
    """Decimal hours: ``1.50 h``, or ``1.50`` for a table cell or a file (``unit=False``).

    ``signed`` is for a change (``+1.5 h``). A value that rounds to nothing reads
    ``0.0 h`` whatever its sign: ``-0.0`` would claim a loss nobody can see.
    """
    value = round(seconds / 3600, places)
    if value == 0:
        value = 0.0
    text = f"{value:+.{places}f}" if signed and value else f"{value:.{places}f}"
    return f"{text} h" if unit else text


def clock(epoch: int, tz: tzinfo) -> str:
    return to_local(epoch, tz).strftime("%H:%M")


def moment(epoch: int, tz: tzinfo) -> str:
    return to_local(epoch, tz).strftime("%Y-%m-%d %H:%M")


def money(cents: int | None, currency: str | None, places: int = 2) -> str:
    """``1,234.56 EUR`` for people; ``-`` when there is no figure (never a zero).

    ``places=0`` gives the rounded amount a chart label has room for.
    """
    if cents is None:
        return "-"
    text = f"{cents / 100:,.{places}f}"
    return f"{text} {currency}" if currency else text


def amount(cents: int) -> str:
    """``1234.56``: an exact decimal for files, which spreadsheets read as a number
    (no thousands separator, no currency, no float rounding)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def percent(ratio: float | None, places: int = 0, *, signed: bool = False) -> str:
    """``0.125`` → ``12 %`` (``+12 %`` when ``signed``, as a return is); None → ``-``."""
    if ratio is None:
        return "-"
    sign = "+" if signed else ""
    return f"{ratio * 100:{sign}.{places}f} %"


def label(project: str, task: str | None) -> str:
    """``Acme / Plan posts``, or the project alone when no task was named."""
    return f"{project} / {task}" if task else project
