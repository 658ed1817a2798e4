"""The desktop ties the app's popups and windows to its menu entry by the
entry's file name (``smfocus.desktop``): notifications say it in their
``desktop-entry`` hint, and Qt gives it to the window system."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from smfocus import desktop
from smfocus.ui import app as app_module
from smfocus.ui.notify import Channel, Notifier
from tests.ui.dbus_rig import FakeNotifd, PrivateBus


@pytest.fixture
def bus() -> Iterator[PrivateBus]:
    private = PrivateBus()
    yield private
    private.close()


def test_a_notification_names_the_installed_desktop_entry(qtbot: QtBot, bus: PrivateBus) -> None:
    server = FakeNotifd(bus)
    # The name shown as the sender may be anything; the hint must name the file.
    notifier = Notifier(bus_address=bus.address, app_name="smfocus timer", channels=[Channel.DBUS])
    try:
        assert notifier.notify("Focus done", "Time for a break") is Channel.DBUS
        [sent] = server.notifications()
    finally:
        notifier.close()
        server.close()
    assert sent["hints"]["desktop-entry"] == desktop.DESKTOP_ID
    assert f"{sent['hints']['desktop-entry']}.desktop" == desktop.DESKTOP_FILE
    assert (desktop.resource_root() / desktop.DESKTOP_FILE).is_file()


def test_the_app_gives_qt_its_desktop_file_name(qapp: QGuiApplication) -> None:
    app_module.name_the_app(qapp)
    assert QGuiApplication.desktopFileName() == desktop.DESKTOP_ID
    assert QGuiApplication.applicationName() == "smfocus"
