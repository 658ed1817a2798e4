"""What the charts say beside their figures: no goal missed before the first
entry, no median claimed without finished tasks, a cost for what has a rate."""

from __future__ import annotations

from datetime import date, timedelta

from smfocus.store.analytics import CategoryEstimate, CategoryHours, FocusDay, FocusQuality
from smfocus.ui.charts_views import EstimatesView, cost_cell, goal_summary, missing_rates


def quality(first_day: date | None) -> FocusQuality:
    start = date(2026, 3, 1)
    days = tuple(FocusDay(start + timedelta(days=n), 4 if n >= 25 else 0, 0, 0) for n in range(31))
    return FocusQuality(days, daily_goal=4, first_day=first_day)


def test_days_before_the_first_entry_are_no_missed_goals() -> None:
    text = goal_summary(quality(date(2026, 3, 26)))
    assert text.startswith("Goal of 4 pomodoros met on 6 of 6 days")
    assert "25 days before your first entry are left out" in text
    # A first entry before the range: every day counts.
    assert goal_summary(quality(date(2025, 1, 1))).startswith(
        "Goal of 4 pomodoros met on 6 of 31 days."
    )
    assert goal_summary(quality(None)).startswith("No day to count against the goal")


def estimate(finished: int, median: float | None, by_time: float | None) -> list[str]:
    category = CategoryEstimate("replies", 1, 3, 2, 3000, finished, median, by_time)
    return EstimatesView._category_row(category, 1500)


def test_the_usual_size_of_a_task_agrees_with_the_count_of_finished_tasks() -> None:
    assert estimate(0, None, None)[5:] == ["0", "no finished task yet"]
    # Finished, but without a completed pomodoro: the time still tells.
    assert estimate(1, None, 2.5)[5:] == ["1", "no pomodoro logged (2.5 by time)"]
    assert estimate(1, None, None)[5:] == ["1", "no pomodoro or time logged on them"]
    assert estimate(2, 3.0, 3.5)[5:] == ["2", "3 pomodoros (3.5 by time)"]


def test_automation_costs_what_has_a_rate_and_says_what_is_missing() -> None:
    partly = CategoryHours("replies", (7200, 3600), 10_800, 9000, "EUR", 3600, ("Own brand",))
    cell = cost_cell(partly, 2)
    assert "45" in cell and cell.endswith("0.5 h/month with no rate")
    unrated = CategoryHours("replies", (3600,), 3600, None, None, 3600, ("Own brand",))
    assert cost_cell(unrated, 1) == "no rate"
    mixed = CategoryHours("replies", (3600,), 3600, None, None)
    assert cost_cell(mixed, 1) == "several currencies"
    said = missing_rates((partly, unrated))
    assert (
        said == " Not costed: time on Own brand, which has no hourly rate (set one in Projects)."
    )
    assert missing_rates((mixed,)) == ""
