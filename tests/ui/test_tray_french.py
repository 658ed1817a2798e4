"""The tray app in French: its menu, tooltip, focus window, dialogs and
notifications; no English left unmarked (the pseudo-language); errors worded
for a window, never as a command; Qt's own buttons in French too."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smfocus.away import Away, AwayPeriod
from smfocus.core.clock import FakeClock, SystemClock
from smfocus.core.focus import FocusSettings, Kind, Outcome, Phase
from smfocus.core.localtime import local_zone
from smfocus.core.records import EntryRecord
from smfocus.planning import Crossing
from smfocus.pomodoro import TimerState, Transition
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.ui import qt_language
from smfocus.ui.app import Shell
from smfocus.ui.away import AwayPrompt
from smfocus.ui.budget_watch import message as budget_message
from smfocus.ui.dialogs import InterruptionDialog, NewTaskDialog, confirm_switch, show_error
from smfocus.ui.focus_window import FocusWindow
from smfocus.ui.notify import NoticeWindow, Notifier
from smfocus.ui.tray import Tray
from tests.french import french  # noqa: F401
from tests.pseudo import pseudo, unmarked  # noqa: F401
from tests.pseudo_qt import menu_texts, widget_texts
from tests.ui.dbus_rig import FakeNotifd, PrivateBus

NOW = 1_800_000_000
# The tests' own data, which no language translates.
DATA = ["Acme", "Replies", "Visuals", "Bloom Florist", "Bloom", "smfocus"]
# Category suggestions are names a user saves (core/categories.py), not sentences.
CATEGORIES = ["scheduling posts", "visuals", "replies", "reporting", "community", "ads"]


def phase(kind: Kind, paused: bool = False) -> Phase:
    paused_at = NOW if paused else None
    return Phase(1, kind, NOW - 600, NOW + 900, paused_at, 1500, 0, "Acme", "Replies")


def timer_state(kind: Kind | None, paused: bool = False) -> TimerState:
    running = None
    if kind is None or kind is Kind.WORK:
        running = EntryRecord(1, "Acme", "Replies", None, NOW - 600, None, None, "pomodoro")
    return TimerState(
        now=NOW,
        phase=phase(kind, paused) if kind is not None else None,
        running=running,
        completed_today=2,
        settings=FocusSettings(),
        last_task=("Acme", "Replies"),
    )


STATES = [
    pytest.param(None, False, id="tracking"),
    pytest.param(Kind.WORK, False, id="focus"),
    pytest.param(Kind.WORK, True, id="focus-paused"),
    pytest.param(Kind.SHORT_BREAK, False, id="short-break"),
    pytest.param(Kind.LONG_BREAK, True, id="long-break-paused"),
]


@pytest.fixture
def shell(data_dir: Path, qtbot: QtBot) -> Iterator[Shell]:
    """The whole app, made after the test chose its language (as the app is)."""
    store = open_store(data_dir)
    Tracker(store, SystemClock(), local_zone()).add_project("Acme")
    store.dispose()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    made = Shell(app, data_dir, None)
    made.show_first()
    made.load()
    yield made
    made.close_windows()


@pytest.fixture
def dialogs_seen(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts of each message box the app opens; none waits for a click."""
    seen: list[list[str]] = []

    def shown(box: QMessageBox) -> int:
        seen.append([*widget_texts(box, hidden=True), box.text(), box.informativeText()])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", shown)
    return seen


@pytest.fixture
def qt_words() -> Iterator[None]:
    """Qt's own translations follow the test's language, then English again."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    qt_language.install(app)
    yield
    from smfocus.core import i18n

    i18n.use("en")
    qt_language.install(app)


def away_period() -> AwayPeriod:
    return AwayPeriod(1, 1, NOW - 1200, NOW - 300, "idle", "Acme", "Replies")


def away_prompt(qtbot: QtBot, data_dir: Path) -> AwayPrompt:
    tracker = Tracker(open_store(data_dir), FakeClock(NOW), local_zone())
    prompt = AwayPrompt(Away(tracker), away_period())
    qtbot.addWidget(prompt)
    return prompt


# -- French ------------------------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_the_tray_menu_and_tooltip_speak_french(shell: Shell) -> None:
    shell.tray.show_state(phase(Kind.WORK), "Acme / Replies", NOW, 2, 8, ("Acme", "Replies"))
    texts = menu_texts(shell.tray.menu)
    for french_text in (
        "Démarrer la concentration",
        "Pause",
        "Passer",
        "Arrêter",
        "Noter une interruption…",
        "Graphiques…",
        "Chronologie…",
        "Projets et tâches…",
        "Importer…",
        "Exporter…",
        "Réglages…",
        "Quitter",
        "Lot",
        "Démarrer un lot…",
        "Nouvelle tâche…",
        "Concentration · 15 min restantes — Acme / Replies",
    ):
        assert french_text in texts
    tooltip = shell.tray.icon.toolTip()
    assert "Concentration · 15 min restantes" in tooltip
    assert "Pomodoros aujourd’hui : 2 / 8" in tooltip
    shell.tray.show_state(phase(Kind.SHORT_BREAK, paused=True), "", NOW, 2, 8, None)
    assert "Pause courte en pause · 15 min restantes" in shell.tray.icon.toolTip()
    shell.tray.show_state(None, "", NOW, 0, 8, None)
    assert "Inactif" in shell.tray.icon.toolTip()


@pytest.mark.usefixtures("french")
def test_a_phase_end_is_notified_in_french(shell: Shell, qtbot: QtBot) -> None:
    bus = PrivateBus()
    server = FakeNotifd(bus)
    try:
        shell._notifier_instance = Notifier(bus_address=bus.address)
        work, rest = phase(Kind.WORK), replace(phase(Kind.SHORT_BREAK), duration=300)
        shell._on_phase_end(Transition(work, Outcome.COMPLETED, rest))
        shell._on_phase_end(Transition(rest, Outcome.COMPLETED, None))
        sent = [(each["summary"], each["body"]) for each in server.notifications()]
        assert sent == [
            ("Pomodoro terminé", "Acme / Replies : prenez une pause de 5 minutes."),
            ("Pause terminée", "Retour à Acme / Replies."),
        ]
    finally:
        shell.close_windows()
        server.close()
        bus.close()


@pytest.mark.usefixtures("french")
def test_budget_alerts_speak_french() -> None:
    title, body = budget_message(Crossing("Bloom", "Bloom Florist", "2026-11", 80, 0.85))
    assert title == "Bloom Florist : 80\u202f% du budget utilisé"
    assert body == "Bloom a utilisé 85\u202f% de son budget de novembre 2026."
    title, body = budget_message(Crossing(None, "Bloom Florist", "2026-11", 100, 1.02))
    assert title == "Bloom Florist : budget épuisé"
    assert body.startswith("Les projets de Bloom Florist ont utilisé 102\u202f%")


@pytest.mark.usefixtures("french", "qt_words")
def test_qt_own_buttons_are_french(qtbot: QtBot) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"
    dialog = InterruptionDialog()
    qtbot.addWidget(dialog)
    assert "Annuler" in widget_texts(dialog, hidden=True)


def test_qt_own_buttons_come_back_to_english(qtbot: QtBot) -> None:
    from smfocus.core import i18n

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.use("fr")
    qt_language.install(app)
    i18n.use("en")
    qt_language.install(app)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


# -- errors, as a window words them ---------------------------------------------------


def _overlap(shell: Shell) -> None:
    # An entry that ends after now (the clock was set back): a start now overlaps it.
    tracker = shell._ctl().tracker
    now = tracker.clock.now()
    ahead = Tracker(tracker.store, FakeClock(now + 7200), tracker.tz)
    ahead.add("Acme", "Visuals", start=now + 600, end=now + 3600)
    shell.tray.start_requested.emit("Acme", "Replies")


def _stop_idle(shell: Shell) -> None:
    shell.tray.stop_requested.emit()


def _interrupt_idle(shell: Shell) -> None:
    shell._ctl().interrupt(True, None)


ERRORS = [
    pytest.param(_overlap, id="start-overlapping-an-entry-in-the-future"),
    pytest.param(_stop_idle, id="stop-with-nothing-running"),
    pytest.param(_interrupt_idle, id="interruption-with-nothing-running"),
]


@pytest.mark.parametrize("trigger", ERRORS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_tray_error_names_no_command(
    language: str,
    trigger: Any,
    dialogs_seen: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    from smfocus.core import i18n

    if language == "fr":
        monkeypatch.setenv("LANG", "fr_FR.UTF-8")
        i18n.use("fr")
    store = open_store(data_dir)
    Tracker(store, SystemClock(), local_zone()).add_project("Acme")
    store.dispose()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    made = Shell(app, data_dir, None)
    made.show_first()
    made.load()
    try:
        trigger(made)
    finally:
        made.close_windows()
    assert dialogs_seen, "the error was not shown"
    text = "\n".join(dialogs_seen[-1])
    assert text.strip()
    assert "smfocus " not in text
    assert " --" not in text


def test_a_conflict_shows_the_windows_fix(
    dialogs_seen: list[list[str]], shell: Shell, data_dir: Path
) -> None:
    """A refused start whose fix names a command on the command line says where
    to click in the app."""
    import time

    tracker = shell._ctl().tracker
    shell.tray.start_requested.emit("Acme", "Replies")
    time.sleep(1.1)
    running = tracker.status().running
    assert running is not None

    def refuse(*args: object) -> None:
        tracker.start("Acme", "Visuals", at=running.started_at - 60)

    assert not shell._ctl()._run(refuse)
    text = "\n".join(dialogs_seen[-1])
    assert f"Remove entry #{running.id} in the Timeline window first." in text
    assert "smfocus " not in text and " --" not in text


# -- the pseudo-language: nothing left in English ---------------------------------------


def pseudo_window(qtbot: QtBot, kind: Kind | None, paused: bool) -> FocusWindow:
    window = FocusWindow()
    qtbot.addWidget(window)
    window.set_recent([("Acme", "Replies"), ("Acme", "Visuals")])
    window.show()
    window.show_state(timer_state(kind, paused))
    return window


@pytest.mark.parametrize(("kind", "paused"), STATES)
def test_pseudo_the_focus_window_and_the_tray_have_no_unmarked_english(
    pseudo: Path,  # noqa: F811 (the fixture)
    qtbot: QtBot,
    kind: Kind | None,
    paused: bool,
) -> None:
    window = pseudo_window(qtbot, kind, paused)
    assert unmarked(widget_texts(window, hidden=True), DATA) == []
    tray = Tray()
    state = timer_state(kind, paused)
    label = "Acme / Replies" if state.running else ""
    tray.show_state(state.phase, label, NOW, 2, 8, ("Acme", "Replies"))
    tray.show_connection(False)
    tray.show_not_done("⟦Pause⟧")
    tooltip = html.unescape(re.sub(r"<[^>]+>", " ", tray.icon.toolTip()))
    assert unmarked([*menu_texts(tray.menu), tooltip], DATA) == []
    tray.icon.hide()


def test_pseudo_the_whole_tray_menu_has_no_unmarked_english(
    pseudo: Path,  # noqa: F811 (the fixture)
    shell: Shell,
) -> None:
    shell.tray.start_requested.emit("Acme", "Replies")
    texts = [*menu_texts(shell.tray.menu), *widget_texts(shell.window, hidden=True)]
    assert unmarked(texts, DATA) == []
    # Without a tray, the window says why, naming GNOME's extension.
    notice = shell.window.notice.text()
    assert unmarked(notice, ["GNOME", "AppIndicator", "KStatusNotifierItem", "Support"]) == []


def test_pseudo_every_dialog_has_no_unmarked_english(
    pseudo: Path,  # noqa: F811 (the fixture)
    qtbot: QtBot,
    data_dir: Path,
    dialogs_seen: list[list[str]],
) -> None:
    found: list[str] = []
    start = NewTaskDialog(["Acme"], [], None, {"Acme": ["Replies"]})
    interruption = InterruptionDialog()
    prompt = away_prompt(qtbot, data_dir)
    for widget in (start, interruption, prompt):
        qtbot.addWidget(widget)
        found += widget_texts(widget, hidden=True)
    # The question itself is smfocus.away's sentence, checked with that module.
    question = prompt.text.text()
    found = [text for text in found if text != question]
    confirm_switch("Acme / Replies", "Acme / Visuals")
    show_error("⟦Nothing is running.⟧")
    for texts in dialogs_seen:
        found += texts
    # Qt's own buttons (Cancel) are Qt's translation, checked in French above.
    assert unmarked(found, [*DATA, *CATEGORIES, "Cancel"]) == []


def test_pseudo_notifications_have_no_unmarked_english(
    pseudo: Path,  # noqa: F811 (the fixture)
    shell: Shell,
    qtbot: QtBot,
) -> None:
    sent: list[tuple[str, str]] = []
    shell.notify = lambda title, body: sent.append((title, body))  # type: ignore[method-assign]
    work, rest = phase(Kind.WORK), phase(Kind.SHORT_BREAK)
    shell._on_phase_end(Transition(work, Outcome.COMPLETED, rest))
    shell._on_phase_end(Transition(work, Outcome.COMPLETED, None))
    shell._on_phase_end(Transition(rest, Outcome.COMPLETED, None))
    shell._on_phase_end(Transition(replace(rest, project=None, task=None), Outcome.SKIPPED, None))
    sent.append(budget_message(Crossing("Bloom", "Bloom Florist", "2026-11", 80, 0.85)))
    sent.append(budget_message(Crossing(None, "Bloom Florist", "2026-11", 100, 1.0)))
    from smfocus.ui import batch_menu

    sent.append(("", batch_menu.summary_text(_ended_batch())))
    texts = [text for pair in sent for text in pair]
    asked: list[tuple[str, str, list[tuple[str, str]]]] = []

    class Asking:
        def set_enabled(self, enabled: bool) -> None:
            pass

        def set_sound(self, sound: bool) -> None:
            pass

        def ask(self, title: str, body: str, actions: list[tuple[str, str]]) -> object:
            asked.append((title, body, actions))
            from smfocus.ui.notify import Channel

            return Channel.DBUS

    shell._notifier_instance = Asking()  # type: ignore[assignment]
    import time

    tracker = shell._ctl().tracker
    shell.tray.start_requested.emit("Acme", "Replies")
    time.sleep(1.1)  # the entry needs a second of its own before the sleep
    question = shell._ctl().timer.wake(tracker.clock.now(), tracker.clock.now())
    if question is not None:
        shell._on_away(question)
    shell._notifier_instance = None
    for title, body, actions in asked:
        texts += [title, body, *(label for _key, label in actions)]
    assert asked
    assert unmarked(texts, DATA) == []
    notice = NoticeWindow()
    qtbot.addWidget(notice)
    notice.present("⟦Pomodoro done⟧", "⟦Back to work.⟧", [("", "⟦OK⟧")])
    assert unmarked(widget_texts(notice), DATA) == []


def _ended_batch() -> Any:
    from smfocus.batches import BatchState, Summary

    return BatchState(1, "replies", 4, (), True, Summary(3, 1, (("Bloom Florist", 3600),)))


# -- screenshots, looked at ---------------------------------------------------------


def _save(widget: QWidget, artifacts: Path, name: str) -> Path:
    folder = artifacts / "fr"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def _cut(widget: QWidget) -> list[str]:
    """Buttons narrower than their text needs (French runs longer)."""
    from PySide6.QtWidgets import QPushButton

    return [
        button.text()
        for button in widget.findChildren(QPushButton)
        if button.isVisibleTo(widget) and button.width() < button.sizeHint().width()
    ]


@pytest.mark.usefixtures("french", "qt_words")
def test_screenshots_in_french(qtbot: QtBot, artifacts: Path, data_dir: Path) -> None:
    window = FocusWindow()
    qtbot.addWidget(window)
    window.set_recent([("Acme", "Replies"), ("Bloom Florist", "Plan posts")])
    window.show()
    for kind, paused, name in (
        (Kind.WORK, False, "focus-window"),
        (Kind.WORK, True, "focus-window-paused"),
        (None, False, "focus-window-tracking"),
        (Kind.SHORT_BREAK, False, "focus-window-break"),
    ):
        window.show_state(timer_state(kind, paused))
        qtbot.waitExposed(window)
        QApplication.processEvents()
        _save(window, artifacts, name)
        assert _cut(window) == []
    from smfocus.core.i18n import _
    from smfocus.ui.app import NO_TRAY_NOTICE

    window.set_notice(_(NO_TRAY_NOTICE))
    QApplication.processEvents()
    window.adjustSize()
    _save(window, artifacts, "focus-window-no-tray")
    assert "AppIndicator" in window.notice.text() and window.notice.wordWrap()
    tray = Tray()
    tray.set_recent([("Acme", "Replies")], [("Bloom Florist", "Plan posts")])
    tray.show_state(phase(Kind.WORK), "Acme / Replies", NOW, 2, 8, ("Acme", "Replies"))
    tray.menu.adjustSize()
    _save(tray.menu, artifacts, "tray-menu")
    _save(tray.recent_menu, artifacts, "tray-menu-start")
    start = NewTaskDialog(["Acme", "Bloom Florist"], ["replies"], None, {"Acme": ["Replies"]})
    qtbot.addWidget(start)
    start.show()
    qtbot.waitExposed(start)
    _save(start, artifacts, "start-dialog")
    assert _cut(start) == []
    prompt = away_prompt(qtbot, data_dir)
    prompt.show()
    qtbot.waitExposed(prompt)
    _save(prompt, artifacts, "away-dialog")
    assert _cut(prompt) == []
    interruption = InterruptionDialog()
    qtbot.addWidget(interruption)
    interruption.show()
    qtbot.waitExposed(interruption)
    _save(interruption, artifacts, "interruption-dialog")
