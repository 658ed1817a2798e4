"""How fast, and in how much memory, other trackers' files are read.

    python benchmarks/import_parse.py [--frames 50000] [--rows 1000000] [--runs 3]

Writes Watson frames and a Toggl detailed CSV (Europe/Paris, a few entries on
change days, descriptions with commas and line breaks) to a temporary folder,
then parses each in a fresh child process, several times: the figures are the
median parse time and the largest peak RSS (``resource.getrusage``) seen.

Baselines, measured in the same run: ``python -c "import sqlalchemy"`` (the
house baseline), and the floors of any reader of the same files: the child
doing nothing but start, ``json.load`` of the frames, and ``csv.reader`` over
the CSV with every field touched.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _timing import median_seconds, precompile, run

TZ = "Europe/Paris"
CHILD = """
import resource, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
kind, path = sys.argv[1], Path(sys.argv[2])
began = time.perf_counter()
count = 0
if kind == "nothing":
    pass
elif kind == "json.load":
    import json
    count = len(json.loads(path.read_text()))
elif kind == "csv.reader":
    import csv
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            count += sum(len(cell) for cell in row) > 0
else:
    from smfocus.imports import read
    for _ in read(path, tz=ZoneInfo(ZONE), format=kind):
        count += 1
seconds = time.perf_counter() - began
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, count)
""".replace("ZONE", repr(TZ))


def write_frames(path: Path, count: int, rng: random.Random) -> None:
    start = 1_600_000_000
    with path.open("w") as handle:
        handle.write("[")
        for index in range(count):
            length = rng.randint(300, 7200)
            tags = rng.sample(
                ["replies", "visuals", "scheduling", "dm", "review"], rng.randint(0, 2)
            )
            frame = [start, start + length, f"project{index % 12}", f"{index:032x}", tags, start]
            handle.write(("," if index else "") + json.dumps(frame))
            start += length + rng.randint(0, 3600)
        handle.write("]")


def write_toggl(path: Path, count: int, rng: random.Random) -> None:
    tz = ZoneInfo(TZ)
    start = 1_500_000_000
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                *("User", "Email", "Client", "Project", "Task", "Description", "Billable"),
                *("Start date", "Start time", "End date", "End time", "Duration", "Tags"),
                "Amount (EUR)",
            ]
        )
        for index in range(count):
            length = rng.randint(60, 5400)
            began, ended = (
                datetime.fromtimestamp(start, tz),
                datetime.fromtimestamp(start + length, tz),
            )
            hours, rest = divmod(length, 3600)
            note = "Stories, reels\nand captions" if index % 50 == 0 else f"Post {index % 97}"
            writer.writerow(
                [
                    "Ana Ruiz",
                    "ana@example.com",
                    f"Client {index % 7}",
                    f"Project {index % 12}",
                    f"Task {index % 40}",
                    note,
                    "Yes",
                    began.strftime("%Y-%m-%d"),
                    began.strftime("%H:%M:%S"),
                    ended.strftime("%Y-%m-%d"),
                    ended.strftime("%H:%M:%S"),
                    f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}",
                    "replies, dm" if index % 3 else "",
                    f"{length * 45 / 3600:.2f}",
                ]
            )
            start += length + rng.randint(0, 600)


def measure(kind: str, path: Path, runs: int) -> tuple[float, float, int]:
    """Median parse seconds, largest peak RSS in MB, entries read."""
    samples, peaks, count = [], [], 0
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, kind, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds, rss, count_text = done.stdout.split()
        samples.append(float(seconds))
        peaks.append(int(rss) / 1024)
        count = int(count_text)
    return statistics.median(samples), max(peaks), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_to:
        rng = random.Random(7)
        write_frames(Path(args.write_to) / "frames", args.frames, rng)
        write_toggl(Path(args.write_to) / "toggl.csv", args.rows, rng)
        return 0
    precompile()
    with tempfile.TemporaryDirectory() as folder:
        # Written by a child: a child's peak RSS starts from its parent's, so
        # this process stays small.
        subprocess.run(
            [
                *(sys.executable, __file__, "--write-to", folder),
                *("--frames", str(args.frames), "--rows", str(args.rows)),
            ],
            check=True,
        )
        frames, toggl = Path(folder) / "frames", Path(folder) / "toggl.csv"
        baseline = median_seconds(lambda: run([sys.executable, "-c", "import sqlalchemy"]), 5)
        print(f"median of {args.runs} runs; peak RSS is the largest seen")
        label = 'python -c "import sqlalchemy" (baseline)'
        print(f"{label:<44} {baseline * 1000:9.1f} ms")
        cases = [
            ("child start, nothing read (floor)", "nothing", frames),
            (f"json.load, {args.frames:,} frames (floor)", "json.load", frames),
            (f"smfocus.imports watson, {args.frames:,}", "watson", frames),
            (f"csv.reader, {args.rows:,} rows (floor)", "csv.reader", toggl),
            (f"smfocus.imports toggl, {args.rows:,}", "toggl", toggl),
        ]
        size = {frames: frames.stat().st_size, toggl: toggl.stat().st_size}
        for label, kind, path in cases:
            seconds, peak, count = measure(kind, path, args.runs)
            per_row = f"{seconds / count * 1e6:6.1f} us/entry" if count else " " * 15
            print(
                f"{label:<44} {seconds * 1000:9.1f} ms  {seconds / baseline:6.1f}x baseline"
                f"  {per_row}  peak RSS {peak:6.1f} MB  (file {size[path] / 1e6:.0f} MB)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
