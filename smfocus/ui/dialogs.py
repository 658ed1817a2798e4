"""Small dialogs: a new task, an interruption, a switch during focus, errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from smfocus.core.categories import SUGGESTIONS as CATEGORY_SUGGESTIONS
from smfocus.core.i18n import _
from smfocus.ui import plain


class NewTaskDialog(QDialog):
    """Pick a project, name a task, optionally a category. Values via ``values()``."""

    def __init__(
        self,
        projects: list[str],
        categories: list[str],
        parent: QWidget | None = None,
        tasks: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``tasks``: the existing task names of each project, offered as you type."""
        super().__init__(parent)
        self.setWindowTitle(_("Start focus on a task"))
        self._tasks = tasks or {}
        self.project = QComboBox()
        self.project.addItems(projects)
        self.task = QLineEdit()
        self.task.setPlaceholderText(_("e.g. Plan next week's posts"))
        # Room for the example and then some: task names run longer than it.
        self.task.setMinimumWidth(
            self.task.fontMetrics().horizontalAdvance(self.task.placeholderText()) * 3 // 2
        )
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.task.setCompleter(completer)
        self.project.currentTextChanged.connect(self._offer_tasks)
        self._offer_tasks(self.project.currentText())
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItem("")
        self.category.addItems(sorted(set(categories) | set(CATEGORY_SUGGESTIONS)))
        form = QFormLayout(self)
        form.addRow(_("Project"), self.project)
        form.addRow(_("Task"), self.task)
        form.addRow(_("Category"), self.category)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start focus"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _offer_tasks(self, project: str) -> None:
        self.completions.setStringList(sorted(self._tasks.get(project, ()), key=str.casefold))

    def values(self) -> tuple[str, str | None, str | None]:
        task = self.task.text().strip() or None
        category = self.category.currentText().strip() or None
        return self.project.currentText(), task, category if task else None


class InterruptionDialog(QDialog):
    """Log an interruption: internal (your own urge) or external (someone else)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Log an interruption"))
        self.external = QCheckBox(_("Someone else interrupted me (external)"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("optional note, e.g. client call"))
        form = QFormLayout(self)
        form.addRow(self.external)
        form.addRow(_("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[bool, str | None]:
        return self.external.isChecked(), self.note.text().strip() or None


def confirm_switch(current: str, target: str, parent: QWidget | None = None) -> bool:
    """Ask before breaking focus; True means switch (and log an interruption)."""
    box = plain.message_box(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Switch task?"))
    box.setText(_("You are focusing on {task}.").format(task=current))
    box.setInformativeText(_("Switch to {task} and log an interruption?").format(task=target))
    switch = box.addButton(_("Switch and log an interruption"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(_("Keep focus"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is switch


def show_error(message: str, parent: QWidget | None = None) -> None:
    box = plain.message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("smfocus")
    box.setText(message)
    box.exec()
