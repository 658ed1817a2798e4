"""Queries behind the charts window. Each returns plain frozen records.

Time figures (time per project, ROI, the monthly review, automation) come
from ``reports.totals``, the function behind ``smfocus report``, so the window
and the report cannot disagree: by day and week it is one call; by month it
is one call per month (``period=None``), which reads far fewer index slices
than slicing every day of five years and is exact all the same.

Two figures ``totals`` cannot give are computed here, in SQL too:

* **Peak hours** (weekday x local hour). Every local hour is a slice; the
  seconds of a slice [a, b) are *W + over(a) - over(b)*, where W sums the
  entries starting in the slice, taken whole, and over(t) is how far the
  entry running at instant t reaches past t. Entries never overlap, so that
  entry is the last one starting before t: one index seek. This is the exact
  overlap of every entry with the slice, with no correction in Python and no
  GROUP BY over entries: per slice one range seek on a covering index.
* **Per-day counts** of pomodoros and interruptions: those tables are small
  (tens a day), so they are grouped directly, by a local day computed in SQL
  from the zone's UTC offsets (``slices.offset_segments``).

Definitions (the charts' captions repeat them):

* Focused time is tracked time: the time entries.
* A pomodoro is a completed work phase; it belongs to the day it ended on,
  as in the tray's count for today.
* A context switch is a change of task during a running work phase. The
  timer logs each as an interruption whose note starts with "switched to ";
  every other interruption is an interruption. Changing task between
  pomodoros is batching, not a switch, and is not counted.
* The automation candidates are the categories in ``AUTOMATION_CATEGORIES``,
  matched without regard to case.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    ScalarSelect,
    Select,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)

from smfocus.core import periods, roi, slices
from smfocus.core.focus import ALL_SETTING_KEYS, FocusSettings
from smfocus.core.localtime import day_start, local_date
from smfocus.core.ranges import next_month, previous_month
from smfocus.errors import UserError
from smfocus.store import reports, tables
from smfocus.store.reports import Window
from smfocus.store.tables import (
    interruptions,
    pomodoro_phases,
    projects,
    tasks,
    time_entries,
)
from smfocus.store.tables import settings as settings_table

AUTOMATION_CATEGORIES: tuple[str, ...] = ("replies", "scheduling posts", "reposting", "community")
SWITCH_PREFIX = "switched to "  # how the timer notes a change of task (pomodoro._log_switch)
EPOCH_DAY = date(1970, 1, 1)

ProjectFilter = frozenset[int] | None


# -- records ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    id: int
    name: str
    colour: str
    rate_cents: int | None
    currency: str
    value_cents: int | None
    value_per: str
    archived: bool


@dataclass(frozen=True, slots=True)
class ProjectSeries:
    project: ProjectInfo
    seconds: tuple[int, ...]  # one per period label
    total: int


@dataclass(frozen=True, slots=True)
class TimeByPeriod:
    period: str  # day, week or month
    labels: tuple[str, ...]  # every period of the range, empty ones too
    series: tuple[ProjectSeries, ...]  # projects with time, largest total first

    @property
    def total(self) -> int:
        return sum(series.total for series in self.series)


@dataclass(frozen=True, slots=True)
class ProjectRoi:
    project: ProjectInfo
    figures: roi.RoiFigures  # the range's time, cost and value
    # The ROI and effective rate to show: the range's, or month to date for a
    # range shorter than its month (``shown.since``), as ``report --money``.
    shown: roi.ShownRoi | None = None

    @property
    def roi(self) -> float | None:
        return self.shown.roi if self.shown is not None else self.figures.roi

    @property
    def effective_rate_cents(self) -> int | None:
        if self.shown is not None:
            return self.shown.effective_rate_cents
        return roi.effective_rate_cents(self.figures.value_cents, self.figures.seconds)


@dataclass(frozen=True, slots=True)
class PeakHours:
    seconds: tuple[tuple[int, ...], ...]  # [weekday 0=Monday][local hour 0..23]

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.seconds)


@dataclass(frozen=True, slots=True)
class FocusDay:
    day: date
    pomodoros: int  # completed work phases that ended this day
    interruptions: int  # logged by hand (internal or external)
    switches: int  # changes of task during a work phase


@dataclass(frozen=True, slots=True)
class FocusQuality:
    days: tuple[FocusDay, ...]
    daily_goal: int
    # The local day of the first entry ever: days before it are no missed goals.
    first_day: date | None = None


@dataclass(frozen=True, slots=True)
class TaskEstimate:
    task_id: int
    project: str
    task: str
    category: str | None
    estimate: int | None
    pomodoros: int  # completed work phases on the task, ever
    seconds: int  # tracked time on the task, ever (a running entry up to now)
    done: bool


@dataclass(frozen=True, slots=True)
class CategoryEstimate:
    category: str
    estimated_tasks: int  # worked in the range, with an estimate
    estimated: int  # their estimates, summed
    pomodoros: int  # their completed pomodoros, summed
    seconds: int  # their tracked time, summed
    finished_tasks: int  # done tasks of the category, any time, any project
    median_pomodoros: float | None  # per finished task with at least one pomodoro
    median_time_pomodoros: float | None  # tracked time / pomodoro length, per finished task


@dataclass(frozen=True, slots=True)
class Estimates:
    tasks: tuple[TaskEstimate, ...]  # worked in the range, with an estimate
    categories: tuple[CategoryEstimate, ...]
    work_seconds: int  # the pomodoro length that turns time into pomodoros


@dataclass(frozen=True, slots=True)
class MonthFigures:
    seconds: int
    pomodoros: int
    interruptions: int
    switches: int
    roi: roi.RoiFigures


@dataclass(frozen=True, slots=True)
class ReviewRow:
    project: ProjectInfo
    this: MonthFigures
    last: MonthFigures


@dataclass(frozen=True, slots=True)
class MonthlyReview:
    this_month: str  # 2026-03
    last_month: str
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True, slots=True)
class CategoryHours:
    category: str
    seconds: tuple[int, ...]  # one per month label
    total: int
    # At the projects' rates, for the time of projects that have one; None when no
    # time has a rate or the projects bill in several currencies.
    cost_cents: int | None
    currency: str | None  # None when the projects bill in several currencies
    unrated_seconds: int = 0  # time on projects without a rate: not in the cost
    unrated_projects: tuple[str, ...] = ()  # those projects, by name

    def per_month(self) -> float:
        """Average seconds per month of the range."""
        return self.total / len(self.seconds) if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class Automation:
    months: tuple[str, ...]
    rows: tuple[CategoryHours, ...]  # most hours first


# -- helpers ------------------------------------------------------------------


def _reach(now: int) -> ColumnElement[int]:
    """Where an entry's time stops: its end, or ``now`` for the running one (never
    before its start, if a clock set back put its start after now)."""
    entries = time_entries.c
    latest = case((entries.started_at > now, entries.started_at), else_=literal(now, Integer))
    return func.coalesce(entries.ended_at, latest)


def _number(value: int) -> ColumnElement[int]:
    """An integer we computed ourselves, written inline: the same expression may then
    appear in SELECT and GROUP BY on PostgreSQL, where two bound parameters differ."""
    return literal_column(str(int(value)), Integer)


def _keep(project_id: int | None, project_ids: ProjectFilter) -> bool:
    return project_ids is None or (project_id is not None and project_id in project_ids)


def data_end(connection: Connection, window: Window) -> int:
    """Where the data of the window stops: its end, or now when that comes first.
    Axes and slices stop here: time that has not happened is never counted, even
    if a clock that ran ahead once stored some."""
    return max(window.start, min(window.end, window.now))


def local_day(moment: ColumnElement[int], segments: Sequence[tuple[int, int]]) -> Any:
    """The local day of an epoch column, as days since 1970-01-01."""
    if len(segments) == 1:
        return (moment + _number(segments[0][1])) // _number(86400)
    offset = case(
        *(
            (moment < _number(start), _number(previous[1]))
            for previous, (start, _) in itertools.pairwise(segments)
        ),
        else_=_number(segments[-1][1]),
    )
    return (moment + offset) // _number(86400)


def _day(number: int) -> date:
    return EPOCH_DAY + timedelta(days=int(number))


def _local_days(start: int, end: int, tz: tzinfo) -> list[date]:
    return [day for day, _, _ in periods.day_slices(start, end, tz)]


def _month_windows(window: Window, end: int, tz: tzinfo) -> list[tuple[str, Window]]:
    """(label, window) for each calendar month that [window.start, end) touches."""
    found: list[tuple[str, Window]] = []
    month = local_date(window.start, tz).replace(day=1)
    while True:
        begin, stop = day_start(month, tz), day_start(next_month(month), tz)
        if begin >= end:
            break
        piece = Window(window.user_id, max(begin, window.start), min(stop, window.end), window.now)
        found.append((periods.label(month, "month"), piece))
        month = next_month(month)
    return found or [(periods.label(month, "month"), window)]


# -- projects -----------------------------------------------------------------


def project_infos(connection: Connection, user_id: int) -> tuple[ProjectInfo, ...]:
    p = projects.c
    rows = connection.execute(
        select(
            p.id,
            p.name,
            p.colour,
            p.rate_cents,
            p.currency,
            p.value_cents,
            p.value_per,
            p.archived,
        )
        .where(p.user_id == user_id)
        .order_by(p.name_key)
    )
    return tuple(
        ProjectInfo(
            id=int(row.id),
            name=row.name,
            colour=row.colour,
            rate_cents=row.rate_cents,
            currency=row.currency,
            value_cents=row.value_cents,
            value_per=row.value_per,
            archived=bool(row.archived),
        )
        for row in rows
    )


def _by_id(projects: Sequence[ProjectInfo]) -> dict[int, ProjectInfo]:
    return {project.id: project for project in projects}


# -- time per project -----------------------------------------------------------


def project_seconds(connection: Connection, window: Window, tz: tzinfo) -> dict[int, int]:
    """Seconds per project id over the window (``reports.totals``)."""
    raw = reports.totals(connection, window, tz, "project", None)
    return {int(ident): seconds for (ident, _), seconds in raw.items() if ident is not None}


def time_by_period(
    connection: Connection,
    window: Window,
    tz: tzinfo,
    period: str,
    projects: Sequence[ProjectInfo],
    project_ids: ProjectFilter = None,
) -> TimeByPeriod:
    """Seconds per project and local day, ISO week or month, for stacked bars."""
    if period not in periods.PERIODS:
        raise ValueError(period)
    end = data_end(connection, window)
    labels: list[str] = []
    for day in _local_days(window.start, end, tz):
        label = periods.label(day, period)
        if not labels or labels[-1] != label:
            labels.append(label)
    cells: dict[tuple[int, str], int] = defaultdict(int)
    if period == "month":
        for label, piece in _month_windows(window, end, tz):
            for ident, seconds in project_seconds(connection, piece, tz).items():
                cells[(ident, label)] += seconds
    else:
        raw = reports.totals(connection, window, tz, "project", period)
        for (key, slot), spent in raw.items():
            if key is not None and slot is not None:
                cells[(int(key), slot)] += spent
    known = _by_id(projects)
    series = []
    for ident in {ident for ident, _ in cells}:
        if not _keep(ident, project_ids) or ident not in known:
            continue
        row = tuple(cells.get((ident, label), 0) for label in labels)
        if sum(row):
            series.append(ProjectSeries(project=known[ident], seconds=row, total=sum(row)))
    series.sort(key=lambda item: (-item.total, item.project.name.casefold()))
    return TimeByPeriod(period=period, labels=tuple(labels), series=tuple(series))


# -- ROI --------------------------------------------------------------------------


def roi_days(window: Window, end: int, tz: tzinfo) -> tuple[date, date]:
    """The local days, both included, over which a monthly value is prorated."""
    first = local_date(window.start, tz)
    last = local_date(max(window.start, end - 1), tz)
    return first, last


def roi_by_project(
    connection: Connection,
    window: Window,
    tz: tzinfo,
    projects: Sequence[ProjectInfo],
    project_ids: ProjectFilter = None,
) -> tuple[ProjectRoi, ...]:
    """Cost, prorated value and ROI per project: every project with time in the
    range (archived ones too), and every active project, which may bring value
    without time."""
    seconds = project_seconds(connection, window, tz)
    end = data_end(connection, window)
    first, last = roi_days(window, end, tz)
    since = roi.month_to_date_from(first, last)
    month = (
        project_seconds(connection, replace(window, start=day_start(since, tz), end=end), tz)
        if since is not None
        else {}
    )
    rows = []
    for project in projects:
        if not (
            _keep(project.id, project_ids) and (seconds.get(project.id) or not project.archived)
        ):
            continue
        figures = roi.project_roi(
            seconds.get(project.id, 0),
            project.rate_cents,
            project.value_cents,
            project.value_per,
            first,
            last,
        )
        shown = roi.shown_roi(
            figures, month.get(project.id, 0), project.rate_cents, project.value_cents,
            project.value_per, since, last,
        )  # fmt: skip
        rows.append(ProjectRoi(project=project, figures=figures, shown=shown))
    rows.sort(
        key=lambda row: (
            row.roi is None,
            -(row.roi or 0.0),
            -row.figures.seconds,
            row.project.name.casefold(),
        )
    )
    return tuple(rows)


# -- peak hours -------------------------------------------------------------------


def _whole(
    window: Window, project_ids: ProjectFilter, a: ColumnElement[int], b: ColumnElement[int]
) -> ScalarSelect[Any]:
    """Seconds of the entries starting in [a, b), taken whole: one range seek."""
    entries = time_entries.c
    owner = (
        entries.user_id == window.user_id
        if project_ids is None
        else entries.project_id.in_(sorted(project_ids))
    )
    return (
        select(func.sum(_reach(window.now) - entries.started_at))
        .where(owner, entries.started_at >= a, entries.started_at < b)
        .scalar_subquery()
    )


def _over(window: Window, project_ids: ProjectFilter, t: ColumnElement[int]) -> Any:
    """How far the entry running at ``t`` reaches past it: the last entry starting
    before ``t`` (entries never overlap), one index seek."""
    entries = time_entries.c
    past = _reach(window.now) - t
    if project_ids is None:
        reach: Any = case((_reach(window.now) > t, past), else_=0)
    else:
        # Read the project (off the index, from the table) only for an entry that
        # does cross t: most hour boundaries fall between entries.
        crossing = time_entries.alias("crossing")
        ours = exists().where(
            crossing.c.id == entries.id, crossing.c.project_id.in_(sorted(project_ids))
        )
        reach = case((_reach(window.now) > t, case((ours, past), else_=0)), else_=0)
    last = (
        select(reach)
        .where(entries.user_id == window.user_id, entries.started_at < t)
        .order_by(entries.started_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(last, 0)


def peak_hours(
    connection: Connection, window: Window, tz: tzinfo, project_ids: ProjectFilter = None
) -> PeakHours:
    """Focused seconds per weekday and local hour; entries split at hour boundaries."""
    grid = [[0] * 24 for _ in range(7)]
    end = data_end(connection, window)
    if end > window.start:
        regular, explicit = slices.hour_slices(window.start, end, tz)
        parts: list[Select[Any]] = []
        if regular:
            d = reports.int_values("d", ("s", "w"), regular)
            h = reports.int_values("h", ("h",), ((hour,) for hour in range(24)))
            begin = d.c.s + h.c.h * _number(3600)
            parts.append(
                select(
                    begin.label("a"),
                    (begin + _number(3600)).label("b"),
                    (d.c.w * _number(24) + h.c.h).label("g"),
                ).select_from(d.join(h, true()))  # every hour of every day
            )
        if explicit:
            x = reports.int_values("x", ("a", "b", "g"), explicit)
            parts.append(select(x.c.a, x.c.b, x.c.g))
        sl = (union_all(*parts) if len(parts) > 1 else parts[0]).cte("sl")
        seconds = (
            func.coalesce(_whole(window, project_ids, sl.c.a, sl.c.b), 0)
            + _over(window, project_ids, sl.c.a)
            - _over(window, project_ids, sl.c.b)
        )
        query = select(sl.c.g, func.sum(seconds)).group_by(sl.c.g)
        for bucket, spent in connection.execute(query):
            if bucket is not None and spent:
                grid[int(bucket) // 24][int(bucket) % 24] += int(spent)
    return PeakHours(seconds=tuple(tuple(row) for row in grid))


# -- focus quality ----------------------------------------------------------------


def focus_settings(connection: Connection, user_id: int) -> FocusSettings:
    """The timer settings stored for the user; a value this version cannot read keeps
    its default, as the timer itself does."""
    settings = FocusSettings()
    rows = connection.execute(
        select(settings_table.c.key, settings_table.c.value).where(
            settings_table.c.user_id == user_id
        )
    )
    for key, value in rows:
        if key in ALL_SETTING_KEYS:
            try:
                settings = settings.with_value(key, str(value))
            except UserError:
                continue
    return settings


Grouping = Callable[[ColumnElement[int], ColumnElement[Any]], Sequence[ColumnElement[Any]]]


def _interruption_counts(
    connection: Connection,
    window: Window,
    group: Grouping,
    project_ids: ProjectFilter,
) -> Any:
    """(*group, interruptions, switches) rows; ``group`` maps (moment, project id) to
    the grouping columns."""
    i = interruptions.c
    entries = time_entries.c
    # Walk the few interruptions and look each entry up by its key, rather than
    # walk a million entries looking for interruptions.
    entry = select(entries.project_id).where(entries.id == i.entry_id).scalar_subquery()
    ours = exists().where(entries.id == i.entry_id, entries.user_id == window.user_id)
    where: list[ColumnElement[bool]] = [ours, i.at >= window.start, i.at < window.end]
    if project_ids is not None:
        where.append(entry.in_(sorted(project_ids)))
    switch = case((func.substr(i.note, 1, len(SWITCH_PREFIX)) == SWITCH_PREFIX, 1), else_=0)
    keys = [key.label(f"g{n}") for n, key in enumerate(group(i.at, entry))]
    rows = select(*keys, switch.label("switch")).where(*where).subquery("rows")
    grouped = [rows.c[f"g{n}"] for n in range(len(keys))]
    return connection.execute(
        select(*grouped, func.sum(1 - rows.c.switch), func.sum(rows.c.switch)).group_by(*grouped)
    )


def _pomodoro_counts(
    connection: Connection, window: Window, group: Grouping, project_ids: ProjectFilter
) -> Any:
    phases = pomodoro_phases.c
    where: list[ColumnElement[bool]] = [
        phases.user_id == window.user_id,
        phases.kind == "work",
        phases.outcome == "completed",
        phases.ended_at >= window.start,
        phases.ended_at < window.end,
    ]
    if project_ids is not None:
        where.append(phases.project_id.in_(sorted(project_ids)))
    keys = [key.label(f"g{n}") for n, key in enumerate(group(phases.ended_at, phases.project_id))]
    rows = select(*keys).where(*where).subquery("rows")
    grouped = [rows.c[f"g{n}"] for n in range(len(keys))]
    return connection.execute(select(*grouped, func.count()).group_by(*grouped))


def focus_quality(
    connection: Connection, window: Window, tz: tzinfo, project_ids: ProjectFilter = None
) -> FocusQuality:
    """Per local day: completed pomodoros, interruptions and context switches."""
    end = data_end(connection, window)
    first = reports.first_start(connection, window.user_id)
    days = _local_days(window.start, end, tz)
    counts: dict[date, list[int]] = {day: [0, 0, 0] for day in days}
    if days:
        segments = slices.offset_segments(window.start, window.end, tz)

        def by_day(moment: ColumnElement[int], _project: Any) -> list[Any]:
            return [local_day(moment, segments)]

        for number, pomodoros in _pomodoro_counts(connection, window, by_day, project_ids):
            counts.setdefault(_day(number), [0, 0, 0])[0] += int(pomodoros)
        for number, interrupted, switched in _interruption_counts(
            connection, window, by_day, project_ids
        ):
            cell = counts.setdefault(_day(number), [0, 0, 0])
            cell[1] += int(interrupted or 0)
            cell[2] += int(switched or 0)
    return FocusQuality(
        days=tuple(FocusDay(day, *counts[day]) for day in sorted(counts)),
        daily_goal=focus_settings(connection, window.user_id).daily_goal,
        first_day=None if first is None else local_date(first, tz),
    )


# -- estimates --------------------------------------------------------------------


def estimates(
    connection: Connection, window: Window, tz: tzinfo, project_ids: ProjectFilter = None
) -> Estimates:
    """Estimated against done pomodoros for the tasks with an estimate worked in the
    range (over their whole life, since an estimate is for the whole task), per
    task and per category; and for each category, what a finished task of it
    took, any time and in any project: the median."""
    pomodoros_in_range = {
        int(ident)
        for ident, _ in _pomodoro_counts(
            connection, window, lambda _at, _project: [pomodoro_phases.c.task_id], None
        )
        if ident is not None
    }
    # Only tasks with an estimate, and finished ones (for the medians), are read:
    # a task's lifetime time means reading all of its entries.
    rows = connection.execute(_estimates_query(window)).all()
    work = focus_settings(connection, window.user_id).work
    tasks = tuple(
        TaskEstimate(
            task_id=int(row.id),
            project=row.project,
            task=row.name,
            category=row.category,
            estimate=row.estimate_pomodoros,
            pomodoros=int(row.pomodoros),
            seconds=int(row.seconds),
            done=bool(row.done),
        )
        for row in rows
        if (row.worked or int(row.id) in pomodoros_in_range)
        and row.estimate_pomodoros is not None
        and _keep(int(row.project_id), project_ids)
    )
    # Categories compare ignoring case; each is named by its most common spelling.
    finished: dict[str, list[tuple[int, int]]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.done and row.category:
            finished[row.category.casefold()].append((int(row.pomodoros), int(row.seconds)))
            spellings[row.category.casefold()][row.category] += 1
    for task in tasks:
        if task.category:
            spellings[task.category.casefold()][task.category] += 1
    categories = []
    for key in sorted(spellings):
        name = min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]
        estimated = [
            task
            for task in tasks
            if task.category and task.category.casefold() == key and task.estimate
        ]
        history = finished.get(key, [])
        categories.append(
            CategoryEstimate(
                category=name,
                estimated_tasks=len(estimated),
                estimated=sum(task.estimate or 0 for task in estimated),
                pomodoros=sum(task.pomodoros for task in estimated),
                seconds=sum(task.seconds for task in estimated),
                finished_tasks=len(history),
                median_pomodoros=roi.median(n for n, _ in history if n > 0),
                median_time_pomodoros=roi.median(
                    roi.pomodoros_of_time(seconds, work) for _, seconds in history if seconds > 0
                ),
            )
        )
    return Estimates(tasks=tasks, categories=tuple(categories), work_seconds=work)


def _estimates_query(window: Window) -> Select[Any]:
    phases, entries = pomodoro_phases.c, time_entries.c
    t, p = tasks.alias("t"), projects.alias("p")
    done = (
        select(phases.task_id, func.count().label("n"))
        .where(
            phases.user_id == window.user_id,
            phases.kind == "work",
            phases.outcome == "completed",
            phases.task_id.is_not(None),
        )
        .group_by(phases.task_id)
        .cte("done")
    )
    reach = _reach(window.now)
    seconds = (
        select(func.sum(reach - entries.started_at))
        .where(entries.task_id == t.c.id)
        .scalar_subquery()
    )
    # Worked in the range: an entry starts in it, or the last one before it
    # reaches into it (two seeks on the task's index).
    starts_in = exists().where(
        entries.task_id == t.c.id,
        entries.started_at >= window.start,
        entries.started_at < window.end,
    )
    reaches_in = (
        select(reach)
        .where(entries.task_id == t.c.id, entries.started_at < window.start)
        .order_by(entries.started_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    worked = or_(starts_in, func.coalesce(reaches_in, 0) > window.start)
    return (
        select(
            t.c.id,
            t.c.project_id,
            p.c.name.label("project"),
            t.c.name,
            t.c.category,
            t.c.estimate_pomodoros,
            t.c.done,
            func.coalesce(done.c.n, 0).label("pomodoros"),
            func.coalesce(seconds, 0).label("seconds"),
            worked.label("worked"),
        )
        .select_from(t.join(p, p.c.id == t.c.project_id).outerjoin(done, done.c.task_id == t.c.id))
        .where(
            p.c.user_id == window.user_id,
            or_(t.c.estimate_pomodoros.is_not(None), t.c.done.is_(True)),
        )
        .order_by(p.c.name_key, t.c.name_key)
    )


# -- monthly review -----------------------------------------------------------------


def monthly_review(
    connection: Connection,
    user_id: int,
    now: int,
    tz: tzinfo,
    month: date,
    projects: Sequence[ProjectInfo],
    project_ids: ProjectFilter = None,
) -> MonthlyReview:
    """``month`` (any day in it) against the month before, per project."""
    this_first = month.replace(day=1)
    last_first = previous_month(this_first)
    following = next_month(this_first)
    bounds = [day_start(day, tz) for day in (last_first, this_first, following)]
    windows = {
        "last": Window(user_id, bounds[0], bounds[1], now),
        "this": Window(user_id, bounds[1], bounds[2], now),
    }
    seconds = {key: project_seconds(connection, w, tz) for key, w in windows.items()}
    whole = Window(user_id, bounds[0], bounds[2], now)

    def month_of(moment: ColumnElement[int], project: ColumnElement[Any]) -> list[Any]:
        return [case((moment >= _number(bounds[1]), "this"), else_="last"), project]

    pomodoros: dict[tuple[str, int], int] = defaultdict(int)
    for which, ident, count in _pomodoro_counts(connection, whole, month_of, None):
        if ident is not None:
            pomodoros[(str(which), int(ident))] += int(count)
    interrupted: dict[tuple[str, int], tuple[int, int]] = {}
    for which, ident, interrupts, switches in _interruption_counts(
        connection, whole, month_of, None
    ):
        interrupted[(str(which), int(ident))] = (int(interrupts or 0), int(switches or 0))
    ends = {key: data_end(connection, w) for key, w in windows.items()}

    def figures(which: str, project: ProjectInfo) -> MonthFigures:
        spent = seconds[which].get(project.id, 0)
        first, last = roi_days(windows[which], ends[which], tz)
        counts = interrupted.get((which, project.id), (0, 0))
        return MonthFigures(
            seconds=spent,
            pomodoros=pomodoros.get((which, project.id), 0),
            interruptions=counts[0],
            switches=counts[1],
            roi=roi.project_roi(
                spent, project.rate_cents, project.value_cents, project.value_per, first, last
            ),
        )

    rows = []
    for project in projects:
        if not _keep(project.id, project_ids):
            continue
        this, last = figures("this", project), figures("last", project)
        busy = this.seconds or last.seconds or this.pomodoros or last.pomodoros
        if busy or not project.archived:
            rows.append(ReviewRow(project=project, this=this, last=last))
    rows.sort(
        key=lambda row: (-(row.this.seconds + row.last.seconds), row.project.name.casefold())
    )
    return MonthlyReview(
        this_month=periods.label(this_first, "month"),
        last_month=periods.label(last_first, "month"),
        rows=tuple(rows),
    )


# -- where automation pays -----------------------------------------------------------


def automation(
    connection: Connection,
    window: Window,
    tz: tzinfo,
    projects: Sequence[ProjectInfo],
    project_ids: ProjectFilter = None,
    categories: Sequence[str] = AUTOMATION_CATEGORIES,
) -> Automation:
    """Hours per month in the repetitive categories, most first, with their cost."""
    wanted = {name.casefold(): name for name in categories}
    task_rows = connection.execute(
        select(tasks.c.id, tasks.c.project_id, tasks.c.category)
        .join(tables.projects, tables.projects.c.id == tasks.c.project_id)
        .where(tables.projects.c.user_id == window.user_id, tasks.c.category.is_not(None))
    ).all()
    task_category: dict[int, tuple[str, int]] = {}
    for ident, project_id, category in task_rows:
        name = wanted.get(str(category).casefold())
        if name is not None and _keep(int(project_id), project_ids):
            task_category[int(ident)] = (name, int(project_id))
    end = data_end(connection, window)
    months = _month_windows(window, end, tz)
    known = _by_id(projects)
    per_month: dict[str, list[int]] = {name: [0] * len(months) for name in wanted.values()}
    cost: dict[str, int] = dict.fromkeys(wanted.values(), 0)
    currencies: dict[str, set[str]] = {name: set() for name in wanted.values()}
    # What can be costed is; what cannot is said (time and projects without a rate).
    unrated: dict[str, int] = dict.fromkeys(wanted.values(), 0)
    unrated_names: dict[str, set[str]] = {name: set() for name in wanted.values()}
    if task_category:
        for index, (_, piece) in enumerate(months):
            raw = reports.totals(connection, piece, tz, "task", None)
            for (ident, _), seconds in raw.items():
                if ident is None or int(ident) not in task_category:
                    continue
                name, project_id = task_category[int(ident)]
                per_month[name][index] += seconds
                project = known.get(project_id)
                if project is None or project.rate_cents is None:
                    unrated[name] += seconds
                    unrated_names[name].add(project.name if project is not None else "?")
                else:
                    cost[name] += roi.cost_cents(seconds, project.rate_cents)
                    currencies[name].add(project.currency)
    rows = []
    for name, months_seconds in per_month.items():
        total = sum(months_seconds)
        if not total:
            continue
        single = currencies[name].pop() if len(currencies[name]) == 1 else None
        rows.append(
            CategoryHours(
                category=name,
                seconds=tuple(months_seconds),
                total=total,
                cost_cents=cost[name] if single is not None else None,
                currency=single,
                unrated_seconds=unrated[name],
                unrated_projects=tuple(sorted(unrated_names[name], key=str.casefold)),
            )
        )
    rows.sort(key=lambda row: (-row.total, row.category))
    return Automation(months=tuple(label for label, _ in months), rows=tuple(rows))
