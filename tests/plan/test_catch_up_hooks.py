"""Phase and goal hooks from any command that catches up on phase ends, once each."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smfocus import hooks
from smfocus.core.clock import FakeClock
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import run_main

WORK = 25 * 60


@pytest.fixture
def fired(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Each event the CLI hands to its hooks, in order (no process is started)."""
    seen: list[tuple[str, dict[str, Any]]] = []

    def record(tracker: Tracker, data_dir: Path, url: str | None, event: str,
               fields: dict[str, Any]) -> None:  # fmt: skip
        seen.append((event, dict(fields)))

    monkeypatch.setattr(hooks, "fire", record)
    return seen


def _run(data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    return run_main(argv, capsys, data_dir=data_dir, clock=clock).code


def test_start_after_a_missed_work_end_fires_the_phase_and_goal_hooks(
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    fired: list[tuple[str, dict[str, Any]]],
) -> None:
    assert _run(data_dir, clock, capsys, "project", "add", "Bloom") == 0
    assert _run(data_dir, clock, capsys, "config", "set", "pomodoro.daily_goal", "1") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "start", "Bloom", "Reels") == 0
    fired.clear()
    clock.advance(WORK + 60)  # the work phase ended a minute ago, with no tray to see it
    assert _run(data_dir, clock, capsys, "start", "Bloom", "Captions") == 0
    phase_events = [(e, f) for e, f in fired if e.startswith(("phase.", "goal."))]
    assert [(e, f.get("kind")) for e, f in phase_events] == [
        ("phase.ended", "work"),
        ("phase.started", "short_break"),
        ("goal.met", None),
    ]
    assert phase_events[0][1]["outcome"] == "completed"
    assert phase_events[2][1] == {"completed_today": 1, "daily_goal": 1}


@pytest.mark.parametrize("command", ["stop", "cancel"])
def test_stop_and_cancel_after_a_missed_break_end_fire_its_hook(
    command: str,
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    fired: list[tuple[str, dict[str, Any]]],
) -> None:
    assert _run(data_dir, clock, capsys, "project", "add", "Bloom") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "start", "Bloom", "Reels") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "skip") == 0  # on to a break
    assert _run(data_dir, clock, capsys, "start", "Bloom", "Replies") == 0  # during the break
    fired.clear()
    clock.advance(WORK)
    assert _run(data_dir, clock, capsys, command) == 0
    ended = [f for e, f in fired if e == "phase.ended"]
    assert [(f["kind"], f["outcome"]) for f in ended] == [("short_break", "completed")]


def test_a_phase_end_the_tray_applied_does_not_fire_again_from_the_cli(
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    fired: list[tuple[str, dict[str, Any]]],
) -> None:
    assert _run(data_dir, clock, capsys, "project", "add", "Bloom") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "start", "Bloom", "Reels") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "skip") == 0
    assert _run(data_dir, clock, capsys, "start", "Bloom", "Replies") == 0
    clock.advance(WORK)
    store = open_store(data_dir, None)
    try:
        tray = Timer(Tracker(store, clock, ZoneInfo("Europe/Paris"), None))
        assert len(tray.advance().transitions) == 1  # the tray applied it, and fired it
    finally:
        store.dispose()
    fired.clear()
    assert _run(data_dir, clock, capsys, "stop") == 0
    assert [e for e, _ in fired if e.startswith(("phase.", "goal."))] == []


def test_a_refused_command_fires_nothing_and_the_next_one_fires_once(
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    fired: list[tuple[str, dict[str, Any]]],
) -> None:
    assert _run(data_dir, clock, capsys, "project", "add", "Bloom") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "start", "Bloom", "Reels") == 0
    assert _run(data_dir, clock, capsys, "pomodoro", "skip") == 0
    clock.advance(WORK)  # the break is over; nothing is tracked
    fired.clear()
    # Nothing runs: stop is refused, and its catch-up is rolled back with it.
    assert _run(data_dir, clock, capsys, "stop") == 1
    assert fired == []
    assert _run(data_dir, clock, capsys, "start", "Bloom", "Captions") == 0
    assert [f["kind"] for e, f in fired if e == "phase.ended"] == ["short_break"]
    fired.clear()
    assert _run(data_dir, clock, capsys, "stop") == 0
    assert [e for e, _ in fired if e.startswith(("phase.", "goal."))] == []
