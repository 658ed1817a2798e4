"""Pomodoro phases and settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pomodoro_phases",
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
            "kind IN ('work', 'short_break', 'long_break')",
            name=op.f("ck_pomodoro_phases_kind_known"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('completed', 'skipped', 'stopped', 'slept')",
            name=op.f("ck_pomodoro_phases_outcome_known"),
        ),
        sa.CheckConstraint(
            "ends_at >= started_at AND duration > 0", name=op.f("ck_pomodoro_phases_sane_times")
        ),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at >= started_at",
            name=op.f("ck_pomodoro_phases_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_pomodoro_phases_project_id_projects"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_pomodoro_phases_task_id_tasks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pomodoro_phases_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pomodoro_phases")),
    )
    op.create_index(
        "uq_pomodoro_phases_one_current",
        "pomodoro_phases",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_index(
        "ix_pomodoro_phases_user_started", "pomodoro_phases", ["user_id", "started_at"]
    )
    op.create_table(
        "settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_settings_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_pomodoro_phases_user_started", table_name="pomodoro_phases")
    op.drop_index("uq_pomodoro_phases_one_current", table_name="pomodoro_phases")
    op.drop_table("pomodoro_phases")
