"""The desktop app. Until the tray timer lands, a small window shows what runs."""

from __future__ import annotations

import sys
from pathlib import Path


def main(data_dir: Path, url: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    from smfocus.core.clock import SystemClock
    from smfocus.core.localtime import local_zone
    from smfocus.store.database import open_store
    from smfocus.tracker import Tracker

    app = QApplication.instance() or QApplication(sys.argv)
    tracker = Tracker(open_store(data_dir, url), SystemClock(), local_zone())
    status = tracker.status()
    running = status.running
    now_line = (
        f"Running: {running.project}{' / ' + running.task if running.task else ''}"
        if running
        else "Nothing running."
    )
    window = QWidget()
    window.setWindowTitle("smfocus")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel(now_line))
    layout.addWidget(QLabel("The tray timer is coming. Meanwhile, track time with: smfocus start"))
    window.show()
    return int(app.exec())
