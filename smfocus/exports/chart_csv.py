"""The figures behind each chart's *Save CSV*, as plain rows: exact seconds beside
hours, ids of months and weeks as the charts label them. No Qt: the charts window
writes these, and so can anything else that has the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from smfocus.core import fmt
from smfocus.store.analytics import (
    Automation,
    Estimates,
    FocusQuality,
    MonthlyReview,
    PeakHours,
    ProjectRoi,
    TimeByPeriod,
)
from smfocus.store.team import TeamProjectRow

Table: TypeAlias = tuple[list[str], list[list[str]]]  # header, rows
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def hours_cell(seconds: float, places: int = 2) -> str:
    """Hours in a table or CSV cell, where the column header already says "hours"."""
    return fmt.hours_in_file(seconds, places)


def _opt(value: int | float | None) -> str:
    return "" if value is None else str(value)


def _fixed(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def time_rows(data: TimeByPeriod) -> Table:
    rows = [
        [
            label,
            series.project.name,
            str(series.seconds[index]),
            hours_cell(series.seconds[index]),
        ]
        for series in data.series
        for index, label in enumerate(data.labels)
        if series.seconds[index]
    ]
    return [data.period, "project", "seconds", "hours"], rows


def roi_rows(data: tuple[ProjectRoi, ...]) -> Table:
    """``roi`` and ``effective_rate_cents`` are month to date from ``roi_from`` when
    that is set (a range shorter than its month), as in ``report --money``."""
    header = [
        "project", "archived", "seconds", "hours", "rate_cents", "effective_rate_cents",
        "currency", "cost_cents", "value_cents", "value_per", "roi", "roi_from", "note",
    ]  # fmt: skip
    rows = [
        [
            row.project.name,
            str(row.project.archived).lower(),
            str(row.figures.seconds),
            hours_cell(row.figures.seconds),
            _opt(row.project.rate_cents),
            _opt(row.effective_rate_cents),
            row.project.currency,
            _opt(row.figures.cost_cents),
            _opt(row.figures.value_cents),
            row.project.value_per,
            f"{row.roi:.4f}" if row.roi is not None else "",
            row.shown.since.isoformat() if row.shown and row.shown.since else "",
            row.figures.note or "",
        ]
        for row in data
    ]
    return header, rows


def estimates_rows(data: Estimates) -> Table:
    header = [
        "level", "project", "name", "category", "estimated", "done_pomodoros",
        "seconds", "time_pomodoros", "finished_tasks", "median_pomodoros",
        "median_time_pomodoros",
    ]  # fmt: skip
    rows = [
        [
            "task",
            task.project,
            task.task,
            task.category or "",
            _opt(task.estimate),
            str(task.pomodoros),
            str(task.seconds),
            f"{task.seconds / data.work_seconds:.2f}",
            "",
            "",
            "",
        ]
        for task in data.tasks
    ]
    rows += [
        [
            "category",
            "",
            category.category,
            category.category,
            str(category.estimated),
            str(category.pomodoros),
            str(category.seconds),
            f"{category.seconds / data.work_seconds:.2f}",
            str(category.finished_tasks),
            _opt(category.median_pomodoros),
            _fixed(category.median_time_pomodoros),
        ]
        for category in data.categories
    ]
    return header, rows


def peak_rows(data: PeakHours) -> Table:
    rows = [
        [WEEKDAYS[day], str(hour), str(seconds), hours_cell(seconds)]
        for day, row in enumerate(data.seconds)
        for hour, seconds in enumerate(row)
    ]
    return ["weekday", "hour", "seconds", "hours"], rows


def focus_rows(data: FocusQuality) -> Table:
    rows = [
        [
            day.day.isoformat(),
            str(day.pomodoros),
            str(data.daily_goal),
            str(day.interruptions),
            str(day.switches),
        ]
        for day in data.days
    ]
    return ["day", "pomodoros", "daily_goal", "interruptions", "context_switches"], rows


def review_rows(data: MonthlyReview) -> Table:
    header = [
        "project", "month", "seconds", "hours", "pomodoros", "interruptions",
        "context_switches", "cost_cents", "value_cents", "roi", "note",
    ]  # fmt: skip
    rows = []
    for row in data.rows:
        for month, figures in ((data.last_month, row.last), (data.this_month, row.this)):
            rows.append(
                [
                    row.project.name,
                    month,
                    str(figures.seconds),
                    hours_cell(figures.seconds),
                    str(figures.pomodoros),
                    str(figures.interruptions),
                    str(figures.switches),
                    _opt(figures.roi.cost_cents),
                    _opt(figures.roi.value_cents),
                    f"{figures.roi.roi:.4f}" if figures.roi.roi is not None else "",
                    figures.roi.note or "",
                ]
            )
    return header, rows


def automation_rows(data: Automation) -> Table:
    rows = [
        [row.category, month, str(seconds), hours_cell(seconds)]
        for row in data.rows
        for month, seconds in zip(data.months, row.seconds, strict=True)
    ]
    return ["category", "month", "seconds", "hours"], rows


def team_rows(data: Sequence[TeamProjectRow]) -> Table:
    """One row per person, client and project: the figures of the Team view."""
    rows = [
        [row.person, row.client or "", row.project, str(row.seconds), hours_cell(row.seconds)]
        for row in data
    ]
    return ["person", "client", "project", "seconds", "hours"], rows
