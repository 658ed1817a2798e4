"""The use cases, the store and the core speak French, and never name a command.

Their sentences say what is wrong in the user's language; what to type or where
to click is a Fix, worded by each face (cli_words, ui.words).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_file

from smfocus import cli_words
from smfocus.core import i18n, timeparse, validation
from smfocus.core.clock import FakeClock
from smfocus.core.focus import FocusSettings, Kind
from smfocus.core.localtime import local_date
from smfocus.core.ranges import DateRange
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store import journal
from smfocus.store.database import Store, open_store
from smfocus.store.revision import TABLE
from smfocus.store.sqlite_file import explain
from smfocus.tracker import Tracker
from smfocus.ui import words as ui_words
from tests.french import french  # noqa: F401
from tests.helpers import at

ROOT = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")
NOW = at("2026-02-10T18:00", PARIS)

# The modules whose sentences must be face-neutral (the faces' own files are not here).
DOMAIN = sorted(
    [
        *(ROOT / "smfocus").glob("tracker*.py"),
        ROOT / "smfocus" / "pomodoro.py",
        ROOT / "smfocus" / "insights.py",
        *(path for path in (ROOT / "smfocus" / "core").glob("*.py") if path.name != "i18n.py"),
        *(ROOT / "smfocus" / "store").glob("*.py"),
    ]
)


def _cli_syntax(text: str) -> bool:
    return "smfocus " in text or " --" in text or "config set" in text


@pytest.fixture
def tracker(store: Store) -> Tracker:
    clock = FakeClock(NOW)
    made = Tracker(store, clock, PARIS, user="tester")
    made.add_project("Acme")
    return made


def _undo(tracker: Tracker) -> None:
    with tracker.write() as unit:
        journal.undo(unit)


def _raised(action: Callable[[], object]) -> UserError:
    with pytest.raises(UserError) as raised:
        action()
    return raised.value


# -- no sentence names a command -------------------------------------------------------


def test_no_marked_sentence_of_the_domain_names_a_command() -> None:
    """Every sentence the domain modules mark, as written (before any figure goes in)."""
    found = []
    for path in DOMAIN:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        ):
            for text in message if isinstance(message, tuple) else (message,):
                if _cli_syntax(text):
                    found.append((path.name, text))
    assert found == []
    assert len(DOMAIN) > 20  # the glob found the modules


def _errors(tracker: Tracker, data_dir: Path) -> list[UserError]:
    """One error of each kind the domain raises, triggered for real."""
    timer = Timer(tracker)
    clock = tracker.clock
    assert isinstance(clock, FakeClock)
    errors = [
        _raised(tracker.stop),
        _raised(tracker.cancel),
        _raised(lambda: tracker.interrupt(kind="sideways")),
        _raised(tracker.interrupt),
        _raised(lambda: tracker.entry(999)),
        _raised(lambda: tracker.delete(999)),
        _raised(lambda: tracker.start("Acm")),
        _raised(lambda: tracker.start("Zzz")),
        _raised(lambda: tracker.add_project("acme")),
        _raised(lambda: tracker.edit_task("Acme", "Typo", done=True)),
        _raised(lambda: tracker.report(by="colour")),
        _raised(lambda: tracker.start("Acme", at=NOW + 3600)),
        _raised(lambda: tracker.add("Acme", None, start=NOW - 60, end=NOW - 3600)),
        _raised(lambda: tracker.log(start=NOW, end=NOW - 3600)),
        _raised(lambda: tracker.add("Acme", None, start=NOW - 40 * 3600, end=NOW - 3600)),
        _raised(lambda: tracker.start("Acme", category="Admin")),
        _raised(timer.pause),
        _raised(timer.resume),
        _raised(timer.start),
        _raised(timer.stop),
        _raised(timer.stop_tracking),
        _raised(lambda: timer.set_setting("pomodoro.work", "0m")),
        _raised(lambda: timer.set_setting("no.such", "1")),
        _raised(lambda: _undo(tracker)),
    ]
    tracker.add("Acme", "Plan", start=NOW - 7200, end=NOW - 3600)
    errors.append(_raised(lambda: tracker.add("Acme", None, start=NOW - 5400, end=NOW - 60)))
    tracker.start("Acme", "Plan")
    errors.append(_raised(lambda: tracker.start("Acme", at=NOW - 1800)))
    errors.append(_raised(lambda: tracker.stop(at=NOW - 1800)))
    clock.advance(30 * 3600)
    errors.append(_raised(tracker.stop))
    tracker.cancel()
    tracker.edit_project("Acme", archived=True)
    errors.append(_raised(lambda: tracker.start("Acme")))
    tracker.edit_project("Acme", archived=False)
    timer.start("Acme")
    errors.append(_raised(lambda: Timer(tracker).start_break()))
    timer.pause()
    errors.append(_raised(timer.pause))
    for text in ("", "bla", "2026-02-30", "25:00", "30/02/2026", "-99999999999999d"):
        errors.append(_raised(partial(timeparse.parse_moment, text, NOW, PARIS)))
    for text in ("x", "9" * 50):
        errors.append(_raised(partial(timeparse.parse_duration, text)))
    for check in (
        lambda: validation.name("", "task"),
        lambda: validation.name("x" * 200, "project"),
        lambda: validation.name("a\x07b", "client"),
        lambda: validation.note("x" * 5000),
        lambda: validation.colour("red"),
        lambda: validation.currency("euro"),
        lambda: validation.money_cents("lots", "hourly rate"),
        lambda: validation.money_cents("-3", "value"),
        lambda: validation.priority("asap"),
        lambda: validation.value_period("week"),
        lambda: validation.estimate(0),
        lambda: DateRange(date(2026, 2, 10), date(2026, 2, 1)),
        lambda: FocusSettings().with_value("remind.hours", "18:00-09:00"),
    ):
        errors.append(_raised(check))
    folder = data_dir.parent / "elsewhere"
    errors.append(_raised(lambda: open_store(folder / "a-file" / "data")))
    for message in ("database is locked", "file is not a database", "disk I/O error"):
        friendly = explain(sqlite3.OperationalError(message), folder / "db.sqlite3")
        assert friendly is not None
        errors.append(friendly)
    return errors


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_error_of_the_domain_names_a_command(
    tracker: Tracker, data_dir: Path, language: str
) -> None:
    (data_dir.parent / "elsewhere").mkdir()
    (data_dir.parent / "elsewhere" / "a-file").write_text("in the way")
    i18n.use(language)
    try:
        errors = _errors(tracker, data_dir)
        said = [str(error) for error in errors]
        assert [text for text in said if _cli_syntax(text)] == []
        # The windows' words for the same errors never name a command either.
        app = [ui_words.explain(error) for error in errors]
        assert [text for text in app if _cli_syntax(text)] == []
        if language == "fr":
            assert [text for text in said if "Nothing" in text or "The " in text] == []
    finally:
        i18n.use("en")


# -- each converted error carries its fix ------------------------------------------------


def test_errors_carry_the_fix_each_face_words(tracker: Tracker) -> None:
    timer = Timer(tracker)
    expected = [
        (tracker.stop, "start", {}),
        (lambda: tracker.entry(999), "see_ids", {}),
        (lambda: tracker.delete(999), "see_ids", {}),
        (lambda: tracker.start("Acm"), "add_project", {"project": "Acm"}),
        (lambda: tracker.add_project("ACME"), "edit_project", {"project": "Acme"}),
        (
            lambda: tracker.edit_task("Acme", "Typo", done=True),
            "start_task",
            {"project": "Acme", "task": "Typo"},
        ),
        (lambda: tracker.log(start=NOW, end=NOW - 60), "later_end", {}),
        (
            lambda: tracker.add("Acme", None, start=NOW - 40 * 3600, end=NOW - 3600),
            "entry_max",
            {"setting": "entry.max"},
        ),
        (timer.pause, "focus_start", {}),
        (timer.start, "focus_on", {}),
        (timer.stop_tracking, "start", {}),
    ]
    for action, name, values in expected:
        error = _raised(action)
        assert error.fix is not None, str(error)
        assert (error.fix.action, error.fix.values) == (name, values), str(error)
    tracker.start("Acme", "Plan")
    running = tracker.status().running
    assert running is not None
    error = _raised(lambda: tracker.start("Acme", at=NOW - 60))
    assert error.fix is not None
    assert (error.fix.action, error.fix.values) == ("delete_entry", {"entry": running.id})
    clock = tracker.clock
    assert isinstance(clock, FakeClock)
    clock.advance(30 * 3600)
    error = _raised(tracker.stop)
    assert error.fix is not None and error.fix.action == "stop_at"
    assert "smfocus stop --at TIME" in cli_words.explain(error)
    tracker.cancel()
    tracker.edit_project("Acme", archived=True)
    error = _raised(lambda: tracker.start("Acme"))
    assert error.fix is not None
    assert (error.fix.action, error.fix.values) == ("unarchive", {"project": "Acme"})
    assert cli_words.explain(error) == (
        "The project 'Acme' is archived. "
        "Bring it back with: smfocus project edit Acme --unarchive."
    )
    assert ui_words.explain(error) == (
        "The project 'Acme' is archived. Bring it back in the Projects window."
    )


def test_a_paused_timer_says_how_to_resume(tracker: Tracker) -> None:
    timer = Timer(tracker)
    timer.start("Acme")
    timer.pause()
    error = _raised(timer.pause)
    assert error.fix is not None and error.fix.action == "resume"
    assert cli_words.explain(error) == (
        "The timer is already paused. Resume with: smfocus pomodoro resume."
    )


def test_a_name_that_cannot_be_one_is_not_suggested(tracker: Tracker) -> None:
    error = _raised(lambda: tracker.start("y" * 500))
    assert error.fix is None  # "create it with" a name no project may have: no


def test_store_errors_carry_their_fix(data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    error = _raised(lambda: open_store(blocker / "data"))
    assert error.fix is not None and error.fix.action == "data_dir"
    assert "--data-dir" in cli_words.explain(error)
    assert "--data-dir" not in ui_words.explain(error)
    friendly = explain(sqlite3.OperationalError("attempt to write a readonly database"), blocker)
    assert friendly is not None and friendly.fix is not None
    assert friendly.fix.action == "data_dir"


# -- French text ---------------------------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_the_tracker_speaks_french(tracker: Tracker) -> None:
    error = _raised(tracker.stop)
    assert str(error) == "Rien n’est en cours."
    assert cli_words.explain(error) == (
        "Rien n’est en cours. Commencez avec : smfocus start PROJET [TÂCHE]."
    )
    assert str(_raised(lambda: tracker.entry(12))) == "Il n’y a pas d’entrée n°12."
    assert str(_raised(lambda: tracker.start("Acm"))) == (
        "Il n’y a pas de projet nommé 'Acm' ; vouliez-vous dire 'Acme' ?"
    )
    # Times in sentences are French dates.
    future = str(_raised(lambda: tracker.start("Acme", at=NOW + 3600)))
    assert future == (
        "L’heure de début 10/02/2026 19:00 est dans le futur ; "
        "donnez une heure jusqu’à maintenant."
    )
    tracker.add("Acme", "Plan", start=NOW - 7200, end=NOW - 3600)
    overlap = str(_raised(lambda: tracker.add("Acme", None, start=NOW - 5400, end=NOW - 60)))
    assert overlap.startswith("Cela chevauche l’entrée n°")
    assert "(Acme / Plan, du 10/02/2026 16:00 au 10/02/2026 17:00)" in overlap
    too_long = str(_raised(lambda: tracker.add("Acme", None, start=NOW - 50 * 3600, end=NOW)))
    assert too_long.startswith("Une entrée du 08/02/2026 16:00 au 10/02/2026 18:00 durerait")


@pytest.mark.usefixtures("french")
def test_the_timer_speaks_french(tracker: Tracker) -> None:
    timer = Timer(tracker)
    assert str(_raised(timer.pause)) == "Aucun pomodoro n’est en cours."
    assert str(_raised(timer.start)) == "Indiquez sur quoi vous concentrer."
    timer.start("Acme")
    timer.pause()
    error = _raised(timer.pause)
    assert str(error) == "Le minuteur est déjà en pause."
    assert ui_words.explain(error) == (
        "Le minuteur est déjà en pause. Reprenez-le depuis le menu de la zone de notification."
    )
    assert Kind.WORK.label == "Concentration"
    assert Kind.SHORT_BREAK.label == "Pause courte"
    assert Kind.LONG_BREAK.label == "Pause longue"


def test_phase_labels_follow_the_language_when_shown() -> None:
    assert Kind.WORK.label == "Focus"
    i18n.use("fr")
    try:
        assert Kind.LONG_BREAK.label == "Pause longue"
    finally:
        i18n.use("en")
    assert Kind.LONG_BREAK.label == "Long break"


@pytest.mark.usefixtures("french")
def test_time_parsing_and_validation_speak_french() -> None:
    unread = str(_raised(lambda: timeparse.parse_moment("bientôt", NOW, PARIS)))
    assert unread.startswith("Impossible de lire 'bientôt' comme une heure ; ")
    assert "30/11/2026" in unread or "29/03/2026 14:30" in unread  # a French example
    assert str(_raised(lambda: timeparse.parse_moment("31/02/2026", NOW, PARIS))).startswith(
        "'31/02/2026' n’est pas une date réelle ; "
    )
    assert str(_raised(lambda: timeparse.parse_duration("x"))) == (
        "Impossible de lire 'x' comme une durée ; "
        "utilisez des minutes ou des secondes comme 25m ou 90s."
    )
    assert str(_raised(lambda: validation.name("", "task"))) == (
        "Le nom de la tâche est vide ; donnez-lui au moins un caractère visible."
    )
    assert str(_raised(lambda: validation.money_cents("beaucoup", "hourly rate"))) == (
        "Le taux horaire 'beaucoup' n’est pas un nombre ; écrivez-le comme 45 ou 45,50."
    )
    assert str(_raised(lambda: validation.estimate(0))).startswith(
        "Une estimation de 0 pomodoro est hors limites"
    )
    assert str(_raised(lambda: DateRange(date(2026, 2, 10), date(2026, 2, 1)))).startswith(
        "La période se termine (01/02/2026) avant de commencer (10/02/2026)"
    )


@pytest.mark.usefixtures("french")
def test_the_store_speaks_french(data_dir: Path) -> None:
    locked = explain(sqlite3.OperationalError("database is locked"), Path("/x/db.sqlite3"))
    assert locked is not None
    assert str(locked) == (
        "La base de données /x/db.sqlite3 est verrouillée par un autre programme ; "
        "attendez un instant et réessayez."
    )
    data_dir.mkdir(parents=True)
    raw = sqlite3.connect(data_dir / "smfocus.sqlite3")
    raw.execute(f"CREATE TABLE {TABLE} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    raw.execute(f"INSERT INTO {TABLE} VALUES ('9999')")
    raw.commit()
    raw.close()
    newer = str(_raised(lambda: open_store(data_dir)))
    assert "a été écrite par une version plus récente de smfocus, avec le schéma 9999" in newer
    assert newer.endswith("Rien n’a été modifié.")


# -- French dates --------------------------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_french_dates_are_read_in_french() -> None:
    year = local_date(NOW, PARIS).year
    assert timeparse.parse_moment("30/11/2026", NOW, PARIS) == at("2026-11-30T00:00", PARIS)
    assert timeparse.parse_moment("3/4", NOW, PARIS) == at(f"{year}-04-03T00:00", PARIS)
    assert timeparse.parse_moment("30/11/2026 14:30", NOW, PARIS) == at("2026-11-30T14:30", PARIS)
    assert timeparse.parse_moment("10/02 09:05", NOW, PARIS) == at("2026-02-10T09:05", PARIS)
    # The end of a range given as a day includes that whole day, as an ISO date does.
    assert timeparse.parse_range_end("30/11/2026", NOW, PARIS) == at("2026-12-01T00:00", PARIS)
    # ISO is read in every language.
    assert timeparse.parse_moment("2026-11-30", NOW, PARIS) == at("2026-11-30T00:00", PARIS)
    assert timeparse.parse_moment("2026-11-30T14:30", NOW, PARIS) == at("2026-11-30T14:30", PARIS)
    assert timeparse.parse_moment("hier", NOW, PARIS) == at("2026-02-09T00:00", PARIS)
    assert timeparse.parse_moment("now", NOW, PARIS) == NOW
    for wrong in ("31/02/2026", "30/13", "30/11/2026 24:00", "30/11/26"):
        with pytest.raises(UserError):
            timeparse.parse_moment(wrong, NOW, PARIS)


def test_french_dates_are_not_read_in_english() -> None:
    # In English 03/04 is the 4th of March to half the readers: not guessed.
    for text in ("30/11/2026", "3/4"):
        with pytest.raises(UserError, match="Cannot read"):
            timeparse.parse_moment(text, NOW, PARIS)
    assert timeparse.parse_moment("2026-11-30", NOW, PARIS) == at("2026-11-30T00:00", PARIS)


@pytest.mark.usefixtures("french")
def test_a_time_shown_in_french_reads_back() -> None:
    """A moment as a French message shows it can be typed back as it is."""
    from smfocus.core import fmt

    moment = at("2026-11-30T14:30", PARIS)
    assert timeparse.parse_moment(fmt.moment(moment, PARIS), NOW, PARIS) == moment


def test_server_errors_carry_their_fix() -> None:
    from sqlalchemy import exc as sa_exc

    from smfocus.store import server

    lost = server.explain(
        sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    )
    assert lost is not None and lost.fix is not None and lost.fix.action == "check_log"
    assert "smfocus log" in cli_words.explain(lost)
    refused = server.explain(
        sa_exc.ProgrammingError("INSERT", {}, Exception("permission denied for table tasks"))
    )
    assert refused is not None and refused.fix is not None
    assert refused.fix.action == "add_member"
    assert str(refused) == "The database refused this change (permission denied for table tasks)."
    assert cli_words.explain(refused).endswith(
        "Ask a team lead to add you with smfocus db add-member, or connect as your own role."
    )


def test_undoing_into_a_running_entry_says_to_stop_it(tracker: Tracker) -> None:
    tracker.start("Acme", "Plan")
    running = tracker.status().running
    assert running is not None
    tracker.delete(running.id)
    tracker.start("Acme", "Other")
    error = _raised(lambda: _undo(tracker))
    assert error.fix is not None and error.fix.action == "stop"
    assert cli_words.explain(error).endswith("Stop that entry first: smfocus stop.")
    assert not _cli_syntax(str(error))
