"""What a shared server database (PostgreSQL) needs beyond SQLite.

* Schema changes take a transaction-scoped advisory lock, so clients starting
  at once on an empty database create the schema once, and two upgrades never
  run at the same time. The lock goes with the transaction: a client killed
  half-way leaves nothing held.
* A client newer than the shared schema does not upgrade it as a side effect of
  a start: everyone's clients would have to follow at once. ``smfocus db upgrade``
  does it, on purpose.
* A server that does not answer, or a role the policies refuse, is a sentence
  for the user, not a traceback.
* Every write to a person's rows NOTIFYs their channel (named by their secret
  ``channel_key``: see ``channel``), whoever writes: the tray and the charts
  window of every machine learn of it at once through one listening connection
  (see listener.py), with no query loop. A trigger rather than the write path,
  so raw SQL edits count too.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy import exc as sa_exc

from smfocus.core.i18n import _
from smfocus.errors import Fix, StoreError

# The advisory lock every schema change of a shared database takes ("smfo").
SCHEMA_LOCK = 0x736D666F


class ServerUnreachableError(StoreError):
    """The database server does not answer (stopped, restarting, network down)."""


class SchemaBehindError(StoreError):
    """The shared database holds an older schema; ``smfocus db upgrade`` moves it."""


def is_server(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def lock_schema(connection: Connection) -> None:
    """Wait for (and hold until this transaction ends) the schema lock."""
    if is_server(connection):
        connection.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))


def where(engine: Engine) -> str:
    """The server and database, without the password."""
    return engine.url.render_as_string(hide_password=True)


def first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__


def explain(error: BaseException) -> StoreError | None:
    """A user's sentence for a server failure they can fix, or None for a bug."""
    message = first_line(error)
    lowered = message.lower()
    lost = isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated
    unreachable = lost or isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError)
    if unreachable and "permission denied" not in lowered:
        return ServerUnreachableError(
            _(
                "The database server stopped answering ({reason}); this change was not confirmed."
            ).format(reason=message),
            Fix("check_log"),
        )
    if "row-level security" in lowered or "permission denied" in lowered:
        return StoreError(
            _("The database refused this change ({reason}).").format(reason=message),
            Fix("add_member"),
        )
    return None


def schema_behind(engine: Engine, found: str, head: str) -> SchemaBehindError:
    return SchemaBehindError(
        _(
            "The shared database {where} has schema {schema}, older than this version's ({head})."
        ).format(where=where(engine), schema=found, head=head),
        Fix("db_upgrade"),
    )


NEW_USER_CHANNEL = "smfocus_new_user"
NOTIFIED_TABLES = (
    "projects",
    "tasks",
    "time_entries",
    "interruptions",
    "pomodoro_phases",
    "settings",
)


CHANNEL_KEY = re.compile(r"[0-9a-f]{32}")


def new_channel_key() -> str:
    """A fresh key for a new user row (``users.channel_key``)."""
    return secrets.token_hex(16)


def channel(key: str) -> str:
    """The person's channel, named by their ``channel_key``. LISTEN needs no grant,
    so any role may listen to any channel it can name: the name is the secret.
    Row-level security lets a member read only their own key (a lead reads
    everyone's), so a member on a raw connection cannot hear when a colleague
    writes; the payload is empty anyway (never what). A key that is not 32 hex
    characters is refused: a member may set their own key, and the name is
    spliced into the lead's LISTEN."""
    if not CHANNEL_KEY.fullmatch(key):
        raise ValueError("not a channel key")
    return f"smfocus_{key}"


# Triggers and functions are PostgreSQL's own language: there is nothing to
# write them in Core, and SQLite never runs this. The key is read as the writer,
# without SECURITY DEFINER: the policies let a role write only rows it can read
# the owner of (a member their own, a lead reads everyone, the schema's owner and
# superusers bypass the policies), so the lookup always finds the row.
_NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION smfocus_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed record;
    owner integer;
    key text;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    IF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('smfocus_new_user', '');
        RETURN NULL;
    ELSIF TG_TABLE_NAME = 'tasks' THEN
        SELECT user_id INTO owner FROM projects WHERE id = changed.project_id;
    ELSIF TG_TABLE_NAME = 'interruptions' THEN
        SELECT user_id INTO owner FROM time_entries WHERE id = changed.entry_id;
    ELSE
        owner := changed.user_id;
    END IF;
    IF owner IS NOT NULL THEN
        SELECT channel_key INTO key FROM users WHERE id = owner;
        IF key IS NOT NULL THEN
            PERFORM pg_notify('smfocus_' || key, '');
        END IF;
    END IF;
    RETURN NULL;
END $$
"""


def install_notify(connection: Connection) -> None:
    """The triggers that announce every change; running it again changes nothing."""
    if not is_server(connection):
        return
    connection.execute(text(_NOTIFY_FUNCTION))
    for table in (*NOTIFIED_TABLES, "users"):
        connection.execute(
            text(
                f"CREATE OR REPLACE TRIGGER smfocus_notify AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION smfocus_notify()"
            )
        )
