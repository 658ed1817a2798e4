"""The rig itself works: a minimal PySide6 tray app on Xvfb + trayer, driven
with the pointer and the keyboard, as the smfocus end-to-end tests will be."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.xvfb import Desktop, Geometry, RigError, selection_owner

pytestmark = pytest.mark.e2e

TRAY_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

    hello_file = Path(sys.argv[1])
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    print("tray available:", QSystemTrayIcon.isSystemTrayAvailable(), flush=True)

    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#e8473b"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.setToolTip("rig tray")
    menu = QMenu()

    def say_hello() -> None:
        hello_file.write_text("hello")
        print("hello written", flush=True)

    menu.addAction("Say hello", say_hello)
    menu.addAction("Quit", app.quit)
    tray.setContextMenu(menu)
    tray.show()
    print("icon shown", flush=True)
    sys.exit(app.exec())
    """
)


def start_tray_app(desktop: Desktop, tmp_path: Path) -> tuple[int, Path, int]:
    """Start the script; returns its pid, the file "Say hello" writes, and its icon window."""
    script = tmp_path / "tray_app.py"
    script.write_text(TRAY_SCRIPT)
    hello = tmp_path / "hello.txt"
    app = desktop.spawn([sys.executable, str(script), str(hello)], name="tray_app")
    available = app.wait_for_output(r"^tray available: (\w+)$")
    assert available.group(1) == "True", app.logs()
    app.wait_for_output("^icon shown$")
    icon = desktop.find_tray_icon_window(app.pid)
    return app.pid, hello, icon


def tray_region(desktop: Desktop) -> Geometry:
    """The top-right corner: the panel and where its menus and tooltips open."""
    return Geometry(1280 - 400, 0, 400, 140)


def test_the_tray_host_owns_the_tray_selection(desktop: Desktop) -> None:
    assert desktop.display.startswith(":")
    assert selection_owner(desktop.display, "_NET_SYSTEM_TRAY_S0") != 0
    assert desktop.bus_address.startswith("unix:")
    assert desktop.env["DBUS_SESSION_BUS_ADDRESS"] == desktop.bus_address


def test_right_click_menu_item_runs_the_action(
    desktop: Desktop, tmp_path: Path, artifacts: Path
) -> None:
    pid, hello, icon = start_tray_app(desktop, tmp_path)
    box = desktop.geometry(icon)
    # The icon sits in the 120x32 trayer panel at the top right of the screen.
    assert box.y < 32 and box.x >= 1280 - 120, box

    desktop.right_click(icon)
    menu = desktop.wait_for_window(pid=pid, exclude=[icon])
    menu_box = desktop.geometry(menu)
    assert menu_box.height > 20, menu_box
    desktop.screenshot(artifacts / "e2e-rig-menu.png")
    desktop.screenshot(artifacts / "e2e-rig-menu-corner.png", tray_region(desktop))

    desktop.click_menu_item(menu, index=0, count=2)  # "Say hello"
    assert desktop.tray is not None
    app = next(child for child in desktop.children if child.pid == pid)
    app.wait_for_output("^hello written$")
    assert hello.read_text() == "hello"


def test_keyboard_drives_the_menu_and_quit_ends_the_process(
    desktop: Desktop, tmp_path: Path
) -> None:
    pid, hello, icon = start_tray_app(desktop, tmp_path)
    desktop.right_click(icon)
    desktop.wait_for_window(pid=pid, exclude=[icon])
    desktop.key("Down", "Down", "Return")  # the second item: "Quit"
    app = next(child for child in desktop.children if child.pid == pid)
    assert app.wait() == 0
    assert not hello.exists()


def test_hover_shows_the_tooltip(desktop: Desktop, tmp_path: Path, artifacts: Path) -> None:
    pid, _, icon = start_tray_app(desktop, tmp_path)
    desktop.hover(icon)
    tooltip = desktop.wait_for_window(pid=pid, exclude=[icon])
    box = desktop.geometry(tooltip)
    # A small window just below the icon (the panel is at the top edge).
    assert box.y >= desktop.geometry(icon).y, box
    assert box.height < 60, box
    desktop.screenshot(artifacts / "e2e-rig-tooltip.png", tray_region(desktop))


def test_type_text_reaches_a_focused_window(desktop: Desktop, tmp_path: Path) -> None:
    script = tmp_path / "line_edit.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys
            from PySide6.QtWidgets import QApplication, QLineEdit

            app = QApplication(sys.argv)
            edit = QLineEdit()
            edit.setWindowTitle("rig line edit")
            edit.returnPressed.connect(lambda: (print("typed:", edit.text(), flush=True)))
            edit.show()
            edit.activateWindow()
            sys.exit(app.exec())
            """
        )
    )
    app = desktop.spawn([sys.executable, str(script)], name="line_edit")
    window = desktop.wait_for_window("^rig line edit$")
    # No window manager gives focus: a click does, as on a real desktop.
    desktop.left_click(window)
    desktop.type_text("hello rig")
    desktop.key("Return")
    assert app.wait_for_output("^typed: (.*)$").group(1) == "hello rig"


def test_no_tray_without_a_tray_host(bare_desktop: Desktop, tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
        "app = QApplication(sys.argv)\n"
        "print('tray available:', QSystemTrayIcon.isSystemTrayAvailable(), flush=True)\n"
    )
    probe = bare_desktop.spawn([sys.executable, str(script)], name="probe")
    assert probe.wait_for_output(r"^tray available: (\w+)$").group(1) == "False"
    assert probe.wait() == 0


def test_waits_fail_with_a_clear_message(desktop: Desktop) -> None:
    with pytest.raises(RigError, match=r"timed out after 0.3 s waiting for a visible window"):
        desktop.wait_for_window("^no such window$", timeout=0.3)


def test_close_stops_every_child(desktop_factory: Callable[..., Desktop]) -> None:
    desktop = desktop_factory()
    sleeper = desktop.spawn(["sleep", "600"], name="sleeper")
    children = list(desktop.children)
    desktop.close()
    assert all(not child.alive() for child in children)
    assert not sleeper.alive()
