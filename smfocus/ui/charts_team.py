"""The charts window's Team view, for a lead on a team database: time per person,
stacked by client, and a table per person, client and project with exact seconds.
Its figures are those of ``smfocus report --team`` over the same range."""

from __future__ import annotations

from collections import defaultdict

import pyqtgraph as pg

from smfocus.core import fmt
from smfocus.core.i18n import N_, _
from smfocus.exports import chart_csv
from smfocus.insights import Insights
from smfocus.store.rows import DEFAULT_COLOURS
from smfocus.store.team import TeamProjectRow
from smfocus.ui import charts_plots as cp
from smfocus.ui.charts_views import ChartQuery, ChartView

NO_CLIENT = N_("(no client)")
NO_CLIENT_GREY = "#bbbbbb"


def client_colours(rows: tuple[TeamProjectRow, ...]) -> dict[str | None, str]:
    """A colour per client, the busiest first, so the same data always gets the same
    colours; time with no client is grey."""
    spent: dict[str | None, int] = defaultdict(int)
    for row in rows:
        spent[row.client] += row.seconds
    named = sorted((c for c in spent if c is not None), key=lambda c: (-spent[c], c))
    colours: dict[str | None, str] = {
        client: DEFAULT_COLOURS[index % (len(DEFAULT_COLOURS) - 1)]
        for index, client in enumerate(named)
    }
    colours[None] = NO_CLIENT_GREY
    return colours


class TeamView(ChartView):
    slug = "team"
    title = N_("Team")

    def fetch(self, insights: Insights, query: ChartQuery) -> tuple[TeamProjectRow, ...]:
        # The team is everyone the lead reads; a project filter names the lead's own
        # projects, so it does not apply here.
        return insights.team(query.chosen)

    def build(self) -> None:
        self.plot = cp.make_plot(_("Time per person, by client"), bottom=_("hours"))
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=False, alpha=cp.GRID_ALPHA)
        item.invertY(True)
        self.table = cp.table(
            [_("Person"), _("Client"), _("Project"), _("Time"), _("Seconds")], numeric=(3, 4)
        )
        self.table.setMinimumWidth(420)
        self.box.addWidget(self._split(self.plot, self.table, 2), 1)
        self.key = cp.key_label([])
        self.box.addWidget(self.key)
        self.box.addWidget(
            cp.caption(
                _(
                    "Everyone's tracked time in the range, as smfocus report --team counts it; "
                    "a running entry counts up to now. The project filter does not apply here."
                )
            )
        )

    def show_figures(self, data: tuple[TeamProjectRow, ...]) -> None:
        plot = self.plot.getPlotItem()
        plot.clear()
        colours = client_colours(data)
        people = list(dict.fromkeys(row.person for row in data))
        per_client: dict[tuple[str, str | None], int] = defaultdict(int)
        for row in data:
            per_client[(row.person, row.client)] += row.seconds
        lefts = [0.0] * len(people)
        for client, ink in colours.items():
            widths = [cp.hours(per_client.get((person, client), 0)) for person in people]
            if not any(widths):
                continue
            plot.addItem(
                pg.BarGraphItem(
                    x0=list(lefts),
                    y=list(range(len(people))),
                    width=widths,
                    height=0.6,
                    brush=cp.brush(ink),
                    pen=pg.mkPen("w", width=0.5),
                    name=client or _(NO_CLIENT),
                )
            )
            lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
        for index, person in enumerate(people):
            total = sum(row.seconds for row in data if row.person == person)
            plot.addItem(cp.label_item(f" {fmt.duration(total)}", lefts[index], index, (0, 0.5)))
        if not people:
            plot.addItem(
                cp.label_item(_("No time tracked in this range."), 0, 0, (0, 0.5), cp.MUTED)
            )
        cp.row_labels(plot, people)
        plot.setXRange(0, max(lefts, default=1.0) * 1.25 + 0.1, padding=0)
        plot.setYRange(-0.6, max(len(people), 1) - 0.4, padding=0)
        shown = [c for c in colours if any(row.client == c for row in data)]
        cp.set_key(self.key, [(colours[c], "■", c or _(NO_CLIENT)) for c in shown])
        cp.fill_table(
            self.table,
            [
                [
                    row.person,
                    row.client or _(NO_CLIENT),
                    row.project,
                    fmt.duration(row.seconds),
                    str(row.seconds),
                ]
                for row in data
            ],
            swatches=[colours[row.client] for row in data],
        )

    def csv_rows(self) -> tuple[list[str], list[list[str]]]:
        return chart_csv.team_rows(self.data)
