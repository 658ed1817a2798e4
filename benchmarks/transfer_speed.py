"""``smfocus import`` and ``smfocus export`` end to end, as a user runs them.

    python benchmarks/transfer_speed.py [--frames 50000] [--toggl-rows 1000000]
                                        [--export-entries 1000000] [--runs 3]

Each figure is the median wall time of whole ``python -m smfocus`` processes
into a fresh data folder, beside baselines measured in the same run:

* importing 50,000 Watson frames, against ``python -c "import sqlalchemy"``
  (target: <= 3x; Watson itself needs about 7x to read the same file for a
  report);
* importing a 1,000,000-row Toggl CSV (target <= 60 s, peak memory <= 500 MiB),
  against reading the same file with a bare ``csv.reader``;
* exporting 1,000,000 entries as CSV (target <= 15 s), against writing the same
  number of rows with a bare ``csv.writer``.

Peak memory is each command's own maximum resident set, read by a fresh
parent process per command.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import line, median_seconds, precompile, run

ROOT = Path(__file__).resolve().parent.parent
DAY = 86_400


def write_frames(path: Path, count: int, end: int) -> None:
    start = end - count * 900
    frames = [
        [start + n * 900, start + n * 900 + 600, f"client{n % 20}", f"{n:032x}", ["posts"], start]
        for n in range(count)
    ]
    path.write_text(json.dumps(frames), encoding="utf-8")


def write_toggl(path: Path, rows: int, end: int) -> None:
    start = end - rows * 300
    header = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
        "End date,End time,Duration,Tags,Amount (EUR)"
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        handle.write(header + "\r\n")
        for n in range(rows):
            began = time.gmtime(start + n * 300)
            ended = time.gmtime(start + n * 300 + 240)
            writer.writerow(
                [
                    "Ana",
                    "ana@example.com",
                    f"Client {n % 7}",
                    f"Project {n % 20}",
                    f"Task {n % 50}",
                    "",
                    "Yes",
                    time.strftime("%Y-%m-%d", began),
                    time.strftime("%H:%M:%S", began),
                    time.strftime("%Y-%m-%d", ended),
                    time.strftime("%H:%M:%S", ended),
                    "00:04:00",
                    "replies",
                    "3.00",
                ]
            )


# Runs one command and prints its peak resident set: a fresh parent per command,
# since RUSAGE_CHILDREN of this script would be the largest child so far.
_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def timed_child(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one child process."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    wall = time.perf_counter() - began
    return wall, int(done.stdout.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=50_000)
    parser.add_argument("--toggl-rows", type=int, default=1_000_000)
    parser.add_argument("--export-entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    smfocus = [python, "-m", "smfocus"]
    precompile()
    now = int(time.time()) - 3600
    env = {"TZ": "UTC"}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        baseline = median_seconds(lambda: run([python, "-c", "import sqlalchemy"]), 7)
        frames = root / "frames"
        write_frames(frames, args.frames, now)
        counter = iter(range(1_000))

        def import_frames() -> None:
            data = root / f"watson-{next(counter)}"
            run([*smfocus, "--data-dir", str(data), "import", str(frames)], env)

        watson = median_seconds(import_frames, args.runs, warmup=0)
        print(f"{'python -c import sqlalchemy (baseline)':<44} {baseline * 1000:8.1f} ms")
        print(line(f"import {args.frames:,} Watson frames", watson, baseline, 3.0))

        if args.toggl_rows:
            toggl = root / "toggl.csv"
            write_toggl(toggl, args.toggl_rows, now)
            read_floor = median_seconds(
                lambda: run(
                    [
                        python,
                        "-c",
                        "import csv,sys; sum(1 for _ in csv.reader(open(sys.argv[1])))",
                        str(toggl),
                    ]
                ),
                1,
                warmup=0,
            )
            wall, peak = timed_child(
                [*smfocus, "--data-dir", str(root / "toggl"), "import", str(toggl), "--tz", "UTC"],
                env,
            )
            print(f"{'csv.reader over the Toggl file (floor)':<44} {read_floor * 1000:8.1f} ms")
            verdict = "met" if wall <= 60 and peak <= 500 else "MISSED"
            print(
                f"{f'import {args.toggl_rows:,} Toggl rows':<44} {wall * 1000:8.1f} ms  "
                f"{wall / read_floor:5.2f}x floor  peak {peak:.0f} MiB  "
                f"target <= 60 s, <= 500 MiB  {verdict}"
            )

        if args.export_entries:
            data = root / "export"
            subprocess.run(
                [
                    python,
                    str(ROOT / "benchmarks" / "make_history.py"),
                    "--entries",
                    str(args.export_entries),
                    "--data-dir",
                    str(data),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            bare = median_seconds(
                lambda: run(
                    [
                        python,
                        "-c",
                        "import csv,sys\n"
                        "w = csv.writer(open(sys.argv[1], 'w', newline=''))\n"
                        "for n in range(int(sys.argv[2])):\n"
                        "    w.writerow((n, '2026-01-01', '2026-01-01T09:00:00+00:00', "
                        "'2026-01-01T10:00:00+00:00', '1:00:00', 3600, '1.0000', 'C', 'P', "
                        "'T', 'c', '', '45.00', '45.00', 'EUR'))",
                        str(root / "bare.csv"),
                        str(args.export_entries),
                    ]
                ),
                1,
                warmup=0,
            )
            wall, peak = timed_child(
                [*smfocus, "--data-dir", str(data), "export", "-o", str(root / "all.csv")], env
            )
            print(f"{'bare csv.writer, same row count (floor)':<44} {bare * 1000:8.1f} ms")
            print(
                f"{f'export {args.export_entries:,} entries as CSV':<44} {wall * 1000:8.1f} ms  "
                f"{wall / bare:5.2f}x floor  peak {peak:.0f} MiB  target <= 15 s  "
                f"{'met' if wall <= 15 else 'MISSED'}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
