"""The Projects window's budget and weekly hours: saved with the project, and a
raised commitment beyond capacity says by how much and who would give."""

# mypy: disable-error-code="no-untyped-call"
from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smfocus.planning import PlanChange, project_plan, set_plan_setting, set_project_plan
from smfocus.tracker import Tracker
from smfocus.ui.projects_window import ProjectsWindow


def _type(qtbot: QtBot, edit: object, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def test_budget_and_weekly_hours_are_saved_and_an_overrun_is_said(
    qtbot: QtBot, tracker: Tracker
) -> None:
    set_plan_setting(tracker, "plan.capacity", "20h")
    tracker.add_project("Bloom", priority="1")
    tracker.add_project("Gym", priority="5")
    set_project_plan(tracker, "Gym", PlanChange(commit="8h"))
    window = ProjectsWindow(tracker)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.select_project("Bloom")
    fields = window.plan_fields
    _type(qtbot, fields.budget_edit, "20h/month")
    _type(qtbot, fields.commit_edit, "16h")
    assert window.save_project()
    plan = project_plan(tracker, "Bloom")
    assert (plan.budget_text, plan.commit_seconds) == ("20h/month", 16 * 3600)
    status = window.status.text()
    assert "Over your weekly capacity by 4.00 h" in status and "Gym (8.00 h)" in status
    window.select_project("Gym")
    assert fields.commit_edit.text() == "8h" and fields.budget_edit.text() == ""


def test_a_budget_that_cannot_be_read_keeps_the_project_unsaved(
    qtbot: QtBot, tracker: Tracker
) -> None:
    tracker.add_project("Bloom", rate="40")
    window = ProjectsWindow(tracker)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.select_project("Bloom")
    _type(qtbot, window.rate_edit, "50")
    _type(qtbot, window.plan_fields.budget_edit, "20 hours")
    assert not window.save_project()
    assert "20h/month" in window.plan_fields.budget_message.text()
    assert next(p for p in tracker.projects() if p.name == "Bloom").rate_cents == 4000
