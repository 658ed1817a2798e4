"""Where smfocus keeps its data.

Order of precedence: an explicit ``--data-dir``, then ``SMFOCUS_DATA_DIR``,
then the platform's user data folder (``~/.local/share/smfocus`` on Linux).

``smfocus status``, which status bars run every few seconds, asks through
:func:`database_file` and gets text: importing pathlib (with the
``urllib.parse`` and ``ipaddress`` it pulls in) costs about as much as the rest
of that command. The text is the one ``str(database_path(data_dir(...)))``
gives, so both paths name the same file in the same words.
"""

from __future__ import annotations

import os
import sys

from smfocus.core.i18n import _
from smfocus.core.usertext import shown
from smfocus.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "smfocus"
DB_FILENAME = "smfocus.sqlite3"
ENV_DATA_DIR = "SMFOCUS_DATA_DIR"
ENV_DATABASE_URL = "SMFOCUS_DATABASE_URL"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder, without creating it."""
    from pathlib import Path

    for given in (override, os.environ.get(ENV_DATA_DIR)):
        if given:
            try:
                return Path(given).expanduser()
            except RuntimeError:  # ~someone who has no account here
                raise _no_home(os.fspath(given)) from None
    import platformdirs  # only when no override is given: tests and scripts skip it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(directory: Path) -> Path:
    return directory / DB_FILENAME


def backups_dir(directory: Path) -> Path:
    return directory / "backups"


def error_log_path(directory: Path) -> Path:
    return directory / "smfocus-error.log"


# Text paths, for the status path. Elsewhere use the Path functions above.


def database_file(override: str | None = None) -> str:
    """``str(database_path(data_dir(override)))``, without importing pathlib on POSIX."""
    if os.name != "posix":
        return str(database_path(data_dir(override)))
    if override:
        return joined(expand_user(override), DB_FILENAME)
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return joined(expand_user(env), DB_FILENAME)
    return joined(_user_data_dir(), DB_FILENAME)


def joined(*pieces: str) -> str:
    """``str(PurePosixPath(*pieces))``: an absolute piece starts over, empty and ``.``
    parts go, and exactly two leading slashes stay two (POSIX leaves their meaning open)."""
    root = ""
    parts: list[str] = []
    for piece in pieces:
        stripped = piece.lstrip("/")
        if stripped != piece:
            root = "//" if len(piece) - len(stripped) == 2 else "/"
            parts = []
        parts.extend(part for part in stripped.split("/") if part and part != ".")
    return root + "/".join(parts) or "."


def expand_user(path: str) -> str:
    """``str(PurePosixPath(path).expanduser())``; a UserError for ``~nobody``."""
    text = joined(path)
    if not text.startswith("~"):
        return text
    first, _slash, rest = text.partition("/")
    home = os.path.expanduser(first)
    if home.startswith("~"):
        raise _no_home(path)
    return joined(home, rest)


def _no_home(path: str) -> UserError:
    return UserError(
        _(
            "Cannot find the home folder {user} of {path}: there is no such account "
            "here; give the full path."
        ).format(user=shown(path.split("/", 1)[0]), path=shown(path))
    )


def _user_data_dir() -> str:
    """platformdirs' user data folder. Its rule on Linux (XDG_DATA_HOME when absolute,
    else ``~/.local/share``, with an absolute HOME) is followed here where every
    platformdirs 4 release agrees; anything else asks platformdirs itself."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    home = os.environ.get("HOME", "")
    android = hasattr(sys, "getandroidapilevel") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"
    )
    if (
        sys.platform.startswith("linux")
        and not android
        and home.startswith("/")
        and (xdg.startswith("/") or not xdg.strip())
    ):
        base = xdg if xdg.startswith("/") else home.rstrip("/") + "/.local/share"
        return joined(os.path.join(base, APP_NAME))
    import platformdirs

    return joined(platformdirs.user_data_dir(APP_NAME, appauthor=False))
