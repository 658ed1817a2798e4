"""Small helpers shared by the benchmark scripts: medians of wall times."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def precompile() -> None:
    """Write smfocus's bytecode, as ``pip install .`` does.

    An editable checkout run with PYTHONDONTWRITEBYTECODE=1 (as on these
    machines) would otherwise compile every smfocus module from source on every
    start, a cost no installed copy pays.
    """
    import compileall
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "smfocus"
    compileall.compile_dir(str(package), quiet=1)


def median_seconds(action: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def run(command: Sequence[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        command,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        # The command's own sentence says what went wrong; a bare exit status does not.
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")


def line(label: str, seconds: float, baseline: float, target: float | None = None) -> str:
    ratio = seconds / baseline
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target:.2f}x  {'met' if ratio <= target else 'MISSED'}"
    return f"{label:<44} {seconds * 1000:8.1f} ms  {ratio:5.2f}x baseline{verdict}"
