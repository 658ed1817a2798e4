"""Text for people (and the numbers files carry): durations, hours, money,
percentages, clock times and "project / task" labels.

Every face (CLI, windows, charts, exports) writes these figures through here, so
a figure reads the same everywhere and a change of style is made once.
"""

from __future__ import annotations

from smfocus.core import i18n
from smfocus.core.i18n import N_, _
from smfocus.core.localtime import to_local

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status imports this)
if TYPE_CHECKING:
    from datetime import date, tzinfo

# French separates thousands with a narrow no-break space and puts a no-break
# space before a unit or a currency sign (CLDR's fr): a figure never breaks
# across lines.
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
# Currencies French writes with their sign; any other keeps its code.
_FRENCH_SIGNS = {"EUR": "€", "GBP": "£", "USD": "$\u00a0US", "JPY": "¥"}

WEEKDAYS = (
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
    N_("Friday"), N_("Saturday"), N_("Sunday"),
)  # fmt: skip
WEEKDAYS_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip
MONTHS_SHORT = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


def french() -> bool:
    """Whether figures take French forms (the language in use is French)."""
    return i18n.language() == "fr"


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
    if french():
        text = text.replace(".", ",")
    if not unit:
        return text
    return f"{text}{NBSP}h" if french() else f"{text} h"


def hours_in_file(seconds: float, places: int = 2) -> str:
    """``1.50``: decimal hours for a file, the same whatever the language (a file is
    read back by programs, which expect a dot)."""
    value = round(seconds / 3600, places)
    return f"{value or 0.0:.{places}f}"


def number(value: float, places: int = 0) -> str:
    """``1,234.5`` in English, ``1 234,5`` in French."""
    text = f"{value:,.{places}f}"
    if french():
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def clock(epoch: int, tz: tzinfo) -> str:
    return to_local(epoch, tz).strftime("%H:%M")


def moment(epoch: int, tz: tzinfo) -> str:
    """``2026-11-30 14:05`` in English, ``30/11/2026 14:05`` in French (24-hour both)."""
    local = to_local(epoch, tz)
    return f"{day(local.date())} {local.strftime('%H:%M')}"


def day(when: date) -> str:
    """``2026-11-30`` in English (as the commands take it), ``30/11/2026`` in French."""
    if french():
        return f"{when.day:02d}/{when.month:02d}/{when.year:04d}"
    return when.isoformat()


def weekday(when: date, *, short: bool = False) -> str:
    """``Monday`` / ``lundi`` (``Mon`` / ``lun.``): weeks start on Monday."""
    return _((WEEKDAYS_SHORT if short else WEEKDAYS)[when.weekday()])


def days(stored: str) -> str:
    """A stored list of days (``mon-fri,sun``) with the short names of the language
    in use (``lun-ven,dim``), as a field shows it; the parsers take both."""
    import re

    from smfocus.core.weekdays import DAYS

    def local(found: re.Match[str]) -> str:
        return _(WEEKDAYS_SHORT[DAYS.index(found.group(0))]).rstrip(".").lower()

    return re.sub("|".join(DAYS), local, stored)


def month(when: date, *, short: bool = False, year: bool = True) -> str:
    """``November 2026`` / ``novembre 2026`` (``Nov 2026`` / ``nov. 2026``)."""
    name = _((MONTHS_SHORT if short else MONTHS)[when.month - 1])
    return f"{name} {when.year}" if year else name


def long_day(when: date) -> str:
    """``Monday 30 November 2026`` / ``lundi 30 novembre 2026``."""
    return f"{weekday(when)} {when.day} {month(when)}"


def short_day(when: date, *, year: bool = False) -> str:
    """``30 Nov`` / ``30 nov.`` (with ``26`` when ``year``), for axis labels."""
    text = f"{when.day} {month(when, short=True, year=False)}"
    return f"{text} {when.year % 100:02d}" if year else text


def money(cents: int | None, currency: str | None, places: int = 2) -> str:
    """``1,234.56 EUR`` for people; ``-`` when there is no figure (never a zero).

    ``places=0`` gives the rounded amount a chart label has room for.
    """
    if cents is None:
        return "-"
    text = number(cents / 100, places)
    if not currency:
        return text
    if french():
        return f"{text}{NBSP}{_FRENCH_SIGNS.get(currency.upper(), currency)}"
    return f"{text} {currency}"


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
    text = f"{ratio * 100:{sign}.{places}f}"
    if french():
        return f"{text.replace('.', ',')}{NARROW_NBSP}%"
    return f"{text} %"


def label(project: str, task: str | None) -> str:
    """``Acme / Plan posts``, or the project alone when no task was named."""
    return f"{project} / {task}" if task else project
