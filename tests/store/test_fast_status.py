"""The sqlite3-only status read must always agree with the full use case.

``smfocus status`` answers from fast_status when it can; a disagreement would
show a status bar something the rest of the app does not believe.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smfocus.core.clock import FakeClock
from smfocus.core.records import Status
from smfocus.errors import StoreError, UserError
from smfocus.store.database import Store, open_store
from smfocus.store.fast_status import read_status, read_status_strict
from smfocus.store.revision import TABLE
from smfocus.tracker import Tracker
from tests.helpers import db_file

PARIS = ZoneInfo("Europe/Paris")


def _agree(store: Store, clock: FakeClock, user: str) -> Status:
    assert store.path is not None
    full = Tracker(store, clock, PARIS, user=user).status()
    assert read_status(store.path, user, clock.now()) == full
    return full


def test_no_file_means_nothing_running_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "smfocus.sqlite3"
    assert read_status(missing, "me", 1234) == Status(running=None, now=1234)
    assert not missing.parent.exists()


def test_a_new_store_agrees(store: Store, clock: FakeClock) -> None:
    assert _agree(store, clock, "tester").running is None


def test_running_and_stopped_agree(tracker: Tracker, store: Store, clock: FakeClock) -> None:
    tracker.add_project("Acme")
    tracker.start("Acme", "Replies", category="replies", note="inbox zero", at=clock.now() - 90)
    clock.advance(30)
    status = _agree(store, clock, "tester")
    assert status.running is not None
    assert (status.running.task, status.running.category) == ("Replies", "replies")
    assert status.elapsed_seconds == 120
    tracker.stop()
    assert _agree(store, clock, "tester").running is None


def test_another_users_entry_is_not_mine(tracker: Tracker, store: Store, clock: FakeClock) -> None:
    tracker.add_project("Acme")
    tracker.start("Acme", at=clock.now() - 60)
    assert _agree(store, clock, "someone else").running is None
    assert _agree(store, clock, "tester").running is not None


def test_renames_show_at_once(tracker: Tracker, store: Store, clock: FakeClock) -> None:
    tracker.add_project("Acme")
    tracker.start("Acme", "Plan", at=clock.now() - 60)
    tracker.edit_project("Acme", new_name="Acme Corp")
    tracker.edit_task("Acme Corp", "Plan", new_name="Plan posts", category="scheduling")
    status = _agree(store, clock, "tester")
    assert status.running is not None
    assert (status.running.project, status.running.task, status.running.category) == (
        "Acme Corp",
        "Plan posts",
        "scheduling",
    )


def test_it_steps_aside_for_a_schema_it_does_not_know(store: Store) -> None:
    assert store.path is not None
    store.dispose()
    raw = sqlite3.connect(store.path)
    raw.execute(f"UPDATE {TABLE} SET version_num = '9999'")
    raw.commit()
    raw.close()
    # None: "ask the full path", which gives the proper message about a newer file.
    assert read_status(store.path, "tester", 0) is None


def test_a_garbled_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "smfocus.sqlite3"
    bogus.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(StoreError, match="is damaged or not a database"):
        read_status_strict(bogus, "me", 0)
    assert read_status(bogus, "me", 0) is None  # the tray's first paint steps aside
    assert bogus.read_bytes() == b"\x00garbage" * 512
    assert sorted(p.name for p in tmp_path.iterdir()) == ["smfocus.sqlite3"]


def test_an_empty_file_is_reported_and_left_empty(tmp_path: Path) -> None:
    empty = tmp_path / "smfocus.sqlite3"
    empty.touch()
    with pytest.raises(StoreError, match="is an empty file"):
        read_status_strict(empty, "me", 0)
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["smfocus.sqlite3"]


def test_a_foreign_database_is_reported_and_left_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "smfocus.sqlite3"
    raw = sqlite3.connect(foreign)
    raw.execute("CREATE TABLE notes (body TEXT)")
    raw.commit()
    raw.close()
    before = foreign.read_bytes()
    with pytest.raises(StoreError, match="not written by smfocus"):
        read_status_strict(foreign, "me", 0)
    assert foreign.read_bytes() == before


def test_a_data_folder_that_is_a_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    with pytest.raises(StoreError, match="is not a folder"):
        read_status_strict(db_file(folder), "me", 0)


def test_reading_leaves_no_wal_or_shm_behind(store: Store, clock: FakeClock) -> None:
    assert store.path is not None
    Tracker(store, clock, PARIS, user="me").add_project("Acme")
    store.dispose()
    names = sorted(p.name for p in store.path.parent.iterdir())
    before = store.path.read_bytes()
    assert read_status_strict(store.path, "me", clock.now()) is not None
    assert sorted(p.name for p in store.path.parent.iterdir()) == names
    assert store.path.read_bytes() == before


def test_a_held_lock_is_reported_as_such(store: Store) -> None:
    assert store.path is not None
    store.dispose()
    holder = sqlite3.connect(store.path)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            read_status_strict(store.path, "me", 0)
    finally:
        holder.rollback()
        holder.close()


USERS = ("me", "you")
step = st.one_of(
    st.tuples(st.just("start"), st.sampled_from(USERS), st.sampled_from((None, "A", "B"))),
    st.tuples(st.just("stop"), st.sampled_from(USERS)),
    st.tuples(st.just("cancel"), st.sampled_from(USERS)),
    st.tuples(st.just("rename"), st.sampled_from(USERS)),
    st.tuples(st.just("delete"), st.sampled_from(USERS)),
    st.tuples(st.just("advance"), st.integers(1, 5000)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=15))
def test_fast_status_always_agrees_with_the_use_case(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        clock = FakeClock()
        trackers = {user: Tracker(store, clock, PARIS, user=user) for user in USERS}
        try:
            assert read_status(db_file(Path(folder)), "me", clock.now()) == Status(
                running=None, now=clock.now()
            )
            for user in USERS:
                trackers[user].add_project("Acme")
            renames = 0
            for kind, *args in steps:
                try:
                    if kind == "start":
                        trackers[args[0]].start("Acme", args[1])
                    elif kind == "stop":
                        trackers[args[0]].stop()
                    elif kind == "cancel":
                        trackers[args[0]].cancel()
                    elif kind == "rename":
                        renames += 1
                        current = trackers[args[0]].projects()[0].name
                        trackers[args[0]].edit_project(current, new_name=f"Acme {renames}")
                    elif kind == "delete":
                        log = trackers[args[0]].log()
                        if log:
                            trackers[args[0]].delete(log[-1].id)
                    else:
                        clock.advance(args[0])
                except UserError:
                    pass  # e.g. stop with nothing running, start in the same second
                for user in USERS:
                    _agree(store, clock, user)
        finally:
            store.dispose()
