"""Which schema a database holds, read and written without importing Alembic."""

from __future__ import annotations

from sqlalchemy import Connection, text

from smfocus.store.revision import HEAD, KNOWN, TABLE

__all__ = ["HEAD", "KNOWN", "read", "stamp"]


def read(connection: Connection) -> str | None:
    if not connection.dialect.has_table(connection, TABLE):
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {TABLE}")).scalars().all()
    if not rows:
        return None
    return str(rows[0])


def stamp(connection: Connection, revision: str) -> None:
    """Write the version row the way Alembic does, for a schema made by create_all."""
    connection.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (version_num VARCHAR(32) NOT NULL, "
            f"CONSTRAINT {TABLE}_pkc PRIMARY KEY (version_num))"
        )
    )
    connection.execute(text(f"DELETE FROM {TABLE}"))
    connection.execute(text(f"INSERT INTO {TABLE} (version_num) VALUES (:rev)"), {"rev": revision})
