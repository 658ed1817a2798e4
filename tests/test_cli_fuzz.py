"""Whatever is typed, the command line answers in words: a user error is one line
and exit 1, a mistyped command exit 2; never exit 70 (a bug) and never a
traceback. Arguments are drawn from each command's own options, real names and
times, digits of other scripts, huge numbers, control characters, and bytes
that are not UTF-8 (which Python hands over as lone surrogates)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus import cli
from smfocus.core.clock import FakeClock

PARIS = ZoneInfo("Europe/Paris")
# The tray and the charts window are Qt programs, not command-line answers.
SKIPPED = {"charts"}


@dataclass(frozen=True)
class Shape:
    """What a command takes, read from the parser itself."""

    positionals: list[argparse.Action]
    options: list[argparse.Action]


def _commands() -> dict[str, Shape]:
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {
        name: Shape(
            positionals=[a for a in child._actions if not a.option_strings],
            options=[
                a
                for a in child._actions
                if a.option_strings and not isinstance(a, argparse._HelpAction)
            ],
        )
        for name, child in sub.choices.items()
        if name not in SKIPPED
    }


COMMANDS = _commands()

plain_text = st.text(st.characters(exclude_categories=()), max_size=12)  # with surrogates
undecodable = st.binary(min_size=1, max_size=8).map(
    lambda raw: raw.decode("utf-8", "surrogateescape")
)
odd_digits = st.sampled_from(["²", "٣", "३", "௧", "½", "Ⅻ", "１２", "0x10", "1e9", "-0", "²5m"])
numbers = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["9223372036854775807", "9223372036854775808", "9" * 5000, "0", "1"]),
)
times = st.sampled_from(
    ["", " ", "now", "today", "yesterday", "-15m", "+5m", "14:30", "25:61", "2026-02-30",
     "2026-02-10T09:00", "-99999999999999d", "9999-12-31", "0001-01-01", "T", "z"]
)  # fmt: skip
names = st.sampled_from(["Acme", "Beta", "acme", "Nope", "x" * 200, "a\x1bb", "work", "list"])
formats = st.sampled_from(
    ["{label}", "{label:>9999999999999}", "{label:>{remaining}}", "{0}", "{label.x}",
     "{label[0]}", "{", "}", "{label!z}", "{remaining:%}", "{state:*^40}"]
)  # fmt: skip
token = st.one_of(undecodable, odd_digits, numbers, times, names, formats, plain_text)


def _value(draw: st.DrawFn, action: argparse.Action) -> str:
    if action.choices is not None and draw(st.integers(0, 3)) > 0:
        return str(draw(st.sampled_from(sorted(map(str, action.choices)))))
    drawn: str = draw(token)
    return drawn


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command with its positionals filled and some of its options, each given a
    value it takes; the values mix the plausible and the hostile."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    shape = COMMANDS[command]
    argv = [command]
    for action in shape.positionals:
        if action.nargs in ("?", "*") and draw(st.booleans()):
            continue
        argv.append(_value(draw, action))
    for action in (
        draw(st.lists(st.sampled_from(shape.options), max_size=3)) if shape.options else []
    ):
        argv.append(draw(st.sampled_from(action.option_strings)))
        if action.nargs != 0:
            argv.append(_value(draw, action))
    return argv


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    data_dir = root / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "local_zone", lambda: PARIS)
        patch.delenv("SMFOCUS_DATABASE_URL", raising=False)
        # A drawn --data-dir may be relative, or empty (then the variable, then the
        # user's folder would be used): keep every one of them inside the temporary root.
        patch.chdir(root)
        patch.setenv("SMFOCUS_DATA_DIR", str(root / "from-variable"))
        patch.setenv("XDG_DATA_HOME", str(root / "xdg"))
        patch.setenv("HOME", str(root / "home"))
        for argv in (["project", "add", "Acme"], ["project", "add", "Beta"]):
            assert _run(data_dir, argv)[0] == 0
        yield data_dir


def _run(data_dir: Path, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    clock = FakeClock()
    clock.set(1_770_742_800)  # 2026-02-10T18:00+01:00
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--data-dir", str(data_dir), *argv], clock=clock)
        except SystemExit as exit_:  # argparse: usage errors, --help
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=int(os.environ.get("SMFOCUS_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_no_input_makes_a_bug_of_the_command_line(home: Path, argv: list[str]) -> None:
    code, _out, err = _run(home, argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "bug in smfocus" not in err, (argv, err)
    if code == 1:
        assert len(err.splitlines()) == 1 and err.startswith("smfocus: "), (argv, err)
        assert len(err) < 2_000, (argv, len(err))
