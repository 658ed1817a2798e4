"""A realistic two months of history for the charts: February and March 2026 in
Europe/Paris (March holds the spring DST change on the 29th), five projects
(one archived, one without rate or value, one valued per result), categorised
tasks with estimates, pomodoro phases, interruptions and context switches, and
an entry still running at "now" (2026-03-31 17:40 local).

Deterministic (a seeded generator), written through the tracker for entries
and with plain inserts for the timer's own rows, as the timer writes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import insert

from smfocus.core.clock import FakeClock
from smfocus.importing import NewEntry, import_entries
from smfocus.store.tables import interruptions, pomodoro_phases, settings, time_entries, users
from smfocus.tracker import Tracker

NOW_LOCAL = "2026-03-31T17:40:00"
PROJECTS = (
    # name, rate, value, value per, colour
    ("Acme Bakery", "45", "1800", "month", "#2563eb"),
    ("Bloom Florist", "40", "900", "month", "#db2777"),
    ("Cobalt Gym", "50", "120", "result", "#059669"),
    ("Own brand", None, None, None, "#d97706"),
    ("Delta Dental", "55", "1500", "month", "#7c3aed"),  # archived at the end of February
)
TASKS = (
    # project, task, category, estimate, done
    ("Acme Bakery", "Answer DMs", "replies", None, False),
    ("Acme Bakery", "Plan next week's posts", "scheduling posts", 30, True),
    ("Acme Bakery", "Spring campaign visuals", "visuals", 45, False),
    ("Bloom Florist", "Reply to comments", "replies", None, False),
    ("Bloom Florist", "Queue reels", "scheduling posts", 40, True),
    ("Bloom Florist", "Share customer photos", "reposting", 20, True),
    ("Cobalt Gym", "Monthly report", "reporting", 30, True),
    ("Cobalt Gym", "Community challenge", "community", 80, False),
    ("Own brand", "Newsletter", "writing", 70, False),
    ("Delta Dental", "Answer reviews", "replies", None, False),
    ("Delta Dental", "Plan posts", "scheduling posts", 12, True),
)
WORK = 25 * 60


@dataclass(frozen=True)
class History:
    now: int
    entries: int
    first_day: date
    last_day: date


def local(text: str, tz: tzinfo) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=tz).timestamp())


def build_history(tracker: Tracker, clock: FakeClock, tz: tzinfo, seed: int = 11) -> History:
    rng = random.Random(seed)
    now = local(NOW_LOCAL, tz)
    clock.set(now)
    for name, rate, value, per, colour in PROJECTS:
        tracker.add_project(name, rate=rate, value=value, value_per=per, colour=colour)
    by_project: dict[str, list[tuple[str, str]]] = {}
    for project, task, category, _, _ in TASKS:
        by_project.setdefault(project, []).append((task, category))
    made: list[NewEntry] = []
    first_day, last_day = date(2026, 2, 2), date(2026, 3, 31)
    day = first_day
    while day <= last_day:
        if day.weekday() < 5 or rng.random() < 0.2:
            cursor = local(f"{day.isoformat()}T08:30:00", tz) + rng.randrange(0, 3600)
            for _ in range(rng.randint(4, 7)):
                names = [n for n, *_ in PROJECTS if n != "Delta Dental" or day.month == 2]
                project = rng.choice(names)
                task, category = rng.choice(by_project[project])
                length = rng.choice((25, 25, 50, 50, 75, 40, 90)) * 60 + rng.randrange(0, 300)
                if day == last_day and cursor + length > now - 3000:
                    break
                if cursor + length > local(f"{day.isoformat()}T22:30:00", tz):
                    break
                made.append(NewEntry(project, task, cursor, cursor + length, category))
                cursor += length + rng.randrange(5, 40) * 60
            if rng.random() < 0.15 and day != last_day:
                # an evening that runs past midnight
                late = local(f"{day.isoformat()}T23:10:00", tz)
                made.append(NewEntry("Own brand", "Newsletter", late, late + 5400, "writing"))
        day += timedelta(days=1)
    import_entries(tracker, made, source="import")
    for project, task, category, estimate, done in TASKS:
        tracker.edit_task(project, task, category=category, estimate=estimate, done=done)
    tracker.edit_project("Delta Dental", archived=True)
    # Still running at "now", started 35 minutes ago.
    tracker.start("Acme Bakery", "Answer DMs", at=now - 35 * 60)
    _timer_rows(tracker, made, rng)
    return History(now=now, entries=len(made) + 1, first_day=first_day, last_day=last_day)


def _timer_rows(tracker: Tracker, made: list[NewEntry], rng: random.Random) -> None:
    """Work phases over the entries (a completed pomodoro per full 25 minutes), and
    interruptions, some of them the timer's own "switched to" notes."""
    engine = tracker.store.engine
    with engine.begin() as connection:
        user_id = connection.execute(users.select()).first().id  # type: ignore[union-attr]
        rows = connection.execute(
            time_entries.select().order_by(time_entries.c.started_at)
        ).fetchall()
        phases = []
        notes = []
        for row in rows:
            if row.ended_at is None:
                continue
            moment = row.started_at
            while moment + WORK <= row.ended_at:
                phases.append(
                    {
                        "user_id": user_id,
                        "kind": "work",
                        "project_id": row.project_id,
                        "task_id": row.task_id,
                        "started_at": moment,
                        "ends_at": moment + WORK,
                        "duration": WORK,
                        "ended_at": moment + WORK,
                        "outcome": "completed",
                        "work_count": 1,
                    }
                )
                moment += WORK
            if moment < row.ended_at and rng.random() < 0.5:
                phases.append(
                    {
                        "user_id": user_id,
                        "kind": "work",
                        "project_id": row.project_id,
                        "task_id": row.task_id,
                        "started_at": moment,
                        "ends_at": moment + WORK,
                        "duration": WORK,
                        "ended_at": row.ended_at,
                        "outcome": "skipped",
                        "work_count": 0,
                    }
                )
            roll = rng.random()
            if roll < 0.25:
                kind = rng.choice(("internal", "external"))
                notes.append(
                    {
                        "entry_id": row.id,
                        "at": row.started_at + 600,
                        "kind": kind,
                        "note": rng.choice(("phone call", "colleague", "urgent email", None)),
                    }
                )
            elif roll < 0.4:
                notes.append(
                    {
                        "entry_id": row.id,
                        "at": row.ended_at,
                        "kind": "internal",
                        "note": "switched to Bloom Florist / Reply to comments",
                    }
                )
        connection.execute(insert(pomodoro_phases), phases)
        connection.execute(insert(interruptions), notes)
        connection.execute(
            insert(settings), [{"user_id": user_id, "key": "pomodoro.daily_goal", "value": "6"}]
        )
