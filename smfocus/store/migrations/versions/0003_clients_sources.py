"""Clients on projects; where an imported entry came from.

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


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("client", sa.String(length=80), nullable=True))
    with op.batch_alter_table("time_entries") as batch:
        batch.add_column(sa.Column("source_ref", sa.String(length=120), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_time_entries_source_ref"), ["user_id", "source", "source_ref"]
        )


def downgrade() -> None:
    with op.batch_alter_table("time_entries") as batch:
        batch.drop_constraint(op.f("uq_time_entries_source_ref"), type_="unique")
        batch.drop_column("source_ref")
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("client")
