"""The rows behind the charts' Save CSV, made without Qt: exact seconds beside
hours, and an empty cell (never a zero) where a figure does not exist."""

from __future__ import annotations

from datetime import date

from smfocus.core.roi import RoiFigures
from smfocus.exports import chart_csv
from smfocus.store.analytics import (
    Automation,
    CategoryHours,
    FocusDay,
    FocusQuality,
    PeakHours,
    ProjectInfo,
    ProjectRoi,
    ProjectSeries,
    TimeByPeriod,
)

ACME = ProjectInfo(1, "Acme", "#2563eb", 4500, "EUR", 180_000, "month", False)
OWN = ProjectInfo(2, "Own brand", "#d97706", None, "EUR", None, "month", True)


def test_time_rows_keep_seconds_exact_and_skip_empty_periods() -> None:
    data = TimeByPeriod(
        "week",
        ("2026-W09", "2026-W10"),
        (ProjectSeries(ACME, (5401, 0), 5401), ProjectSeries(OWN, (1, 7199), 7200)),
    )
    header, rows = chart_csv.time_rows(data)
    assert header == ["week", "project", "seconds", "hours"]
    assert rows == [
        ["2026-W09", "Acme", "5401", "1.50"],
        ["2026-W09", "Own brand", "1", "0.00"],
        ["2026-W10", "Own brand", "7199", "2.00"],
    ]


def test_roi_rows_leave_missing_figures_empty() -> None:
    figures = RoiFigures(3600, None, None, None, "no hourly rate; no value set")
    header, (row,) = chart_csv.roi_rows((ProjectRoi(OWN, figures),))
    cells = dict(zip(header, row, strict=True))
    assert cells["archived"] == "true"
    assert (cells["rate_cents"], cells["cost_cents"], cells["value_cents"], cells["roi"]) == (
        "",
        "",
        "",
        "",
    )
    assert cells["note"] == "no hourly rate; no value set"


def test_peak_focus_and_automation_rows() -> None:
    grid = tuple(
        tuple(3600 if (day, hour) == (0, 9) else 0 for hour in range(24)) for day in range(7)
    )
    _, rows = chart_csv.peak_rows(PeakHours(grid))
    assert len(rows) == 7 * 24 and ["Mon", "9", "3600", "1.00"] in rows
    _, focus = chart_csv.focus_rows(FocusQuality((FocusDay(date(2026, 3, 2), 5, 1, 2),), 8))
    assert focus == [["2026-03-02", "5", "8", "1", "2"]]
    replies = CategoryHours("replies", (1800, 5400), 7200, 9000, "EUR")
    _, months = chart_csv.automation_rows(Automation(("2026-02", "2026-03"), (replies,)))
    assert months == [
        ["replies", "2026-02", "1800", "0.50"],
        ["replies", "2026-03", "5400", "1.50"],
    ]
