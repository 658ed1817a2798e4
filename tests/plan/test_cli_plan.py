"""``report --money``, ``budget``, ``plan`` and the project's plan options, as typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from tests.helpers import Result, assert_one_line_error, at, run_main

Cli = Callable[..., Result]


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.setattr(cli, "local_zone", lambda: tz)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    clock.set(at("2026-11-20T18:00", tz))

    def invoke(*argv: str) -> Result:
        result = run_main(argv, capsys, data_dir=data_dir, clock=clock)
        return result

    return invoke


def ok(result: Result) -> Result:
    assert (result.code, result.err) == (0, ""), result
    return result


@pytest.fixture
def history(run: Cli) -> Cli:
    ok(
        run(
            "project",
            "add",
            "Bloom",
            "--rate",
            "40",
            "--value",
            "900",
            "--client",
            "Bloom Florist",
        )
    )
    ok(run("project", "add", "Cafe", "--rate", "50"))
    ok(run("project", "add", "Free"))  # no rate, no value
    ok(run("add", "Bloom", "Reels", "--from", "2026-11-02T09:00", "--to", "2026-11-02T10:30"))
    ok(run("add", "Bloom", "--from", "2026-11-02T11:00", "--to", "2026-11-02T11:30"))
    ok(run("add", "Cafe", "Menu", "--from", "2026-11-03T09:00", "--to", "2026-11-03T10:00"))
    ok(run("add", "Free", "--from", "2026-11-04T09:00", "--to", "2026-11-04T10:00"))
    return run


def _groups(result: Result) -> dict[str, dict[str, object]]:
    return {g["key"]: g for g in ok(result).json()["groups"]}


def test_money_by_project_has_cost_value_roi_and_effective_rate(history: Cli) -> None:
    groups = _groups(
        history("report", "--money", "--json", "--from", "2026-11-01", "--to", "2026-11-30")
    )
    bloom = groups["Bloom"]
    # 2 h at 40 EUR; the month's 900 EUR prorated up to today (20 of 30 days),
    # as the charts' ROI view does; 600 EUR over 2 h.
    assert (bloom["cost"], bloom["value"], bloom["effective_rate"]) == (80.0, 600.0, 300.0)
    assert bloom["roi"] == pytest.approx((600 - 80) / 80)
    assert groups["Cafe"]["value"] is None and groups["Cafe"]["roi"] is None
    free = groups["Free"]
    assert (free["cost"], free["value"], free["roi"], free["effective_rate"]) == (None,) * 4


def test_money_by_task_costs_time_without_a_task_at_its_projects_rate(history: Cli) -> None:
    groups = _groups(history("report", "--money", "--json", "--by", "task"))
    assert groups["Bloom / Reels"]["cost"] == 60.0
    assert groups["Cafe / Menu"]["cost"] == 50.0
    # Half an hour of Bloom (20 EUR) and an hour of Free, which has no rate.
    assert groups["(no task)"]["cost"] is None
    assert groups["(no task)"]["seconds"] == 5400


def test_money_by_day_sums_one_currency_and_refuses_a_mix(history: Cli) -> None:
    ok(history("project", "edit", "Cafe", "--currency", "USD"))
    groups = _groups(history("report", "--money", "--json", "--by", "day"))
    assert groups["2026-11-02"]["cost"] == 80.0
    assert groups["2026-11-03"]["cost"] == 50.0 and groups["2026-11-03"]["currency"] == "USD"
    assert groups["2026-11-04"]["cost"] is None  # no rate: never 0


def test_money_text_matches_the_plain_reports_time(history: Cli) -> None:
    plain = ok(history("report", "--json")).json()
    money = ok(history("report", "--money", "--json")).json()
    assert plain["total_seconds"] == money["total_seconds"]
    assert "per hour" in ok(history("report", "--money")).out


def test_budget_json_and_text(history: Cli) -> None:
    ok(history("project", "edit", "Bloom", "--budget", "10h/month"))
    found = ok(history("budget", "--json")).json()
    assert found["month"] == "2026-11"
    (item,) = found["items"]
    assert item["client"] == "Bloom Florist"
    assert (item["budget_seconds"], item["used_seconds"], item["remaining_seconds"]) == (
        36000,
        7200,
        28800,
    )
    assert item["money"]["effective_rate"] == 450.0
    assert "Bloom Florist — Bloom" in ok(history("budget")).out
    assert (
        ok(history("budget", "--month", "2026-10", "--json")).json()["items"][0]["used_seconds"]
        == 0
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("budget", "--month", "2026-13"),
        ("project", "edit", "Bloom", "--budget", "20h"),
        ("project", "edit", "Bloom", "--commit", "lots"),
        ("config", "set", "plan.capacity", "0h"),
        ("config", "set", "plan.days", "funday"),
        ("config", "set", "plan.nothing", "1"),
    ],
)
def test_plan_mistakes_are_one_line_and_change_nothing(
    history: Cli, argv: tuple[str, ...]
) -> None:
    before = ok(history("projects", "--json")).out
    result = history(*argv)
    assert result.code == 1
    assert_one_line_error(result.err)
    assert ok(history("projects", "--json")).out == before


def test_a_raised_commitment_over_capacity_is_said_with_who_gives(history: Cli) -> None:
    ok(history("config", "set", "plan.capacity", "20h"))
    ok(history("project", "edit", "Cafe", "--priority", "5", "--commit", "8h"))
    out = ok(history("project", "edit", "Bloom", "--priority", "1", "--commit", "16h")).out
    assert "by 4.00 h" in out and "Cafe" in out
    week = ok(history("plan", "--json")).json()
    assert (week["capacity_seconds"], week["committed_seconds"]) == (72000, 86400)


def test_a_week_shows_roi_and_effective_rate_month_to_date_and_says_why(history: Cli) -> None:
    ok(history("add", "Bloom", "--from", "2026-11-17T09:00", "--to", "2026-11-17T10:00"))
    argv = ("report", "--money", "--from", "2026-11-16", "--to", "2026-11-20")
    found = ok(history(*argv, "--json")).json()
    assert found["roi_from"] == "2026-11-01"
    bloom = {g["key"]: g for g in found["groups"]}["Bloom"]
    # The week's own figures: 1 h at 40 EUR, 5 of November's 30 days of 900 EUR.
    assert (bloom["seconds"], bloom["cost"], bloom["value"]) == (3600, 40.0, 150.0)
    # ROI and rate over November so far (20 days): 600 EUR of value for 3 h.
    assert bloom["roi"] == pytest.approx((600 - 120) / 120)
    assert bloom["effective_rate"] == 200.0
    assert "month to date, from 2026-11-01" in ok(history(*argv)).out
