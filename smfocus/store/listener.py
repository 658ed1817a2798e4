"""Has anyone written to my rows on the server since we last looked? No query asked.

The PostgreSQL counterpart of ``change_probe.ChangeProbe`` (SQLite's
``PRAGMA data_version``), with the same methods, so the tray and the charts
window use either. One connection LISTENs on the person's channel (the
triggers of ``server.install_notify`` NOTIFY it on every write); asking
``changed()`` reads the notifications already received on the socket and sends
nothing to the server.

A lead's charts window asks for ``team=True``: the same connection then also
LISTENs on the channel of every person the role may read, so the Team view
follows everyone's writes. Which people that is, row-level security decides:
everyone for a lead, oneself for a member. Channels are named by each
person's secret ``users.channel_key``, which the same policies guard, and carry
no payload: a member learns nothing of a colleague, from this probe or a raw
LISTEN (see ``server.channel``). A person added later announces
themselves on the new-user channel, and is listened to from then on.

When the server goes away the probe says so (``reachable``) and reconnects with
a growing pause, 1 s up to 30 s, each time it is asked; once back it reports a
change, since anything may have happened meanwhile.
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from smfocus.store import server

RETRY_FIRST_S = 1.0
RETRY_MAX_S = 30.0


class ServerChangeProbe:
    def __init__(
        self,
        url: str,
        user_name: str,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        team: bool = False,
    ) -> None:
        self._url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self._user_name = user_name
        self._monotonic = monotonic
        self._team = team
        self._heard: set[int] = set()
        self._connection: Any = None
        self._user_id: int | None = None
        self._pending = False
        self._retry_at = 0.0
        self._pause = RETRY_FIRST_S
        self.reachable = True
        self._connect()

    # -- the connection ----------------------------------------------------------

    def _connect(self) -> bool:
        import psycopg

        try:
            connection = psycopg.connect(self._url, autocommit=True, connect_timeout=5)
            # A notification that arrives while one of our own queries runs goes to
            # the handlers, not to the socket read by ``_drain``: count it too.
            connection.add_notify_handler(self._heard_during_query)
            row = connection.execute(
                "SELECT id, channel_key FROM users WHERE name = %s", (self._user_name,)
            ).fetchone()
            self._user_id = int(row[0]) if row else None
            connection.execute(f"LISTEN {server.NEW_USER_CHANNEL}")
            self._heard = set()
            if row is not None:
                self._listen_to(connection, [(int(row[0]), row[1])])
            if self._team:
                self._listen_to(connection, self._people(connection))
        except psycopg.Error:
            self._lost()
            return False
        self._connection = connection
        self.reachable = True
        self._pause = RETRY_FIRST_S
        return True

    def _heard_during_query(self, _notice: Any) -> None:
        self._pending = True

    @staticmethod
    def _people(connection: Any) -> list[tuple[int, str | None]]:
        # The policies answer: every user's key for a lead, only one's own for a
        # member, who could not name a colleague's channel anyway.
        rows = connection.execute("SELECT id, channel_key FROM users").fetchall()
        return [(int(row[0]), row[1]) for row in rows]

    def _listen_to(self, connection: Any, people: list[tuple[int, str | None]]) -> None:
        for person, key in people:
            # A row with no key or a key a member set by hand is not a channel the
            # triggers notify (and must never be spliced into our LISTEN).
            if person in self._heard or key is None or not server.CHANNEL_KEY.fullmatch(key):
                continue
            connection.execute(f"LISTEN {server.channel(key)}")
            self._heard.add(person)

    def _lost(self) -> None:
        if self._connection is not None:
            with suppress(Exception):  # already broken: nothing more to release
                self._connection.close()
        self._connection = None
        self.reachable = False
        self._retry_at = self._monotonic() + self._pause
        self._pause = min(self._pause * 2, RETRY_MAX_S)

    def _drain(self) -> bool:
        """Read what the server already sent; True if anything was for us."""
        import psycopg

        if self._connection is None:
            # Back after a gap: anything may have changed meanwhile.
            return self._monotonic() >= self._retry_at and self._connect()
        pgconn = self._connection.pgconn
        seen = False
        try:
            # Read until the socket is quiet: a server going away first sends its
            # goodbye message, and only the read after it finds the socket closed.
            for _ in range(100):
                readable, _, _ = select.select([pgconn.socket], [], [], 0)
                if not readable:
                    break
                pgconn.consume_input()  # raises when the server has gone
            while (notice := pgconn.notifies()) is not None:
                seen = True
                if notice.relname == server.NEW_USER_CHANNEL.encode():
                    if self._user_id is None:
                        return self._reconnect_for_new_user()
                    if self._team:
                        # Someone joined: hear them too. A notice that arrives
                        # during this query is not lost to us: we report a change.
                        self._listen_to(self._connection, self._people(self._connection))
        except (psycopg.Error, OSError):
            self._lost()
            return False
        return seen

    def _reconnect_for_new_user(self) -> bool:
        # Our user row may just have been written: learn its id and its channel.
        self.close()
        self._connect()
        return True

    # -- what ChangeProbe offers ---------------------------------------------------

    def version(self) -> int | None:
        return None

    def changed(self) -> bool:
        """True once for each batch of writes since the last call."""
        found = self._drain() or self._pending
        self._pending = False
        return found

    def forget(self) -> None:
        """Count everything received so far as seen (after reading it ourselves)."""
        self._drain()
        self._pending = False

    def something_runs(self) -> bool:
        """Is one of the person's entries running? (Asked once a minute, not polled.)"""
        import psycopg

        if self._connection is None or self._user_id is None:
            return False
        try:
            row = self._connection.execute(
                "SELECT EXISTS (SELECT 1 FROM time_entries WHERE user_id = %s "
                "AND ended_at IS NULL)",
                (self._user_id,),
            ).fetchone()
        except psycopg.Error:
            self._lost()
            return False
        return bool(row and row[0])

    def close(self) -> None:
        if self._connection is not None:
            with suppress(Exception):  # a broken connection: nothing more to release
                self._connection.close()
            self._connection = None
