"""Ids are never reused: AUTOINCREMENT on the tables whose ids users see.

Without it SQLite hands the id of the newest row, once deleted, to the next
row: ``smfocus delete 12`` followed by ``smfocus add`` made a new #12, and a
script holding the old id would edit the wrong entry.

SQLite cannot add AUTOINCREMENT to a table, so each table is rebuilt, its rows
kept with their ids. The start-up upgrade runs inside one transaction with
foreign keys on, where dropping a parent table would cascade its delete to the
children (the interruptions of every entry). So the old tables are renamed
aside together, the new ones created and filled parents first, and the old
ones dropped children first: no drop ever reaches a row that is kept.

PostgreSQL's sequences never reuse a value: nothing to do there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ORDER = ("projects", "tasks", "time_entries", "interruptions", "pomodoro_phases")  # parents first
INDEXES = {
    "time_entries": (
        "uq_time_entries_one_running",
        "ix_time_entries_user_started",
        "ix_time_entries_project_started",
        "ix_time_entries_task_started",
    ),
    "interruptions": ("ix_interruptions_entry_id",),
    "pomodoro_phases": ("uq_pomodoro_phases_one_current", "ix_pomodoro_phases_user_started"),
}


def _tables(autoincrement: bool) -> sa.MetaData:
    """The five tables as revision 0002 left them, with or without AUTOINCREMENT."""
    meta = sa.MetaData()
    sa.Table("users", meta, sa.Column("id", sa.Integer(), primary_key=True))
    sa.Table(
        "projects",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("rate_cents", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value_cents", sa.Integer(), nullable=True),
        sa.Column("value_per", sa.String(length=6), server_default="month", nullable=False),
        sa.Column("priority", sa.Integer(), server_default="3", nullable=False),
        sa.Column("archived", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name="ck_projects_priority_range"),
        sa.CheckConstraint(
            "rate_cents IS NULL OR rate_cents >= 0", name="ck_projects_rate_positive"
        ),
        sa.CheckConstraint(
            "value_cents IS NULL OR value_cents >= 0", name="ck_projects_value_positive"
        ),
        sa.CheckConstraint("value_per IN ('month', 'result')", name="ck_projects_value_per_known"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_projects_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        sa.UniqueConstraint("user_id", "name_key", name="uq_projects_user_name"),
        sqlite_autoincrement=autoincrement,
    )
    sa.Table(
        "tasks",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=True),
        sa.Column("estimate_pomodoros", sa.Integer(), nullable=True),
        sa.Column("done", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "estimate_pomodoros IS NULL OR estimate_pomodoros > 0",
            name="ck_tasks_estimate_positive",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_tasks_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.UniqueConstraint("project_id", "name_key", name="uq_tasks_project_name"),
        sqlite_autoincrement=autoincrement,
    )
    sa.Table(
        "time_entries",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), server_default="cli", nullable=False),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at > started_at", name="ck_time_entries_ends_after_start"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_time_entries_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name="fk_time_entries_task_id_tasks", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_time_entries_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_time_entries"),
        sa.Index(
            "uq_time_entries_one_running",
            "user_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
        ),
        sa.Index("ix_time_entries_user_started", "user_id", "started_at", "ended_at"),
        sa.Index("ix_time_entries_project_started", "project_id", "started_at", "ended_at"),
        sa.Index("ix_time_entries_task_started", "task_id", "started_at", "ended_at"),
        sqlite_autoincrement=autoincrement,
    )
    sa.Table(
        "interruptions",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('internal', 'external')", name="ck_interruptions_kind_known"),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["time_entries.id"],
            name="fk_interruptions_entry_id_time_entries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_interruptions"),
        sa.Index("ix_interruptions_entry_id", "entry_id"),
        sqlite_autoincrement=autoincrement,
    )
    sa.Table(
        "pomodoro_phases",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.Integer(), nullable=False),
        sa.Column("ends_at", sa.Integer(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("paused_at", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("work_count", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "kind IN ('work', 'short_break', 'long_break')", name="ck_pomodoro_phases_kind_known"
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('completed', 'skipped', 'stopped', 'slept')",
            name="ck_pomodoro_phases_outcome_known",
        ),
        sa.CheckConstraint(
            "ends_at >= started_at AND duration > 0", name="ck_pomodoro_phases_sane_times"
        ),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at >= started_at",
            name="ck_pomodoro_phases_ends_after_start",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_pomodoro_phases_project_id_projects",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name="fk_pomodoro_phases_task_id_tasks", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_pomodoro_phases_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pomodoro_phases"),
        sa.Index(
            "uq_pomodoro_phases_one_current",
            "user_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
        ),
        sa.Index("ix_pomodoro_phases_user_started", "user_id", "started_at"),
        sqlite_autoincrement=autoincrement,
    )
    return meta


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for name in ORDER:
        for index in INDEXES.get(name, ()):
            op.drop_index(index, table_name=name)
        op.rename_table(name, f"_old_{name}")
    meta = _tables(autoincrement)
    for name in ORDER:
        table = meta.tables[name]
        table.create(bind)
        columns = [column.name for column in table.columns]
        old = sa.table(f"_old_{name}", *(sa.column(column) for column in columns))
        bind.execute(sa.insert(table).from_select(columns, sa.select(*old.columns)))
    for name in reversed(ORDER):
        op.drop_table(f"_old_{name}")


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
