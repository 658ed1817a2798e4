"""Import… and Export… in the app, on a real timer and real files: the dry run
writes nothing, Cancel writes nothing, the import writes what it said."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

from smfocus.core.clock import FakeClock
from smfocus.importer import OverlapPolicy
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker
from smfocus.ui.transfer import ExportDialog, ImportDialog
from tests.helpers import db_file, snapshot


@pytest.fixture
def timer(tracker: Tracker) -> Timer:
    return Timer(tracker)


def frames(tmp_path: Path, clock: FakeClock, *, overlapping: bool = False) -> Path:
    base = clock.now() - 5 * 86_400
    made = [
        [base + n * 7200, base + n * 7200 + 3600, "bloom", f"f{n}", ["posts"], base]
        for n in range(6)
    ]
    if overlapping:
        made.append([base + 1800, base + 5400, "bloom", "late", [], base])
    path = tmp_path / "frames"
    path.write_text(json.dumps(made), encoding="utf-8")
    return path


def make_dialog(qtbot: QtBot, timer: Timer, path: Path) -> ImportDialog:
    dialog = ImportDialog(timer, path)
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_writes_nothing_and_the_import_writes_it_all(
    qtbot: QtBot,
    timer: Timer,
    tmp_path: Path,
    clock: FakeClock,
    data_dir: Path,
    artifacts: Path,
) -> None:
    dialog = make_dialog(qtbot, timer, frames(tmp_path, clock))
    before = snapshot(db_file(data_dir))
    summary = dialog.preview()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts / "import-dialog.png"))
    assert summary is not None and summary.dry_run
    assert "6 entries to import (watson format)" in dialog.summary.text()
    assert snapshot(db_file(data_dir)) == before
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported) as signal:
        dialog.import_button.click()
    assert signal.args[0].entries == 6
    assert timer.tracker.report().total_seconds == 6 * 3600


def test_overlaps_ask_what_to_do_before_anything_is_written(
    qtbot: QtBot, timer: Timer, tmp_path: Path, clock: FakeClock
) -> None:
    dialog = make_dialog(qtbot, timer, frames(tmp_path, clock, overlapping=True))
    assert dialog.preview() is None
    assert "1 entry overlaps other time (the first on line 7)" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.policy.setCurrentIndex(dialog.policy.findData(OverlapPolicy.SKIP.value))
    assert dialog.import_button.isEnabled()  # the preview ran again with the new choice
    assert "1 entry left out" in dialog.summary.text()
    assert timer.tracker.projects() == []


def test_cancel_during_the_import_writes_nothing(
    qtbot: QtBot,
    timer: Timer,
    tmp_path: Path,
    clock: FakeClock,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = clock.now() - 3 * 86_400
    many = [[base + n * 10, base + n * 10 + 5, "bloom", f"f{n}", [], base] for n in range(12_000)]
    path = tmp_path / "frames"
    path.write_text(json.dumps(many), encoding="utf-8")
    dialog = make_dialog(qtbot, timer, path)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    before = snapshot(db_file(data_dir))
    dialog.run()
    assert "Cancelled" in dialog.summary.text()
    assert snapshot(db_file(data_dir)) == before
    assert dialog.result_summary is None


def test_a_file_that_is_not_an_export_says_why(qtbot: QtBot, timer: Timer, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    dialog = make_dialog(qtbot, timer, path)
    assert dialog.preview() is None
    assert "notes.csv" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_export_writes_the_chosen_period_as_csv(
    qtbot: QtBot, timer: Timer, clock: FakeClock, tmp_path: Path, artifacts: Path
) -> None:
    tracker = timer.tracker
    tracker.add_project("Acme", client="Bloom")
    clock.advance(15 * 86_400)  # mid-month: the default period is this month so far
    now = clock.now()
    tracker.add("Acme", "Posts", start=now - 7200, end=now - 3600)
    dialog = ExportDialog(timer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts / "export-dialog.png"))
    target = tmp_path / "week.csv"
    assert dialog.export_to(target) == 1
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["project"], row["client"], row["seconds"]) for row in rows] == [
        ("Acme", "Bloom", "3600")
    ]
    assert "Wrote 1 entry" in dialog.message.text()


def test_a_timesheet_asks_for_its_client(qtbot: QtBot, timer: Timer, tmp_path: Path) -> None:
    dialog = ExportDialog(timer)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("timesheet"))
    assert dialog.export_to(tmp_path / "sheet.html") is None
    assert "one client or one project" in dialog.message.text()
    assert not (tmp_path / "sheet.html").exists()


def test_the_projects_window_sets_a_client_and_offers_import_and_export(
    qtbot: QtBot, timer: Timer
) -> None:
    from smfocus.ui.projects_window import ProjectsWindow

    window = ProjectsWindow(timer.tracker)
    qtbot.addWidget(window)
    window.show()
    window.new_project()
    window.name_edit.setText("Bloom — Instagram")
    window.client_edit.setText("Bloom")
    assert window.save_project()
    assert [(p.name, p.client) for p in timer.tracker.projects()] == [
        ("Bloom — Instagram", "Bloom")
    ]
    window.client_edit.setText("")
    assert window.save_project()
    assert timer.tracker.projects()[0].client is None
    with qtbot.waitSignal(window.import_requested):
        window.import_button.click()
    with qtbot.waitSignal(window.export_requested):
        window.export_button.click()
