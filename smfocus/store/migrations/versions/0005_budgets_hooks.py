"""Retainers and weekly commitments on projects; budget alerts; hooks.

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


def downgrade() -> None:
    op.drop_index("ix_hook_deliveries_hook_id", table_name="hook_deliveries")
    op.drop_table("hook_deliveries")
    op.drop_index("ix_hooks_user_event", table_name="hooks")
    op.drop_table("hooks")
    op.drop_table("budget_alerts")
    for column in ("commit_seconds", "budget_rollover", "budget_cents", "budget_seconds"):
        op.drop_column("projects", column)
