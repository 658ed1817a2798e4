"""Batch runs: queue order, done and skip, the summary per client, and a batch
that outlives a process killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import batches
from smfocus.core.clock import FakeClock
from smfocus.errors import ConflictError, UserError
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from tests.helpers import ROOT, subprocess_env


@pytest.fixture
def timer(tracker: Tracker, clock: FakeClock) -> Timer:
    tracker.add_project("Cafe", priority="3")
    tracker.add_project("Bloom", priority="1", client="Bloom Florist")
    tracker.add_project("Gym", priority="5")
    for project, task, category in (
        ("Cafe", "Menu posts", "Scheduling posts"),
        ("Gym", "Class posts", "scheduling POSTS"),
        ("Bloom", "Reels", "Scheduling posts"),
        ("Bloom", "Replies", "replies"),
        ("Bloom", "Old", "Scheduling posts"),
    ):
        tracker.add_task(project, task, category)
    tracker.edit_task("Bloom", "Old", done=True)
    return Timer(tracker)


def test_the_queue_is_the_open_tasks_of_the_category_most_important_project_first(
    timer: Timer, tracker: Tracker
) -> None:
    state = batches.start(timer, "scheduling posts")
    assert [item.label for item in state.items] == [
        "Bloom Florist / Reels",
        "Cafe / Menu posts",
        "Gym / Class posts",
    ]
    assert state.line == "Batch 1/3 — now: Bloom Florist / Reels — next: Cafe / Menu posts"
    running = tracker.status().running
    assert running is not None and (running.project, running.task) == ("Bloom", "Reels")


def test_next_marks_done_skip_does_not_and_the_end_sums_time_per_client(
    timer: Timer, tracker: Tracker, clock: FakeClock
) -> None:
    batches.start(timer, "Scheduling posts")
    clock.advance(600)
    state = batches.advance(timer, batches.Outcome.DONE)
    assert state.current is not None and state.current.task == "Menu posts"
    clock.advance(300)
    batches.advance(timer, batches.Outcome.SKIPPED)
    clock.advance(120)
    state = batches.advance(timer, batches.Outcome.DONE)
    assert state.ended and state.summary is not None
    assert (state.summary.done, state.summary.skipped) == (2, 1)
    assert state.summary.seconds_by_client == (("Bloom Florist", 600), ("Cafe", 300), ("Gym", 120))
    done = {(t.project, t.name): t.done for t in tracker.tasks()}
    assert done[("Bloom", "Reels")] and not done[("Cafe", "Menu posts")]
    assert tracker.status().running is None  # the batch's end stops the timer
    assert batches.current(tracker) is None


def test_one_batch_at_a_time_and_none_without_tasks(timer: Timer) -> None:
    with pytest.raises(UserError, match="No open task"):
        batches.start(timer, "reposting")
    batches.start(timer, "replies")
    with pytest.raises(ConflictError, match="is running") as running:
        batches.start(timer, "Scheduling posts")
    assert running.value.fix is not None and running.value.fix.action == "batch_go_on"
    batches.stop(timer)
    with pytest.raises(UserError, match="No batch is running"):
        batches.advance(timer, batches.Outcome.DONE)


KILLED_MID_BATCH = """
import sys, time
from zoneinfo import ZoneInfo
from pathlib import Path
from smfocus import batches
from smfocus.core.clock import SystemClock
from smfocus.pomodoro import Timer
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
tracker = Tracker(open_store(Path(sys.argv[1])), SystemClock(), ZoneInfo("Europe/Paris"), "tester")
batches.start(Timer(tracker), "scheduling posts")
batches.advance(Timer(tracker), batches.Outcome.DONE)
print("ready", flush=True)
time.sleep(600)
"""


def test_a_batch_survives_a_kill_9_and_goes_on_where_it_was(
    timer: Timer, data_dir: Path, tz: ZoneInfo, clock: FakeClock
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_BATCH, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    clock.set(2_000_000_000)  # after the child's real clock
    store = open_store(data_dir)
    try:
        restarted = Tracker(store, clock, tz, "tester")
        state = batches.current(restarted)
        assert state is not None
        assert state.line == "Batch 2/3 — now: Cafe / Menu posts — next: Gym / Class posts"
        state = batches.advance(Timer(restarted), batches.Outcome.SKIPPED)
        assert state.current is not None and state.current.project == "Gym"
    finally:
        store.dispose()
