"""Tray start-up time, memory and idle CPU, beside a minimal PySide6 tray app.

    python benchmarks/tray_startup.py [--runs 5] [--cpu-window 60]
    python benchmarks/tray_startup.py --command "python -m smfocus" --label smfocus

Everything runs on its own Xvfb + private D-Bus + trayer (the end-to-end rig,
``tests/e2e/xvfb.py``), with XDG folders in a temporary directory, so the
real desktop and data are never touched.

Figures, for the baseline and, if given, the ``--command`` (run with
``SMFOCUS_TRACE_STARTUP=1``), measured in the same run, runs interleaved:

- **painted**: launch to the first paint of the tray icon, as the process
  reports it: a stderr/stdout line ``... tray painted at <time.monotonic()>``
  (CLOCK_MONOTONIC is shared by all processes, so it is compared with the
  launch instant taken here). The baseline prints it from its icon window's
  first Paint event; smfocus prints it when ``SMFOCUS_TRACE_STARTUP=1``.
- **mapped**: launch to the icon window being visible inside trayer, seen
  by polling ``xdotool``; an upper bound (poll step about 20 ms, each poll a
  few processes), and the only figure for a command without the hook.
- **RSS**: VmRSS from /proc/PID/status ``--rss-after`` seconds (10) after launch.
- **CPU**: utime + stime from /proc/PID/stat over ``--cpu-window`` seconds
  (60), starting right after the RSS sample: the cost of sitting in the tray.

Start-up figures are medians of ``--runs`` runs after ``--warmup`` unmeasured
ones; RSS and CPU come from one long run per program, all run side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.xvfb import Child, Desktop, RigError, missing_programs, wait_until  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from _timing import precompile  # noqa: E402

PAINTED = re.compile(r"tray painted at (\d+(?:\.\d+)?)")

BASELINE_SCRIPT = textwrap.dedent(
    """
    # Minimal PySide6 tray app: a tray icon and a small window, nothing else.
    import sys
    import time

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon


    class FirstTrayPaint(QObject):
        # The icon lives in a private Qt widget (QSystemTrayIconSys); its first
        # Paint event is the moment the icon reaches the screen.
        def eventFilter(self, watched, event):
            if (
                event.type() == QEvent.Type.Paint
                and watched.metaObject().className() == "QSystemTrayIconSys"
            ):
                print(f"baseline: tray painted at {time.monotonic():.6f}", file=sys.stderr,
                      flush=True)
                QApplication.instance().removeEventFilter(self)
            return False


    app = QApplication(sys.argv)
    watcher = FirstTrayPaint()
    app.installEventFilter(watcher)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#e8473b"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.show()
    window = QLabel("baseline")
    window.resize(200, 80)
    window.show()
    sys.exit(app.exec())
    """
)


@dataclass
class Subject:
    label: str
    argv: list[str]
    env: dict[str, str]
    painted_ms: list[float] = field(default_factory=list)
    mapped_ms: list[float] = field(default_factory=list)
    rss_mib: float | None = None
    cpu_percent: float | None = None


def painted_at(child: Child) -> float | None:
    for text in (child.stderr(), child.stdout()):
        match = PAINTED.search(text)
        if match:
            return float(match.group(1))
    return None


def launch(
    desktop: Desktop, subject: Subject, timeout: float
) -> tuple[Child, float, float | None]:
    """Start once; return the child, ms to mapped, ms to painted (None without the hook)."""
    child = desktop.spawn(subject.argv, name=subject.label, env=subject.env)
    desktop.find_tray_icon_window(child.pid, timeout=timeout, poll=0.02)
    mapped = (time.monotonic() - child.started_at) * 1000
    # The paint line may trail the mapping by a moment; give it a second.
    try:
        painted = wait_until(lambda: painted_at(child), "the painted line", 1.0)
    except RigError:
        painted = None
    painted_ms = None if painted is None else (painted - child.started_at) * 1000
    return child, mapped, painted_ms


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # kB
    raise RigError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    # Fields after the command name, which is in parentheses and may hold spaces.
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def measure(args: argparse.Namespace, workdir: Path) -> list[Subject]:
    baseline_script = workdir / "baseline_tray.py"
    baseline_script.write_text(BASELINE_SCRIPT)
    subjects = [Subject("baseline", [sys.executable, str(baseline_script)], {})]
    if args.command:
        subjects.append(
            Subject(args.label, shlex.split(args.command), {"SMFOCUS_TRACE_STARTUP": "1"})
        )
    with Desktop.start(workdir / "desktop") as desktop:
        for run in range(args.warmup + args.runs):
            for subject in subjects:  # interleaved: drift hits both alike
                child, mapped, painted = launch(desktop, subject, args.timeout)
                child.stop()
                if run >= args.warmup:
                    subject.mapped_ms.append(mapped)
                    if painted is not None:
                        subject.painted_ms.append(painted)
                print(
                    f"  run {run + 1 - args.warmup:>2} {subject.label:<10} mapped {mapped:7.1f} ms"
                    + ("" if painted is None else f"  painted {painted:7.1f} ms")
                    + ("  (warm-up)" if run < args.warmup else ""),
                    file=sys.stderr,
                )
        long_runs = [(s, launch(desktop, s, args.timeout)[0]) for s in subjects]
        first_start = min(child.started_at for _, child in long_runs)
        time.sleep(max(0.0, first_start + args.rss_after - time.monotonic()))
        before = {}
        for subject, child in long_runs:
            if not child.alive():
                raise RigError(f"{subject.label} exited early\n{child.logs()}")
            subject.rss_mib = rss_mib(child.pid)
            before[subject.label] = (cpu_seconds(child.pid), time.monotonic())
        print(f"  measuring CPU over {args.cpu_window:g} s ...", file=sys.stderr)
        time.sleep(args.cpu_window)
        for subject, child in long_runs:
            used, since = before[subject.label]
            elapsed = time.monotonic() - since
            subject.cpu_percent = (cpu_seconds(child.pid) - used) / elapsed * 100
            child.stop()
    return subjects


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def report(subjects: list[Subject], args: argparse.Namespace) -> str:
    # CPU with three decimals: one clock tick (10 ms) over 60 s is 0.017 %.
    rows: list[tuple[str, int, list[float | None]]] = [
        ("launch -> icon painted (ms)", 1, [median(s.painted_ms) for s in subjects]),
        ("launch -> icon mapped, polled (ms)", 1, [median(s.mapped_ms) for s in subjects]),
        (f"VmRSS at {args.rss_after:g} s (MiB)", 1, [s.rss_mib for s in subjects]),
        (f"CPU over {args.cpu_window:g} s (%)", 3, [s.cpu_percent for s in subjects]),
    ]
    header = f"{'':<36}" + "".join(f"{s.label:>12}" for s in subjects)
    if len(subjects) > 1:
        header += f"{'ratio':>10}"
    lines = [
        f"tray start-up on Xvfb + trayer: median of {args.runs} runs, "
        f"{args.warmup} warm-up; one long run for RSS and CPU",
        header,
    ]
    for name, digits, values in rows:
        cells = "".join(f"{'n/a':>12}" if v is None else f"{v:12.{digits}f}" for v in values)
        ratio = ""
        if len(values) > 1:
            base, other = values[0], values[1]
            ratio = f"{other / base:9.2f}x" if base and other is not None else f"{'n/a':>10}"
        lines.append(f"{name:<36}{cells}{ratio}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", help="command line to compare with the baseline")
    parser.add_argument("--label", default="command", help="its name in the table")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--rss-after", type=float, default=10.0, help="seconds after launch")
    parser.add_argument("--cpu-window", type=float, default=60.0, help="seconds")
    parser.add_argument("--timeout", type=float, default=30.0, help="per launch, seconds")
    args = parser.parse_args()
    missing = missing_programs()
    if missing:
        print("needs " + ", ".join(missing), file=sys.stderr)
        return 2
    precompile()
    with tempfile.TemporaryDirectory(prefix="tray-startup-") as folder:
        try:
            subjects = measure(args, Path(folder))
        except RigError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    print(report(subjects, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
