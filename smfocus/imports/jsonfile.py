"""A JSON file read whole, with decoding and syntax errors worded for the user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smfocus.core.i18n import _
from smfocus.imports.records import ImportFileError


def load(path: Path, what: str) -> Any:
    """The parsed JSON of ``path``; ``what`` names the expected content for hints
    (marked with N_, translated here)."""
    data = path.read_bytes()
    hint = _("export {what} again").format(what=_(what))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            path, _("this line is not UTF-8 text"), line=line, hint=hint
        ) from None
    if not text.strip():
        raise ImportFileError(path, _("the file is empty"), hint=hint)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # error.msg is the json module's own English: a detail for whoever fixes the file.
        raise ImportFileError(
            path,
            _("the JSON is broken here ({reason}, column {column})").format(
                reason=error.msg, column=error.colno
            ),
            line=error.lineno,
            hint=hint,
        ) from None
