"""``smfocus status`` in French, on both of its paths (the quick one a status bar
hits, and the full command line), and the database and desktop commands: every
sentence they print or show in their help goes through the catalog.

Also the catalog reader itself (``smfocus.core.i18n.Catalog``), which finds a
message on demand instead of decoding the whole catalog: it must answer what
the standard library's ``gettext.GNUTranslations`` answers."""

from __future__ import annotations

import gettext
import io
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo

from smfocus import cli, cli_words, quick_status
from smfocus.core import i18n
from smfocus.core.clock import FakeClock
from smfocus.pomodoro import Timer
from smfocus.store import sqlite_file
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.french import french  # noqa: F401
from tests.helpers import ROOT, db_file, run_main, subprocess_env
from tests.pseudo import pseudo, unmarked  # noqa: F401

PARIS = ZoneInfo("Europe/Paris")
START = 1_773_999_960  # 2026-03-20 10:46:00 in Paris
FORMS: tuple[tuple[str, ...], ...] = (
    ("status",),
    ("status", "--json"),
    ("status", "--format", "{remaining}|{elapsed}|{phase}|{phase_label}|{label}|{state}"),
)
DATA_NAMES = ["Acme", "Replies"]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "local_zone", lambda: PARIS)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMFOCUS_DATA_DIR", raising=False)


class _Desk:
    """A data folder with a project, a tracker and a timer on a fake clock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.clock = FakeClock()
        self.clock.set(START)
        self.store = open_store(folder)
        self.tracker = Tracker(self.store, self.clock, PARIS)
        self.timer = Timer(self.tracker)
        self.tracker.add_project("Acme")

    def quick(self, *form: str) -> str:
        text = quick_status.answer(
            ["--data-dir", str(self.folder), *form], self.clock.now(), PARIS
        )
        assert text is not None, form
        return text

    def full(self, capsys: pytest.CaptureFixture[str], *form: str) -> str:
        capsys.readouterr()
        assert cli.main(["--data-dir", str(self.folder), *form], clock=self.clock) == 0
        return capsys.readouterr().out


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[_Desk]:
    made = _Desk(tmp_path / "data")
    yield made
    made.store.dispose()


def _states(desk: _Desk) -> Iterator[str]:
    """Walk through the states status tells apart; yields the name of each."""
    yield "nothing running"
    desk.tracker.start("Acme", "Replies")
    desk.clock.advance(90)
    yield "tracking"
    desk.tracker.stop()
    desk.timer.start("Acme", "Replies")
    desk.clock.advance(600)
    yield "focus"
    desk.timer.pause()
    desk.clock.advance(30)
    yield "paused"
    desk.timer.resume()
    desk.clock.advance(25 * 60)
    yield "focus ended"
    desk.timer.stop()
    desk.timer.start_break()
    yield "break"
    desk.timer.stop()
    yield "stopped"


# -- what status says in French ---------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_status_says_each_state_in_french(desk: _Desk) -> None:
    assert desk.quick("status") == "Rien en cours.\n"
    desk.timer.start("Acme", "Replies")
    desk.clock.advance(600)
    assert desk.quick("status") == (
        "Acme / Replies : en cours depuis 0:10:00, début le 20/03/2026 10:46 (entrée n°1).\n"
        "Concentration : il reste 0:15:00, jusqu’à 11:11.\n"
    )
    desk.timer.pause()
    assert desk.quick("status") == "Concentration : en pause, il reste 0:15:00.\n"
    desk.timer.resume()
    desk.clock.advance(15 * 60)
    assert desk.quick("status").splitlines()[-1] == "Concentration : terminée à 11:11."
    desk.timer.stop()
    desk.timer.start_break()
    assert desk.quick("status").startswith("Pause courte : il reste 0:05:00, jusqu’à ")


@pytest.mark.usefixtures("french")
def test_format_values_for_people_are_french_and_words_for_scripts_are_not(
    desk: _Desk,
) -> None:
    template = "{phase}|{phase_label}|{state}|{remaining}"
    desk.timer.start("Acme", "Replies")
    assert desk.quick("status", "--format", template) == "work|Concentration|work|25:00\n"
    desk.timer.pause()
    assert desk.quick("status", "--format", template) == "work|Concentration|paused|25:00\n"
    desk.timer.stop()
    desk.timer.start_break()
    assert (
        desk.quick("status", "--format", template)
        == "short_break|Pause courte|short_break|05:00\n"
    )
    # --json: English keys and machine values, whatever the language.
    assert '"phase": "short_break"' in desk.quick("status", "--json")


def test_format_values_for_people_are_english_in_english(desk: _Desk) -> None:
    desk.timer.start("Acme", "Replies")
    assert desk.quick("status", "--format", "{phase_label}") == "Focus\n"


@pytest.mark.usefixtures("french")
def test_a_format_error_is_french(desk: _Desk, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(["status", "--format", "{nope}"], capsys, data_dir=desk.folder)
    assert result.code == 1
    assert result.err.startswith("smfocus: Le format '{nope}' ne peut pas être rempli (")
    assert "'nope' n’est pas un champ" in result.err


# -- both paths, in French ---------------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_both_paths_print_the_same_french(desk: _Desk, capsys: pytest.CaptureFixture[str]) -> None:
    seen = set()
    for state in _states(desk):
        for form in FORMS:
            quick = desk.quick(*form)
            assert quick == desk.full(capsys, *form), (state, form)
            seen.add(quick)
    assert "Rien en cours.\n" in seen
    assert any("Concentration : en pause" in text for text in seen)
    assert any(text.startswith("Pause courte : ") for text in seen)


def _process(data: Path, *argv: str, full: bool = False) -> subprocess.CompletedProcess[str]:
    """``smfocus status`` as a status bar runs it (the quick path first), or the full
    command line alone."""
    if full:
        command = [
            sys.executable,
            "-c",
            "import sys; from smfocus import cli; sys.exit(cli.main())",
        ]
    else:
        command = [sys.executable, "-m", "smfocus"]
    return subprocess.run(
        [*command, "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(TZ="Europe/Paris", LANG="fr_FR.UTF-8"),
        timeout=60,
        check=False,
    )


@pytest.mark.usefixtures("french")
def test_the_status_command_speaks_french_on_both_paths_in_a_process(desk: _Desk) -> None:
    # The processes read the real clock: states whose figures do not move with it.
    desk.timer.start("Acme", "Replies")
    desk.timer.pause()
    for form in (*FORMS, ("status", "--format", "{label}")):
        quick, full = _process(desk.folder, *form), _process(desk.folder, *form, full=True)
        assert quick.returncode == full.returncode == 0, quick.stderr + full.stderr
        assert quick.stdout == full.stdout, form
    assert (
        _process(desk.folder, "status").stdout == "Concentration : en pause, il reste 0:25:00.\n"
    )


@pytest.mark.usefixtures("french")
def test_status_in_french_loads_no_more_than_in_english(desk: _Desk) -> None:
    # gettext's reader decodes the whole catalog (and gettext imports locale): a
    # status bar pays for neither.
    desk.timer.start("Acme", "Replies")
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "smfocus",
            "--data-dir",
            f"{desk.folder}",
            "status",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(LANG="fr_FR.UTF-8"),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Acme / Replies : en cours depuis ")
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    for heavy in ("gettext", "locale", "argparse", "dataclasses", "typing", "smfocus.cli"):
        assert heavy not in loaded, heavy


@pytest.mark.usefixtures("french")
def test_an_error_on_the_quick_path_is_said_as_the_full_path_says_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db_file(data).write_bytes(b"this is not a database, " * 100)
    quick, full = _process(data, "status"), _process(data, "status", full=True)
    assert quick.returncode == full.returncode == 1
    assert quick.stdout == full.stdout == ""
    assert quick.stderr == full.stderr
    # In the language of the process: the sentence as this (French) process words it.
    error = sqlite_file.explain(sqlite3.DatabaseError("file is not a database"), db_file(data))
    assert error is not None
    assert quick.stderr == f"smfocus: {cli_words.explain(error)}\n"


# -- nothing left in English ------------------------------------------------------------


def _pseudo_desk(tmp_path: Path) -> _Desk:
    return _Desk(tmp_path / "data")


@pytest.mark.usefixtures("pseudo")
def test_status_leaves_no_english_unmarked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _pseudo_desk(tmp_path)
    try:
        texts = []
        for _state in _states(desk):
            texts.append(desk.quick("status"))
            texts.append(desk.quick("status", "--format", "{phase_label}"))
            texts.append(desk.full(capsys, "status"))
        result = run_main(["status", "--format", "{nope:>99999999}"], capsys, data_dir=desk.folder)
        assert result.code == 1
        texts.append(result.err)
        for template in ("{label.x}", "{label", "{label:d}", "{label!z}"):
            result = run_main(["status", "--format", template], capsys, data_dir=desk.folder)
            assert result.code == 1, template
            texts.append(result.err)
        assert all("⟦" in text for text in texts if text.strip())
        assert unmarked(texts, allowed=DATA_NAMES) == []
    finally:
        desk.store.dispose()


def _subcommand_texts(name: str) -> list[str]:
    """What ``smfocus NAME --help`` shows that the command's module wrote: its
    description, and the help and names of its own arguments."""
    parser = cli.build_parser()
    sub: Any = next(a for a in parser._actions if a.dest == "command")
    command = sub.choices[name]
    texts = [command.description]
    for action in command._actions:
        if action.dest in ("help", "data_dir"):  # argparse's own, and every command's
            continue
        texts += [action.help or "", action.metavar or ""]
    return texts


@pytest.mark.usefixtures("pseudo")
def test_db_and_desktop_help_leave_no_english_unmarked(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("db", "desktop"):
        texts = _subcommand_texts(name)
        assert unmarked(texts, allowed=["URL", "PostgreSQL", "SQLite"]) == [], name
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["db", "--help"])
    assert "⟦the database: upgrade its schema, set up a team⟧" in capsys.readouterr().out


@pytest.mark.usefixtures("pseudo")
def test_db_and_desktop_outputs_leave_no_english_unmarked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    data = tmp_path / "data"
    said = []
    for argv in (
        ["db", "status"],
        ["db", "upgrade"],
        ["db", "init-team"],  # refused: a SQLite file
        ["db", "add-member", "ann"],
        ["desktop", "install"],
        ["desktop", "uninstall"],
        ["desktop", "uninstall"],  # nothing left to remove
        ["config", "set", "app.autostart"],  # no value
    ):
        result = run_main(argv, capsys, data_dir=data)
        text = result.out + result.err
        assert "⟦" in text, argv
        # Paths, the schema number and the variable's name are data, not words.
        text = text.replace(str(tmp_path), " ").replace("SMFOCUS_DATABASE_URL", " ")
        said.append(text)
    allowed = ["smfocus.desktop", "smfocus.sqlite3", "SQLite", "PostgreSQL", "db", "ann"]
    assert unmarked(said, allowed=allowed) == []


# -- the catalog reader ------------------------------------------------------------------


def _mo(messages: dict[Any, Any], plural_forms: str = "nplurals=2; plural=(n > 1);") -> bytes:
    catalog: Any = BabelCatalog(locale="fr", fuzzy=False)
    # Babel has no setter for the rule (scripts/i18n.py does the same).
    catalog._num_plurals = int(plural_forms.split(";", maxsplit=1)[0].split("=")[1])
    catalog._plural_expr = plural_forms.split("plural=")[1].rstrip(";")
    for key, value in messages.items():
        catalog.add(key, value)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


SAMPLE = {
    "Nothing running.": "Rien en cours.",
    "Focus": "Concentration",
    "Focus time": "Temps de concentration",
    "{count} entry x": "{count} entrée x",  # sorted beside the plural below
    ("{count} entry", "{count} entries"): ("{count} entrée", "{count} entrées"),
    ("{count} day", "{count} days"): ("{count} jour", "{count} jours"),
    "Zürich": "Zurich",
    "é": "e accent aigu",
}


def _same_as_gettext(data: bytes, asked: list[str]) -> None:
    ours, theirs = i18n.Catalog(data), gettext.GNUTranslations(io.BytesIO(data))
    for message in asked:
        assert ours.gettext(message) == theirs.gettext(message), message
        for count in (0, 1, 2, 5, 21):
            assert ours.ngettext(message, message + "s", count) == theirs.ngettext(
                message, message + "s", count
            ), (message, count)


def test_the_reader_answers_as_gettext_for_plurals_and_missing_keys() -> None:
    data = _mo(SAMPLE)
    asked = [k if isinstance(k, str) else k[0] for k in SAMPLE]
    asked += ["", "Focu", "Focus!", "Nothing", "zzz", "{count} entr", "\udcff", "\x00"]
    _same_as_gettext(data, asked)
    catalog = i18n.Catalog(data)
    assert catalog.ngettext("{count} entry", "{count} entries", 0) == "{count} entrée"
    assert catalog.ngettext("{count} entry", "{count} entries", 2) == "{count} entrées"
    assert catalog.ngettext("{count} hour", "{count} hours", 2) == "{count} hours"
    assert catalog.gettext("Not there") == "Not there"


@pytest.mark.parametrize(
    "rule",
    [
        "nplurals=2; plural=(n != 1);",
        "nplurals=1; plural=0;",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
    ],
)
def test_the_reader_follows_the_plural_rule_of_the_header(rule: str) -> None:
    forms = int(rule.split(";", maxsplit=1)[0].split("=")[1])
    data = _mo({("{n} file", "{n} files"): tuple(f"form {i}" for i in range(forms))}, rule)
    _same_as_gettext(data, ["{n} file"])


def _big_endian(data: bytes) -> bytes:
    """The same catalog as a big-endian machine's msgfmt writes it."""
    count, originals, translations = (
        int.from_bytes(data[i : i + 4], "little") for i in (8, 12, 16)
    )
    words = {*range(0, 28, 4)}
    for table in (originals, translations):
        words.update(range(table, table + 8 * count, 4))
    out = bytearray(data)
    for at in words:
        out[at : at + 4] = data[at : at + 4][::-1]
    return bytes(out)


def test_the_reader_reads_a_big_endian_catalog() -> None:
    data = _big_endian(_mo(SAMPLE))
    assert data[:4] == bytes.fromhex("950412de")
    _same_as_gettext(data, [k if isinstance(k, str) else k[0] for k in SAMPLE])
    assert i18n.Catalog(data).gettext("Focus") == "Concentration"


def test_the_reader_answers_as_gettext_for_every_message_of_the_french_catalog() -> None:
    path = Path(i18n.catalog_path("fr"))
    data = path.read_bytes()
    theirs = gettext.GNUTranslations(io.BytesIO(data))
    ours = i18n.Catalog(data)
    keys = list(theirs._catalog)  # type: ignore[attr-defined]
    assert len(keys) > 50
    for key in keys:
        if isinstance(key, tuple):
            singular = key[0]
            for count in (0, 1, 2, 7):
                assert ours.ngettext(singular, "-", count) == theirs.ngettext(singular, "-", count)
        else:
            singular = key
        assert ours.gettext(singular) == theirs.gettext(singular), singular


def test_the_french_catalog_keeps_its_originals_sorted() -> None:
    # The reader's binary search needs the order the format promises.
    import struct

    data = Path(i18n.catalog_path("fr")).read_bytes()
    count, originals = struct.unpack_from("<2I", data, 8)
    keys = []
    for index in range(count):
        length, offset = struct.unpack_from("<2I", data, originals + 8 * index)
        keys.append(data[offset : offset + length])
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[:12],
        lambda data: b"\x00\x00\x00\x00" + data[4:],  # not the magic number
        lambda data: data[:4] + struct_pack(7 << 16) + data[8:],  # a revision to come
        lambda data: data[:12] + struct_pack(len(data)) + data[16:],  # table past the end
        lambda data: data[: len(data) // 2],  # cut in the middle of its strings
    ],
)
def test_a_damaged_catalog_leaves_the_app_in_english(
    damage: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fr.mo").write_bytes(damage(_mo(SAMPLE)))
    monkeypatch.setenv("SMFOCUS_LOCALE_DIR", str(tmp_path))
    try:
        language = i18n.use("fr")
        # Either refused at load, or each damaged message answered in English.
        assert language in ("en", "fr")
        assert i18n._("Nothing running.") in ("Nothing running.", "Rien en cours.")
        assert i18n._("Focus time") in ("Focus time", "Temps de concentration")
        assert i18n.ngettext("{count} day", "{count} days", 3) in ("{count} days", "{count} jours")
    finally:
        i18n.use("en")


def struct_pack(value: int) -> bytes:
    import struct

    return struct.pack("<I", value)


def test_an_unknown_character_set_leaves_the_app_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _mo(SAMPLE).replace(b"charset=utf-8", b"charset=nope-8")
    (tmp_path / "fr.mo").write_bytes(data)
    monkeypatch.setenv("SMFOCUS_LOCALE_DIR", str(tmp_path))
    try:
        assert i18n.use("fr") == "en"
        assert i18n._("Nothing running.") == "Nothing running."
    finally:
        i18n.use("en")
