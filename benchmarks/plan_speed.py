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
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import line, median_seconds, precompile, run


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
    baseline = median_seconds(lambda: run([sys.executable, "-c", "import sqlalchemy"]), args.runs)
    print(line('python -c "import sqlalchemy" (baseline)', baseline, baseline))
    budget = median_seconds(lambda: run([*smfocus, "budget", "--json"]), args.runs)
    print(line("smfocus budget --json", budget, baseline, 1.5))
    plan = median_seconds(lambda: run([*smfocus, "plan", "--json"]), args.runs)
    print(line("smfocus plan --json", plan, baseline, 1.5))

    with tempfile.TemporaryDirectory() as folder:
        small = [sys.executable, "-m", "smfocus", "--data-dir", folder]
        run([*small, "project", "add", "Bloom"])
        run([*small, "start", "Bloom"])
        bare = median_seconds(lambda: run([*small, "interrupt"]), args.runs * 2)
        print(line("smfocus interrupt, no hook", bare, baseline))
        run([*small, "hooks", "add", "interruption", "--run", "true"])
        hooked = median_seconds(lambda: run([*small, "interrupt"]), args.runs * 2)
        print(line("smfocus interrupt, one command hook", hooked, baseline))
        print(f"{'a hook adds':<44} {(hooked - bare) * 1000:8.1f} ms  (target <= 5 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
