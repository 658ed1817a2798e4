"""Notifications reach the user: over D-Bus to a real peer process, through
plyer's notify-send, or in the app's own window when nothing else can show
them; questions come back as answers. Every test owns a private bus."""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from smfocus.ui.notify import Channel, NoticeWindow, Notifier
from tests.ui.dbus_rig import Dunst, FakeNotifd, PrivateBus, Xvfb

WORK_OR_NOT = [("work", "It was work"), ("not_work", "It wasn't")]


@pytest.fixture
def bus() -> Iterator[PrivateBus]:
    private = PrivateBus()
    yield private
    private.close()


@pytest.fixture
def notifd(bus: PrivateBus) -> Iterator[FakeNotifd]:
    server = FakeNotifd(bus)
    yield server
    server.close()


@pytest.fixture
def make_notifier(
    qtbot: QtBot, bus: PrivateBus, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Notifier]]:
    # plyer's notify-send finds its bus in the environment, like a desktop app.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    made: list[Notifier] = []

    def make(**options: Any) -> Notifier:
        notifier = Notifier(bus_address=bus.address, **options)
        made.append(notifier)
        return notifier

    yield make
    for notifier in made:
        notifier.close()


@pytest.fixture
def notify_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="smfocus.ui.notify")
    return caplog


def shown_windows() -> list[NoticeWindow]:
    """The app's own notification windows a user can see right now."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, NoticeWindow) and widget.isVisible()
    ]


def button(window: NoticeWindow, label: str) -> QPushButton:
    [found] = [b for b in window.findChildren(QPushButton) if b.text() == label]
    return found


def visible_tray_icon(qtbot: QtBot) -> QSystemTrayIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor("tomato"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.show()
    return tray


def test_phase_end_notification_reaches_the_server(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier(expire_ms=7_000)
    delivered: list[Channel] = []
    notifier.delivered.connect(delivered.append)

    channel = notifier.notify("Pomodoro done", "Take a 5-minute break")

    assert channel is Channel.DBUS
    assert delivered == [Channel.DBUS]
    [sent] = notifd.notifications()
    assert sent["summary"] == "Pomodoro done"
    assert sent["body"] == "Take a 5-minute break"
    assert sent["app_name"] == "smfocus"
    assert sent["replaces_id"] == 0
    assert sent["expire_timeout"] == 7_000
    assert sent["actions"] == []
    assert shown_windows() == []


def test_next_notification_replaces_the_last_instead_of_stacking(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier()

    notifier.notify("Pomodoro done", "Take a 5-minute break")
    notifier.notify("Break over", "Back to Acme / Replies")

    first, second = notifd.notifications()
    assert first["replaces_id"] == 0
    assert second["replaces_id"] == first["id"]
    assert second["summary"] == "Break over"
    assert second["body"] == "Back to Acme / Replies"


# Offscreen Qt's tray icon looks for a signal its platform plugin lacks.
@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_without_a_notification_server_the_window_shows_it(
    bus: PrivateBus,
    make_notifier: Callable[..., Notifier],
    qtbot: QtBot,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    # Offscreen has no system tray: a tray balloon would vanish, so it must not count.
    tray = visible_tray_icon(qtbot)
    notifier = make_notifier(tray=tray)

    channel = notifier.notify("Pomodoro done", "Take a 5-minute break")

    assert channel is Channel.WINDOW
    [window] = shown_windows()
    assert window.title() == "Pomodoro done"
    assert window.body() == "Take a 5-minute break"
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    failures = {
        record.getMessage().split(" failed: ")[0]
        for record in notify_log.records
        if " failed: " in record.getMessage()
    }
    assert failures == {
        "notification via dbus",
        "notification via plyer",
        "notification via tray",
    }
    assert "no org.freedesktop.Notifications service" in notify_log.text
    assert "no system tray" in notify_log.text
    tray.hide()


def test_fallback_window_is_reused_for_the_next_notification(
    bus: PrivateBus, make_notifier: Callable[..., Notifier], qtbot: QtBot
) -> None:
    notifier = make_notifier()

    notifier.notify("Pomodoro done", "Take a 5-minute break")
    notifier.notify("Break over", "Back to Acme / Replies")

    [window] = shown_windows()
    assert (window.title(), window.body()) == ("Break over", "Back to Acme / Replies")
    QTest.mouseClick(button(window, "OK"), Qt.MouseButton.LeftButton)
    assert shown_windows() == []


def test_server_started_after_the_app_is_used_and_the_stale_window_goes(
    bus: PrivateBus, make_notifier: Callable[..., Notifier]
) -> None:
    # At login the tray app may start before the desktop's notification daemon.
    notifier = make_notifier()
    assert notifier.notify("Pomodoro done", "Take a 5-minute break") is Channel.WINDOW

    late = FakeNotifd(bus)
    try:
        assert notifier.notify("Break over", "Back to Acme / Replies") is Channel.DBUS
        [sent] = late.notifications()
        assert sent["summary"] == "Break over"
        assert shown_windows() == []
    finally:
        late.close()


needs_notify_send = pytest.mark.skipif(
    shutil.which("notify-send") is None, reason="notify-send (libnotify-bin) is not installed"
)


@needs_notify_send
def test_plyer_notify_send_reaches_the_server(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier(channels=(Channel.PLYER, Channel.WINDOW))

    channel = notifier.notify("Pomodoro done", "Take a 5-minute break")

    assert channel is Channel.PLYER
    [sent] = notifd.notifications()
    assert sent["summary"] == "Pomodoro done"
    assert sent["body"] == "Take a 5-minute break"
    assert sent["app_name"] == "smfocus"
    assert shown_windows() == []


@needs_notify_send
def test_plyer_is_not_trusted_when_nothing_could_receive_it(
    bus: PrivateBus,
    make_notifier: Callable[..., Notifier],
    notify_log: pytest.LogCaptureFixture,
) -> None:
    # notify-send would fail here and plyer would return as if it had worked.
    notifier = make_notifier(channels=(Channel.PLYER, Channel.WINDOW))

    channel = notifier.notify("Pomodoro done", "Take a 5-minute break")

    assert channel is Channel.WINDOW
    [window] = shown_windows()
    assert window.title() == "Pomodoro done"
    assert "notification via plyer failed: plyer's NotifySendNotification would fail" in (
        notify_log.text
    )


def test_question_answered_with_a_notification_button(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier], qtbot: QtBot
) -> None:
    notifier = make_notifier()

    channel = notifier.ask("You were away 2 h 10 min", "Was it work?", WORK_OR_NOT)

    assert channel is Channel.DBUS
    [sent] = notifd.notifications()
    assert sent["summary"] == "You were away 2 h 10 min"
    assert sent["actions"] == ["work", "It was work", "not_work", "It wasn't"]
    assert sent["expire_timeout"] == 0
    with qtbot.waitSignal(notifier.answered) as answer:
        notifd.click(sent["id"], "not_work")
    assert answer.args == ["not_work"]
    assert shown_windows() == []


def test_question_without_action_support_offers_the_buttons_in_the_window(
    bus: PrivateBus, make_notifier: Callable[..., Notifier], qtbot: QtBot
) -> None:
    server = FakeNotifd(bus, actions=False)
    try:
        notifier = make_notifier()

        channel = notifier.ask("You were away 2 h 10 min", "Was it work?", WORK_OR_NOT)

        assert channel is Channel.WINDOW
        assert server.notifications() == []
        [window] = shown_windows()
        assert (window.title(), window.body()) == ("You were away 2 h 10 min", "Was it work?")
        with qtbot.waitSignal(notifier.answered) as answer:
            QTest.mouseClick(button(window, "It was work"), Qt.MouseButton.LeftButton)
        assert answer.args == ["work"]
        assert shown_windows() == []
    finally:
        server.close()


def test_question_dismissed_on_the_desktop_comes_back_in_the_window(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier], qtbot: QtBot
) -> None:
    notifier = make_notifier()
    notifier.ask("You were away 2 h 10 min", "Was it work?", WORK_OR_NOT)
    [sent] = notifd.notifications()

    notifd.dismiss(sent["id"])

    qtbot.waitUntil(lambda: len(shown_windows()) == 1)
    [window] = shown_windows()
    assert window.title() == "You were away 2 h 10 min"
    with qtbot.waitSignal(notifier.answered) as answer:
        QTest.mouseClick(button(window, "It wasn't"), Qt.MouseButton.LeftButton)
    assert answer.args == ["not_work"]


def test_questions_and_phase_notifications_never_replace_each_other(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier], qtbot: QtBot
) -> None:
    # Back from sleep: the phase ended meanwhile, and the away time needs an answer.
    notifier = make_notifier()
    notifier.notify("Pomodoro done", "Take a 5-minute break")
    notifier.ask("You were away 2 h 10 min", "Was it work?", WORK_OR_NOT)

    notifier.notify("Break over", "Back to Acme / Replies")

    first, question, second = notifd.notifications()
    assert question["replaces_id"] == 0
    assert second["replaces_id"] == first["id"]
    assert question["id"] != first["id"]
    with qtbot.waitSignal(notifier.answered) as answer:
        notifd.click(question["id"], "work")
    assert answer.args == ["work"]


def test_turned_off_shows_nothing_anywhere(
    notifd: FakeNotifd, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier(enabled=False)

    assert notifier.notify("Pomodoro done", "Take a 5-minute break") is Channel.NONE
    assert notifier.ask("You were away", "Was it work?", WORK_OR_NOT) is Channel.NONE

    assert notifd.notifications() == []
    assert shown_windows() == []


def test_turning_off_takes_away_a_fallback_window(
    bus: PrivateBus, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier()
    notifier.notify("Pomodoro done", "Take a 5-minute break")
    assert len(shown_windows()) == 1

    notifier.set_enabled(False)

    assert shown_windows() == []


@pytest.fixture
def fake_player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``paplay`` first on PATH that saves what it is given to play, as
    ``$SMF_CHIME_TAG.wav`` once complete."""
    folder = tmp_path / "bin"
    folder.mkdir()
    player = folder / "paplay"
    player.write_text(
        '#!/bin/sh\ncat > "$SMF_CHIME_DIR/$SMF_CHIME_TAG.part"\n'
        'mv "$SMF_CHIME_DIR/$SMF_CHIME_TAG.part" "$SMF_CHIME_DIR/$SMF_CHIME_TAG.wav"\n',
        encoding="utf-8",
    )
    player.chmod(player.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SMF_CHIME_DIR", str(tmp_path))
    return tmp_path


def test_phase_end_chime_is_a_playable_sound(
    bus: PrivateBus,
    make_notifier: Callable[..., Notifier],
    fake_player: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    monkeypatch.setenv("SMF_CHIME_TAG", "chime")
    # The chime is its own switch: it plays with pop-ups turned off.
    notifier = make_notifier(sound=True, enabled=False)

    notifier.notify("Pomodoro done", "Take a 5-minute break")

    played = fake_player / "chime.wav"
    qtbot.waitUntil(played.exists)
    with wave.open(str(played)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
        assert sound.getnchannels() == 1
        assert 0.1 < seconds < 2
    assert shown_windows() == []


def test_sound_off_plays_nothing(
    bus: PrivateBus,
    make_notifier: Callable[..., Notifier],
    fake_player: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    notifier = make_notifier(sound=False)
    monkeypatch.setenv("SMF_CHIME_TAG", "while-off")
    notifier.notify("Pomodoro done", "Take a 5-minute break")

    notifier.set_sound(True)
    monkeypatch.setenv("SMF_CHIME_TAG", "once-on")
    notifier.notify("Break over", "Back to Acme / Replies")

    # One chime at a time: had the first call played, the second could only
    # start once the first had written its file.
    qtbot.waitUntil((fake_player / "once-on.wav").exists)
    assert not (fake_player / "while-off.wav").exists()


needs_dunst = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("dunst", "dunstctl", "Xvfb")),
    reason="dunst and Xvfb are not installed",
)


@needs_dunst
def test_real_daemon_replaces_the_notice_and_answers_the_question(
    bus: PrivateBus, make_notifier: Callable[..., Notifier], qtbot: QtBot, artifacts: Path
) -> None:
    # dunst is a GLib server: strict about argument types, as GNOME's and
    # notification-daemon are, where the fake is only as strict as Qt.
    screen = Xvfb()
    dunst = Dunst(bus, screen, pick="It wasn't")
    try:
        notifier = make_notifier()
        assert notifier.notify("Pomodoro done", "Take a 5-minute break") is Channel.DBUS
        assert notifier.notify("Break over", "Back to Acme / Replies") is Channel.DBUS
        assert dunst.ctl("count", "displayed") == "1\n"

        assert notifier.ask("You were away 2 h 10 min", "Was it work?", WORK_OR_NOT) is (
            Channel.DBUS
        )
        assert dunst.ctl("count", "displayed") == "2\n"
        subprocess.run(
            ["import", "-window", "root", str(artifacts / "notify-dunst.png")],
            env=dunst.environment,
            check=False,
            timeout=60,
        )
        with qtbot.waitSignal(notifier.answered) as answer:
            dunst.ctl("context")  # the user opens the action menu and picks
        assert answer.args == ["not_work"]

        dunst.ctl("close-all")
        assert {"summary": "Break over", "body": "Back to Acme / Replies"} in dunst.history()
        assert all(entry["summary"] != "Pomodoro done" for entry in dunst.history())
        assert shown_windows() == []
    finally:
        dunst.close()
        screen.close()


PROBE = Path(__file__).with_name("notify_probe.py")
TRAYER = [
    *("trayer", "--edge", "top", "--align", "right", "--SetDockType", "true"),
    *("--widthtype", "pixel", "--width", "120", "--heighttype", "pixel", "--height", "32"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("Xvfb", "trayer")),
    reason="Xvfb and trayer are not installed",
)
def test_tray_balloon_is_used_when_a_real_tray_exists_and_no_server(bus: PrivateBus) -> None:
    # A bare window manager with a tray and no notification daemon.
    screen = Xvfb()
    environment = {
        **os.environ,
        "DISPLAY": screen.display,
        "DBUS_SESSION_BUS_ADDRESS": bus.address,
        "QT_QPA_PLATFORM": "xcb",
    }
    tray_host = subprocess.Popen(
        TRAYER,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        probe = subprocess.run(
            [sys.executable, str(PROBE), "Pomodoro done", "Take a 5-minute break"],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        tray_host.terminate()
        tray_host.wait()
        screen.close()
    report = json.loads(probe.stdout.strip().splitlines()[-1])
    assert report["channel"] == "tray"
    assert report["visible"]["QBalloonTip"] == ["Pomodoro done", "Take a 5-minute break"]
    assert "NoticeWindow" not in report["visible"]


def test_frozen_server_does_not_swallow_the_notification(
    bus: PrivateBus,
    make_notifier: Callable[..., Notifier],
    notify_log: pytest.LogCaptureFixture,
) -> None:
    frozen = FakeNotifd(bus, hang=True)
    try:
        notifier = make_notifier(timeout_ms=300)

        channel = notifier.notify("Pomodoro done", "Take a 5-minute break")

        assert channel is Channel.WINDOW
        [window] = shown_windows()
        assert window.title() == "Pomodoro done"
        # plyer's notify-send would wait on the same frozen server, blocking the UI.
        assert "notification via plyer failed: skipped" in notify_log.text
        assert [sent["summary"] for sent in frozen.notifications()] == ["Pomodoro done"]
    finally:
        frozen.close()


# -- names are text, never markup ----------------------------------------------------------

HOSTILE = 'Client <b>X</b> & <img src="file:///etc/hostname"/> <a href="https://x.test">pay</a>'


@pytest.fixture
def markup_notifd(bus: PrivateBus) -> Iterator[FakeNotifd]:
    server = FakeNotifd(bus, markup=True)
    yield server
    server.close()


ESCAPED = (
    'Client &lt;b&gt;X&lt;/b&gt; &amp; &lt;img src="file:///etc/hostname"/&gt; '
    '&lt;a href="https://x.test"&gt;pay&lt;/a&gt;'
)


@pytest.mark.parametrize("markup", [True, False], ids=["body-markup", "no-body-markup"])
def test_the_body_reaches_the_server_escaped(
    markup: bool, bus: PrivateBus, make_notifier: Callable[..., Notifier]
) -> None:
    # Escaped even for a server that does not list "body-markup": dunst 1.9
    # does not, and renders the tags all the same (see the dunst test below).
    server = FakeNotifd(bus, markup=markup)
    try:
        notifier = make_notifier()

        assert notifier.notify("Pomodoro done", f"{HOSTILE}: break.") is Channel.DBUS

        [sent] = server.notifications()
        assert sent["body"] == f"{ESCAPED}: break."
        assert sent["summary"] == "Pomodoro done"  # plain text in the specification
    finally:
        server.close()


def test_a_question_is_escaped_too(
    markup_notifd: FakeNotifd, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier()

    assert notifier.ask("Welcome back", f"Away from {HOSTILE}?", WORK_OR_NOT) is Channel.DBUS

    [sent] = markup_notifd.notifications()
    assert sent["body"] == f"Away from {ESCAPED}?"


@needs_notify_send
def test_plyer_to_the_server_is_escaped_as_well(
    markup_notifd: FakeNotifd, make_notifier: Callable[..., Notifier]
) -> None:
    notifier = make_notifier(channels=(Channel.PLYER, Channel.WINDOW))

    assert notifier.notify("Pomodoro done", HOSTILE) is Channel.PLYER

    [sent] = markup_notifd.notifications()
    assert sent["body"] == ESCAPED


def test_the_apps_own_window_shows_a_name_as_typed(
    make_notifier: Callable[..., Notifier],
) -> None:
    notifier = make_notifier(channels=(Channel.WINDOW,))

    notifier.notify(f"Done: {HOSTILE}", HOSTILE)

    [window] = shown_windows()
    for label in window.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert window.body() == HOSTILE
    assert window.title() == f"Done: {HOSTILE}"


@needs_dunst
def test_dunst_draws_the_name_as_text_not_as_markup(
    bus: PrivateBus, make_notifier: Callable[..., Notifier], artifacts: Path
) -> None:
    screen = Xvfb()
    dunst = Dunst(bus, screen, pick="none")
    try:
        notifier = make_notifier()
        assert notifier.notify("Pomodoro done", HOSTILE) is Channel.DBUS
        # The screenshot waits for dunst to draw it (a blank screen showed nothing).
        deadline = time.monotonic() + 5
        while (dunst.ctl("count", "displayed", check=False) or "0").strip() == "0":
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        time.sleep(0.2)  # drawn once shown
        subprocess.run(
            ["import", "-window", "root", str(artifacts / "notify-dunst-markup.png")],
            env=dunst.environment,
            check=False,
            timeout=60,
        )
        dunst.ctl("close-all")
        [drawn] = dunst.rendered()
        # dunst's own format puts the summary in bold; the body is all text.
        assert drawn == f"<b>Pomodoro done</b>\n{ESCAPED}"
    finally:
        dunst.close()
        screen.close()
