"""Where smfocus keeps its data.

Order of precedence: an explicit ``--data-dir``, then ``SMFOCUS_DATA_DIR``,
then the platform's user data folder (``~/.local/share/smfocus`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "smfocus"
DB_FILENAME = "smfocus.sqlite3"
ENV_DATA_DIR = "SMFOCUS_DATA_DIR"
ENV_DATABASE_URL = "SMFOCUS_DATABASE_URL"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder, without creating it."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no override is given: tests and scripts skip it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(directory: Path) -> Path:
    return directory / DB_FILENAME


def backups_dir(directory: Path) -> Path:
    return directory / "backups"


def error_log_path(directory: Path) -> Path:
    return directory / "smfocus-error.log"
