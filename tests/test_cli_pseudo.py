"""No English left unmarked on the command line: in the pseudo-language every
marked string reads ``⟦English⟧``, so any word outside the brackets was never
marked for translation. Every command's ``--help`` (one case per command, so a
failure names it), and what cli.py's own commands print and refuse."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from tests.helpers import Result, at, cli_runner
from tests.pseudo import pseudo, unmarked  # noqa: F401

Cli = Callable[..., Result]


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*path, name))


def _typed_words(parser: argparse.ArgumentParser) -> set[str]:
    """What the user types, which no language translates: the commands, the
    choices, and the placeholders of options (``--client CLIENT``)."""
    words: set[str] = set()
    for path, each in _parsers(parser):
        words.update(path)
        for action in each._actions:
            if action.choices is not None:
                words.update(str(choice) for choice in action.choices)
            if action.option_strings and action.metavar is None:
                words.add(action.dest.upper())
            elif action.option_strings and isinstance(action.metavar, str):
                words.add(action.metavar)
    return words


_ENGLISH_PARSER = cli.build_parser()  # built before any test changes the language
COMMANDS = [path for path, _parser in _parsers(_ENGLISH_PARSER)]
TYPED = sorted(_typed_words(_ENGLISH_PARSER))


@pytest.fixture
def run(
    pseudo: Path,  # noqa: F811
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    return cli_runner(
        monkeypatch, capsys, data_dir=data_dir, clock=clock, tz=tz, now="2026-11-30T11:00"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "smfocus" for c in COMMANDS])
def test_every_help_is_marked(run: Cli, command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert (result.code, result.err) == (0, ""), result
    assert "⟦usage: ⟧" in result.out and "⟦options⟧" in result.out
    assert unmarked(result.out, allowed=TYPED) == [], result.out


DATA = ["Acme", "Plan", "Beta", "Ops"]
# Setting values, typed as they are: config set app.autostart on.
VALUES = ["on", "off", "auto", "en", "fr", "qps", "mon", "fri"]


def test_what_the_commands_print_is_marked(run: Cli, clock: FakeClock, tz: ZoneInfo) -> None:
    steps = [
        ("project", "add", "Acme", "--rate", "45", "--currency", "EUR", "--client", "Ops"),
        ("project", "edit", "Acme", "--value", "900", "--value-per", "month", "--archive"),
        ("project", "edit", "Acme", "--unarchive"),
        ("project", "add", "Beta"),
        ("start", "Acme", "Plan", "--at", "09:00"),
        ("start", "Beta", "--at", "10:00"),
        ("log",),
        ("stop",),
        ("add", "Beta", "--from", "07:00", "--to", "08:00"),
        ("edit", "3", "--note", "Ops"),
        ("start", "Beta", "--at", "11:10"),
        ("edit", "4", "--note", "Ops"),
        ("delete", "4"),
        ("start", "Beta", "--at", "11:20"),
        ("interrupt",),
        ("interrupt", "--external"),
        ("cancel",),
        ("log",),
        ("report",),
        ("report", "--by", "day"),
        ("report", "--from", "2026-11-30", "--by", "task"),
        ("projects",),
        # One pomodoro: pseudo.write_catalog gives plurals Babel's three French forms
        # and fills two, so a count past 1 falls back to English there.
        ("task", "Acme", "Plan", "--estimate", "1", "--done"),
        ("task", "Acme", "Plan", "--estimate", "1", "--undone"),
        ("task", "Acme", "Plan", "--estimate", "0"),
        ("tasks",),
        ("config", "get", "app.language"),
        ("config", "list"),
    ]
    for argv in steps:
        if argv == ("start", "Beta", "--at", "11:10"):
            clock.set(at("2026-11-30T11:30", tz))
        result = run(*argv)
        assert (result.code, result.err) == (0, ""), (argv, result)
        assert unmarked(result.out, allowed=DATA + VALUES) == [], (argv, result.out)


def test_what_an_empty_database_says_is_marked(run: Cli) -> None:
    for argv in (("log",), ("report",), ("projects",), ("tasks",)):
        result = run(*argv)
        assert result.code == 0, result
        assert unmarked(result.out) == [], (argv, result.out)


@pytest.mark.parametrize(
    "argv",
    [
        ("start",),
        ("report", "--by", "year"),
        ("delete", "abc"),
        ("delete", "9" * 30),
        ("stop", "--x"),
        ("strat",),
        ("task", "Acme", "Plan", "--estimate", "many"),
        ("task", "Acme", "Plan", "--done", "--undone"),
        ("edit", "1"),
        ("config", "set"),
        ("config", "get"),
        ("config", "set", "app.language"),
        ("config", "set", "app.language", "klingon"),
        ("pomodoro", "pause", "Acme"),
    ],
)
def test_what_the_commands_refuse_is_marked(run: Cli, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.code in (1, 2), result
    assert result.err.startswith("smfocus: ⟦"), result.err
    assert unmarked(result.err, allowed=[*TYPED, "klingon", "abc", "many"]) == [], result.err


def test_a_command_line_without_windows_says_so_marked(
    run: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    del run  # for its pseudo-language and clean environment
    capsys.readouterr()
    assert cli.main(["charts"]) == cli.EXIT_USER_ERROR  # no window opener given
    err = capsys.readouterr().err
    assert err.startswith("smfocus: ⟦") and unmarked(err) == [], err


def test_argparse_messages_are_marked_inside_the_line(run: Cli) -> None:
    # The line is one translated sentence holding argparse's, itself translated.
    err = run("start").err
    assert "⟦⟦the following arguments are required: %s⟧" in err.replace("⟦project⟧", "%s")
