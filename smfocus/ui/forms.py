"""What the projects and settings windows share: a sentence under a field that
says what is wrong with it, the field marked beside it, and Enter/Esc handling.

The sentences themselves come from ``smfocus.core.validation`` (or from the
``UserError`` a use case raised): the windows show the rules, never restate them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smfocus.core.i18n import _

ERROR_COLOUR = "#b3261e"  # a red that stays readable (contrast > 5:1) on light grey
INVALID_BASE = "#fdecea"  # a pale tint: the field stands out without losing its frame


def mark(field: QWidget, invalid: bool) -> None:
    """Tint a field's background while its value is refused.

    A palette tint rather than a style sheet: a style sheet border replaces the
    platform's whole frame drawing and the field would change shape, not colour.
    """
    field.setProperty("invalid", invalid)
    if invalid:
        palette = field.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(INVALID_BASE))
        field.setPalette(palette)
    else:
        # An empty palette resolves nothing itself: the field inherits again.
        field.setPalette(QPalette())


class FieldMessage(QLabel):
    """One red sentence under a field; hidden, taking no room, while all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the sentence may quote a name
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setAccessibleName(_("Error"))
        self._marked: list[QWidget] = []
        self.hide()

    def show_error(self, message: str, *fields: QWidget) -> None:
        """Say ``message`` and mark ``fields`` (none for a message about the whole form)."""
        self.clear_error()
        self.setText(message)
        for field in fields:
            mark(field, True)
            # Screen readers announce the description with the field.
            field.setAccessibleDescription(message)
        self._marked = list(fields)
        self.show()
        grow_to_fit(self.window())

    def clear_error(self) -> None:
        for field in self._marked:
            mark(field, False)
            field.setAccessibleDescription("")
        self._marked = []
        self.setText("")
        self.hide()

    @property
    def message(self) -> str:
        return self.text() if not self.isHidden() else ""


def grow_to_fit(window: QWidget) -> None:
    """Make a shown window tall enough for wrapped messages that just appeared.

    A top-level window sizes itself by its layout's minimum size, which counts
    a word-wrapped label as one line; the height for the actual width is only
    known after the fact, so ask the layout for it and grow if short.
    """
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.activate()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
        if needed > window.height():
            window.resize(window.width(), needed)


def with_message(*fields: QWidget, grow: bool = True) -> tuple[QWidget, FieldMessage]:
    """The fields side by side with their message below, as one form-layout cell.

    The message lives inside the cell, not in a row of its own, so a hidden
    message takes no space and the form does not jump when it appears. The
    first field takes the spare width when ``grow``; otherwise the fields keep
    their natural size and the message still gets the whole width to wrap in.
    """
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for index, field in enumerate(fields):
        row.addWidget(field, 1 if grow and index == 0 else 0)
    if not grow:
        row.addStretch(1)
    column.addLayout(row)
    message = FieldMessage()
    column.addWidget(message)
    return cell, message


def set_tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (Qt's default is creation order)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
