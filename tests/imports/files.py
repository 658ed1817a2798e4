"""Writing small import files inside a test, the way each tracker writes them."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

TOGGL_HEADER = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
    "Amount (EUR)",
]


def write_csv(
    folder: Path,
    name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    bom: bool = False,
) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def toggl_row(
    start: str,
    end: str,
    duration: str = "",
    *,
    project: str = "Acme",
    task: str = "",
    description: str = "",
    tags: str = "",
    amount: str = "",
) -> list[str]:
    """A Toggl row from ``YYYY-MM-DD HH:MM:SS`` start and end."""
    start_date, start_time = start.split(" ")
    end_date, end_time = end.split(" ")
    return [
        "Ana",
        "ana@example.com",
        "",
        project,
        task,
        description,
        "No",
        start_date,
        start_time,
        end_date,
        end_time,
        duration,
        tags,
        amount,
    ]


def write_toggl(folder: Path, *rows: list[str], name: str = "toggl.csv") -> Path:
    return write_csv(folder, name, TOGGL_HEADER, rows)
