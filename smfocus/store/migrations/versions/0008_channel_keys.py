"""A secret channel key per person, for the live-update channels.

The column is added in place (no table rebuild: with foreign keys on, SQLite's
drop of the old ``users`` would cascade to every child table), and every
existing person gets a fresh random key. On PostgreSQL the start-up that runs
this migration reinstalls the notify function in the same transaction
(``server.install_notify``), so the triggers switch to the new names at once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The table as this revision knows it, not as tables.py may declare it later.
_users = sa.table("users", sa.column("id", sa.Integer()), sa.column("channel_key", sa.String()))


def upgrade() -> None:
    op.add_column("users", sa.Column("channel_key", sa.String(length=32), nullable=True))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(_users.c.id)).all():
        bind.execute(
            sa.update(_users)
            .where(_users.c.id == user_id)
            .values(channel_key=secrets.token_hex(16))
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # The notify function reads the column: left in place it would fail every
        # write. Going down loses live updates until the next upgrade reinstalls it.
        op.execute("DROP FUNCTION IF EXISTS smfocus_notify() CASCADE")
    op.drop_column("users", "channel_key")
