"""Which tracker wrote a file or folder, told from its content.

The name of a file says little (a download is ``report (3).csv``), so the
content decides:

* a folder: Watson's if it holds ``frames`` or ``state``; Timewarrior's if
  it, or its ``data`` subfolder, holds ``YYYY-MM.data`` files;
* a JSON list: Watson's frames if its first item is a list, a ``timew
  export`` if it is an object (an empty list is either, and yields nothing:
  Watson's if the file is called ``frames``);
* a JSON object: an smfocus backup if it says ``"format": "smfocus-backup"``
  (within its first 64 KiB: the backup writer puts that key first); Watson's
  state if it is ``{}`` or has a ``start``;
* a line starting ``inc``: a Timewarrior data file;
* otherwise a CSV header: Clockify's when it has a ``Duration (h)``,
  ``Duration (decimal)``, ``Billable Rate (…)`` or ``Billable Amount (…)``
  column, Toggl's when it has ``Start date`` and ``Start time``.

Only the first 64 KiB are read. An empty file, a binary one, and text that is
not UTF-8 are refused here with a message that says so.
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

from smfocus.core.i18n import N_, _
from smfocus.core.usertext import os_reason
from smfocus.imports import timewarrior, watson
from smfocus.imports.records import ImportFileError
from smfocus.imports.textrows import header_names

TOGGL, CLOCKIFY, WATSON, TIMEWARRIOR, SMFOCUS = (
    "toggl",
    "clockify",
    "watson",
    "timewarrior",
    "smfocus",
)
HEAD = 64 * 1024
KNOWN = N_(
    "a Toggl or Clockify detailed CSV, Watson's folder or frames, Timewarrior's data or export"
)
_BACKUP = re.compile(r'"format"\s*:\s*"smfocus-backup"')
_STATE_KEY = re.compile(r'^\{\s*("start"|"project"|"tags"|\})')
_CLOCKIFY_ONLY = ("duration (h)", "duration (decimal)")
_CLOCKIFY_PREFIXES = ("billable rate (", "billable amount (")


def detect(path: Path) -> str:
    """The format name of ``path``; raises ImportFileError if there is none."""
    choose = _("choose {known}").format(known=_(KNOWN))
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as error:  # a name too long for the file system, say
        reason = os_reason(error).lower()
        raise ImportFileError(path, reason, hint=_("check the path")) from error
    if is_dir:
        return _folder(path)
    if not is_file:
        raise ImportFileError(path, _("there is no such file"), hint=_("check the path"))
    with path.open("rb") as handle:
        head = handle.read(HEAD)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            path, _("the file is UTF-16 text"), hint=_("save it as UTF-8 and import again")
        )
    if b"\x00" in head:
        raise ImportFileError(path, _("this is a binary file, not text"), hint=choose)
    try:
        # Not final: the 64 KiB may end inside a character.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as error:
        line = head[: error.start].count(b"\n") + 1
        raise ImportFileError(
            path,
            _("this line is not UTF-8 text"),
            line=line,
            hint=_("save the file as UTF-8 and import again"),
        ) from None
    text = text.removeprefix("\ufeff").lstrip()
    if not text:
        raise ImportFileError(path, _("the file is empty"), hint=choose)
    if text.startswith("["):
        return _json_list(path, text)
    if text.startswith("{"):
        if _BACKUP.search(text):
            return SMFOCUS
        if _STATE_KEY.match(text):
            return WATSON
        raise ImportFileError(
            path, _("this JSON object is not a file smfocus can import"), hint=choose
        )
    first_line = text.split("\n", 1)[0].strip()
    if first_line == "inc" or first_line.startswith("inc "):
        return TIMEWARRIOR
    return _csv_header(path, first_line)


def _folder(path: Path) -> str:
    if (path / watson.FRAMES).is_file() or (path / watson.STATE).is_file():
        return WATSON
    if timewarrior.month_files(path):
        return TIMEWARRIOR
    raise ImportFileError(
        path,
        _("this folder holds nothing smfocus can import"),
        hint=_(
            "choose Watson's folder (frames, state) or Timewarrior's data folder (YYYY-MM.data)"
        ),
    )


def _json_list(path: Path, text: str) -> str:
    inside = text[1:].lstrip()
    if inside.startswith("["):
        return WATSON
    if inside.startswith("{"):
        return TIMEWARRIOR
    if inside.startswith("]"):
        return WATSON if path.name == watson.FRAMES else TIMEWARRIOR
    raise ImportFileError(
        path,
        _("this JSON list holds neither frames nor intervals"),
        hint=_("choose {known}").format(known=_(KNOWN)),
    )


def _csv_header(path: Path, line: str) -> str:
    try:
        names = header_names(next(csv.reader([line])))
    except (csv.Error, StopIteration):
        names = set()
    if {"start date", "start time"} <= names:
        if any(name in names for name in _CLOCKIFY_ONLY) or any(
            name.startswith(_CLOCKIFY_PREFIXES) for name in names
        ):
            return CLOCKIFY
        return TOGGL
    raise ImportFileError(
        path,
        _("smfocus does not recognise this file's format"),
        line=1,
        hint=_("choose {known}").format(known=_(KNOWN)),
    )
