"""``smfocus db``: the database itself. Upgrading a shared database's schema, and
setting up a team on PostgreSQL (roles and row-level security). Part of the
command line: no Qt here."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from smfocus.core.i18n import N_, _
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.cli import Context
    from smfocus.store.database import Store

Handler = Callable[[argparse.Namespace, "Context"], int]
#: The form of a shared database's address; its capitals are placeholders to translate.
URL_EXAMPLE = N_("postgresql+psycopg://ROLE@HOST/DATABASE")
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def _open(ctx: Context, *, upgrade: bool = False) -> Store:
    from smfocus.store.database import open_store

    return open_store(ctx.data_dir, ctx.url, upgrade=upgrade)


def _server(ctx: Context) -> Store:
    store = _open(ctx)
    if store.path is not None:
        store.dispose()
        raise UserError(
            _(
                "Teams need a shared PostgreSQL database; set {variable} "
                "(or --database-url) to {url} first."
            ).format(variable="SMFOCUS_DATABASE_URL", url=_(URL_EXAMPLE))
        )
    return store


def cmd_db(args: argparse.Namespace, ctx: Context) -> int:
    action: str = args.action
    if action == "upgrade":
        return _upgrade(ctx)
    if action == "status":
        return _status(ctx)
    if action == "init-team":
        return _init_team(ctx)
    if action == "add-member":
        return _add_member(args, ctx)
    raise AssertionError(action)


def _upgrade(ctx: Context) -> int:
    from smfocus.store.revision import HEAD

    store = _open(ctx, upgrade=True)
    try:
        if store.backup is not None:
            print(
                _("Upgraded the database to schema {schema}; the old file is at {path}.").format(
                    schema=HEAD, path=store.backup
                )
            )
        else:
            print(
                _("The database has schema {schema}, the newest this smfocus knows.").format(
                    schema=HEAD
                )
            )
    finally:
        store.dispose()
    return 0


def _status(ctx: Context) -> int:
    from smfocus.store import schema_version, server

    store = _open(ctx)
    try:
        with store.engine.connect() as connection:
            found = schema_version.read(connection)
        if store.path is not None:
            print(_("SQLite file {path}, schema {schema}.").format(path=store.path, schema=found))
        else:
            print(
                _("{server} as {role}, schema {schema}.").format(
                    server=server.where(store.engine), role=store.role, schema=found
                )
            )
    finally:
        store.dispose()
    return 0


def _init_team(ctx: Context) -> int:
    from smfocus.store import team

    store = _server(ctx)
    try:
        team.init_team(store.engine)
    finally:
        store.dispose()
    print(
        _(
            "Team set up: every member sees only their own time; members of {role} "
            "read everyone's. Add people with: smfocus db add-member NAME [--lead]."
        ).format(role=team.LEAD_ROLE)
    )
    return 0


def _add_member(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.store import team

    store = _server(ctx)
    try:
        created = team.add_member(store.engine, args.name, lead=args.lead, now=ctx.clock.now())
    finally:
        store.dispose()
    # Whole sentences, so that a translation can agree its words with each case.
    if created and args.lead:
        said = _("Added {name} as a team lead; they connect as the role {name}.")
    elif created:
        said = _("Added {name} as a member; they connect as the role {name}.")
    elif args.lead:
        said = _("Updated {name} as a team lead; they connect as the role {name}.")
    else:
        said = _("Updated {name} as a member; they connect as the role {name}.")
    print(said.format(name=args.name))
    return 0


def cmd_team_report(args: argparse.Namespace, ctx: Context) -> int:
    """``smfocus report --team``: time per person and client, for everyone the
    connected role may read (a lead: the team; a member: themselves)."""
    import json

    from smfocus.core import fmt
    from smfocus.core.usertext import printable
    from smfocus.store import team

    now = ctx.clock.now()
    start = ctx.range_start(args.start) or 0
    end = ctx.range_end(args.end) or now
    store = ctx.tracker.store
    with store.readonly_engine.connect() as connection:
        rows = team.team_totals(connection, start, min(end, now), now, ctx.tz)
        connection.rollback()
    if args.json:
        print(
            json.dumps(
                [{"person": r.person, "client": r.client, "seconds": r.seconds} for r in rows],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    if not rows:
        print(_("No time tracked in that range."))
        return 0
    width = max(len(printable(r.person)) for r in rows)
    for row in rows:
        client = printable(row.client) if row.client else _("(no client)")
        print(f"  {printable(row.person):<{width}}  {fmt.duration(row.seconds):>10}  {client}")
    return 0


def add_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Options every command takes."""
    parser.add_argument(
        "--database-url",
        default=argparse.SUPPRESS if suppress else None,
        metavar="URL",
        help=_(
            "a shared database, e.g. {url} "
            "(default: ${variable}, else the SQLite file in the data folder)"
        ).format(url=_(URL_EXAMPLE), variable="SMFOCUS_DATABASE_URL"),
    )


def add_commands(command: Command) -> None:
    p = command("db", cmd_db, _("the database: upgrade its schema, set up a team"))
    p.add_argument(
        "action",
        choices=("status", "upgrade", "init-team", "add-member"),
        help=_(
            "status: which database and schema; upgrade: bring a shared database to "
            "this version; init-team: roles and row-level security on PostgreSQL; "
            "add-member: a person (a role of their own)"
        ),
    )
    p.add_argument(
        "name", nargs="?", metavar=_("name"), help=_("add-member: the person's name (their role)")
    )
    p.add_argument("--lead", action="store_true", help=_("add-member: may read everyone's time"))
