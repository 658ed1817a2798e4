"""Watson's data: the ``frames`` file, and ``state`` for a frame still running.

``path`` is Watson's folder (``~/.config/watson`` or ``$WATSON_DIR``), or the
``frames`` file, or a ``state`` file alone.

* ``frames`` is a JSON list of ``[start, stop, project, id, tags, updated_at]``
  (tags and updated_at may be absent in old files), UTC epoch seconds. Each
  becomes an entry whose ``source_id`` is the frame id and ``line`` its place
  in the list (record 1 is the first frame). Watson writes whole seconds; a
  fraction, should one appear, is dropped.
* ``state`` is ``{"project", "start", "tags"}`` for the running frame, or
  ``{}``. The running frame has no id until Watson stops it, so its
  ``source_id`` is ``running-START``; ``ended_at`` is None.
* Watson has a project and tags, no task or category. The tags become the
  task, joined with ", " in Watson's order (``+brakes +module`` → task
  ``brakes, module``): a frame's tags say what was done, which is what a
  smfocus task names, and joining keeps every tag. The category stays
  empty: Watson has no notion of kinds of work to batch.
* Frames may overlap (Watson allows it); they are reported as they are.
* ``project=NAME`` puts every entry in NAME; the tags still form the task.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from smfocus.core.i18n import N_, _
from smfocus.imports.jsonfile import load
from smfocus.imports.records import NO_PROJECT, ImportFileError, SourceEntry

SOURCE = "watson"
WHAT = N_("Watson's frames file")
STATE_WHAT = N_("Watson's state file")
# Each field's complaint as a whole sentence.
NOT_SECONDS = {
    "start": N_("the start {value} is not a time in seconds"),
    "stop": N_("the stop {value} is not a time in seconds"),
}
FRAMES, STATE = "frames", "state"


def read(path: Path, *, tz: tzinfo, project: str | None = None) -> Iterator[SourceEntry]:
    """Entries of the frames, then the running frame, if any."""
    del tz  # Watson stores UTC
    if path.is_dir():
        frames, state = path / FRAMES, path / STATE
        if not frames.is_file() and not state.is_file():
            raise ImportFileError(
                path,
                _("this folder holds neither a frames nor a state file"),
                hint=_("choose Watson's folder (watson's config folder or WATSON_DIR)"),
            )
        if frames.is_file():
            yield from _frames(frames, load(frames, WHAT), project)
        if state.is_file():
            yield from _state(state, load(state, STATE_WHAT), project)
        return
    data = load(path, WHAT)
    if isinstance(data, dict):
        yield from _state(path, data, project)
    else:
        yield from _frames(path, data, project)


def _seconds(path: Path, record: int, value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ImportFileError(
            path, _(NOT_SECONDS[what]).format(value=repr(value)), line=record, unit="record"
        )
    return int(value)


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _tags(path: Path, record: int, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ImportFileError(
            path, _("the tags are not a list of words"), line=record, unit="record"
        )
    kept = [tag.strip() for tag in value if tag.strip()]
    return ", ".join(kept) or None


def _frames(path: Path, data: Any, project: str | None) -> Iterator[SourceEntry]:
    if not isinstance(data, list):
        raise ImportFileError(
            path,
            _("this is not a list of frames"),
            hint=_("choose {what} or Watson's folder").format(what=_(WHAT)),
        )
    for record, frame in enumerate(data, start=1):
        if not isinstance(frame, list) or not 4 <= len(frame) <= 6:
            raise ImportFileError(
                path,
                _("this is not a frame [start, stop, project, id, tags, updated_at]"),
                line=record,
                unit="record",
            )
        started = _seconds(path, record, frame[0], "start")
        ended = _seconds(path, record, frame[1], "stop")
        if ended < started:
            raise ImportFileError(
                path, _("this frame stops before it starts"), line=record, unit="record"
            )
        ident = frame[3]
        if not isinstance(ident, str) or not ident.strip():
            raise ImportFileError(path, _("this frame has no id"), line=record, unit="record")
        yield SourceEntry(
            source=SOURCE,
            source_id=ident.strip(),
            project=project or _text(frame[2]) or NO_PROJECT,
            client=None,
            task=_tags(path, record, frame[4] if len(frame) > 4 else None),
            category=None,
            note=None,
            started_at=started,
            ended_at=ended,
            rate_cents=None,
            currency=None,
            file=path.name,
            line=record,
        )


def _state(path: Path, data: Any, project: str | None) -> Iterator[SourceEntry]:
    if not isinstance(data, dict):
        raise ImportFileError(
            path,
            _("this is not Watson's state"),
            hint=_("choose Watson's folder or its frames file"),
        )
    if not data:
        return
    if "start" not in data:
        raise ImportFileError(
            path,
            _("this is neither Watson's frames nor its state"),
            hint=_("choose Watson's folder or its frames file"),
        )
    started = _seconds(path, 1, data["start"], "start")
    yield SourceEntry(
        source=SOURCE,
        source_id=f"running-{started}",
        project=project or _text(data.get("project")) or NO_PROJECT,
        client=None,
        task=_tags(path, 1, data.get("tags")),
        category=None,
        note=None,
        started_at=started,
        ended_at=None,
        rate_cents=None,
        currency=None,
        file=path.name,
        line=1,
    )
