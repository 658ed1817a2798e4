"""Plain, frozen values the use cases hand back: never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass

from smfocus.core.focus import Phase


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    id: int
    name: str
    colour: str
    rate_cents: int | None
    currency: str
    value_cents: int | None
    value_per: str
    priority: int
    archived: bool
    client: str | None = None


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: int
    project: str
    name: str
    category: str | None
    estimate_pomodoros: int | None
    done: bool


@dataclass(frozen=True, slots=True)
class EntryRecord:
    id: int
    project: str
    task: str | None
    category: str | None
    started_at: int
    ended_at: int | None
    note: str | None
    source: str

    def seconds(self, now: int) -> int:
        end = self.ended_at if self.ended_at is not None else now
        return max(0, end - self.started_at)


@dataclass(frozen=True, slots=True)
class StartResult:
    started: EntryRecord
    stopped: EntryRecord | None  # the entry that was running and was ended at the same instant


@dataclass(frozen=True, slots=True)
class Status:
    running: EntryRecord | None
    now: int
    phase: Phase | None = None

    @property
    def elapsed_seconds(self) -> int:
        return self.running.seconds(self.now) if self.running else 0


@dataclass(frozen=True, slots=True)
class InterruptionRecord:
    id: int
    entry_id: int
    at: int
    kind: str
    note: str | None


@dataclass(frozen=True, slots=True)
class ReportGroup:
    key: str
    seconds: int


@dataclass(frozen=True, slots=True)
class Report:
    start: int | None  # None: from the first entry (there is none)
    end: int
    by: str
    groups: tuple[ReportGroup, ...]

    @property
    def total_seconds(self) -> int:
        return sum(group.seconds for group in self.groups)
