"""The Settings window on a real timer: what is typed and saved is what
``Timer.settings()`` reads back; Cancel and Esc leave the database alone."""

# pytest-qt's QtBot key and mouse methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QSpinBox
from pytestqt.qtbot import QtBot

from smfocus.core.focus import AWAY_KEYS, LIMIT_KEYS, SETTING_KEYS, FocusSettings
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.store import database
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from smfocus.ui.settings_window import SettingsWindow


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    return Timer(tracker)


@pytest.fixture
def open_window(qtbot: QtBot, timer: Timer) -> Callable[[], SettingsWindow]:
    def make() -> SettingsWindow:
        window = SettingsWindow(timer)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    return make


def set_spin(qtbot: QtBot, spin: QSpinBox, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


def click(qtbot: QtBot, check: QCheckBox) -> None:
    # Aim at the box: a check box's centre may be empty space beside its text.
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))


class Seen:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def test_the_fields_show_the_stored_settings(
    timer: Timer, open_window: Callable[[], SettingsWindow]
) -> None:
    timer.set_setting("pomodoro.work", "50m")
    timer.set_setting("notifications.sound", "off")
    window = open_window()
    assert window.spins["pomodoro.work"].value() == 50
    assert window.spins["pomodoro.short_break"].value() == 5
    assert window.spins["pomodoro.long_break"].value() == 15
    assert window.spins["pomodoro.long_break_every"].value() == 4
    assert window.spins["pomodoro.daily_goal"].value() == 8
    assert window.checks["pomodoro.auto_start_breaks"].isChecked()
    assert not window.checks["pomodoro.auto_start_work"].isChecked()
    assert window.checks["notifications.enabled"].isChecked()
    assert not window.checks["notifications.sound"].isChecked()
    shown = set(window.spins) | set(window.checks) | set(window.lines)
    assert shown == set(SETTING_KEYS) | set(AWAY_KEYS) | set(LIMIT_KEYS)


def test_the_ranges_are_the_rules(open_window: Callable[[], SettingsWindow]) -> None:
    window = open_window()
    ranges = {key: (spin.minimum(), spin.maximum()) for key, spin in window.spins.items()}
    assert ranges == {
        "pomodoro.work": (1, 240),
        "pomodoro.short_break": (1, 240),
        "pomodoro.long_break": (1, 240),
        "pomodoro.long_break_every": (1, 50),
        "pomodoro.daily_goal": (1, 50),
        "away.after": (0, 240),
        "remind.after": (0, 240),
        "entry.max": (1, 744),  # hours
    }
    # Each end of each range is a value the core accepts, as the window spells it.
    for key in ranges:
        spin = window.spins[key]
        for value in (spin.minimum(), spin.maximum()):
            spin.setValue(value)
            FocusSettings().with_value(key, window.texts()[key])


def test_save_writes_every_field_and_closes(
    qtbot: QtBot, timer: Timer, open_window: Callable[[], SettingsWindow]
) -> None:
    window = open_window()
    changed = Seen()
    window.changed.connect(changed)
    set_spin(qtbot, window.spins["pomodoro.work"], 50)
    set_spin(qtbot, window.spins["pomodoro.short_break"], 10)
    set_spin(qtbot, window.spins["pomodoro.long_break"], 30)
    set_spin(qtbot, window.spins["pomodoro.long_break_every"], 3)
    set_spin(qtbot, window.spins["pomodoro.daily_goal"], 12)
    for check in window.checks.values():
        click(qtbot, check)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)

    assert timer.settings() == FocusSettings(
        work=50 * 60,
        short_break=10 * 60,
        long_break=30 * 60,
        long_break_every=3,
        auto_start_breaks=False,
        auto_start_work=True,
        daily_goal=12,
        notifications=False,
        sound=False,
        away_on_lock=True,
        do_not_disturb=False,
    )
    assert changed.count == 1
    assert not window.isVisible()


def test_enter_saves(
    qtbot: QtBot, timer: Timer, open_window: Callable[[], SettingsWindow]
) -> None:
    window = open_window()
    spin = window.spins["pomodoro.daily_goal"]
    set_spin(qtbot, spin, 6)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert timer.settings().daily_goal == 6
    assert not window.isVisible()


@pytest.mark.parametrize("how", ["Cancel button", "Esc"])
def test_cancel_and_esc_discard(
    qtbot: QtBot, timer: Timer, open_window: Callable[[], SettingsWindow], how: str
) -> None:
    window = open_window()
    changed = Seen()
    window.changed.connect(changed)
    set_spin(qtbot, window.spins["pomodoro.work"], 90)
    click(qtbot, window.checks["notifications.enabled"])
    if how == "Esc":
        qtbot.keyClick(window.spins["pomodoro.work"], Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)

    assert timer.settings() == FocusSettings()
    assert changed.count == 0
    assert not window.isVisible()
    # Opened again, the window shows what is stored, not what was typed.
    with qtbot.waitExposed(window):
        window.show()
    assert window.spins["pomodoro.work"].value() == 25
    assert window.checks["notifications.enabled"].isChecked()


def test_only_changed_settings_are_written(
    qtbot: QtBot, timer: Timer, open_window: Callable[[], SettingsWindow]
) -> None:
    # 90 seconds shows as 2 minutes; saving another field must not round it.
    timer.set_setting("pomodoro.work", "90s")
    window = open_window()
    assert window.spins["pomodoro.work"].value() == 2
    set_spin(qtbot, window.spins["pomodoro.short_break"], 7)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert timer.settings() == replace(FocusSettings(), work=90, short_break=7 * 60)


def test_saving_nothing_changed_writes_nothing(
    qtbot: QtBot, timer: Timer, open_window: Callable[[], SettingsWindow]
) -> None:
    window = open_window()
    changed = Seen()
    window.changed.connect(changed)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert changed.count == 0
    assert not window.isVisible()
    assert timer.settings() == FocusSettings()


def test_a_cli_change_made_while_closed_shows_on_reopening(
    qtbot: QtBot, timer: Timer, open_window: Callable[[], SettingsWindow]
) -> None:
    window = open_window()
    window.reject()
    timer.set_setting("pomodoro.long_break_every", "6")
    with qtbot.waitExposed(window):
        window.show()
    assert window.spins["pomodoro.long_break_every"].value() == 6


def test_a_refused_value_is_named_under_its_field_and_nothing_is_written(
    qtbot: QtBot,
    timer: Timer,
    open_window: Callable[[], SettingsWindow],
    monkeypatch: pytest.MonkeyPatch,
    artifacts: Path,
) -> None:
    # The spin boxes keep values in range, so stand in a stricter rule for the
    # daily goal to see how the window shows a refusal from the core.
    refusal = "pomodoro.daily_goal must be a whole number from 1 to 20, not '30'."
    with_value = FocusSettings.with_value

    def stricter(self: FocusSettings, key: str, text: str) -> FocusSettings:
        if key == "pomodoro.daily_goal" and int(text) > 20:
            raise UserError(refusal)
        return with_value(self, key, text)

    monkeypatch.setattr(FocusSettings, "with_value", stricter)
    window = open_window()
    changed = Seen()
    window.changed.connect(changed)
    set_spin(qtbot, window.spins["pomodoro.work"], 45)  # fine on its own
    set_spin(qtbot, window.spins["pomodoro.daily_goal"], 30)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)

    message = window.messages["pomodoro.daily_goal"]
    assert message.isVisible()
    assert message.text() == refusal
    assert window.spins["pomodoro.daily_goal"].property("invalid") is True
    assert not window.messages["pomodoro.work"].isVisible()
    assert timer.settings() == FocusSettings()  # not even the good field
    assert changed.count == 0
    assert window.isVisible()
    assert window.grab().save(str(artifacts / "settings-window-error.png"))


def test_a_locked_database_on_save_writes_nothing_and_the_window_stays(
    qtbot: QtBot,
    timer: Timer,
    store: Store,
    open_window: Callable[[], SettingsWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    window = open_window()
    changed = Seen()
    window.changed.connect(changed)
    set_spin(qtbot, window.spins["pomodoro.work"], 45)
    set_spin(qtbot, window.spins["pomodoro.daily_goal"], 4)
    assert store.path is not None
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
        assert window.form_message.isVisible()
        assert "locked" in window.form_message.text()
        assert window.isVisible()
        assert changed.count == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert timer.settings() == FocusSettings()  # all or nothing: nothing

    # Once the lock is gone, the same Save writes both.
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert (timer.settings().work, timer.settings().daily_goal) == (45 * 60, 4)
    assert changed.count == 1
    assert not window.isVisible()


def test_screenshot(open_window: Callable[[], SettingsWindow], artifacts: Path) -> None:
    window = open_window()
    path = artifacts / "settings-window.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 0
