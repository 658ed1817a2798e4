"""The CSV export read back with the csv module: exact times, their offsets, money
as numbers, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
from datetime import datetime
from io import StringIO

from hypothesis import given
from hypothesis import strategies as st

from smfocus.exports.csv_out import HEADER, write_csv
from smfocus.exports.rows import ExportEntry
from tests.exports.entries import PARIS, entry, pulled_one_at_a_time


def export(entries: list[ExportEntry]) -> list[dict[str, str]]:
    out = StringIO(newline="")
    assert write_csv(entries, PARIS, out) == len(entries)
    out.seek(0)
    reader = csv.DictReader(out)
    assert tuple(reader.fieldnames or ()) == HEADER
    return list(reader)


def epoch(text: str) -> int:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, "a local time without its offset is ambiguous"
    return int(moment.timestamp())


def test_a_row_carries_exact_times_and_money() -> None:
    (row,) = export([entry("2026-03-10T09:00:00", "2026-03-10T10:30:15", note="Q2 plan")])
    assert row["date"] == "2026-03-10"
    assert row["start"] == "2026-03-10T09:00:00+01:00"
    assert row["end"] == "2026-03-10T10:30:15+01:00"
    assert row["duration"] == "1:30:15"
    assert row["seconds"] == "5415"
    assert round(float(row["hours"]) * 3600) == 5415
    assert (row["client"], row["project"], row["task"]) == ("Acme Corp", "Acme", "Plan posts")
    assert (row["category"], row["note"]) == ("scheduling", "Q2 plan")
    assert (row["rate"], row["cost"], row["currency"]) == ("45.00", "67.69", "EUR")


def test_no_rate_leaves_rate_and_cost_empty_not_zero() -> None:
    (row,) = export([entry("2026-03-10T09:00", "2026-03-10T10:00", rate_cents=None)])
    assert (row["rate"], row["cost"]) == ("", "")


def test_work_across_midnight_is_one_row_dated_by_its_start() -> None:
    (row,) = export([entry("2026-03-10T23:30", "2026-03-11T00:45")])
    assert row["date"] == "2026-03-10"
    assert row["end"] == "2026-03-11T00:45:00+01:00"
    assert row["seconds"] == "4500"


def test_spring_change_in_paris_gives_each_end_its_own_offset() -> None:
    # 01:30 to 03:30 on the night the clocks skip 02:00-03:00: one real hour.
    (row,) = export([entry("2026-03-29T01:30", "2026-03-29T03:30")])
    assert row["start"] == "2026-03-29T01:30:00+01:00"
    assert row["end"] == "2026-03-29T03:30:00+02:00"
    assert row["seconds"] == "3600"
    assert epoch(row["end"]) - epoch(row["start"]) == 3600


def test_autumn_change_in_paris_tells_the_two_half_past_twos_apart() -> None:
    (row,) = export([entry("2026-10-25T02:30", "2026-10-25T02:30", end_fold=1)])
    assert row["start"] == "2026-10-25T02:30:00+02:00"
    assert row["end"] == "2026-10-25T02:30:00+01:00"
    assert row["seconds"] == "3600"


def test_formula_cells_are_neutralised_and_numbers_stay_numbers() -> None:
    (row,) = export(
        [
            entry(
                "2026-03-10T09:00",
                "2026-03-10T10:00",
                client="\t=1+1",
                project='=HYPERLINK("http://evil.example","x")',
                task="+33 6 12",
                category="@SUM(A1)",
                note="-2+3",
            )
        ]
    )
    for column in ("client", "project", "task", "category", "note"):
        assert row[column].startswith("'"), column
    assert row["project"] == '\'=HYPERLINK("http://evil.example","x")'
    for column in ("id", "seconds", "hours", "rate", "cost"):
        float(row[column])  # a number, not text a spreadsheet must guess about


def test_commas_quotes_and_newlines_in_notes_survive() -> None:
    note = 'Called, then "wrote";\nsecond line'
    (row,) = export([entry("2026-03-10T09:00", "2026-03-10T10:00", note=note)])
    assert row["note"] == note


def test_rows_are_written_as_entries_arrive() -> None:
    out = StringIO(newline="")
    entries = [
        entry(f"2026-03-{day:02d}T09:00", f"2026-03-{day:02d}T10:00", id=day)
        for day in range(1, 6)
    ]
    written = write_csv(
        pulled_one_at_a_time(entries, out, lambda text: text.count("\r\n") - 1), PARIS, out
    )
    assert written == 5


@given(
    start=st.integers(1_500_000_000, 2_000_000_000),
    seconds=st.integers(0, 3 * 86_400),
)
def test_any_entry_reads_back_to_the_second(start: int, seconds: int) -> None:
    item = ExportEntry(7, start, start + seconds, None, "P", None, None, None, 4500, "EUR")
    (row,) = export([item])
    assert epoch(row["start"]) == start
    assert epoch(row["end"]) == start + seconds
    assert int(row["seconds"]) == seconds
    assert round(float(row["hours"]) * 3600) == seconds
    assert row["date"] == datetime.fromtimestamp(start, PARIS).date().isoformat()
