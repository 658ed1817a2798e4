"""The Toggl import CSV read back: Toggl's own columns, local wall-clock times,
durations as HH:MM:SS, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
from io import StringIO

from smfocus.exports.rows import ExportEntry
from smfocus.exports.toggl_out import HEADER, write_toggl
from tests.exports.entries import PARIS, entry, pulled_one_at_a_time

TOGGL_TEMPLATE = (
    "Email,Start date,Start time,Duration,Project,Client,Task,Description,Billable,Tags"
)


def export(entries: list[ExportEntry], email: str = "me@example.org") -> list[dict[str, str]]:
    out = StringIO(newline="")
    assert write_toggl(entries, PARIS, out, email=email) == len(entries)
    text = out.getvalue()
    assert text.splitlines()[0] == TOGGL_TEMPLATE
    return list(csv.DictReader(StringIO(text, newline="")))


def test_header_is_togglss_import_template() -> None:
    assert ",".join(HEADER) == TOGGL_TEMPLATE


def test_a_row_in_toggl_terms() -> None:
    (row,) = export([entry("2026-03-10T09:05:07", "2026-03-10T10:35:08", note="moved to Friday")])
    assert row == {
        "Email": "me@example.org",
        "Start date": "2026-03-10",
        "Start time": "09:05:07",
        "Duration": "01:30:01",
        "Project": "Acme",
        "Client": "Acme Corp",
        "Task": "Plan posts",
        "Description": "Plan posts — moved to Friday",
        "Billable": "Yes",
        "Tags": "scheduling",
    }


def test_missing_names_are_empty_and_time_without_rate_is_not_billable() -> None:
    (row,) = export(
        [
            entry(
                "2026-03-10T09:00",
                "2026-03-10T09:00:30",
                task=None,
                client=None,
                category=None,
                rate_cents=None,
            )
        ],
        email="",
    )
    assert (row["Email"], row["Client"], row["Task"], row["Tags"]) == ("", "", "", "")
    assert (row["Description"], row["Billable"], row["Duration"]) == ("", "No", "00:00:30")


def test_long_entries_and_midnight() -> None:
    (row,) = export([entry("2026-03-10T23:00", "2026-03-15T03:00")])
    assert (row["Start date"], row["Start time"], row["Duration"]) == (
        "2026-03-10",
        "23:00:00",
        "100:00:00",
    )


def test_dst_days_in_paris_keep_wall_clock_start_and_real_duration() -> None:
    spring, autumn = export(
        [
            entry("2026-03-29T01:30", "2026-03-29T03:30"),
            entry("2026-10-25T01:30", "2026-10-25T02:30", end_fold=1),
        ]
    )
    assert (spring["Start time"], spring["Duration"]) == ("01:30:00", "01:00:00")
    assert (autumn["Start time"], autumn["Duration"]) == ("01:30:00", "02:00:00")


def test_formula_cells_are_neutralised() -> None:
    (row,) = export(
        [
            entry(
                "2026-03-10T09:00",
                "2026-03-10T10:00",
                project="=cmd|' /C calc'!A0",
                client="@client",
                task="-task",
                category="+tag",
            )
        ],
        email="=me",
    )
    for column in ("Email", "Project", "Client", "Task", "Description", "Tags"):
        assert row[column].startswith("'"), column


def test_rows_are_written_as_entries_arrive() -> None:
    out = StringIO(newline="")
    entries = [entry(f"2026-03-0{day}T09:00", f"2026-03-0{day}T10:00") for day in range(1, 5)]
    feed = pulled_one_at_a_time(entries, out, lambda text: text.count("\r\n") - 1)
    assert write_toggl(feed, PARIS, out) == 4
