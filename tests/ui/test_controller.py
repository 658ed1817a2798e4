"""The controller and the tray menu on a real database, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.core.focus import Kind
from smfocus.pomodoro import AwayQuestion, Timer, TimerState, Transition
from smfocus.store.database import Store, open_store
from smfocus.tracker import Tracker
from smfocus.ui.controller import Controller
from smfocus.ui.tray import Tray

MIN = 60


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    tracker.add_project("Acme")
    return Timer(tracker)


@pytest.fixture
def controller(timer: Timer, store: Store, qtbot: QtBot) -> Iterator[Controller]:
    made = Controller(timer, store.path)
    yield made
    made.close()


def test_actions_run_the_use_cases_and_publish_the_state(
    controller: Controller, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(controller.state_changed) as published:
        assert controller.start("Acme", "Replies")
    state = published.args[0]
    assert isinstance(state, TimerState)
    assert state.phase is not None and state.phase.kind is Kind.WORK
    assert controller.pause()
    assert controller.state is not None and controller.state.phase is not None
    assert controller.state.phase.paused


def test_a_refused_action_says_why(controller: Controller, qtbot: QtBot) -> None:
    with qtbot.waitSignal(controller.failed) as failed:
        assert not controller.pause()
    assert "No pomodoro is running" in failed.args[0]


def test_a_tick_after_the_phase_end_announces_it(
    controller: Controller, timer: Timer, clock: FakeClock, qtbot: QtBot
) -> None:
    timer.set_setting("pomodoro.work", "1m")
    controller.start("Acme", "Replies")
    # Time moves in steps shorter than the sleep threshold, as it does while
    # the machine is awake; a single 25-minute jump would read as sleep.
    clock.advance(40)
    qtbot.wait(1100)
    clock.advance(25)
    with qtbot.waitSignal(controller.phase_ended, timeout=3000) as ended:
        pass  # the controller's own one-second tick finds the phase due
    transition = ended.args[0]
    assert isinstance(transition, Transition)
    assert transition.ended.kind is Kind.WORK
    assert transition.next is not None and transition.next.kind is Kind.SHORT_BREAK


def test_a_late_tick_means_sleep_and_asks(
    controller: Controller, clock: FakeClock, qtbot: QtBot, tracker: Tracker
) -> None:
    controller.start("Acme", "Replies")
    clock.advance(5)
    qtbot.wait(1100)  # one ordinary tick at the current time
    clock.suspend(2 * 3600)
    with qtbot.waitSignal(controller.away_detected, timeout=3000) as asked:
        pass
    question = asked.args[0]
    assert isinstance(question, AwayQuestion)
    assert question.until - question.since >= 2 * 3600
    assert tracker.status().running is None  # cut back to the sleep


def test_changes_from_another_process_show_up(
    controller: Controller, data_dir: Path, clock: FakeClock, qtbot: QtBot
) -> None:
    controller.refresh()
    # A second store on the same file stands for the CLI.
    other = open_store(data_dir)
    try:
        Timer(Tracker(other, clock, ZoneInfo("Europe/Paris"), user="tester")).start(
            "Acme", "From the CLI"
        )

        def shows_it() -> None:
            state = controller.state
            assert state is not None and state.running is not None
            assert state.running.task == "From the CLI"

        qtbot.waitUntil(shows_it, timeout=3000)
    finally:
        other.dispose()


def test_idle_controller_does_not_tick(controller: Controller) -> None:
    controller.refresh()
    assert not controller._tick.isActive()
    controller.start("Acme", "Replies")
    assert controller._tick.isActive()
    controller.stop()
    assert not controller._tick.isActive()


def test_menu_items_ask_for_the_right_action(qtbot: QtBot) -> None:
    tray = Tray()
    wanted = {
        tray.pause_action: tray.pause_requested,
        tray.resume_action: tray.resume_requested,
        tray.skip_action: tray.skip_requested,
        tray.stop_action: tray.stop_requested,
        tray.break_action: tray.break_requested,
        tray.interrupt_action: tray.interrupt_requested,
        tray.charts_action: tray.charts_requested,
    }
    for action, signal in wanted.items():
        with qtbot.waitSignal(signal, timeout=500):
            action.trigger()


def test_recent_tasks_submenu_starts_that_task(qtbot: QtBot) -> None:
    tray = Tray()
    tray.set_recent([("Acme", "Replies"), ("Beta", None)])
    labels = [a.text() for a in tray.recent_menu.actions() if a.text()]
    assert labels == ["Acme / Replies", "Beta", "New task…"]
    with qtbot.waitSignal(tray.start_requested) as started:
        tray.recent_menu.actions()[1].trigger()
    assert started.args == ["Beta", None]


def test_menu_and_tooltip_follow_the_state(timer: Timer, clock: FakeClock, qtbot: QtBot) -> None:
    tray = Tray()
    state = timer.start("Acme", "Replies")
    tray.show_state(state.phase, "Acme / Replies", clock.now(), 2, 8, state.last_task)
    assert tray.pause_action.isVisible() and not tray.resume_action.isVisible()
    # The tooltip is escaped rich text (names are never markup); read what it shows.
    shown = QTextDocument()
    shown.setHtml(tray.icon.toolTip())
    assert shown.toPlainText().splitlines() == [
        "Acme / Replies",
        "Focus · 25 min left",
        "Pomodoros today: 2 / 8",
    ]
    paused = timer.pause()
    tray.show_state(paused.phase, "", clock.now(), 2, 8, paused.last_task)
    assert tray.resume_action.isVisible() and not tray.pause_action.isVisible()


def test_the_icon_is_repainted_only_when_its_picture_changes(
    timer: Timer,
    clock: FakeClock,
    qtbot: QtBot,  # qtbot: widgets need a QApplication
) -> None:
    tray = Tray()
    state = timer.start("Acme", "Replies")
    pictures = set()
    for _ in range(10):  # ten one-second ticks
        clock.advance(1)
        tray.show_state(state.phase, "Acme / Replies", clock.now(), 0, 8, None)
        pictures.add(tray.icon.icon().cacheKey())
    # A new QIcon is set only when the digits or the ring step change, which
    # ten seconds into a 25-minute phase they do at most once.
    assert 1 <= len(pictures) <= 2


def test_a_sleep_logind_announced_is_not_asked_about_twice(
    controller: Controller, clock: FakeClock, tracker: Tracker
) -> None:
    tracker.start("Acme", "Replies")  # tracked without a pomodoro
    controller.refresh()
    asked: list[object] = []
    controller.away_detected.connect(asked.append)
    clock.advance(5)
    controller._tick.timeout.emit()  # an ordinary tick, without waiting for one
    controller.sleep_announced(True)
    clock.suspend(2 * 3600)
    controller._tick.timeout.emit()  # the first tick after resume, before logind's word
    controller.sleep_announced(False)
    controller._tick.timeout.emit()
    assert asked == []
    assert tracker.status().running is not None  # the away period asks instead
