"""The change probe sees other connections' commits, once each, and nothing else."""

from __future__ import annotations

from pathlib import Path

from smfocus.store.change_probe import ChangeProbe
from smfocus.store.database import Store
from smfocus.tracker import Tracker


def test_another_connection_s_commit_is_seen_once(store: Store, tracker: Tracker) -> None:
    assert store.path is not None
    probe = ChangeProbe(store.path)
    try:
        assert not probe.changed()
        tracker.add_project("Acme")  # a write through the store's own connection
        assert probe.changed()
        assert not probe.changed()  # the same write is not news twice
        assert not probe.something_runs()
        tracker.start("Acme")
        assert probe.changed() and probe.something_runs()
        tracker.stop()
        probe.forget()  # read by ourselves: counted as seen
        assert not probe.changed()
    finally:
        probe.close()


def test_a_missing_file_never_reports_a_change(tmp_path: Path) -> None:
    probe = ChangeProbe(tmp_path / "nothing-here.sqlite3")
    assert not probe.changed()
    assert not probe.something_runs()
    probe.close()
