"""The undo journal and away periods.

Only CREATE TABLE and CREATE INDEX: SQLite does both in place, and no existing
table is rebuilt (a rebuild drops the old table inside the upgrade's
transaction, and with foreign keys on the drop cascades to its children).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "undo_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_undo_steps_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_undo_steps"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_undo_steps_user_id", "undo_steps", ["user_id", "id"])
    op.create_table(
        "away_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=8), server_default="idle", nullable=False),
        sa.Column("resolution", sa.String(length=8), nullable=True),
        sa.Column("resolved_at", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('idle', 'sleep', 'lock')", name="ck_away_periods_reason_known"
        ),
        sa.CheckConstraint(
            "resolution IS NULL OR resolution IN ('keep', 'discard', 'stop', 'assign')",
            name="ck_away_periods_resolution_known",
        ),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at >= started_at",
            name="ck_away_periods_ends_after_start",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_away_periods_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["time_entries.id"],
            name="fk_away_periods_entry_id_time_entries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_away_periods"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_away_periods_user_pending", "away_periods", ["user_id", "resolution", "started_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_away_periods_user_pending", table_name="away_periods")
    op.drop_table("away_periods")
    op.drop_index("ix_undo_steps_user_id", table_name="undo_steps")
    op.drop_table("undo_steps")
