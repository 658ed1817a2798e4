"""User text (project and task names, notes, error sentences that quote them)
shown by Qt as typed, never as markup.

Qt guesses: a label, a message box or a tooltip whose text looks like HTML
(``Qt::mightBeRichText``) is rendered as HTML, so a task named
``<img src="file:///…">`` would load a local file into the window. Menu items
and buttons read ``&`` as the mark of a keyboard shortcut, so "R&D" would show
as "RD". Each helper here closes one of those doors.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as typed."""
    made = QLabel(parent)
    made.setTextFormat(Qt.TextFormat.PlainText)
    made.setText(text)
    return made


def message_box(parent: QWidget | None = None) -> QMessageBox:
    """A message box whose text and informative text show as typed."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def tooltip(text: str) -> str:
    """``text`` for a tooltip, which has no text format of its own: as escaped
    rich text, which Qt always renders, showing the characters as typed (line
    breaks kept)."""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def menu_text(text: str) -> str:
    """``text`` for a menu item or a button: a literal ``&`` is written ``&&``."""
    return text.replace("&", "&&")
