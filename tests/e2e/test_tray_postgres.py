"""The real tray on a shared PostgreSQL database: an entry started by another
client (the command line, as on a teammate's second machine) reaches the tray's
tooltip through LISTEN/NOTIFY, with no query loop. Read as a panel reads it:
over D-Bus, from a StatusNotifierItem (see test_sni_tray.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.test_sni_tray import WATCHER, SniPanel
from tests.e2e.xvfb import Child, Desktop, wait_until

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def cli(url: str, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data), "--database-url", url, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


def test_a_start_from_another_client_reaches_the_tray_tooltip(
    bare_desktop: Desktop,
    pg_url: str,
    tmp_path: Path,
    qapp: object,
    record_property: Callable[[str, object], None],
) -> None:
    desktop = bare_desktop
    here, there = tmp_path / "tray-data", tmp_path / "other-data"
    cli(pg_url, there, "project", "add", "Acme")
    record = tmp_path / "watcher.jsonl"
    watcher = desktop.spawn([sys.executable, str(WATCHER), desktop.bus_address, str(record)])
    watcher.wait_for_output("ready")
    app: Child = desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(here), "--database-url", pg_url],
        name="smfocus",
        env={"SMFOCUS_TRACE_STARTUP": "1", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    panel = SniPanel(desktop, record)
    wait_until(panel.registered, "the item to register with the watcher", 20, app.logs)
    app.wait_for_output("store loaded", stream="stderr")

    def tooltip() -> str:
        return str(panel.item_property("ToolTip")[2])

    wait_until(lambda: "Idle" in tooltip(), "the idle tooltip", 15, app.logs)

    cli(pg_url, there, "start", "Acme", "From the other machine")
    written = time.monotonic()
    wait_until(
        lambda: "Tracking Acme / From the other machine" in tooltip(),
        "the tray to show the entry the other client started",
        5,
        app.logs,
        poll=0.02,
    )
    delay = time.monotonic() - written
    # Reported, not asserted (timings vary with the machine's load): the promise is
    # "within a second", and this is where it is measured.
    record_property("notify_to_tooltip_seconds", round(delay, 3))
    print(f"tooltip followed the other client's start {delay * 1000:.0f} ms after it returned")

    cli(pg_url, there, "stop")
    wait_until(lambda: "Idle" in tooltip(), "the tray to follow the stop", 5, app.logs, poll=0.02)
    assert "Traceback" not in app.stderr()
