"""``smfocus charts``: the charts window on its own, without the tray.

The window follows changes made by the tray or the CLI by itself (see
charts_window.py), so it can stay open beside them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from smfocus.core.clock import SystemClock
from smfocus.core.localtime import local_zone


def main(data_dir: Path, url: str | None = None) -> int:
    from smfocus.insights import Insights
    from smfocus.store.database import open_store
    from smfocus.tracker import Tracker

    # Opened before any window: a database the user must fix (locked, newer,
    # not a database) is a UserError, which the CLI prints as one line.
    store = open_store(data_dir, url)
    try:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        app.setApplicationName("smfocus")
        from smfocus.ui.charts_window import ChartsWindow

        window = ChartsWindow(Insights(Tracker(store, SystemClock(), local_zone())))
        try:
            window.show()
            return int(app.exec())
        finally:
            # Delete the window while Qt still runs: left to the interpreter's exit,
            # PySide6 destroys it after parts of Qt are gone and the process crashes.
            window.close()
            window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    finally:
        store.dispose()
