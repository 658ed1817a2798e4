"""The Projects & tasks window on a real tracker: typed input in, database rows out.

Fields are filled the way a user fills them (qtbot typing and clicking); what
counts is what ``Tracker.projects()`` and ``Tracker.tasks()`` say afterwards.
Expected messages come from the validators themselves, so the tests check that
the window shows the rule's sentence, not a copy of it.
"""

# pytest-qt's QtBot key and mouse methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smfocus.core import validation
from smfocus.core.categories import SUGGESTIONS as CATEGORY_SUGGESTIONS
from smfocus.core.records import ProjectRecord, TaskRecord
from smfocus.errors import StoreError, UserError
from smfocus.store.rows import DEFAULT_COLOURS
from smfocus.tracker import Tracker
from smfocus.ui.projects_window import ProjectsWindow

LONG_NAME = "x" * 500


def sentence(check: Callable[[], object]) -> str:
    """The message a validator gives for a value (the test's expected text)."""
    with pytest.raises(UserError) as raised:
        check()
    return str(raised.value)


def type_text(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Replace what ``field`` holds by typing ``text``, as a user would."""
    edit = field.lineEdit() if isinstance(field, QComboBox) else field
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)


def set_spin(qtbot: QtBot, spin: QSpinBox, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    spin.interpretText()


def click(qtbot: QtBot, widget: QWidget) -> None:
    if isinstance(widget, QCheckBox):
        # Only the box and its text take clicks; a stretched check box's
        # centre may be empty space, so aim at the box.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pick(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def list_texts(window: ProjectsWindow) -> list[str]:
    return [window.project_list.item(row).text() for row in range(window.project_list.count())]


class Seen:
    """Counts a signal's emissions."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def open_window(qtbot: QtBot, tracker: Tracker) -> Iterator[Callable[[], ProjectsWindow]]:
    def make() -> ProjectsWindow:
        window = ProjectsWindow(tracker)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    yield make


@pytest.fixture
def seeded(tracker: Tracker) -> Tracker:
    tracker.add_project("Acme", rate="45", currency="EUR", value="2000", value_per="month")
    tracker.add_project("Beta", priority="low")
    tracker.add_task("Acme", "Plan posts", "scheduling posts", estimate=3)
    tracker.add_task("Acme", "Replies", "replies")
    return tracker


def project(tracker: Tracker, name: str) -> ProjectRecord:
    return next(p for p in tracker.projects() if p.name == name)


def task(tracker: Tracker, project_name: str, name: str) -> TaskRecord:
    return next(t for t in tracker.tasks(project_name) if t.name == name)


# -- creating and editing projects ---------------------------------------------


def test_a_new_project_with_every_field_is_saved(
    qtbot: QtBot, tracker: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    changed = Seen()
    window.changed.connect(changed)
    window.ask_colour = lambda initial: QColor("#123456")  # type: ignore[method-assign]

    click(qtbot, window.new_project_button)
    type_text(qtbot, window.name_edit, "  Acme   Bakery ")
    click(qtbot, window.colour_button)
    type_text(qtbot, window.rate_edit, "45.50")
    type_text(qtbot, window.currency_combo, "usd")
    type_text(qtbot, window.value_edit, "2,000")
    pick(window.value_per_combo, "per result")
    pick(window.priority_combo, "Urgent")
    click(qtbot, window.save_project_button)

    assert tracker.projects() == [
        ProjectRecord(
            id=tracker.projects()[0].id,
            name="Acme Bakery",
            colour="#123456",
            rate_cents=4550,
            currency="USD",
            value_cents=200_000,
            value_per="result",
            priority=1,
            archived=False,
        )
    ]
    assert changed.count == 1
    assert list_texts(window) == ["Acme Bakery"]
    assert window.project_box.title() == "Project: Acme Bakery"
    assert window.status.text() == "Added Acme Bakery."
    assert window.tasks_box.isEnabled()  # tasks can be added right away


def test_a_new_project_without_a_chosen_colour_gets_the_trackers_pick(
    qtbot: QtBot, tracker: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    assert window.colour_button.text() == "Automatic"
    type_text(qtbot, window.name_edit, "Acme")
    click(qtbot, window.save_project_button)
    saved = project(tracker, "Acme")
    assert saved.colour == DEFAULT_COLOURS[0]
    assert (saved.rate_cents, saved.value_cents, saved.priority) == (None, None, 3)
    # The whole code, with nothing that reads as cut, and room for it.
    button = window.colour_button
    assert button.text() == DEFAULT_COLOURS[0]
    needed = button.fontMetrics().horizontalAdvance(button.text()) + button.iconSize().width()
    assert button.width() > needed


def test_the_rate_has_one_name(open_window: Callable[[], ProjectsWindow]) -> None:
    window = open_window()
    labels = {label.text() for label in window.findChildren(QLabel)}
    assert "Hourly &rate" in labels
    assert not any("cost" in text.casefold() for text in labels)


def test_an_existing_project_is_renamed_and_edited(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    assert window.rate_edit.text() == "45"
    assert window.value_edit.text() == "2000"
    changed = Seen()
    window.changed.connect(changed)

    type_text(qtbot, window.name_edit, "Acme Corp")
    type_text(qtbot, window.rate_edit, "")  # no rate any more
    type_text(qtbot, window.value_edit, "99.99")
    pick(window.value_per_combo, "per result")
    pick(window.priority_combo, "Someday")
    click(qtbot, window.save_project_button)

    saved = project(seeded, "Acme Corp")
    assert (saved.rate_cents, saved.value_cents, saved.value_per, saved.priority) == (
        None,
        9999,
        "result",
        5,
    )
    assert [t.name for t in seeded.tasks("Acme Corp")] == ["Plan posts", "Replies"]
    assert changed.count == 1
    assert "Acme Corp" in list_texts(window)
    assert window.tasks_box.title() == "Tasks of Acme Corp"


def test_enter_saves_the_project_form_and_esc_closes(
    qtbot: QtBot, tracker: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    type_text(qtbot, window.name_edit, "Acme")
    qtbot.keyClick(window.name_edit, Qt.Key.Key_Return)
    assert [p.name for p in tracker.projects()] == ["Acme"]

    qtbot.keyClick(window.name_edit, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_keyboard_alone_picks_a_task_and_saves_it(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.select_project("Acme")
    window.task_list.setFocus()
    qtbot.keyClick(window.task_list, Qt.Key.Key_Down)  # the first task: Plan posts
    qtbot.keyClick(window.task_list, Qt.Key.Key_Down)  # Replies
    qtbot.keyClick(window.task_list, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.task_name_edit
    assert window.task_name_edit.text() == "Replies"
    qtbot.keyClick(window.task_name_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.category_combo
    qtbot.keyClick(window.category_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.estimate_spin
    qtbot.keyClicks(window.estimate_spin, "2")
    qtbot.keyClick(window.estimate_spin, Qt.Key.Key_Return)
    assert task(seeded, "Acme", "Replies").estimate_pomodoros == 2

    # Enter in the category box saves too, with a category never used before.
    type_text(qtbot, window.category_combo, "Giveaways")
    qtbot.keyClick(window.category_combo.lineEdit(), Qt.Key.Key_Return)
    assert task(seeded, "Acme", "Replies").category == "Giveaways"


def test_the_window_opens_on_the_first_live_project(
    seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    seeded.add_project("Old", priority="urgent")
    seeded.edit_project("Old", archived=True)
    window = open_window()
    assert window.name_edit.text() == "Acme"  # not the archived, more urgent one
    assert not window.show_archived.isChecked()


def test_tab_walks_the_project_form_in_reading_order(
    qtbot: QtBot, open_window: Callable[[], ProjectsWindow], seeded: Tracker
) -> None:
    window = open_window()
    window.select_project("Acme")
    expected = [
        window.name_edit,
        window.client_edit,
        window.colour_button,
        window.rate_edit,
        window.currency_combo,
        window.value_edit,
        window.value_per_combo,
        window.priority_combo,
        window.archived_check,
        window.save_project_button,
        window.task_list,
    ]
    with qtbot.waitActive(window):
        window.activateWindow()
    expected[0].setFocus()
    walked = []
    for _ in expected:
        focus = QApplication.focusWidget()
        assert focus is not None
        walked.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    assert walked == expected


# -- refused input --------------------------------------------------------------

BAD_INPUT = [
    pytest.param(
        "name_edit", "", "name_message",
        lambda: validation.name("", "project"), id="empty name",
    ),
    pytest.param(
        "name_edit", "   ", "name_message",
        lambda: validation.name("   ", "project"), id="blank name",
    ),
    pytest.param(
        "name_edit", LONG_NAME, "name_message",
        lambda: validation.name(LONG_NAME, "project"), id="500-character name",
    ),
    pytest.param(
        "rate_edit", "abc", "rate_message",
        lambda: validation.money_cents("abc", "hourly rate"), id="rate abc",
    ),
    pytest.param(
        "rate_edit", "-5", "rate_message",
        lambda: validation.money_cents("-5", "hourly rate"), id="negative rate",
    ),
    pytest.param(
        "currency_combo", "EURO", "rate_message",
        lambda: validation.currency("EURO"), id="currency EURO",
    ),
    pytest.param(
        "value_edit", "lots", "value_message",
        lambda: validation.money_cents("lots", "value"), id="value lots",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("field_name", "text", "message_name", "rule"), BAD_INPUT)
def test_a_bad_value_is_named_under_its_field_and_nothing_is_written(
    qtbot: QtBot,
    seeded: Tracker,
    open_window: Callable[[], ProjectsWindow],
    field_name: str,
    text: str,
    message_name: str,
    rule: Callable[[], object],
) -> None:
    for editing in (False, True):  # on a new project and on an existing one
        window = open_window()
        if editing:
            window.select_project("Acme")
        else:
            click(qtbot, window.new_project_button)
            type_text(qtbot, window.name_edit, "Gamma")
        before_projects, before_tasks = seeded.projects(), seeded.tasks()
        changed = Seen()
        window.changed.connect(changed)
        field = getattr(window, field_name)

        type_text(qtbot, field, text)
        click(qtbot, window.save_project_button)

        message = getattr(window, message_name)
        assert message.isVisible()
        assert message.text() == sentence(rule)
        assert field.property("invalid") is True
        assert (seeded.projects(), seeded.tasks()) == (before_projects, before_tasks)
        assert changed.count == 0
        # Fixing the field takes the message away.
        type_text(qtbot, field, "Delta" if field_name == "name_edit" else "")
        if field_name == "currency_combo":
            type_text(qtbot, field, "EUR")
        assert not message.isVisible()
        assert field.property("invalid") is False
        window.close()


def test_every_bad_field_is_named_at_once(
    qtbot: QtBot, tracker: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    type_text(qtbot, window.rate_edit, "abc")
    type_text(qtbot, window.value_edit, "-1")
    click(qtbot, window.save_project_button)
    assert window.name_message.text() == sentence(lambda: validation.name("", "project"))
    assert window.rate_message.text() == sentence(
        lambda: validation.money_cents("abc", "hourly rate")
    )
    assert window.value_message.text() == sentence(lambda: validation.money_cents("-1", "value"))
    assert tracker.projects() == []


@pytest.mark.parametrize("typed", ["ACME", "acme", " Acme "])
def test_a_name_differing_only_in_case_is_refused_in_place(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow], typed: str
) -> None:
    window = open_window()
    before = seeded.projects()
    click(qtbot, window.new_project_button)
    type_text(qtbot, window.name_edit, typed)
    click(qtbot, window.save_project_button)
    assert window.name_message.isVisible()
    assert "A project named 'Acme' already exists" in window.name_message.text()
    assert seeded.projects() == before

    # Renaming another project onto it is refused the same way.
    window.select_project("Beta")
    type_text(qtbot, window.name_edit, typed)
    click(qtbot, window.save_project_button)
    assert "A project named 'Acme' already exists" in window.name_message.text()
    assert seeded.projects() == before


def test_a_case_only_rename_of_the_same_project_is_allowed(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    type_text(qtbot, window.name_edit, "ACME")
    click(qtbot, window.save_project_button)
    assert not window.name_message.isVisible()
    assert "ACME" in [p.name for p in seeded.projects()]


def test_a_name_taken_meanwhile_by_the_cli_shows_the_trackers_refusal(
    qtbot: QtBot, tracker: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    tracker.add_project("Gamma")  # another process, after the window read the list
    type_text(qtbot, window.name_edit, "gamma")
    click(qtbot, window.save_project_button)
    assert window.name_message.isVisible()
    assert "already exists" in window.name_message.text()
    assert window.name_edit.property("invalid") is True
    assert [p.name for p in tracker.projects()] == ["Gamma"]


def test_a_store_error_on_save_is_shown_in_the_form_not_raised(
    qtbot: QtBot,
    seeded: Tracker,
    open_window: Callable[[], ProjectsWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    window.select_project("Acme")
    locked = "The database is locked by another program; try again in a moment."

    def refuse(*args: object, **kwargs: object) -> ProjectRecord:
        raise StoreError(locked)

    monkeypatch.setattr(seeded, "edit_project", refuse)
    type_text(qtbot, window.rate_edit, "50")
    click(qtbot, window.save_project_button)
    assert window.project_message.isVisible()
    assert window.project_message.text() == locked
    assert not window.name_message.isVisible()
    assert project(seeded, "Acme").rate_cents == 4500


# -- archiving -------------------------------------------------------------------


def test_archive_hides_a_project_and_unarchive_brings_it_back(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    click(qtbot, window.archived_check)
    click(qtbot, window.save_project_button)
    assert project(seeded, "Acme").archived
    assert list_texts(window) == ["Beta"]
    assert "Show archived" in window.status.text()

    click(qtbot, window.show_archived)
    assert "Acme (archived)" in list_texts(window)
    row = list_texts(window).index("Acme (archived)")
    item = window.project_list.item(row)
    assert item.foreground().color().name() != window.palette().text().color().name()
    assert item.font().italic()

    window.project_list.setCurrentRow(row)  # the user picks it in the list
    assert window.archived_check.isChecked()
    # An archived project's tasks are still there to look at and edit.
    assert window.task_list.topLevelItemCount() == 2
    click(qtbot, window.archived_check)
    click(qtbot, window.save_project_button)
    assert not project(seeded, "Acme").archived
    assert "Acme" in list_texts(window)


def test_a_new_project_cannot_be_created_archived(
    qtbot: QtBot, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    click(qtbot, window.new_project_button)
    assert not window.archived_check.isEnabled()
    assert not window.tasks_box.isEnabled()


# -- tasks ----------------------------------------------------------------------


def test_a_task_is_added_with_category_estimate_and_done(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Beta")
    changed = Seen()
    window.changed.connect(changed)
    click(qtbot, window.new_task_button)
    assert window.save_task_button.text() == "&Add task"
    type_text(qtbot, window.task_name_edit, "Story visuals")
    type_text(qtbot, window.category_combo, "visuals")
    set_spin(qtbot, window.estimate_spin, 4)
    click(qtbot, window.done_check)
    click(qtbot, window.save_task_button)

    saved = task(seeded, "Beta", "Story visuals")
    assert (saved.category, saved.estimate_pomodoros, saved.done) == ("visuals", 4, True)
    assert changed.count == 1
    first = window.task_list.topLevelItem(0)
    assert first is not None and first.text(0) == "Story visuals"
    assert window.status.text() == "Added task Story visuals."


def test_a_task_without_category_or_estimate_is_added_by_enter(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Beta")
    type_text(qtbot, window.task_name_edit, "Monthly report")
    qtbot.keyClick(window.task_name_edit, Qt.Key.Key_Return)
    saved = task(seeded, "Beta", "Monthly report")
    assert (saved.category, saved.estimate_pomodoros, saved.done) == (None, None, False)


def test_a_task_is_renamed_and_its_fields_round_trip(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    window.select_task("Plan posts")
    assert window.task_name_edit.text() == "Plan posts"
    assert window.category_combo.currentText() == "scheduling posts"
    assert window.estimate_spin.value() == 3
    original_id = task(seeded, "Acme", "Plan posts").id

    type_text(qtbot, window.task_name_edit, "Plan next week's posts")
    type_text(qtbot, window.category_combo, "")  # no category any more
    set_spin(qtbot, window.estimate_spin, 5)
    click(qtbot, window.done_check)
    click(qtbot, window.save_task_button)

    saved = task(seeded, "Acme", "Plan next week's posts")
    assert saved.id == original_id  # renamed, not a new task
    assert (saved.category, saved.estimate_pomodoros, saved.done) == (None, 5, True)
    assert [t.name for t in seeded.tasks("Acme")] == ["Plan next week's posts", "Replies"]

    # And back: not done, a category again.
    click(qtbot, window.done_check)
    type_text(qtbot, window.category_combo, "community")
    click(qtbot, window.save_task_button)
    saved = task(seeded, "Acme", "Plan next week's posts")
    assert (saved.category, saved.estimate_pomodoros, saved.done) == ("community", 5, False)


BAD_TASK_INPUT = [
    pytest.param(
        "task_name_edit", "", "task_name_message",
        lambda: validation.name("", "task"), id="empty task name",
    ),
    pytest.param(
        "task_name_edit", LONG_NAME, "task_name_message",
        lambda: validation.name(LONG_NAME, "task"), id="500-character task name",
    ),
    pytest.param(
        "category_combo", LONG_NAME, "category_message",
        lambda: validation.name(LONG_NAME, "category"), id="500-character category",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("field_name", "text", "message_name", "rule"), BAD_TASK_INPUT)
def test_a_bad_task_value_is_named_under_its_field(
    qtbot: QtBot,
    seeded: Tracker,
    open_window: Callable[[], ProjectsWindow],
    field_name: str,
    text: str,
    message_name: str,
    rule: Callable[[], object],
) -> None:
    window = open_window()
    window.select_project("Acme")
    window.select_task("Replies")
    before = seeded.tasks()
    field = getattr(window, field_name)
    type_text(qtbot, field, text)
    click(qtbot, window.save_task_button)
    message = getattr(window, message_name)
    assert message.isVisible()
    assert message.text() == sentence(rule)
    assert field.property("invalid") is True
    assert seeded.tasks() == before


@pytest.mark.parametrize("typed", ["replies", "REPLIES"])
def test_a_task_name_taken_in_the_project_is_refused(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow], typed: str
) -> None:
    window = open_window()
    window.select_project("Acme")
    before = seeded.tasks()
    # Adding: without the check, edit_task would quietly edit the existing task.
    click(qtbot, window.new_task_button)
    type_text(qtbot, window.task_name_edit, typed)
    set_spin(qtbot, window.estimate_spin, 9)
    click(qtbot, window.save_task_button)
    assert "already has a task named 'Replies'" in window.task_name_message.text()
    assert seeded.tasks() == before
    # Renaming another task onto it.
    window.select_task("Plan posts")
    type_text(qtbot, window.task_name_edit, typed)
    click(qtbot, window.save_task_button)
    assert "already has a task named 'Replies'" in window.task_name_message.text()
    assert seeded.tasks() == before


def test_an_estimate_set_to_none_is_removed(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    window.select_task("Plan posts")
    set_spin(qtbot, window.estimate_spin, 0)
    assert window.estimate_spin.text() == "none"
    click(qtbot, window.save_task_button)
    assert task(seeded, "Acme", "Plan posts").estimate_pomodoros is None
    # ...and a window opened later shows it as "none".
    again = open_window()
    again.select_project("Acme")
    again.select_task("Plan posts")
    assert again.estimate_spin.text() == "none"


def test_the_category_box_offers_used_categories_and_the_suggestions(
    seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    seeded.add_task("Beta", "Paid campaign", "Paid boosts")
    window = open_window()
    window.select_project("Acme")  # categories of every project are offered
    combo = window.category_combo
    offered = {combo.itemText(index) for index in range(combo.count())}
    assert offered == {"", "Paid boosts", *CATEGORY_SUGGESTIONS}


def test_reopening_the_window_reads_the_database_again(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    type_text(qtbot, window.rate_edit, "999")  # typed, never saved
    window.close()
    seeded.add_project("Gamma")  # the CLI, while the window was closed
    seeded.edit_project("Acme", rate="60")
    with qtbot.waitExposed(window):
        window.show()
    assert "Gamma" in list_texts(window)
    assert window.rate_edit.text() == "60"


# -- screenshots ----------------------------------------------------------------


def test_screenshots(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow], artifacts: Path
) -> None:
    seeded.add_project("Old client", priority="someday")
    seeded.edit_project("Old client", archived=True)
    seeded.add_task("Acme", "Story visuals", "visuals", done=True)
    window = open_window()
    window.select_project("Acme")
    window.select_task("Plan posts")
    click(qtbot, window.show_archived)
    path = artifacts / "projects-window.png"
    assert window.grab().save(str(path))

    click(qtbot, window.new_project_button)
    type_text(qtbot, window.name_edit, "acme")
    type_text(qtbot, window.rate_edit, "abc")
    click(qtbot, window.save_project_button)
    assert window.name_message.isVisible() and window.rate_message.isVisible()
    error_path = artifacts / "projects-window-error.png"
    assert window.grab().save(str(error_path))
    assert path.stat().st_size > 0 and error_path.stat().st_size > 0


def test_cancelling_the_colour_picker_keeps_the_colour(
    qtbot: QtBot, seeded: Tracker, open_window: Callable[[], ProjectsWindow]
) -> None:
    window = open_window()
    window.select_project("Acme")
    before = window.colour_button.text()
    window.ask_colour = lambda initial: QColor()  # type: ignore[method-assign]
    click(qtbot, window.colour_button)
    assert window.colour_button.text() == before
    click(qtbot, window.save_project_button)
    assert project(seeded, "Acme").colour == DEFAULT_COLOURS[0]


def test_a_database_that_cannot_be_read_is_said_in_the_window(
    tracker: Tracker,
    open_window: Callable[[], ProjectsWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unreadable = "The database file is locked by another program; try again in a moment."

    def refuse(*args: object, **kwargs: object) -> list[ProjectRecord]:
        raise StoreError(unreadable)

    monkeypatch.setattr(tracker, "projects", refuse)
    window = open_window()
    assert window.project_message.isVisible()
    assert window.project_message.text() == unreadable
    assert window.project_list.count() == 0
