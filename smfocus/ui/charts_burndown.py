"""The charts' *Budget burn-down* tab: for each budgeted project and client, the share of
its monthly budget used day by day, against the ideal line (an even pace that
ends at 100 % on the last day), with the projection at the pace so far.

Budgets are drawn as a share of themselves so that a 10-hour and a 40-hour
retainer can be read on one axis; the table beside gives the hours. The
month shown is the one the chosen range ends in. A client's line sums the time
of all its projects; the *Show* choice narrows the chart to one client (its
shared budget and its projects' own).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from smfocus.client_budgets import ClientBudgetItem
from smfocus.core import fmt
from smfocus.core.i18n import N_, _
from smfocus.core.validation import name_key
from smfocus.insights import Insights
from smfocus.planning import BudgetItem, BurnDown, BurnLine, burn_down
from smfocus.ui import charts_plots as cp
from smfocus.ui.charts_views import ChartQuery, ChartView

ALL = ""  # the choice that shows every budget


def label(item: BudgetItem | ClientBudgetItem) -> str:
    if isinstance(item, ClientBudgetItem):
        return _("{client} (client)").format(client=item.client)
    return f"{item.client} / {item.project}" if item.client else item.project


def of_client(lines: tuple[BurnLine, ...], client: str) -> tuple[BurnLine, ...]:
    """The lines of one client (compared as names are); every line for ``ALL``."""
    if client == ALL:
        return lines
    key = name_key(client)
    return tuple(line for line in lines if line.item.client and name_key(line.item.client) == key)


def month_of(query: ChartQuery, today: date) -> tuple[int, int]:
    last = query.chosen.last or today
    return last.year, last.month


class BurndownView(ChartView):
    slug = "burndown"
    title = N_("Budget burn-down")

    def fetch(self, insights: Insights, query: ChartQuery) -> BurnDown:
        from smfocus.core.localtime import local_date

        today = local_date(insights.now(), insights.tz)
        return burn_down(insights.tracker, *month_of(query, today))

    def build(self) -> None:
        choice = QHBoxLayout()
        choice.addWidget(QLabel(_("Show:")))
        self.client_choice = QComboBox()
        self.client_choice.addItem(_("All budgets"), ALL)
        self.client_choice.currentIndexChanged.connect(self._redraw)
        choice.addWidget(self.client_choice)
        choice.addStretch(1)
        self.box.addLayout(choice)
        self.plot = cp.make_plot(_("Budget used through the month"), left=_("% of budget"))
        self.table = cp.table(
            [
                _("Client / project"),
                _("Budget"),
                _("Used"),
                _("Left"),
                _("Projected"),
                _("Per hour"),
            ]
        )
        self.table.setMinimumWidth(460)
        self.box.addWidget(self._split(self.plot, self.table, 2), 1)
        self.box.addWidget(
            cp.caption(
                _(
                    "Solid: budget used by the end of each day. Grey dashes: the even pace "
                    "that ends at 100 % on the last day. Coloured dashes: the month end at "
                    "the pace so far. Per hour: the effective rate, what the month brings in "
                    "÷ the hours it took. A client's line sums all its projects. Set a "
                    "project's budget in the Projects window; a client's with: smfocus client "
                    "budget NAME 20h/month."
                )
            )
        )

    def _redraw(self) -> None:
        if self.data is not None:
            self.show_figures(self.data)

    def _offer_clients(self, data: BurnDown) -> str:
        """Fill the client choice from the month's lines; the client shown (or ALL)."""
        chosen = self.client_choice.currentData() or ALL
        clients = sorted(
            {line.item.client for line in data.lines if line.item.client}, key=str.casefold
        )
        offered = [self.client_choice.itemData(i) for i in range(1, self.client_choice.count())]
        if offered != clients:
            self.client_choice.blockSignals(True)
            while self.client_choice.count() > 1:
                self.client_choice.removeItem(1)
            for client in clients:
                self.client_choice.addItem(client, client)
            self.client_choice.setCurrentIndex(max(0, self.client_choice.findData(chosen)))
            self.client_choice.blockSignals(False)
        return str(self.client_choice.currentData() or ALL)

    def shown_lines(self, data: BurnDown) -> tuple[BurnLine, ...]:
        return of_client(data.lines, str(self.client_choice.currentData() or ALL))

    def show_figures(self, data: BurnDown) -> None:
        self._offer_clients(data)
        lines = self.shown_lines(data)
        plot = self.plot.getPlotItem()
        plot.clear()
        plot.addItem(
            pg.PlotDataItem(
                [0, data.days],
                [0, 100],
                pen=pg.mkPen(cp.NEUTRAL, width=2, style=Qt.PenStyle.DashLine),
            )
        )
        for line in lines:
            budget = line.item.budget_seconds
            if not budget:
                continue
            shares = [100 * used / budget for used in line.used_by_day]
            days = list(range(1, len(shares) + 1))
            plot.addItem(
                pg.PlotDataItem([0, *days], [0.0, *shares], pen=pg.mkPen(line.colour, width=2))
            )
            if data.today is not None and shares:
                projected = 100 * line.item.projected_seconds / budget
                plot.addItem(
                    pg.PlotDataItem(
                        [days[-1], data.days],
                        [shares[-1], projected],
                        pen=pg.mkPen(line.colour, width=2, style=Qt.PenStyle.DashLine),
                    )
                )
        plot.setXRange(0, data.days, padding=0.02)
        if not lines:
            month = fmt.month(date.fromisoformat(f"{data.month}-01"))
            plot.addItem(
                cp.label_item(_("No budget for {month}.").format(month=month), 1, 50, (0, 0.5))
            )
        cp.fill_table(self.table, self._rows(lines), swatches=[line.colour for line in lines])

    def _rows(self, lines: tuple[BurnLine, ...]) -> list[list[str]]:
        rows = []
        for line in lines:
            item = line.item
            who = label(item)
            budget = item.budget_seconds
            rows.append(
                [
                    who,
                    fmt.hours(budget)
                    if budget is not None
                    else fmt.money(item.budget_cents, item.currency),
                    fmt.hours(item.used_seconds),
                    fmt.hours(item.remaining_seconds)
                    if item.remaining_seconds is not None
                    else "-",
                    fmt.hours(item.projected_seconds),
                    fmt.money(item.effective_rate_cents, item.currency),
                ]
            )
        return rows

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        data: Any = self.data
        header = ["project", "client", "day", "used_seconds", "budget_seconds"]
        rows = [
            [
                # A client's shared budget has no project: all of them count.
                "" if isinstance(line.item, ClientBudgetItem) else line.item.project,
                line.item.client or "",
                str(day),
                str(used),
                str(line.item.budget_seconds or ""),
            ]
            for line in self.shown_lines(data)
            for day, used in enumerate(line.used_by_day, start=1)
        ]
        return header, rows
