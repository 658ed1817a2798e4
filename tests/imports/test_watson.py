from __future__ import annotations

import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.imports import watson
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry
from tests.imports.files import FIXTURES

PARIS = ZoneInfo("Europe/Paris")


def read(path: Path, **options: str) -> list[SourceEntry]:
    return list(watson.read(path, tz=PARIS, **options))


def test_a_folder_gives_the_frames_then_the_running_frame() -> None:
    entries = read(FIXTURES / "watson")

    assert [(e.started_at, e.ended_at) for e in entries] == [
        (1736496000, 1736499600),
        (1736498000, 1736501000),  # overlaps the first: reported as it is
        (1736510000, 1736513600),
        (1736520000, None),  # state: still running
    ]
    first, second, third, running = entries
    assert (first.source_id, first.project, first.task) == (
        "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "acme",
        "replies, dm",
    )
    assert (first.category, first.note, first.client) == (None, None, None)
    assert (first.file, first.line, second.line) == ("frames", 1, 2)
    assert second.task is None
    assert (third.project, third.task) == (NO_PROJECT, "code review")
    assert (running.project, running.task, running.source_id) == (
        "acme",
        "visuals",
        "running-1736520000",
    )
    assert (running.file, running.line) == ("state", 1)


def test_an_empty_state_adds_nothing_and_the_frames_file_reads_alone(tmp_path: Path) -> None:
    folder = tmp_path / "watson"
    shutil.copytree(FIXTURES / "watson", folder)
    (folder / "state").write_text("{}")

    assert len(read(folder)) == 3
    assert len(read(folder / "frames")) == 3
    assert read(folder / "state") == []


def test_old_frames_without_tags_and_a_project_given_by_the_caller(tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    frames.write_text(json.dumps([[100, 200, "acme", "id1"]]))

    (entry,) = read(frames, project="Imported")

    assert (entry.project, entry.task, entry.started_at, entry.ended_at) == (
        "Imported",
        None,
        100,
        200,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"frames": []}', "frames: this is neither Watson's frames nor its state"),
        ('[[100, 200, "a"]]', "frames, record 1: this is not a frame"),
        (
            '[[100, 200, "a", "x"], [300, 200, "a", "y"]]',
            "frames, record 2: this frame stops before",
        ),
        (
            '[[100, "noon", "a", "x"]]',
            "frames, record 1: the stop 'noon' is not a time in seconds",
        ),
        ('[[100, 200, "a", ""]]', "frames, record 1: this frame has no id"),
        ('[[100, 200, "a", "x", "tag"]]', "frames, record 1: the tags are not a list"),
        ('[\n[100, 200, "a", "x"]\n[1, 2, "b", "y"]]', "frames, line 3: the JSON is broken here"),
        ("", "frames: the file is empty"),
    ],
)
def test_bad_frames_are_named_by_record(tmp_path: Path, content: str, message: str) -> None:
    frames = tmp_path / "frames"
    frames.write_text(content)

    with pytest.raises(ImportFileError, match="^" + message):
        read(frames)


def test_a_folder_without_frames_or_state(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"holds neither a frames nor a state file"):
        read(tmp_path)
