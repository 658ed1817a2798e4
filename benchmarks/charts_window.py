"""The charts window on a large history: opening it, and switching its range.

    python benchmarks/charts_window.py [--entries 1000000] [--years 5] [--data-dir DIR]

The history is written once by make_history.py into --data-dir (reused when it
exists), then given a timer's rows: about 12 work phases and 3 interruptions a
working day, estimates on some tasks, some tasks finished.

* **Open**, from the click: in a fresh process that already holds what the
  tray holds (Qt, an open store, a tracker), the time from importing the
  window (pyqtgraph and numpy with it) through constructing and showing it to
  the end of its first paint, on "this month". Beside it, in the same kind of
  fresh process: ``import pyqtgraph`` alone, and ``python -c "import pyqtgraph"``.
* **Range switches**, in one process, offscreen: from ``set_range`` to the end
  of the repaint, for each view, to "this year" and to "all time". Beside
  them, the plain report query (``Tracker.report`` by project) on the same range.

Targets (charts issue): open <= 1.0 s; this year <= 150 ms; all time <= 500 ms.
Run offscreen (QT_QPA_PLATFORM=offscreen is set here); times are wall clock.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "smfocus.sqlite3"
SLUGS = ("time", "roi", "estimates", "peak", "focus", "review", "automation")


# -- the history --------------------------------------------------------------------


def ensure_history(data: Path, entries: int, years: int) -> None:
    if not (data / DB_NAME).exists():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "make_history.py"),
             "--entries", str(entries), "--days", str(years * 365), "--data-dir", str(data)],
            check=True,
        )  # fmt: skip
    add_timer_rows(data / DB_NAME)


def add_timer_rows(db: Path, seed: int = 3) -> None:
    """Work phases, breaks, interruptions (some "switched to"), estimates, finished
    tasks and a daily goal, as months of real use leave them. Once per file."""
    connection = sqlite3.connect(db)
    try:
        if connection.execute("SELECT count(*) FROM pomodoro_phases").fetchone()[0]:
            return
        rng = random.Random(seed)
        user = connection.execute("SELECT min(id) FROM users").fetchone()[0]
        tasks = connection.execute("SELECT id, project_id FROM tasks").fetchall()
        first, last = connection.execute(
            "SELECT min(started_at), max(started_at) FROM time_entries"
        ).fetchone()
        phases: list[tuple[Any, ...]] = []
        notes: list[tuple[Any, ...]] = []
        for day in range(first - first % 86400, last, 86400):
            if rng.random() < 0.25:
                continue  # a day off
            moment = day + 8 * 3600 + rng.randrange(0, 3600)
            for _ in range(rng.randint(8, 14)):
                task, project = rng.choice(tasks)
                outcome = "completed" if rng.random() < 0.85 else "skipped"
                length = 1500 if outcome == "completed" else rng.randrange(300, 1400)
                phases.append((user, "work", project, task, moment, moment + 1500, 1500,
                               moment + length, outcome, 1))  # fmt: skip
                moment += length
                phases.append((user, "short_break", project, task, moment, moment + 300, 300,
                               moment + 300, "completed", 1))  # fmt: skip
                moment += 300
            for _ in range(rng.randint(0, 5)):
                at = day + 8 * 3600 + rng.randrange(0, 10 * 3600)
                found = connection.execute(
                    "SELECT id FROM time_entries WHERE user_id = ? AND started_at <= ? "
                    "ORDER BY started_at DESC LIMIT 1",
                    (user, at),
                ).fetchone()
                if found:
                    switch = rng.random() < 0.35
                    notes.append((found[0], at, "internal" if switch else "external",
                                  "switched to Admin / Inbox" if switch else "phone"))  # fmt: skip
        connection.executemany(
            "INSERT INTO pomodoro_phases (user_id, kind, project_id, task_id, started_at, "
            "ends_at, duration, ended_at, outcome, work_count) VALUES (?,?,?,?,?,?,?,?,?,?)",
            phases,
        )
        connection.executemany(
            "INSERT INTO interruptions (entry_id, at, kind, note) VALUES (?,?,?,?)", notes
        )
        for task, _ in tasks:
            if rng.random() < 0.3:
                connection.execute(
                    "UPDATE tasks SET estimate_pomodoros = ? WHERE id = ?",
                    (rng.randint(2, 12), task),
                )
            if rng.random() < 0.4:
                connection.execute("UPDATE tasks SET done = 1 WHERE id = ?", (task,))
        connection.execute(
            "INSERT INTO settings (user_id, key, value) VALUES (?, 'pomodoro.daily_goal', '8')",
            (user,),
        )
        connection.commit()
        print(f"added {len(phases)} phases and {len(notes)} interruptions", file=sys.stderr)
    finally:
        connection.close()


# -- a fresh process: the click -------------------------------------------------------


def _prelude(data: Path, zone: str) -> tuple[Any, Any]:
    """What the tray holds before the click: Qt, an open store, a tracker."""
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QApplication

    from smfocus.core.clock import SystemClock
    from smfocus.insights import Insights
    from smfocus.store.database import open_store
    from smfocus.tracker import Tracker

    app = QApplication.instance() or QApplication([])
    store = open_store(data)
    return app, Insights(Tracker(store, SystemClock(), ZoneInfo(zone)))


class PaintWatch:
    """Notices the first paint of a chart (a pyqtgraph viewport) after ``arm``."""

    def __init__(self, app: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    view = watched.parent()
                    # A pyqtgraph view paints its scene in its viewport.
                    if (
                        view is not None
                        and type(view).__module__.startswith("pyqtgraph")
                        and view.viewport() == watched
                    ):
                        watch.seen = True
                return False

        self.seen = False
        self.app = app
        self.filter = Filter()
        app.installEventFilter(self.filter)

    def arm(self) -> None:
        self.seen = False

    def wait(self, limit: float = 30.0) -> None:
        deadline = time.perf_counter() + limit
        while not self.seen:
            self.app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("the chart never painted")


def close(window: Any) -> None:
    """Delete the window while Qt runs (see charts_app: otherwise the exit crashes)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def child(mode: str, data: Path, zone: str) -> None:
    app, insights = _prelude(data, zone)
    watch = PaintWatch(app)
    began = time.perf_counter()
    if mode == "import":
        import pyqtgraph  # noqa: F401

        elapsed = time.perf_counter() - began
    else:
        from smfocus.ui.charts_window import ChartsWindow

        window = ChartsWindow(insights)
        window.show()
        watch.wait()
        elapsed = time.perf_counter() - began
        close(window)
    print(json.dumps({"seconds": elapsed}))


def fresh(mode: str, data: Path, zone: str) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--data-dir", str(data), "--zone", zone],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def process_wall(code: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - began


# -- in one process: range switches -------------------------------------------------------


def switches(
    data: Path, zone: str, runs: int
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    app, insights = _prelude(data, zone)
    from smfocus.core.localtime import day_start, local_date
    from smfocus.core.ranges import preset
    from smfocus.ui.charts_window import ChartsWindow

    window = ChartsWindow(insights)
    window.show()
    watch = PaintWatch(app)
    watch.wait()
    figures: dict[str, dict[str, float]] = {}
    for slug in SLUGS:
        window.set_range("this_month")
        window.show_view(slug)
        for _ in range(3):
            app.processEvents()
        figures[slug] = {}
        for target in ("this_year", "all_time"):
            samples = []
            for _ in range(runs):
                window.set_range("this_month")
                for _ in range(3):
                    app.processEvents()
                watch.arm()
                began = time.perf_counter()
                window.set_range(target)
                watch.wait()
                samples.append(time.perf_counter() - began)
            figures[slug][target] = statistics.median(samples)
    tracker = insights.tracker
    today = local_date(insights.now(), insights.tz)
    baseline = {}
    for target in ("this_year", "all_time"):
        chosen = preset(target, today)
        start = day_start(chosen.first, insights.tz) if chosen.first else None

        def report(start: int | None = start) -> object:
            return tracker.report(start=start)

        baseline[target] = median_seconds(report, runs)
    close(window)
    return figures, baseline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--zone", default="Europe/Paris")
    parser.add_argument("--data-dir", help="reuse (or create) the history here")
    parser.add_argument("--child", choices=("import", "open"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.data_dir), args.zone)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(args.data_dir) if args.data_dir else Path(scratch) / "data"
        ensure_history(data, args.entries, args.years)
        count = (
            sqlite3.connect(data / DB_NAME)
            .execute("SELECT count(*) FROM time_entries")
            .fetchone()[0]
        )
        fresh("open", data, args.zone)  # warm the file cache once
        opens = [fresh("open", data, args.zone) for _ in range(args.runs)]
        imports = [fresh("import", data, args.zone) for _ in range(args.runs)]
        walls = [process_wall("import pyqtgraph") for _ in range(args.runs)]
        opened, imported, wall = (statistics.median(x) for x in (opens, imports, walls))
        figures, baseline = switches(data, args.zone, args.runs)
    print(f"{count} entries; medians of {args.runs} runs; zone {args.zone}; offscreen")
    print()
    print("Open on 'this month', from the click to the first paint (fresh process):")
    print(f"  {'window':<38} {opened * 1000:7.0f} ms   target <= 1000 ms  "
          f"{'met' if opened <= 1.0 else 'MISSED'}")  # fmt: skip
    print(f"  {'baseline: import pyqtgraph (same prelude)':<38} {imported * 1000:7.0f} ms   "
          f"window = {opened / imported:.2f}x")  # fmt: skip
    label = 'baseline: python -c "import pyqtgraph"'
    print(f"  {label:<38} {wall * 1000:7.0f} ms")
    print()
    print("Range switch from 'this month', to the end of the repaint (in process):")
    header = f"  {'view':<12} {'this year':>10} {'x report':>9} {'all time':>10} {'x report':>9}"
    print(header)
    for slug, found in figures.items():
        year, ever = found["this_year"], found["all_time"]
        print(
            f"  {slug:<12} {year * 1000:8.0f} ms {year / baseline['this_year']:8.2f}x "
            f"{ever * 1000:8.0f} ms {ever / baseline['all_time']:8.2f}x"
            f"   {'ok' if year <= 0.150 and ever <= 0.500 else 'OVER TARGET'}"
        )
    print(
        f"  {'baseline: report by project':<12}  this year {baseline['this_year'] * 1000:.0f} ms, "
        f"all time {baseline['all_time'] * 1000:.0f} ms"
    )
    print("  targets: this year <= 150 ms, all time <= 500 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
