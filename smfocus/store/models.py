"""Typed ORM classes mapped onto the Core tables of tables.py.

The schema is declared once, in tables.py; these classes add Python types for
code that prefers objects to rows (tests, future windows that edit many
fields at once). The use cases in tracker.py do not import this module: the
ORM costs every CLI command about 80 ms to import.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase, Mapped

from smfocus.store import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class User(Base):
    __table__ = tables.users

    id: Mapped[int]
    name: Mapped[str]
    created_at: Mapped[int]
    channel_key: Mapped[str | None]


class Project(Base):
    __table__ = tables.projects

    id: Mapped[int]
    user_id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    colour: Mapped[str]
    rate_cents: Mapped[int | None]
    currency: Mapped[str]
    value_cents: Mapped[int | None]
    value_per: Mapped[str]
    priority: Mapped[int]
    archived: Mapped[bool]
    created_at: Mapped[int]
    client: Mapped[str | None]
    budget_seconds: Mapped[int | None]
    budget_cents: Mapped[int | None]
    budget_rollover: Mapped[bool | None]
    commit_seconds: Mapped[int | None]


class Task(Base):
    __table__ = tables.tasks

    id: Mapped[int]
    project_id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    category: Mapped[str | None]
    estimate_pomodoros: Mapped[int | None]
    done: Mapped[bool]
    created_at: Mapped[int]


class TimeEntry(Base):
    __table__ = tables.time_entries

    id: Mapped[int]
    user_id: Mapped[int]
    project_id: Mapped[int]
    task_id: Mapped[int | None]
    started_at: Mapped[int]
    ended_at: Mapped[int | None]
    note: Mapped[str | None]
    source: Mapped[str]
    source_ref: Mapped[str | None]


class Interruption(Base):
    __table__ = tables.interruptions

    id: Mapped[int]
    entry_id: Mapped[int]
    at: Mapped[int]
    kind: Mapped[str]
    note: Mapped[str | None]


class PomodoroPhase(Base):
    __table__ = tables.pomodoro_phases

    id: Mapped[int]
    user_id: Mapped[int]
    kind: Mapped[str]
    project_id: Mapped[int | None]
    task_id: Mapped[int | None]
    started_at: Mapped[int]
    ends_at: Mapped[int]
    duration: Mapped[int]
    paused_at: Mapped[int | None]
    ended_at: Mapped[int | None]
    outcome: Mapped[str | None]
    work_count: Mapped[int]


class Setting(Base):
    __table__ = tables.settings

    user_id: Mapped[int]
    key: Mapped[str]
    value: Mapped[str]


class BudgetAlert(Base):
    __table__ = tables.budget_alerts

    project_id: Mapped[int]
    month: Mapped[str]
    threshold: Mapped[int]
    at: Mapped[int]


class ClientBudget(Base):
    __table__ = tables.client_budgets

    user_id: Mapped[int]
    client_key: Mapped[str]
    client: Mapped[str]
    budget_seconds: Mapped[int | None]
    budget_cents: Mapped[int | None]
    currency: Mapped[str | None]
    rollover: Mapped[bool]


class ClientBudgetAlert(Base):
    __table__ = tables.client_budget_alerts

    user_id: Mapped[int]
    client_key: Mapped[str]
    month: Mapped[str]
    threshold: Mapped[int]
    at: Mapped[int]


class Hook(Base):
    __table__ = tables.hooks

    id: Mapped[int]
    user_id: Mapped[int]
    event: Mapped[str]
    argv: Mapped[str | None]
    url: Mapped[str | None]
    created_at: Mapped[int]


class HookDelivery(Base):
    __table__ = tables.hook_deliveries

    id: Mapped[int]
    hook_id: Mapped[int]
    event: Mapped[str]
    at: Mapped[int]
    ok: Mapped[bool]
    status: Mapped[str]
    duration_ms: Mapped[int]
    detail: Mapped[str | None]


class Batch(Base):
    __table__ = tables.batches

    id: Mapped[int]
    user_id: Mapped[int]
    category: Mapped[str]
    position: Mapped[int]
    started_at: Mapped[int]
    ended_at: Mapped[int | None]


class BatchItem(Base):
    __table__ = tables.batch_items

    batch_id: Mapped[int]
    position: Mapped[int]
    task_id: Mapped[int]
    outcome: Mapped[str | None]


class RecurringBlock(Base):
    __table__ = tables.blocks

    id: Mapped[int]
    user_id: Mapped[int]
    days: Mapped[str]
    start_minute: Mapped[int]
    minutes: Mapped[int]
    label: Mapped[str]
    created_at: Mapped[int]


class UndoStep(Base):
    __table__ = tables.undo_steps

    id: Mapped[int]
    user_id: Mapped[int]
    at: Mapped[int]
    label: Mapped[str]
    payload: Mapped[str]


class AwayPeriod(Base):
    __table__ = tables.away_periods

    id: Mapped[int]
    user_id: Mapped[int]
    entry_id: Mapped[int]
    started_at: Mapped[int]
    ended_at: Mapped[int | None]
    reason: Mapped[str]
    resolution: Mapped[str | None]
    resolved_at: Mapped[int | None]
