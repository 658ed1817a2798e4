"""Checks on what users type: each refusal is one sentence saying what to do."""

from __future__ import annotations

import pytest

from smfocus.core import validation
from smfocus.errors import UserError


def _message(error: pytest.ExceptionInfo[UserError]) -> str:
    text = str(error.value)
    # One sentence on one line: the CLI prints it as it is.
    assert "\n" not in text
    assert text.endswith(".")
    return text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Acme", "Acme"),
        ("  Acme  ", "Acme"),
        ("Plan   next\tweek", "Plan next week"),  # inner whitespace collapses
        ("Café ☕", "Café ☕"),
        ("x" * validation.MAX_NAME, "x" * validation.MAX_NAME),
    ],
)
def test_name_is_trimmed_and_kept(raw: str, clean: str) -> None:
    assert validation.name(raw, "project") == clean


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_empty_name_is_refused(raw: str) -> None:
    with pytest.raises(UserError) as raised:
        validation.name(raw, "project")
    assert "project name is empty" in _message(raised)


def test_too_long_name_is_refused_with_its_length() -> None:
    with pytest.raises(UserError) as raised:
        validation.name("x" * 500, "task")
    message = _message(raised)
    assert "task name is 500 characters long" in message
    assert str(validation.MAX_NAME) in message


def test_a_name_one_over_the_limit_is_refused() -> None:
    with pytest.raises(UserError):
        validation.name("x" * (validation.MAX_NAME + 1), "project")


@pytest.mark.parametrize("raw", ["Ac\x00me", "Ac\x1bme", "Ac\u200bme", "Ac\x7fme"])
def test_control_characters_are_refused(raw: str) -> None:
    with pytest.raises(UserError) as raised:
        validation.name(raw, "category")
    assert "control characters" in _message(raised)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Acme", "ACME"), ("acme", "AcMe"), ("Straße", "STRASSE"), ("ﬁsh", "fish")],
)
def test_name_keys_ignore_case_and_compatibility_forms(a: str, b: str) -> None:
    assert validation.name_key(a) == validation.name_key(b)


def test_different_names_have_different_keys() -> None:
    assert validation.name_key("Acme") != validation.name_key("Acme 2")


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        ("45", 4500),
        ("45.5", 4550),
        ("45.50", 4550),
        ("1,200.00", 120_000),
        ("0", 0),
        (" 12.34 ", 1234),
        ("1_000", 100_000),
    ],
)
def test_money_is_read_as_whole_cents(raw: str, cents: int) -> None:
    assert validation.money_cents(raw, "hourly rate") == cents


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("abc", "is not a number"),
        ("", "is not a number"),
        ("-5", "must be zero or more"),
        ("NaN", "must be zero or more"),
        ("Infinity", "must be zero or more"),
        ("1e12", "too large to be real"),
        # Larger than Decimal's default exponent range: must still be a sentence.
        ("1e1000000", "too large to be real"),
    ],
)
def test_bad_money_is_refused(raw: str, fragment: str) -> None:
    with pytest.raises(UserError) as raised:
        validation.money_cents(raw, "hourly rate")
    message = _message(raised)
    assert fragment in message
    assert "hourly rate" in message


@pytest.mark.parametrize(("raw", "clean"), [("#3B82F6", "#3b82f6"), (" #00ff00 ", "#00ff00")])
def test_colour_is_normalised(raw: str, clean: str) -> None:
    assert validation.colour(raw) == clean


@pytest.mark.parametrize("raw", ["red", "#fff", "3b82f6", "#3b82f6ff", "#gggggg", ""])
def test_bad_colour_is_refused(raw: str) -> None:
    with pytest.raises(UserError) as raised:
        validation.colour(raw)
    assert "#rrggbb" in _message(raised)


@pytest.mark.parametrize(("raw", "clean"), [("eur", "EUR"), (" usd ", "USD"), ("GBP", "GBP")])
def test_currency_is_three_upper_case_letters(raw: str, clean: str) -> None:
    assert validation.currency(raw) == clean


@pytest.mark.parametrize("raw", ["EURO", "EU", "E1R", "€", ""])
def test_bad_currency_is_refused(raw: str) -> None:
    with pytest.raises(UserError) as raised:
        validation.currency(raw)
    assert "three letters" in _message(raised)


@pytest.mark.parametrize(
    ("raw", "level"),
    [("1", 1), ("5", 5), ("urgent", 1), ("High", 2), ("normal", 3), ("low", 4), ("someday", 5)],
)
def test_priority_by_number_or_word(raw: str, level: int) -> None:
    assert validation.priority(raw) == level


@pytest.mark.parametrize("raw", ["0", "6", "-1", "medium", ""])
def test_bad_priority_is_refused(raw: str) -> None:
    with pytest.raises(UserError) as raised:
        validation.priority(raw)
    assert "1 (urgent) to 5 (someday)" in _message(raised)


def test_value_period_and_estimate() -> None:
    assert validation.value_period(" Month ") == "month"
    with pytest.raises(UserError):
        validation.value_period("week")
    assert validation.estimate(4) == 4
    for bad in (0, validation.MAX_ESTIMATE + 1):
        with pytest.raises(UserError):
            validation.estimate(bad)


def test_note_is_trimmed_empty_becomes_none_and_length_is_bounded() -> None:
    assert validation.note("  call back  ") == "call back"
    assert validation.note("   ") is None
    assert validation.note(None) is None
    with pytest.raises(UserError):
        validation.note("x" * (validation.MAX_NOTE + 1))
