"""The timesheet: figures that add up to the second and the cent, ISO weeks, the
period's edges, escaping, and a page that loads nothing from elsewhere."""

from __future__ import annotations

from html.parser import HTMLParser
from io import StringIO

from hypothesis import given, settings
from hypothesis import strategies as st

from smfocus.core.roi import cost_cents
from smfocus.exports.rows import ExportEntry
from smfocus.exports.timesheet import Timesheet, aggregate, write_timesheet
from tests.exports.entries import PARIS, entry
from tests.helpers import at

MARCH = (at("2026-03-01T00:00", PARIS), at("2026-04-01T00:00", PARIS))


class Cells(HTMLParser):
    """The data-seconds of every time cell, the totals, and every tag name seen."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[int] = []
        self.totals: list[int] = []
        self.tags: set[str] = set()
        self._in_total = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "tr":
            self._in_total = found.get("class") == "total"
        if "data-seconds" in found:
            value = int(found["data-seconds"] or "")
            (self.totals if self._in_total else self.seconds).append(value)


def sheet_html(entries: list[ExportEntry], title: str = "Acme Corp") -> tuple[Timesheet, str]:
    out = StringIO()
    sheet = write_timesheet(entries, PARIS, out, title=title, start=MARCH[0], end=MARCH[1])
    return sheet, out.getvalue()


def test_totals_equal_the_entries_to_the_second_and_the_lines_to_the_cent() -> None:
    entries = [
        entry("2026-03-02T09:00:01", "2026-03-02T10:00:00", id=1),  # 3599 s
        entry("2026-03-03T09:00", "2026-03-03T09:00:01", id=2),  # 1 s: 1.25 cents
        entry("2026-03-04T14:00", "2026-03-04T15:20:00", id=3, task="Replies"),
        entry("2026-03-10T08:00", "2026-03-10T08:07:13", id=4, project="Beta", rate_cents=None),
        entry("2026-03-17T08:00", "2026-03-17T09:00", id=5, project="Gamma", currency="USD"),
    ]
    sheet, html = sheet_html(entries)
    assert sheet.seconds == sum(item.seconds for item in entries)
    assert sum(week.seconds for week in sheet.weeks) == sheet.seconds
    for week in sheet.weeks:
        assert week.seconds == sum(line.seconds for line in week.lines)
    first = sheet.weeks[0]
    assert [(line.task, line.seconds, line.amount_cents) for line in first.lines] == [
        ("Plan posts", 3600, 4500),
        ("Replies", 4800, 6000),
    ]
    assert dict(sheet.amounts) == {"EUR": 4500 + 6000, "USD": 4500}
    parsed = Cells()
    parsed.feed(html)
    assert parsed.totals[-1] == sheet.seconds  # the page's grand total
    assert 'data-amounts="EUR=10500;USD=4500"' in html
    assert "Beta" in html and "0:07:13" in html


def test_an_amount_is_rounded_once_per_line_not_per_entry() -> None:
    # Two entries of 1 s at 45.00/h: 1.25 cents each. Per entry that would bill 2 cents;
    # the line holds 2 s and bills 2.5 → 3 cents, which is what the time is worth.
    sheet = aggregate(
        [
            entry("2026-03-02T09:00:00", "2026-03-02T09:00:01", id=1),
            entry("2026-03-02T10:00:00", "2026-03-02T10:00:01", id=2),
        ],
        PARIS,
        *MARCH,
    )
    (line,) = sheet.weeks[0].lines
    assert (line.seconds, line.amount_cents) == (2, cost_cents(2, 4500)) == (2, 3)


def test_work_from_sunday_night_into_monday_counts_in_both_iso_weeks() -> None:
    sheet = aggregate([entry("2026-03-08T23:00", "2026-03-09T01:30")], PARIS, *MARCH)
    assert [(week.year, week.week, week.seconds) for week in sheet.weeks] == [
        (2026, 10, 3600),
        (2026, 11, 5400),
    ]
    assert (sheet.weeks[1].first_day.isoweekday(), sheet.weeks[0].last_day.isoweekday()) == (
        1,
        7,
    )


def test_weeks_are_iso_weeks_across_new_year() -> None:
    start, end = at("2026-12-28T00:00", PARIS), at("2027-01-05T00:00", PARIS)
    sheet = aggregate(
        [
            entry("2027-01-01T10:00", "2027-01-01T11:00", id=1),  # a Friday: 2026-W53
            entry("2027-01-04T10:00", "2027-01-04T11:00", id=2),  # Monday: 2027-W01
        ],
        PARIS,
        start,
        end,
    )
    assert [(week.year, week.week) for week in sheet.weeks] == [(2026, 53), (2027, 1)]
    assert str(sheet.weeks[0].first_day) == "2026-12-28"
    assert str(sheet.weeks[1].last_day) == "2027-01-04"  # the period ends before Sunday


def test_the_spring_change_day_has_its_real_hours() -> None:
    sheet = aggregate([entry("2026-03-29T00:00", "2026-03-29T04:00")], PARIS, *MARCH)
    assert sheet.seconds == 3 * 3600


def test_entries_reaching_over_the_period_are_cut_at_its_edges() -> None:
    sheet = aggregate(
        [
            entry("2026-02-28T23:00", "2026-03-01T00:30", id=1),
            entry("2026-03-31T23:45", "2026-04-01T02:00", id=2),
            entry("2026-04-02T10:00", "2026-04-02T11:00", id=3),
        ],
        PARIS,
        *MARCH,
    )
    assert sheet.seconds == 30 * 60 + 15 * 60
    assert (str(sheet.first_day), str(sheet.last_day)) == ("2026-03-01", "2026-03-31")


def test_user_text_is_escaped() -> None:
    _, html = sheet_html(
        [entry("2026-03-02T09:00", "2026-03-02T10:00", task="<script>alert(1)</script>")],
        title='<img src=x onerror="alert(2)"> & Co',
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; Co" in html


def test_a_printable_page_that_loads_nothing_from_elsewhere() -> None:
    _, html = sheet_html([entry("2026-03-02T09:00", "2026-03-02T10:00")])
    parsed = Cells()
    parsed.feed(html)
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed"}
    for outside in ("http:", "https:", "url(", "@import", "@font-face", "src="):
        assert outside not in html
    assert "size: A4" in html
    assert "tr { break-inside: avoid; page-break-inside: avoid; }" in html


def test_an_empty_period_says_so() -> None:
    sheet, html = sheet_html([])
    assert sheet.seconds == 0 and sheet.weeks == ()
    assert "No time tracked in this period." in html


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(MARCH[0] - 86_400, MARCH[1] + 86_400),
            st.integers(0, 2 * 86_400),
            st.sampled_from(["Acme", "Beta"]),
            st.sampled_from([None, "Replies", "Visuals"]),
            st.sampled_from([None, 0, 4500, 3333]),
        ),
        max_size=30,
    )
)
def test_every_total_is_the_sum_of_the_clipped_entries(
    drawn: list[tuple[int, int, str, str | None, int | None]],
) -> None:
    # Entries of one project keep one rate, as the database has it.
    rates: dict[str, int | None] = {}
    entries = []
    for index, (start, length, project, task, drawn_rate) in enumerate(drawn):
        rate = rates.setdefault(project, drawn_rate)
        entries.append(
            ExportEntry(index, start, start + length, None, project, task, None, None, rate, "EUR")
        )
    sheet, html = sheet_html(entries)
    inside = sum(
        max(0, min(item.ended_at, MARCH[1]) - max(item.started_at, MARCH[0])) for item in entries
    )
    assert sheet.seconds == inside
    assert sum(week.seconds for week in sheet.weeks) == inside
    assert sum(project.seconds for project in sheet.projects) == inside
    week_cents = sum(cents for week in sheet.weeks for _, cents in week.amounts)
    assert sum(cents for _, cents in sheet.amounts) == week_cents
    parsed = Cells()
    parsed.feed(html)
    assert parsed.totals[-1] == inside
