"""Tray resident memory, idle and during a pomodoro, beside a bare PySide6 tray.

    python benchmarks/tray_memory.py [--idle 10] [--running 60]

On the end-to-end rig (Xvfb + private D-Bus + trayer, ``tests/e2e/xvfb.py``),
with a throw-away data folder, three programs run side by side:

- **baseline**: the minimal PySide6 tray app of ``tray_startup.py``;
- **smfocus**: ``python -m smfocus``, sampled ``--idle`` seconds after launch,
  then ``smfocus pomodoro start`` and sampled again after ``--running`` seconds
  of the running pomodoro (its icon repaints, the tray polls the database);
- **imports**: which heavy modules the tray has loaded, from a second smfocus
  run under ``-X importtime`` (SQLAlchemy, Alembic, pyqtgraph, numpy...).

The smfocus measured is the one this interpreter has installed (run the
benchmark with the interpreter of a venv where smfocus is installed), started
from a neutral folder so this checkout's sources do not shadow it: a checkout
run with ``PYTHONDONTWRITEBYTECODE`` compiles every module at each start,
which no installed copy does. Without an installed copy, the checkout is
measured. The first line of the output says which.

Targets (the desktop issue): both smfocus figures <= 100 MiB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from tray_startup import BASELINE_SCRIPT, rss_mib  # noqa: E402

from tests.e2e.xvfb import Desktop, missing_programs  # noqa: E402

TARGET_MIB = 100.0
HEAVY = ("sqlalchemy", "alembic", "mako", "pyqtgraph", "numpy", "plyer", "platformdirs")


def installed_copy() -> Path | None:
    """The smfocus package this interpreter imports outside the checkout, if any."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", "import smfocus; print(smfocus.__file__)"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    return Path(done.stdout.strip()).parent if done.returncode == 0 else None


def smfocus(data: Path, *args: str, env: dict[str, str], cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data), *args],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
        cwd=cwd,
    )


def heavy_imports(stderr: str) -> dict[str, float]:
    """Top-level heavy packages and their cumulative import time (ms)."""
    found: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, name = (part.strip() for part in line[12:].split("|"))
        if name in HEAVY:
            found[name] = int(cumulative) / 1000
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=10.0, help="seconds after launch")
    parser.add_argument("--running", type=float, default=60.0, help="seconds of a pomodoro")
    args = parser.parse_args()
    missing = missing_programs()
    if missing:
        print("needs " + ", ".join(missing), file=sys.stderr)
        return 1
    package = installed_copy()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {"XDG_CONFIG_HOME": str(work / "config")}
        cwd = work
        if package is None:
            package, cwd = ROOT / "smfocus", ROOT
            env["PYTHONPATH"] = str(ROOT)
        print(f"smfocus measured: {package}")
        data = work / "data"
        smfocus(data, "project", "add", "Acme", env=env, cwd=cwd)
        smfocus(data, "add", "Acme", "Replies", "--from", "-2h", "--to", "-1h", env=env, cwd=cwd)
        baseline_script = work / "baseline_tray.py"
        baseline_script.write_text(BASELINE_SCRIPT)
        with Desktop.start(work / "desktop") as desktop:
            baseline = desktop.spawn([sys.executable, str(baseline_script)], name="baseline")
            app = desktop.spawn(
                [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
                name="smfocus",
                env=env,
                cwd=cwd,
            )
            traced = desktop.spawn(
                [sys.executable, "-X", "importtime", "-m", "smfocus", "--data-dir",
                 str(work / "data-traced")],
                name="traced",
                env=env,
                cwd=cwd,
            )  # fmt: skip
            time.sleep(args.idle)
            idle = {"baseline": rss_mib(baseline.pid), "smfocus": rss_mib(app.pid)}
            imports = heavy_imports(traced.stderr())
            traced.stop()
            smfocus(data, "pomodoro", "start", env=env, cwd=cwd)
            time.sleep(args.running)
            running = {"baseline": rss_mib(baseline.pid), "smfocus": rss_mib(app.pid)}
            app.stop()
            baseline.stop()

    def row(label: str, values: dict[str, float], target: bool) -> str:
        ratio = values["smfocus"] / values["baseline"]
        verdict = ""
        if target:
            met = "met" if values["smfocus"] <= TARGET_MIB else "MISSED"
            verdict = f"  target <= {TARGET_MIB:.0f} MiB  {met}"
        return (
            f"{label:<34}{values['baseline']:10.1f}{values['smfocus']:10.1f}{ratio:9.2f}x{verdict}"
        )

    print(f"{'VmRSS (MiB)':<34}{'baseline':>10}{'smfocus':>10}{'ratio':>10}")
    print(row(f"idle, {args.idle:g} s after launch", idle, True))
    print(row(f"after {args.running:g} s of a pomodoro", running, True))
    loaded = ", ".join(f"{name} {ms:.0f} ms" for name, ms in sorted(imports.items())) or "none"
    print(f"heavy modules the tray imports: {loaded}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
