from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.imports import timewarrior
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry
from tests.helpers import utc
from tests.imports.files import FIXTURES

PARIS = ZoneInfo("Europe/Paris")
DATA = FIXTURES / "timewarrior" / "data"


def read(path: Path, **options: str) -> list[SourceEntry]:
    return list(timewarrior.read(path, tz=PARIS, **options))


def summary(entries: list[SourceEntry]) -> list[tuple[object, ...]]:
    return [(e.source_id, e.started_at, e.ended_at, e.project, e.task, e.note) for e in entries]


EXPECTED = [
    (
        "20241231T230000Z",
        utc("2024-12-31T23:00"),
        utc("2025-01-01T00:30"),
        "acme",
        "new year",
        'fireworks, then "sleep"',
    ),
    (
        "20250102T080000Z",
        utc("2025-01-02T08:00"),
        utc("2025-01-02T09:00"),
        "acme",
        'replies say "hi"',
        None,
    ),
    ("20250102T100000Z", utc("2025-01-02T10:00"), utc("2025-01-02T10:15"), NO_PROJECT, None, None),
    ("20250103T080000Z", utc("2025-01-03T08:00"), None, "acme", "visuals", None),  # running
]


def test_a_data_folder_reads_every_month_in_order_and_nothing_else() -> None:
    entries = read(DATA)

    assert summary(entries) == EXPECTED
    assert [(e.file, e.line) for e in entries] == [
        ("2024-12.data", 1),
        ("2025-01.data", 1),
        ("2025-01.data", 3),  # after a blank line
        ("2025-01.data", 4),
    ]
    assert {e.source for e in entries} == {"timewarrior"}


def test_the_folder_above_data_works_too() -> None:
    assert summary(read(DATA.parent)) == EXPECTED


def test_the_json_export_gives_the_same_entries(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps(
            [
                {
                    "id": 4,
                    "start": "20241231T230000Z",
                    "end": "20250101T003000Z",
                    "tags": ["acme", "new year"],
                    "annotation": 'fireworks, then "sleep"',
                },
                {
                    "id": 3,
                    "start": "20250102T080000Z",
                    "end": "20250102T090000Z",
                    "tags": ["acme", "replies", 'say "hi"'],
                },
                {"id": 2, "start": "20250102T100000Z", "end": "20250102T101500Z"},
                {"id": 1, "start": "20250103T080000Z", "tags": ["acme", "visuals"]},
            ]
        )
    )

    entries = read(export)

    assert summary(entries) == EXPECTED
    assert [e.line for e in entries] == [1, 2, 3, 4]


def test_a_project_given_by_the_caller_keeps_every_tag_in_the_task() -> None:
    entries = read(DATA / "2025-01.data", project="Client work")

    assert [(e.project, e.task) for e in entries] == [
        ("Client work", 'acme replies say "hi"'),
        ("Client work", None),
        ("Client work", "acme visuals"),
    ]


def test_old_unquoted_annotations_and_quoted_separators(tmp_path: Path) -> None:
    data = tmp_path / "2025-02.data"
    data.write_text(
        'inc 20250201T080000Z - 20250201T090000Z # "#" "-" path\\to # called the client back\n'
        'inc 20250201T100000Z - 20250201T110000Z # # "only a note"\n'
    )

    first, second = read(data)

    assert (first.project, first.task, first.note) == ("#", "- path\\to", "called the client back")
    assert (second.project, second.task, second.note) == (NO_PROJECT, None, "only a note")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("inc 20250231T080000Z - 20250301T090000Z", "the start '20250231T080000Z' is not a time"),
        ("inc 20250201T080000Z - 2025-02-01", "the end '2025-02-01' is not a time"),
        ("inc 20250201T090000Z - 20250201T080000Z", "this interval ends before it starts"),
        ('inc 20250201T080000Z # "open', "a quote is never closed"),
        ("exc monday <9:00", "this line is not a Timewarrior interval"),
        ("inc 20250201T080000Z -", "this interval has a '-' but no end"),
        ("inc 20250201T080000Z acme", "'acme' stands where '#' and the tags should"),
    ],
)
def test_bad_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    data = tmp_path / "2025-02.data"
    data.write_text("inc 20250201T060000Z - 20250201T070000Z # ok\n" + line + "\n")

    with pytest.raises(ImportFileError, match=f"^2025-02.data, line 2: {message}"):
        read(data)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"start": "20250101T000000Z"}', "export.json: this is not a list of intervals"),
        ('[{"end": "20250101T000000Z"}]', "export.json, record 1: this is not an interval"),
        ('[{"start": "20250101T000000Z", "tags": "a"}]', "export.json, record 1: this interval's"),
    ],
)
def test_a_bad_export_is_named(tmp_path: Path, content: str, message: str) -> None:
    export = tmp_path / "export.json"
    export.write_text(content)

    with pytest.raises(ImportFileError, match="^" + message):
        read(export)


def test_a_folder_without_data_files(tmp_path: Path) -> None:
    (tmp_path / "tags.data").write_text("{}")

    with pytest.raises(ImportFileError, match=r"holds no Timewarrior data file"):
        read(tmp_path)
