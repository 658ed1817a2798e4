"""smfocus as a desktop application, per user and without root: the desktop
entry and icons in the XDG data folder (the application menu), and the
autostart entry in the XDG config folder ("Start at login").

No Qt here: ``smfocus desktop install`` and ``smfocus config set app.autostart``
are CLI commands, and the Settings window calls the same functions.

Names:

- ``smfocus.desktop`` is the desktop entry's file name (its *desktop id* is
  ``smfocus``). Notifications name it in their ``desktop-entry`` hint and Qt
  gets it as the desktop file name, so the desktop files the popups and the
  tray item under the app's menu entry.
- ``invalid.smfocus.smfocus`` is the AppStream component id. AppStream wants
  a reverse-DNS id (``appstreamcli validate`` fails a bare ``smfocus``), and
  the project owns no domain; ``.invalid`` is reserved (RFC 2606) and can
  never name somebody else's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from smfocus.core.focus import switch
from smfocus.core.i18n import N_, _
from smfocus.core.usertext import os_reason
from smfocus.errors import UserError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DESKTOP_ID = "smfocus"
DESKTOP_FILE = f"{DESKTOP_ID}.desktop"
APP_ID = "invalid.smfocus.smfocus"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
ICON_NAME = "smfocus"
#: The hicolor sizes the PNG icons come in (resources/render-icons draws them).
ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def resource_root() -> Traversable:
    """The shipped resources: in the source tree, a wheel or a frozen bundle alike."""
    # Imported here: importlib.resources brings tempfile and random, which the
    # tray (whose start goes through the command line) does not otherwise need.
    from importlib import resources

    return resources.files("smfocus") / "resources"


def _resource_bytes(*parts: str) -> bytes:
    node = resource_root()
    for part in parts:
        node = node / part
    return node.read_bytes()


# -- where things go --------------------------------------------------------------------


def _xdg_folder(env: Mapping[str, str], variable: str, fallback: str) -> Path:
    # The spec: a relative path in the variable is invalid and must be ignored.
    value = env.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    home = env.get("HOME") or str(Path.home())
    return Path(home) / fallback


def data_home(env: Mapping[str, str] | None = None) -> Path:
    return _xdg_folder(os.environ if env is None else env, "XDG_DATA_HOME", ".local/share")


def config_home(env: Mapping[str, str] | None = None) -> Path:
    return _xdg_folder(os.environ if env is None else env, "XDG_CONFIG_HOME", ".config")


def entry_path(data: Path) -> Path:
    return data / "applications" / DESKTOP_FILE


def icon_paths(data: Path) -> dict[Path, tuple[str, ...]]:
    """Each installed icon file, with the resource it is copied from."""
    hicolor = data / "icons" / "hicolor"
    targets: dict[Path, tuple[str, ...]] = {
        hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png": (
            "icons",
            f"smfocus-{size}.png",
        )
        for size in ICON_SIZES
    }
    targets[hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"] = ("icons", "smfocus.svg")
    return targets


def metainfo_path(data: Path) -> Path:
    return data / "metainfo" / METAINFO_FILE


def autostart_path(config: Path) -> Path:
    return config / "autostart" / DESKTOP_FILE


# -- the command a menu entry runs ------------------------------------------------------


def smfocus_command() -> Path:
    """The absolute path of the ``smfocus`` this process runs from.

    A frozen bundle is its own executable; a pip or pipx install puts the
    script beside the interpreter (``sys.executable`` is not resolved: a venv's
    python is a link to the system one, whose folder holds no smfocus).
    """
    if getattr(sys, "frozen", False):
        return Path(sys.executable).absolute()
    beside = Path(sys.executable).absolute().parent / "smfocus"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    import shutil

    found = shutil.which("smfocus")
    if found is not None:
        return Path(found).absolute()
    raise UserError(
        _(
            "Cannot find the installed smfocus program beside this Python; install smfocus "
            "with pip or pipx, then run the smfocus it installs."
        )
    )


_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_argument(path: Path) -> str:
    """``path`` as one argument of a desktop entry's Exec key.

    The spec quotes an argument holding a reserved character in double quotes,
    with a backslash before ``"``, `````, ``$`` and ``\\``; the key's value is a
    string, whose own escaping doubles every backslash once more. A ``%`` is a
    field code and is doubled.
    """
    text = str(path).replace("%", "%%")
    if any(char in _EXEC_RESERVED for char in text):
        for char in '\\"`$':
            text = text.replace(char, "\\" + char)
        text = f'"{text}"'
    return text.replace("\\", "\\\\")


def desktop_entry(command: Path) -> str:
    """The shipped desktop entry with its Exec line pointing at ``command``."""
    if "\n" in str(command) or "\r" in str(command):
        raise UserError(
            _(
                "The smfocus program's path {path} holds a line break, which a "
                "desktop entry cannot; install smfocus in a folder without one."
            ).format(path=repr(str(command)))
        )
    lines = _resource_bytes(DESKTOP_FILE).decode("utf-8").splitlines()
    out = [
        f"Exec={exec_argument(command)}" if line.startswith("Exec=") else line for line in lines
    ]
    return "\n".join(out) + "\n"


def autostart_entry(command: Path) -> str:
    """The entry started at login: the app's own entry, kept out of menus."""
    return desktop_entry(command) + "X-GNOME-Autostart-enabled=true\n"


# -- writing ----------------------------------------------------------------------------


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: a menu that reads half a file shows a broken entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        partial.chmod(0o644)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


# What failed, as whole sentences: (without a file name, with one).
_FAILED = {
    "install": (
        N_("Could not install the desktop entry: {reason}; check that the folder is yours "
           "and writable."),
        N_("Could not install the desktop entry ({file}): {reason}; check that the folder is "
           "yours and writable."),
    ),
    "uninstall": (
        N_("Could not remove the desktop entry: {reason}; check that the folder is yours "
           "and writable."),
        N_("Could not remove the desktop entry ({file}): {reason}; check that the folder is "
           "yours and writable."),
    ),
    "autostart": (
        N_("Could not change the autostart entry: {reason}; check that the folder is yours "
           "and writable."),
        N_("Could not change the autostart entry ({file}): {reason}; check that the folder "
           "is yours and writable."),
    ),
}  # fmt: skip


def _user_error(error: OSError, what: str) -> UserError:
    plain, with_file = _FAILED[what]
    text = _(with_file if error.filename else plain)
    return UserError(text.format(file=error.filename, reason=os_reason(error)))


def install(data: Path, command: Path) -> list[Path]:
    """Put the desktop entry, the icons and the AppStream metadata under ``data``."""
    written: list[Path] = []
    try:
        for target, source in icon_paths(data).items():
            _write(target, _resource_bytes(*source))
            written.append(target)
        _write(metainfo_path(data), _resource_bytes(METAINFO_FILE))
        written.append(metainfo_path(data))
        # Written last: a menu that sees the entry finds its icon already there.
        _write(entry_path(data), desktop_entry(command).encode("utf-8"))
        written.append(entry_path(data))
    except OSError as error:
        raise _user_error(error, "install") from None
    _touch(data / "icons" / "hicolor")
    return written


def uninstall(data: Path) -> list[Path]:
    """Remove what :func:`install` put under ``data``; answers what was there."""
    removed: list[Path] = []
    try:
        for target in [entry_path(data), metainfo_path(data), *icon_paths(data)]:
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed.append(target)
    except OSError as error:
        raise _user_error(error, "uninstall") from None
    _touch(data / "icons" / "hicolor")
    return removed


def _touch(folder: Path) -> None:
    # Icon theme caches are checked against the theme folder's time stamp.
    if folder.is_dir():
        with contextlib.suppress(OSError):
            os.utime(folder)


# -- start at login ---------------------------------------------------------------------


def autostart_enabled(config: Path) -> bool:
    """True when the login session will start smfocus (an entry marked Hidden is off)."""
    path = autostart_path(config)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return not any(line.strip().lower() == "hidden=true" for line in text.splitlines())


def set_autostart(config: Path, enabled: bool, command: Path | None = None) -> None:
    """Write (with the current command) or remove the autostart entry."""
    path = autostart_path(config)
    try:
        if enabled:
            entry = autostart_entry(command or smfocus_command())
            _write(path, entry.encode("utf-8"))
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        raise _user_error(error, "autostart") from None


AUTOSTART_KEY = "app.autostart"


def parse_switch(key: str, text: str) -> bool:
    """``on``/``off`` and their kin in English and French (``oui``, ``désactivé``)."""
    value = switch(text)
    if value is not None:
        return value
    raise UserError(_("{key} is on or off, not {text}.").format(key=key, text=repr(text)))
