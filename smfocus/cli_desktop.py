"""``smfocus desktop install|uninstall`` and the ``app.autostart`` setting: smfocus
as a desktop application for the current user. Part of the command line: no Qt.

``app.autostart`` lives in a file of this machine's login session, not in the
database, so ``config`` hands it here before it opens the database.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from smfocus import desktop
from smfocus.core.i18n import _
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.cli import Context

Handler = Callable[[argparse.Namespace, "Context"], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]

#: The settings kept outside the database, as ``config list`` shows them.
MACHINE_KEYS = (desktop.AUTOSTART_KEY,)


def cmd_desktop(args: argparse.Namespace, ctx: Context) -> int:
    data = desktop.data_home()
    if args.action == "install":
        command = desktop.smfocus_command()
        desktop.install(data, command)
        print(
            _("Installed {path} (runs {command}) and its icons.").format(
                path=desktop.entry_path(data), command=command
            )
        )
        return 0
    removed = desktop.uninstall(data)
    if removed:
        print(_("Removed {path} and its icons.").format(path=desktop.entry_path(data)))
    else:
        print(_("Nothing to remove: {path} is not there.").format(path=desktop.entry_path(data)))
    return 0


def add_commands(command: Command) -> None:
    p = command(
        "desktop",
        cmd_desktop,
        _("add smfocus to (or remove it from) your application menu, for you only"),
    )
    p.add_argument("action", choices=("install", "uninstall"))


def handles(key: str | None) -> bool:
    return key in MACHINE_KEYS


def config(action: str, key: str, value: str | None) -> int:
    """``config get|set app.autostart``; answers the exit status."""
    folder = desktop.config_home()
    if action == "set":
        if value is None:
            raise UserError(_("Give a value, e.g.: smfocus config set {key} on.").format(key=key))
        desktop.set_autostart(folder, desktop.parse_switch(key, value))
    print(_line(key, folder) if action == "set" else _text(folder))
    return 0


def list_lines() -> list[str]:
    folder = desktop.config_home()
    return [_line(key, folder) for key in MACHINE_KEYS]


def _text(folder: Path) -> str:
    # The value as typed after ``config set``: a word of the command line, not translated.
    return "on" if desktop.autostart_enabled(folder) else "off"


def _line(key: str, folder: Path) -> str:
    return f"{key} = {_text(folder)}"
