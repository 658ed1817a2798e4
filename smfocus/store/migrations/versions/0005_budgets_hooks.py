"""Retainers and weekly commitments on projects; budget alerts; hooks; batch runs;
recurring blocks.

Only ADD COLUMN, CREATE TABLE and CREATE INDEX: SQLite does them in place (a
batch rebuild of projects would cascade its drop to every entry).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("projects", sa.Column("budget_seconds", sa.Integer(), nullable=True))
    op.add_column("projects", sa.Column("budget_cents", sa.Integer(), nullable=True))
    op.add_column("projects", sa.Column("budget_rollover", sa.Boolean(), nullable=True))
    op.add_column("projects", sa.Column("commit_seconds", sa.Integer(), nullable=True))
    op.create_table(
        "budget_alerts",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_budget_alerts_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "month", "threshold", name="pk_budget_alerts"),
    )
    op.create_table(
        "hooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("argv", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("(argv IS NULL) <> (url IS NULL)", name="ck_hooks_one_target"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_hooks_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hooks"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_hooks_user_event", "hooks", ["user_id", "event"])
    op.create_table(
        "hook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hook_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hook_id"],
            ["hooks.id"],
            name="fk_hook_deliveries_hook_id_hooks",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hook_deliveries"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_hook_deliveries_hook_id", "hook_deliveries", ["hook_id"])
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("started_at", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_batches_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "uq_batches_one_running",
        "batches",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_table(
        "batch_items",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=True),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('done', 'skipped')",
            name="ck_batch_items_outcome_known",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name="fk_batch_items_batch_id_batches",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name="fk_batch_items_task_id_tasks", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("batch_id", "position", name="pk_batch_items"),
    )
    op.create_table(
        "blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.String(length=27), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("start_minute BETWEEN 0 AND 1439", name="ck_blocks_start_in_day"),
        sa.CheckConstraint("minutes BETWEEN 1 AND 1440", name="ck_blocks_length_sane"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_blocks_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_blocks"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("blocks")
    op.drop_table("batch_items")
    op.drop_index("uq_batches_one_running", table_name="batches")
    op.drop_table("batches")
    op.drop_index("ix_hook_deliveries_hook_id", table_name="hook_deliveries")
    op.drop_table("hook_deliveries")
    op.drop_index("ix_hooks_user_event", table_name="hooks")
    op.drop_table("hooks")
    op.drop_table("budget_alerts")
    for column in ("commit_seconds", "budget_rollover", "budget_cents", "budget_seconds"):
        op.drop_column("projects", column)
