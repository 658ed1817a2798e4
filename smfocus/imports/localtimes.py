"""Local wall-clock times, as CSV exports write them, turned into UTC seconds exactly.

Toggl and Clockify write each entry's start and end as a date and a time in
the exporting profile's zone, with no offset. Most of the year a wall time
means one instant. On the two change days it does not:

* **Autumn (the repeated hour).** 02:30 in Paris on the last Sunday of
  October happens twice. Both readings are kept, the first occurrence first.
* **Spring (the skipped hour).** 02:30 in Paris on the last Sunday of March
  never happens. A tracker cannot have written it from a real clock, so it is
  read the way ``zoneinfo`` reads it (the offset from before the change),
  which moves it forward by the change: 02:30 becomes 03:30.

:func:`pick` then chooses among the readings of the start and the end: the
pair whose length is nearest the row's own duration column, if it has one;
then the first occurrence of each (``fold=0``). A pair whose end comes
before its start is never chosen when another is possible. So a Paris entry
02:40 → 02:20 on the autumn day is read as 02:40 (summer time) → 02:20
(winter time), forty minutes, without needing the duration, and 02:10 →
02:50 with a duration of 1:40:00 is read across the repeat.

The clock times win over the duration: the duration only chooses among the
readings the times allow, because reports may round durations (Toggl and
Clockify both offer rounding) while the times are as recorded.

Speed: a million rows need two conversions each. A day whose UTC offset is
the same at its start, its middle and its end has no change (no zone in the
tz database changes twice in one day), so its rows are converted by
arithmetic from one offset cached per day; only change days go through
``zoneinfo`` row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class WallClock:
    """Readings of local wall times in one zone, with a cache of plain days."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._steady: dict[date, int | None] = {}

    def readings(self, day: date, seconds: int) -> tuple[int, ...]:
        """The instants that ``seconds`` after the wall midnight of ``day`` can mean.

        One instant on most days; two (first occurrence first) in a repeated
        hour; one, moved forward by the change, in a skipped hour.
        """
        wall = (day.toordinal() - _EPOCH_ORDINAL) * DAY + seconds
        offset = self._steady.get(day, -1)
        if offset == -1:
            offset = self._steady[day] = self._steady_offset(day)
        if offset is not None:
            return (wall - offset,)
        naive = datetime.combine(day, time()) + timedelta(seconds=seconds)
        first = int(naive.replace(tzinfo=self.tz, fold=0).timestamp())
        second = int(naive.replace(tzinfo=self.tz, fold=1).timestamp())
        if first < second:  # repeated: fold=0 is the earlier instant
            return (first, second)
        return (first,)  # ordinary, or skipped: fold=0 moves it forward

    def _steady_offset(self, day: date) -> int | None:
        """The day's one UTC offset in seconds, or None on a day the offset changes."""
        midnight = datetime.combine(day, time())
        guess = midnight.replace(tzinfo=self.tz).utcoffset()
        if guess is None:
            return None
        offset = int(guess.total_seconds())
        wall = (day.toordinal() - _EPOCH_ORDINAL) * DAY
        for seconds in (0, DAY // 2, DAY - 1):
            instant = datetime.fromtimestamp(wall + seconds - offset, UTC).astimezone(self.tz)
            actual = instant.utcoffset()
            if actual is None or int(actual.total_seconds()) != offset:
                return None
        return offset


def pick(starts: Sequence[int], ends: Sequence[int], duration: int | None) -> tuple[int, int]:
    """The (start, end) among the readings; see the module's docstring for the rule."""
    if len(starts) == 1 and len(ends) == 1:
        return starts[0], ends[0]
    pairs = [(start, end) for start in starts for end in ends]
    forward = [pair for pair in pairs if pair[1] >= pair[0]] or pairs
    if duration is None:
        return forward[0]
    # min() keeps the first of equals, and the pairs are in fold order.
    return min(forward, key=lambda pair: abs(pair[1] - pair[0] - duration))
