"""When to remind the user that nothing is being tracked. Pure rules on times
given by the caller: the UI feeds it idle measurements, a test a fake clock.

The reminder fires when nothing runs, the user has been active (idle under
``ACTIVE_IDLE`` seconds at each look) for ``after`` seconds in a row, and
the moment lies within the working hours on a working day; then never again
for ``EVERY`` seconds, nor before a snooze ends. Outside working hours, or
while an entry runs, nothing needs measuring at all (``wants_polling``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo

from smfocus.core.i18n import _
from smfocus.core.usertext import shown
from smfocus.core.weekdays import DAYS, day_number
from smfocus.errors import UserError

EVERY = 30 * 60  # never more than once per half hour
SNOOZE = 30 * 60
ACTIVE_IDLE = 60  # idle for less than this at a look: the user is at the machine
_HOURS = re.compile(r"^([0-9]{1,2}):([0-9]{2})-([0-9]{1,2}):([0-9]{2})$")


def parse_hours(text: str) -> tuple[time, time]:
    """``09:00-18:00`` as two times; the end must come after the start."""
    found = _HOURS.match(text.strip())
    if found is None:
        raise UserError(
            _("remind.hours looks like 09:00-18:00, not {value}.").format(value=shown(text))
        )
    h1, m1, h2, m2 = (int(part) for part in found.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise UserError(
            _("{value} is not a range of clock times; use e.g. 09:00-18:00.").format(
                value=shown(text)
            )
        )
    start = time(h1, m1)
    end = time.max if h2 == 24 else time(h2, m2)
    if end <= start:
        raise UserError(
            _("remind.hours must end after it starts, not {value}.").format(value=shown(text))
        )
    return start, end


def _ranges(text: str) -> list[tuple[int, int]]:
    """The (first, last) days of each comma-separated part, in the order written."""
    found: list[tuple[int, int]] = []
    for part in text.strip().split(","):
        ends = [day_number(end) for end in part.replace("\u2013", "-").split("-")]
        if not 1 <= len(ends) <= 2 or None in ends:
            raise UserError(
                _("remind.days looks like mon-fri or mon,wed,fri, not {value}.").format(
                    value=shown(text)
                )
            )
        first, last = ends[0], ends[-1]
        assert first is not None and last is not None
        if last < first:
            raise UserError(
                _("remind.days ranges go from Monday to Sunday, not {value}.").format(
                    value=shown(part.strip())
                )
            )
        found.append((first, last))
    return found


def parse_days(text: str) -> frozenset[int]:
    """``mon-fri``, ``mon,wed,fri`` or ``sat-sun`` as weekday numbers (Monday 0);
    French names too (``lun-ven``, ``lundi,mercredi``), in every language."""
    return frozenset(day for first, last in _ranges(text) for day in range(first, last + 1))


def days_text(text: str) -> str:
    """The stored form of days as typed: the same ranges with English short names
    (``lun-ven`` is kept as ``mon-fri``), so every reader of the setting reads it."""
    return ",".join(
        DAYS[first] if first == last else f"{DAYS[first]}-{DAYS[last]}"
        for first, last in _ranges(text)
    )


@dataclass
class ReminderRule:
    after: int  # seconds of activity before reminding; 0: off
    hours: tuple[time, time]
    days: frozenset[int]
    tz: tzinfo
    active_since: int | None = field(default=None, init=False)
    last_shown: int | None = field(default=None, init=False)
    snoozed_until: int = field(default=0, init=False)

    def working(self, now: int) -> bool:
        local = datetime.fromtimestamp(now, self.tz)
        return local.weekday() in self.days and self.hours[0] <= local.time() < self.hours[1]

    def wants_polling(self, now: int, running: bool) -> bool:
        return self.after > 0 and not running and self.working(now)

    def look(self, now: int, running: bool, idle: int) -> bool:
        """One look at the user; True when the reminder should show now."""
        if not self.wants_polling(now, running) or idle >= ACTIVE_IDLE:
            self.active_since = None
            return False
        if self.active_since is None:
            self.active_since = now - idle
        if now - self.active_since < self.after or now < self.snoozed_until:
            return False
        if self.last_shown is not None and now - self.last_shown < EVERY:
            return False
        self.last_shown = now
        return True

    def snooze(self, now: int) -> None:
        self.snoozed_until = now + SNOOZE
