"""Every text a window shows, gathered for the pseudo-language check."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)


def widget_texts(root: QWidget, *, hidden: bool = False) -> list[str]:
    """Titles, labels, buttons, placeholders, tooltips, tabs, menu entries, list
    and table headers of ``root`` and its children (shown ones, unless ``hidden``)."""
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not hidden and not widget.isVisibleTo(root) and widget is not root:
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QMenu):
            texts.extend(menu_texts(widget))
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(column)
                texts.append(item.text() if item else "")
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            texts.extend(header.text(i) for i in range(header.columnCount()))
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(i).text() for i in range(widget.count()))
    return [text for text in texts if text]


def menu_texts(menu: QMenu) -> list[str]:
    texts = [menu.title()]
    for action in menu.actions():
        texts.append(action.text())
        texts.append(action.toolTip() if action.toolTip() != action.text() else "")
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            texts.extend(menu_texts(submenu))
    return [text.replace("&", "") for text in texts if text]
