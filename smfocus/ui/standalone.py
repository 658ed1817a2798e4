"""One window on its own, without the tray: ``smfocus charts``, ``smfocus timeline``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from smfocus.core.clock import SystemClock
from smfocus.core.localtime import local_zone
from smfocus.tracker import Tracker
from smfocus.ui import qt_language


def run_alone(data_dir: Path, url: str | None, make: Callable[[Tracker], QWidget]) -> int:
    """Open the store, show the window ``make`` builds on it, run Qt until it closes."""
    from smfocus.store.database import open_store

    # Opened before any window: a database the user must fix (locked, newer,
    # not a database) is a UserError, which the CLI prints as one line.
    store = open_store(data_dir, url)
    try:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        app.setApplicationName("smfocus")
        qt_language.install(app)
        window = make(Tracker(store, SystemClock(), local_zone()))
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
