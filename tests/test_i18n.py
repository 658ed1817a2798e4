"""The catalogs and the choice of language: every marked string has its French,
the choice follows the locale and the saved setting, figures take French forms,
and every error's fix is worded by both faces."""

from __future__ import annotations

import ast
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli_words, language
from smfocus.core import fmt, i18n
from smfocus.errors import ACTIONS, Fix, UserError
from smfocus.ui import words as ui_words

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_every_marked_string_has_its_french_and_the_compiled_catalog_is_current() -> None:
    problems = _tool().problems("fr")
    assert problems == [], "\n".join(problems[:40])


def _marked_calls() -> list[tuple[str, int, str]]:
    """Calls the extractor cannot read: ``_(f"...")``, ``_("a" + b)``,
    ``_("...".format())`` (formatting must come after the translation). ``_(name)``
    is fine: it translates a constant marked with ``N_()``, which must be literal."""
    bad = []
    for path in sorted((ROOT / "smfocus").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "ngettext")
            ):
                continue
            count = 2 if node.func.id == "ngettext" else 1
            for argument in node.args[:count]:
                literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                computed = isinstance(argument, ast.JoinedStr | ast.BinOp | ast.Call)
                if computed or (node.func.id != "_" and not literal):
                    bad.append((str(path.relative_to(ROOT)), node.lineno, node.func.id))
    return bad


def test_marked_strings_are_literals_the_extractor_can_read() -> None:
    # _(f"...") or _(variable) is invisible to the extractor: never translated.
    assert _marked_calls() == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_CA.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_BE"}, "fr"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_FR@euro"}, "fr"),
        ({"LC_ALL": "C", "LANGUAGE": "fr"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:fr:en"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_follows_the_locale(
    env: dict[str, str], expected: str, tmp_path: Path
) -> None:
    env = {**env, "XDG_CONFIG_HOME": str(tmp_path)}
    assert language.chosen(env) == expected


def test_a_saved_language_wins_over_the_locale_and_auto_gives_it_back(tmp_path: Path) -> None:
    env = {"LANG": "fr_FR.UTF-8", "XDG_CONFIG_HOME": str(tmp_path)}
    assert language.save("EN", env) == "en"
    assert language.chosen(env) == "en"
    assert (tmp_path / "smfocus" / "language").read_text() == "en\n"
    assert (tmp_path / "smfocus" / "language").stat().st_mode & 0o077 == 0
    assert language.save("auto", env) == "auto"
    assert not (tmp_path / "smfocus" / "language").exists()
    assert language.chosen(env) == "fr"


def test_a_wrong_language_is_refused_and_a_broken_setting_ignored(tmp_path: Path) -> None:
    env = {"LANG": "fr_FR.UTF-8", "XDG_CONFIG_HOME": str(tmp_path)}
    with pytest.raises(UserError, match="auto, en, fr"):
        language.save("klingon", env)
    (tmp_path / "smfocus").mkdir()
    (tmp_path / "smfocus" / "language").write_bytes(b"\xff\xfe garbage")
    assert language.chosen(env) == "fr"


def test_a_missing_catalog_speaks_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMFOCUS_LOCALE_DIR", str(tmp_path))
    assert i18n.use("fr") == "en"
    (tmp_path / "fr.mo").write_bytes(b"not a catalog")
    assert i18n.use("fr") == "en"
    assert i18n._("Monday") == "Monday"


def test_french_figures() -> None:
    i18n.use("fr")
    assert fmt.money(150000, "EUR") == "1\u202f500,00\u00a0€"
    assert fmt.money(150000, "CHF") == "1\u202f500,00\u00a0CHF"
    assert fmt.hours(5400) == "1,50\u00a0h"
    assert fmt.hours_in_file(5400) == "1.50"  # files read back the same in any language
    assert fmt.percent(0.125, 1) == "12,5\u202f%"
    assert fmt.day(date(2026, 11, 30)) == "30/11/2026"
    assert fmt.long_day(date(2026, 11, 30)) == "lundi 30 novembre 2026"
    assert fmt.short_day(date(2026, 5, 3), year=True) == "3 mai 26"
    assert fmt.weekday(date(2026, 11, 30), short=True) == "lun."
    assert fmt.moment(1_796_056_800, ZoneInfo("Europe/Paris")) == "30/11/2026 17:40"


def test_english_figures_are_unchanged() -> None:
    assert fmt.money(150000, "EUR") == "1,500.00 EUR"
    assert fmt.hours(5400) == "1.50 h"
    assert fmt.day(date(2026, 11, 30)) == "2026-11-30"
    assert fmt.long_day(date(2026, 11, 30)) == "Monday 30 November 2026"


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_face_words_every_fix(action: str) -> None:
    fix = Fix(action, entry=12, project="Acme Co", task="Plan", setting="entry.max")
    error = UserError("Something is wrong.", fix)
    cli_text = cli_words.explain(error)
    app_text = ui_words.explain(error)
    assert cli_text.startswith("Something is wrong. ")
    assert app_text.startswith("Something is wrong. ")
    # A window never tells the user to type a command.
    assert "smfocus " not in app_text
    assert " --" not in app_text
    english = (cli_words.fix_text(fix), ui_words.fix_text(fix))
    i18n.use("fr")
    assert (cli_words.fix_text(fix), ui_words.fix_text(fix)) != english


def test_the_cli_quotes_a_fix_for_a_shell() -> None:
    fix = Fix("edit_project", project="Acme; rm -rf ~")
    assert cli_words.fix_text(fix) == "Change it with: smfocus project edit 'Acme; rm -rf ~'."


def test_the_systems_reasons_read_in_french_and_stay_glibcs_in_english() -> None:
    import errno
    import os

    from smfocus.core.usertext import os_reason

    missing = OSError(errno.ENOENT, os.strerror(errno.ENOENT), "/nowhere")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert (os_reason(missing), os_reason(full)) == (missing.strerror, full.strerror)
    i18n.use("fr")
    assert os_reason(missing) == "Aucun fichier ou dossier de ce type"
    assert os_reason(full) == "Aucun espace disponible sur le périphérique"
    odd = OSError(errno.EXDEV, os.strerror(errno.EXDEV))
    assert os_reason(odd) == odd.strerror  # words we have no French for: the system's


@pytest.mark.parametrize("value", ["{folder}/evil", "../fr", "fr/../fr", "f", "fr\x00"])
def test_a_language_from_the_environment_never_names_a_file(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # LANGUAGE=/some/folder/evil joined to an absolute path and loaded that file.
    fr_mo = (ROOT / "smfocus" / "resources" / "translations" / "fr.mo").read_bytes()
    (tmp_path / "evil.mo").write_bytes(fr_mo)
    value = value.format(folder=tmp_path)
    monkeypatch.chdir(tmp_path)
    assert i18n.use(value) == "en"
    assert language.from_locale({"LANG": "en_US.UTF-8", "LANGUAGE": value}) == "en"
