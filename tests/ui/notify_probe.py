"""Runs the Notifier in a real desktop session (a child process with its own
X display, tray host and bus) and prints, as one JSON object, which channel
delivered a phase-end notice and what the user could see.

    python notify_probe.py TITLE BODY

The parent test sets DISPLAY, QT_QPA_PLATFORM=xcb and DBUS_SESSION_BUS_ADDRESS.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon

from smfocus.ui.notify import Notifier

# A tray host may still be starting; this bounds the wait, it measures nothing.
TRAY_WAIT_S = 20.0


def main(argv: list[str]) -> int:
    title, body = argv[1], argv[2]
    app = QApplication(argv[:1])
    deadline = time.monotonic() + TRAY_WAIT_S
    while not QSystemTrayIcon.isSystemTrayAvailable() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("tomato"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.show()
    notifier = Notifier(tray=tray)
    report: dict[str, object] = {}

    def deliver() -> None:
        report["channel"] = notifier.notify(title, body).value

    def look() -> None:
        report["visible"] = {
            widget.metaObject().className(): sorted(
                label.text() for label in widget.findChildren(QLabel) if label.text()
            )
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible()
        }
        app.quit()

    QTimer.singleShot(0, deliver)
    QTimer.singleShot(0, look)
    app.exec()
    notifier.close()
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
