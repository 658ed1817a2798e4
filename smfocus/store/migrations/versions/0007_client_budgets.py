"""Budgets per client, shared by the projects of that client, and their alerts.

Only CREATE TABLE: SQLite does it in place.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_budgets",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=80), nullable=False),
        sa.Column("client", sa.String(length=80), nullable=False),
        sa.Column("budget_seconds", sa.Integer(), nullable=True),
        sa.Column("budget_cents", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("rollover", sa.Boolean(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "budget_seconds IS NOT NULL OR budget_cents IS NOT NULL",
            name="ck_client_budgets_some_budget",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_client_budgets_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "client_key", name="pk_client_budgets"),
    )
    op.create_table(
        "client_budget_alerts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=80), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_client_budget_alerts_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "client_key", "month", "threshold", name="pk_client_budget_alerts"
        ),
    )


def downgrade() -> None:
    op.drop_table("client_budget_alerts")
    op.drop_table("client_budgets")
