"""Write a realistic history of N entries through smfocus's own store.

    python benchmarks/make_history.py --entries 50000 --data-dir /tmp/h

Several projects with their own rates and values, social-media categories,
weekdays heavier than weekends, a few evenings that run past midnight, no
overlaps. The span in days defaults to about a dozen entries per working day;
``--days`` packs more (1,000,000 entries over five years means short entries).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smfocus.core.clock import SystemClock
from smfocus.core.localtime import local_zone
from smfocus.importing import NewEntry, import_entries
from smfocus.store.database import open_store
from smfocus.tracker import Tracker

PROJECTS = {
    # name: (hourly rate, monthly value)
    "Acme Bakery": ("45", "1800"),
    "Bloom Florist": ("40", "900"),
    "Cobalt Gym": ("50", "2500"),
    "Delta Dental": ("55", "3000"),
    "Echo Records": ("35", "600"),
    "Fern Yoga": ("40", None),
    "Granite Law": ("70", "4000"),
    "Harbor Cafe": ("38", "750"),
    "Own brand": (None, None),
    "Admin": ("30", None),
}
CATEGORIES = {
    "scheduling posts": ["Plan next week's posts", "Queue carousel", "Schedule reels"],
    "visuals": ["Design story templates", "Edit reel", "Product photos"],
    "replies": ["Answer DMs", "Reply to comments", "Review mentions"],
    "reporting": ["Monthly report", "Analytics check"],
    "community": ["Engage with followers", "Run giveaway"],
    "ads": ["Tune ad set", "Write ad copy"],
}
DAY_START = 7 * 3600
DAY_SPAN = 16 * 3600  # work may fall between 07:00 and 23:00 local


def generate(entries: int, days: int, end: int, seed: int) -> list[NewEntry]:
    rng = random.Random(seed)
    tz = local_zone()
    from datetime import datetime, timedelta

    from smfocus.core.localtime import day_start

    last_day = datetime.fromtimestamp(end, tz).date() - timedelta(days=1)
    weights = [3 if (last_day - timedelta(days=i)).weekday() < 5 else 1 for i in range(days)]
    total_weight = sum(weights)
    tasks = [
        (project, task, category)
        for project in PROJECTS
        for category, names in CATEGORIES.items()
        for task in names
        if rng.random() < 0.5
    ]
    made: list[NewEntry] = []
    remaining = entries
    for offset in range(days - 1, -1, -1):
        day = last_day - timedelta(days=offset)
        share = weights[offset] / total_weight
        count = min(remaining, max(0, round(entries * share)))
        if offset == 0:
            count = remaining
        remaining -= count
        if count == 0:
            continue
        base = day_start(day, tz) + DAY_START
        slot = DAY_SPAN // count
        project, task, category = rng.choice(tasks)
        for index in range(count):
            if rng.random() < 0.3:  # batches: often the same task again
                project, task, category = rng.choice(tasks)
            start = base + index * slot + rng.randrange(0, max(1, slot // 5))
            length = max(1, int(slot * rng.uniform(0.55, 0.78)))
            if index == count - 1 and rng.random() < 0.02:
                length += 2 * 3600  # a late evening that runs past midnight
            made.append(NewEntry(project, task, start, start + length, category))
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--days", type=int, help="span of the history (default: N / 9)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    days = args.days or max(7, args.entries // 9)
    clock = SystemClock()
    tracker = Tracker(open_store(Path(args.data_dir)), clock, local_zone())
    for name, (rate, value) in PROJECTS.items():
        tracker.add_project(name, rate=rate, value=value)
    began = time.perf_counter()
    history = generate(args.entries, days, clock.now(), args.seed)
    result = import_entries(tracker, history, source="import")
    print(
        f"wrote {result.entries} entries over {days} days, {len(PROJECTS)} projects, "
        f"{result.tasks_created} tasks in {time.perf_counter() - began:.1f} s"
    )
    tracker.store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
