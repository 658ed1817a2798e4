from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.errors import UserError
from smfocus.imports import FORMATS, read
from smfocus.imports.detect import detect
from smfocus.imports.records import ImportFileError
from tests.imports.files import FIXTURES


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (FIXTURES / "toggl_detailed.csv", "toggl"),
        (FIXTURES / "clockify_detailed.csv", "clockify"),
        (FIXTURES / "watson", "watson"),
        (FIXTURES / "watson" / "frames", "watson"),
        (FIXTURES / "watson" / "state", "watson"),
        (FIXTURES / "timewarrior", "timewarrior"),
        (FIXTURES / "timewarrior" / "data", "timewarrior"),
        (FIXTURES / "timewarrior" / "data" / "2025-01.data", "timewarrior"),
    ],
)
def test_each_fixture_is_recognised(path: Path, expected: str) -> None:
    assert detect(path) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id":1,"start":"20221210T000000Z","tags":["a"]}]', "timewarrior"),
        ("[\n]\n", "timewarrior"),
        ("{}", "watson"),
        ('{"project": "acme", "start": 1, "tags": []}', "watson"),
        ('{\n  "format": "smfocus-backup",\n  "version": 1, "entries": []}', "smfocus"),
        ("Start time,Project,Start date,Duration\n", "toggl"),
        ("start date,start time,end date,end time,duration (decimal)\n", "clockify"),
    ],
)
def test_content_decides_not_the_name(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "download (3).txt"
    path.write_text(content)

    assert detect(path) == expected


def test_an_empty_watson_frames_file_is_watson(tmp_path: Path) -> None:
    (tmp_path / "frames").write_text("[]")

    assert detect(tmp_path / "frames") == "watson"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "x.csv: the file is empty;"),
        (b"\xef\xbb\xbf  \n", "x.csv: the file is empty;"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.csv: this is a binary file, not text;"),
        ("Project,Zoë\n".encode("latin-1"), "x.csv, line 1: this line is not UTF-8 text;"),
        ("Start date".encode("utf-16"), "x.csv: the file is UTF-16 text; save it as UTF-8"),
        (b'{"name": "x"}', "x.csv: this JSON object is not a file smfocus can import;"),
        (b"[1, 2]", "x.csv: this JSON list holds neither frames nor intervals;"),
        (
            b"Date,From,To,Duration\n",
            "x.csv, line 1: smfocus does not recognise this file's format;",
        ),
    ],
)
def test_files_that_cannot_be_imported_say_why(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)

    with pytest.raises(ImportFileError) as raised:
        detect(path)
    assert str(raised.value).startswith(message)


def test_a_character_cut_by_the_64_kib_head_is_not_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "toggl.csv"
    header = "Project,Start date,Start time,Duration\n"
    filler = "é" * (64 * 1024)  # two bytes each: the head ends inside one of them
    path.write_text(header + f"{filler},2025-01-01,09:00:00,01:00:00\n")

    assert detect(path) == "toggl"


def test_folders_and_paths_with_nothing_to_import(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"this folder holds nothing smfocus can import"):
        detect(tmp_path)
    with pytest.raises(ImportFileError, match=r"missing.csv: there is no such file"):
        detect(tmp_path / "missing.csv")


def test_read_detects_and_streams() -> None:
    entries = list(read(FIXTURES / "watson", tz=ZoneInfo("UTC")))

    assert {entry.source for entry in entries} == {"watson"}
    assert len(entries) == 4
    assert set(FORMATS) == {"toggl", "clockify", "watson", "timewarrior"}


def test_a_backup_has_no_reader_here(tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text('{"format": "smfocus-backup"}')

    with pytest.raises(UserError, match=r"There is no importer for 'smfocus'"):
        read(backup, tz=ZoneInfo("UTC"))


def test_a_name_too_long_for_the_file_system_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="check the path"):
        detect(tmp_path / ("9" * 300))
