"""Import, export, the timeline and away time in French: counts with French plurals,
readers' errors, a French timesheet, files for programs that stay the same bytes in
every language, use-case errors that leave the command to the face, and a
pseudo-language run that finds no English left unmarked."""

from __future__ import annotations

import argparse
import ast
import builtins
import re
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli, cli_words
from smfocus.away import Answer, Away, Reason
from smfocus.backup import check_document
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.exporting import Selection, export_with
from smfocus.exports.timesheet import write_timesheet
from smfocus.importer import OverlapPolicy, import_history
from smfocus.imports import toggl
from smfocus.imports.records import ImportFileError, SourceEntry
from smfocus.store.database import open_store
from smfocus.timeline import Timeline
from smfocus.tracker import Tracker
from smfocus.ui import words as ui_words
from tests.exports.entries import PARIS, entry
from tests.french import french  # noqa: F401
from tests.helpers import Result, assert_one_line_error, at, cli_runner
from tests.pseudo import pseudo, unmarked  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., Result]
BASE = 1_767_000_000  # 2025-12-29, well before the clock
NBSP, NARROW_NBSP = "\u00a0", "\u202f"


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    return cli_runner(
        monkeypatch, capsys, data_dir=data_dir, clock=clock, tz=tz, now="2026-02-10T18:00"
    )


def frames_file(folder: Path, frames: list[list[object]]) -> Path:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frames"
    path.write_text(json.dumps(frames), encoding="utf-8")
    return path


def frame(hour: int, ident: str, tag: str = "posts") -> list[object]:
    return [BASE + hour * 3600, BASE + hour * 3600 + 1800, "Acme", ident, [tag], 0]


def bad_duration_csv(folder: Path) -> Path:
    path = folder / "toggl.csv"
    path.write_text("Start date,Start time,Duration\n2025-01-02,09:00:00,1 hour\n", "utf-8")
    return path


# -- the import's summary and errors ------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_the_import_summary_counts_entries_with_french_plurals(run: Cli, tmp_path: Path) -> None:
    one = run("import", str(frames_file(tmp_path / "one", [frame(0, "a")])))
    assert one.code == 0, one.err
    assert one.out.splitlines()[0].startswith("1 entrée importée depuis ")
    assert one.out.splitlines()[0].endswith(" (format watson).")
    assert "Créés : 1 projet, 1 tâche." in one.out

    three = frames_file(tmp_path / "three", [frame(n, f"id{n}", "replies") for n in (2, 4, 6)])
    trial = run("import", str(three), "--dry-run")
    assert "3 entrées seraient importées depuis " in trial.out
    assert "Rien n’a été écrit (essai à blanc)." in trial.out
    done = run("import", str(three))
    assert "3 entrées importées depuis " in done.out
    assert "Créés : 0 projet, 1 tâche." in done.out
    again = run("import", str(three))
    # French counts zero in the singular.
    assert "0 entrée importée depuis " in again.out
    assert "3 entrées étaient déjà là." in again.out


@pytest.mark.usefixtures("french")
def test_overlaps_are_refused_in_french_with_the_options_to_type(run: Cli, tmp_path: Path) -> None:
    path = frames_file(tmp_path, [frame(0, "a"), [BASE + 600, BASE + 2400, "Acme", "b", [], 0]])
    result = run("import", str(path))
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "1 entrée importée chevauche du temps déjà occupé" in result.err
    assert "la ligne 2 chevauche la ligne 1" in result.err
    assert "rien n’a été importé." in result.err
    assert "--on-overlap skip ou --on-overlap trim." in result.err


@pytest.mark.usefixtures("french")
def test_a_reader_error_is_french_from_the_file_to_the_hint(run: Cli, tmp_path: Path) -> None:
    path = bad_duration_csv(tmp_path)
    expected = (
        "toggl.csv, ligne 2 : la durée « 1 hour » n’est pas une durée ; "
        "corrigez et importez à nouveau."
    )
    with pytest.raises(ImportFileError) as raised:
        list(toggl.read(path, tz=PARIS))
    assert str(raised.value) == expected
    result = run("import", str(path), "--format", "toggl")
    assert_one_line_error(result.err)
    assert result.err.strip() == f"smfocus: {expected}"


# -- exports ------------------------------------------------------------------------------


def timesheet_html() -> str:
    out = StringIO()
    rows = [entry("2026-11-30T09:00", "2026-11-30T10:00", rate_cents=150000)]
    start, end = at("2026-11-30T00:00", PARIS), at("2026-12-01T00:00", PARIS)
    write_timesheet(rows, PARIS, out, title="Acme Corp", start=start, end=end)
    return out.getvalue()


@pytest.mark.usefixtures("french")
def test_the_timesheet_is_french_for_french_readers() -> None:
    html = timesheet_html()
    assert '<html lang="fr">' in html
    assert "<h1>Feuille de temps : Acme Corp</h1>" in html
    assert f"1{NARROW_NBSP}500,00{NBSP}€" in html  # the line, its rate and the totals
    assert "lun. 30/11/2026" in html
    assert "Semaine 49, 2026" in html and "Total de la semaine" in html
    assert '<td class="num">1,00</td>' in html  # hours with a decimal comma
    assert 'data-cents="150000"' in html  # the figures for programs stay exact
    for english in ("Timesheet", "Week", "Amount", "November", "00 EUR"):
        assert english not in html


def test_the_timesheet_stays_english_in_english() -> None:
    html = timesheet_html()
    assert '<html lang="en">' in html
    assert "<h1>Timesheet: Acme Corp</h1>" in html
    assert "1,500.00 EUR" in html and "Mon 30 November 2026" in html


def test_files_for_programs_are_the_same_bytes_in_french_and_english(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("project", "add", "Acme", "--rate", "1500.5", "--client", "Bloom").code == 0
    for start, end in (("2026-02-09T09:00", "2026-02-09T10:30"), ("2026-02-10T08:00", "11:15")):
        added = run("add", "Acme", "Posts", "--from", start, "--to", end, "--note", "été")
        assert added.code == 0, added.err
    written: dict[tuple[str, str], bytes] = {}
    for language, lang in (("en", "C.UTF-8"), ("fr", "fr_FR.UTF-8")):
        monkeypatch.setenv("LANG", lang)
        for kind in ("csv", "toggl", "json", "ical", "timesheet"):
            path = tmp_path / f"{language}.{kind}"
            extra = ("--client", "Bloom") if kind == "timesheet" else ()
            result = run("export", "--format", kind, "-o", str(path), *extra)
            assert result.code == 0, result.err
            written[language, kind] = path.read_bytes()
    assert run("export", "-o", str(tmp_path / "check.csv")).out.startswith("2 entrées écrites")
    for kind in ("csv", "toggl", "json", "ical"):
        assert written["fr", kind] == written["en", kind], kind
    assert b"1500.50" in written["fr", "csv"]  # a dot decimal, no thousands separator
    assert written["fr", "timesheet"] != written["en", "timesheet"]


# -- use cases leave commands to the faces ------------------------------------------------

USE_CASES = [
    "smfocus/importer.py",
    "smfocus/import_file.py",
    "smfocus/importing.py",
    "smfocus/backup.py",
    "smfocus/exporting.py",
    "smfocus/timeline.py",
    "smfocus/away.py",
    "smfocus/desktop.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "smfocus" / "imports").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "smfocus" / "exports").glob("*.py")),
]


def cli_syntax() -> re.Pattern[str]:
    parser = cli.build_parser()
    commands = next(
        action.choices
        for action in parser._actions  # argparse keeps its subcommands there
        if isinstance(action, argparse._SubParsersAction)
    )
    names = "|".join(sorted(commands, key=len, reverse=True))
    return re.compile(rf"\bsmfocus (?:{names})\b|(?<![\w-])--[a-z]|config set")


def sentences(path: Path) -> Iterator[tuple[int, str]]:
    """The text of every marked string and every message given to an error."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name in ("_", "N_", "ngettext") or name.endswith("Error"):
            for argument in node.args:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    yield node.lineno, argument.value
                elif isinstance(argument, ast.JoinedStr):
                    yield node.lineno, ast.unparse(argument)


def test_use_case_sentences_are_marked_and_name_no_command() -> None:
    syntax = cli_syntax()
    found = []
    for name in USE_CASES:
        path = ROOT / name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # An error's message is a marked sentence, never a bare or f-string literal.
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id.endswith("Error")
                and not hasattr(builtins, node.func.id)  # a bug's own message, not a user's
                and any(
                    isinstance(arg, ast.JoinedStr)
                    or (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
                    for arg in node.args
                )
            ):
                found.append(f"{name}:{node.lineno}: unmarked message")
        found.extend(
            f"{name}:{line}: {text!r}" for line, text in sentences(path) if syntax.search(text)
        )
    assert found == []


def use_case_errors(tracker: Tracker, clock: FakeClock) -> list[UserError]:
    now = clock.now()

    def item(line: int, start: int, end: int) -> SourceEntry:
        return SourceEntry(
            "watson", f"id{line}", "Acme", None, None, None, None, start, end, None, None,
            "frames", line,
        )  # fmt: skip

    attempts: list[Callable[[], object]] = [
        lambda: import_history(
            tracker,
            [item(1, now - 7200, now - 3600), item(2, now - 5400, now - 1800)],
            format_name="watson",
            max_seconds=86400,
            on_overlap=OverlapPolicy.FAIL,
        ),
        lambda: import_history(
            tracker, [item(1, now - 90000, now - 10)], format_name="watson", max_seconds=3600
        ),
        lambda: check_document([], "notes.json"),
        lambda: Away(tracker).resolve(Answer.ASSIGN),
        lambda: Away(tracker).resolve(Answer.KEEP, 7),
        lambda: export_with(tracker, Selection(client="Nobody"), list),
    ]
    tracker.add_project("Acme")
    tracker.add("Acme", None, start=now - 600, end=now - 300)
    errors = []
    for attempt in attempts:
        with pytest.raises(UserError) as raised:
            attempt()
        errors.append(raised.value)
    return errors


@pytest.mark.parametrize("language", ["en", "fr"])
def test_use_case_errors_carry_a_fix_each_face_words(
    tracker: Tracker, clock: FakeClock, language: str, request: pytest.FixtureRequest
) -> None:
    if language == "fr":
        request.getfixturevalue("french")
    syntax = cli_syntax()
    errors = use_case_errors(tracker, clock)
    assert [error.fix.action for error in errors if error.fix is not None] == [
        "overlap_policy", "entry_max", "make_backup", "away_assign", "see_away", "set_client",
    ]  # fmt: skip
    for error in errors:
        assert not syntax.search(str(error)), str(error)
        window = ui_words.explain(error)
        assert not syntax.search(window) and " --" not in window, window
        assert syntax.search(cli_words.explain(error)), cli_words.explain(error)
    if language == "fr":
        assert str(errors[2]) == "notes.json n’est pas une sauvegarde smfocus."
        assert "au format sauvegarde (JSON)" in ui_words.explain(errors[2])


# -- the pseudo-language: nothing left in English -----------------------------------------

# The typed values argparse lists ({csv,toggl,...}) and file formats are never translated.
TYPED = [
    "toggl clockify watson timewarrior smfocus fail skip trim csv json ical timesheet",
    "keep discard stop assign",
]


def own_help(text: str) -> str:
    """A command's help without what is not this module's: the usage block (argparse
    builds it from options), argparse's headings, and the global options."""
    probe = argparse.ArgumentParser(add_help=True)
    cli._add_global_options(probe, suppress=True)
    foreign = {flag for action in probe._actions for flag in action.option_strings}
    kept: list[str] = []
    usage, dropping = True, False
    for line in text.splitlines():
        if usage:  # the usage block, up to its blank line
            usage = bool(line.strip())
            continue
        if line.strip() in ("positional arguments:", "options:"):
            continue
        if re.match(r"  \S", line):  # a new argument; deeper lines continue its help
            dropping = line.split()[0].rstrip(",") in foreign
        if not dropping:
            kept.append(line)
    return "\n".join(kept)


def test_the_pseudo_language_leaves_no_english_unmarked(
    pseudo: Path,  # noqa: F811 (the fixture)
    run: Cli,
    tmp_path: Path,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
) -> None:
    shown: list[str] = []
    for command in ("import", "export", "timeline", "away", "undo"):
        helped = run(command, "--help")
        assert helped.code == 0
        shown.append(own_help(helped.out))
    assert "⟦PATH⟧" in shown[0] and not re.search("(?<!⟦)PATH", shown[0])

    path = frames_file(tmp_path / "w", [frame(0, "a"), frame(2, "b", "replies")])
    shown.append(run("import", str(path), "--dry-run").out)
    shown.append(run("import", str(path)).out)
    shown.append(run("import", str(path)).out)
    clash = frames_file(tmp_path / "c", [[BASE + 600, BASE + 900, "Acme", "c", [], 0]])
    shown.append(run("import", str(clash)).err)
    shown.append(run("import", str(bad_duration_csv(tmp_path))).err)
    shown.append(run("import", str(tmp_path / "missing.csv"), "--format", "toggl").err)
    shown.append(run("export", "-o", str(tmp_path / "out.csv")).out)
    shown.append(run("export", "--format", "timesheet").err)
    shown.append(run("export", "--client", "Nobody").err)
    shown.append(run("away").out)

    # Time away, answered and taken back, and a split taken back.
    clock.set(at("2026-02-10T10:00", tz))
    store = open_store(data_dir)
    tracker = Tracker(store, clock, tz)
    tracker.start("Acme", "Replies", at=at("2026-02-10T09:00", tz))
    clock.set(at("2026-02-10T10:20", tz))
    away = Away(tracker)
    away.begin(at("2026-02-10T10:03", tz), Reason.IDLE)
    clock.set(at("2026-02-10T10:17", tz))
    away.back()
    shown.append(run("away").out)
    shown.append(run("away", "discard").out)
    shown.append(run("undo").out)
    shown.append(run("away", "assign").err)
    shown.append(run("away", "keep", "--id", "9").err)
    first = tracker.log(start=0)[-1]
    Timeline(tracker).split(first.id, at("2026-02-10T09:30", tz))
    store.dispose()
    shown.append(run("undo").out)

    assert all(text.strip() for text in shown[5:]), shown
    left = unmarked(shown, allowed=[*TYPED, "Acme", "Replies", "posts", "replies"])
    assert left == [], "\n".join(shown)


# -- the desktop entry and the AppStream metadata -----------------------------------------


def test_the_installed_desktop_entry_and_metainfo_speak_french(tmp_path: Path) -> None:
    from smfocus import desktop

    command = tmp_path / "bin" / "smfocus"
    desktop.install(tmp_path / "share", command)
    lines = desktop.entry_path(tmp_path / "share").read_text(encoding="utf-8").splitlines()
    assert f"Exec={command}" in lines
    assert "GenericName[fr]=Minuteur de concentration" in lines
    assert any(line.startswith("Comment[fr]=Minuteur pomodoro") for line in lines)
    assert any(line.startswith("Keywords[fr]=") and "concentration;" in line for line in lines)
    metainfo = desktop.metainfo_path(tmp_path / "share").read_text(encoding="utf-8")
    for tag in ("name", "summary", "p", "li", "caption", "keyword"):
        assert f'<{tag} xml:lang="fr">' in metainfo, tag
