"""Clients on projects; where an imported entry came from.

Only ADD COLUMN and CREATE INDEX: SQLite does both in place. A batch
"recreate" would drop and rebuild time_entries inside the upgrade's
transaction, with foreign keys on, and the drop would cascade to every
interruption.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("projects", sa.Column("client", sa.String(length=80), nullable=True))
    op.add_column("time_entries", sa.Column("source_ref", sa.String(length=120), nullable=True))
    op.create_index(
        "uq_time_entries_source_ref",
        "time_entries",
        ["user_id", "source", "source_ref"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_time_entries_source_ref", table_name="time_entries")
    # DROP COLUMN is in place too (SQLite 3.35+) for a column no index or
    # constraint names.
    op.drop_column("time_entries", "source_ref")
    op.drop_column("projects", "client")
