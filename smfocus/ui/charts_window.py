"""The charts window: where the time went, and which project pays for it.

pyqtgraph (with numpy) costs about half a second to import, so this module
is imported only when the window opens, never at tray start-up.

Only the tab on screen is computed: a range change redraws that tab and
marks the others stale, to be drawn when they are shown.

Live: while the window is visible a one-second timer asks SQLite's
``PRAGMA data_version``, on a read-only connection of its own, whether
another connection (the tray, the CLI) has committed; if so the window
redraws, at most once a second. A running entry keeps counting, so while
one runs and the range reaches today the window also redraws every
``RUNNING_REFRESH_S`` seconds. The tray may call ``refresh()`` too.
"""

from __future__ import annotations

import csv
import logging
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleOption,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smfocus.core import fmt, ranges
from smfocus.core.csv_safety import safe_cell
from smfocus.core.i18n import N_, _, ngettext
from smfocus.core.localtime import local_date, to_local
from smfocus.core.usertext import os_reason
from smfocus.errors import UserError
from smfocus.exporting import written_whole
from smfocus.insights import Insights
from smfocus.store.analytics import ProjectFilter, ProjectInfo
from smfocus.store.change_probe import ChangeProbe
from smfocus.store.listener import ServerChangeProbe
from smfocus.ui import plain, qt_refcount, words
from smfocus.ui.charts_team import TeamView
from smfocus.ui.charts_views import VIEWS, ChartQuery, ChartView

log = logging.getLogger(__name__)
# pyqtgraph emits a signal on every repaint: without the guard a window left open
# would crash the process once PySide6 6.12.0 has lost enough references to True.
qt_refcount.install()

POLL_MS = 1000
RUNNING_REFRESH_S = 60
PERIOD_CHOICES = {
    "auto": N_("Bars: auto"),
    "day": N_("Bars by day"),
    "week": N_("Bars by week"),
    "month": N_("Bars by month"),
    "year": N_("Bars by year"),
}


class UnshiftedTabs(QProxyStyle):
    """Tabs whose text sits level whether chosen or not: Fusion draws the others two
    pixels lower and clips the accent of a capital (French "Équipe" read "Equipe")."""

    def pixelMetric(  # noqa: N802 (Qt's name)
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric == QStyle.PixelMetric.PM_TabBarTabShiftVertical:
            return 0
        return int(super().pixelMetric(metric, option, widget))


def day_text(when: date) -> str:
    """``1 Mar 2026`` / ``1 mars 2026``: a day in the status line."""
    return f"{when.day} {fmt.month(when, short=True)}"


def auto_period(chosen: ranges.DateRange) -> str:
    """Bars a person can still tell apart: days up to two months, then weeks, then
    months up to three years, then years. All time is decided on the data (months,
    or years when they would be too many: see TimeView.fetch)."""
    if chosen.first is None or chosen.last is None:
        return "month"
    days = (chosen.last - chosen.first).days + 1
    if days <= 62:
        return "day"
    if days <= 190:
        return "week"
    if days <= 3 * 366:
        return "month"
    return "year"


# The CSV columns smfocus fills with numbers it computed (seconds, hours, money,
# ratios, counts): they stay numbers, negative ones included. Every other column
# may hold what a user typed (project, task, category, currency) and is made
# inert for spreadsheets; a column added later is text unless listed here.
NUMBER_COLUMNS = frozenset(
    {
        "seconds", "hours", "rate_cents", "cost_cents", "value_cents", "roi",
        "estimated", "done_pomodoros", "time_pomodoros", "finished_tasks",
        "median_pomodoros", "median_time_pomodoros", "hour", "pomodoros", "daily_goal",
        "interruptions", "context_switches",
    }
)  # fmt: skip


def inert_rows(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with every text cell made safe to open in a spreadsheet."""
    text = [name not in NUMBER_COLUMNS for name in header]
    return [
        [safe_cell(cell) if is_text else cell for cell, is_text in zip(row, text, strict=True)]
        for row in rows
    ]


class ChartsWindow(QWidget):
    """Charts of the time log: a range picker, a project filter, one tab per view,
    PNG and CSV export, and live updates.

    Signals:
        refreshed(str): a view was drawn with fresh figures; the argument is its slug.
        failed(str): the figures could not be read; the sentence says why.
    """

    refreshed = Signal(str)
    failed = Signal(str)

    def __init__(self, insights: Insights, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.insights = insights
        self.setWindowTitle(_("smfocus: charts"))
        self.resize(1180, 760)
        self._preset = "this_month"
        self._custom: tuple[date, date] | None = None
        self._project_ids: ProjectFilter = None
        self._projects: tuple[ProjectInfo, ...] = ()
        self._granularity = "auto"
        self.views: dict[str, ChartView] = {}
        self._stale: set[str] = set()
        self._probe: ChangeProbe | ServerChangeProbe | None = None
        self._last_refresh = 0.0
        self._build()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_changes)
        self._load_projects()

    # -- building -------------------------------------------------------------------

    def _build(self) -> None:
        self.range_box = QComboBox()
        for key, label in ranges.PRESETS.items():
            self.range_box.addItem(_(label), key)
        self.range_box.setCurrentIndex(self.range_box.findData(self._preset))
        self.range_box.currentIndexChanged.connect(self._range_chosen)
        today = QDate.currentDate()
        self.first_edit = QDateEdit(today.addDays(1 - today.day()))
        self.last_edit = QDateEdit(today)
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            # The day as fmt.day writes it in the language in use.
            edit.setDisplayFormat("dd/MM/yyyy" if fmt.french() else "yyyy-MM-dd")
            edit.setVisible(False)
            edit.dateChanged.connect(self._custom_dates_changed)
        self.dash = QLabel(_("to"))
        self.dash.setVisible(False)
        self.projects_button = QToolButton()
        self.projects_button.setText(_("All projects"))
        self.projects_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Fusion draws the menu arrow over the text's end ("All projects" lost its s).
        self.projects_button.setStyleSheet("QToolButton { padding-right: 14px; }")
        self.projects_menu = QMenu(self.projects_button)
        self.projects_button.setMenu(self.projects_menu)
        self.period_box = QComboBox()
        for key, label in PERIOD_CHOICES.items():
            self.period_box.addItem(_(label), key)
        self.period_box.currentIndexChanged.connect(self._period_chosen)
        self.png_button = QPushButton(_("Save PNG…"))
        self.png_button.clicked.connect(self._ask_png)
        self.csv_button = QPushButton(_("Save CSV…"))
        self.csv_button.clicked.connect(self._ask_csv)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Range")))
        bar.addWidget(self.range_box)
        bar.addWidget(self.first_edit)
        bar.addWidget(self.dash)
        bar.addWidget(self.last_edit)
        bar.addSpacing(12)
        bar.addWidget(self.projects_button)
        bar.addWidget(self.period_box)
        bar.addStretch(1)
        bar.addWidget(self.png_button)
        bar.addWidget(self.csv_button)

        self.tabs = QTabWidget()
        self._tab_style = UnshiftedTabs()  # kept: a widget does not own its style
        self.tabs.tabBar().setStyle(self._tab_style)
        from smfocus.ui.charts_burndown import BurndownView

        for view_class in (*VIEWS, BurndownView):
            view = view_class()
            self.views[view.slug] = view
            self.tabs.addTab(view, _(view.title))
            self._stale.add(view.slug)
        if self._reads_team():
            team = TeamView()
            self.views[team.slug] = team
            self.tabs.addTab(team, _(team.title))
            self._stale.add(team.slug)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.status = plain.label("")
        self.status.setStyleSheet("color: #4b5563;")

        layout = QVBoxLayout(self)
        # Tabs are built when first shown; a layout that resized the window to fit
        # them would make offscreen Qt warn, and the window jump. A fixed minimum
        # holds every view.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(760, 520)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    def _reads_team(self) -> bool:
        """A lead on a team database gets the Team tab; anyone else never sees it."""
        try:
            return self.insights.reads_team()
        except UserError:
            return False  # the first draw says what is wrong with the database

    def _load_projects(self) -> None:
        try:
            self._projects = self.insights.projects()
        except UserError as error:
            self._fail(words.explain(error))
            return
        self.projects_menu.clear()
        everything = self.projects_menu.addAction(_("All projects"))
        everything.triggered.connect(self._show_all_projects)
        self.projects_menu.addSeparator()
        chosen = self._project_ids
        for project in self._projects:
            name = (
                _("{name} (archived)").format(name=project.name)
                if project.archived
                else project.name
            )
            action = QAction(plain.menu_text(name), self.projects_menu)
            action.setCheckable(True)
            action.setChecked(chosen is None or project.id in chosen)
            action.setData(project.id)
            action.toggled.connect(self._project_toggled)
            self.projects_menu.addAction(action)

    # -- what is shown -----------------------------------------------------------------

    @property
    def current(self) -> ChartView:
        view = self.tabs.currentWidget()
        assert isinstance(view, ChartView)
        return view

    def date_range(self) -> ranges.DateRange:
        if self._preset == "custom" and self._custom is not None:
            return ranges.DateRange(*self._custom)
        if self._preset == "custom":
            today = self._today()
            return ranges.DateRange(today.replace(day=1), today)
        return ranges.preset(self._preset, self._today())

    def query(self) -> ChartQuery:
        chosen = self.date_range()
        auto = self._granularity == "auto"
        period = auto_period(chosen) if auto else self._granularity
        return ChartQuery(chosen=chosen, project_ids=self._project_ids, period=period, auto=auto)

    def _today(self) -> date:
        return local_date(self.insights.now(), self.insights.tz)

    def set_range(self, preset: str, custom: tuple[date, date] | None = None) -> None:
        """Show ``preset`` (a key of ``ranges.PRESETS``); custom takes both days, included."""
        if preset not in ranges.PRESETS:
            raise ValueError(preset)
        if custom is not None:
            ranges.DateRange(*custom)  # refuses an end before the start, with a sentence
            self._custom = custom
            for edit, day in zip((self.first_edit, self.last_edit), custom, strict=True):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self._preset = preset
        self.range_box.blockSignals(True)
        self.range_box.setCurrentIndex(self.range_box.findData(preset))
        self.range_box.blockSignals(False)
        custom_shown = preset == "custom"
        for widget in (self.first_edit, self.dash, self.last_edit):
            widget.setVisible(custom_shown)
        self._changed()

    def set_projects(self, project_ids: ProjectFilter) -> None:
        """Show only these projects (None: all of them)."""
        self._project_ids = frozenset(project_ids) if project_ids is not None else None
        for action in self.projects_menu.actions():
            if action.isCheckable():
                action.blockSignals(True)
                action.setChecked(project_ids is None or action.data() in project_ids)
                action.blockSignals(False)
        if project_ids is None:
            self.projects_button.setText(_("All projects"))
        else:
            names = [p.name for p in self._projects if p.id in project_ids]
            text = (
                ", ".join(names)
                if len(names) <= 2
                else ngettext("{count} project", "{count} projects", len(names)).format(
                    count=len(names)
                )
            )
            self.projects_button.setText(plain.menu_text(text) or _("No project"))
        self._changed()

    def set_period(self, period: str) -> None:
        """Group the time chart by day, week or month (or auto)."""
        if period not in PERIOD_CHOICES:
            raise ValueError(period)
        self._granularity = period
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(self.period_box.findData(period))
        self.period_box.blockSignals(False)
        self._stale.add("time")
        if self.current.slug == "time":
            self._draw_current()

    def show_view(self, slug: str) -> None:
        self.tabs.setCurrentWidget(self.views[slug])
        if slug in self._stale:
            self._draw_current()

    def refresh(self) -> None:
        """Read the figures again: every view is stale, the one on screen is redrawn."""
        self._load_projects()
        self._changed()

    def _changed(self) -> None:
        self._stale.update(self.views)
        if self.isVisible():
            self._draw_current()

    def _draw_current(self) -> None:
        view = self.current
        query = self.query()
        try:
            data = view.fetch(self.insights, query)
        except UserError as error:
            self._fail(words.explain(error))
            return
        except Exception:
            log.exception("reading the figures of %s failed", view.slug)
            self._fail(_("Sorry, smfocus hit a bug while reading the figures; it is in the log."))
            return
        view.draw(data)
        self._stale.discard(view.slug)
        self._last_refresh = time.monotonic()
        self._show_status(query)
        self.refreshed.emit(view.slug)

    def _show_status(self, query: ChartQuery) -> None:
        tz = self.insights.tz
        chosen = query.chosen
        if chosen.first is None or chosen.last is None:
            span = _("all time")
        else:
            span = _("{first} to {last}").format(
                first=day_text(chosen.first), last=day_text(chosen.last)
            )
        stamp = to_local(self.insights.now(), tz).strftime("%H:%M:%S")
        self.status.setText(
            _("{span} · figures as of {time} · times in {zone}").format(
                span=span, time=stamp, zone=tz
            )
        )

    def _fail(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    # -- control slots ---------------------------------------------------------------------

    def _range_chosen(self) -> None:
        preset = str(self.range_box.currentData())
        if preset == "custom" and self._custom is None:
            first, last = self.first_edit.date(), self.last_edit.date()
            self._custom = (
                date(first.year(), first.month(), first.day()),
                date(last.year(), last.month(), last.day()),
            )
        self.set_range(preset)

    def _custom_dates_changed(self) -> None:
        first, last = self.first_edit.date(), self.last_edit.date()
        chosen = (
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
        )
        if chosen[1] < chosen[0]:
            self.status.setText(_("The range ends before it starts; choose a later end."))
            return
        self.set_range("custom", chosen)

    def _project_toggled(self) -> None:
        checked = {
            int(action.data())
            for action in self.projects_menu.actions()
            if action.isCheckable() and action.isChecked()
        }
        every = {project.id for project in self._projects}
        self.set_projects(None if checked == every else frozenset(checked))

    def _show_all_projects(self) -> None:
        self.set_projects(None)

    def _period_chosen(self) -> None:
        self.set_period(str(self.period_box.currentData()))

    def _tab_changed(self) -> None:
        if self.current.slug in self._stale and self.isVisible():
            self._draw_current()

    # -- export ------------------------------------------------------------------------------

    def _default_name(self, suffix: str) -> str:
        chosen = self.date_range()
        span = "all-time" if chosen.first is None else f"{chosen.first}_{chosen.last}"
        return f"smfocus-{self.current.slug}-{span}.{suffix}"

    def _ask_png(self) -> None:
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self,
            _("Save the chart as PNG"),
            self._default_name("png"),
            _("PNG image (*.png)"),
        )
        if path:
            self.export_png(Path(path))

    def _ask_csv(self) -> None:
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Save the figures as CSV"), self._default_name("csv"), "CSV (*.csv)"
        )
        if path:
            self.export_csv(Path(path))

    def export_png(self, path: Path) -> bool:
        """The view on screen, as drawn, to a PNG file."""
        if self.current.slug in self._stale:
            self._draw_current()
        saved = self.current.grab().save(str(path), "PNG")
        if not saved:
            self._fail(
                _("Could not write {path}; check the folder and try again.").format(path=path)
            )
        return bool(saved)

    def export_csv(self, path: Path) -> bool:
        """The figures of the view on screen, exact (seconds), to a CSV file."""
        if self.current.slug in self._stale or self.current.data is None:
            self._draw_current()
        header, rows = self.current.csv_rows()
        try:
            # Written whole and private, like every export (exporting.written_whole).
            with written_whole(path) as handle:
                writer = csv.writer(handle)
                writer.writerow([safe_cell(name) for name in header])
                writer.writerows(inert_rows(header, rows))
        except UserError as error:  # the file could not be opened: said in full
            self._fail(words.explain(error))
            return False
        except OSError as error:
            self._fail(
                _("Could not write {path} ({reason}); choose another place.").format(
                    path=path, reason=os_reason(error)
                )
            )
            return False
        return True

    # -- live ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self._open_probe()
        if self._probe is not None and self._probe.changed():
            self._stale.update(self.views)
        if self.current.slug in self._stale:
            self._draw_current()
        self._poll.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self._poll.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._poll.stop()
        if self._probe is not None:
            self._probe.close()
            self._probe = None
        super().closeEvent(event)

    def _open_probe(self) -> None:
        path = self.insights.database_path
        if self._probe is None and path is not None and path.exists():
            self._probe = ChangeProbe(path)
        store = self.insights.tracker.store
        if self._probe is None and path is None and store.url.startswith("postgresql"):
            # A shared server: its notifications, no query loop (see store/listener.py).
            # A lead's Team view follows everyone's writes, on the same connection.
            self._probe = ServerChangeProbe(
                store.url, self.insights.tracker.user_name, team="team" in self.views
            )

    def _poll_changes(self) -> None:
        if self._probe is None:
            return
        if self._probe.changed():
            self.refresh()
            return
        chosen = self.date_range()
        reaches_today = chosen.last is None or chosen.last >= self._today()
        due = time.monotonic() - self._last_refresh >= RUNNING_REFRESH_S
        if reaches_today and due and self._probe.something_runs():
            self.refresh()
