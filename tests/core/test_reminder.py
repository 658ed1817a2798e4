"""The untracked-time reminder's rhythm on a fake clock: after ten active
minutes, within working hours only, never twice in half an hour, snoozed."""

from __future__ import annotations

import itertools
from datetime import time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smfocus.core.reminder import EVERY, ReminderRule, parse_days, parse_hours
from smfocus.errors import UserError
from tests.helpers import at

PARIS = ZoneInfo("Europe/Paris")


def rule() -> ReminderRule:
    return ReminderRule(600, parse_hours("09:00-18:00"), parse_days("mon-fri"), PARIS)


def looks(r: ReminderRule, start: int, minutes: int, running: bool = False) -> list[int]:
    """Looks every 5 s for ``minutes``; the minutes (from start) when it fired."""
    fired = []
    for step in range(0, minutes * 60, 5):
        if r.look(start + step, running, idle=2):
            fired.append(step // 60)
    return fired


def test_active_ten_minutes_then_at_most_every_half_hour() -> None:
    r = rule()
    assert looks(r, at("2026-02-10T10:00", PARIS), 70) == [10, 40]


def test_nothing_while_an_entry_runs_or_outside_hours_or_on_weekends() -> None:
    assert looks(rule(), at("2026-02-10T10:00", PARIS), 60, running=True) == []
    assert looks(rule(), at("2026-02-10T18:00", PARIS), 60) == []
    assert looks(rule(), at("2026-02-14T10:00", PARIS), 60) == []  # a Saturday
    assert not rule().wants_polling(at("2026-02-10T20:00", PARIS), running=False)
    assert rule().wants_polling(at("2026-02-10T09:00", PARIS), running=False)


def test_idleness_restarts_the_count_and_snooze_holds_it_back() -> None:
    r = rule()
    start = at("2026-02-10T10:00", PARIS)
    assert not r.look(start + 540, False, idle=2)
    assert not r.look(start + 545, False, idle=300)  # went for coffee
    assert looks(r, start + 600, 12) == [10]
    r.snooze(start + 1300)
    r.last_shown = None
    assert looks(r, start + 1300, 40) == [30]


@given(st.lists(st.tuples(st.integers(1, 600), st.integers(0, 200)), max_size=200))
def test_never_twice_within_half_an_hour(steps: list[tuple[int, int]]) -> None:
    r = rule()
    now = at("2026-02-10T09:00", PARIS)
    shown: list[int] = []
    for gap, idle in steps:
        now += gap
        if r.look(now, False, idle):
            shown.append(now)
    assert all(b - a >= EVERY for a, b in itertools.pairwise(shown))


def test_settings_text() -> None:
    assert parse_hours("8:30-24:00")[0] == time(8, 30)
    assert parse_days("mon,wed-fri") == frozenset({0, 2, 3, 4})
    for bad in ("18:00-09:00", "9-5", "25:00-26:00"):
        with pytest.raises(UserError):
            parse_hours(bad)
    with pytest.raises(UserError):
        parse_days("fri-mon")
