"""The seven chart views of the charts window, one tab each.

A view fetches its figures through ``Insights`` (one read transaction), draws
them, and can hand back the same figures as CSV rows (made by
``smfocus.exports.chart_csv``, which needs no Qt). Widgets are built on the
first draw, so opening the window pays only for the tab that is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QSplitter, QTableWidget, QVBoxLayout, QWidget

from smfocus.core import fmt
from smfocus.core.i18n import N_, _, ngettext
from smfocus.core.ranges import DateRange
from smfocus.core.roi import RoiFigures
from smfocus.exports import chart_csv
from smfocus.insights import Insights
from smfocus.store.analytics import (
    AUTOMATION_CATEGORIES,
    Automation,
    CategoryEstimate,
    CategoryHours,
    Estimates,
    FocusQuality,
    MonthlyReview,
    PeakHours,
    ProjectFilter,
    ProjectInfo,
    ProjectRoi,
    ProjectSeries,
    TimeByPeriod,
)
from smfocus.ui import charts_plots as cp

MAX_TASK_ROWS = 20
POMODORO_RED = "#ef4444"
GOAL_GREEN = "#15803d"
INTERRUPTION_AMBER = "#f59e0b"
SWITCH_PURPLE = "#7c3aed"
ESTIMATE_GREY = "#9ca3af"
DONE_BLUE = "#2563eb"
TIME_ORANGE = "#ea580c"
LAST_MONTH_ALPHA = 110


@dataclass(frozen=True, slots=True)
class ChartQuery:
    chosen: DateRange
    project_ids: ProjectFilter
    period: str  # day, week, month or year: how the time chart groups its bars
    auto: bool = False  # the period was picked for the range, not by the user


# Beyond this many monthly bars (all time, say) the time chart shows years.
MAX_MONTH_BARS = 36


def by_year(data: TimeByPeriod) -> TimeByPeriod:
    """Monthly figures summed per calendar year (months never straddle years)."""
    years = sorted({label[:4] for label in data.labels})
    where = {year: index for index, year in enumerate(years)}
    series = []
    for row in data.series:
        seconds = [0] * len(years)
        for label, spent in zip(data.labels, row.seconds, strict=True):
            seconds[where[label[:4]]] += spent
        series.append(ProjectSeries(project=row.project, seconds=tuple(seconds), total=row.total))
    return TimeByPeriod(period="year", labels=tuple(years), series=tuple(series))


# Why a figure is missing, as smfocus.core.roi words it (joined with "; "): the
# charts say it in the language in use.
ROI_NOTES = (
    N_("no hourly rate"),
    N_("no value set"),
    N_("value per result: not tracked yet"),
    N_("no time tracked"),
)


def note_text(note: str | None) -> str | None:
    """A figure's note (``no hourly rate; no value set``) in the language in use."""
    if not note:
        return note
    parts = [_(part) for part in note.split("; ")]
    text = parts[0]
    for part in parts[1:]:
        text = _("{note}; {other}").format(note=text, other=part)
    return text


def hours_text(seconds: float, places: int = 2) -> str:
    """Hours in a table cell, where the column header already says "hours" (a
    decimal comma in French; the CSV keeps its dot)."""
    return fmt.hours(seconds, places, unit=False)


def figure(value: float) -> str:
    """``3`` or ``3.5``: a median, whole when it is."""
    return fmt.number(value, 0 if float(value).is_integer() else 1)


def weekday_name(index: int) -> str:
    """Mon…Sun (lun.…dim.) for 0…6: weeks start on Monday."""
    return _(fmt.WEEKDAYS_SHORT[index])


def roi_text(figures: RoiFigures) -> str:
    if figures.roi is None:
        return note_text(figures.note) or "-"
    return fmt.percent(figures.roi, signed=True)


def pair(last: str, this: str) -> str:
    """last → this; a note both months share (no rate, say) is said once."""
    if last == this and not any(character.isdigit() for character in last):
        return last
    return f"{last} → {this}"


def month_name(label: str) -> str:
    return fmt.month(date.fromisoformat(f"{label}-01")) if label else ""


def project_label(project: ProjectInfo) -> str:
    if project.archived:
        return _("{name} (archived)").format(name=project.name)
    return project.name


class ChartView(QWidget):
    """One tab: fetches its figures, draws them, exports them."""

    slug: ClassVar[str] = ""
    title: ClassVar[str] = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(6, 6, 6, 6)
        self.built = False
        self.data: Any = None
        self._splitters: list[QSplitter] = []

    def fetch(self, insights: Insights, query: ChartQuery) -> Any:
        raise NotImplementedError

    def build(self) -> None:
        raise NotImplementedError

    def show_figures(self, data: Any) -> None:
        raise NotImplementedError

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        raise NotImplementedError

    def draw(self, data: Any) -> None:
        if not self.built:
            self.build()
            self.built = True
        self.data = data
        self.show_figures(data)
        self._fit_tables()

    def _fit_tables(self) -> None:
        """Give a side table the width its figures need: a splitter keeps the sizes it
        had when the table was still empty."""
        for splitter in self._splitters:
            side = splitter.widget(1)
            sizes = splitter.sizes()
            if side is not None and sum(sizes) > 0 and sizes[1] < side.minimumWidth():
                wanted = side.minimumWidth()
                splitter.setSizes([max(sum(sizes) - wanted, 1), wanted])

    def _stack(self, chart: QWidget, below: QTableWidget, rows: int = 7) -> QSplitter:
        """The chart above a table tall enough for ``rows`` rows without scrolling."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(chart)
        splitter.addWidget(below)
        below.setMinimumHeight(below.verticalHeader().defaultSectionSize() * (rows + 1) + 6)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _split(self, chart: QWidget, side: QWidget, chart_share: int = 3) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(chart)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, chart_share)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self._splitters.append(splitter)
        return splitter


# -- time per project ---------------------------------------------------------------


BY_PERIOD = {
    "day": N_("Time per project, by day"),
    "week": N_("Time per project, by week"),
    "month": N_("Time per project, by month"),
    "year": N_("Time per project, by year"),
}


class TimeView(ChartView):
    slug = "time"
    title = N_("Time per project")

    def fetch(self, insights: Insights, query: ChartQuery) -> TimeByPeriod:
        if query.period == "year":
            return by_year(insights.time_by_period(query.chosen, "month", query.project_ids))
        data = insights.time_by_period(query.chosen, query.period, query.project_ids)
        if query.auto and query.period == "month" and len(data.labels) > MAX_MONTH_BARS:
            return by_year(data)  # all time over years: a bar a month is noise
        return data

    def build(self) -> None:
        self.plot = cp.make_plot(_("Time per project"), left=_("hours"))
        self.table = cp.table([_("Project"), _("Time"), _("Hours"), _("Share")])
        self.table.setMinimumWidth(280)
        self.box.addWidget(self._split(self.plot, self.table), 1)
        self.box.addWidget(
            cp.caption(
                _(
                    "Tracked time, split at local midnight (days of a clock change have 23 or "
                    "25 hours); a running entry counts up to now. Hover a bar for exact hours."
                )
            )
        )
        self.hover = cp.Hover(self.plot, self.describe)

    def show_figures(self, data: TimeByPeriod) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        count = len(data.labels)
        plot.setTitle(_(BY_PERIOD[data.period]), color=cp.INK, size="12pt", bold=True)
        years = {label[:4] for label in data.labels}
        shown = [cp.short_label(label, data.period, len(years) > 1) for label in data.labels]
        bottoms = [0.0] * count
        width = 0.8 if count < 200 else 1.0
        for series in data.series:  # the largest project sits on the axis, steadiest
            heights = [cp.hours(seconds) for seconds in series.seconds]
            plot.addItem(
                pg.BarGraphItem(
                    x=list(range(count)),
                    y0=list(bottoms),
                    height=heights,
                    width=width,
                    brush=cp.brush(series.project.colour),
                    pen=pg.mkPen("w", width=0.5) if count < 200 else pg.mkPen(None),
                    name=series.project.name,
                )
            )
            bottoms = [bottom + height for bottom, height in zip(bottoms, heights, strict=True)]
        top = max(bottoms, default=0.0)
        plot.setXRange(-0.6, max(count, 1) - 0.4, padding=0)
        plot.setYRange(0, top * 1.08 if top > 0 else 1, padding=0)
        cp.set_category_axis(plot, "bottom", shown)
        if not data.series:
            plot.addItem(cp.label_item(_("No time tracked in this range."), 0, 0.5, (0, 0.5)))
        total = data.total
        rows = [
            [
                project_label(series.project),
                fmt.duration(series.total),
                hours_text(series.total),
                fmt.percent(series.total / total if total else None, 1),
            ]
            for series in data.series
        ]
        rows.append(
            [
                _("Total"),
                fmt.duration(total),
                hours_text(total),
                fmt.percent(1.0 if total else None),
            ]
        )
        cp.fill_table(
            self.table,
            rows,
            swatches=[series.project.colour for series in data.series] + [None],
            bold_last=True,
        )

    def describe(self, x: float, y: float) -> str | None:
        data: TimeByPeriod | None = self.data
        if data is None:
            return None
        index = round(x)
        if not 0 <= index < len(data.labels) or abs(x - index) > 0.45 or y < 0:
            return None
        return self.hover_text(index, y)

    def hover_text(self, index: int, y: float) -> str | None:
        """What a person pointing at bar ``index``, height ``y`` hours, is told."""
        data: TimeByPeriod = self.data
        label = cp.period_name(data.labels[index], data.period)
        period_total = sum(series.seconds[index] for series in data.series)
        bottom = 0.0
        for series in data.series:
            seconds = series.seconds[index]
            top = bottom + cp.hours(seconds)
            if seconds and bottom <= y < top:
                return _(
                    "{project}, {period}: {time} ({hours})\n"
                    "All projects: {total_time} ({total_hours})"
                ).format(
                    project=series.project.name,
                    period=label,
                    time=fmt.duration(seconds),
                    hours=fmt.hours(seconds),
                    total_time=fmt.duration(period_total),
                    total_hours=fmt.hours(period_total),
                )
            bottom = top
        if period_total:
            return _("{period}: {time} ({hours})").format(
                period=label, time=fmt.duration(period_total), hours=fmt.hours(period_total)
            )
        return None

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.time_rows(self.data)


# -- ROI ----------------------------------------------------------------------------


class RoiView(ChartView):
    slug = "roi"
    title = N_("ROI per project")

    def fetch(self, insights: Insights, query: ChartQuery) -> tuple[ProjectRoi, ...]:
        return insights.roi(query.chosen, query.project_ids)

    def build(self) -> None:
        self.plot = cp.make_plot(_("Return on the time spent"), bottom=_("ROI (%)"))
        self.plot.getPlotItem().showGrid(x=True, y=False, alpha=cp.GRID_ALPHA)
        self.plot.getPlotItem().invertY(True)
        self.table = cp.table(
            [
                _("Project"),
                _("Hours"),
                _("Rate"),
                _("Effective rate"),
                _("Cost"),
                _("Value"),
                _("ROI"),
            ]
        )
        self.table.setMinimumWidth(520)
        self.box.addWidget(self._split(self.plot, self.table, 1), 1)
        self.box.addWidget(
            cp.caption(
                _(
                    "ROI = (value − cost) / cost. Cost = tracked hours × the project's hourly "
                    "rate. A value per month is prorated by days to the range (up to today). A "
                    "value per result is not counted: results are not tracked yet. No rate or "
                    "no value means no ROI, never zero. Effective rate = value ÷ hours tracked."
                )
            )
        )
        self.month_note = cp.caption("")
        self.month_note.setVisible(False)
        self.box.addWidget(self.month_note)

    def show_figures(self, data: tuple[ProjectRoi, ...]) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        ratios = [row.roi * 100 for row in data if row.roi is not None]
        low, high = min([0.0, *ratios]), max([0.0, *ratios])
        span = max(high - low, 50.0)
        for index, row in enumerate(data):
            figures = row.figures
            if row.roi is not None:
                value = row.roi * 100
                plot.addItem(
                    pg.BarGraphItem(
                        x0=[min(0.0, value)],
                        y=[index],
                        width=[abs(value)],
                        height=0.6,
                        brush=cp.brush(cp.POSITIVE if value >= 0 else cp.NEGATIVE),
                        pen=pg.mkPen(None),
                    )
                )
                assert figures.value_cents is not None and figures.cost_cents is not None
                currency = row.project.currency
                # Month to date, the ROI is not value against cost of this range's
                # own figures beside it: say so on the bar.
                ratio = fmt.percent(row.roi, signed=True)
                if row.shown and row.shown.since:
                    ratio = _("{roi} month to date").format(roi=ratio)
                text = _("{roi}\nvalue {value} · cost {cost}").format(
                    roi=ratio,
                    value=fmt.money(figures.value_cents, currency, 0),
                    cost=fmt.money(figures.cost_cents, currency, 0),
                )
                # A loss is labelled right of the zero line, where a gain would be:
                # that side always has room, whatever the bar's length.
                plot.addItem(cp.label_item(text, max(value, 0.0), index, (0.0, 0.5)))
            else:
                plot.addItem(
                    cp.label_item(
                        f" {note_text(figures.note) or _('no ROI')}", 0, index, (0, 0.5), cp.MUTED
                    )
                )
        plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(cp.MUTED, width=1)))
        names = [project_label(row.project) for row in data]
        cp.row_labels(plot, names)
        # Room on the right for the labels, which are drawn at a fixed pixel size.
        plot.setXRange(low - span * 0.08 if low < 0 else 0.0, high + span * 1.3, padding=0)
        plot.setYRange(-0.6, max(len(data), 1) - 0.4, padding=0)
        if not data:
            plot.addItem(cp.label_item(_("No project in this range."), 0, 0, (0, 0.5)))
        cp.fill_table(
            self.table,
            [
                [
                    project_label(row.project),
                    hours_text(row.figures.seconds),
                    fmt.money(row.project.rate_cents, row.project.currency)
                    if row.project.rate_cents is not None
                    else _("no rate"),
                    fmt.money(row.effective_rate_cents, row.project.currency),
                    fmt.money(row.figures.cost_cents, row.project.currency),
                    fmt.money(row.figures.value_cents, row.project.currency)
                    if row.figures.value_cents is not None
                    else (_("per result") if row.project.value_per == "result" else _("no value")),
                    fmt.percent(row.roi, signed=True),
                ]
                for row in data
            ],
            swatches=[row.project.colour for row in data],
        )
        since = next((row.shown.since for row in data if row.shown and row.shown.since), None)
        self.month_note.setVisible(since is not None)
        if since is not None:
            self.month_note.setText(
                _(
                    "ROI and effective rate are month to date, from {day}: the range is "
                    "shorter than its month, and a monthly value prorated to a few days against "
                    "a few hours says little. Hours, cost and value are the range's."
                ).format(day=f"{since.day} {fmt.month(since, year=False)}")
            )

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.roi_rows(self.data)


# -- estimates against actuals ---------------------------------------------------------


class EstimatesView(ChartView):
    slug = "estimates"
    title = N_("Estimates vs actuals")

    def fetch(self, insights: Insights, query: ChartQuery) -> Estimates:
        return insights.estimates(query.chosen, query.project_ids)

    def build(self) -> None:
        self.plot = cp.make_plot(
            _("Pomodoros per task: estimated and done"), bottom=_("pomodoros")
        )
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=False, alpha=cp.GRID_ALPHA)
        item.invertY(True)
        # The key sits above the chart, not on it: on it, it hides a bar or a label
        # whatever corner it takes.
        self.key = cp.key_label([])
        self.table = cp.table(
            [
                _("Category"),
                _("Tasks"),
                _("Estimated"),
                _("Done"),
                _("Time ÷ pomodoro"),
                _("Finished tasks"),
                _("A new task usually takes"),
            ],
            numeric=range(1, 6),
        )
        self.box.addWidget(self.key)
        self.box.addWidget(self._stack(self.plot, self.table), 1)
        self.note = cp.caption("")
        self.box.addWidget(self.note)

    def show_figures(self, data: Estimates) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        minutes = data.work_seconds // 60
        tracked = _("tracked time ÷ {minutes} min").format(minutes=minutes)
        cp.set_key(
            self.key,
            [
                (ESTIMATE_GREY, "■", _("estimated")),
                (DONE_BLUE, "■", _("done (completed pomodoros)")),
                (TIME_ORANGE, "◆", tracked),
            ],
        )
        tasks = sorted(
            data.tasks,
            key=lambda task: (
                -abs(task.pomodoros - (task.estimate or 0)),
                task.project,
                task.task,
            ),
        )[:MAX_TASK_ROWS]
        positions = list(range(len(tasks)))
        if tasks:
            estimate = pg.BarGraphItem(
                x0=[0] * len(tasks),
                y=[p - 0.18 for p in positions],
                width=[task.estimate or 0 for task in tasks],
                height=0.34,
                brush=cp.brush(ESTIMATE_GREY),
                pen=pg.mkPen(None),
                name=_("estimated"),
            )
            done = pg.BarGraphItem(
                x0=[0] * len(tasks),
                y=[p + 0.18 for p in positions],
                width=[task.pomodoros for task in tasks],
                height=0.34,
                brush=cp.brush(DONE_BLUE),
                pen=pg.mkPen(None),
                name=_("done (completed pomodoros)"),
            )
            timed = pg.ScatterPlotItem(
                x=[task.seconds / data.work_seconds for task in tasks],
                y=[p + 0.18 for p in positions],
                symbol="d",
                size=11,
                brush=cp.brush(TIME_ORANGE),
                pen=pg.mkPen("w", width=1),
                name=tracked,
            )
            for item in (estimate, done, timed):
                plot.addItem(item)
            for position, task in zip(positions, tasks, strict=True):
                ahead = task.pomodoros - (task.estimate or 0)
                text = " " + _("{done} of {estimate}").format(
                    done=task.pomodoros, estimate=task.estimate
                )
                if ahead > 0:
                    text += f" (+{ahead})"
                reach = max(task.pomodoros, task.estimate or 0, task.seconds / data.work_seconds)
                plot.addItem(cp.label_item(text, reach, position, (0, 0.5), cp.INK, 8.5))
        else:
            plot.addItem(
                cp.label_item(
                    _(
                        "No task worked in this range has an estimate. "
                        "Set one in the Projects window."
                    ),
                    0,
                    0,
                    (0, 0.5),
                    cp.MUTED,
                )
            )
        names = [fmt.label(task.project, task.task) for task in tasks]
        cp.row_labels(plot, names)
        widest = max(
            [max(t.pomodoros, t.estimate or 0, t.seconds / data.work_seconds) for t in tasks],
            default=4,
        )
        plot.setXRange(0, widest * 1.35 + 1, padding=0)
        cp.count_axis(plot, "bottom", widest * 1.35 + 1)
        plot.setYRange(-0.7, max(len(tasks), 1) - 0.3, padding=0)
        note = _(
            "Done = completed work phases on the task, over its whole life (tasks worked in "
            "this range). Second measure: tracked time ÷ {minutes} min. A new task usually "
            "takes the median pomodoros of the finished tasks of its category (any time, any "
            "project); the time-based median follows in brackets."
        ).format(minutes=minutes)
        if len(data.tasks) > MAX_TASK_ROWS:
            note += " " + _(
                "The chart shows the {shown} tasks furthest from their estimate of {count}; "
                "the CSV holds them all."
            ).format(shown=MAX_TASK_ROWS, count=len(data.tasks))
        self.note.setText(note)
        rows = [self._category_row(category, data.work_seconds) for category in data.categories]
        header = self.table.horizontalHeaderItem(4)
        if header is not None:
            header.setText(_("Time ÷ {minutes} min").format(minutes=minutes))
        cp.fill_table(self.table, rows)

    @staticmethod
    def _category_row(category: CategoryEstimate, work_seconds: int) -> list[str]:
        by_time = category.median_time_pomodoros
        median = category.median_pomodoros
        if category.finished_tasks == 0:
            usual = _("no finished task yet")
        elif median is not None and by_time is not None:
            usual = ngettext(
                "{median} pomodoro ({by_time} by time)",
                "{median} pomodoros ({by_time} by time)",
                1 if median == 1 else 2,
            ).format(median=figure(median), by_time=fmt.number(by_time, 1))
        elif median is not None:
            usual = ngettext("{median} pomodoro", "{median} pomodoros", 1 if median == 1 else 2)
            usual = usual.format(median=figure(median))
        elif by_time is not None:
            # Finished without a completed pomodoro: only tracked time tells.
            usual = _("no pomodoro logged ({by_time} by time)").format(
                by_time=fmt.number(by_time, 1)
            )
        else:
            usual = _("no pomodoro or time logged on them")
        return [
            category.category,
            str(category.estimated_tasks),
            str(category.estimated),
            str(category.pomodoros),
            fmt.number(category.seconds / work_seconds, 1),
            str(category.finished_tasks),
            usual,
        ]

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.estimates_rows(self.data)


# -- peak hours ----------------------------------------------------------------------


class PeakView(ChartView):
    slug = "peak"
    title = N_("Peak hours")

    def fetch(self, insights: Insights, query: ChartQuery) -> PeakHours:
        return insights.peak_hours(query.chosen, query.project_ids)

    def build(self) -> None:
        self.plot = cp.make_plot(_("Focused time by weekday and hour"), bottom=_("local hour"))
        item = self.plot.getPlotItem()
        item.showGrid(x=False, y=False)
        item.invertY(True)
        self.image = pg.ImageItem()
        item.addItem(self.image)
        self.colours = pg.ColorMap(
            pos=[0.0, 0.5, 1.0], color=[(241, 245, 249), (96, 165, 250), (30, 58, 138)]
        )
        self.colour_bar = pg.ColorBarItem(
            values=(0, 1), colorMap=self.colours, label=_("hours"), interactive=False, width=14
        )
        self.colour_bar.setImageItem(self.image, insert_in=item)
        cp.localise_ticks(self.colour_bar.axis)
        item.getAxis("bottom").setTicks([[(h + 0.5, str(h)) for h in range(24)], []])
        item.getAxis("left").setTicks([[(d + 0.5, weekday_name(d)) for d in range(7)], []])
        item.setXRange(0, 24, padding=0)
        item.setYRange(0, 7, padding=0)
        self.cell_labels: dict[tuple[int, int], pg.TextItem] = {}
        self.cell_inks: dict[tuple[int, int], str] = {}
        self.box.addWidget(self.plot, 1)
        self.summary = cp.caption("")
        self.box.addWidget(self.summary)
        self.hover = cp.Hover(self.plot, self.describe)

    def show_figures(self, data: PeakHours) -> None:
        grid = [[cp.hours(seconds) for seconds in row] for row in data.seconds]
        top = max((max(row) for row in grid), default=0.0) or 1.0
        import numpy

        self.image.setImage(numpy.array(grid, dtype=float), levels=(0, top))
        self.image.setRect(QRectF(0, 0, 24, 7))
        self.colour_bar.setLevels((0, top))
        for day, row in enumerate(grid):
            for hour, value in enumerate(row):
                self._cell_label(day, hour, value, top)
        self._summary(data)

    def _cell_label(self, day: int, hour: int, value: float, top: float) -> None:
        """Write the hours in a cell. Labels are made once and reused: making a
        pyqtgraph text item costs about half a millisecond, and a year has 168 cells."""
        label = self.cell_labels.get((day, hour))
        if value <= 0:
            if label is not None:
                label.setVisible(False)
            return
        text = fmt.number(value, 0 if value >= 10 else 1)
        ink = "w" if value > top * 0.55 else cp.INK
        if label is None:
            label = cp.label_item(text, hour + 0.5, day + 0.5, (0.5, 0.5), ink, 7.5)
            self.plot.getPlotItem().addItem(label)
            self.cell_labels[(day, hour)] = label
            self.cell_inks[(day, hour)] = ink
        else:
            label.setText(text)
            if self.cell_inks[(day, hour)] != ink:
                label.setColor(ink)
                self.cell_inks[(day, hour)] = ink
            label.setVisible(True)

    def _summary(self, data: PeakHours) -> None:
        total = data.total
        best = max(
            (
                (seconds, day, hour)
                for day, row in enumerate(data.seconds)
                for hour, seconds in enumerate(row)
            ),
            default=(0, 0, 0),
        )
        text = _(
            "Tracked time per weekday and local hour, in hours ({total} in all); work crossing "
            "an hour is split at it. Hover a cell for exact figures."
        ).format(total=fmt.hours(total, 1))
        if best[0]:
            text += " " + _("The busiest hour is {day} {start}:00–{end}:00 ({hours}).").format(
                day=weekday_name(best[1]),
                start=best[2],
                end=best[2] + 1,
                hours=fmt.hours(best[0], 1),
            )
        self.summary.setText(text)

    def describe(self, x: float, y: float) -> str | None:
        data: PeakHours | None = self.data
        if data is None or not (0 <= x < 24 and 0 <= y < 7):
            return None
        day, hour = int(y), int(x)
        seconds = data.seconds[day][hour]
        return _("{day} {start}:00–{end}:00: {time} ({hours})").format(
            day=weekday_name(day),
            start=hour,
            end=hour + 1,
            time=fmt.duration(seconds),
            hours=fmt.hours(seconds),
        )

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.peak_rows(self.data)


# -- focus quality ----------------------------------------------------------------------


class FocusView(ChartView):
    slug = "focus"
    title = N_("Focus quality")

    def fetch(self, insights: Insights, query: ChartQuery) -> FocusQuality:
        return insights.focus_quality(query.chosen, query.project_ids)

    def build(self) -> None:
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.top = self.layout_widget.addPlot(row=0, col=0, axisItems=cp.axes())
        self.bottom = self.layout_widget.addPlot(row=1, col=0, axisItems=cp.axes())
        cp.style_plot(self.top, _("Completed pomodoros per day"), left=_("pomodoros"))
        cp.style_plot(
            self.bottom, _("Interruptions and context switches per day"), left=_("count")
        )
        self.bottom.setXLink(self.top)
        for plot in (self.top, self.bottom):
            plot.getAxis("left").setWidth(56)  # both plots' days line up
        self.key = cp.key_label(
            [
                (POMODORO_RED, "■", _("completed pomodoros")),
                (GOAL_GREEN, "- -", _("daily goal")),
                (INTERRUPTION_AMBER, "■", _("interruptions")),
                (SWITCH_PURPLE, "■", _("context switches")),
            ]
        )
        self.box.addWidget(self.key)
        self.box.addWidget(self.layout_widget, 1)
        self.summary = cp.caption("")
        self.box.addWidget(self.summary)

    def show_figures(self, data: FocusQuality) -> None:
        for plot in (self.top, self.bottom):
            plot.clear()
        count = len(data.days)
        positions = list(range(count))
        years = {day.day.year for day in data.days}
        labels = [cp.short_label(day.day.isoformat(), "day", len(years) > 1) for day in data.days]
        width = 0.8 if count < 200 else 1.0
        pomodoros = pg.BarGraphItem(
            x=positions,
            height=[day.pomodoros for day in data.days],
            width=width,
            brush=cp.brush(POMODORO_RED),
            pen=pg.mkPen(None),
            name=_("completed pomodoros"),
        )
        self.top.addItem(pomodoros)
        goal = pg.InfiniteLine(
            pos=data.daily_goal,
            angle=0,
            pen=pg.mkPen(GOAL_GREEN, width=2, style=Qt.PenStyle.DashLine),
            label=_("daily goal {goal}").format(goal=data.daily_goal),
            labelOpts={"position": 0.02, "color": GOAL_GREEN, "anchors": [(0, 1), (0, 1)]},
        )
        self.top.addItem(goal)
        half = width / 2
        interruptions = pg.BarGraphItem(
            x=[p - half / 2 for p in positions],
            height=[day.interruptions for day in data.days],
            width=half,
            brush=cp.brush(INTERRUPTION_AMBER),
            pen=pg.mkPen(None),
            name=_("interruptions"),
        )
        switches = pg.BarGraphItem(
            x=[p + half / 2 for p in positions],
            height=[day.switches for day in data.days],
            width=half,
            brush=cp.brush(SWITCH_PURPLE),
            pen=pg.mkPen(None),
            name=_("context switches"),
        )
        for item in (interruptions, switches):
            self.bottom.addItem(item)
        most = max((day.pomodoros for day in data.days), default=0)
        self.top.setYRange(0, max(most, data.daily_goal) * 1.2 + 0.5, padding=0)
        busiest = max((max(day.interruptions, day.switches) for day in data.days), default=0)
        self.bottom.setYRange(0, busiest * 1.25 + 1, padding=0)
        self.top.setXRange(-0.6, max(count, 1) - 0.4, padding=0)
        cp.count_axis(self.top, "left", max(most, data.daily_goal) * 1.2 + 0.5)
        cp.count_axis(self.bottom, "left", busiest * 1.25 + 1)
        for plot in (self.top, self.bottom):
            cp.set_category_axis(plot, "bottom", labels)
        self.summary.setText(
            goal_summary(data)
            + " "
            + _(
                "A pomodoro is a completed work phase, counted on the day it ended. A context "
                "switch is a change of task during a running work phase (the timer notes it as "
                '"switched to …"); every other logged interruption counts as an interruption.'
            )
        )

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.focus_rows(self.data)


def cost_cell(row: CategoryHours, months: int) -> str:
    """The monthly cost of what has a rate, and what is left out of it."""
    if row.cost_cents is None:  # nothing with a rate, or rates in several currencies
        return _("no rate") if row.unrated_seconds == row.total else _("several currencies")
    cost = fmt.money(round(row.cost_cents / months), row.currency or "")
    if not row.unrated_seconds:
        return cost
    return _("{cost} + {hours}/month with no rate").format(
        cost=cost, hours=fmt.hours(row.unrated_seconds / months, 1)
    )


def missing_rates(rows: tuple[CategoryHours, ...]) -> str:
    """A sentence naming the projects whose time has no cost, or nothing."""
    names = sorted({n for row in rows for n in row.unrated_projects}, key=str.casefold)
    if not names:
        return ""
    return " " + ngettext(
        "Not costed: time on {projects}, which has no hourly rate (set one in Projects).",
        "Not costed: time on {projects}, which have no hourly rate (set one in Projects).",
        len(names),
    ).format(projects=", ".join(names))


def goal_summary(data: FocusQuality) -> str:
    """How often the daily goal was met, and the range's interruptions. Days before
    the first entry ever are not counted: nobody missed a goal before starting."""
    counted = [d for d in data.days if data.first_day is not None and d.day >= data.first_day]
    met = sum(1 for day in counted if day.pomodoros >= data.daily_goal)
    before = len(data.days) - len(counted)
    if not counted:
        goal = _("No day to count against the goal of {goal} pomodoros yet.").format(
            goal=data.daily_goal
        )
    elif before:
        goal = ngettext(
            "Goal of {goal} pomodoros met on {met} of {days} day (the {before} days before "
            "your first entry are left out).",
            "Goal of {goal} pomodoros met on {met} of {days} days (the {before} days before "
            "your first entry are left out).",
            len(counted),
        ).format(goal=data.daily_goal, met=met, days=len(counted), before=before)
    else:
        goal = ngettext(
            "Goal of {goal} pomodoros met on {met} of {days} day.",
            "Goal of {goal} pomodoros met on {met} of {days} days.",
            len(counted),
        ).format(goal=data.daily_goal, met=met, days=len(counted))
    interruptions = sum(day.interruptions for day in data.days)
    switches = sum(day.switches for day in data.days)
    return (
        goal
        + " "
        + _("{interruptions} and {switches}.").format(
            interruptions=ngettext(
                "{count} interruption", "{count} interruptions", interruptions
            ).format(count=interruptions),
            switches=ngettext(
                "{count} context switch", "{count} context switches", switches
            ).format(count=switches),
        )
    )


# -- monthly review ---------------------------------------------------------------------


class ReviewView(ChartView):
    slug = "review"
    title = N_("Monthly review")

    def fetch(self, insights: Insights, query: ChartQuery) -> MonthlyReview:
        return insights.monthly_review(query.chosen, query.project_ids)

    def build(self) -> None:
        self.plot = cp.make_plot(_("Hours per project"), bottom=_("hours"))
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=False, alpha=cp.GRID_ALPHA)
        item.invertY(True)
        self.table = cp.table(
            [
                _("Project"),
                _("Hours"),
                _("Change"),
                _("ROI"),
                _("Pomodoros"),
                _("Interruptions"),
                _("Switches"),
            ]
        )
        self.box.addWidget(self._stack(self.plot, self.table), 1)
        self.box.addWidget(
            cp.caption(
                _(
                    "The month the range ends in against the month before; each cell reads "
                    "last month → this month. This month counts up to now, and its value is "
                    "prorated to the days so far."
                )
            )
        )

    def show_figures(self, data: MonthlyReview) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        plot.setTitle(
            _("Hours per project: {last} (pale) against {this}").format(
                last=month_name(data.last_month), this=month_name(data.this_month)
            ),
            color=cp.INK,
            size="12pt",
            bold=True,
        )
        rows = data.rows
        positions = list(range(len(rows)))
        if rows:
            last = pg.BarGraphItem(
                x0=[0] * len(rows),
                y=[p - 0.18 for p in positions],
                width=[cp.hours(row.last.seconds) for row in rows],
                height=0.34,
                brushes=[cp.brush(row.project.colour, LAST_MONTH_ALPHA) for row in rows],
                pen=pg.mkPen(None),
                name=month_name(data.last_month),
            )
            this = pg.BarGraphItem(
                x0=[0] * len(rows),
                y=[p + 0.18 for p in positions],
                width=[cp.hours(row.this.seconds) for row in rows],
                height=0.34,
                brushes=[cp.brush(row.project.colour) for row in rows],
                pen=pg.mkPen(None),
                name=month_name(data.this_month),
            )
            plot.addItem(last)
            plot.addItem(this)
            for position, row in enumerate(rows):
                for offset, seconds in ((-0.18, row.last.seconds), (0.18, row.this.seconds)):
                    plot.addItem(
                        cp.label_item(
                            f" {fmt.hours(seconds, 1)}",
                            cp.hours(seconds),
                            position + offset,
                            (0, 0.5),
                            cp.INK,
                            8,
                        )
                    )
        names = [project_label(row.project) for row in rows]
        cp.row_labels(plot, names)
        widest = max(
            (cp.hours(max(row.this.seconds, row.last.seconds)) for row in rows), default=1.0
        )
        plot.setXRange(0, max(widest, 1.0) * 1.2, padding=0)
        plot.setYRange(-0.7, max(len(rows), 1) - 0.3, padding=0)
        table_rows = []
        for row in rows:
            change = row.this.seconds - row.last.seconds
            table_rows.append(
                [
                    project_label(row.project),
                    f"{hours_text(row.last.seconds, 1)} → {hours_text(row.this.seconds, 1)}",
                    fmt.hours(change, 1, signed=True),
                    pair(roi_text(row.last.roi), roi_text(row.this.roi)),
                    f"{row.last.pomodoros} → {row.this.pomodoros}",
                    f"{row.last.interruptions} → {row.this.interruptions}",
                    f"{row.last.switches} → {row.this.switches}",
                ]
            )
        cp.fill_table(self.table, table_rows, swatches=[row.project.colour for row in rows])

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.review_rows(self.data)


# -- where automation pays ----------------------------------------------------------------


class AutomationView(ChartView):
    slug = "automation"
    title = N_("Where automation pays")

    def fetch(self, insights: Insights, query: ChartQuery) -> Automation:
        return insights.automation(query.chosen, query.project_ids)

    def build(self) -> None:
        self.plot = cp.make_plot(
            _("Hours per month in repetitive work"), bottom=_("hours per month")
        )
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=False, alpha=cp.GRID_ALPHA)
        item.invertY(True)
        self.table = cp.table(
            [_("Category"), _("Hours / month"), _("Total hours"), _("Cost / month")]
        )
        self.table.setMinimumWidth(360)
        self.box.addWidget(self._split(self.plot, self.table, 2), 1)
        self.note = cp.caption("")
        self.box.addWidget(self.note)

    def show_figures(self, data: Automation) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        rows = data.rows
        months = max(len(data.months), 1)
        values = [cp.hours(row.per_month()) for row in rows]
        if rows:
            plot.addItem(
                pg.BarGraphItem(
                    x0=[0] * len(rows),
                    y=list(range(len(rows))),
                    width=values,
                    height=0.6,
                    brush=cp.brush(TIME_ORANGE),
                    pen=pg.mkPen(None),
                )
            )
            for index, (row, value) in enumerate(zip(rows, values, strict=True)):
                hours = fmt.hours(row.per_month(), 1)
                if row.cost_cents is None or not row.currency:
                    text = _("{hours}/month").format(hours=hours)
                else:
                    cost = fmt.money(round(row.cost_cents / months), row.currency, 0)
                    if row.unrated_seconds:
                        text = _("{hours}/month  ≈ {cost}/month + time with no rate")
                    else:
                        text = _("{hours}/month  ≈ {cost}/month")
                    text = text.format(hours=hours, cost=cost)
                text = f" {text}"
                plot.addItem(cp.label_item(text, value, index, (0, 0.5)))
        else:
            plot.addItem(
                cp.label_item(
                    _("No time in the repetitive categories in this range."),
                    0,
                    0,
                    (0, 0.5),
                    cp.MUTED,
                )
            )
        cp.row_labels(plot, [row.category for row in rows])
        plot.setXRange(0, max(values, default=1.0) * 2.0 + 0.1, padding=0)
        plot.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        cp.fill_table(
            self.table,
            [
                [
                    row.category,
                    hours_text(row.per_month(), 1),
                    hours_text(row.total, 1),
                    cost_cell(row, months),
                ]
                for row in rows
            ],
        )
        if not data.months:
            span = _("no month")
        elif len(data.months) == 1:
            span = month_name(data.months[0])
        else:
            span = _("{first_month} to {last_month}").format(
                first_month=month_name(data.months[0]), last_month=month_name(data.months[-1])
            )
        self.note.setText(
            ngettext(
                "Categories counted as repetitive: {categories} (matched regardless of case). "
                "Hours per month = hours in the range ÷ {months} calendar month ({span}); cost "
                "at each project's hourly rate. These are the tasks a chatbot, a scheduler or "
                "an automation could take over.",
                "Categories counted as repetitive: {categories} (matched regardless of case). "
                "Hours per month = hours in the range ÷ {months} calendar months ({span}); "
                "cost at each project's hourly rate. These are the tasks a chatbot, a scheduler "
                "or an automation could take over.",
                months,
            ).format(categories=", ".join(AUTOMATION_CATEGORIES), months=months, span=span)
            + missing_rates(rows)
        )

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.automation_rows(self.data)


VIEWS: tuple[type[ChartView], ...] = (
    TimeView,
    RoiView,
    EstimatesView,
    PeakView,
    FocusView,
    ReviewView,
    AutomationView,
)


def table_text(widget: QTableWidget) -> list[list[str]]:
    """Every cell of a table, for tests and for people who copy figures."""
    cells = []
    for row in range(widget.rowCount()):
        line = []
        for column in range(widget.columnCount()):
            item = widget.item(row, column)
            line.append(item.text() if item is not None else "")
        cells.append(line)
    return cells
