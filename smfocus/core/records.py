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
    # The running entry removed instead, because it had no time to keep: it began
    # within the clock's current second, or after the clock's now.
    discarded: EntryRecord | None = None
    clock_behind: int = 0  # seconds the clock is behind the newest stored time (0: fine)


@dataclass(frozen=True, slots=True)
class StopResult:
    """What ``stop`` or ``cancel`` did to the running entry and the timer."""

    entry: EntryRecord  # as it ended (cancelled: as it ran; no time kept: ends at its start)
    removed: bool  # the entry is gone: cancelled, or it had no time to keep
    phase: Phase | None  # the timer phase that ended with it
    clock_behind: int = 0


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
