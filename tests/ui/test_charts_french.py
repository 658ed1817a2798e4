"""The charts window speaks the user's language: in the pseudo-language no English
word is left outside ``⟦…⟧`` on any tab (window, tables, plot titles, axes, ticks,
labels on the bars, legends, notes, tooltips); in French the words are French and
the figures French ones (``1 800 €``, ``3 mars``, ``mars 2026``, ``1,5``). Each
French tab is kept as a screenshot (artifacts/fr/charts-<tab>.png)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from smfocus.client_budgets import set_client_budget
from smfocus.core.budget import parse_budget
from smfocus.core.clock import FakeClock
from smfocus.errors import Fix, UserError
from smfocus.insights import Insights
from smfocus.planning import PlanChange, set_project_plan
from smfocus.store.analytics import AUTOMATION_CATEGORIES
from smfocus.store.database import open_store
from smfocus.store.team import TeamProjectRow
from smfocus.tracker import Tracker
from smfocus.ui import charts_plots as cp
from smfocus.ui.charts_team import TeamView
from smfocus.ui.charts_views import PeakView, TimeView, table_text
from smfocus.ui.charts_window import ChartsWindow
from tests.charts_data import NOW_LOCAL, PROJECTS, TASKS, build_history, local
from tests.french import french  # noqa: F401
from tests.pseudo import CODE, pseudo, unmarked  # noqa: F401
from tests.pseudo_qt import menu_texts, widget_texts

PARIS = ZoneInfo("Europe/Paris")
NOW = local(NOW_LOCAL, PARIS)
TABS = ("time", "roi", "estimates", "peak", "focus", "review", "automation", "burndown")
# The data's own names: projects, tasks, categories, the client, the time zone.
DATA_NAMES = [
    *(name for name, *_rest in PROJECTS),
    *(task for _project, task, *_rest in TASKS),
    *(category for *_rest, category, _estimate, _done in TASKS),
    *AUTOMATION_CATEGORIES,
    "Bloom Shop",
    "Bloom",
    "Europe/Paris",
]
TEAM = (
    TeamProjectRow("alice", "Bloom", "Posts", 5 * 3600 + 420),
    TeamProjectRow("alice", None, "Admin", 1800),
    TeamProjectRow("bob", "Corvid", "Shop", 2 * 3600),
)
NBSP, NARROW_NBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def history_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("charts-fr") / "data"
    store = open_store(folder)
    clock = FakeClock()
    tracker = Tracker(store, clock, PARIS, user="tester")
    build_history(tracker, clock, PARIS)
    # Budgets for the burn-down: a project's own and a client's shared one.
    set_project_plan(tracker, "Acme Bakery", PlanChange(budget=parse_budget("40h/month")))
    tracker.add_project("Bloom Shop", rate="40", client="Bloom")
    set_client_budget(tracker, "Bloom", parse_budget("12h/month"), None)
    store.dispose()
    return folder


@pytest.fixture
def window(history_dir: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[ChartsWindow]:
    copy = tmp_path / "data"
    shutil.copytree(history_dir, copy)
    store = open_store(copy)
    made = ChartsWindow(Insights(Tracker(store, FakeClock(NOW), PARIS, user="tester")))
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()
    store.dispose()


def tick_texts(axis: pg.AxisItem) -> list[str]:
    """The strings an axis writes by its ticks, set by hand or worked out."""
    if axis._tickLevels is not None:
        return [text for level in axis._tickLevels for _value, text in level]
    if not axis.style["showValues"]:
        return []
    low, high = axis.range
    horizontal = axis.orientation in ("top", "bottom")
    length = max(axis.width() if horizontal else axis.height(), 100.0)
    texts: list[str] = []
    for spacing, values in axis.tickValues(low, high, length):
        texts.extend(axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing))
    return texts


def plot_texts(root: QWidget) -> list[str]:
    """Every word drawn inside the plots of ``root``: titles, axis labels and ticks,
    texts on the bars and lines, names of the plotted items, legends."""
    texts: list[str] = []
    for view in root.findChildren(pg.GraphicsView):
        if not view.isVisibleTo(root):
            continue
        for item in view.scene().items():
            if isinstance(item, pg.LabelItem):
                texts.append(str(item.text))
            elif isinstance(item, pg.AxisItem) and item.isVisible():
                texts.append(item.labelText)
                texts.extend(tick_texts(item))
            elif isinstance(item, pg.TextItem):
                texts.append(item.textItem.toPlainText())
            elif isinstance(item, pg.LegendItem):
                texts.extend(str(label.text) for _sample, label in item.items)
            name = getattr(item, "name", None)
            if callable(name) and isinstance(name(), str):
                texts.append(name())
    return [text for text in texts if text]


def cells(root: QWidget) -> list[str]:
    """Every cell of the tables shown (notes like "no rate" live there)."""
    return [
        cell
        for found in root.findChildren(QTableWidget)
        if found.isVisibleTo(root)
        for row in table_text(found)
        for cell in row
    ]


def everything(window: ChartsWindow) -> list[str]:
    """What the window shows on the tab in front, its menus, tables and status line."""
    texts = widget_texts(window) + menu_texts(window.projects_menu) + plot_texts(window)
    return [plain_text(text) for text in [*texts, *cells(window), window.status.text()]]


def plain_text(text: str) -> str:
    """The words of a rich-text label (a chart's key), without its markup."""
    return html.unescape(re.sub(r"<[^>]*>", " ", text))


def hover_texts(window: ChartsWindow, qtbot: QtBot) -> list[str]:
    show(window, "time", qtbot)
    time_view, peak = window.views["time"], window.views["peak"]
    assert isinstance(time_view, TimeView) and isinstance(peak, PeakView)
    bottom = time_view.data.series[0].seconds
    index = next(index for index, seconds in enumerate(bottom) if seconds)
    # A project's part of a bar, and above the bars (the period's total).
    texts = [time_view.hover_text(index, 0.01) or "", time_view.hover_text(index, 1e6) or ""]
    show(window, "peak", qtbot)
    texts.append(peak.describe(9.5, 1.5) or "")
    return texts


def show(window: ChartsWindow, slug: str, qtbot: QtBot) -> None:
    window.show_view(slug)
    assert window.views[slug].data is not None
    qtbot.wait(20)  # widgets added to a shown tab appear once events run


def shown_tabs(window: ChartsWindow, qtbot: QtBot) -> Iterator[str]:
    for slug in TABS:
        show(window, slug, qtbot)
        yield slug


@pytest.mark.usefixtures("pseudo")
def test_no_english_is_left_unmarked_on_any_tab(window: ChartsWindow, qtbot: QtBot) -> None:
    found: dict[str, list[str]] = {}
    for slug in shown_tabs(window, qtbot):
        found[slug] = unmarked(everything(window), allowed=DATA_NAMES)
    # The time chart by week, by month, and by year (all time); a range of days.
    show(window, "time", qtbot)
    for preset, period in (("this_year", "week"), ("this_year", "auto"), ("all_time", "auto")):
        window.set_range(preset)
        window.set_period(period)
        qtbot.wait(20)
        found[f"time {preset} {period}"] = unmarked(everything(window), allowed=DATA_NAMES)
    window.set_range("last_month")
    window.set_projects(frozenset(p.id for p in window._projects[:3]))
    for slug in shown_tabs(window, qtbot):  # last month: the ROI is the month's own
        found[f"three projects {slug}"] = unmarked(everything(window), allowed=DATA_NAMES)
    window.set_range("custom", (date(2026, 3, 2), date(2026, 3, 8)))
    for slug in shown_tabs(window, qtbot):  # a week: the ROI is month to date
        found[f"a week {slug}"] = unmarked(everything(window), allowed=DATA_NAMES)
    window.set_projects(None)
    window.set_range("custom", (date(2025, 1, 1), date(2025, 1, 31)))
    for slug in shown_tabs(window, qtbot):  # before any entry: the empty charts
        found[f"empty {slug}"] = unmarked(everything(window), allowed=DATA_NAMES)
    window.set_range("this_month")
    found["hover"] = unmarked(hover_texts(window, qtbot), allowed=DATA_NAMES)
    assert {where: words for where, words in found.items() if words} == {}


@pytest.mark.usefixtures("pseudo")
def test_the_team_tab_is_marked_too(qtbot: QtBot) -> None:
    view = TeamView()
    qtbot.addWidget(view)
    view.show()
    view.draw(TEAM)
    qtbot.wait(20)
    texts = [plain_text(text) for text in widget_texts(view) + plot_texts(view) + cells(view)]
    names = ["alice", "bob", "Bloom", "Corvid", "Posts", "Admin", "Shop"]
    assert unmarked(texts, allowed=names) == []
    assert unmarked(texts, allowed=names[:-2]) == ["Admin", "Shop"]  # cells are read too
    assert "⟦(no client)⟧" in texts


def test_an_error_says_what_to_do_in_the_window(
    window: ChartsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise UserError("Project Acme is archived.", fix=Fix("edit_project", project="Acme"))

    monkeypatch.setattr(window.views["roi"], "fetch", broken)
    window.show_view("roi")
    assert window.status.text() == "Project Acme is archived. Change it in the Projects window."


def french_texts(window: ChartsWindow) -> str:
    return "\n".join(everything(window))


@pytest.mark.usefixtures("french")
def test_the_charts_speak_french_with_french_figures(
    history_dir: Path, tmp_path: Path, qtbot: QtBot, artifacts: Path
) -> None:
    copy = tmp_path / "data"
    shutil.copytree(history_dir, copy)
    store = open_store(copy)
    window = ChartsWindow(Insights(Tracker(store, FakeClock(NOW), PARIS, user="tester")))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    folder = artifacts / "fr"
    folder.mkdir(exist_ok=True)
    try:
        assert window.windowTitle() == "smfocus : graphiques"
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert tabs[0] == "Temps par projet" and tabs[-1] == "Suivi des budgets"
        assert window.range_box.currentText() == "Ce mois-ci"
        assert window.csv_button.text() == "Enregistrer en CSV…"
        for slug in shown_tabs(window, qtbot):
            qtbot.wait(50)  # let the tab paint
            assert window.grab().save(str(folder / f"charts-{slug}.png"), "PNG")
        window.show_view("time")
        time_plot = window.views["time"].plot.getPlotItem()  # type: ignore[attr-defined]
        assert time_plot.titleLabel.text == "Temps par projet, par jour"
        assert time_plot.getAxis("left").labelText == "heures"
        days = tick_texts(time_plot.getAxis("bottom"))
        assert days and all(re.fullmatch(r"\d{1,2} mars", day) for day in days), days
        assert window.status.text() == (
            "du 1 mars 2026 au 31 mars 2026 · chiffres à 17:40:00 · fuseau Europe/Paris"
        )
        table = table_text(window.views["time"].table)  # type: ignore[attr-defined]
        assert (
            table[-1][0] == "Total"
            and "," in table[-1][2]
            and table[-1][3] == "100" + (f"{NARROW_NBSP}%")
        )
        window.show_view("roi")
        drawn = french_texts(window)
        # Acme Bakery, 1800 a month (a plot's text turns the no-break space plain).
        assert re.search(f"valeur 1{NARROW_NBSP}800[ {NBSP}]€", drawn), drawn
        assert "pas de taux horaire ; pas de valeur définie" in drawn  # Own brand
        rows = {row[0]: row for row in table_text(window.views["roi"].table)}  # type: ignore[attr-defined]
        assert rows["Acme Bakery"][2] == f"45,00{NBSP}€"
        assert rows["Own brand"][2] == "pas de taux"
        window.show_view("peak")
        weekdays = tick_texts(window.views["peak"].plot.getPlotItem().getAxis("left"))  # type: ignore[attr-defined]
        assert weekdays == ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
        window.show_view("review")
        review = window.views["review"].plot.getPlotItem()  # type: ignore[attr-defined]
        assert review.titleLabel.text == (
            "Heures par projet : février 2026 (pâle) contre mars 2026"
        )
        window.show_view("focus")
        assert "Objectif de 6 pomodoros atteint" in french_texts(window)
        window.set_range("this_year")
        window.show_view("time")
        assert tick_texts(time_plot.getAxis("bottom")) == ["janv. 2026", "févr. 2026", "mars 2026"]
        qtbot.wait(50)
        assert window.grab().save(str(folder / "charts-time-months.png"), "PNG")
        window.set_range("custom", (date(2025, 1, 1), date(2025, 1, 31)))
        assert "Aucun temps suivi dans cette période." in french_texts(window)
        window.set_range("custom", (date(2026, 3, 2), date(2026, 3, 8)))
        window.show_view("roi")
        qtbot.wait(50)
        assert "sur le mois en cours" in french_texts(window)
        assert "depuis le 1 mars :" in french_texts(window)
        assert window.grab().save(str(folder / "charts-roi-week.png"), "PNG")
    finally:
        window.close()
        store.dispose()
    team = TeamView()
    qtbot.addWidget(team)
    team.resize(1180, 700)
    team.show()
    team.draw(TEAM)
    qtbot.wait(50)  # let it paint
    assert team.plot.getPlotItem().titleLabel.text == "Temps par personne, par client"
    assert "(sans client)" in cells(team)
    assert team.grab().save(str(folder / "charts-team.png"), "PNG")


def test_decimal_ticks_take_a_comma_in_french(french: None) -> None:  # noqa: F811
    assert cp.local_ticks(["0", "0.5", "1.5"]) == ["0", "0,5", "1,5"]
