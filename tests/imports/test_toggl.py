from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.imports import toggl
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry
from tests.helpers import at
from tests.imports.files import FIXTURES, TOGGL_HEADER, toggl_row, write_csv, write_toggl

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def read(path: Path, tz: ZoneInfo = PARIS, **options: str) -> list[SourceEntry]:
    return list(toggl.read(path, tz=tz, **options))


def spans(entries: list[SourceEntry]) -> list[tuple[int, int | None]]:
    return [(entry.started_at, entry.ended_at) for entry in entries]


def test_the_documented_export_is_read_field_by_field() -> None:
    entries = read(FIXTURES / "toggl_detailed.csv")

    assert spans(entries) == [
        (at("2025-01-10T09:00", PARIS), at("2025-01-10T10:30", PARIS)),
        (at("2025-01-10T23:30", PARIS), at("2025-01-11T00:45", PARIS)),  # across midnight
        (at("2025-01-11T08:00", PARIS), at("2025-01-11T08:20", PARIS)),
        (at("2025-01-11T09:00", PARIS), at("2025-01-11T09:00", PARIS)),  # zero length, as is
    ]
    first, second, third, fourth = entries
    assert (first.project, first.client, first.task) == ("Instagram", "Acme Bakery", "Plan posts")
    assert first.note == "Stories, reels and captions"
    assert first.category == "scheduling posts"  # the first of "scheduling posts, visuals"
    assert (first.rate_cents, first.currency) == (4500, "EUR")  # 67.50 over 1.5 h
    assert (first.source, first.file, first.line) == ("toggl", "toggl_detailed.csv", 2)
    assert second.note == "Inbox\nthen invoices"
    assert (second.client, second.task, second.category) == (None, None, None)
    assert (second.rate_cents, second.currency) == (None, None)  # an amount of 0.00
    assert second.line == 3
    assert third.note == 'He said "hi", twice'
    assert third.line == 5  # the record above spans lines 3 and 4
    assert fourth.project == NO_PROJECT


def test_columns_in_another_order_and_an_empty_currency(tmp_path: Path) -> None:
    header = ["Duration", "Tags", "Amount ()", "Start time", "Start date", "Project"]
    header += ["End time", "End date", "Description"]
    path = write_csv(
        tmp_path,
        "toggl.csv",
        header,
        [
            [
                *("02:00:00", "visuals, replies", "90", "14:00:00", "2025-06-02", "Beta"),
                *("16:00:00", "2025-06-02", "Carousel"),
            ]
        ],
    )

    (entry,) = read(path)

    assert (entry.started_at, entry.ended_at) == (
        at("2025-06-02T14:00", PARIS),
        at("2025-06-02T16:00", PARIS),
    )
    assert (entry.project, entry.note, entry.category) == ("Beta", "Carousel", "visuals")
    assert (entry.rate_cents, entry.currency) == (4500, None)


def test_a_file_without_end_columns_ends_at_start_plus_duration(tmp_path: Path) -> None:
    header = ["Project", "Start date", "Start time", "Duration"]
    path = write_csv(
        tmp_path, "toggl.csv", header, [["Acme", "2025-01-10", "23:00:00", "02:30:00"]]
    )

    (entry,) = read(path)

    assert (entry.started_at, entry.ended_at) == (
        at("2025-01-10T23:00", PARIS),
        at("2025-01-11T01:30", PARIS),
    )


@pytest.mark.parametrize(
    ("tz", "start", "end", "duration", "expected"),
    [
        # Paris, spring: 02:00-03:00 does not exist on 2025-03-30.
        (
            PARIS,
            "2025-03-30 01:30:00",
            "2025-03-30 03:30:00",
            "01:00:00",
            ("2025-03-30T01:30", 0, "2025-03-30T03:30", 0),
        ),
        # A skipped time moves forward by the change: 02:30 is read as 03:30.
        (
            PARIS,
            "2025-03-30 02:30:00",
            "2025-03-30 04:00:00",
            "00:30:00",
            ("2025-03-30T03:30", 0, "2025-03-30T04:00", 0),
        ),
        # Paris, autumn: 02:00-03:00 happens twice on 2025-10-26.
        (
            PARIS,
            "2025-10-26 02:10:00",
            "2025-10-26 02:50:00",
            "01:40:00",
            ("2025-10-26T02:10", 0, "2025-10-26T02:50", 1),
        ),
        (
            PARIS,
            "2025-10-26 02:10:00",
            "2025-10-26 02:50:00",
            "00:40:00",
            ("2025-10-26T02:10", 0, "2025-10-26T02:50", 0),
        ),
        (
            PARIS,
            "2025-10-26 01:30:00",
            "2025-10-26 02:30:00",
            "02:00:00",
            ("2025-10-26T01:30", 0, "2025-10-26T02:30", 1),
        ),
        (
            PARIS,
            "2025-10-26 02:30:00",
            "2025-10-26 04:00:00",
            "01:30:00",
            ("2025-10-26T02:30", 1, "2025-10-26T04:00", 0),
        ),
        # An end before the start in wall time: only summer -> winter makes sense.
        (
            PARIS,
            "2025-10-26 02:40:00",
            "2025-10-26 02:20:00",
            "",
            ("2025-10-26T02:40", 0, "2025-10-26T02:20", 1),
        ),
        # New York, spring: 02:00-03:00 does not exist on 2025-03-09.
        (
            NEW_YORK,
            "2025-03-09 01:00:00",
            "2025-03-09 03:15:00",
            "01:15:00",
            ("2025-03-09T01:00", 0, "2025-03-09T03:15", 0),
        ),
        # New York, autumn: 01:00-02:00 happens twice on 2025-11-02.
        (
            NEW_YORK,
            "2025-11-02 01:30:00",
            "2025-11-02 01:15:00",
            "00:45:00",
            ("2025-11-02T01:30", 0, "2025-11-02T01:15", 1),
        ),
        (
            NEW_YORK,
            "2025-11-02 01:20:00",
            "2025-11-02 01:30:00",
            "01:10:00",
            ("2025-11-02T01:20", 0, "2025-11-02T01:30", 1),
        ),
        (
            NEW_YORK,
            "2025-11-02 00:30:00",
            "2025-11-02 01:30:00",
            "02:00:00",
            ("2025-11-02T00:30", 0, "2025-11-02T01:30", 1),
        ),
        # Durations rounded by a report still choose the nearest reading.
        (
            NEW_YORK,
            "2025-11-02 01:50:00",
            "2025-11-02 02:10:00",
            "01:15:00",
            ("2025-11-02T01:50", 0, "2025-11-02T02:10", 0),
        ),
    ],
)
def test_change_days_are_read_exactly(
    tmp_path: Path,
    tz: ZoneInfo,
    start: str,
    end: str,
    duration: str,
    expected: tuple[str, int, str, int],
) -> None:
    path = write_toggl(tmp_path, toggl_row(start, end, duration))

    (entry,) = read(path, tz)

    start_text, start_fold, end_text, end_fold = expected
    assert (entry.started_at, entry.ended_at) == (
        at(start_text, tz, fold=start_fold),
        at(end_text, tz, fold=end_fold),
    )


def test_a_duration_that_disagrees_with_the_times_loses(tmp_path: Path) -> None:
    path = write_toggl(
        tmp_path, toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00", "05:00:00")
    )

    (entry,) = read(path)

    assert (entry.started_at, entry.ended_at) == (
        at("2025-01-10T09:00", PARIS),
        at("2025-01-10T10:00", PARIS),
    )


def test_the_same_file_gives_the_same_ids_and_identical_rows_distinct_ones(tmp_path: Path) -> None:
    row = toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00", "01:00:00", description="x")
    other = toggl_row("2025-01-10 11:00:00", "2025-01-10 12:00:00", "01:00:00", description="x")
    path = write_toggl(tmp_path, row, other, row)

    first = [entry.source_id for entry in read(path)]
    again = [entry.source_id for entry in read(path)]

    assert first == again
    assert len(set(first)) == 3
    assert first[2] == f"{first[0]}-2"


def test_an_amount_changed_later_keeps_the_id(tmp_path: Path) -> None:
    before = write_toggl(
        tmp_path,
        toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00", amount="40"),
        name="a.csv",
    )
    after = write_toggl(
        tmp_path,
        toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00", amount="55"),
        name="b.csv",
    )

    assert read(before)[0].source_id == read(after)[0].source_id


def test_a_project_given_by_the_caller_holds_every_entry(tmp_path: Path) -> None:
    path = write_toggl(
        tmp_path, toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00", project="")
    )

    (entry,) = read(path, project="Imported")

    assert entry.project == "Imported"


def test_errors_come_while_streaming_after_the_good_rows(tmp_path: Path) -> None:
    path = write_toggl(
        tmp_path,
        toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00"),
        toggl_row("2025-02-31 09:00:00", "2025-01-10 10:00:00"),
    )
    entries = toggl.read(path, tz=PARIS)

    assert next(entries).line == 2
    with pytest.raises(ImportFileError) as raised:
        next(entries)
    assert str(raised.value) == (
        "toggl.csv, line 3: the start date '2025-02-31' is not a date; fix it and import again."
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            toggl_row("31/01/2025 09:00:00", "2025-01-31 10:00:00"),
            "toggl.csv, line 2: the start date '31/01/2025' is not a date",
        ),
        (
            toggl_row("2025-01-31 9h00", "2025-01-31 10:00:00"),
            "toggl.csv, line 2: the start time '9h00' is not a time of day",
        ),
        (
            toggl_row("2025-01-31 09:00:00", "2025-01-31 25:00:00"),
            "toggl.csv, line 2: the end time '25:00:00' is not a time of day",
        ),
        (
            toggl_row("2025-01-31 10:00:00", "2025-01-31 09:00:00"),
            "toggl.csv, line 2: this entry ends before it starts",
        ),
        (
            toggl_row("2025-01-31 09:00:00", "2025-01-31 10:00:00", "1 hour"),
            "toggl.csv, line 2: the duration '1 hour' is not a duration",
        ),
        (
            toggl_row("2025-01-31 09:00:00", "2025-01-31 10:00:00", amount="12 EUR"),
            "toggl.csv, line 2: the amount '12 EUR' is not a number",
        ),
        (
            toggl_row("2025-01-31 09:00:00", "2025-01-31 10:00:00")[:-2],
            "toggl.csv, line 2: this row has 12 fields where the header has 14",
        ),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(tmp_path: Path, row: list[str], message: str) -> None:
    path = write_toggl(tmp_path, row)

    with pytest.raises(ImportFileError, match="^" + message.replace("(", r"\(")):
        read(path)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    header = [name for name in TOGGL_HEADER if name != "Start time"]
    path = write_csv(tmp_path, "toggl.csv", header, [])

    with pytest.raises(ImportFileError) as raised:
        read(path)
    assert str(raised.value).startswith("toggl.csv, line 1: the column 'Start time' is missing;")


def test_neither_end_nor_duration_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "t.csv", ["Project", "Start date", "Start time"], [])

    with pytest.raises(ImportFileError, match=r"the column 'End date' is missing"):
        read(path)


def test_an_empty_file_and_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    latin = write_toggl(tmp_path, toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00"))
    latin.write_bytes(latin.read_bytes() + "Zoë,,,,,,,,,,,,,\n".encode("latin-1"))

    with pytest.raises(ImportFileError, match=r"^empty.csv: the file is empty;"):
        read(empty)
    with pytest.raises(ImportFileError, match=r"^toggl.csv, line 3: this line is not UTF-8 text;"):
        read(latin)


def test_an_unclosed_quote_is_named_where_its_record_starts(tmp_path: Path) -> None:
    path = write_toggl(tmp_path, toggl_row("2025-01-10 09:00:00", "2025-01-10 10:00:00"))
    path.write_text(path.read_text() + 'Ana,a@b.c,,Acme,,"no end,No,2025-01-10\n')

    with pytest.raises(ImportFileError, match=r"^toggl.csv, line 3: the CSV cannot be read here"):
        read(path)
