"""What an exporter is given: one finished stretch of work, as plain values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportEntry:
    """A time entry with the names and money a file needs.

    ``started_at``/``ended_at`` are UTC epoch seconds; a running entry is passed
    already cut at "now" by the caller, so every entry here has an end.
    ``rate_cents`` is the project's hourly rate (None: no rate, nothing billed).
    """

    id: int
    started_at: int
    ended_at: int
    client: str | None
    project: str
    task: str | None
    category: str | None
    note: str | None
    rate_cents: int | None
    currency: str

    @property
    def seconds(self) -> int:
        return self.ended_at - self.started_at
