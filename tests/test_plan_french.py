"""The planning commands in French (budgets, the week's plan, report --money,
client budgets, batches, blocks, hooks): sentences and figures in French forms,
errors worded by each face with no command in the use case's own sentence, and
a pseudo-language run that finds no English left unmarked in their help or
their output. ``--json`` and what hooks receive stay English."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import batches, blocks, cli_words, client_budgets, hooks, money
from smfocus.core import budget as rules
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker
from smfocus.ui import words as ui_words
from tests.french import french  # noqa: F401
from tests.helpers import Result, assert_one_line_error, at, cli_runner
from tests.pseudo import pseudo, unmarked  # noqa: F401

Cli = Callable[..., Result]
NBSP, NNBSP = "\u00a0", "\u202f"

COMMANDS = ("budget", "client", "plan", "hooks", "batch", "block")
COMMAND_NAMES = [*COMMANDS, "report", "project", "edit", "config", "set", "task"]

# What the user typed and what the commands take as they are in every language:
# data names, the block's typed form (day tokens), option values, event names.
DATA = [
    "Bloom Florist", "Cafe", "Free", "Reels", "Menu", "Posts", "posts", "scheduling",
    "replies", "mon", "thu", "tue", "wed", "fri", "sat", "sun", "weekdays", "daily",
    "entry", "stopped", "started", "budget", "threshold", "phase", "ended", "goal", "met",
    "interruption", "add", "list", "remove", "test", "log", "start", "next", "skip", "stop",
    "status", "usr", "bin", "false", *COMMAND_NAMES,
]  # fmt: skip

# argparse's own words (usage:, options:, -h's help): the command line's, not these
# commands'; they are bracketed once argparse is translated.
ARGPARSE = ("show this help message and exit", "positional arguments:", "options:", "usage:")


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    return cli_runner(
        monkeypatch, capsys, data_dir=data_dir, clock=clock, tz=tz, now="2026-11-20T18:00"
    )


def ok(result: Result) -> Result:
    assert (result.code, result.err) == (0, ""), result
    return result


def _history(run: Cli) -> None:
    """Projects with rates, a client budget, a commitment over capacity, tasks with a
    category, a block and a hook: enough for every command to say something."""
    ok(run("project", "add", "Bloom", "--rate", "40", "--value", "1500", "--client", "Bloom"))
    ok(run("project", "add", "Posts", "--rate", "40", "--client", "Bloom"))
    ok(run("project", "add", "Cafe", "--rate", "50", "--priority", "5"))
    ok(run("project", "add", "Free"))
    ok(run("add", "Bloom", "Reels", "--from", "2026-11-02T09:00", "--to", "2026-11-02T10:30"))
    ok(run("add", "Bloom", "--from", "2026-11-02T11:00", "--to", "2026-11-02T11:30"))
    ok(run("add", "Cafe", "Menu", "--from", "2026-11-03T09:00", "--to", "2026-11-03T10:00"))
    ok(run("add", "Free", "--from", "2026-11-17T09:00", "--to", "2026-11-17T10:00"))
    ok(run("project", "edit", "Bloom", "--budget", "10h/month", "--rollover"))
    ok(run("project", "edit", "Cafe", "--budget", "1500EUR/month", "--commit", "8h"))
    ok(run("client", "budget", "Bloom", "1.5h/month", "--rollover"))
    ok(run("config", "set", "plan.capacity", "10h"))
    ok(run("project", "edit", "Bloom", "--priority", "1", "--commit", "6h"))
    ok(run("task", "Cafe", "Menu", "--category", "posts"))
    ok(run("task", "Bloom", "Reels", "--category", "posts"))
    ok(run("block", "add", "mon,thu 09:00 90m replies"))
    ok(run("project", "edit", "Free", "--budget", "1500EUR/month"))  # no rate: followed in money
    # A command that fails with nothing to say: its status is ours to word.
    ok(run("hooks", "add", "goal.met", "--run", shutil.which("false") or "/bin/false"))


# Every planning command with something to say, and each one's --help.
OUTPUTS = [
    ("budget",),
    ("plan",),
    ("report", "--money"),
    ("report", "--money", "--by", "task"),
    ("report", "--money", "--from", "2026-11-16", "--to", "2026-11-20"),
    ("client", "budget", "Bloom"),
    ("client", "budget", "Nobody"),
    ("hooks", "list"),
    ("hooks", "test", "goal.met"),
    ("hooks", "log"),
    ("block", "list"),
    ("batch", "start", "posts"),
    ("batch", "status"),
    ("batch", "skip"),
    ("batch", "stop"),
]


@pytest.mark.usefixtures("french")
def test_french_budget_plan_and_money_report(run: Cli) -> None:
    _history(run)
    budget = ok(run("budget")).out
    assert budget.startswith("Budgets, novembre 2026\n")
    # Hours, money and shares in French forms, the sentence in French.
    assert f"Bloom (client, tous ses projets) : 2,00{NBSP}h sur 1,50{NBSP}h" in budget
    assert f"2,00{NBSP}h sur 10,00{NBSP}h (20{NNBSP}%), 8,00{NBSP}h restantes" in budget
    assert "à ce rythme" in budget and "par mois" not in budget
    assert f"taux effectif 750,00{NBSP}€/h (taux 40,00{NBSP}€/h)" in budget
    assert f"  Free : - sur 1{NNBSP}500,00{NBSP}€ ; 1,00{NBSP}h suivies" in budget

    plan = ok(run("plan")).out
    assert plan.splitlines()[0] == (
        f"Semaine 2026-W47 (lun., mar., mer., jeu., ven.) : capacité 10,00{NBSP}h, "
        f"engagé 14,00{NBSP}h, suivi 1,00{NBSP}h"
    )
    assert f"  P1 Bloom : engagé 6,00{NBSP}h, suivi 0,00{NBSP}h" in plan
    assert f"Capacité dépassée de 4,00{NBSP}h : il faudra renoncer à quelque chose." in plan
    assert "  créneau 19/11/2026 09:00 90 min replies" in plan

    report = ok(run("report", "--money", "--by", "task")).out
    assert "(sans tâche)" in report and "par heure" in report and "total" in report, report
    assert f"60,00{NBSP}€" in report
    week = ok(run("report", "--money", "--from", "2026-11-16", "--to", "2026-11-20")).out
    assert "depuis le 01/11/2026 :" in week

    shared = ok(run("client", "budget", "Bloom")).out
    assert shared.strip() == (
        "Bloom : 1,5 h par mois, les heures non utilisées sont reportées, "
        "partagé par Bloom, Posts."
    )
    # What programs read stays English and locale-free.
    found = ok(run("budget", "--json")).json()
    assert found["month"] == "2026-11" and found["items"][0]["budget_seconds"] == 36000
    groups = {g["key"]: g for g in ok(run("report", "--money", "--by", "task", "--json")).json()[
        "groups"
    ]}  # fmt: skip
    assert "(no task)" in groups


@pytest.mark.usefixtures("french")
def test_french_over_capacity_and_threshold_lines(run: Cli) -> None:
    _history(run)
    said = ok(run("project", "edit", "Cafe", "--commit", "9h")).out
    assert (
        "Capacité dépassée : les engagements de la semaine dépassent plan.capacity de "
        f"5,00{NBSP}h. "
        "Aucun engagement moins prioritaire ne peut céder : dites non, ou augmentez plan.capacity."
    ) in said
    # The client budget is past both thresholds: each said once, in French, by the
    # first command that looks (start looks, as stop does).
    said = ok(run("start", "Posts", "--at", "17:00")).out
    assert (
        f"Bloom : 80{NNBSP}% du budget de novembre 2026 partagé par ses projets est utilisé "
        f"(200{NNBSP}%)."
    ) in said
    assert f"Bloom : 100{NNBSP}% du budget" in said
    assert "Bloom :" not in ok(run("stop")).out


@pytest.mark.usefixtures("french")
def test_french_batches_blocks_and_hooks(run: Cli) -> None:
    _history(run)
    started = ok(run("batch", "start", "posts")).out
    assert started.splitlines()[0] == "2 tâches 'posts' en file."
    assert "Lot 1/2 — en cours : Bloom / Reels — ensuite : Cafe / Menu" in started
    ended = ok(run("batch", "stop")).out
    assert "Lot 'posts' terminé" in ended or "Lot posts terminé" in ended
    assert "0 tâche terminée ; passées : 0." in ended

    assert ok(run("block", "list")).out.strip() == "#1    mon,thu 09:00 90m replies"
    assert ok(run("block", "remove", "1")).out.strip() == (
        "Créneau n°1 supprimé : mon,thu 09:00 90m replies"
    )
    tested = ok(run("hooks", "test", "goal.met")).out
    assert re.fullmatch(r"  n°1 \S*false : ÉCHEC, code de sortie 1, \d+ ms\n", tested), tested
    assert "ÉCHEC, code de sortie 1" in ok(run("hooks", "log")).out
    # The log keeps its status as data: English for programs.
    assert ok(run("hooks", "log", "--json")).json()[0]["status"] == "exit 1"


@pytest.mark.usefixtures("french")
def test_french_errors_say_the_fix_as_a_command(run: Cli) -> None:
    _history(run)
    refused = run("batch", "next")
    assert refused.code == 1
    assert_one_line_error(refused.err)
    assert refused.err == (
        "smfocus: Aucun lot n’est en cours. Démarrez-en un avec : smfocus batch start CATÉGORIE.\n"
    )
    missing = run("hooks", "remove", "99")
    assert missing.err.strip() == (
        "smfocus: Il n’y a pas de hook n°99. Voyez les ids avec : smfocus hooks list."
    )
    backwards = run("report", "--money", "--from", "2026-11-10", "--to", "2026-11-01")
    assert "La période se termine avant de commencer." in backwards.err
    nobody = run("client", "budget", "Nobody", "10h/month")
    assert nobody.err.startswith("smfocus: Aucun projet n’a le client 'Nobody'. Donnez son client")
    assert "smfocus project edit PROJET --client CLIENT" in nobody.err
    capacity = run("config", "set", "plan.capacity", "0h").err
    assert "plan.capacity est un nombre d’heures" in capacity


def _use_case_errors(tracker: Tracker, timer: Timer) -> list[UserError]:
    """One error of each kind the use cases raise with a fix."""
    found: list[UserError] = []
    attempts: list[Callable[[], object]] = [
        lambda: batches.advance(timer, batches.Outcome.DONE),
        lambda: batches.start(timer, "nothing here"),
        lambda: blocks.remove_block(tracker, 42),
        lambda: hooks.remove_hook(tracker, 42),
        lambda: hooks.add_hook(tracker, "entry.stopped"),
        lambda: client_budgets.set_client_budget(tracker, "Nobody", rules.Budget(3600), None),
        lambda: money.money_report(tracker, start=100, end=50),
    ]
    for attempt in attempts:
        with pytest.raises(UserError) as raised:
            attempt()
        found.append(raised.value)
    return found


CLI_SYNTAX = re.compile(r"smfocus |(?<!\w)--\w|config set")


def test_use_case_errors_carry_a_fix_and_no_command(tracker: Tracker, clock: FakeClock) -> None:
    clock.set(at("2026-11-20T18:00", tracker.tz))
    timer = Timer(tracker)
    tracker.add_project("Bloom", client="Bloom Florist")
    errors = _use_case_errors(tracker, timer)
    for error in errors:
        assert error.fix is not None, error
        assert not CLI_SYNTAX.search(str(error)), str(error)
        assert CLI_SYNTAX.search(cli_words.explain(error)), cli_words.explain(error)
        assert not CLI_SYNTAX.search(ui_words.explain(error)), ui_words.explain(error)
    # A client's budget without one, set only the rollover.
    tracker.add_project("Posts", client="Bloom Florist")
    with pytest.raises(UserError) as raised:
        client_budgets.set_client_budget(tracker, "Bloom Florist", None, True)
    assert raised.value.fix is not None and not CLI_SYNTAX.search(str(raised.value))


@pytest.mark.usefixtures("french")
def test_use_case_errors_in_french(tracker: Tracker, clock: FakeClock) -> None:
    clock.set(at("2026-11-20T18:00", tracker.tz))
    timer = Timer(tracker)
    tracker.add_project("Bloom", client="Bloom Florist")
    texts = [ui_words.explain(error) for error in _use_case_errors(tracker, timer)]
    assert texts[0] == (
        "Aucun lot n’est en cours. "
        "Démarrez-en un depuis le sous-menu Lot de la zone de notification."
    )
    assert "Il n’y a pas de créneau n°42." in texts[2]
    assert texts[4].startswith("Un hook a une seule cible")
    assert texts[6].startswith("La période se termine avant de commencer.")


@pytest.mark.usefixtures("french")
def test_the_tray_batch_line_is_french() -> None:
    state = batches.BatchState(
        1,
        "posts",
        0,
        (
            batches.Item("Bloom", "Bloom Florist", "Reels", None),
            batches.Item("Cafe", None, "Menu", None),
        ),
        False,
    )
    assert state.line == "Lot 1/2 — en cours : Bloom Florist / Reels — ensuite : Cafe / Menu"
    assert hooks.status_text("exit 3") == "code de sortie 3"
    assert hooks.detail_text("timeout", "killed after 30 s") == "arrêté au bout de 30 s"
    assert hooks.detail_text("unreachable", "refused; 4 attempts") == "refused ; 4 tentatives"
    assert hooks.detail_text("exit 1", "3 attempts") == "3 attempts"  # the command's own words


GLOBAL_OPTIONS = ("-h, --help", "--data-dir", "--database-url")


def _own_help(text: str) -> str:
    """The help these commands give: without argparse's headings and the options
    every command shares (the command line's own, worded there)."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        entry = line.startswith("  ") and not line.startswith("   ")
        if entry:
            skipping = line.strip().startswith(GLOBAL_OPTIONS)
        elif not line.startswith(" "):
            skipping = False
        if not skipping:
            kept.append(line)
    own = "\n".join(kept)
    own = re.sub(r"\[--data-dir [^]]*\]|\[--database-url [^]]*\]|\[-h\]", " ", own)
    for words in ARGPARSE:
        own = own.replace(words, " ")
    return own


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.usefixtures("pseudo")
def test_pseudo_help_of_each_command_is_all_marked(run: Cli, command: str) -> None:
    shown = run(command, "--help")
    assert shown.code == 0, shown
    own = _own_help(shown.out)
    assert "⟦" in own
    assert unmarked(own, DATA) == []


def _after_first_line(text: str) -> str:
    # The first line is the command line's own ("Updated project…"), not ours.
    return text.partition("\n")[2]


@pytest.mark.usefixtures("pseudo")
def test_pseudo_outputs_are_all_marked(run: Cli) -> None:
    _history(run)
    ok(run("task", "Cafe", "Menu", "--category", "menus"))
    texts = []
    for argv in OUTPUTS:
        result = run(*argv)
        texts += [result.out, result.err]
    over = ok(run("project", "edit", "Cafe", "--commit", "9h")).out
    assert "⟦Over capacity" in over
    texts.append(_after_first_line(over))
    crossed = ok(run("start", "Posts", "--at", "17:00")).out
    assert "⟦" in crossed
    texts.append(_after_first_line(crossed))
    for argv in [
        ("batch", "next"),
        ("hooks", "remove", "99"),
        ("block", "remove", "99"),
        ("client", "budget", "Nobody", "1h/month"),
        ("report", "--money", "--from", "2026-11-10", "--to", "2026-11-01"),
        ("config", "set", "plan.days", "funday"),
        ("plan", "--week", "someday"),
    ]:
        refused = run(*argv)
        assert refused.code == 1, refused
        texts.append(refused.err)
    assert unmarked(texts, DATA) == []
