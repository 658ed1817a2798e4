"""The charts' *Budget burn-down* tab: for each budgeted project, the share of
its monthly budget used day by day, against the ideal line (an even pace that
ends at 100 % on the last day), with the projection at the pace so far.

Budgets are drawn as a share of themselves so that a 10-hour and a 40-hour
retainer can be read on one axis; the table beside gives the hours. The
month shown is the one the chosen range ends in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt

from smfocus.core import fmt
from smfocus.insights import Insights
from smfocus.planning import BurnDown, burn_down
from smfocus.ui import charts_plots as cp
from smfocus.ui.charts_views import ChartQuery, ChartView


def month_of(query: ChartQuery, today: date) -> tuple[int, int]:
    last = query.chosen.last or today
    return last.year, last.month


class BurndownView(ChartView):
    slug = "burndown"
    title = "Budget burn-down"

    def fetch(self, insights: Insights, query: ChartQuery) -> BurnDown:
        from smfocus.core.localtime import local_date

        today = local_date(insights.now(), insights.tz)
        return burn_down(insights.tracker, *month_of(query, today))

    def build(self) -> None:
        self.plot = cp.make_plot("Budget used through the month", left="% of budget")
        self.table = cp.table(
            ["Client / project", "Budget", "Used", "Left", "Projected", "Per hour"]
        )
        self.table.setMinimumWidth(460)
        self.box.addWidget(self._split(self.plot, self.table, 2), 1)
        self.box.addWidget(
            cp.caption(
                "Solid: budget used by the end of each day. Grey dashes: the even pace "
                "that ends at 100 % on the last day. Coloured dashes: the month end at "
                "the pace so far. Per hour: the effective rate, what the month brings in "
                "÷ the hours it took. Set a budget with: smfocus project edit NAME "
                "--budget 20h/month."
            )
        )

    def show_figures(self, data: BurnDown) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        plot.addItem(
            pg.PlotDataItem(
                [0, data.days],
                [0, 100],
                pen=pg.mkPen(cp.NEUTRAL, width=2, style=Qt.PenStyle.DashLine),
            )
        )
        for line in data.lines:
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
        if not data.lines:
            plot.addItem(cp.label_item(f"No budget for {data.month}.", 1, 50, (0, 0.5)))
        cp.fill_table(self.table, self._rows(data), swatches=[line.colour for line in data.lines])

    def _rows(self, data: BurnDown) -> list[list[str]]:
        rows = []
        for line in data.lines:
            item = line.item
            who = f"{item.client} / {item.project}" if item.client else item.project
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
                line.item.project,
                line.item.client or "",
                str(day),
                str(used),
                str(line.item.budget_seconds or ""),
            ]
            for line in data.lines
            for day, used in enumerate(line.used_by_day, start=1)
        ]
        return header, rows
