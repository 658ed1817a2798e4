"""Checks on what users type, each failing with one sentence that says what to do."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

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


def name(text: str, what: str) -> str:
    """A project, task or category name: trimmed, non-empty, printable, not absurdly long."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UserError(f"The {what} name is empty; give it at least one visible character.")
    if len(cleaned) > MAX_NAME:
        raise UserError(
            f"The {what} name is {len(cleaned)} characters long; keep it to {MAX_NAME} or fewer."
        )
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise UserError(f"The {what} name contains control characters; use printable text only.")
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
        raise UserError(f"The note is {len(cleaned)} characters long; keep it to {MAX_NOTE}.")
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in cleaned):
        raise UserError(
            "The note contains control characters (such as ESC or a carriage return); "
            "use printable text, new lines and tabs only."
        )
    return cleaned or None


def colour(text: str) -> str:
    if not _COLOUR.match(text.strip()):
        raise UserError(f"{shown(text)} is not a colour; use #rrggbb, for example #3b82f6.")
    return text.strip().lower()


def currency(text: str) -> str:
    if not _CURRENCY.match(text.strip()):
        raise UserError(
            f"{shown(text)} is not a currency code; use three letters such as EUR or USD."
        )
    return text.strip().upper()


def money_cents(text: str, what: str) -> int:
    """``45``, ``45.5`` or ``1,200.00`` as whole cents; never negative."""
    raw = text.strip().replace(",", "").replace("_", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise UserError(
            f"The {what} {shown(text)} is not a number; write it like 45 or 45.50."
        ) from None
    if not amount.is_finite() or amount < 0:
        raise UserError(f"The {what} must be zero or more, not {shown(text)}.")
    # Compare before multiplying: 1e1000000 * 100 overflows Decimal's context.
    cents = int((amount * 100).to_integral_value()) if amount <= MAX_MONEY_CENTS else None
    if cents is None or cents > MAX_MONEY_CENTS:
        raise UserError(f"The {what} {shown(text)} is too large to be real; check the figure.")
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
        f"{shown(text)} is not a priority; use 1 (urgent) to 5 (someday) or {choices}."
    )


def value_period(text: str) -> str:
    raw = text.strip().lower()
    if raw not in VALUE_PERIODS:
        raise UserError(f"{shown(text)} is not a value period; use 'month' or 'result'.")
    return raw


def estimate(count: int) -> int:
    if not 1 <= count <= MAX_ESTIMATE:
        raise UserError(
            f"An estimate of {count} pomodoros is out of range; use 1 to {MAX_ESTIMATE}."
        )
    return count
