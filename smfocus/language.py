"""Which language smfocus speaks: the user's choice, else the locale.

``smfocus config set app.language fr|en|auto`` keeps the choice in a one-word
file, ``$XDG_CONFIG_HOME/smfocus/language``, not in the database: the command
line needs it before it has parsed ``--data-dir`` (its help is translated), a
status bar reads it every few seconds, and a language belongs to the person at
this machine, not to a data folder a team may share. ``auto`` (no file)
follows the locale as gettext does: ``LANGUAGE`` (a list such as ``fr:en``)
unless the locale is ``C``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.

The same choice sets the formats (``1 500,00 €``, ``30/11/2026``): someone who
reads French expects French figures, and one setting is easier to reason about
than gettext's five.
"""

from __future__ import annotations

import os

from smfocus.core import i18n
from smfocus.core.i18n import _
from smfocus.core.usertext import os_reason
from smfocus.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status imports this)
if TYPE_CHECKING:
    from collections.abc import Mapping

KEY = "app.language"
AUTO = "auto"
#: The languages with a catalog, and the way to follow the locale.
CHOICES = (AUTO, "en", "fr")


def settings_file(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    folder = env.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(folder):  # the XDG spec: a relative value is ignored
        folder = os.path.join(env.get("HOME") or os.path.expanduser("~"), ".config")
    return os.path.join(folder, "smfocus", "language")


def stored(env: Mapping[str, str] | None = None) -> str:
    """The saved choice: ``en``, ``fr``, or ``auto`` when there is none (or it is
    unreadable: a broken setting must not stop the app)."""
    try:
        with open(settings_file(env), encoding="utf-8") as file:
            word = file.read(32).strip().lower()
    except (OSError, UnicodeDecodeError):
        return AUTO
    return word if word in CHOICES else AUTO


def from_locale(env: Mapping[str, str] | None = None) -> str:
    """The first language of the locale variables that has a catalog, else English."""
    env = os.environ if env is None else env
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if _code(locale) in ("", "c", "posix"):
        return i18n.SOURCE
    for each in [*env.get("LANGUAGE", "").split(":"), locale]:
        code = _code(each)
        if code and i18n.has_catalog(code):
            return code
    return i18n.SOURCE


def chosen(env: Mapping[str, str] | None = None) -> str:
    choice = stored(env)
    return from_locale(env) if choice == AUTO else choice


def described(env: Mapping[str, str] | None = None) -> str:
    """The setting as ``config`` shows it: ``fr``, or ``auto (fr)`` with what the
    locale gives, so that ``auto`` never hides which language that is."""
    choice = stored(env)
    return f"{choice} ({from_locale(env)})" if choice == AUTO else choice


def apply(env: Mapping[str, str] | None = None) -> str:
    """Speak the chosen language from now on; answers it."""
    return i18n.use(chosen(env))


def save(value: str, env: Mapping[str, str] | None = None) -> str:
    """Keep ``value`` (``en``, ``fr`` or ``auto``) and speak it; answers the
    choice as saved."""
    choice = value.strip().lower()
    if choice not in CHOICES:
        raise UserError(
            _("{key} is one of {choices}, not {value}.").format(
                key=KEY, choices=", ".join(CHOICES), value=repr(value)
            )
        )
    path = settings_file(env)
    try:
        if choice == AUTO:
            if os.path.exists(path):
                os.remove(path)
        else:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            # Private like everything smfocus writes (0600 whatever the umask).
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(choice + "\n")
    except OSError as error:
        raise UserError(
            _("Cannot save the language in {path}: {reason}.").format(
                path=path, reason=os_reason(error)
            )
        ) from None
    apply(env)
    return choice


def _code(locale: str) -> str:
    """``fr_CA.UTF-8@euro`` → ``fr``."""
    for separator in ".@_-":
        locale = locale.split(separator, 1)[0]
    return locale.strip().lower()
