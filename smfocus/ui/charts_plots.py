"""Drawing helpers shared by the chart views: styled plots, readable axes, bars with
labels, hover tips and plain tables. pyqtgraph loads with this module, which is
imported only when the charts window opens.
"""

from __future__ import annotations

import html
import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
)

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.ui import plain

# White charts with dark text read well in print and on light desktops alike;
# image rows are weekdays, columns hours.
pg.setConfigOptions(
    antialias=True, background="w", foreground="#1f2937", imageAxisOrder="row-major"
)

INK = "#1f2937"
MUTED = "#6b7280"
GRID_ALPHA = 0.25
POSITIVE = "#16a34a"
NEGATIVE = "#dc2626"
NEUTRAL = "#9ca3af"
MAX_TICK_LABELS = 14


def font(points: float, bold: bool = False) -> QFont:
    chosen = QFont()
    chosen.setPointSizeF(points)
    chosen.setBold(bold)
    return chosen


def make_plot(title: str, left: str | None = None, bottom: str | None = None) -> pg.PlotWidget:
    """A plot with the house style: title, axis labels, light grid, no mouse zoom
    (a chart of a range is read, not explored; the range picker moves it)."""
    widget = pg.PlotWidget(axisItems=axes())
    style_plot(widget.getPlotItem(), title, left, bottom)
    return widget


class Axis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type hints
    """An axis that draws its end labels, the 0 of a value axis first: with a grid,
    pyqtgraph clips tick labels to the plot area, and the 0 sits on its edge."""

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        margin = float(LABEL_OVERFLOW_PX)
        rect: QRectF = super().boundingRect()
        return rect.adjusted(-margin, -margin, margin, margin)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return local_ticks(super().tickStrings(values, scale, spacing))


def local_ticks(strings: list[str]) -> list[str]:
    """pyqtgraph writes ``0.5`` whatever the language: French reads ``0,5``."""
    if not fmt.french():
        return strings
    return [text.replace(".", ",") for text in strings]


def localise_ticks(axis: pg.AxisItem) -> None:
    """Decimal commas on an axis pyqtgraph made itself (a colour bar's)."""
    made = axis.tickStrings
    axis.tickStrings = lambda values, scale, spacing: local_ticks(made(values, scale, spacing))


LABEL_OVERFLOW_PX = 15  # how far an end label may reach past the axis


def axes() -> dict[str, pg.AxisItem]:
    """Fresh left and bottom axes for a new plot."""
    return {"left": Axis("left"), "bottom": Axis("bottom")}


def style_plot(
    plot: pg.PlotItem, title: str, left: str | None = None, bottom: str | None = None
) -> None:
    plot.setTitle(title, color=INK, size="12pt", bold=True)
    label_style = {"color": INK, "font-size": "10pt"}
    if left:
        plot.setLabel("left", left, **label_style)
    if bottom:
        plot.setLabel("bottom", bottom, **label_style)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setStyle(tickFont=font(9), tickTextOffset=6)
        axis.setTextPen(INK)
        axis.setPen(MUTED)
        # Hours are hours: an SI prefix turned the label into "hours (x0.001)".
        axis.enableAutoSIPrefix(False)
    plot.showGrid(x=False, y=True, alpha=GRID_ALPHA)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.getViewBox().setMouseEnabled(x=False, y=False)


def short_label(label: str, period: str, many_years: bool) -> str:
    """How a period label reads under a bar: 29 Mar, W13, Mar 2026, 2026 (in the
    language in use: 29 mars, S13, mars 2026)."""
    if period == "day":
        return fmt.short_day(date.fromisoformat(label), year=many_years)
    if period == "week":
        year, week = label.split("-W")
        if many_years:
            return _("{year}-W{week}").format(year=year, week=week)
        return _("W{week}").format(week=week)
    if period == "month":
        return fmt.month(date.fromisoformat(f"{label}-01"), short=True)
    return label


def period_name(label: str, period: str) -> str:
    """A period label in full, for a tooltip: 2026-03-10, 2026-W13, March 2026."""
    if period == "day":
        return fmt.day(date.fromisoformat(label))
    if period == "week":
        year, week = label.split("-W")
        return _("{year}-W{week}").format(year=year, week=week)
    if period == "month":
        return fmt.month(date.fromisoformat(f"{label}-01"))
    return label


def category_ticks(
    labels: Sequence[str], limit: int = MAX_TICK_LABELS, step: int = 1
) -> list[tuple[float, str]]:
    """Every n-th label (at least every ``step``-th), so that neighbours never overlap."""
    if not labels:
        return []
    step = max(1, step, math.ceil(len(labels) / limit))
    return [(float(index), labels[index]) for index in range(0, len(labels), step)]


LABEL_GAP_PX = 12  # between two tick labels side by side


def label_step(labels: Sequence[str], metrics: QFontMetrics, pixels_per_slot: float) -> int:
    """Every how many slots a label fits beside the next with a gap between them."""
    if not labels or pixels_per_slot <= 0:
        return 1
    widest = max(metrics.horizontalAdvance(label) for label in labels) + LABEL_GAP_PX
    return max(1, math.ceil(widest / pixels_per_slot))


class CategoryAxis:
    """Bottom-axis labels for bars at 0, 1, 2…, thinned to what the plot's width
    holds, and thinned again when the plot is resized."""

    def __init__(self, plot: pg.PlotItem, axis: str = "bottom") -> None:
        self.plot = plot
        self.axis = plot.getAxis(axis)
        self.labels: Sequence[str] = ()
        self.ticks: list[tuple[float, str]] = []
        plot.getViewBox().sigResized.connect(self.refresh)

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = labels
        self.refresh()

    def refresh(self, *_ignored: object) -> None:
        box = self.plot.getViewBox()
        (left, right), _vertical = box.viewRange()
        span = right - left
        slot = box.width() / span if span > 0 else 0.0
        metrics = QFontMetrics(self.axis.style["tickFont"] or font(9))
        self.ticks = category_ticks(self.labels, step=label_step(self.labels, metrics, slot))
        self.axis.setTicks([self.ticks, []])
        self._make_room(metrics, left, slot)

    def _make_room(self, metrics: QFontMetrics, left: float, slot: float) -> None:
        """Room on the right for the last label, centred under a bar near the edge:
        the widget's edge cut "31 Mar" to "31 Ma" (and French names are longer)."""
        if not self.ticks or slot <= 0:
            return
        position, text = self.ticks[-1]
        box = self.plot.getViewBox()
        beyond = metrics.horizontalAdvance(text) / 2 - (box.width() - (position - left) * slot)
        left_margin, top, right, bottom = self.plot.layout.getContentsMargins()
        wanted = min(max(1, math.ceil(beyond) + 2), LABEL_OVERFLOW_PX)
        if abs(right - wanted) > 1:
            self.plot.layout.setContentsMargins(left_margin, top, wanted, bottom)


_category_axes: weakref.WeakKeyDictionary[pg.PlotItem, CategoryAxis] = weakref.WeakKeyDictionary()


def set_category_axis(plot: pg.PlotItem, axis: str, labels: Sequence[str]) -> CategoryAxis:
    """Label bars 0, 1, 2… on ``axis``; call after the plot's range is set."""
    found = _category_axes.get(plot)
    if found is None:
        found = _category_axes[plot] = CategoryAxis(plot, axis)
    found.set_labels(labels)
    return found


def row_labels(plot: pg.PlotItem, names: Sequence[str]) -> None:
    """Name horizontal bars 0, 1, 2… on the left axis, made wide enough for the
    longest name (pyqtgraph widens it only after a paint, and drops what does not fit)."""
    axis = plot.getAxis("left")
    axis.setTicks([[(float(index), name) for index, name in enumerate(names)], []])
    metrics = QFontMetrics(axis.style["tickFont"] or font(9))
    widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
    offset = axis.style["tickTextOffset"]
    offset = offset[0] if isinstance(offset, list | tuple) else offset
    axis.setWidth(widest + int(offset) + max(0, axis.style["tickLength"]) + LABEL_GAP_PX)


def count_axis(plot: pg.PlotItem, axis: str, top: float) -> None:
    """Ticks at whole numbers only, for an axis that counts (no half pomodoro)."""
    step = next(
        (
            n * scale
            for scale in (1, 10, 100, 1000, 10_000)
            for n in (1, 2, 5)
            if top / (n * scale) <= 8
        ),
        100_000,
    )
    plot.getAxis(axis).setTickSpacing(major=float(step), minor=float(step))


def label_item(
    text: str, x: float, y: float, anchor: tuple[float, float], colour: str = INK, size: float = 9
) -> pg.TextItem:
    item = pg.TextItem(text, color=colour, anchor=anchor)
    item.setFont(font(size))
    item.setPos(x, y)
    return item


def colour(value: str, alpha: int = 255) -> QColor:
    made = QColor(value)
    made.setAlpha(alpha)
    return made


def hours(seconds: float) -> float:
    return seconds / 3600


class Hover:
    """Shows a tooltip with what lies under the mouse in a plot.

    ``describe(x, y)`` gets view coordinates and returns the text, or None.
    """

    def __init__(self, widget: pg.PlotWidget, describe: Callable[[float, float], str | None]):
        self.widget = widget
        self.describe = describe
        widget.scene().sigMouseMoved.connect(self._moved)

    def _moved(self, position: QPointF) -> None:
        box = self.widget.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(position):
            QToolTip.hideText()
            return
        point = box.mapSceneToView(position)
        text = self.describe(point.x(), point.y())
        if text:
            QToolTip.showText(QCursor.pos(), plain.tooltip(text), self.widget)
        else:
            QToolTip.hideText()


def table(headers: Sequence[str], numeric: Iterable[int] | None = None) -> QTableWidget:
    """A read-only table; ``numeric`` columns (default: all but the first) hold
    right-aligned figures."""
    made = QTableWidget(0, len(headers))
    made.setHorizontalHeaderLabels(list(headers))
    made.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    made.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    rows = made.verticalHeader()
    rows.setVisible(False)
    # One line per row, all the same height: resizing rows to their contents
    # before the columns have their widths gives uneven rows.
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(made.fontMetrics().height() + 8)
    made.setAlternatingRowColors(True)
    made.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # Every column as wide as its longest cell: a project name cut to "Bloom ..."
    # tells nothing. (A stretched last column would keep a width it once had and
    # push the others behind a scroll bar.)
    header = made.horizontalHeader()
    for index in range(len(headers)):
        header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
    made.setProperty("numeric", list(numeric if numeric is not None else range(1, len(headers))))
    return made


def fill_table(
    widget: QTableWidget,
    rows: Sequence[Sequence[str]],
    swatches: Sequence[str | None] | None = None,
    bold_last: bool = False,
) -> None:
    """Replace the rows; ``swatches`` colours a square before each first cell."""
    numeric = set(widget.property("numeric") or [])
    widget.setRowCount(len(rows))
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            item = QTableWidgetItem(value)
            if column in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 0 and swatches is not None and swatches[row_index]:
                item.setData(Qt.ItemDataRole.DecorationRole, colour(swatches[row_index] or INK))
            if bold_last and row_index == len(rows) - 1:
                item.setFont(font(9, bold=True))
            widget.setItem(row_index, column, item)
    # Wide enough for every column, so no figure hides behind a scroll bar; measured
    # from the contents, not from the sections, which the last one stretches.
    header = widget.horizontalHeader()
    needed = sum(
        max(header.sectionSizeHint(column), widget.sizeHintForColumn(column))
        for column in range(widget.columnCount())
    )
    room = 2 * widget.frameWidth() + widget.verticalScrollBar().sizeHint().width() + 8
    widget.setMinimumWidth(min(needed + room, 640))


def key_label(entries: Sequence[tuple[str, str, str]]) -> QLabel:
    """A chart's key as one line of text: (colour, mark, meaning) per entry."""
    label = QLabel()
    set_key(label, entries)
    return label


def set_key(label: QLabel, entries: Sequence[tuple[str, str, str]]) -> None:
    label.setText(
        "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{ink}; font-weight:bold">{mark}</span>&nbsp;{html.escape(text)}'
            for ink, mark, text in entries
        )
    )


def caption(text: str) -> QLabel:
    label = plain.label(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED};")
    return label


def brush(value: str, alpha: int = 255) -> QBrush:
    return QBrush(colour(value, alpha))
