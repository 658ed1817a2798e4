from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus.imports import clockify
from smfocus.imports.clockify import DateOrder
from smfocus.imports.records import ImportFileError, SourceEntry
from tests.helpers import at
from tests.imports.files import FIXTURES, write_csv

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
HEADER = [
    "Project",
    "Client",
    "Description",
    "Task",
    "User",
    "Group",
    "Email",
    "Tags",
    "Billable",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "Duration (h)",
    "Duration (decimal)",
    "Billable Rate (USD)",
    "Billable Amount (USD)",
]


def row(
    start: str, end: str, duration: str = "", rate: str = "", project: str = "Acme"
) -> list[str]:
    """A Clockify row from "DATE TIME" strings written as the test wants them."""
    start_date, start_time = start.split(" ", 1)
    end_date, end_time = end.split(" ", 1)
    return [
        project,
        "",
        "",
        "",
        "Ana",
        "",
        "ana@example.com",
        "",
        "No",
        start_date,
        start_time,
        end_date,
        end_time,
        duration,
        "",
        rate,
        "",
    ]


def read(
    path: Path, tz: ZoneInfo = PARIS, date_order: DateOrder | None = None
) -> list[SourceEntry]:
    return list(clockify.read(path, tz=tz, date_order=date_order))


def starts(path: Path, tz: ZoneInfo = PARIS, date_order: DateOrder | None = None) -> list[int]:
    return [entry.started_at for entry in read(path, tz, date_order)]


def test_the_documented_export_with_12_hour_times() -> None:
    first, second = read(FIXTURES / "clockify_detailed.csv", NEW_YORK)

    assert (first.started_at, first.ended_at) == (
        at("2025-01-02T08:00", NEW_YORK),
        at("2025-01-02T09:30", NEW_YORK),
    )
    assert (first.project, first.client, first.task) == ("Instagram", "Acme Bakery", "Scheduling")
    assert (first.note, first.category) == ("Plan posts, week 3", "scheduling posts")
    assert (first.rate_cents, first.currency) == (5000, "USD")
    # 11:45 PM to 12:15 AM the next day; 01/13 tells the file writes month first.
    assert (second.started_at, second.ended_at) == (
        at("2025-01-13T23:45", NEW_YORK),
        at("2025-01-14T00:15", NEW_YORK),
    )
    assert (second.rate_cents, second.currency) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:30:00 AM", "00:30"),
        ("12:30:00 PM", "12:30"),
        ("01:05:09 PM", "13:05:09"),
        ("1:05 pm", "13:05"),
        ("00:15:00", "00:15"),
        ("23:59:59", "23:59:59"),
    ],
)
def test_twelve_and_twenty_four_hour_times(tmp_path: Path, text: str, expected: str) -> None:
    path = write_csv(tmp_path, "c.csv", HEADER, [row(f"2025-01-02 {text}", "2025-01-03 00:00:00")])

    assert starts(path) == [at(f"2025-01-02T{expected}", PARIS)]


def test_a_day_above_12_late_in_the_file_decides_for_every_row(tmp_path: Path) -> None:
    rows = [
        row("03/04/2025 09:00", "03/04/2025 10:00"),
        row("25/04/2025 09:00", "25/04/2025 10:00"),
    ]
    path = write_csv(tmp_path, "c.csv", HEADER, rows)

    assert starts(path) == [at("2025-04-03T09:00", PARIS), at("2025-04-25T09:00", PARIS)]


def test_a_month_first_file_told_by_an_end_date(tmp_path: Path) -> None:
    rows = [
        row("03/04/2025 09:00", "03/04/2025 10:00"),
        row("04/12/2025 23:00", "04/13/2025 01:00"),
    ]
    path = write_csv(tmp_path, "c.csv", HEADER, rows)

    assert starts(path) == [at("2025-03-04T09:00", PARIS), at("2025-04-12T23:00", PARIS)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("03.04.2025 09:00", "03.04.2025 10:00", "2025-04-03T09:00"),  # dots: day first
        ("03/04/2025 09:00", "03/04/2025 10:00", "2025-03-04T09:00"),  # undecided: month first
        ("03-04-2025 09:00", "03-04-2025 10:00", "2025-03-04T09:00"),
        ("2025-03-04 09:00", "2025-03-04 10:00", "2025-03-04T09:00"),  # year first
    ],
)
def test_files_that_never_tell_use_the_documented_default(
    tmp_path: Path, start: str, end: str, expected: str
) -> None:
    path = write_csv(tmp_path, "c.csv", HEADER, [row(start, end)])

    assert starts(path) == [at(expected, PARIS)]


def test_the_caller_can_name_the_order(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "c.csv", HEADER, [row("03/04/2025 09:00", "03/04/2025 10:00")])

    assert starts(path, date_order=DateOrder.DAY_FIRST) == [at("2025-04-03T09:00", PARIS)]


def test_a_date_that_contradicts_the_file_is_an_error_on_its_line(tmp_path: Path) -> None:
    rows = [
        row("13/01/2025 09:00", "13/01/2025 10:00"),
        row("01/14/2025 09:00", "01/14/2025 10:00"),
    ]
    path = write_csv(tmp_path, "c.csv", HEADER, rows)

    with pytest.raises(ImportFileError) as raised:
        read(path)
    assert str(raised.value) == (
        "c.csv, line 3: the start date '01/14/2025' is not a date "
        "(the file writes dates day-first); fix it and import again."
    )


def test_new_york_autumn_repeat_with_12_hour_times(tmp_path: Path) -> None:
    rows = [row("11/02/2025 01:30:00 AM", "11/02/2025 01:15:00 AM", "00:45:00")]
    rows.append(row("11/02/2025 01:10:00 AM", "11/02/2025 01:40:00 AM", "01:30:00"))
    path = write_csv(tmp_path, "c.csv", HEADER, rows)

    first, second = read(path, NEW_YORK)

    assert (first.started_at, first.ended_at) == (
        at("2025-11-02T01:30", NEW_YORK),
        at("2025-11-02T01:15", NEW_YORK, fold=1),
    )
    assert (second.started_at, second.ended_at) == (
        at("2025-11-02T01:10", NEW_YORK),
        at("2025-11-02T01:40", NEW_YORK, fold=1),
    )


def test_paris_spring_gap(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, "c.csv", HEADER, [row("30.03.2025 01:45", "30.03.2025 03:15", "0:30:00")]
    )

    (entry,) = read(path)

    assert (entry.started_at, entry.ended_at) == (
        at("2025-03-30T01:45", PARIS),
        at("2025-03-30T03:15", PARIS),
    )


def test_the_rate_comes_from_the_amount_when_there_is_no_rate_column(tmp_path: Path) -> None:
    header = [
        "Project",
        "Start Date",
        "Start Time",
        "End Date",
        "End Time",
        "Billable Amount (GBP)",
    ]
    path = write_csv(
        tmp_path, "c.csv", header, [["A", "2025-01-02", "09:00", "2025-01-02", "09:40", "20"]]
    )

    (entry,) = read(path)

    assert (entry.rate_cents, entry.currency) == (3000, "GBP")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            row("2025-01-02 09:00", "2025-01-02 10:00", rate="fifty"),
            "the amount 'fifty' is not a number",
        ),
        (row("1/2/25 09:00", "1/2/25 10:00"), "the start date '1/2/25' is not a date"),
        (
            row("2025-01-02 13:00 PM", "2025-01-02 14:00"),
            "the start time '13:00 PM' is not a time",
        ),
        (row("2025-01-02 09:00", "2025-01-01 10:00"), "this entry ends before it starts"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, bad: list[str], message: str) -> None:
    path = write_csv(tmp_path, "clockify.csv", HEADER, [bad])

    with pytest.raises(ImportFileError, match=f"^clockify.csv, line 2: {message}"):
        read(path)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, "clockify.csv", [name for name in HEADER if name != "Start Date"], []
    )

    with pytest.raises(
        ImportFileError, match=r"^clockify.csv, line 1: the column 'Start Date' is missing"
    ):
        read(path)
