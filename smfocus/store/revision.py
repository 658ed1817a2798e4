"""The schema revisions this release knows, oldest first; the last is the head.

Kept free of imports so the fast status read (plain ``sqlite3``) can check the
schema without loading SQLAlchemy. A test checks it against the Alembic scripts.
"""

KNOWN: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD = KNOWN[-1]
TABLE = "alembic_version"
