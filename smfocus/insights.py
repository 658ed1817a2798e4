"""Read use cases behind the charts: each one read transaction, plain records back.

They take a ``DateRange`` of local days and resolve it inside their own
transaction (all time starts at the first entry), so a figure and the range
it covers are read together. ``smfocus report`` and the charts share
``reports.totals`` for every time figure; the CLI could print any of these
records as well as the window draws them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta, tzinfo
from pathlib import Path

from sqlalchemy import Connection

from smfocus.core.localtime import day_start, local_date
from smfocus.core.ranges import DateRange
from smfocus.store import analytics, reports, team
from smfocus.store.analytics import (
    Automation,
    Estimates,
    FocusQuality,
    MonthlyReview,
    PeakHours,
    ProjectFilter,
    ProjectInfo,
    ProjectRoi,
    TimeByPeriod,
)
from smfocus.store.reports import Window
from smfocus.store.team import TeamProjectRow
from smfocus.tracker import Tracker


class Insights:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    @property
    def tz(self) -> tzinfo:
        return self.tracker.tz

    @property
    def database_path(self) -> Path | None:
        """The SQLite file, for change detection; None for a server database."""
        return self.tracker.store.path

    def now(self) -> int:
        return self.tracker.clock.now()

    @contextmanager
    def _reading(
        self, chosen: DateRange | None, *, to_data: bool = True
    ) -> Iterator[tuple[Connection, Window | None]]:
        """A read transaction and the window ``chosen`` covers (None: nothing to show).

        ``to_data``: a range opening before the year of the first entry starts
        with that year instead. ROI says no: a monthly value is prorated over the days chosen,
        tracked or not (and it does no per-day work)."""
        now = self.tracker.clock.now()
        with self.tracker.read(now) as unit:
            connection, user_id = unit.connection, unit.user_id
            if user_id is None:
                yield connection, None
                return
            if chosen is None:
                yield connection, Window(user_id, now, now, now)
                return
            found = reports.first_start(connection, user_id)
            if chosen.first is not None:
                start = day_start(chosen.first, self.tz)
                if to_data and found is not None and found > start:
                    # A range opening long before the data (year 1) starts on the
                    # first of January of the first entry's year: per-day work
                    # costs what the data costs, and a chosen month or year keeps
                    # its whole axis.
                    first_day = local_date(found, self.tz).replace(month=1, day=1)
                    start = max(start, day_start(first_day, self.tz))
            elif found is None:
                yield connection, None
                return
            else:
                start = found
            end = day_start(chosen.last + timedelta(days=1), self.tz) if chosen.last else now
            # As in Tracker.report: nothing counts past now, however far the range
            # goes. The current second is in: a pomodoro that ended just now counts.
            end = min(end, now + 1)
            yield connection, Window(user_id, start, max(start, end), now)

    def projects(self) -> tuple[ProjectInfo, ...]:
        with self._reading(None) as (connection, window):
            if window is None:
                return ()
            return analytics.project_infos(connection, window.user_id)

    def time_by_period(
        self, chosen: DateRange, period: str, project_ids: ProjectFilter = None
    ) -> TimeByPeriod:
        with self._reading(chosen) as (connection, window):
            if window is None:
                return TimeByPeriod(period=period, labels=(), series=())
            projects = analytics.project_infos(connection, window.user_id)
            return analytics.time_by_period(
                connection, window, self.tz, period, projects, project_ids
            )

    def roi(self, chosen: DateRange, project_ids: ProjectFilter = None) -> tuple[ProjectRoi, ...]:
        with self._reading(chosen, to_data=False) as (connection, window):
            if window is None:
                return ()
            projects = analytics.project_infos(connection, window.user_id)
            return analytics.roi_by_project(connection, window, self.tz, projects, project_ids)

    def estimates(self, chosen: DateRange, project_ids: ProjectFilter = None) -> Estimates:
        with self._reading(chosen) as (connection, window):
            if window is None:
                return Estimates(tasks=(), categories=(), work_seconds=25 * 60)
            return analytics.estimates(connection, window, self.tz, project_ids)

    def peak_hours(self, chosen: DateRange, project_ids: ProjectFilter = None) -> PeakHours:
        with self._reading(chosen) as (connection, window):
            if window is None:
                return PeakHours(seconds=tuple((0,) * 24 for _ in range(7)))
            return analytics.peak_hours(connection, window, self.tz, project_ids)

    def focus_quality(self, chosen: DateRange, project_ids: ProjectFilter = None) -> FocusQuality:
        with self._reading(chosen) as (connection, window):
            if window is None:
                return FocusQuality(days=(), daily_goal=8)
            return analytics.focus_quality(connection, window, self.tz, project_ids)

    def monthly_review(
        self, chosen: DateRange, project_ids: ProjectFilter = None
    ) -> MonthlyReview:
        """The month the range ends in (or this month, if it ends later) against the one
        before it."""
        with self._reading(chosen) as (connection, window):
            now = self.tracker.clock.now()
            if window is None:
                label = local_date(now, self.tz).strftime("%Y-%m")
                return MonthlyReview(this_month=label, last_month="", rows=())
            month = local_date(max(window.start, min(window.end, now) - 1), self.tz)
            projects = analytics.project_infos(connection, window.user_id)
            return analytics.monthly_review(
                connection, window.user_id, now, self.tz, month, projects, project_ids
            )

    def automation(self, chosen: DateRange, project_ids: ProjectFilter = None) -> Automation:
        with self._reading(chosen) as (connection, window):
            if window is None:
                return Automation(months=(), rows=())
            projects = analytics.project_infos(connection, window.user_id)
            return analytics.automation(connection, window, self.tz, projects, project_ids)

    def reads_team(self) -> bool:
        """Whether the Team view has anything to show: a team database, read by a lead."""
        with self.tracker.read() as unit:
            return team.reads_team(unit.connection)

    def team(self, chosen: DateRange) -> tuple[TeamProjectRow, ...]:
        """Time per person, client and project over ``chosen``: the range
        ``smfocus report --team --from FIRST --to LAST`` reads, to the second (the
        first day's midnight, or the epoch for all time; the day after the last, or
        now, and never past now)."""
        now = self.tracker.clock.now()
        start = day_start(chosen.first, self.tz) if chosen.first is not None else 0
        end = day_start(chosen.last + timedelta(days=1), self.tz) if chosen.last else now
        with self.tracker.read(now) as unit:
            return tuple(team.team_projects(unit.connection, start, min(end, now), now, self.tz))
