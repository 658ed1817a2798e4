"""The Projects & tasks window: create and edit projects, and the tasks of each.

Every save is one ``Tracker`` call (one transaction). Fields are checked with
the validators of ``smfocus.core.validation`` before the call, so a refused
value is named under its own field and nothing is written; a ``UserError``
the tracker raises anyway (a name taken meanwhile by the CLI, a locked
database) is shown in place as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QHideEvent, QIcon, QKeyEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smfocus.core import fmt, validation
from smfocus.core.categories import SUGGESTIONS as CATEGORY_SUGGESTIONS
from smfocus.core.i18n import N_, _
from smfocus.core.records import ProjectRecord, TaskRecord
from smfocus.errors import ConflictError, UserError
from smfocus.tracker import Tracker
from smfocus.ui import plain
from smfocus.ui.forms import FieldMessage, set_tab_order, with_message
from smfocus.ui.projects_plan import PlanFields
from smfocus.ui.words import explain

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "JPY")
VALUE_PERIOD_LABELS = {"month": N_("per month"), "result": N_("per result")}
PRIORITY_LABELS = {
    "urgent": N_("Urgent"), "high": N_("High"), "normal": N_("Normal"),
    "low": N_("Low"), "someday": N_("Someday"),
}  # fmt: skip
ARCHIVED_GREY = QColor("#8a8a8a")
TASK_COLUMNS = (N_("Task"), N_("Category"), N_("Estimate"), N_("Done"))
NORMAL_PRIORITY = validation.PRIORITIES["normal"]
T = TypeVar("T")


def money_text(cents: int | None) -> str:
    """Cents as a user would type them: 45, 45.50 (45,50 in French); empty for no figure."""
    if cents is None:
        return ""
    whole, rest = divmod(cents, 100)
    if not rest:
        return str(whole)
    return f"{whole},{rest:02d}" if fmt.french() else f"{whole}.{rest:02d}"


def project_tip(project: ProjectRecord) -> str:
    """The figures of a project at a glance, as people read money (``1 500,00 €``)."""
    lines = [project.name]
    if project.client:
        lines.append(_("Client: {client}").format(client=project.client))
    if project.rate_cents is not None:
        rate = fmt.money(project.rate_cents, project.currency)
        lines.append(_("Rate: {money} an hour").format(money=rate))
    if project.value_cents is not None:
        value = fmt.money(project.value_cents, project.currency)
        if project.value_per == "result":
            lines.append(_("Value: {money} per result").format(money=value))
        else:
            lines.append(_("Value: {money} per month").format(money=value))
    return "\n".join(lines)


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ProjectsWindow(QWidget):
    """Projects (name, colour, hourly rate, value, priority, archived) and their tasks
    (name, category, estimate in pomodoros, done).

    The list on the left holds the projects, archived ones only while "Show
    archived" is ticked (and then greyed). Selecting one fills the project form
    and lists its tasks; "New project" empties the form for a new one. Enter
    saves the form the keyboard focus is in; Esc closes the window. Each time
    the window opens again it reads the database afresh (the CLI may have
    changed it).

    Signals:
        changed(): after a project or a task was saved, so the tray can
            refresh its menu.
        import_requested(), export_requested(): the Import… or Export…
            button was pressed (the app owns those dialogs).
    """

    changed = Signal()
    import_requested = Signal()
    export_requested = Signal()

    def __init__(self, tracker: Tracker, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.tracker = tracker
        self.setWindowTitle(_("smfocus: projects and tasks"))
        self._projects: list[ProjectRecord] = []
        self._project: ProjectRecord | None = None  # the one in the form; None: a new one
        self._colour: str | None = None  # None on a new project: the tracker picks one
        self._tasks: list[TaskRecord] = []
        self._task: TaskRecord | None = None  # the one in the task form; None: a new one
        self._stale = False

        self._build_project_list()
        self._build_project_form()
        self._build_tasks()

        self.status = plain.label("")
        self.status.setAccessibleName(_("Status"))
        # A long sentence (an over-capacity warning, longer still in French) wraps
        # rather than widening the window past the screen.
        self.status.setWordWrap(True)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.close)
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.setToolTip(
            _("Bring in history from Toggl, Clockify, Watson, Timewarrior")
        )
        self.import_button.clicked.connect(self.import_requested)
        self.export_button = QPushButton(_("E&xport…"))
        self.export_button.clicked.connect(self.export_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)

        right = QVBoxLayout()
        right.addWidget(self.project_box)
        right.addWidget(self.tasks_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(self.left, 0)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

        set_tab_order(
            self.project_list,
            self.show_archived,
            self.new_project_button,
            self.name_edit,
            self.client_edit,
            self.colour_button,
            self.rate_edit,
            self.currency_combo,
            self.value_edit,
            self.value_per_combo,
            self.priority_combo,
            self.archived_check,
            self.save_project_button,
            self.task_list,
            self.task_name_edit,
            self.category_combo,
            self.estimate_spin,
            self.done_check,
            self.new_task_button,
            self.save_task_button,
            self.import_button,
            self.export_button,
            self.close_button,
        )
        self.resize(860, 640)
        self._new_project_form()
        self.reload()  # after the form is reset, so a read error stays on show
        # Open on the most pressing live project (the list is in priority order).
        live = [project for project in self._projects if not project.archived]
        if live:
            self.select_project(live[0].name)

    # -- building -------------------------------------------------------------

    def _build_project_list(self) -> None:
        self.project_list = QListWidget()
        self.project_list.setAccessibleName(_("Projects"))
        self.project_list.setMinimumWidth(200)
        self.project_list.currentItemChanged.connect(self._project_picked)
        self.show_archived = QCheckBox(_("Sho&w archived"))
        self.show_archived.toggled.connect(self._show_archived_toggled)
        self.new_project_button = QPushButton(_("New pro&ject"))
        self.new_project_button.clicked.connect(self.new_project)
        heading = QLabel(_("&Projects"))
        heading.setBuddy(self.project_list)
        self.left = QVBoxLayout()
        self.left.addWidget(heading)
        self.left.addWidget(self.project_list, 1)
        self.left.addWidget(self.show_archived)
        self.left.addWidget(self.new_project_button)

    def _build_project_form(self) -> None:
        self.project_box = QGroupBox(_("New project"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. Acme Bakery Instagram"))
        self.client_edit = QLineEdit()
        self.client_edit.setPlaceholderText(_("e.g. Acme Bakery (optional)"))
        self.client_edit.setToolTip(_("Who the project is for; several projects may share one."))
        self.colour_button = QPushButton()
        self.colour_button.setToolTip(_("Choose the colour this project has in lists and charts."))
        self.colour_button.clicked.connect(self.choose_colour)
        self.rate_edit = QLineEdit()
        self.rate_edit.setPlaceholderText(_("e.g. 45 or 45.50"))
        self.rate_edit.setToolTip(
            _("The hourly rate: what an hour of your work on this project costs.")
        )
        self.currency_combo = QComboBox()
        self.currency_combo.setEditable(True)
        self.currency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.currency_combo.addItems(CURRENCIES)
        self.currency_combo.setMinimumContentsLength(4)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText(_("e.g. 2000"))
        self.value_edit.setToolTip(_("What the project brings in: the other half of its ROI."))
        self.value_per_combo = QComboBox()
        for period, label in VALUE_PERIOD_LABELS.items():
            self.value_per_combo.addItem(_(label), period)
        self.priority_combo = QComboBox()
        for word, level in validation.PRIORITIES.items():
            self.priority_combo.addItem(_(PRIORITY_LABELS[word]), level)
        self.archived_check = QCheckBox(_("Archived (hidden from the tray; its history stays)"))
        self.save_project_button = QPushButton(_("&Save project"))
        self.save_project_button.clicked.connect(self.save_project)

        name_cell, self.name_message = with_message(self.name_edit)
        client_cell, self.client_message = with_message(self.client_edit)
        colour_cell, _message = with_message(self.colour_button, grow=False)
        for amount in (self.rate_edit, self.value_edit):
            # Wide enough for 1,000,000.00; a money field as wide as the name
            # field would look like a place for words.
            amount.setFixedWidth(140)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        rate_cell, self.rate_message = with_message(
            self.rate_edit, self.currency_combo, grow=False
        )
        value_cell, self.value_message = with_message(
            self.value_edit, self.value_per_combo, grow=False
        )
        priority_cell, _message = with_message(self.priority_combo, grow=False)
        self.project_message = FieldMessage()  # errors that are no single field's fault

        form = QFormLayout(self.project_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self._label(_("&Name"), self.name_edit), name_cell)
        form.addRow(self._label(_("Clien&t"), self.client_edit), client_cell)
        form.addRow(self._label(_("Co&lour"), self.colour_button), colour_cell)
        form.addRow(self._label(_("Hourly &rate"), self.rate_edit), rate_cell)
        form.addRow(self._label(_("Val&ue"), self.value_edit), value_cell)
        form.addRow(self._label(_("P&riority"), self.priority_combo), priority_cell)
        self.plan_fields = PlanFields(self.tracker, form)
        form.addRow("", self.archived_check)
        form.addRow(self.project_message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_project_button)
        form.addRow(buttons)
        # A message goes as soon as the user touches its field: it was about the old value.
        self.name_edit.textEdited.connect(lambda _text: self.name_message.clear_error())
        self.client_edit.textEdited.connect(lambda _text: self.client_message.clear_error())
        self.rate_edit.textEdited.connect(lambda _text: self.rate_message.clear_error())
        self.currency_combo.editTextChanged.connect(lambda _text: self.rate_message.clear_error())
        self.value_edit.textEdited.connect(lambda _text: self.value_message.clear_error())

    def _build_tasks(self) -> None:
        self.tasks_box = QGroupBox(_("Tasks"))
        self.task_list = QTreeWidget()
        self.task_list.setAccessibleName(_("Tasks"))
        self.task_list.setColumnCount(len(TASK_COLUMNS))
        self.task_list.setHeaderLabels([_(column) for column in TASK_COLUMNS])
        self.task_list.setRootIsDecorated(False)
        self.task_list.setUniformRowHeights(True)
        self.task_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.task_list.header()
        header.setStretchLastSection(False)  # the name column takes the spare width
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(TASK_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.task_list.currentItemChanged.connect(self._task_picked)

        self.task_name_edit = QLineEdit()
        self.task_name_edit.setPlaceholderText(_("e.g. Plan next week's posts"))
        self.category_combo = QComboBox()
        self.category_combo.setEditable(True)
        # Typing a new category and pressing Enter saves the task; it must not
        # also add an item to the list behind the user's back.
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category_combo.setMinimumContentsLength(16)
        self.estimate_spin = QSpinBox()
        self.estimate_spin.setRange(0, validation.MAX_ESTIMATE)
        # 0 is never a real estimate (the validator starts at 1): it stands for
        # "no estimate", shown as a word instead of a number.
        self.estimate_spin.setSpecialValueText(_("none"))
        self.estimate_spin.setSuffix(" " + _("pomodoros"))  # a unit, not a sentence
        self.estimate_spin.setMinimumWidth(130)
        self.done_check = QCheckBox(_("&Done"))
        self.new_task_button = QPushButton(_("New tas&k"))
        self.new_task_button.clicked.connect(self.new_task)
        self.save_task_button = QPushButton(_("S&ave task"))
        self.save_task_button.clicked.connect(self.save_task)

        task_cell, self.task_name_message = with_message(self.task_name_edit)
        category_cell, self.category_message = with_message(self.category_combo)
        estimate_cell, self.estimate_message = with_message(
            self.estimate_spin, self.done_check, grow=False
        )
        self.task_message = FieldMessage()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self._label(_("Task na&me"), self.task_name_edit), task_cell)
        form.addRow(self._label(_("Cate&gory"), self.category_combo), category_cell)
        form.addRow(self._label(_("&Estimate"), self.estimate_spin), estimate_cell)
        form.addRow(self.task_message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_task_button)
        buttons.addWidget(self.save_task_button)
        form.addRow(buttons)
        self.task_name_edit.textEdited.connect(lambda _text: self.task_name_message.clear_error())
        self.category_combo.editTextChanged.connect(
            lambda _text: self.category_message.clear_error()
        )
        self.estimate_spin.valueChanged.connect(lambda _value: self.estimate_message.clear_error())

        box = QVBoxLayout(self.tasks_box)
        box.addWidget(self.task_list, 1)
        box.addLayout(form)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        # The buddy is the field itself, not its cell: Alt+letter lands in it.
        label.setBuddy(buddy)
        return label

    # -- reading --------------------------------------------------------------

    def reload(self) -> None:
        """Read projects (and the shown project's tasks) from the database again."""
        try:
            self._projects = self.tracker.projects()
        except UserError as error:
            self.project_message.show_error(explain(error))
            return
        if self._project is not None:
            fresh = self._find(self._project.id)
            if fresh is None:  # no longer in the database: nothing left to edit
                self._new_project_form()
            else:
                self._project = fresh
        self._fill_list()

    def _find(self, project_id: int) -> ProjectRecord | None:
        return next((p for p in self._projects if p.id == project_id), None)

    def _fill_list(self) -> None:
        self.project_list.blockSignals(True)  # refilling is not the user picking
        try:
            self.project_list.clear()
            shown = self.show_archived.isChecked()
            for project in self._projects:
                if project.archived and not shown:
                    continue
                item = QListWidgetItem(swatch(project.colour), project.name)
                item.setData(Qt.ItemDataRole.UserRole, project.id)
                item.setToolTip(plain.tooltip(project_tip(project)))
                if project.archived:
                    item.setText(_("{name} (archived)").format(name=project.name))
                    item.setForeground(QBrush(ARCHIVED_GREY))
                    font = QFont(item.font())
                    font.setItalic(True)
                    item.setFont(font)
                self.project_list.addItem(item)
                if self._project is not None and project.id == self._project.id:
                    self.project_list.setCurrentItem(item)
        finally:
            self.project_list.blockSignals(False)

    def _load_tasks(self) -> None:
        assert self._project is not None
        try:
            self._tasks = self.tracker.tasks(self._project.name)
            every_task = self.tracker.tasks()
        except UserError as error:
            self.task_message.show_error(explain(error))
            return
        used = {task.category for task in every_task if task.category}
        text = self.category_combo.currentText()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem("")
        self.category_combo.addItems(sorted(used | set(CATEGORY_SUGGESTIONS), key=str.casefold))
        self.category_combo.setEditText(text)
        self.category_combo.blockSignals(False)

        self.task_list.blockSignals(True)
        try:
            self.task_list.clear()
            for task in self._tasks:
                estimate = str(task.estimate_pomodoros) if task.estimate_pomodoros else ""
                item = QTreeWidgetItem(
                    [task.name, task.category or "", estimate, "✓" if task.done else ""]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, task.id)
                item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight)
                item.setTextAlignment(3, Qt.AlignmentFlag.AlignCenter)
                if task.done:
                    for column in range(len(TASK_COLUMNS)):
                        item.setForeground(column, QBrush(ARCHIVED_GREY))
                self.task_list.addTopLevelItem(item)
                if self._task is not None and task.id == self._task.id:
                    self.task_list.setCurrentItem(item)
        finally:
            self.task_list.blockSignals(False)
        if self._task is not None:
            self._task = next((t for t in self._tasks if t.id == self._task.id), None)

    # -- the project form -----------------------------------------------------

    def select_project(self, name: str) -> None:
        """Show the project ``name`` (compared as the tracker compares names)."""
        key = validation.name_key(name)
        project = next((p for p in self._projects if validation.name_key(p.name) == key), None)
        if project is None:
            return
        if project.archived and not self.show_archived.isChecked():
            self.show_archived.setChecked(True)  # refills the list
        self._show_project(project)
        self._fill_list()

    def new_project(self) -> None:
        """Empty the form for a new project and put the cursor in its name."""
        self.project_list.setCurrentRow(-1)
        self._new_project_form()
        self.name_edit.setFocus()

    def _new_project_form(self) -> None:
        self._project = None
        self._clear_project_messages()
        self.project_box.setTitle(_("New project"))
        self.name_edit.clear()
        self.client_edit.clear()
        self._set_colour(None)
        self.rate_edit.clear()
        self.currency_combo.setEditText("EUR")
        self.value_edit.clear()
        self.value_per_combo.setCurrentIndex(0)
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(NORMAL_PRIORITY))
        self.plan_fields.show(None)
        self.archived_check.setChecked(False)
        # A new project cannot be archived: add_project has no such argument,
        # and adding then archiving would be two transactions.
        self.archived_check.setEnabled(False)
        self._task = None
        self._tasks = []
        self.task_list.clear()
        self._clear_task_form()
        self.tasks_box.setTitle(_("Tasks (save the project first)"))
        self.tasks_box.setEnabled(False)

    def _show_project(self, project: ProjectRecord) -> None:
        self._project = project
        self._clear_project_messages()
        self.project_box.setTitle(_("Project: {name}").format(name=project.name))
        self.name_edit.setText(project.name)
        self.client_edit.setText(project.client or "")
        self._set_colour(project.colour)
        self.rate_edit.setText(money_text(project.rate_cents))
        self.currency_combo.setEditText(project.currency)
        self.value_edit.setText(money_text(project.value_cents))
        self.value_per_combo.setCurrentIndex(self.value_per_combo.findData(project.value_per))
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(project.priority))
        self.plan_fields.show(project.name)
        self.archived_check.setEnabled(True)
        self.archived_check.setChecked(project.archived)
        self.tasks_box.setEnabled(True)
        self.tasks_box.setTitle(_("Tasks of {name}").format(name=project.name))
        self._task = None
        self._clear_task_form()
        self._load_tasks()

    def _set_colour(self, colour: str | None) -> None:
        self._colour = colour
        if colour is None:
            self.colour_button.setIcon(QIcon())
            self.colour_button.setText(_("Automatic"))
        else:
            self.colour_button.setIcon(swatch(colour, 16))
            self.colour_button.setText(colour)  # whole: an ellipsis read as a cut code

    def choose_colour(self) -> None:
        initial = QColor(self._colour) if self._colour else QColor("#3b82f6")
        chosen = self.ask_colour(initial)
        if chosen.isValid():
            self._set_colour(chosen.name())  # #rrggbb, the form validation.colour wants

    def ask_colour(self, initial: QColor) -> QColor:
        """The modal colour picker; a test replaces this to answer without a dialog."""
        return QColorDialog.getColor(initial, self, _("Project colour"))

    def save_project(self) -> bool:
        """Check the form, then add or edit the project in one transaction; True if saved."""
        self._clear_project_messages()
        self.status.clear()
        rate = self.rate_edit.text()
        currency = self.currency_combo.currentText().strip()
        value = self.value_edit.text()
        name_ok, name = _checked(self.name_message, self.name_edit, self._project_name)
        # Rate and currency share one message line: the rate's error comes first.
        money_ok = (
            _checked(
                self.rate_message,
                self.rate_edit,
                lambda: validation.money_cents(rate, "hourly rate") if rate else None,
            )[0]
            and _checked(
                self.rate_message, self.currency_combo, lambda: validation.currency(currency)
            )[0]
        )
        value_ok, _amount = _checked(
            self.value_message,
            self.value_edit,
            lambda: validation.money_cents(value, "value") if value else None,
        )
        client = self.client_edit.text().strip()
        client_ok, _client = _checked(
            self.client_message,
            self.client_edit,
            lambda: validation.name(client, "client") if client else None,
        )
        plan_ok = self.plan_fields.check()
        if not (name_ok and money_ok and value_ok and client_ok and plan_ok) or name is None:
            return False
        fields = {
            "colour": self._colour,
            "rate": rate,
            "currency": currency,
            "value": value,
            "value_per": str(self.value_per_combo.currentData()),
            "priority": str(self.priority_combo.currentData()),
            "client": client,  # empty: no client
        }
        try:
            if self._project is None:
                saved = self.tracker.add_project(name, **fields)
            else:
                saved = self.tracker.edit_project(
                    self._project.name,
                    new_name=name,
                    archived=self.archived_check.isChecked(),
                    **fields,
                )
        except ConflictError as error:  # the name was taken after the form checked it
            self.name_message.show_error(explain(error), self.name_edit)
            return False
        except UserError as error:
            self.project_message.show_error(explain(error))
            return False
        created = self._project is None
        over = self.plan_fields.save(saved.name)
        self._project = saved
        self.reload()
        self._show_project(saved)
        self.status.setText(" ".join(filter(None, [self._saved_text(saved, created), over])))
        self.changed.emit()
        return True

    def _project_name(self) -> str:
        name = validation.name(self.name_edit.text(), "project")
        clash = self._clash(name)
        if clash is not None and clash.archived:
            raise UserError(
                _(
                    "A project named {name} already exists (it is archived: tick Show"
                    " archived); pick it in the list to change it, or choose another name."
                ).format(name=repr(clash.name))
            )
        if clash is not None:
            raise UserError(
                _(
                    "A project named {name} already exists; pick it in the list to change"
                    " it, or choose another name."
                ).format(name=repr(clash.name))
            )
        return name

    def _clash(self, name: str) -> ProjectRecord | None:
        """Another project whose name the tracker would take for ``name``."""
        key = validation.name_key(name)
        for project in self._projects:
            if validation.name_key(project.name) == key and (
                self._project is None or project.id != self._project.id
            ):
                return project
        return None

    def _saved_text(self, project: ProjectRecord, created: bool) -> str:
        if created:
            return _("Added {name}.").format(name=project.name)
        if project.archived and not self.show_archived.isChecked():
            return _("Saved {name}; archived projects are listed under Show archived.").format(
                name=project.name
            )
        return _("Saved {name}.").format(name=project.name)

    def _clear_project_messages(self) -> None:
        for message in (
            self.name_message,
            self.client_message,
            self.rate_message,
            self.value_message,
            self.project_message,
        ):
            message.clear_error()

    # -- the task form --------------------------------------------------------

    def select_task(self, name: str) -> None:
        key = validation.name_key(name)
        for index in range(self.task_list.topLevelItemCount()):
            item = self.task_list.topLevelItem(index)
            if item is not None and validation.name_key(item.text(0)) == key:
                self.task_list.setCurrentItem(item)
                return

    def new_task(self) -> None:
        """Empty the task form for a new task of the shown project."""
        self.task_list.setCurrentIndex(QModelIndex())
        self._task = None
        self._clear_task_form()
        self.task_name_edit.setFocus()

    def _clear_task_form(self) -> None:
        self._clear_task_messages()
        self.task_name_edit.clear()
        self.category_combo.setEditText("")
        self.estimate_spin.setValue(0)
        self.done_check.setChecked(False)
        self.save_task_button.setText(_("&Add task") if self._task is None else _("S&ave task"))

    def _show_task(self, task: TaskRecord) -> None:
        self._task = task
        self._clear_task_messages()
        self.task_name_edit.setText(task.name)
        self.category_combo.setEditText(task.category or "")
        self.estimate_spin.setValue(task.estimate_pomodoros or 0)
        self.done_check.setChecked(task.done)
        self.save_task_button.setText(_("S&ave task"))

    def save_task(self) -> bool:
        """Add the task, or rename/edit the selected one, in one transaction; True if saved."""
        if self._project is None:
            return False
        self._clear_task_messages()
        self.status.clear()
        category = self.category_combo.currentText().strip()
        estimate = self.estimate_spin.value()
        name_ok, name = _checked(self.task_name_message, self.task_name_edit, self._task_name)
        category_ok, _category = _checked(
            self.category_message,
            self.category_combo,
            lambda: validation.name(category, "category") if category else None,
        )
        estimate_ok, _estimate = _checked(
            self.estimate_message, self.estimate_spin, lambda: self._estimate(estimate)
        )
        if not (name_ok and category_ok and estimate_ok) or name is None:
            return False
        try:
            if self._task is None:
                saved = self.tracker.add_task(
                    self._project.name,
                    name,
                    category or None,
                    estimate=estimate or None,  # a new task: "none" means leave it empty
                    done=self.done_check.isChecked(),
                )
            else:
                saved = self.tracker.edit_task(
                    self._project.name,
                    self._task.name,
                    new_name=name,
                    category=category,  # "" clears it
                    estimate=estimate,  # 0 clears it
                    done=self.done_check.isChecked(),
                )
        except ConflictError as error:
            self.task_name_message.show_error(explain(error), self.task_name_edit)
            return False
        except UserError as error:
            self.task_message.show_error(explain(error))
            return False
        created = self._task is None
        self._task = saved
        self._load_tasks()
        self._show_task(saved)
        done = _("Added task {name}.") if created else _("Saved task {name}.")
        self.status.setText(done.format(name=saved.name))
        self.changed.emit()
        return True

    def _task_name(self) -> str:
        name = validation.name(self.task_name_edit.text(), "task")
        key = validation.name_key(name)
        for task in self._tasks:
            if validation.name_key(task.name) == key and (
                self._task is None or task.id != self._task.id
            ):
                # Said here, beside the field, before add_task refuses it.
                raise UserError(
                    _(
                        "This project already has a task named {name}; pick it in the list"
                        " or choose another name."
                    ).format(name=repr(task.name))
                )
        return name

    def _estimate(self, count: int) -> int:
        """The estimate to save; 0 ("none") clears it, as edit_task reads 0."""
        return validation.estimate(count) if count else 0

    def _clear_task_messages(self) -> None:
        for message in (
            self.task_name_message,
            self.category_message,
            self.estimate_message,
            self.task_message,
        ):
            message.clear_error()

    # -- events ---------------------------------------------------------------

    def _project_picked(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        project = self._find(int(current.data(Qt.ItemDataRole.UserRole)))
        if project is not None:
            self.status.clear()
            self._show_project(project)

    def _task_picked(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        task_id = int(current.data(0, Qt.ItemDataRole.UserRole))
        task = next((t for t in self._tasks if t.id == task_id), None)
        if task is not None:
            self._show_task(task)

    def _show_archived_toggled(self, _checked: bool) -> None:
        self._fill_list()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        # Fields pass on the keys they do not use: Enter after typing saves the
        # form being typed in, Esc closes, as in a dialog. (Not a QDialog: one
        # default button cannot serve two forms.)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QAbstractButton) and not isinstance(focus, QCheckBox):
                focus.click()
            elif focus is self.project_list:  # picked with the arrows: now edit it
                self.name_edit.setFocus()
            elif focus is self.task_list:
                self.task_name_edit.setFocus()
            elif focus is not None and self.tasks_box.isAncestorOf(focus):
                self.save_task()
            elif focus is not None and self.project_box.isAncestorOf(focus):
                self.save_project()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # Opened again from the tray: show what is stored now (the CLI may
        # have changed it), not what the window held when it was closed.
        if self._stale and not event.spontaneous():
            self._stale = False
            self.reload()
            if self._project is not None:
                self._show_project(self._project)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        if not event.spontaneous():  # closed, not minimised
            self._stale = True
        super().hideEvent(event)


def _checked(
    message: FieldMessage, field: QWidget, check: Callable[[], T]
) -> tuple[bool, T | None]:
    """(True, what ``check()`` returned), or (False, None) after showing its
    UserError under ``field``; a message already showing (an earlier field of
    the same row) is kept."""
    try:
        return True, check()
    except UserError as error:
        if not message.message:
            message.show_error(explain(error), field)
        return False, None
