"""The timeline window on a large history: from the click on a day to the end
of its paint.

    python benchmarks/timeline_day.py [--entries 1000000] [--data-dir DIR]

The history is written once by make_history.py into --data-dir (reused when it
exists), about 100 entries a day. The window is opened on the day of the last
two months nearest 100 entries; then each of the seven days of the week strip
is clicked in turn and timed from the click to the end of the repaint (the
day's query, the week strip's totals, the layout and the paint). The days'
entry counts are printed beside the median.

Target (timeline issue): a day of 100 entries paints <= 300 ms after the click
on a 1,000,000-entry database. Run offscreen; times are wall clock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/smfocus-bench-timeline"))
    args = parser.parse_args()
    if not (args.data_dir / "smfocus.sqlite3").exists():
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("make_history.py")),
                "--entries",
                str(args.entries),
                "--data-dir",
                str(args.data_dir),
                "--days",
                str(max(1, args.entries // 100)),  # about 100 entries a day
            ],
            check=True,
        )
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from smfocus.core.clock import SystemClock
    from smfocus.core.localtime import local_date, local_zone
    from smfocus.store.database import open_store
    from smfocus.store.tables import time_entries
    from smfocus.timeline import Timeline
    from smfocus.tracker import Tracker
    from smfocus.ui.timeline_window import TimelineWindow

    app = QApplication(sys.argv[:1])
    store = open_store(args.data_dir)
    tracker = Tracker(store, SystemClock(), local_zone())
    with store.engine.connect() as connection:
        newest = int(connection.scalar(select(func.max(time_entries.c.started_at))) or 0)
        starts = connection.scalars(
            select(time_entries.c.started_at).where(
                time_entries.c.started_at > newest - 60 * 86_400
            )
        ).all()
    # The day of the last two months whose count is nearest 100 entries.
    per_day = Counter(local_date(start, tracker.tz) for start in starts)
    day = min(per_day, key=lambda each: abs(per_day[each] - 100))
    window = TimelineWindow(Timeline(tracker), day)
    window.resize(1000, 420)
    window.show()
    app.processEvents()
    samples: list[tuple[float, int]] = []
    for _round in range(3):
        for index in range(7):
            started = time.perf_counter()
            window.week_buttons[index].click()
            window.canvas.repaint()
            samples.append((time.perf_counter() - started, len(window.day.entries)))
    times = [seconds for seconds, _ in samples]
    counts = [count for _, count in samples]
    print(
        f"day click to painted: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms; entries per day {min(counts)}-{max(counts)} "
        f"(median {statistics.median(counts):.0f})"
    )
    window.close()
    store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
