"""The tray's CPU with idle polling, beside the same tray with polling off and a
bare PySide6 tray, all measured in the same run.

    python benchmarks/tray_idle_cpu.py [--seconds 60]

On the end-to-end rig (Xvfb + private D-Bus + trayer, ``tests/e2e/xvfb.py``),
each with its own throw-away data folder, three programs run side by side:

- **baseline**: the minimal PySide6 tray app of ``tray_startup.py``;
- **polling off**: ``python -m smfocus`` with ``away.after off`` and
  ``remind.after off``, so neither the away watch nor the reminder polls;
- **polling on**: ``python -m smfocus`` with the default settings.

Two windows of ``--seconds`` each, CPU time read from ``/proc/PID/stat``
(utime + stime) at the start and end of each:

1. a pomodoro running on a task (its entry runs, so the away watch polls the
   idle time every 5 s; the icon repaints every second in both smfocus);
2. nothing running, with ``remind.hours`` set to an hour that excludes now, so
   the reminder has nothing to watch for (its coarse timer wakes every 5 min).

Targets (the timeline issue): polling on <= 0.05 % in window 1 beyond polling
off (what the polling itself costs), and 0 in window 2.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from tray_startup import BASELINE_SCRIPT  # noqa: E402

from tests.e2e.xvfb import Desktop, missing_programs  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
RUNNING_TARGET = 0.05  # percent of one core, what polling adds with a pomodoro running
NAMES = ("baseline", "polling off", "polling on")


def smfocus(data: Path, *args: str, check: bool = True) -> None:
    subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data), *args],
        check=check,
        capture_output=True,
        cwd=ROOT,
    )


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` (threads included), in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name in parentheses may hold spaces: split after its end.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def run_seconds(pid: int) -> float:
    """Time on a CPU in nanoseconds from the scheduler, summed over threads:
    utime + stime count whole 10 ms clock ticks, too coarse for a tray that
    wakes for a fraction of a millisecond."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended between the listing and the read
    return total / 1e9


def hours_excluding_now() -> str:
    hour = datetime.now().astimezone().hour
    start = (hour + 12) % 23  # never ``hour`` itself, and leaves room for start + 1
    return f"{start:02d}:00-{start + 1:02d}:00"


Usage = dict[str, tuple[float, float]]  # name -> (ticks %, scheduler %)


def measure(pids: dict[str, int], seconds: float) -> Usage:
    """Percent of one core each process used over ``seconds`` of wall time, from
    utime + stime and from the scheduler's nanoseconds."""
    ticks = {name: cpu_seconds(pid) for name, pid in pids.items()}
    runs = {name: run_seconds(pid) for name, pid in pids.items()}
    began = time.monotonic()
    time.sleep(seconds)
    wall = time.monotonic() - began
    return {
        name: (
            100 * (cpu_seconds(pid) - ticks[name]) / wall,
            100 * (run_seconds(pid) - runs[name]) / wall,
        )
        for name, pid in pids.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each window")
    parser.add_argument("--settle", type=float, default=10.0, help="seconds after launch")
    args = parser.parse_args()
    missing = missing_programs()
    if missing:
        print("needs " + ", ".join(missing), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        folders = {"polling off": work / "off", "polling on": work / "on"}
        for data in folders.values():
            smfocus(data, "project", "add", "Acme")
            smfocus(data, "config", "set", "remind.hours", hours_excluding_now())
        smfocus(folders["polling off"], "config", "set", "away.after", "off")
        smfocus(folders["polling off"], "config", "set", "remind.after", "off")
        baseline_script = work / "baseline_tray.py"
        baseline_script.write_text(BASELINE_SCRIPT)
        env = {"XDG_CONFIG_HOME": str(work / "config"), "PYTHONPATH": str(ROOT)}
        with Desktop.start(work / "desktop") as desktop:
            children = {"baseline": desktop.spawn([sys.executable, str(baseline_script)],
                                                  name="baseline")}  # fmt: skip
            for name, data in folders.items():
                children[name] = desktop.spawn(
                    [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
                    name=name.replace(" ", "-"),
                    env=env,
                    cwd=ROOT,
                )
            pids = {name: child.pid for name, child in children.items()}
            time.sleep(args.settle)
            launch = {name: cpu_seconds(pid) for name, pid in pids.items()}
            for data in folders.values():
                smfocus(data, "pomodoro", "start", "Acme", "Replies")
            time.sleep(2)  # the tray sees the change on its next poll of the database
            running = measure(pids, args.seconds)
            for data in folders.values():
                smfocus(data, "pomodoro", "stop")
                smfocus(data, "stop", check=False)  # refused if the pomodoro stopped it
            time.sleep(2)
            stopped = measure(pids, args.seconds)
            for child in children.values():
                # A process that died would read as 0 % (a zombie's stat stays).
                if child.process.poll() is not None:
                    raise SystemExit(f"{child.name} exited early:\n{child.logs()}")
            for child in children.values():
                child.stop()

    print(f"CPU, % of one core over {args.seconds:g} s: utime+stime (clock tick "
          f"{1000 / TICKS:g} ms) / scheduler run time (ns)")  # fmt: skip
    print(f"{'':<42}" + "".join(f"{name:>18}" for name in NAMES))
    print(f"{'launch, CPU seconds':<42}" + "".join(f"{launch[name]:17.2f}s" for name in NAMES))
    for label, values in (
        ("pomodoro running (entry running)", running),
        ("nothing running, outside reminder hours", stopped),
    ):
        cells = "".join(f"{values[n][0]:8.3f}% /{values[n][1]:6.3f}%" for n in NAMES)
        print(f"{label:<42}{cells}")
    for index, source in enumerate(("utime+stime", "scheduler")):
        added = running["polling on"][index] - running["polling off"][index]
        met = "met" if added <= RUNNING_TARGET else "MISSED"
        print(f"{source}: polling's share with a pomodoro running {added:+.3f} % "
              f"(target <= {RUNNING_TARGET} %, {met}); polling on, nothing running "
              f"{stopped['polling on'][index]:.3f} % (target 0)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
