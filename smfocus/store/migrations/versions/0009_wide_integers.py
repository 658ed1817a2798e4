"""Times and money in 64-bit integers on PostgreSQL.

PostgreSQL's ``integer`` holds up to 2,147,483,647: as seconds since 1970 that
is 19 January 2038, as cents 21 million, while the app accepts rates and
values up to a billion. SQLite's integers are 64-bit already, so on SQLite
this revision changes nothing but the version.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Every moment (seconds since 1970), amount of money (cents) and budget of time.
WIDE = {
    "users": ("created_at",),
    "projects": (
        "rate_cents", "value_cents", "created_at", "budget_seconds", "budget_cents",
        "commit_seconds",
    ),
    "tasks": ("created_at",),
    "time_entries": ("started_at", "ended_at"),
    "interruptions": ("at",),
    "pomodoro_phases": ("started_at", "ends_at", "paused_at", "ended_at"),
    "budget_alerts": ("at",),
    "client_budgets": ("budget_seconds", "budget_cents"),
    "client_budget_alerts": ("at",),
    "hooks": ("created_at",),
    "hook_deliveries": ("at",),
    "batches": ("started_at", "ended_at"),
    "blocks": ("created_at",),
    "undo_steps": ("at",),
    "away_periods": ("started_at", "ended_at", "resolved_at"),
}  # fmt: skip


def _alter(wide: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    new, old = (sa.BigInteger(), sa.Integer()) if wide else (sa.Integer(), sa.BigInteger())
    for table, columns in WIDE.items():
        for column in columns:
            op.alter_column(table, column, type_=new, existing_type=old)


def upgrade() -> None:
    _alter(wide=True)


def downgrade() -> None:
    _alter(wide=False)
