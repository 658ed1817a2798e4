"""Who the time belongs to.

On one machine it is the operating-system account running smfocus, read from
the account database by user id. Not from ``LOGNAME`` or ``USER`` (what
``getpass.getuser`` reads first): an environment variable is no identity, and
one set differently would show another person's empty data and let a second
entry run in the same file. On a team database it is the database role (see
``Store.role``), passed in as the override; code may also name a user
explicitly (tests do).

Separate from tracker.py so that the fast status path can learn the name
without importing SQLAlchemy.
"""

from __future__ import annotations

import os


def os_account() -> str:
    """The name of the account this process runs as."""
    try:
        import pwd  # POSIX only
    except ImportError:  # Windows: the login name is all the OS offers here
        try:
            return os.getlogin()
        except OSError:
            return "me"
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # an account with no entry (a bare container): the id is stable
        return f"uid-{uid}"


def user_name(override: str | None = None) -> str:
    if override:
        return override
    return os_account()
