"""What ``smfocus status`` prints, in one place for its two paths: the full
command line (``cli.py``) and the fast path (``quick_status.py``) that status
bars hit every few seconds, so the two cannot drift apart.

It works on anything shaped like :class:`smfocus.core.records.Status` and
imports nothing a status bar cannot afford: no ``dataclasses``, no ``typing``
at run time, no ``argparse``, no SQLAlchemy.
"""

from __future__ import annotations

import re

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.core.localtime import iso
from smfocus.core.usertext import printable, shown
from smfocus.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from datetime import tzinfo
    from typing import Any, Protocol

    class KindView(Protocol):
        @property
        def value(self) -> str: ...
        @property
        def label(self) -> str: ...

    class EntryView(Protocol):
        @property
        def id(self) -> int: ...
        @property
        def project(self) -> str: ...
        @property
        def task(self) -> str | None: ...
        @property
        def category(self) -> str | None: ...
        @property
        def started_at(self) -> int: ...

    class PhaseView(Protocol):
        @property
        def kind(self) -> KindView: ...
        @property
        def project(self) -> str | None: ...
        @property
        def task(self) -> str | None: ...
        @property
        def started_at(self) -> int: ...
        @property
        def ends_at(self) -> int: ...
        @property
        def paused(self) -> bool: ...
        def remaining(self, now: int) -> int: ...

    class StatusView(Protocol):
        @property
        def running(self) -> EntryView | None: ...
        @property
        def now(self) -> int: ...
        @property
        def phase(self) -> PhaseView | None: ...
        @property
        def elapsed_seconds(self) -> int: ...


# ``phase`` and ``state`` are words for scripts (``work``, ``paused``: always English);
# ``phase_label`` is the phase as people read it, in their language.
FIELDS = ("remaining", "elapsed", "phase", "phase_label", "project", "task", "label", "state")
MAX_FORMAT_WIDTH = 500  # a status bar is narrower; a huge width would exhaust memory


def entry_label(entry: EntryView) -> str:
    return printable(fmt.label(entry.project, entry.task))


def phase_line(phase: PhaseView, now: int, tz: tzinfo) -> str:
    left = phase.remaining(now)
    # The kind's label is marked where it is defined (core.focus.Kind, quick_status).
    kind = _(phase.kind.label)
    if phase.paused:
        return _("{phase}: paused with {left} left.").format(phase=kind, left=fmt.duration(left))
    if left == 0:
        return _("{phase}: ended at {time}.").format(phase=kind, time=fmt.clock(phase.ends_at, tz))
    return _("{phase}: {left} left, until {time}.").format(
        phase=kind, left=fmt.duration(left), time=fmt.clock(phase.ends_at, tz)
    )


def _format_problem(template: str, problem: str) -> UserError:
    return UserError(
        _("The format {format} cannot be filled ({problem}); use fields among {fields}.").format(
            format=shown(template), problem=problem, fields="{" + "}, {".join(FIELDS) + "}"
        )
    )


def check_format(template: str) -> None:
    """Refuse a ``--format`` that names anything but the fields, or pads to absurd
    widths: ``{label.__class__}`` reaches into Python, ``{label:>9999999999}``
    asks for gigabytes."""
    import string

    problem = None
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        # Python's own words ("Single '}' encountered...") are English whatever the language.
        problem = _("its braces do not pair up")
        parts = []
    for _literal, name, spec, _conversion in parts:
        if name is None:
            continue
        if name not in FIELDS:
            problem = _("{name} is not a field").format(name=shown(name))
        widths = [int(n) for n in re.findall(r"[0-9]+", spec or "") if len(n) < 6]
        if (
            "{" in (spec or "")
            or re.search(r"[0-9]{6}", spec or "")
            or any(w > MAX_FORMAT_WIDTH for w in widths)
        ):
            problem = _("widths go up to {width}").format(width=MAX_FORMAT_WIDTH)
    if problem is not None:
        raise _format_problem(template, problem)


def fields(status: StatusView) -> dict[str, str]:
    """What ``status --format`` can show; every value is text, empty when idle."""
    entry, phase = status.running, status.phase
    label = entry_label(entry) if entry else (
        f"{phase.project} / {phase.task}" if phase and phase.task else
        (phase.project or "") if phase else ""
    )  # fmt: skip
    remaining = ""
    if phase is not None:
        left = phase.remaining(status.now)
        remaining = f"{left // 60:02d}:{left % 60:02d}"
    state = "idle"
    if phase is not None:
        state = "paused" if phase.paused else phase.kind.value
    elif entry is not None:
        state = "tracking"
    return {
        "remaining": remaining,
        "elapsed": fmt.duration(status.elapsed_seconds) if entry else "",
        "phase": phase.kind.value if phase else "",
        "phase_label": _(phase.kind.label) if phase else "",
        "project": printable(entry.project if entry else (phase.project or "") if phase else ""),
        "task": printable((entry.task or "") if entry else (phase.task or "") if phase else ""),
        "label": printable(label),
        "state": state,
    }


def formatted(status: StatusView, template: str) -> str:
    """The ``--format`` line (``check_format`` first)."""
    try:
        return printable(template.format(**fields(status)))
    except (KeyError, IndexError, ValueError):
        # The fields are known (check_format); what is left is a spec text does not take
        # ({label:d}, {label:=5}, {label!z}), which Python words in English.
        raise _format_problem(template, _("a field's format does not suit text")) from None


def as_json(status: StatusView, tz: tzinfo) -> dict[str, Any]:
    entry, phase = status.running, status.phase
    return {
        "running": entry is not None,
        "id": entry.id if entry else None,
        "project": entry.project if entry else None,
        "task": entry.task if entry else None,
        "category": entry.category if entry else None,
        "started_at": iso(entry.started_at, tz) if entry else None,
        "elapsed_seconds": status.elapsed_seconds,
        "phase": phase.kind.value if phase else None,
        "phase_started_at": iso(phase.started_at, tz) if phase else None,
        "phase_ends_at": iso(phase.ends_at, tz) if phase else None,
        "remaining_seconds": phase.remaining(status.now) if phase else None,
        "paused": phase.paused if phase else False,
    }


def lines(status: StatusView, tz: tzinfo) -> list[str]:
    """The plain answer, one line per fact."""
    entry, phase = status.running, status.phase
    if entry is None and phase is None:
        return [_("Nothing running.")]
    out = []
    if entry is not None:
        out.append(
            _("{label}: running for {elapsed} since {time} (entry #{id}).").format(
                label=entry_label(entry),
                elapsed=fmt.duration(status.elapsed_seconds),
                time=fmt.moment(entry.started_at, tz),
                id=entry.id,
            )
        )
    if phase is not None:
        out.append(phase_line(phase, status.now, tz))
    return out
