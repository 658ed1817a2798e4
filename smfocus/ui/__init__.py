"""The only home of PySide6, pyqtgraph and plyer."""
