"""The painted icon in a real XEmbed tray: legible, and repainted on a change."""

from __future__ import annotations

import colorsys
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.e2e.xvfb import Desktop, Geometry, wait_until

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys

    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from smfocus.ui.icon import IconCache, IconState

    app = QApplication(sys.argv)
    cache = IconCache()
    states = [
        IconState("work", paused=False, remaining_seconds=17 * 60 + 30, total_seconds=25 * 60),
        IconState("work", paused=True, remaining_seconds=17 * 60 + 30, total_seconds=25 * 60),
    ]
    tray = QSystemTrayIcon(cache.update(states[0]))

    def next_state(reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            tray.setIcon(cache.update(states[1]))
            print("icon updated", flush=True)

    tray.activated.connect(next_state)
    tray.show()
    print("icon shown", flush=True)
    sys.exit(app.exec())
    """
)


def hue(colour: QColor) -> float:
    return colorsys.rgb_to_hsv(colour.redF(), colour.greenF(), colour.blueF())[0] * 360


def colours_in(path: Path) -> list[QColor]:
    image = QImage(str(path))
    assert not image.isNull(), path
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


def saturated(colours: list[QColor], low: float, high: float) -> int:
    return sum(1 for c in colours if c.hsvSaturationF() > 0.6 and low <= hue(c) <= high)


def test_painted_icon_shows_in_the_tray_and_repaints(
    desktop: Desktop, tmp_path: Path, artifacts: Path, qapp: object
) -> None:
    # (qapp: QImage reads the screenshots through Qt's image plugins.)
    script = tmp_path / "icon_tray.py"
    script.write_text(SCRIPT)
    app = desktop.spawn(
        [sys.executable, str(script)], name="icon_tray", env={"PYTHONPATH": str(ROOT)}
    )
    app.wait_for_output("^icon shown$")
    icon = desktop.find_tray_icon_window(app.pid)
    box = desktop.geometry(icon)
    # A little of the panel around the icon, for the eye.
    around = Geometry(box.x - 30, 0, box.width + 30, 32)

    running = desktop.screenshot(artifacts / "e2e-tray-icon-running.png", around)
    desktop.left_click(icon)
    app.wait_for_output("^icon updated$")
    # The repaint is asynchronous: look until the amber shows (or time out).
    paused = artifacts / "e2e-tray-icon-paused.png"

    def amber_shown() -> bool:
        desktop.screenshot(paused, around)
        return saturated(colours_in(paused), 30, 50) > 20

    wait_until(amber_shown, "the paused (amber) icon in the tray", 10, desktop.describe)
    before = colours_in(running)
    assert saturated(before, 0, 15) > 20, "no tomato-red ring in the tray"
    assert sum(1 for c in before if c.lightness() > 240) > 10, "no white digits in the tray"
