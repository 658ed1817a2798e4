"""The command line in French: its sentences, figures, help and argparse's own
words, and the ``app.language`` setting that chooses the language whatever the
locale. In this process (``smfocus.cli.main`` through ``smfocus.entry``), and in a
real ``python -m smfocus`` that only has ``LANG`` to go by."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.core.clock import FakeClock
from tests.french import french  # noqa: F401
from tests.helpers import (
    ROOT,
    Result,
    assert_one_line_error,
    cli_runner,
    subprocess_env,
)

Cli = Callable[..., Result]
NBSP, NARROW_NBSP = "\u00a0", "\u202f"


@pytest.fixture
def run(
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    return cli_runner(
        monkeypatch, capsys, data_dir=data_dir, clock=clock, tz=tz, now="2026-11-30T11:00"
    )


def ok(result: Result) -> str:
    assert (result.code, result.err) == (0, ""), result
    return result.out


def refused(result: Result, code: int) -> str:
    assert result.code == code, result
    assert result.out == ""
    assert_one_line_error(result.err)
    return result.err


@pytest.mark.usefixtures("french")
def test_a_day_of_work_reads_in_french_with_french_figures(run: Cli) -> None:
    ok(run("project", "add", "Acme", "--rate", "1500", "--currency", "EUR"))
    assert ok(run("start", "Acme", "Plan", "--at", "09:00")) == "Acme / Plan démarré à 09:00.\n"
    assert "30/11/2026 09:00" in ok(run("status"))
    assert ok(run("stop")) == "Acme / Plan arrêté après 2:00:00 (09:00–11:00).\n"

    log = ok(run("log")).splitlines()
    assert log[0] == "30/11/2026"
    assert log[1].startswith("  #1      09:00–11:00   ")
    assert log[2].split() == ["total", "2:00:00"]

    report = ok(run("report")).splitlines()
    assert report[0] == "du 30/11/2026 09:00 au 30/11/2026 11:00, par projet"
    assert report[1].split(maxsplit=2) == ["Acme", "2:00:00", f"100,0{NARROW_NBSP}%"]
    assert report[2].split() == ["total", "2:00:00"]
    assert ok(run("report", "--by", "day")).splitlines()[1].split()[0] == "30/11/2026"

    projects = ok(run("projects"))
    assert f"taux 1{NARROW_NBSP}500,00{NBSP}€/h" in projects
    assert "pas de valeur" in projects and "priorité 3" in projects

    assert ok(run("task", "Acme", "Plan", "--estimate", "1")) == (
        "Tâche Acme / Plan, estimation 1 pomodoro.\n"
    )
    assert ok(run("task", "Acme", "Plan", "--estimate", "3", "--done")) == (
        "Tâche Acme / Plan, estimation 3 pomodoros, terminée.\n"
    )
    assert ok(run("delete", "1")) == (
        "Entrée n°1 supprimée : Acme / Plan, du 30/11/2026 09:00 au 30/11/2026 11:00 "
        "(2:00:00) ; récupérez-la avec : smfocus undo.\n"
    )


@pytest.mark.usefixtures("french")
def test_the_json_output_stays_english_and_locale_free(run: Cli) -> None:
    ok(run("project", "add", "Acme", "--rate", "1500.50"))
    ok(run("add", "Acme", "--from", "09:00", "--to", "10:30"))
    log = ok(run("log", "--json"))
    assert '"started_at": "2026-11-30T09:00:00+01:00"' in log
    assert '"rate": 1500.5' in ok(run("projects", "--json"))
    assert '"total_seconds": 5400' in ok(run("report", "--json"))


@pytest.mark.usefixtures("french")
def test_the_help_is_french_argparse_words_and_all(run: Cli) -> None:
    main_help = ok(run("--help"))
    assert main_help.startswith("utilisation : smfocus ")
    assert "\noptions :\n" in main_help
    assert "afficher cette aide et quitter" in main_help
    assert "afficher la version du programme et quitter" in main_help
    assert "Minuteur de concentration et suivi du temps." in main_help
    assert "COMMANDE" in main_help and "HEURE : ISO 8601" in main_help

    start_help = ok(run("start", "--help"))
    assert start_help.startswith("utilisation : smfocus start ")
    assert "\narguments positionnels :\n" in start_help and "\noptions :\n" in start_help
    assert "--at HEURE" in start_help and "--category CATÉGORIE" in start_help
    assert "projet [tâche]" in start_help
    assert "quand le travail a commencé (par défaut : maintenant)" in start_help
    assert "usage" not in start_help and "show this help" not in start_help


@pytest.mark.usefixtures("french")
def test_argparse_errors_are_french_and_exit_2(run: Cli) -> None:
    assert refused(run("start"), 2) == (
        "smfocus: les arguments suivants sont requis : projet ; voir : smfocus start --help\n"
    )
    bad_choice = refused(run("report", "--by", "year"), 2)
    assert bad_choice.startswith("smfocus: argument --by : choix non valide : 'year' (choisissez")
    assert bad_choice.endswith(" ; voir : smfocus report --help\n")
    not_an_id = refused(run("delete", "abc"), 2)
    assert "'abc' n’est pas un numéro d’entrée (un nombre entier)" in not_an_id
    assert "arguments non reconnus : --x" in refused(run("stop", "--x"), 2)


@pytest.mark.usefixtures("french")
def test_an_error_with_a_fix_gives_a_french_sentence_and_a_french_hint(run: Cli) -> None:
    ok(run("project", "add", "Acme"))
    ok(run("start", "Acme", "--at", "09:00"))
    message = refused(run("start", "Acme", "--at", "08:00"), 1)
    assert message.startswith("smfocus: L’entrée n°1 (Acme) est en cours depuis ")
    assert message.endswith(" Pour supprimer d’abord cette entrée : smfocus delete 1.\n")
    assert refused(run("edit", "1"), 1) == (
        "smfocus: Dites quoi changer : --project, --task, --category, --from, --to ou --note.\n"
    )


def test_app_language_fr_makes_a_c_locale_speak_french_and_auto_gives_it_back(
    run: Cli,
) -> None:
    # conftest: LANG=C.UTF-8, no saved language.
    assert ok(run("config", "get", "app.language")) == "auto (en)\n"
    assert ok(run("config", "set", "app.language", "fr")) == "app.language = fr\n"
    assert ok(run("config", "get", "app.language")) == "fr\n"
    assert "app.language = fr" in ok(run("config", "list")).splitlines()
    assert ok(run("log")) == "Aucune entrée sur cette période.\n"

    assert ok(run("config", "set", "app.language", "auto")) == "app.language = auto (en)\n"
    assert ok(run("log")) == "No entries in that range.\n"
    assert "app.language = auto (en)" in ok(run("config", "list")).splitlines()


@pytest.mark.usefixtures("french")
def test_auto_names_the_language_the_locale_gives(run: Cli) -> None:
    assert ok(run("config", "get", "app.language")) == "auto (fr)\n"
    assert "app.language = auto (fr)" in ok(run("config", "list")).splitlines()


def test_a_wrong_language_is_one_sentence_and_exit_1(run: Cli) -> None:
    assert refused(run("config", "set", "app.language", "klingon"), 1) == (
        "smfocus: app.language is one of auto, en, fr, not 'klingon'.\n"
    )
    message = refused(run("config", "set", "app.language"), 1)
    assert "smfocus config set app.language fr" in message
    assert ok(run("config", "get", "app.language")) == "auto (en)\n"


@pytest.mark.usefixtures("french")
def test_a_real_process_speaks_french_from_lang_alone(data_dir: Path, tmp_path: Path) -> None:
    def smfocus(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "smfocus", "--data-dir", str(data_dir), *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            # The fixture set LANG=fr_FR.UTF-8 in os.environ; the child inherits it.
            env=subprocess_env(TZ="Europe/Paris"),
            timeout=60,
            check=False,
        )

    added = smfocus("project", "add", "Acme", "--rate", "1500", "--currency", "EUR")
    assert (added.returncode, added.stdout) == (0, "Projet 'Acme' ajouté.\n"), added
    projects = smfocus("projects")
    assert f"taux 1{NARROW_NBSP}500,00{NBSP}€/h  pas de valeur" in projects.stdout
    missing = smfocus("add", "Acme")
    assert missing.returncode == 2
    assert missing.stderr.startswith("smfocus: les arguments suivants sont requis : --from, --to")
    helped = smfocus("start", "--help")
    assert helped.stdout.startswith("utilisation : smfocus start ")
