"""The whole app wired together, offscreen (where Qt has no system tray)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smfocus.core.clock import SystemClock
from smfocus.core.localtime import local_zone
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.ui.app import NO_TRAY_NOTICE, Shell


@pytest.fixture
def shell(data_dir: Path, qtbot: QtBot) -> Iterator[Shell]:
    store = open_store(data_dir)
    Tracker(store, SystemClock(), local_zone()).add_project("Acme")
    store.dispose()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    made = Shell(app, data_dir, None)
    made.show_first()
    made.load()
    yield made
    # Leave no window behind: other tests in this process count top-level windows.
    made.close_windows()


def database(data_dir: Path) -> Timer:
    return Timer(Tracker(open_store(data_dir), SystemClock(), local_zone()))


def test_without_a_tray_the_window_is_the_app_and_says_why(shell: Shell) -> None:
    assert not shell.has_tray  # offscreen Qt has no system tray
    assert shell.window.isVisible()
    assert shell.window.notice.text() == NO_TRAY_NOTICE


def test_menu_actions_reach_the_database(shell: Shell, data_dir: Path, qtbot: QtBot) -> None:
    shell.tray.start_requested.emit("Acme", "Replies")
    state = database(data_dir).state()
    assert state.phase is not None and state.running is not None
    assert state.running.task == "Replies"
    shell.tray.pause_action.trigger()
    assert database(data_dir).state().phase.paused  # type: ignore[union-attr]
    shell.tray.resume_action.trigger()
    shell.tray.stop_action.trigger()
    state = database(data_dir).state()
    assert state.phase is None and state.running is None


def test_the_focus_window_shows_the_countdown_and_its_buttons_work(
    shell: Shell, data_dir: Path, qtbot: QtBot
) -> None:
    shell.tray.start_requested.emit("Acme", "Replies")
    assert shell.window.countdown.text() in ("25:00", "24:59")
    assert shell.window.task.text() == "Acme / Replies"
    shell.window.skip_button.click()
    state = database(data_dir).state()
    assert state.phase is not None and state.phase.kind.value == "short_break"
    assert shell.window.phase.text() == "Short break"


def test_recent_tasks_fill_the_menu_after_a_start(shell: Shell) -> None:
    shell.tray.start_requested.emit("Acme", "Replies")
    labels = [a.text() for a in shell.tray.recent_menu.actions() if a.text()]
    assert labels[0] == "Acme / Replies"


def test_a_phase_end_is_shown_to_the_user(shell: Shell, qtbot: QtBot) -> None:
    from smfocus.core.focus import Kind, Outcome, Phase
    from smfocus.pomodoro import Transition
    from smfocus.ui.notify import Channel

    work = Phase(1, Kind.WORK, 0, 1500, None, 1500, 0, "Acme", "Replies")
    rest = Phase(2, Kind.SHORT_BREAK, 1500, 1800, None, 300, 1, "Acme", "Replies")
    with qtbot.waitSignal(shell._notifier().delivered) as delivered:
        shell._on_phase_end(Transition(work, Outcome.COMPLETED, rest))
    # No notification server and no tray offscreen: the app's own window shows it.
    assert delivered.args[0] in (Channel.DBUS, Channel.PLYER, Channel.WINDOW)


def test_the_away_question_is_asked_and_its_answer_applied(
    shell: Shell, data_dir: Path, qtbot: QtBot
) -> None:
    import time

    shell.tray.start_requested.emit("Acme", "Replies")
    time.sleep(1.1)  # the entry needs a second of its own before the sleep
    now = int(time.time())
    question = Timer(Tracker(open_store(data_dir), SystemClock(), local_zone())).wake(now, now)
    assert question is not None and question.entry_id is not None
    with qtbot.waitSignal(shell._notifier().delivered):
        shell._on_away(question)
    shell._notifier().answered.emit("work")
    state = database(data_dir).state()
    assert state.running is not None  # "it was work": the entry runs on
    assert state.phase is not None and not state.phase.paused


def test_charts_open_from_the_menu_and_load_pyqtgraph_only_then(shell: Shell) -> None:
    import sys

    from smfocus.ui.charts_window import ChartsWindow

    shell.tray.charts_action.trigger()
    window = shell._windows["charts"]
    assert isinstance(window, ChartsWindow)
    assert window.isVisible()
    assert "pyqtgraph" in sys.modules
    shell.close_windows()
    assert shell._windows == {}


@pytest.mark.parametrize("switch", [False, True])
def test_switching_task_mid_focus_asks_first(
    shell: Shell, data_dir: Path, monkeypatch: pytest.MonkeyPatch, switch: bool
) -> None:
    import sqlite3
    import time

    from smfocus.ui import dialogs

    asked: list[tuple[str, str]] = []

    def answer(current: str, target: str, parent: object = None) -> bool:
        asked.append((current, target))
        return switch

    monkeypatch.setattr(dialogs, "confirm_switch", answer)
    shell.tray.start_requested.emit("Acme", "Replies")
    time.sleep(1.1)  # a switch within the first second replaces the entry instead
    shell.tray.start_requested.emit("Acme", "Visuals")
    assert asked == [("Acme / Replies", "Acme / Visuals")]
    state = database(data_dir).state()
    assert state.running is not None
    assert state.running.task == ("Visuals" if switch else "Replies")
    with sqlite3.connect(data_dir / "smfocus.sqlite3") as raw:
        logged = raw.execute("SELECT count(*) FROM interruptions").fetchone()[0]
    assert logged == (1 if switch else 0)


def worked(shell: Shell) -> None:
    """Ten minutes on Acme / Replies that ended a minute ago."""
    tracker = shell._ctl().tracker
    now = tracker.clock.now()
    tracker.add("Acme", "Replies", start=now - 660, end=now - 60)
    shell._ctl().refresh()
    shell._refresh_recent()


def visible_texts(shell: Shell) -> list[str]:
    return [a.text() for a in shell.tray.menu.actions() if a.isVisible() and a.text()]


def test_the_menu_offers_start_focus_once(shell: Shell) -> None:
    shell._ctl().refresh()
    texts = visible_texts(shell)
    assert [t for t in texts if t.startswith("Start focus")] == ["Start focus"]  # the submenu
    worked(shell)
    texts = visible_texts(shell)
    assert [t for t in texts if t.startswith("Start focus")] == [
        "Start focus on Acme / Replies",
        "Start focus",
    ]


def test_a_task_added_in_the_projects_window_can_be_started_from_the_menu(
    shell: Shell, data_dir: Path
) -> None:
    worked(shell)
    shell._ctl().tracker.add_task("Acme", "Plan posts", "scheduling posts")
    shell._refresh_recent()  # what the projects window's "changed" does
    labels = [a.text() for a in shell.tray.recent_menu.actions() if a.text()]
    assert labels[:3] == ["Acme / Replies", "Not worked on lately", "Acme / Plan posts"]
    assert shell.window.index_of(("Acme", "Plan posts")) >= 0


def test_the_new_task_dialog_completes_existing_tasks(qtbot: QtBot, artifacts: Path) -> None:
    from smfocus.ui.dialogs import NewTaskDialog

    names = {"Acme": ["Plan posts", "Replies"], "Beta": ["Newsletter"]}
    dialog = NewTaskDialog(["Acme", "Beta"], [], None, names)
    qtbot.addWidget(dialog)
    completer = dialog.task.completer()
    assert completer is not None
    completer.setCompletionPrefix("post")  # anywhere in the name, any case
    assert completer.currentCompletion() == "Plan posts"
    dialog.project.setCurrentText("Beta")
    completer.setCompletionPrefix("news")
    assert completer.currentCompletion() == "Newsletter"
    # Wide enough for its example.
    field = dialog.task
    assert field.minimumWidth() > field.fontMetrics().horizontalAdvance(field.placeholderText())
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(artifacts / "new-task-dialog.png"), "PNG")
