"""The two kinds of failure the app distinguishes.

A :class:`UserError` is something the user can fix (a bad date, an unknown
project, a locked database): it carries one sentence that says what is wrong
and what to do, and the CLI prints it without a traceback. Anything else is a
bug in smfocus and is reported as such.
"""


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the whole message."""


class NotFoundError(UserError):
    """A project, task or entry named by the user does not exist."""


class ConflictError(UserError):
    """The change would break an invariant (overlap, two running entries)."""


class StoreError(UserError):
    """The database file cannot be used as it is (locked, read-only, too new)."""
