"""Learning to say no: weekly commitments against the capacity."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from smfocus.core.budget import Commitment, overcommit
from smfocus.core.clock import FakeClock
from smfocus.planning import PlanChange, plan_week, set_plan_setting, set_project_plan, week_of
from smfocus.tracker import Tracker
from tests.helpers import at

H = 3600


def test_a_raised_commitment_names_the_overrun_and_the_lower_priorities_that_give(
    tracker: Tracker,
) -> None:
    set_plan_setting(tracker, "plan.capacity", "32h")
    tracker.add_project("Bloom", priority="1")
    tracker.add_project("Cafe", priority="4")
    tracker.add_project("Gym", priority="5")
    tracker.add_project("Shop", priority="2")
    for name, hours in (("Bloom", "16h"), ("Cafe", "6h"), ("Gym", "4h"), ("Shop", "6h")):
        assert set_project_plan(tracker, name, PlanChange(commit=hours)) is None
    over = set_project_plan(tracker, "Bloom", PlanChange(commit="24h"))
    assert over is not None
    assert over.over == 8 * H
    # Least important first: Gym (P5) then Cafe (P4); Shop (P2) is kept.
    assert [c.project for c in over.give] == ["Gym", "Cafe"]
    assert over.short == 0


def test_a_low_priority_commitment_cannot_push_out_a_higher_one() -> None:
    found = overcommit(
        [Commitment("Bloom", 1, 30 * H), Commitment("Gym", 5, 8 * H)], 32 * H, "Gym"
    )
    assert found is not None
    assert (found.over, found.give, found.short) == (6 * H, (), 6 * H)


def test_commitments_within_capacity_say_nothing() -> None:
    assert overcommit([Commitment("A", 3, 10 * H)], 32 * H, "A") is None


def test_the_week_shows_committed_against_capacity_against_tracked(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-11-25T18:00", tz))  # a Wednesday
    set_plan_setting(tracker, "plan.capacity", "20h")
    tracker.add_project("Bloom", priority="2")
    tracker.add_project("Cafe", priority="3")
    set_project_plan(tracker, "Bloom", PlanChange(commit="12h"))
    set_project_plan(tracker, "Cafe", PlanChange(commit="10h"))
    tracker.add("Bloom", None, start=at("2026-11-23T09:00", tz), end=at("2026-11-23T12:00", tz))
    tracker.add("Cafe", None, start=at("2026-11-22T09:00", tz), end=at("2026-11-22T12:00", tz))
    week = plan_week(tracker, week_of(None, clock.now(), tracker))
    assert week.week == "2026-W48"
    assert [(i.project, i.committed_seconds, i.tracked_seconds) for i in week.items] == [
        ("Bloom", 12 * H, 3 * H),
        ("Cafe", 10 * H, 0),  # Sunday's work belongs to the week before
    ]
    assert week.capacity_seconds == 20 * H
    assert week.overcommit is not None and week.overcommit.over == 2 * H
