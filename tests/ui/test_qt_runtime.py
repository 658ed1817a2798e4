"""The Qt binding this app runs on can keep a tray alive all day."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from smfocus.ui import qt_refcount

    app = QApplication([])
    if {guard}:
        qt_refcount.install()

    class Ticker(QObject):
        tick = Signal()

    ticker, timer = Ticker(), QTimer()
    # A day of one-second ticks, several emits and void calls each.
    for _ in range(86_400):
        ticker.tick.emit()
        timer.setInterval(1000)
    print("alive")
    """
)


def run(guard: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(guard=guard)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_day_of_ticks_as_the_app_runs_them() -> None:
    # The app installs the guard at start; with it, any PySide6 must survive.
    result = run(guard=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "alive"


def test_the_installed_pyside6_is_not_the_leaking_one() -> None:
    # pyproject excludes 6.12.0; this catches an environment that ignored that.
    result = run(guard=False)
    assert result.returncode == 0, (
        "this PySide6 loses references to None/True (see smfocus/ui/qt_refcount.py): "
        + result.stderr[-500:]
    )
