"""The charts' budget burn-down: cumulative use per day against the budget, with
the projection, for the month the range ends in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from smfocus.client_budgets import set_client_budget
from smfocus.core.budget import parse_budget
from smfocus.core.clock import FakeClock
from smfocus.insights import Insights
from smfocus.planning import PlanChange, set_project_plan
from smfocus.tracker import Tracker
from smfocus.ui.charts_burndown import BurndownView
from smfocus.ui.charts_views import table_text
from smfocus.ui.charts_window import ChartsWindow
from tests.helpers import at

H = 3600


def test_the_burn_down_shows_each_budget_day_by_day_with_its_projection(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo, artifacts: Path
) -> None:
    clock.set(at("2026-10-01T08:00", tz))
    tracker.add_project("Bloom", rate="40", client="Bloom Florist")
    tracker.add_project("Cafe")
    set_project_plan(tracker, "Bloom", PlanChange(budget=parse_budget("20h/month")))
    set_project_plan(tracker, "Cafe", PlanChange(budget=parse_budget("10h/month")))
    clock.set(at("2026-11-10T12:00", tz))
    tracker.add("Bloom", None, start=at("2026-11-02T09:00", tz), end=at("2026-11-02T13:00", tz))
    tracker.add("Bloom", None, start=at("2026-11-04T09:00", tz), end=at("2026-11-04T11:00", tz))
    tracker.add("Cafe", None, start=at("2026-11-03T23:00", tz), end=at("2026-11-04T01:00", tz))
    window = ChartsWindow(Insights(tracker))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("burndown")
    view = window.views["burndown"]
    assert isinstance(view, BurndownView)
    data = view.data
    assert (data.month, data.days, data.today) == ("2026-11", 30, 10)
    lines = {line.item.project: line.used_by_day for line in data.lines}
    assert lines["Bloom"][:5] == (0, 4 * H, 4 * H, 6 * H, 6 * H)
    assert lines["Cafe"][2:4] == (H, 2 * H)  # split at midnight
    assert len(lines["Bloom"]) == 10
    rows = {row[0]: row for row in table_text(view.table)}
    assert rows["Bloom Florist / Bloom"][1:4] == ["20.00 h", "6.00 h", "14.00 h"]
    header, csv = view.csv_rows()
    assert header[0] == "project" and len(csv) == 20
    qtbot.wait(50)  # let the tab paint
    assert window.grab().save(str(artifacts / "charts-burndown.png"), "PNG")


def test_the_burn_down_shows_a_clients_shared_budget_and_can_show_one_client(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo, artifacts: Path
) -> None:
    clock.set(at("2026-10-01T08:00", tz))
    tracker.add_project("Bloom Instagram", rate="40", client="Bloom Florist")
    tracker.add_project("Bloom LinkedIn", rate="40", client="Bloom Florist")
    tracker.add_project("Cafe", client="Cafe Nord")
    set_client_budget(tracker, "Bloom Florist", parse_budget("12h/month"), None)
    set_project_plan(tracker, "Bloom LinkedIn", PlanChange(budget=parse_budget("4h/month")))
    set_project_plan(tracker, "Cafe", PlanChange(budget=parse_budget("10h/month")))
    clock.set(at("2026-11-10T12:00", tz))
    tracker.add("Bloom Instagram", None, start=at("2026-11-02T09:00", tz),
                end=at("2026-11-02T13:00", tz))  # fmt: skip
    tracker.add("Bloom LinkedIn", None, start=at("2026-11-04T09:00", tz),
                end=at("2026-11-04T11:00", tz))  # fmt: skip
    tracker.add("Cafe", None, start=at("2026-11-05T09:00", tz), end=at("2026-11-05T10:00", tz))
    window = ChartsWindow(Insights(tracker))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("burndown")
    view = window.views["burndown"]
    assert isinstance(view, BurndownView)
    rows = {row[0]: row for row in table_text(view.table)}
    assert set(rows) == {
        "Bloom Florist (client)",
        "Bloom Florist / Bloom LinkedIn",
        "Cafe Nord / Cafe",
    }
    assert rows["Bloom Florist (client)"][1:4] == ["12.00 h", "6.00 h", "6.00 h"]
    choices = [view.client_choice.itemText(i) for i in range(view.client_choice.count())]
    assert choices == ["All budgets", "Bloom Florist", "Cafe Nord"]
    view.client_choice.setCurrentIndex(1)
    rows = {row[0]: row for row in table_text(view.table)}
    assert set(rows) == {"Bloom Florist (client)", "Bloom Florist / Bloom LinkedIn"}
    _, csv = view.csv_rows()
    assert {row[0] for row in csv} == {"", "Bloom LinkedIn"} and len(csv) == 20
    qtbot.wait(50)
    assert window.grab().save(str(artifacts / "charts-burndown-client.png"), "PNG")
    window.set_range("custom", (date(2026, 11, 1), date(2026, 11, 30)))  # a redraw keeps it
    assert view.client_choice.currentText() == "Bloom Florist"
    assert len(table_text(view.table)) == 2
