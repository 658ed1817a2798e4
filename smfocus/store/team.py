"""A team on one PostgreSQL database: a role per person, row-level security.

Each person connects as their own login role and is the smfocus user of the
same name. Row-level security lets a member's role read and write only the
rows of that user, whatever client it uses (smfocus or raw SQL); members of
``smfocus_lead`` also read everyone's rows, for team reports.

Roles, grants and policies have no SQLite counterpart, so this module speaks
PostgreSQL's DDL directly; every query of the data itself stays in Core.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy import Connection, Engine, column, func, insert, select, table, text
from sqlalchemy import exc as sa_exc

from smfocus.core.i18n import _
from smfocus.errors import Fix, UserError
from smfocus.store import reports, server
from smfocus.store.tables import metadata, projects, users

MEMBER_ROLE = "smfocus_member"
LEAD_ROLE = "smfocus_lead"
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_OWNER = "smfocus_uid()"


def owned_by() -> dict[str, str]:
    """Whose rows each table holds: a condition on the table's own columns.

    Read from the schema, so a table added later is covered the day it is
    declared: a table with a ``user_id`` belongs to that user; a table without
    one belongs to the owner of the row its first foreign key names (the
    parent's policy applies inside that subquery too). A table that fits
    neither rule stops the set-up: no table may stay readable by everyone.
    """
    rules: dict[str, str] = {"users": "name = current_user"}
    for declared in metadata.sorted_tables:
        if declared.name in rules:
            continue
        if "user_id" in declared.c:
            rules[declared.name] = f"user_id = {_OWNER}"
            continue
        columns = list(declared.c)
        parents = sorted(
            (key for key in declared.foreign_keys if key.column.table.name in rules),
            key=lambda key: columns.index(key.parent),  # a set: make the choice stable
        )
        if not parents:
            raise AssertionError(f"no owner rule for the table {declared.name}")
        key = parents[0]
        parent = key.column.table.name
        # The parent's own rule inside the subquery, not only its policy: a lead
        # reads every project, so "IN (SELECT id FROM projects)" would let a
        # lead add a task to a colleague's project.
        rules[declared.name] = (
            f"{key.parent.name} IN (SELECT {key.column.name} FROM {parent} WHERE {rules[parent]})"
        )
    return rules


def _create_role(connection: Connection, role: str, *, login: bool) -> bool:
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).first()
    if exists is not None:
        return False
    quoted = connection.dialect.identifier_preparer.quote(role)
    connection.execute(text(f"CREATE ROLE {quoted} {'LOGIN' if login else 'NOLOGIN'}"))
    return True


@contextmanager
def _as_admin(engine: Engine) -> Iterator[Connection]:
    """A transaction for team set-up; a role without the rights is told so."""
    try:
        with engine.begin() as connection:
            yield connection
    except sa_exc.DBAPIError as error:
        message = server.first_line(error)
        lowered = message.lower()
        if "permission" in lowered or "must be" in lowered or "must have" in lowered:
            role = engine.url.username
            sentence = (
                _(
                    "The role {role} may not set up the team ({reason}); run this as the "
                    "database's owner or a role with CREATEROLE."
                )
                if role
                else _(
                    "The role in the URL may not set up the team ({reason}); run this as the "
                    "database's owner or a role with CREATEROLE."
                )
            )
            raise UserError(sentence.format(role=role, reason=message)) from None
        friendly = server.explain(error)
        if friendly is not None:
            raise friendly from None
        raise


def init_team(engine: Engine) -> None:
    """Roles, grants and policies; running it again changes nothing."""
    with _as_admin(engine) as connection:
        server.lock_schema(connection)
        server.install_notify(connection)
        _create_role(connection, MEMBER_ROLE, login=False)
        _create_role(connection, LEAD_ROLE, login=False)
        connection.execute(text(f"GRANT {MEMBER_ROLE} TO {LEAD_ROLE}"))
        # The user id of the connected role: one index lookup, computed once per
        # statement (STABLE), so the policies stay index conditions.
        connection.execute(
            text(
                "CREATE OR REPLACE FUNCTION smfocus_uid() RETURNS integer "
                "LANGUAGE sql STABLE AS "
                "$$ SELECT id FROM users WHERE name = current_user $$"
            )
        )
        rules = owned_by()
        names = ", ".join(rules)
        connection.execute(
            text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {names} TO {MEMBER_ROLE}")
        )
        connection.execute(text(f"GRANT SELECT ON alembic_version TO {MEMBER_ROLE}"))
        connection.execute(
            text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {MEMBER_ROLE}")
        )
        for table, owned in rules.items():
            connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
            connection.execute(text(f"DROP POLICY IF EXISTS own_rows ON {table}"))
            connection.execute(text(f"DROP POLICY IF EXISTS lead_reads ON {table}"))
            connection.execute(
                text(
                    f"CREATE POLICY own_rows ON {table} FOR ALL TO {MEMBER_ROLE} "
                    f"USING ({owned}) WITH CHECK ({owned})"
                )
            )
            connection.execute(
                text(f"CREATE POLICY lead_reads ON {table} FOR SELECT TO {LEAD_ROLE} USING (true)")
            )


def add_member(engine: Engine, name: str, *, lead: bool, now: int) -> bool:
    """A login role and a smfocus user for ``name``; True when the role is new."""
    if not ROLE_NAME.fullmatch(name):
        raise UserError(
            _(
                "'{name}' cannot be a member's name; use lower-case letters, digits and _ "
                "(at most 63), starting with a letter."
            ).format(name=name[:60])
        )
    with _as_admin(engine) as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": MEMBER_ROLE}
        ).first()
        if found is None:
            raise UserError(_("The team is not set up yet."), Fix("init_team"))
        created = _create_role(connection, name, login=True)
        quoted = connection.dialect.identifier_preparer.quote(name)
        connection.execute(text(f"GRANT {MEMBER_ROLE} TO {quoted}"))
        if lead:
            connection.execute(text(f"GRANT {LEAD_ROLE} TO {quoted}"))
        else:
            connection.execute(text(f"REVOKE {LEAD_ROLE} FROM {quoted}"))
        known = connection.execute(select(users.c.id).where(users.c.name == name)).first()
        if known is None:
            connection.execute(
                insert(users).values(
                    name=name, created_at=now, channel_key=server.new_channel_key()
                )
            )
    return created


@dataclass(frozen=True, slots=True)
class TeamRow:
    person: str
    client: str | None
    seconds: int


@dataclass(frozen=True, slots=True)
class TeamProjectRow:
    person: str
    client: str | None
    project: str
    seconds: int


_roles = table("pg_roles", column("rolname"))


def reads_team(connection: Connection) -> bool:
    """True when this is a team database and the connected role reads everyone's
    time (a lead, or a superuser, whom the policies do not bind)."""
    if connection.dialect.name != "postgresql":
        return False
    team = connection.scalar(select(_roles.c.rolname).where(_roles.c.rolname == LEAD_ROLE))
    if team is None:
        return False
    return bool(
        connection.scalar(select(func.pg_has_role(func.current_user(), LEAD_ROLE, "MEMBER")))
    )


def team_projects(
    connection: Connection, start: int, end: int, now: int, tz: tzinfo
) -> list[TeamProjectRow]:
    """Seconds per person, client and project over [start, end), for everyone the
    connected role may read (the policies decide, not this query); ordered by
    person, then by time spent."""
    people = connection.execute(select(users.c.id, users.c.name).order_by(users.c.name)).all()
    found: list[TeamProjectRow] = []
    for ident, name in people:
        about = {
            row.id: row
            for row in connection.execute(
                select(projects.c.id, projects.c.name, projects.c.client).where(
                    projects.c.user_id == ident
                )
            )
        }
        window = reports.Window(int(ident), start, end, now)
        spent = [
            (about[project], seconds)
            for (project, _period), seconds in reports.totals(
                connection, window, tz, "project", None
            ).items()
            if seconds and project in about
        ]
        spent.sort(key=lambda item: (-item[1], item[0].client or "", item[0].name))
        found.extend(
            TeamProjectRow(str(name), row.client, str(row.name), seconds) for row, seconds in spent
        )
    return found


def team_totals(
    connection: Connection, start: int, end: int, now: int, tz: tzinfo
) -> list[TeamRow]:
    """Seconds per person and client over [start, end): everyone a lead may read,
    only oneself for a member. The sums of ``team_projects``, so the charts' Team
    view and ``report --team`` cannot disagree."""
    per_client: dict[tuple[str, str | None], int] = defaultdict(int)
    for row in team_projects(connection, start, end, now, tz):
        per_client[(row.person, row.client)] += row.seconds
    ordered = sorted(per_client.items(), key=lambda item: (item[0][0], -item[1], item[0][1] or ""))
    return [TeamRow(person=person, client=client, seconds=s) for (person, client), s in ordered]
