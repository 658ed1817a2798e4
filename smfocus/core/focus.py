"""The Pomodoro cycle as pure rules: settings, phases, and what comes next.

A phase is a span of wall-clock time with a planned end. Remaining time is
always ``ends_at - now`` (or ``ends_at - paused_at`` while paused), never a
count of ticks, so a timer that was not looked at for an hour, or a process
that was killed and restarted, shows the right second.

The cycle: work, then a short break; after every ``long_break_every``-th work
phase of the day a long break instead. Skipping a work phase does not count
towards the long break; stopping ends the cycle.

Sleep: see ``SleepWatch`` and the rule in pomodoro.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from smfocus.core import reminder
from smfocus.core.i18n import N_, _
from smfocus.core.timeparse import parse_duration
from smfocus.core.usertext import shown
from smfocus.errors import UserError

#: Each phase's name for people, in English; ``Kind.label`` gives it translated.
KIND_LABELS = {
    "work": N_("Focus"),
    "short_break": N_("Short break"),
    "long_break": N_("Long break"),
}


class Kind(StrEnum):
    WORK = "work"
    SHORT_BREAK = "short_break"
    LONG_BREAK = "long_break"

    @property
    def is_break(self) -> bool:
        return self is not Kind.WORK

    @property
    def label(self) -> str:
        """The phase's name in the language in use (read when shown, never stored)."""
        return _(KIND_LABELS[self.value])


class Outcome(StrEnum):
    COMPLETED = "completed"  # ran to its planned end
    SKIPPED = "skipped"  # the user moved on early
    STOPPED = "stopped"  # the user ended the cycle
    SLEPT = "slept"  # its end passed while the machine slept


# What an on/off setting accepts, in every language; stored as on/off.
_ON = frozenset(("on", "true", "yes", "1", "oui", "vrai", "active", "activee", "actif"))
_OFF = frozenset(("off", "false", "no", "0", "non", "faux", "desactive", "desactivee", "inactif"))


def switch(text: str) -> bool | None:
    """True or False for the words of an on/off setting (``oui``, ``activé``…),
    any case, accents optional; None for anything else."""
    bare = unicodedata.normalize("NFKD", text.strip().casefold())
    word = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return True if word in _ON else False if word in _OFF else None


@dataclass(frozen=True, slots=True)
class FocusSettings:
    """Every timer setting, with its CLI key. Durations are seconds."""

    work: int = 25 * 60
    short_break: int = 5 * 60
    long_break: int = 15 * 60
    long_break_every: int = 4
    auto_start_breaks: bool = True
    auto_start_work: bool = False
    daily_goal: int = 8
    notifications: bool = True
    sound: bool = True
    entry_max: int = 24 * 3600  # the longest entry accepted; longer is a forgotten stop
    away_after: int = 5 * 60  # idle this long while an entry runs is time away; 0: off
    away_on_lock: bool = False  # a locked screen starts time away at once
    remind_after: int = 10 * 60  # active this long with nothing tracked: remind; 0: off
    remind_hours: str = "09:00-18:00"
    remind_days: str = "mon-fri"
    do_not_disturb: bool = True  # silence the desktop's notifications in work phases

    def with_value(self, key: str, text: str) -> FocusSettings:
        """A copy with ``key`` set from the text a user typed; UserError if it makes no sense."""
        name = _name_of(key)
        if name in ("away_after", "remind_after"):
            # The words for off (``off``, ``non``…), but not "0", which reads as a duration.
            if switch(text) is False and text.strip() != "0":
                off: dict[str, Any] = {name: 0}
                return replace(self, **off)
            seconds = parse_duration(text)
            if not 60 <= seconds <= 4 * 3600:
                raise UserError(
                    _("{key} must be between 1m and 240m, or off, not {value}.").format(
                        key=key, value=shown(text)
                    )
                )
            timed: dict[str, Any] = {name: seconds}
            return replace(self, **timed)
        if name == "remind_hours":
            reminder.parse_hours(text)
            return replace(self, remind_hours=text.strip())
        if name == "remind_days":
            reminder.parse_days(text)
            return replace(self, remind_days=reminder.days_text(text))
        if name == "entry_max":
            seconds = parse_duration(text)
            if not 3600 <= seconds <= ENTRY_MAX_CEILING:
                raise UserError(
                    _("{key} must be between 1h and 744h, not {value}.").format(
                        key=key, value=shown(text)
                    )
                )
            return replace(self, entry_max=seconds)
        if name in ("work", "short_break", "long_break"):
            seconds = parse_duration(text)
            if not 60 <= seconds <= 4 * 3600:
                raise UserError(
                    _("{key} must be between 1m and 240m, not {value}.").format(
                        key=key, value=shown(text)
                    )
                )
            changes: dict[str, Any] = {name: seconds}
            return replace(self, **changes)
        if name in ("long_break_every", "daily_goal"):
            raw = text.strip()
            # ASCII digits only: "²".isdigit() is True, but int() refuses it.
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= 50):
                raise UserError(
                    _("{key} must be a whole number from 1 to 50, not {value}.").format(
                        key=key, value=shown(text)
                    )
                )
            changes = {name: int(raw)}
            return replace(self, **changes)
        value = switch(text)
        if value is not None:
            flag: dict[str, Any] = {name: value}
            return replace(self, **flag)
        raise UserError(_("{key} is on or off, not {value}.").format(key=key, value=shown(text)))

    def text_of(self, key: str) -> str:
        name = _name_of(key)
        value = getattr(self, name)
        if isinstance(value, bool):
            return "on" if value else "off"
        if name in ("away_after", "remind_after"):
            return "off" if value == 0 else f"{value // 60}m"
        if name == "entry_max":
            return f"{value // 3600}h" if value % 3600 == 0 else f"{value // 60}m"
        if name in ("work", "short_break", "long_break"):
            return f"{value // 60}m" if value % 60 == 0 else f"{value}s"
        return str(value)

    def duration_of(self, kind: Kind) -> int:
        return {Kind.WORK: self.work, Kind.SHORT_BREAK: self.short_break,
                Kind.LONG_BREAK: self.long_break}[kind]  # fmt: skip


SETTING_KEYS: dict[str, str] = {
    "pomodoro.work": "work",
    "pomodoro.short_break": "short_break",
    "pomodoro.long_break": "long_break",
    "pomodoro.long_break_every": "long_break_every",
    "pomodoro.auto_start_breaks": "auto_start_breaks",
    "pomodoro.auto_start_work": "auto_start_work",
    "pomodoro.daily_goal": "daily_goal",
    "notifications.enabled": "notifications",
    "notifications.sound": "sound",
}
# Limits on what may be stored, set from the CLI only; the settings window
# shows the timer's keys above and the away keys below.
LIMIT_KEYS: dict[str, str] = {"entry.max": "entry_max"}
# Noticing the user away, reminders, do not disturb.
AWAY_KEYS: dict[str, str] = {
    "away.after": "away_after",
    "away.on_lock": "away_on_lock",
    "remind.after": "remind_after",
    "remind.hours": "remind_hours",
    "remind.days": "remind_days",
    "focus.do_not_disturb": "do_not_disturb",
}
ALL_SETTING_KEYS: dict[str, str] = {**SETTING_KEYS, **LIMIT_KEYS, **AWAY_KEYS}
ENTRY_MAX_CEILING = 31 * 24 * 3600
assert set(ALL_SETTING_KEYS.values()) == {f.name for f in fields(FocusSettings)}


def _name_of(key: str) -> str:
    name = ALL_SETTING_KEYS.get(key)
    if name is None:
        raise UserError(
            _("There is no setting {key}; the settings are: {keys}.").format(
                key=shown(key), keys=", ".join(ALL_SETTING_KEYS)
            )
        )
    return name


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase as stored. ``ends_at`` moves later by the length of each pause."""

    id: int
    kind: Kind
    started_at: int
    ends_at: int
    paused_at: int | None
    duration: int  # the planned length, pauses excluded
    work_count: int  # completed work phases in this cycle, this one included once done
    project: str | None
    task: str | None
    outcome: Outcome | None = None  # None while it is the current phase

    def remaining(self, now: int) -> int:
        reference = self.paused_at if self.paused_at is not None else now
        return max(0, self.ends_at - reference)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def is_due(self, now: int) -> bool:
        return self.paused_at is None and now >= self.ends_at


def break_after(work_count: int, settings: FocusSettings) -> Kind:
    """The break that follows the ``work_count``-th completed work phase."""
    if work_count > 0 and work_count % settings.long_break_every == 0:
        return Kind.LONG_BREAK
    return Kind.SHORT_BREAK


@dataclass(frozen=True, slots=True)
class Slept:
    since: int  # wall-clock time of the last tick before the gap
    until: int  # wall-clock time of the tick that noticed


class SleepWatch:
    """Notices that the machine slept: a tick that arrives far later than asked.

    The app asks for a tick every second. A tick that comes ``threshold``
    seconds or more after the previous one means the process was not running
    in between: the machine slept, or the clock jumped forward. Either way
    the gap must not be counted as work without asking.
    """

    def __init__(self, threshold: int = 60) -> None:
        self.threshold = threshold
        self._last: int | None = None

    def tick(self, now: int) -> Slept | None:
        # A clock set backwards just moves the reference: nothing was lost.
        last, self._last = self._last, now
        if last is not None and now - last >= self.threshold:
            return Slept(since=last, until=now)
        return None

    def reset(self, now: int | None = None) -> None:
        self._last = now
