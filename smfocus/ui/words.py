"""How the windows word an error's fix: as a place to click, never a command.

The same :class:`~smfocus.errors.Fix` the command line words as a command
(``smfocus.cli_words``) reads here as what to do in the app.
"""

from __future__ import annotations

from smfocus.core.i18n import N_, _
from smfocus.errors import Fix, UserError

WORDS = {
    "start": N_("Start a task from the tray menu first."),
    "delete_entry": N_("Remove entry #{entry} in the Timeline window first."),
    "stop_at": N_("Set when it ended in the Timeline window, or cancel it from the tray menu."),
    "see_ids": N_("The Timeline window shows every entry."),
    "edit_project": N_("Change it in the Projects window."),
    "add_project": N_("Create it in the Projects window."),
    "start_task": N_("Add the task in the Projects window."),
    "entry_max": N_("Or raise the longest entry allowed in Settings."),
    "later_end": N_("Pick an end after the start."),
    "overlap_policy": N_("Choose to leave them out or to shorten them in the import dialog."),
    "make_backup": N_("Make one with Export… in the tray menu, in the backup (JSON) format."),
    "away_assign": N_("Choose the project with Give it to…"),
    "see_away": N_("Answer them from Away time to answer… in the tray menu."),
    "set_client": N_("Give a project its client in the Projects window."),
    "batch_start": N_("Start one from the tray menu's Batch submenu."),
    "batch_go_on": N_("Go on with it, or end it, from the tray menu's Batch submenu."),
    "task_category": N_("Give tasks a category in the Projects window."),
    "see_blocks": N_("The command line's block list shows every block with its id."),
    "see_hooks": N_("The command line's hook list shows every hook with its id."),
    "hook_target": N_("Give it a command to run or an address to call."),
    "client_budget": N_("A client's budget is set from the command line."),
    "unarchive": N_("Bring it back in the Projects window."),
    "status": N_("The tray menu shows what is running."),
    "stop": N_("Stop that entry first from the tray menu."),
    "add_away": N_("Add the away time in the Timeline window."),
    "focus_start": N_("Start focus from the tray menu."),
    "focus_on": N_("Pick a task under Start focus in the tray menu."),
    "resume": N_("Resume it from the tray menu."),
    "data_dir": N_("Or use another data folder (it is chosen when the app starts)."),
    "check_log": N_("Check it in the Timeline window once the server is back."),
    "add_member": N_("Ask a team lead to add you to the team, or connect as your own role."),
    "db_upgrade": N_("Ask a team lead to upgrade it once for the whole team."),
    "init_team": N_("Ask the database's owner to set up the team first."),
}


def fix_text(fix: Fix) -> str:
    return _(WORDS[fix.action]).format(**{k: str(v) for k, v in fix.values.items()})


def explain(error: UserError) -> str:
    """The error's sentence, then what to do about it in the app."""
    text = str(error)
    return f"{text} {fix_text(error.fix)}" if error.fix is not None else text
