"""Chart axes a person can read: plain hours (no SI prefix), bottom labels that
never touch at any range, years instead of a hundred monthly bars, whole numbers
on axes that count, and value axes that start at zero."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.insights import Insights
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.ui import charts_plots as cp
from smfocus.ui.charts_views import FocusView
from smfocus.ui.charts_window import ChartsWindow
from tests.charts_data import local

PARIS = ZoneInfo("Europe/Paris")
NOW = local("2026-03-31T17:40:00", PARIS)
RANGES = ("today", "this_week", "this_month", "last_month", "this_year", "all_time")


@pytest.fixture(scope="module")
def long_history_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fifteen years and a few months of work: an hour or so on the 3rd of each month."""
    folder = tmp_path_factory.mktemp("axes") / "data"
    store = open_store(folder)
    tracker = Tracker(store, FakeClock(NOW), PARIS, user="tester")
    tracker.add_project("Acme", rate="45")
    tracker.add_project("Beta")
    for month in range(15 * 12 + 3):
        year, index = divmod(month, 12)
        start = local(f"{2011 + year}-{index + 1:02d}-03T09:00:00", PARIS)
        project = "Acme" if month % 3 else "Beta"
        tracker.add(project, "Posts", start=start, end=start + 2700 + 60 * (month % 40))
        if month % 4 == 0:
            tracker.add(
                "Acme",
                "Replies",
                category="scheduling posts",
                start=start + 7200,
                end=start + 7800,
            )
    start = local("2026-03-31T09:00:00", PARIS)
    tracker.add("Acme", "Posts", start=start, end=start + 1800)
    store.dispose()
    return folder


@pytest.fixture
def long_history(long_history_dir: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[ChartsWindow]:
    copy = tmp_path / "data"
    shutil.copytree(long_history_dir, copy)
    store = open_store(copy)
    window = ChartsWindow(Insights(Tracker(store, FakeClock(NOW), PARIS, user="tester")))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    store.dispose()


def drawn_labels(axis: pg.AxisItem) -> list[str]:
    """The tick labels the axis paints (not those it drops at its edges)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in specs[2]] if specs else []


def plots(window: ChartsWindow, slug: str) -> list[pg.PlotItem]:
    view = window.views[slug]
    if isinstance(view, FocusView):
        return [view.top, view.bottom]
    return [widget.getPlotItem() for widget in view.findChildren(pg.PlotWidget)]


def bottom_labels_apart(plot: pg.PlotItem) -> None:
    axis = plot.getAxis("bottom")
    ticks = axis._tickLevels[0] if axis._tickLevels else []  # what setTicks was given
    if len(ticks) < 2:
        return
    box = plot.getViewBox()
    (left, right), _ = box.viewRange()
    per_unit = box.width() / (right - left)
    metrics = QFontMetrics(axis.style["tickFont"])
    for (x1, text1), (x2, text2) in itertools.pairwise(ticks):
        room = (x2 - x1) * per_unit
        needed = (metrics.horizontalAdvance(text1) + metrics.horizontalAdvance(text2)) / 2
        assert room >= needed + 4, (text1, text2, room, needed)


@pytest.mark.parametrize("preset", RANGES)
def test_every_range_reads_cleanly(
    long_history: ChartsWindow, preset: str, qtbot: QtBot, artifacts: Path
) -> None:
    window = long_history
    window.set_range(preset)
    for slug in ("time", "focus", "estimates", "roi", "peak", "automation", "review"):
        window.show_view(slug)
        qtbot.wait(20)
        for plot in plots(window, slug):
            for name in ("left", "bottom"):
                text = plot.getAxis(name).labelString()
                assert "(x" not in text, (slug, name, text)  # no "hours (x0.001)"
            if slug in ("time", "focus"):
                bottom_labels_apart(plot)
    window.show_view("time")
    qtbot.wait(20)
    assert window.grab().save(str(artifacts / f"charts-axes-{preset}.png"), "PNG")


def test_all_time_over_fifteen_years_shows_year_bars(long_history: ChartsWindow) -> None:
    window = long_history
    window.set_range("all_time")
    data = window.views["time"].data
    assert data.period == "year"
    assert data.labels == tuple(str(year) for year in range(2011, 2027))
    assert (
        sum(s.total for s in data.series)
        == long_history.insights.tracker.report(
            start=local("2011-01-01T00:00:00", PARIS), end=NOW, by="project"
        ).total_seconds
    )
    window.set_period("month")  # asked for by hand, months it is
    assert len(window.views["time"].data.labels) == 183
    bottom_labels_apart(plots(window, "time")[0])
    window.set_range("custom", (date(2016, 1, 1), date(2026, 3, 31)))
    window.set_period("auto")
    assert window.views["time"].data.period == "year"


def test_count_axes_tick_whole_numbers_and_value_axes_start_at_zero(
    long_history: ChartsWindow, qtbot: QtBot
) -> None:
    window = long_history
    window.set_range("this_month")
    window.show_view("focus")
    qtbot.wait(20)
    for plot in plots(window, "focus"):
        axis = plot.getAxis("left")
        low, high = plot.getViewBox().viewRange()[1]
        assert low == 0
        levels = axis.tickValues(low, high, plot.getViewBox().height())
        values = [value for _, level in levels for value in level]
        assert values and all(float(value).is_integer() for value in values), values
    for slug, axis_name in (("time", "left"), ("automation", "bottom"), ("roi", "bottom")):
        window.show_view(slug)
        qtbot.wait(20)
        (plot,) = plots(window, slug)
        (x_low, _), (y_low, _) = plot.getViewBox().viewRange()
        assert (x_low if axis_name == "bottom" else y_low) == 0, slug
        assert "0" in drawn_labels(plot.getAxis(axis_name)), slug  # and says so
    window.show_view("peak")
    (plot,) = plots(window, "peak")
    (x_low, _), (y_low, _) = plot.getViewBox().viewRange()
    assert (x_low, y_low) == (0, 0)


def test_count_axis_steps() -> None:
    app_plot = pg.PlotItem()
    for top, step in ((3.5, 1), (9.0, 2), (30.0, 5), (75.0, 10), (300.0, 50)):
        cp.count_axis(app_plot, "left", top)
        assert app_plot.getAxis("left")._tickSpacing == [(float(step), 0), (float(step), 0)]


def test_every_bar_of_a_horizontal_chart_is_named(
    long_history: ChartsWindow, qtbot: QtBot
) -> None:
    window = long_history
    window.set_range("all_time")
    for slug in ("roi", "estimates", "review", "automation"):
        window.show_view(slug)
        qtbot.wait(20)
        (plot,) = plots(window, slug)
        axis = plot.getAxis("left")
        names = [text for _, text in axis._tickLevels[0]] if axis._tickLevels else []
        assert names or slug == "estimates", slug  # no task has an estimate here
        assert set(names) <= set(drawn_labels(axis)), slug
