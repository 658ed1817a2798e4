"""Report queries on a large history: project x day over all time and one month.

    python benchmarks/report_query.py [--entries 1000000] [--data-dir DIR]

Baseline, measured in the same run on the same file: one plain full scan,
``SELECT count(*), sum(ended_at - started_at) FROM time_entries``: the floor
of any query that reads every entry. Targets (tracking-core issue): all time
by project and day <= 300 ms, one month <= 10 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _timing import median_seconds

from smfocus.core.clock import SystemClock
from smfocus.core.localtime import day_start, local_zone
from smfocus.paths import database_path
from smfocus.store import reports
from smfocus.store.database import open_store

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", help="reuse (or create) the history here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(args.data_dir) if args.data_dir else Path(scratch) / "data"
        if not database_path(data).exists():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "make_history.py"),
                    "--entries",
                    str(args.entries),
                    "--days",
                    str(args.years * 365),
                    "--data-dir",
                    str(data),
                ],
                check=True,
            )
        store = open_store(data)
        tz = local_zone()
        now = SystemClock().now()
        raw = sqlite3.connect(database_path(data))
        count = raw.execute("SELECT count(*) FROM time_entries").fetchone()[0]
        baseline = median_seconds(
            lambda: raw.execute(
                "SELECT count(*), sum(ended_at - started_at) FROM time_entries"
            ).fetchone(),
            args.runs,
        )
        with store.readonly_engine.connect() as connection:
            user_id = int(connection.exec_driver_sql("SELECT min(id) FROM users").scalar_one())
            first = reports.first_start(connection, user_id) or now
            all_time = reports.Window(user_id, first, now, now)
            today = date.fromtimestamp(now)
            month_start = day_start(today.replace(day=1), tz)
            month = reports.Window(user_id, month_start, now, now)

            def run(window: reports.Window, key: str | None, period: str | None) -> float:
                return median_seconds(
                    lambda: reports.totals(connection, window, tz, key, period), args.runs
                )

            figures = [
                ("all time, by project and day", run(all_time, "project", "day"), 0.300),
                ("all time, by project", run(all_time, "project", None), None),
                ("all time, by month", run(all_time, None, "month"), None),
                ("this month, by project and day", run(month, "project", "day"), 0.010),
                ("this month, by project", run(month, "project", None), None),
            ]
        store.dispose()
        print(f"{count} entries; median of {args.runs} runs; zone {tz}")
        print(f"{'baseline: full scan count+sum':<34} {baseline * 1000:8.1f} ms  1.00x")
        for label, seconds, target in figures:
            verdict = ""
            if target is not None:
                met = "met" if seconds <= target else "MISSED"
                verdict = f"  target <= {target * 1000:.0f} ms  {met}"
            print(f"{label:<34} {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}x{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
