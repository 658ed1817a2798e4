"""Exporting a large history: time and peak memory of each writer.

    python benchmarks/export_csv.py [--entries 1000000] [--formats csv,toggl,ical,timesheet]

Entries are generated on the fly (20 projects, tasks, categories, a note on
one entry in five, commas included, a rate on most projects; five years in
Europe/Paris, so both offsets appear) and written to a file in a temporary
folder, as ``smfocus export -o FILE`` will.

Baselines, measured in the same run on the same entries:

* ``generate only``: making the entries and dropping them, the floor under
  any writer;
* ``bare csv.writer``: the same entries' raw fields (ids, epoch seconds,
  names) through ``csv.writer`` with no formatting at all: what the file
  format itself costs.

Target (exports issue): 1,000,000 entries to CSV in <= 15 s wall, memory
flat: the peak RSS growth during an export must not depend on the number of
entries (compare ``--entries 100000`` with the default). Wall and CPU time are
both printed, with the load average: on a shared machine the wall time of
every line, baselines included, grows with the others' load.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smfocus.exports.csv_out import write_csv
from smfocus.exports.ical_out import write_ical
from smfocus.exports.rows import ExportEntry
from smfocus.exports.timesheet import write_timesheet
from smfocus.exports.toggl_out import write_toggl

TZ = ZoneInfo("Europe/Paris")
FIRST = 1_640_995_200  # 2022-01-01T00:00:00Z
FIVE_YEARS = 5 * 365 * 86_400
TASKS = (None, "Plan posts", "Replies", "Visuals", "Reporting", "Community")
CATEGORIES = ("scheduling posts", "replies", None, "visuals", "reporting", "community")
NOTES = ("Call with client, then edits", 'Reworked the "spring" carousel', "Moved to Friday")
SECONDS_TARGET = 15.0


def entries(count: int) -> Iterator[ExportEntry]:
    """``count`` entries, evenly spread over five years, without overlaps."""
    step = max(FIVE_YEARS // max(count, 1), 2)
    for index in range(count):
        start = FIRST + index * step
        project = index % 20
        yield ExportEntry(
            id=index + 1,
            started_at=start,
            ended_at=start + (index * 7919) % step,
            client=f"Client {project // 4}" if project % 5 else None,
            project=f"Project {project:02d}",
            task=TASKS[index % len(TASKS)],
            category=CATEGORIES[index % len(CATEGORIES)],
            note=NOTES[index % 3] if index % 5 == 0 else None,
            rate_cents=None if project % 7 == 0 else 3000 + 250 * project,
            currency="EUR" if project % 3 else "USD",
        )


def drop(count: int) -> None:
    for _ in entries(count):
        pass


def bare(count: int, out: TextIO) -> None:
    writer = csv.writer(out)
    for item in entries(count):
        writer.writerow(
            (
                item.id,
                item.started_at,
                item.ended_at,
                item.client,
                item.project,
                item.task,
                item.category,
                item.note,
                item.rate_cents,
                item.currency,
            )
        )


def writers(count: int) -> dict[str, Callable[[TextIO], object]]:
    return {
        "csv": lambda out: write_csv(entries(count), TZ, out),
        "toggl": lambda out: write_toggl(entries(count), TZ, out, email="me@example.org"),
        "ical": lambda out: write_ical(
            entries(count), out, uid_domain="bench.smfocus", stamp=FIRST + FIVE_YEARS
        ),
        "timesheet": lambda out: write_timesheet(
            entries(count), TZ, out, title="All clients", start=FIRST, end=FIRST + FIVE_YEARS
        ),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], object]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and growth of the process's peak RSS (MB) over one run.

    The machine is shared: when others load it, wall time grows and CPU time
    much less, so both are printed.
    """
    before = peak_rss_mb()
    began, began_cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - began, time.process_time() - began_cpu, peak_rss_mb() - before


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument(
        "--formats", default="csv", help="comma-separated: csv,toggl,ical,timesheet"
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.formats.split(",") if name.strip()]
    known = writers(args.entries)
    unknown = [name for name in chosen if name not in known]
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)

        def to_file(name: str, write: Callable[[TextIO], object]) -> Callable[[], None]:
            def action() -> None:
                with open(folder / name, "w", encoding="utf-8", newline="") as out:
                    write(out)

            return action

        # Memory first, while the peak RSS is still that of an idle interpreter.
        results = {name: timed(to_file(name, known[name])) for name in chosen}
        floor, floor_cpu, _ = timed(lambda: drop(args.entries))
        baseline, baseline_cpu, _ = timed(to_file("bare.csv", lambda out: bare(args.entries, out)))
        sizes = {name: (folder / name).stat().st_size / 1e6 for name in chosen}
    load = os.getloadavg()[0]
    print(
        f"{args.entries} entries, zone {TZ}, one run each, peak RSS {peak_rss_mb():.0f} MB, "
        f"load average {load:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'':<28}    wall   ratio     CPU   ratio")
    print(
        f"{'baseline: generate only':<28} {floor:7.2f} s {floor / baseline:5.2f}x "
        f"{floor_cpu:7.2f} s {floor_cpu / baseline_cpu:5.2f}x"
    )
    print(
        f"{'baseline: bare csv.writer':<28} {baseline:7.2f} s  1.00x {baseline_cpu:7.2f} s  1.00x"
    )
    for name in chosen:
        seconds, cpu, grown = results[name]
        verdict = ""
        if name == "csv":
            per_million = seconds * 1_000_000 / max(args.entries, 1)
            met = "met" if per_million <= SECONDS_TARGET else "MISSED"
            verdict = f"  target <= {SECONDS_TARGET:.0f} s per 1M  {met}"
        print(
            f"{'smfocus ' + name:<28} {seconds:7.2f} s {seconds / baseline:5.2f}x "
            f"{cpu:7.2f} s {cpu / baseline_cpu:5.2f}x"
            f"  +{grown:4.1f} MB peak RSS  {sizes[name]:6.1f} MB file{verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
