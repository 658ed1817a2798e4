"""A timesheet a client can read or print: one HTML page, no outside resources.

For one client (or project) and a period: the hours per project and task for
each ISO week (Monday first), what they come to at the project's hourly rate,
and the totals.

How the figures are made, so that the page adds up with a calculator:

* Only time inside the period counts: an entry reaching over either end is
  cut there. Work across midnight is split at local midnight, and each piece
  belongs to the ISO week of its day, so an entry from Sunday night into
  Monday counts in both weeks.
* A line is one project and task in one week; its amount is its time times
  the hourly rate, rounded to the cent (half away from zero). Every subtotal
  and total adds the amounts of the lines shown, never a rounding of its own.
  Time without a rate shows no amount and is counted in the hours only.
* Totals in more than one currency are given per currency, never converted.

Everything a user typed (title, projects, tasks, currencies) is escaped. The
page has its own print stylesheet (A4; a table row never breaks across
pages) and loads nothing: no script, font, image or stylesheet from elsewhere.

Language: of all the exports, only this page is read by people (a client, an
accountant), so its words, figures and dates follow the language in use:
French gets ``1 500,00 €``, ``30/11/2026`` and ``<html lang="fr">``. The
``data-*`` attributes keep exact, locale-free figures for programs. The other
exports (CSV, Toggl CSV, the JSON backup, iCalendar) are read by programs and
other trackers, which expect English headers, dot decimals and ISO dates: they
are the same bytes in every language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from html import escape
from typing import TextIO, TypeAlias

from smfocus.core import fmt
from smfocus.core.i18n import N_, _
from smfocus.core.localtime import local_date
from smfocus.core.periods import day_slices
from smfocus.core.roi import cost_cents
from smfocus.exports.rows import ExportEntry

NO_TASK = N_("(no task)")

Amounts: TypeAlias = tuple[tuple[str, int], ...]  # (currency, cents), sorted by currency


@dataclass(frozen=True, slots=True)
class SheetLine:
    project: str
    task: str | None
    seconds: int
    rate_cents: int | None
    currency: str
    amount_cents: int | None  # None: no rate


@dataclass(frozen=True, slots=True)
class SheetWeek:
    year: int  # ISO year, which differs from the calendar year around 1 January
    week: int
    first_day: date  # Monday, or the period's first day
    last_day: date  # Sunday, or the period's last day
    lines: tuple[SheetLine, ...]
    seconds: int
    amounts: Amounts


@dataclass(frozen=True, slots=True)
class Timesheet:
    first_day: date
    last_day: date
    weeks: tuple[SheetWeek, ...]
    projects: tuple[SheetLine, ...]  # per project (task None), summed over the weeks
    seconds: int
    amounts: Amounts


_LineKey: TypeAlias = tuple[str, str | None, int | None, str]  # project, task, rate, currency


def aggregate(entries: Iterable[ExportEntry], tz: tzinfo, start: int, end: int) -> Timesheet:
    """The figures of the period [start, end): memory grows with weeks x tasks, not entries."""
    weeks: dict[tuple[int, int], dict[_LineKey, int]] = {}
    for entry in entries:
        begin, finish = max(entry.started_at, start), min(entry.ended_at, end)
        if finish <= begin:
            continue
        key = (entry.project, entry.task or None, entry.rate_cents, entry.currency)
        for day, piece_start, piece_end in day_slices(begin, finish, tz):
            year, week, _ = day.isocalendar()
            lines = weeks.setdefault((year, week), {})
            lines[key] = lines.get(key, 0) + piece_end - piece_start
    first_day = local_date(start, tz)
    last_day = local_date(max(end - 1, start), tz)
    made_weeks = tuple(
        _week(year, week, lines, first_day, last_day)
        for (year, week), lines in sorted(weeks.items())
    )
    projects: dict[tuple[str, int | None, str], tuple[int, int | None]] = {}
    for made in made_weeks:
        for line in made.lines:
            project_key = (line.project, line.rate_cents, line.currency)
            seconds, cents = projects.get(project_key, (0, None))
            if line.amount_cents is not None:
                cents = (cents or 0) + line.amount_cents
            projects[project_key] = (seconds + line.seconds, cents)
    project_lines = tuple(
        SheetLine(project, None, seconds, rate, currency, cents)
        for (project, rate, currency), (seconds, cents) in sorted(
            projects.items(), key=lambda item: (item[0][0].casefold(), item[0][0], item[0][2])
        )
    )
    return Timesheet(
        first_day=first_day,
        last_day=last_day,
        weeks=made_weeks,
        projects=project_lines,
        seconds=sum(line.seconds for line in project_lines),
        amounts=_amounts(project_lines),
    )


def _week(
    year: int, week: int, lines: dict[_LineKey, int], first_day: date, last_day: date
) -> SheetWeek:
    monday = date.fromisocalendar(year, week, 1)
    made = tuple(
        SheetLine(
            project,
            task,
            seconds,
            rate,
            currency,
            cost_cents(seconds, rate) if rate is not None else None,
        )
        for (project, task, rate, currency), seconds in sorted(lines.items(), key=_line_order)
    )
    return SheetWeek(
        year=year,
        week=week,
        first_day=max(monday, first_day),
        last_day=min(monday + timedelta(days=6), last_day),
        lines=made,
        seconds=sum(line.seconds for line in made),
        amounts=_amounts(made),
    )


def _line_order(item: tuple[_LineKey, int]) -> tuple[str, str, str, str, str]:
    project, task, _, currency = item[0]
    return (project.casefold(), project, (task or "").casefold(), task or "", currency)


def _amounts(lines: Iterable[SheetLine]) -> Amounts:
    sums: dict[str, int] = {}
    for line in lines:
        if line.amount_cents is not None:
            sums[line.currency] = sums.get(line.currency, 0) + line.amount_cents
    return tuple(sorted(sums.items()))


def write_timesheet(
    entries: Iterable[ExportEntry],
    tz: tzinfo,
    out: TextIO,
    *,
    title: str,
    start: int,
    end: int,
) -> Timesheet:
    """Write the timesheet of [start, end) for ``title`` (a client's or project's name)
    to ``out``; return its figures."""
    sheet = aggregate(entries, tz, start, end)
    for part in render(sheet, title):
        out.write(part)
    return sheet


def render(sheet: Timesheet, title: str) -> Iterator[str]:
    period = _period(sheet.first_day, sheet.last_day)
    language = "fr" if fmt.french() else "en"
    page_title = _("Timesheet: {title}, {period}").format(title=title, period=period)
    heading = _("Timesheet: {title}").format(title=title)
    yield (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(page_title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{escape(heading)}</h1>\n"
        f'<p class="period">{escape(period)}</p>\n</header>\n'
    )
    if not sheet.weeks:
        empty = _("No time tracked in this period.")
        yield f'<p class="empty">{escape(empty)}</p>\n'
    for week in sheet.weeks:
        week_title = _("Week {week}, {year}").format(week=week.week, year=week.year)
        days = _period(week.first_day, week.last_day)
        yield (
            f'<section class="week">\n<h2>{escape(week_title)} '
            f'<span class="days">{escape(days)}</span></h2>\n'
        )
        yield from _table(week.lines, _("Week total"), week.seconds, week.amounts, tasks=True)
        yield "</section>\n"
    summary = _("Summary")
    yield f'<section class="summary">\n<h2>{escape(summary)}</h2>\n'
    yield from _table(sheet.projects, _("Total"), sheet.seconds, sheet.amounts, tasks=False)
    note = _(
        "Amount = hours × the hourly rate, rounded to the cent on each line; totals add "
        "the lines. Time without a rate is not billed."
    )
    yield f'</section>\n<p class="note">{escape(note)}</p>\n</body>\n</html>\n'


def _table(
    lines: tuple[SheetLine, ...], total: str, seconds: int, amounts: Amounts, *, tasks: bool
) -> Iterator[str]:
    # Babel does not look inside f-strings: the headings are named first.
    heads = [_("Project"), _("Task"), _("Time"), _("Hours"), _("Rate"), _("Amount")]
    project, task, time, hours, rate_head, amount_head = (escape(head) for head in heads)
    task_head = f"<th>{task}</th>" if tasks else ""
    yield (
        f"<table>\n<thead><tr><th>{project}</th>{task_head}"
        f'<th class="num">{time}</th><th class="num">{hours}</th>'
        f'<th class="num">{rate_head}</th><th class="num">{amount_head}</th></tr></thead>\n'
        "<tbody>\n"
    )
    no_task = _(NO_TASK)
    for line in lines:
        task_cell = f"<td>{escape(line.task or no_task)}</td>" if tasks else ""
        rate = (
            f"{escape(fmt.money(line.rate_cents, line.currency))}/h"
            if line.rate_cents is not None
            else "-"
        )
        amount = (
            f'<td class="num" data-cents="{line.amount_cents}">'
            f"{escape(fmt.money(line.amount_cents, line.currency))}</td>"
            if line.amount_cents is not None
            else '<td class="num">-</td>'
        )
        yield (
            f"<tr><td>{escape(line.project)}</td>{task_cell}{_time_cells(line.seconds)}"
            f'<td class="num">{rate}</td>{amount}</tr>\n'
        )
    span = ' colspan="2"' if tasks else ""
    money = "<br>".join(escape(fmt.money(cents, currency)) for currency, cents in amounts)
    data = ";".join(f"{escape(currency)}={cents}" for currency, cents in amounts)
    yield (
        f'</tbody>\n<tfoot><tr class="total"><th{span}>{escape(total)}</th>{_time_cells(seconds)}'
        f'<td></td><td class="num" data-amounts="{data}">{money or "-"}</td></tr></tfoot>\n'
        "</table>\n"
    )


def _time_cells(seconds: int) -> str:
    return (
        f'<td class="num" data-seconds="{seconds}">{fmt.duration(seconds)}</td>'
        f'<td class="num">{fmt.hours(seconds, unit=False)}</td>'
    )


def _period(first: date, last: date) -> str:
    def day(value: date) -> str:
        # English keeps its long form ("Mon 2 November 2026"); French pages write
        # dates as French invoices do ("lun. 02/11/2026").
        if fmt.french():
            return f"{fmt.weekday(value, short=True)} {fmt.day(value)}"
        return f"{fmt.weekday(value, short=True)} {value.day} {fmt.month(value)}"

    return day(first) if first == last else f"{day(first)} – {day(last)}"


STYLE = """
@page { size: A4; margin: 16mm 14mm; }
html { color: #111; background: #fff; }
body {
  font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    Arial, sans-serif;
  max-width: 182mm; margin: 2em auto; padding: 0 1em;
}
h1 { font-size: 18pt; margin: 0 0 .2em; }
h2 { font-size: 12pt; margin: 1.4em 0 .4em; break-after: avoid; page-break-after: avoid; }
h2 .days { font-weight: normal; color: #555; margin-left: .6em; }
.period { color: #555; margin: 0 0 1em; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .25em .5em; border-bottom: 1px solid #ddd; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 1.5px solid #111; font-weight: 600; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 600; border-top: 1.5px solid #111; border-bottom: none; }
.summary table tfoot { font-size: 11.5pt; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.note, .empty { color: #555; font-size: 9pt; margin-top: 1.5em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
}
"""
