"""What a French user types where smfocus asks for words: budgets (``20h/mois``,
``1 500,50 €/mois``), reminder days (``lun-ven``) and on/off settings (``oui``,
``désactivé``). Each reads, in every language, as its English twin does; forms
that could mean two things are refused in one sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smfocus import desktop
from smfocus.core import fmt, i18n
from smfocus.core.budget import Budget, parse_budget
from smfocus.core.focus import FocusSettings, switch
from smfocus.core.i18n import _
from smfocus.core.reminder import days_text, parse_days
from smfocus.core.weekdays import DAYS
from smfocus.errors import UserError
from tests.french import french  # noqa: F401

GROUPS = (" ", "\u00a0", "\u202f")  # space, no-break space, narrow no-break space


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """The language for a block (a fixture would run once for all of hypothesis' examples)."""
    i18n.use(language)
    try:
        yield
    finally:
        i18n.use("en")


def one_sentence(message: str) -> bool:
    return message.endswith(".") and ". " not in message and "\n" not in message


# -- budgets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("french_form", "english_form"),
    [
        ("20h/mois", "20h/month"),
        ("20 h / mois", "20h/month"),
        ("20H/Mois", "20h/month"),
        ("12,5h/mois", "12.5h/month"),
        ("12,25 h/mois", "12.25h/month"),
        ("900€/mois", "900EUR/month"),
        ("900 €/month", "900EUR/month"),
        ("900 eur/mois", "900EUR/month"),
        ("1 500,50 €/mois", "1500.50EUR/month"),
        ("1\u00a0500,50\u00a0€/mois", "1500.50EUR/month"),
        ("1\u202f500,50\u00a0€/mois", "1500.50EUR/month"),
        ("1 234 567,89 €/mois", "1234567.89EUR/month"),
        ("744 h/mois", "744h/month"),
    ],
)
def test_a_french_budget_reads_as_its_english_twin(french_form: str, english_form: str) -> None:
    assert parse_budget(french_form) == parse_budget(english_form)
    assert parse_budget(french_form) != Budget()


@given(
    cents=st.integers(min_value=1, max_value=9_999_999_99),
    group=st.sampled_from(GROUPS),
    symbol=st.sampled_from(("€", " €", "\u00a0€", "EUR", " eur")),
    slash=st.sampled_from(("/", " / ")),
    period=st.sampled_from(("mois", "month")),
)
def test_any_amount_written_the_french_way_reads_back(
    cents: int, group: str, symbol: str, slash: str, period: str
) -> None:
    whole = f"{cents // 100:,}".replace(",", group)
    text = f"{whole},{cents % 100:02d}{symbol}{slash}{period}"
    assert parse_budget(text) == Budget(cents=cents, currency="EUR")


@given(hundredths=st.integers(min_value=1, max_value=744 * 100))
def test_any_hours_written_the_french_way_read_back(hundredths: int) -> None:
    whole, part = divmod(hundredths, 100)
    short = f"{part:02d}".rstrip("0")
    text = f"{whole},{short}h/mois" if short else f"{whole}h/mois"
    assert parse_budget(text) == Budget(seconds=hundredths * 36)


@given(cents=st.integers(min_value=1, max_value=9_999_999_99))
def test_money_as_smfocus_shows_it_in_french_can_be_typed_back(cents: int) -> None:
    with speaking("fr"):
        shown = fmt.money(cents, "EUR")
    assert parse_budget(f"{shown}/mois") == Budget(cents=cents, currency="EUR")


@given(hundredths=st.integers(min_value=1, max_value=744 * 100))
def test_hours_as_smfocus_shows_them_in_french_can_be_typed_back(hundredths: int) -> None:
    with speaking("fr"):
        shown = fmt.hours(hundredths * 36)
    assert parse_budget(f"{shown}/mois") == Budget(seconds=hundredths * 36)


@pytest.mark.parametrize(
    "text",
    [
        "1,500h/month",  # fifteen hundred, or one and a half?
        "1,500€/mois",
        "1,500.50EUR/month",
        "1.500,50€/mois",
        "1,5,0h/mois",
        "12,h/mois",
        "12,505h/mois",
        "12 5h/mois",
        "1 50€/mois",
        "1  500€/mois",
        "12 345 678 €/mois",
        "20h/mo",
        "20h par mois",
        "€900/mois",
        "20\u212ah/mois",
        "\u0662\u0660h/month",  # Arabic-Indic digits
    ],
)
def test_an_ambiguous_or_garbled_budget_is_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_budget(text)
    assert one_sentence(str(caught.value))
    assert "20h/month" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [("0h/mois", "744h"), ("744,01h/mois", "744h"), ("0,00€/mois", "zéro")],
)
@pytest.mark.usefixtures("french")
def test_a_budget_out_of_range_is_refused_in_french(text: str, words: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_budget(text)
    assert "budget mensuel" in str(caught.value) and words in str(caught.value)


@pytest.mark.usefixtures("french")
def test_an_unreadable_budget_is_refused_in_french_with_french_examples() -> None:
    with pytest.raises(UserError) as caught:
        parse_budget("1,500€/mois")
    message = str(caught.value)
    assert message.startswith("Impossible de lire '1,500€/mois' comme un budget")
    assert "20h/mois" in message and "900€/mois" in message and "month" not in message
    assert one_sentence(message)


EXAMPLES = re.compile(r"[0-9][0-9,. ]*\s?(?:h|€|[A-Z]{3})/(?:mois|month)")


@pytest.mark.parametrize(
    "msgid",
    [
        "e.g. 20h/month or 900EUR/month",
        "e.g. 20h/month or 900EUR/month; '' clears; none: show it",
        "Cannot read {value} as a budget; write hours or money per month, "
        "like 20h/month or 900EUR/month.",
    ],
)
def test_the_budgets_french_examples_are_french_and_read_as_the_english_ones(
    msgid: str,
) -> None:
    with speaking("fr"):
        french_text = _(msgid)
    shown = EXAMPLES.findall(french_text)
    assert shown[0] == "20h/mois" and shown[-1] == "900€/mois" and "month" not in french_text
    # Every example shown reads; the first and last as the English ones do.
    readings = [parse_budget(example) for example in shown]
    assert [readings[0], readings[-1]] == [parse_budget(t) for t in EXAMPLES.findall(msgid)]


# -- reminder days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("french_form", "english_form"),
    [
        ("lun-ven", "mon-fri"),
        ("lun,mer,ven", "mon,wed,fri"),
        ("lundi-vendredi", "mon-fri"),
        ("Lundi, Mercredi, Vendredi", "mon,wed,fri"),
        ("lun.-ven.", "mon-fri"),
        ("LUN.,MER.", "mon,wed"),
        ("mer", "wed"),
        ("mercredi", "wed"),
        ("mércredi", "wed"),
        ("sam-dim", "sat-sun"),
        ("samedi – dimanche", "sat-sun"),
        ("mar,jeu", "tue,thu"),
        ("lun,mer-ven", "mon,wed-fri"),
        ("monday-friday", "mon-fri"),
    ],
)
def test_french_days_read_as_their_english_twins(french_form: str, english_form: str) -> None:
    assert parse_days(french_form) == parse_days(english_form)
    assert days_text(french_form) == english_form


FRENCH_SHORT = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
FRENCH_LONG = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@st.composite
def french_day(draw: st.DrawFn, number: int) -> str:
    name = draw(st.sampled_from((FRENCH_SHORT[number], FRENCH_SHORT[number] + ".",
                                 FRENCH_LONG[number])))  # fmt: skip
    return draw(st.sampled_from((name, name.upper(), name.capitalize())))


@st.composite
def day_ranges(draw: st.DrawFn) -> list[tuple[int, int]]:
    pairs = draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1))
    return [(min(a, b), max(a, b)) for a, b in pairs]


@given(ranges=day_ranges(), data=st.data())
def test_any_days_written_in_french_read_as_in_english(
    ranges: list[tuple[int, int]], data: st.DataObject
) -> None:
    def written(first: int, last: int) -> str:
        start = data.draw(french_day(first))
        return start if first == last else f"{start}-{data.draw(french_day(last))}"

    english = ",".join(DAYS[a] if a == b else f"{DAYS[a]}-{DAYS[b]}" for a, b in ranges)
    french_form = data.draw(st.sampled_from((",", ", "))).join(written(a, b) for a, b in ranges)
    assert parse_days(french_form) == parse_days(english)
    assert days_text(french_form) == english


@pytest.mark.parametrize("text", ["lun-", "lu-ve", "lundi vendredi", "ven-lun", "", "lun,,ven"])
def test_unreadable_days_are_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_days(text)
    assert one_sentence(str(caught.value))


@pytest.mark.usefixtures("french")
def test_unreadable_days_are_refused_in_french_with_french_examples() -> None:
    with pytest.raises(UserError) as caught:
        parse_days("lu-ve")
    assert "lun-ven" in str(caught.value) and "mon-fri" not in str(caught.value)
    with pytest.raises(UserError) as backwards:
        parse_days("ven-lun")
    assert "du lundi au dimanche" in str(backwards.value)


def test_the_setting_keeps_days_typed_in_french_in_its_english_form() -> None:
    settings = FocusSettings().with_value("remind.days", "Lundi, Mercredi, Ven.")
    assert settings.remind_days == "mon,wed,fri"
    assert settings.text_of("remind.days") == "mon,wed,fri"
    assert FocusSettings().with_value("remind.days", "sat-sun").remind_days == "sat-sun"


@pytest.mark.usefixtures("french")
def test_the_days_tooltip_shows_french_days_that_read() -> None:
    tip = _("Remind only on these days, e.g. mon-fri.")
    assert "lun-ven" in tip and "mon" not in tip
    assert parse_days("lun-ven") == parse_days("mon-fri")


# -- on/off ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("oui", True),
        ("OUI", True),
        ("activé", True),
        ("Active", True),
        ("vrai", True),
        ("non", False),
        ("Non", False),
        ("désactivé", False),
        ("DESACTIVE", False),
        ("faux", False),
        ("on", True),
        ("off", False),
    ],
)
def test_on_off_words_read_in_french_and_english(text: str, value: bool) -> None:
    assert switch(text) is value
    assert desktop.parse_switch("app.autostart", text) is value
    settings = FocusSettings().with_value("notifications.sound", text)
    assert settings.sound is value
    assert settings.text_of("notifications.sound") == ("on" if value else "off")


@pytest.mark.parametrize("text", ["non", "désactivé", "off"])
def test_a_timed_setting_turns_off_with_french_words(text: str) -> None:
    assert FocusSettings().with_value("away.after", text).away_after == 0
    assert FocusSettings().with_value("remind.after", text).text_of("remind.after") == "off"


@pytest.mark.parametrize("text", ["ouais", "peut-être", "2", ""])
def test_other_words_are_not_a_switch(text: str) -> None:
    assert switch(text) is None
    with pytest.raises(UserError) as caught:
        desktop.parse_switch("app.autostart", text)
    assert one_sentence(str(caught.value))


@pytest.mark.usefixtures("french")
def test_a_switch_is_refused_in_french_naming_the_french_words() -> None:
    with pytest.raises(UserError) as caught:
        FocusSettings().with_value("notifications.sound", "peut-être")
    assert "oui ou non" in str(caught.value)
    with pytest.raises(UserError) as desktop_caught:
        desktop.parse_switch("app.autostart", "peut-être")
    assert "oui ou non" in str(desktop_caught.value)


@pytest.mark.parametrize(
    ("typed", "english"),
    [("lun-ven", "mon-fri"), ("Lundi,Mercredi", "mon,wed"), ("sam.–dim.", "sat-sun")],
)
def test_working_days_and_block_days_take_french_names_too(typed: str, english: str) -> None:
    from smfocus import planning
    from smfocus.core import blocks

    assert planning.parse_days(typed) == planning.parse_days(english)
    assert blocks.parse_days(typed) == blocks.parse_days(english)


@pytest.mark.parametrize(
    ("typed", "english_cents", "french_cents"),
    [
        ("45", 4500, 4500),
        ("45.50", 4550, 4550),
        ("45,50", 4550, 4550),  # a comma before two digits is decimals in any language
        ("45,5", 4550, 4550),
        ("1,500", 150000, 150),  # English groups thousands; French writes decimals
        ("1,200.75", 120075, 120075),
        ("1.200,75", 120075, 120075),
        ("1 500,25", 150025, 150025),
        ("1\u202f500,25", 150025, 150025),
    ],
)
def test_money_is_read_the_way_the_user_writes_it(
    typed: str, english_cents: int, french_cents: int
) -> None:
    from smfocus.core import i18n, validation

    assert validation.money_cents(typed, "rate") == english_cents
    i18n.use("fr")
    assert validation.money_cents(typed, "rate") == french_cents
