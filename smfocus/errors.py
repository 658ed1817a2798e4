"""The two kinds of failure the app distinguishes.

A :class:`UserError` is something the user can fix (a bad date, an unknown
project, a locked database): it carries one sentence that says what is wrong,
in the user's language, and the CLI prints it without a traceback. Anything
else is a bug in smfocus and is reported as such.

What to do about it is data, a :class:`Fix`, because each face says it its own
way: the command line names a command to type (``smfocus delete 12``), a
window a place to click. The sentence itself never names a command or an
option. ``smfocus.cli_words`` and ``smfocus.ui.words`` word every fix; a test
checks both know each one.
"""


class Fix:
    """What the user can do next: an action from :data:`ACTIONS` and the values
    that wording needs (an entry's id, a project's name, a setting)."""

    __slots__ = ("action", "values")

    def __init__(self, action: str, **values: object) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown fix {action!r}")
        self.action = action
        self.values = values

    def __repr__(self) -> str:
        return f"Fix({self.action!r}, **{self.values!r})"


#: Every fix an error can carry; each face words them all.
ACTIONS = frozenset(
    {
        "start",  # start tracking (values: none)
        "delete_entry",  # remove an entry (entry: int)
        "stop_at",  # stop the running entry at a past time, or cancel it
        "see_ids",  # look up the entries' ids
        "edit_project",  # change an existing project (project: str)
        "add_project",  # create a project (project: str)
        "start_task",  # a task exists once it is tracked (project: str, task: str)
        "entry_max",  # raise the longest entry allowed (setting: str)
        "later_end",  # give an end after the start
        "overlap_policy",  # import overlapping entries anyway: leave them out or shorten them
        "make_backup",  # export a backup to import (the file given is not one)
        "away_assign",  # name the project time away was spent on
        "see_away",  # look up the away periods waiting for an answer
        "set_client",  # give a project its client
        "batch_start",  # start a batch on a category
        "batch_go_on",  # go on with the running batch, or end it
        "task_category",  # give tasks a category
        "see_blocks",  # look up the recurring blocks' ids
        "see_hooks",  # look up the hooks' ids
        "hook_target",  # give a hook a command to run or an address to call
        "client_budget",  # give a client a monthly budget
        "unarchive",  # bring an archived project back (project: str)
        "status",  # see what is running
        "stop",  # stop the running entry
        "add_away",  # add the time away as an entry by hand
        "focus_start",  # start a pomodoro
        "focus_on",  # start a pomodoro, naming its task
        "resume",  # resume the paused timer
        "data_dir",  # use another data folder
        "check_log",  # check a change once the server answers again
        "add_member",  # a team lead adds this role to the team
        "db_upgrade",  # upgrade a shared database's schema
        "init_team",  # set the team up on a shared database
    }
)


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the sentence, ``fix`` what to
    do about it (each face words it: see ``cli_words.explain``)."""

    def __init__(self, message: str, fix: Fix | None = None) -> None:
        super().__init__(message)
        self.fix = fix


class NotFoundError(UserError):
    """A project, task or entry named by the user does not exist."""


class ConflictError(UserError):
    """The change would break an invariant (overlap, two running entries)."""


class StoreError(UserError):
    """The database file cannot be used as it is (locked, read-only, too new)."""
