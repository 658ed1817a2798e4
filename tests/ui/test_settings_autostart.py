""" "Start at login" in the Settings window: the same login entry as
``smfocus config set app.autostart``, saved with the other settings, all or
nothing."""

# pytest-qt's QtBot key and mouse methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smfocus import desktop
from smfocus.core.focus import FocusSettings
from smfocus.pomodoro import Timer
from smfocus.store import database
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from smfocus.ui.settings_window import SettingsWindow


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def window(qtbot: QtBot, tracker: Tracker, config: Path) -> SettingsWindow:
    made = SettingsWindow(Timer(tracker))
    qtbot.addWidget(made)
    with qtbot.waitExposed(made):
        made.show()
    return made


def login_entry(config: Path) -> Path:
    return config / "autostart" / "smfocus.desktop"


def test_checking_start_at_login_and_saving_writes_the_login_entry(
    qtbot: QtBot, window: SettingsWindow, config: Path
) -> None:
    assert not window.autostart.isChecked()
    qtbot.mouseClick(window.autostart, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    text = login_entry(config).read_text(encoding="utf-8")
    assert f"Exec={desktop.smfocus_command()}" in text.splitlines()
    assert desktop.autostart_enabled(config)


def test_the_box_shows_an_entry_the_cli_wrote_and_unchecking_removes_it(
    qtbot: QtBot, tracker: Tracker, config: Path
) -> None:
    desktop.set_autostart(config, True, Path("/usr/bin/smfocus"))
    window = SettingsWindow(Timer(tracker))
    qtbot.addWidget(window)
    window.show()
    assert window.autostart.isChecked()
    qtbot.mouseClick(window.autostart, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert not login_entry(config).exists()


def test_cancel_leaves_the_login_entry_alone(
    qtbot: QtBot, window: SettingsWindow, config: Path
) -> None:
    qtbot.mouseClick(window.autostart, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert not login_entry(config).exists()


def test_a_locked_database_on_save_leaves_the_login_entry_as_it_was(
    qtbot: QtBot,
    window: SettingsWindow,
    config: Path,
    store: Store,
    tracker: Tracker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    qtbot.mouseClick(window.autostart, Qt.MouseButton.LeftButton)
    window.spins["pomodoro.daily_goal"].setValue(3)
    assert store.path is not None
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
        assert "locked" in window.form_message.text()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not login_entry(config).exists()
    assert Timer(tracker).settings() == FocusSettings()
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert login_entry(config).exists()
    assert Timer(tracker).settings().daily_goal == 3


def test_a_login_folder_it_cannot_write_is_said_in_the_window(
    qtbot: QtBot, window: SettingsWindow, config: Path, tracker: Tracker
) -> None:
    config.mkdir()
    (config / "autostart").write_text("a file where the folder should be")
    qtbot.mouseClick(window.autostart, Qt.MouseButton.LeftButton)
    window.spins["pomodoro.daily_goal"].setValue(3)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.isVisible()
    assert "autostart" in window.form_message.text()
    assert Timer(tracker).settings().daily_goal == FocusSettings().daily_goal
