"""How fast ``budget`` and ``plan`` answer on a large history, and what firing a
hook adds to a command, beside a baseline from the same run.

    python benchmarks/make_history.py --entries 1000000 --data-dir /tmp/h
    python benchmarks/plan_speed.py --data-dir /tmp/h [--runs 9]

Baseline: ``python -c "import sqlalchemy"``. Targets (from the planning issue):
budget and plan <= 1.5x; a hook listening to ``interruption`` adds <= 5 ms to
``smfocus interrupt`` (the delivery itself runs detached, after the command).
The script sets budgets, commitments and a capacity on the history it is given.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import line, precompile, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    precompile()
    smfocus = [sys.executable, "-m", "smfocus", "--data-dir", str(args.data_dir)]
    names = subprocess.run(
        [*smfocus, "projects", "--json"], check=True, capture_output=True, text=True
    ).stdout
    import json

    projects = [p["name"] for p in json.loads(names)]
    for index, name in enumerate(projects[:6]):
        run([*smfocus, "project", "edit", name, "--budget", f"{20 + index}h/month", "--rollover"])
        run([*smfocus, "project", "edit", name, "--commit", "6h"])
    run([*smfocus, "config", "set", "plan.capacity", "32h"])
    # Interleaved rounds: on a shared machine the load drifts within seconds, and
    # a series measured after another would compare two different machines.
    commands = {
        'python -c "import sqlalchemy" (baseline)': [sys.executable, "-c", "import sqlalchemy"],
        "smfocus budget --json": [*smfocus, "budget", "--json"],
        "smfocus plan --json": [*smfocus, "plan", "--json"],
    }
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.runs + 1):
        for label, command in commands.items():
            began = time.perf_counter()
            run(command)
            samples[label].append(time.perf_counter() - began)
    medians = {label: statistics.median(found[1:]) for label, found in samples.items()}
    baseline = medians['python -c "import sqlalchemy" (baseline)']
    for label, seconds in medians.items():
        target = None if "baseline" in label else 1.5
        print(line(label, seconds, baseline, target))

    with tempfile.TemporaryDirectory() as bare_dir, tempfile.TemporaryDirectory() as hook_dir:
        bare = [sys.executable, "-m", "smfocus", "--data-dir", bare_dir]
        hooked = [sys.executable, "-m", "smfocus", "--data-dir", hook_dir]
        for smfocus_in in (bare, hooked):
            run([*smfocus_in, "project", "add", "Bloom"])
            run([*smfocus_in, "start", "Bloom"])
        run([*hooked, "hooks", "add", "interruption", "--run", "true"])
        times: dict[str, list[float]] = {"bare": [], "hooked": []}
        # Interleaved, and spaced: before each pair the last runner has logged its
        # delivery and exited, so no run shares the CPU or the database with the
        # background work of the one before. Measured: what the command costs.
        for count in range(1, args.runs * 2 + 2):
            for key, smfocus_in in (("bare", bare), ("hooked", hooked)):
                began = time.perf_counter()
                run([*smfocus_in, "interrupt"])
                times[key].append(time.perf_counter() - began)
            while _deliveries(hooked) < count:
                time.sleep(0.05)
            time.sleep(1.0)
        plain = statistics.median(times["bare"][1:])
        with_hook = statistics.median(times["hooked"][1:])
        print(line("smfocus interrupt, no hook", plain, baseline))
        print(line("smfocus interrupt, one command hook", with_hook, baseline))
        print(f"{'a hook adds':<44} {(with_hook - plain) * 1000:8.1f} ms  (target <= 5 ms)")
    return 0


def _deliveries(smfocus: list[str]) -> int:
    import json

    found = subprocess.run(
        [*smfocus, "hooks", "log", "--json", "--limit", "1000"],
        check=True,
        capture_output=True,
        text=True,
    )
    return len(json.loads(found.stdout))


if __name__ == "__main__":
    sys.exit(main())
