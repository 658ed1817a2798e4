"""How fast the CLI answers on a 50,000-entry history, beside a baseline.

    python benchmarks/cli_speed.py [--entries 50000] [--runs 15]

Baseline, measured in the same run: ``python -c "import sqlalchemy"``. Targets
(from the tracking-core issue): status <= 0.4x, start + stop <= 2.6x,
report --json over all the history <= 1.4x. A second baseline,
``python -c "import sqlite3"``, for what status bars call every few seconds
(the desktop issue): status, status --json and status --format <= 2x. If
Watson (``watson``) is on the PATH it is measured on the same number of
frames, for comparison.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import line, median_seconds, precompile, run

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    smfocus = [python, "-m", "smfocus"]
    precompile()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        subprocess.run(
            [
                python,
                str(ROOT / "benchmarks" / "make_history.py"),
                "--entries",
                str(args.entries),
                "--data-dir",
                str(data),
            ],
            check=True,
        )
        env = {"SMFOCUS_DATA_DIR": str(data)}
        baseline = median_seconds(lambda: run([python, "-c", "import sqlalchemy"]), args.runs)
        floor = median_seconds(lambda: run([python, "-c", "pass"]), args.runs)
        sqlite_floor = median_seconds(lambda: run([python, "-c", "import sqlite3"]), args.runs)
        status = median_seconds(lambda: run([*smfocus, "status"], env), args.runs)
        run([*smfocus, "start", "Admin", "Inbox"], env)
        status_running = median_seconds(
            lambda: run([*smfocus, "status", "--json"], env), args.runs
        )
        status_format = median_seconds(
            lambda: run([*smfocus, "status", "--format", "{remaining} {label}"], env), args.runs
        )
        run([*smfocus, "cancel"], env)

        def start_stop() -> None:
            run([*smfocus, "start", "Acme Bakery", "Benchmark"], env)
            time.sleep(1.05)  # entries are whole seconds; a stop in the same second is refused
            run([*smfocus, "stop"], env)

        sleep = 1.05
        start_stop_time = median_seconds(start_stop, args.runs) - sleep
        report = median_seconds(lambda: run([*smfocus, "report", "--json"], env), args.runs)
        report_day = median_seconds(
            lambda: run([*smfocus, "report", "--by", "day", "--json"], env), args.runs
        )

        print(f"history: {args.entries} entries; median of {args.runs} runs each")
        print(line("python -c pass (floor)", floor, baseline))
        print(line('python -c "import sqlalchemy" (baseline)', baseline, baseline))
        print(line("smfocus status (nothing running)", status, baseline, 0.4))
        print(line("smfocus status --json (running)", status_running, baseline, 0.4))
        print(line("smfocus start + smfocus stop", start_stop_time, baseline, 2.6))
        print(line("smfocus report --json (all time)", report, baseline, 1.4))
        print(line("smfocus report --by day --json (all time)", report_day, baseline))
        print(line('python -c "import sqlite3" (baseline)', sqlite_floor, sqlite_floor))
        print(line("smfocus status (nothing running)", status, sqlite_floor, 2.0))
        print(line("smfocus status --json (running)", status_running, sqlite_floor, 2.0))
        print(line("smfocus status --format (running)", status_format, sqlite_floor, 2.0))
        if shutil.which("watson"):
            watson_dir = Path(folder) / "watson"
            watson_dir.mkdir()
            now = int(time.time())
            frames = [
                [
                    now - (args.entries - i) * 3600,
                    now - (args.entries - i) * 3600 + 1800,
                    f"project{i % 10}",
                    f"{i:032x}",
                    [],
                    now,
                ]
                for i in range(args.entries)
            ]
            (watson_dir / "frames").write_text(json.dumps(frames))
            wenv = {"WATSON_DIR": str(watson_dir)}
            print(
                line(
                    "watson status",
                    median_seconds(lambda: run(["watson", "status"], wenv), args.runs),
                    baseline,
                )
            )
            print(
                line(
                    "watson report --all",
                    median_seconds(
                        lambda: run(["watson", "report", "--all"], wenv), max(3, args.runs // 3)
                    ),
                    baseline,
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
