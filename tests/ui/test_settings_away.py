"""The away, reminder and do-not-disturb settings in the Settings window: shown
from the database, saved with the timer's settings in one transaction, and the
do-not-disturb box greyed with its reason where the desktop has no way."""

# pytest-qt's QtBot key and mouse methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from smfocus.core.focus import FocusSettings
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker
from smfocus.ui.settings_window import DND_MISSING, SettingsWindow


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    return Timer(tracker)


@pytest.fixture
def open_window(qtbot: QtBot, timer: Timer) -> Callable[..., SettingsWindow]:
    def make(way: Callable[[], str | None] | None = None) -> SettingsWindow:
        window = SettingsWindow(timer, dnd_way=way)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    return make


def set_spin(qtbot: QtBot, spin: QSpinBox, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


def set_line(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


def click(qtbot: QtBot, check: QCheckBox) -> None:
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))


def test_the_fields_show_the_stored_away_settings(
    timer: Timer, open_window: Callable[..., SettingsWindow]
) -> None:
    timer.set_settings(
        {"away.after": "off", "away.on_lock": "on", "remind.after": "20m",
         "remind.hours": "08:30-17:00", "remind.days": "mon,wed,fri",
         "focus.do_not_disturb": "off"}
    )  # fmt: skip
    window = open_window()
    assert window.spins["away.after"].value() == 0
    assert window.spins["away.after"].text() == "off"
    assert window.checks["away.on_lock"].isChecked()
    assert window.spins["remind.after"].value() == 20
    assert window.lines["remind.hours"].text() == "08:30-17:00"
    assert window.lines["remind.days"].text() == "mon,wed,fri"
    assert not window.checks["focus.do_not_disturb"].isChecked()


def test_save_writes_the_away_settings_with_the_timer_ones(
    qtbot: QtBot, timer: Timer, open_window: Callable[..., SettingsWindow]
) -> None:
    window = open_window()
    set_spin(qtbot, window.spins["pomodoro.work"], 40)
    set_spin(qtbot, window.spins["away.after"], 0)
    click(qtbot, window.checks["away.on_lock"])
    set_spin(qtbot, window.spins["remind.after"], 15)
    set_line(qtbot, window.lines["remind.hours"], "10:00-16:00")
    set_line(qtbot, window.lines["remind.days"], "sat-sun")
    click(qtbot, window.checks["focus.do_not_disturb"])
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)

    assert timer.settings() == FocusSettings(
        work=40 * 60,
        away_after=0,
        away_on_lock=True,
        remind_after=15 * 60,
        remind_hours="10:00-16:00",
        remind_days="sat-sun",
        do_not_disturb=False,
    )
    assert not window.isVisible()


def test_bad_reminder_hours_are_named_under_the_field_and_nothing_is_written(
    qtbot: QtBot, timer: Timer, open_window: Callable[..., SettingsWindow]
) -> None:
    window = open_window()
    set_spin(qtbot, window.spins["pomodoro.work"], 40)  # fine on its own
    set_line(qtbot, window.lines["remind.hours"], "18:00-09:00")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)

    message = window.messages["remind.hours"]
    assert message.isVisible()
    assert message.text() == "remind.hours must end after it starts, not '18:00-09:00'."
    assert window.lines["remind.hours"].property("invalid") is True
    assert timer.settings() == FocusSettings()  # all or nothing
    assert window.isVisible()


def test_do_not_disturb_is_greyed_with_its_reason_where_the_desktop_has_no_way(
    qtbot: QtBot, timer: Timer, open_window: Callable[..., SettingsWindow], artifacts: Path
) -> None:
    window = open_window(lambda: None)
    check = window.checks["focus.do_not_disturb"]
    assert not check.isEnabled()
    assert window.dnd_note.isVisible()
    assert window.dnd_note.text() == DND_MISSING
    assert check.isChecked()  # the stored choice is kept, not cleared
    # Saving other changes leaves it as stored.
    set_spin(qtbot, window.spins["remind.after"], 30)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert timer.settings() == FocusSettings(remind_after=30 * 60)


@pytest.mark.parametrize("way", ["gnome", "kde"])
def test_do_not_disturb_is_offered_where_the_desktop_has_a_way(
    way: str, open_window: Callable[..., SettingsWindow]
) -> None:
    window = open_window(lambda: way)
    assert window.checks["focus.do_not_disturb"].isEnabled()
    assert not window.dnd_note.isVisible()


def test_screenshot_of_the_away_settings(
    open_window: Callable[..., SettingsWindow], artifacts: Path
) -> None:
    window = open_window(lambda: None)
    path = artifacts / "settings-window-away.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 0
