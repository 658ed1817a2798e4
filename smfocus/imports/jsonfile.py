"""A JSON file read whole, with decoding and syntax errors worded for the user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smfocus.imports.records import ImportFileError


def load(path: Path, what: str) -> Any:
    """The parsed JSON of ``path``; ``what`` names the expected content for hints."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            path, "this line is not UTF-8 text", line=line, hint=f"export {what} again"
        ) from None
    if not text.strip():
        raise ImportFileError(path, "the file is empty", hint=f"export {what} again")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            path,
            f"the JSON is broken here ({error.msg}, column {error.colno})",
            line=error.lineno,
            hint=f"export {what} again",
        ) from None
