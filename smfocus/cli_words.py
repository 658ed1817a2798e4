"""How the command line words an error's fix: as a command to type.

The use cases raise :class:`~smfocus.errors.UserError` with a face-neutral
sentence and a :class:`~smfocus.errors.Fix`; this module adds the command,
with the values the fix carries (quoted for a shell). ``smfocus.ui.words`` says
the same fixes as places to click.
"""

from __future__ import annotations

import shlex

from smfocus.core.i18n import N_, _
from smfocus.errors import Fix, UserError

#: What ``report --by`` groups by, as a report's first line names it (the option's
#: values stay English: they are typed).
GROUPS = {
    "project": N_("project"),
    "task": N_("task"),
    "category": N_("category"),
    "day": N_("day"),
    "week": N_("week"),
    "month": N_("month"),
}

#: One sentence per fix; ``{…}`` are the fix's values, already quoted for a shell.
WORDS = {
    "start": N_("Start with: smfocus start PROJECT [TASK]."),
    "delete_entry": N_("To remove that entry first: smfocus delete {entry}."),
    "stop_at": N_("Say when it ended with: smfocus stop --at TIME (or drop it: smfocus cancel)."),
    "see_ids": N_("See the ids with: smfocus log."),
    "edit_project": N_("Change it with: smfocus project edit {project}."),
    "add_project": N_("Create it with: smfocus project add {project}."),
    "start_task": N_(
        "A task is created the first time you track it: smfocus start {project} {task}."
    ),
    "entry_max": N_("Or raise the limit with: smfocus config set {setting} 72h."),
    "later_end": N_("Give a --to later than --from."),
    "overlap_policy": N_("Choose what to do with them: --on-overlap skip or --on-overlap trim."),
    "make_backup": N_("Make one with: smfocus export --format json --output FILE."),
    "away_assign": N_("Say whose time it was: smfocus away assign PROJECT [TASK]."),
    "see_away": N_("See them with: smfocus away."),
    "set_client": N_(
        "Give a project its client with: smfocus project edit PROJECT --client CLIENT."
    ),
    "batch_start": N_("Start one with: smfocus batch start CATEGORY."),
    "batch_go_on": N_("Go on with: smfocus batch next, or end it with: smfocus batch stop."),
    "task_category": N_("Give tasks a category with: smfocus task PROJECT TASK --category NAME."),
    "see_blocks": N_("See the ids with: smfocus block list."),
    "see_hooks": N_("See the ids with: smfocus hooks list."),
    "hook_target": N_("Give it one target: --run COMMAND [ARG...] or --url URL."),
    "client_budget": N_("Give it one, e.g.: smfocus client budget NAME 20h/month."),
    "unarchive": N_("Bring it back with: smfocus project edit {project} --unarchive."),
    "status": N_("Check: smfocus status."),
    "stop": N_("Stop that entry first: smfocus stop."),
    "add_away": N_("Add the away time with: smfocus add PROJECT [TASK] --from ... --to ..."),
    "focus_start": N_("Start one with: smfocus pomodoro start."),
    "focus_on": N_("Start with: smfocus pomodoro start PROJECT [TASK]."),
    "resume": N_("Resume with: smfocus pomodoro resume."),
    "data_dir": N_("Or choose another data folder with --data-dir."),
    "check_log": N_("Check it with smfocus log once the server is back."),
    "add_member": N_(
        "Ask a team lead to add you with smfocus db add-member, or connect as your own role."
    ),
    "db_upgrade": N_("Run smfocus db upgrade once to upgrade it for the whole team."),
    "init_team": N_("Run smfocus db init-team first."),
}


def fix_text(fix: Fix) -> str:
    values = {name: _shell(value) for name, value in fix.values.items()}
    return _(WORDS[fix.action]).format(**values)


def explain(error: UserError) -> str:
    """The error's sentence, then what to type about it."""
    text = str(error)
    return f"{text} {fix_text(error.fix)}" if error.fix is not None else text


def _shell(value: object) -> str:
    return str(value) if isinstance(value, int) else shlex.quote(str(value))
