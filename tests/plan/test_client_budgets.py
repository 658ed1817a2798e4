"""A client's monthly budget, shared by its projects: their time summed, rollover,
the thresholds said once and naming the client, and the CLI around it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smfocus import hooks
from smfocus.client_budgets import set_client_budget
from smfocus.core.budget import parse_budget
from smfocus.core.clock import FakeClock
from smfocus.errors import UserError
from smfocus.planning import PlanChange, budget_month, burn_down, new_crossings, set_project_plan
from smfocus.store.database import Store
from smfocus.tracker import Tracker
from smfocus.ui.budget_watch import message
from tests.helpers import at, run_main

H = 3600


def _bloom(tracker: Tracker, clock: FakeClock, tz: ZoneInfo) -> None:
    clock.set(at("2026-08-01T08:00", tz))  # long before the months under test
    tracker.add_project("Bloom Instagram", rate="40", value="600", client="Bloom Florist")
    tracker.add_project("Bloom LinkedIn", rate="40", value="300", client="bloom florist")
    tracker.add_project("Cafe", rate="30", client="Cafe Nord")


def test_the_projects_of_a_client_share_its_budget_whatever_the_case_of_its_name(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _bloom(tracker, clock, tz)
    set_client_budget(tracker, "BLOOM FLORIST", parse_budget("10h/month"), None)
    clock.set(at("2026-11-15T12:00", tz))
    tracker.add("Bloom Instagram", None, start=at("2026-11-02T09:00", tz),
                end=at("2026-11-02T13:00", tz))  # fmt: skip
    tracker.add("Bloom LinkedIn", None, start=at("2026-11-03T09:00", tz),
                end=at("2026-11-03T11:00", tz))  # fmt: skip
    tracker.add("Cafe", None, start=at("2026-11-04T09:00", tz), end=at("2026-11-04T17:00", tz))
    month = budget_month(tracker, 2026, 11)
    assert month.items == ()  # no project has a budget of its own
    (client,) = month.clients
    assert client.client == "Bloom Florist"
    assert (client.used_seconds, client.budget_seconds, client.remaining_seconds) == (
        6 * H, 10 * H, 4 * H,
    )  # fmt: skip
    assert [(p.project, p.used_seconds) for p in client.projects] == [
        ("Bloom Instagram", 4 * H),
        ("Bloom LinkedIn", 2 * H),
    ]
    assert client.used_cents == 6 * 4000
    # The month brings in both projects' values: 900 EUR over 6 hours.
    assert client.effective_rate_cents == 15000
    # 6 h in 14.5 of November's 30 days.
    assert client.projected_seconds == 6 * H * 30 * 2 // 29


def test_a_client_budget_rolls_over_one_month_and_a_money_budget_needs_one_rate(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _bloom(tracker, clock, tz)
    set_client_budget(tracker, "Bloom Florist", parse_budget("10h/month"), True)
    clock.set(at("2026-11-15T12:00", tz))
    tracker.add("Bloom LinkedIn", None, start=at("2026-10-02T09:00", tz),
                end=at("2026-10-02T16:00", tz))  # fmt: skip
    (client,) = budget_month(tracker, 2026, 11).clients
    assert (client.rollover_seconds, client.budget_seconds) == (3 * H, 13 * H)
    # 800 EUR at the one rate both projects share: 20 hours.
    set_client_budget(tracker, "Bloom Florist", parse_budget("800EUR/month"), False)
    (client,) = budget_month(tracker, 2026, 11).clients
    assert (client.budget_seconds, client.budget_cents, client.rollover_seconds) == (
        20 * H, 80000, 0,
    )  # fmt: skip
    tracker.edit_project("Bloom LinkedIn", rate="50")
    (client,) = budget_month(tracker, 2026, 11).clients
    assert client.budget_seconds is None  # two rates: followed in money only
    assert client.share == 0.0


def test_a_client_that_no_project_names_or_another_currency_is_refused(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _bloom(tracker, clock, tz)
    with pytest.raises(UserError, match="No project has the client"):
        set_client_budget(tracker, "Nobody", parse_budget("10h/month"), None)
    with pytest.raises(UserError, match="billed in EUR, not USD"):
        set_client_budget(tracker, "Bloom Florist", parse_budget("500USD/month"), None)
    assert budget_month(tracker, 2026, 11).clients == ()
    set_client_budget(tracker, "Bloom Florist", parse_budget("10h/month"), None)
    assert set_client_budget(tracker, "Bloom Florist", parse_budget(""), None) is None
    assert budget_month(tracker, 2026, 11).clients == ()


def test_a_client_threshold_is_said_once_and_names_the_client(
    store: Store, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _bloom(tracker, clock, tz)
    set_client_budget(tracker, "Bloom Florist", parse_budget("10h/month"), None)
    # A project of the client with a budget of its own keeps its own notices.
    set_project_plan(tracker, "Bloom LinkedIn", PlanChange(budget=parse_budget("40h/month")))
    clock.set(at("2026-11-20T20:00", tz))
    tracker.add("Bloom Instagram", None, start=at("2026-11-02T09:00", tz),
                end=at("2026-11-02T14:00", tz))  # fmt: skip
    tracker.add("Bloom LinkedIn", None, start=at("2026-11-03T09:00", tz),
                end=at("2026-11-03T12:00", tz))  # fmt: skip
    (first,) = new_crossings(tracker)
    assert (first.project, first.client, first.threshold) == (None, "Bloom Florist", 80)
    title, body = message(first)
    assert title.startswith("Bloom Florist:") and "projects of Bloom Florist" in body
    again = Tracker(store, clock, tz, user="tester")  # a restarted app
    assert new_crossings(again) == []
    tracker.add("Bloom Instagram", None, start=at("2026-11-04T09:00", tz),
                end=at("2026-11-04T12:00", tz))  # fmt: skip
    assert [(c.project, c.threshold) for c in new_crossings(again)] == [(None, 100)]
    assert new_crossings(again) == []


def test_the_burn_down_has_a_line_summing_the_clients_projects(
    tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    _bloom(tracker, clock, tz)
    set_client_budget(tracker, "Bloom Florist", parse_budget("10h/month"), None)
    clock.set(at("2026-11-04T12:00", tz))
    tracker.add("Bloom Instagram", None, start=at("2026-11-02T09:00", tz),
                end=at("2026-11-02T13:00", tz))  # fmt: skip
    tracker.add("Bloom LinkedIn", None, start=at("2026-11-03T09:00", tz),
                end=at("2026-11-03T11:00", tz))  # fmt: skip
    (line,) = burn_down(tracker, 2026, 11).lines
    assert line.item.client == "Bloom Florist"
    assert line.used_by_day == (0, 4 * H, 6 * H, 6 * H)


def test_the_cli_sets_shows_and_reports_a_client_budget_and_stop_names_the_client(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fired: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        hooks, "fire", lambda t, d, u, event, fields: fired.append((event, fields))
    )
    clock = FakeClock(at("2026-11-02T08:00", ZoneInfo("UTC")))

    def run(*argv: str) -> Any:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    assert run("project", "add", "Reels", "--client", "Bloom").code == 0
    assert run("project", "add", "Posts", "--client", "BLOOM").code == 0
    refused = run("client", "budget", "Nobody", "5h/month")
    assert refused.code == 1 and refused.err.count("\n") == 1 and "Nobody" in refused.err
    done = run("client", "budget", "bloom", "1h/month", "--rollover")
    assert done.code == 0
    assert "1h/month, unused hours roll over, shared by Posts, Reels" in done.out
    assert "1h/month" in run("client", "budget", "Bloom").out
    assert run("start", "Reels").code == 0
    clock.advance(30 * 60)
    assert run("start", "Posts").code == 0
    clock.advance(20 * 60)
    stopped = run("stop")
    assert stopped.code == 0
    assert (
        "Bloom: 80 % of the 2026-11 budget shared by its projects is used (83 %)." in stopped.out
    )
    assert [f for e, f in fired if e == "budget.threshold"] == [
        {"project": None, "client": "Bloom", "month": "2026-11", "threshold": 80,
         "used_share": round(50 / 60, 4)},
    ]  # fmt: skip
    shown = run("budget", "--json")
    assert shown.code == 0
    (client,) = json.loads(shown.out)["clients"]
    assert (client["client"], client["used_seconds"], client["budget_seconds"]) == (
        "Bloom", 50 * 60, H,
    )  # fmt: skip
    assert {p["project"]: p["used_seconds"] for p in client["projects"]} == {
        "Posts": 20 * 60,
        "Reels": 30 * 60,
    }
    text = run("budget").out
    assert "Bloom (client, all its projects): " in text
    assert "Posts: " in text and "Reels: " in text
    assert run("client", "budget", "Bloom", "").out.strip() == "Bloom has no budget now."
    assert json.loads(run("budget", "--json").out)["clients"] == []
