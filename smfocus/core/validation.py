"""Checks on what users type, each failing with one sentence that says what to do."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from smfocus.core import fmt
from smfocus.core.i18n import N_, _, ngettext
from smfocus.core.usertext import shown
from smfocus.errors import UserError

MAX_NAME = 80
MAX_NOTE = 2_000
MAX_MONEY_CENTS = 10**11  # a billion a month or an hour is not a real figure
MAX_ESTIMATE = 200
PRIORITIES = {"urgent": 1, "high": 2, "normal": 3, "low": 4, "someday": 5}
PRIORITY_NAMES = {value: key for key, value in PRIORITIES.items()}
VALUE_PERIODS = ("month", "result")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")

# One whole sentence for each kind of name: a translation cannot glue "the task"
# into "The {what} name" (French says "le nom de la tâche", "du projet").
_EMPTY = {
    "project": N_("The project name is empty; give it at least one visible character."),
    "task": N_("The task name is empty; give it at least one visible character."),
    "category": N_("The category name is empty; give it at least one visible character."),
    "client": N_("The client name is empty; give it at least one visible character."),
    "block": N_("The block name is empty; give it at least one visible character."),
}
_EMPTY_ANY = N_("The name is empty; give it at least one visible character.")
_LONG = {
    "project": N_("The project name is {length} characters long; keep it to {limit} or fewer."),
    "task": N_("The task name is {length} characters long; keep it to {limit} or fewer."),
    "category": N_("The category name is {length} characters long; keep it to {limit} or fewer."),
    "client": N_("The client name is {length} characters long; keep it to {limit} or fewer."),
    "block": N_("The block name is {length} characters long; keep it to {limit} or fewer."),
}
_LONG_ANY = N_("The name is {length} characters long; keep it to {limit} or fewer.")
_CONTROL = {
    "project": N_("The project name contains control characters; use printable text only."),
    "task": N_("The task name contains control characters; use printable text only."),
    "category": N_("The category name contains control characters; use printable text only."),
    "client": N_("The client name contains control characters; use printable text only."),
    "block": N_("The block name contains control characters; use printable text only."),
}
_CONTROL_ANY = N_("The name contains control characters; use printable text only.")
_NOT_NUMBER = {
    "hourly rate": N_("The hourly rate {value} is not a number; write it like 45 or 45.50."),
    "value": N_("The value {value} is not a number; write it like 45 or 45.50."),
}
_NOT_NUMBER_ANY = N_("{value} is not a number; write it like 45 or 45.50.")
_NEGATIVE = {
    "hourly rate": N_("The hourly rate must be zero or more, not {value}."),
    "value": N_("The value must be zero or more, not {value}."),
}
_NEGATIVE_ANY = N_("The amount must be zero or more, not {value}.")
_HUGE = {
    "hourly rate": N_("The hourly rate {value} is too large to be real; check the figure."),
    "value": N_("The value {value} is too large to be real; check the figure."),
}
_HUGE_ANY = N_("The amount {value} is too large to be real; check the figure.")


def _said(sentences: dict[str, str], what: str, other: str) -> str:
    """The sentence for ``what`` (``other`` for a kind without its own), translated."""
    sentence = sentences.get(what, other)
    return _(sentence)


def name(text: str, what: str) -> str:
    """A project, task or category name: trimmed, non-empty, printable, not absurdly long."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UserError(_said(_EMPTY, what, _EMPTY_ANY))
    if len(cleaned) > MAX_NAME:
        raise UserError(_said(_LONG, what, _LONG_ANY).format(length=len(cleaned), limit=MAX_NAME))
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise UserError(_said(_CONTROL, what, _CONTROL_ANY))
    return cleaned


def name_key(text: str) -> str:
    """The form two names are compared in: "Acme" and "ACME" are the same project."""
    return unicodedata.normalize("NFKC", text).casefold()


def note(text: str | None) -> str | None:
    """A free note: lines and tabs are fine; other control characters (ESC, BEL, CR...)
    would drive the terminal that shows the note later, so they are refused."""
    if text is None:
        return None
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE:
        raise UserError(
            _("The note is {length} characters long; keep it to {limit}.").format(
                length=len(cleaned), limit=MAX_NOTE
            )
        )
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in cleaned):
        raise UserError(
            _(
                "The note contains control characters (such as ESC or a carriage return); "
                "use printable text, new lines and tabs only."
            )
        )
    return cleaned or None


def colour(text: str) -> str:
    if not _COLOUR.match(text.strip()):
        raise UserError(
            _("{value} is not a colour; use #rrggbb, for example #3b82f6.").format(
                value=shown(text)
            )
        )
    return text.strip().lower()


def currency(text: str) -> str:
    if not _CURRENCY.match(text.strip()):
        raise UserError(
            _("{value} is not a currency code; use three letters such as EUR or USD.").format(
                value=shown(text)
            )
        )
    return text.strip().upper()


_GROUP_SPACES = str.maketrans("", "", " _\u00a0\u202f\u2009")
_TWO_PLACES = re.compile(r"^[0-9]+,[0-9]{1,2}$")


def _decimal_text(text: str) -> str:
    """An amount as people write it, in the form ``Decimal`` reads.

    French writes ``45,50`` and ``1 500,50`` (comma for the decimals, spaces between
    thousands), English ``45.50`` and ``1,500.50``. Read the user's own way first,
    so that ``1,500`` is fifteen hundred in English and one and a half in French;
    a lone comma before one or two digits (``45,50``) is decimals in any language
    (nobody groups digits by two), and with both marks the last one is the
    decimal point.
    """
    raw = text.strip().translate(_GROUP_SPACES)
    if "," in raw and "." in raw:
        point = "," if raw.rindex(",") > raw.rindex(".") else "."
        grouping = "." if point == "," else ","
        return raw.replace(grouping, "").replace(point, ".")
    if "," in raw and (fmt.french() or _TWO_PLACES.match(raw)):
        return raw.replace(",", ".") if raw.count(",") == 1 else raw
    return raw.replace(",", "")


def money_cents(text: str, what: str) -> int:
    """``45``, ``45.5``, ``1,200.00`` (``45,50``, ``1 200,00`` in French) as whole
    cents; never negative."""
    raw = _decimal_text(text)
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise UserError(
            _said(_NOT_NUMBER, what, _NOT_NUMBER_ANY).format(value=shown(text))
        ) from None
    if not amount.is_finite() or amount < 0:
        raise UserError(_said(_NEGATIVE, what, _NEGATIVE_ANY).format(value=shown(text)))
    # Compare before multiplying: 1e1000000 * 100 overflows Decimal's context.
    cents = int((amount * 100).to_integral_value()) if amount <= MAX_MONEY_CENTS else None
    if cents is None or cents > MAX_MONEY_CENTS:
        raise UserError(_said(_HUGE, what, _HUGE_ANY).format(value=shown(text)))
    return cents


def priority(text: str) -> int:
    raw = text.strip().lower()
    if raw in PRIORITIES:
        return PRIORITIES[raw]
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    if raw in ("1", "2", "3", "4", "5"):
        return int(raw)
    choices = ", ".join(PRIORITIES)
    raise UserError(
        _("{value} is not a priority; use 1 (urgent) to 5 (someday) or {choices}.").format(
            value=shown(text), choices=choices
        )
    )


def value_period(text: str) -> str:
    raw = text.strip().lower()
    if raw not in VALUE_PERIODS:
        raise UserError(
            _("{value} is not a value period; use 'month' or 'result'.").format(value=shown(text))
        )
    return raw


def estimate(count: int) -> int:
    if not 1 <= count <= MAX_ESTIMATE:
        raise UserError(
            ngettext(
                "An estimate of {count} pomodoro is out of range; use 1 to {limit}.",
                "An estimate of {count} pomodoros is out of range; use 1 to {limit}.",
                count,
            ).format(count=count, limit=MAX_ESTIMATE)
        )
    return count
