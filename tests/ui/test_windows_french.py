"""The Projects, Settings, Timeline, import and export windows in French and in
the pseudo-language: every word they show is marked for translation, figures and
dates take the language's forms, an error reads as a place to click (never a
command to type), and the language is chosen in Settings. French screenshots are
kept in artifacts/fr/<window>.png."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smfocus import language
from smfocus.core import i18n
from smfocus.core.categories import SUGGESTIONS
from smfocus.core.clock import FakeClock
from smfocus.importer import OverlapPolicy
from smfocus.planning import PlanChange, set_plan_setting, set_project_plan
from smfocus.pomodoro import Timer
from smfocus.timeline import Timeline
from smfocus.tracker import Tracker
from smfocus.ui.projects_window import CURRENCIES, ProjectsWindow
from smfocus.ui.settings_window import SettingsWindow
from smfocus.ui.timeline_window import TimelineWindow
from smfocus.ui.transfer import ExportDialog, ImportDialog
from tests.french import french  # noqa: F401
from tests.helpers import at
from tests.pseudo import pseudo, unmarked  # noqa: F401
from tests.pseudo_qt import widget_texts

DAY = date(2026, 11, 30)  # a Monday
# The test's own data: names the user typed, and what the windows offer as data
# (currency codes, the category suggestions, each language under its own name).
DATA = [
    "Acme Bakery", "Bloom", "Gym", "Replies", "Plan posts", "Call", "Big Client",
    *CURRENCIES, *SUGGESTIONS, "English", "Français", "bloom", "watson",
]  # fmt: skip
# CLI syntax: a command to type or an option. A window says where to click instead.
CLI_SYNTAX = re.compile(
    r"\bsmfocus (start|stop|cancel|add|edit|delete|undo|config|project|task|import|export"
    r"|block|timeline|report)\b|(^|\s)--[a-z]"
)


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    return Timer(tracker)


def shown(qtbot: QtBot, window: QWidget) -> QWidget:
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def save_shot(window: QWidget, name: str, artifacts: Path) -> None:
    QApplication.processEvents()  # laid out again after the last change of text
    folder = artifacts / "fr"
    folder.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(folder / f"{name}.png"))


def assert_all_marked(texts: Iterable[str], *data: str) -> None:
    texts = list(texts)
    assert texts
    assert unmarked(texts, allowed=[*DATA, *data]) == [], texts


def colours(tracker: Tracker) -> list[str]:
    """The projects' colour codes (#0ea5cc), which the colour button shows."""
    return [project.colour for project in tracker.projects()]


# -- the data each window shows ------------------------------------------------


def seed_projects(tracker: Tracker) -> None:
    set_plan_setting(tracker, "plan.capacity", "20h")
    tracker.add_project(
        "Acme Bakery", rate="45", currency="EUR", value="1500", value_per="month",
        client="Big Client", priority="urgent",
    )  # fmt: skip
    tracker.add_project("Gym", priority="someday")
    set_project_plan(tracker, "Gym", PlanChange(commit="8h"))
    tracker.add_task("Acme Bakery", "Plan posts", "scheduling posts", estimate=3)
    tracker.add_task("Acme Bakery", "Replies", "replies")


def projects_window(qtbot: QtBot, tracker: Tracker) -> ProjectsWindow:
    seed_projects(tracker)
    window = ProjectsWindow(tracker)
    shown(qtbot, window)
    window.select_project("Acme Bakery")
    window.select_task("Plan posts")
    return window


def overcommit(window: ProjectsWindow) -> None:
    """The plan fields filled past the weekly capacity, and saved."""
    window.plan_fields.budget_edit.setText("20h/month")
    window.plan_fields.commit_edit.setText("16h")
    assert window.save_project()


def timeline_window(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> TimelineWindow:
    clock.set(at("2026-11-30T18:00", tz))
    tracker.add_project("Acme Bakery")
    tracker.add_project("Bloom")
    tracker.add(
        "Acme Bakery", "Replies",
        start=at("2026-11-30T09:00", tz), end=at("2026-11-30T10:30", tz),
    )  # fmt: skip
    tracker.add("Bloom", "Call", start=at("2026-11-30T11:00", tz), end=at("2026-11-30T12:00", tz))
    tracker.start("Acme Bakery", "Plan posts", at=at("2026-11-30T14:00", tz))
    window = TimelineWindow(Timeline(tracker), DAY)
    window.resize(960, 420)
    shown(qtbot, window)
    return window


def frames(tmp_path: Path, clock: FakeClock) -> Path:
    """A Watson frames file: six hours of Bloom, and one entry overlapping them."""
    base = clock.now() - 5 * 86_400
    made = [
        [base + n * 7200, base + n * 7200 + 3600, "bloom", f"f{n}", ["posts"], base]
        for n in range(6)
    ]
    made.append([base + 1800, base + 5400, "bloom", "late", [], base])
    path = tmp_path / "frames"
    path.write_text(json.dumps(made), encoding="utf-8")
    return path


def import_dialog(qtbot: QtBot, timer: Timer, tmp_path: Path, clock: FakeClock) -> ImportDialog:
    dialog = ImportDialog(timer, frames(tmp_path, clock))
    dialog.preview()  # the overlap: stop and import nothing
    shown(qtbot, dialog)
    return dialog


def export_dialog(qtbot: QtBot, timer: Timer) -> ExportDialog:
    seed_projects(timer.tracker)
    dialog = ExportDialog(timer)
    shown(qtbot, dialog)
    return dialog


# -- the language choice -------------------------------------------------------


def test_the_language_choice_saves_and_reads_back(qtbot: QtBot, timer: Timer) -> None:
    window = SettingsWindow(timer)
    shown(qtbot, window)
    assert window.chosen_language() == language.AUTO  # nothing saved: follow the locale
    assert [window.language.itemData(i) for i in range(window.language.count())] == [
        "auto", "en", "fr",
    ]  # fmt: skip
    assert window.language_note.isVisible()
    assert "restarts" in window.language_note.text()

    window.language.setCurrentIndex(window.language.findData("fr"))
    assert window.save()
    assert language.stored() == "fr"
    # Saved, but spoken from the next start: this session keeps its words.
    assert i18n.language() == "en"

    again = SettingsWindow(timer)
    shown(qtbot, again)
    assert again.chosen_language() == "fr"
    assert again.language.currentText() == "Français"
    again.language.setCurrentIndex(again.language.findData("auto"))
    assert again.save()
    assert language.stored() == language.AUTO
    assert not Path(language.settings_file()).exists()


def test_the_longest_entry_allowed_is_a_setting_of_the_window(qtbot: QtBot, timer: Timer) -> None:
    window = SettingsWindow(timer)
    shown(qtbot, window)
    spin = window.spins["entry.max"]
    assert spin.value() == 24
    spin.setValue(72)
    assert window.save()
    assert timer.settings().entry_max == 72 * 3600
    timer.set_setting("entry.max", "100h")  # the CLI's change shows on reopening
    window.show()
    assert window.spins["entry.max"].value() == 100


# -- every word marked (the pseudo-language) ----------------------------------


@pytest.mark.usefixtures("pseudo")
def test_projects_window_marks_every_word(qtbot: QtBot, tracker: Tracker) -> None:
    window = projects_window(qtbot, tracker)
    assert_all_marked(widget_texts(window), *colours(tracker))
    item = window.project_list.currentItem()
    assert item is not None
    tip = html.unescape(re.sub(r"<[^>]+>", "\n", item.toolTip()))  # a rich-text tooltip
    assert_all_marked([tip])
    # The name a new project may not take, said beside its field.
    window.new_project()
    window.name_edit.setText("acme bakery")
    assert not window.save_project()
    assert_all_marked([window.name_message.text()])
    # A new project's form, its task box waiting.
    assert_all_marked(widget_texts(window))


@pytest.mark.usefixtures("pseudo")
def test_projects_plan_fields_mark_every_word(qtbot: QtBot, tracker: Tracker) -> None:
    window = projects_window(qtbot, tracker)
    window.plan_fields.budget_edit.clear()
    window.plan_fields.commit_edit.clear()
    # The placeholders of the empty fields.
    assert_all_marked(widget_texts(window), *colours(tracker))
    overcommit(window)
    status = window.status.text()
    assert "8" in status  # Gym's hours are named
    assert_all_marked([status])


@pytest.mark.usefixtures("pseudo")
def test_settings_window_marks_every_word(qtbot: QtBot, timer: Timer) -> None:
    window = SettingsWindow(timer, dnd_way=lambda: None)  # the "not available" note too
    shown(qtbot, window)
    assert_all_marked(widget_texts(window))


@pytest.mark.usefixtures("pseudo")
def test_timeline_window_marks_every_word(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    window = timeline_window(qtbot, tracker, clock, tz)
    window.merge()  # nothing selected: the window says what to do
    texts = widget_texts(window)
    assert window.message.text() in texts
    assert_all_marked(texts)


@pytest.mark.usefixtures("pseudo")
def test_import_preview_marks_every_word(
    qtbot: QtBot, timer: Timer, tmp_path: Path, clock: FakeClock
) -> None:
    dialog = import_dialog(qtbot, timer, tmp_path, clock)
    path = str(tmp_path / "frames")  # shown as the source
    assert_all_marked(widget_texts(dialog), path)  # the overlap
    dialog.policy.setCurrentIndex(dialog.policy.findData(OverlapPolicy.SKIP.value))
    assert "1" in dialog.summary.text()
    assert_all_marked(widget_texts(dialog), path)  # what would be imported


@pytest.mark.usefixtures("pseudo")
def test_export_dialog_marks_every_word(qtbot: QtBot, timer: Timer, tmp_path: Path) -> None:
    dialog = export_dialog(qtbot, timer)
    assert_all_marked(widget_texts(dialog))
    dialog.format.setCurrentIndex(dialog.format.findData("timesheet"))
    assert dialog.export_to(tmp_path / "sheet.html") is None  # no client or project chosen
    assert_all_marked(widget_texts(dialog))
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.export_to(tmp_path / "out.csv")
    assert_all_marked(widget_texts(dialog), str(tmp_path))


# -- French --------------------------------------------------------------------


@pytest.mark.usefixtures("french")
def test_the_timeline_reads_its_day_in_french(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo, artifacts: Path
) -> None:
    window = timeline_window(qtbot, tracker, clock, tz)
    assert window.title.text().startswith("lundi 30 novembre 2026 — ")
    monday = window.week_buttons[0]
    assert monday.text().startswith("lun. 30\n")
    assert window.week_buttons[1].text().startswith("mar. 01\n")
    window.canvas.select(window.day.entries[0].id)  # the form filled
    save_shot(window, "timeline", artifacts)


@pytest.mark.usefixtures("french")
def test_projects_money_reads_in_french(qtbot: QtBot, tracker: Tracker, artifacts: Path) -> None:
    window = projects_window(qtbot, tracker)
    item = window.project_list.currentItem()
    assert item is not None
    assert "1\u202f500,00\u00a0€" in item.toolTip()
    assert "45,00\u00a0€" in item.toolTip()
    save_shot(window, "projects", artifacts)
    overcommit(window)
    assert "4,00\u00a0h" in window.status.text()
    save_shot(window, "projects-plan", artifacts)


@pytest.mark.usefixtures("french")
def test_a_french_amount_typed_with_a_comma_is_saved_as_meant(
    qtbot: QtBot, tracker: Tracker
) -> None:
    window = projects_window(qtbot, tracker)
    assert window.rate_edit.text() == "45"
    window.rate_edit.setText("45,50")
    window.value_edit.setText("1 500,25")
    assert window.save_project()
    saved = next(p for p in tracker.projects() if p.name == "Acme Bakery")
    assert (saved.rate_cents, saved.value_cents) == (4550, 150025)
    assert window.rate_edit.text() == "45,50"


@pytest.mark.usefixtures("french")
def test_a_wrong_rate_or_name_says_which_field_in_french(qtbot: QtBot, tracker: Tracker) -> None:
    window = projects_window(qtbot, tracker)
    window.rate_edit.setText("beaucoup")
    assert not window.save_project()
    assert window.rate_message.text().startswith("Le taux horaire 'beaucoup'")
    window.rate_edit.setText("45")
    window.name_edit.setText("x" * 500)
    assert not window.save_project()
    assert window.name_message.text().startswith("Le nom du projet")


@pytest.mark.usefixtures("french")
def test_french_screenshots_of_settings_import_and_export(
    qtbot: QtBot, timer: Timer, tmp_path: Path, clock: FakeClock, artifacts: Path
) -> None:
    settings = SettingsWindow(timer, dnd_way=lambda: None)
    shown(qtbot, settings)
    assert settings.windowTitle() == "Réglages de smfocus"
    save_shot(settings, "settings", artifacts)
    dialog = import_dialog(qtbot, timer, tmp_path, clock)
    assert "chevauche" in dialog.summary.text()
    save_shot(dialog, "import", artifacts)
    dialog.policy.setCurrentIndex(dialog.policy.findData(OverlapPolicy.SKIP.value))
    assert "à importer" in dialog.summary.text()
    save_shot(dialog, "import-preview", artifacts)
    export = export_dialog(qtbot, timer)
    assert export.start.displayFormat() == "dd/MM/yyyy"
    save_shot(export, "export", artifacts)


# -- errors read as a place to click ------------------------------------------


def test_a_projects_window_error_says_where_to_click(qtbot: QtBot, tracker: Tracker) -> None:
    window = ProjectsWindow(tracker)
    shown(qtbot, window)
    window.new_project()
    window.name_edit.setText("Gamma")
    tracker.add_project("Gamma")  # another process, after the window read the list
    assert not window.save_project()
    message = window.name_message.text()
    assert "already exists" in message
    assert "Projects window" in message  # the fix, as the windows word it
    assert not CLI_SYNTAX.search(message), message


@pytest.mark.usefixtures("french")
def test_a_window_error_in_french_names_no_command(qtbot: QtBot, tracker: Tracker) -> None:
    window = ProjectsWindow(tracker)
    shown(qtbot, window)
    window.new_project()
    window.name_edit.setText("Gamma")
    tracker.add_project("Gamma")
    assert not window.save_project()
    message = window.name_message.text()
    assert "fenêtre Projets" in message
    assert not CLI_SYNTAX.search(message), message


@pytest.mark.usefixtures("pseudo")
def test_no_window_text_names_a_command(
    qtbot: QtBot, timer: Timer, tmp_path: Path, clock: FakeClock, tz: ZoneInfo
) -> None:
    tracker = timer.tracker
    windows: list[QWidget] = [
        projects_window(qtbot, tracker),
        SettingsWindow(timer, dnd_way=lambda: None),
        import_dialog(qtbot, timer, tmp_path, clock),
    ]
    for window in windows:
        for text in widget_texts(window, hidden=True):
            assert not CLI_SYNTAX.search(text), text


@pytest.mark.usefixtures("french")
def test_settings_show_reminder_days_in_french_and_save_them(
    qtbot: QtBot, tracker: Tracker
) -> None:
    from smfocus.pomodoro import Timer
    from smfocus.ui.settings_window import SettingsWindow

    timer = Timer(tracker)
    timer.set_setting("remind.days", "mon-fri")
    window = SettingsWindow(timer)
    qtbot.addWidget(window)
    assert window.lines["remind.days"].text() == "lun-ven"
    window.lines["remind.days"].setText("lun,mer")
    window.save()
    assert timer.settings().text_of("remind.days") == "mon,wed"
