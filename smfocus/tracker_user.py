"""Who the time belongs to: the local OS user unless told otherwise.

Separate from tracker.py so that the fast status path can learn the name
without importing SQLAlchemy.
"""

from __future__ import annotations

import getpass


def user_name(override: str | None = None) -> str:
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"
