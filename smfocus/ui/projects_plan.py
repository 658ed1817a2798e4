"""The Projects window's retainer and commitment fields: a monthly budget
(20h/month or 900EUR/month), rollover, and hours promised per week. Saving a
raised commitment beyond the weekly capacity says by how much and which
lower-priority commitments would have to give; the change is kept, the
decision is the user's.

Saved after the project's own fields, in a transaction of its own (planning.
set_project_plan), once the project exists under its new name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit

from smfocus.core import fmt
from smfocus.core.budget import Overcommit, parse_budget
from smfocus.core.i18n import _
from smfocus.errors import UserError
from smfocus.planning import PlanChange, project_plan, set_project_plan
from smfocus.tracker import Tracker
from smfocus.ui.forms import with_message
from smfocus.ui.words import explain


def overcommit_text(over: Overcommit) -> str:
    sentences = [_("Over your weekly capacity by {hours}.").format(hours=fmt.hours(over.over))]
    if over.give:
        names = ", ".join(
            _("{project} ({hours})").format(project=c.project, hours=fmt.hours(c.seconds))
            for c in over.give
        )
        sentences.append(
            _("To fit, these lower-priority commitments would have to give: {names}.").format(
                names=names
            )
        )
    if over.short:
        sentences.append(
            _("{hours} cannot fit by lowering others: say no, or raise the capacity.").format(
                hours=fmt.hours(over.short)
            )
        )
    return " ".join(sentences)


class PlanFields:
    def __init__(self, tracker: Tracker, form: QFormLayout) -> None:
        self.tracker = tracker
        self.budget_edit = QLineEdit()
        self.budget_edit.setPlaceholderText(_("e.g. 20h/month or 900EUR/month"))
        self.budget_edit.setToolTip(_("The monthly retainer, in hours or money."))
        self.rollover_check = QCheckBox(_("Carry unused hours into the next month"))
        self.commit_edit = QLineEdit()
        self.commit_edit.setPlaceholderText(_("e.g. 8h"))
        self.commit_edit.setToolTip(_("Hours per week you promise this project."))
        self.commit_edit.setFixedWidth(140)
        self.commit_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        budget_cell, self.budget_message = with_message(self.budget_edit)
        commit_cell, self.commit_message = with_message(self.commit_edit, grow=False)
        form.addRow(_("Budget"), budget_cell)
        form.addRow("", self.rollover_check)
        form.addRow(_("Hours a week"), commit_cell)
        self.budget_edit.textEdited.connect(lambda _text: self.budget_message.clear_error())
        self.commit_edit.textEdited.connect(lambda _text: self.commit_message.clear_error())

    def show(self, name: str | None) -> None:
        plan = project_plan(self.tracker, name) if name is not None else None
        self.budget_edit.setText(plan.budget_text if plan else "")
        self.rollover_check.setChecked(plan.rollover if plan else False)
        seconds = plan.commit_seconds if plan else None
        self.commit_edit.setText(f"{seconds / 3600:g}h" if seconds else "")
        self.budget_message.clear_error()
        self.commit_message.clear_error()

    def check(self) -> bool:
        """Read the fields before anything is saved; False (and a message) if one is wrong."""
        try:
            parse_budget(self.budget_edit.text())
        except UserError as error:
            self.budget_message.show_error(explain(error), self.budget_edit)
            return False
        return True

    def save(self, name: str) -> str | None:
        """Store the fields; the over-capacity sentence, or None."""
        change = PlanChange(
            budget=parse_budget(self.budget_edit.text()),
            rollover=self.rollover_check.isChecked(),
            commit=self.commit_edit.text().strip(),
        )
        try:
            over = set_project_plan(self.tracker, name, change)
        except UserError as error:
            self.commit_message.show_error(explain(error), self.commit_edit)
            return None
        return overcommit_text(over) if over is not None else None
