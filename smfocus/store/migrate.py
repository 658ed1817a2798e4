"""Alembic, driven from code: the app migrates the user's file at start-up.

No ``alembic.ini`` is needed at run time; developers can still use the
Alembic command line with ``alembic -c smfocus/store/migrations/alembic.ini``.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

SCRIPT_LOCATION = "smfocus.store:migrations"


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Upgrade on the caller's connection, inside the caller's transaction."""
    command.upgrade(config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(config(connection), revision)


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
