"""The charts window's Team view on a team database (PostgreSQL, offscreen): a lead
sees time per person and client with the figures of ``smfocus report --team``
over the same range, to the second; a member and a SQLite user get no Team tab."""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import make_url

from smfocus import cli as cli_module
from smfocus.core.clock import FakeClock
from smfocus.insights import Insights
from smfocus.store.database import open_store
from smfocus.tracker import Tracker
from smfocus.ui.charts_team import TeamView
from smfocus.ui.charts_views import table_text
from smfocus.ui.charts_window import ChartsWindow
from tests.helpers import run_main

PARIS = ZoneInfo("Europe/Paris")
NOW = 1_767_614_400  # 2026-01-05T12:00Z, 13:00 in Paris


def _as(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def _paris(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line reads days in the window's zone."""
    monkeypatch.setattr(cli_module, "local_zone", lambda: PARIS)


@pytest.fixture
def team_url(pg_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """alice and bob are members, carol leads; alice's first entry crosses midnight
    and her last one is still running."""
    clock = FakeClock(NOW)

    def cli(url: str, *argv: str) -> None:
        result = run_main(["--database-url", url, *argv], capsys, data_dir=data_dir, clock=clock)
        assert result.code == 0, result.err

    cli(pg_url, "db", "init-team")
    for name in ("alice", "bob"):
        cli(pg_url, "db", "add-member", name)
    cli(pg_url, "db", "add-member", "carol", "--lead")
    alice, bob, carol = (_as(pg_url, name) for name in ("alice", "bob", "carol"))
    cli(alice, "project", "add", "Posts", "--client", "Bloom")
    cli(alice, "project", "add", "Ads", "--client", "=Corvid")
    cli(alice, "add", "Posts", "Plan", "--from", "2026-01-04 23:30", "--to", "2026-01-05 01:07")
    cli(alice, "add", "Ads", "Set up", "--from", "-3h", "--to", "-2h")
    cli(alice, "start", "Posts", "Reply", "--at", "-25m")
    cli(bob, "project", "add", "Shop", "--client", "=Corvid")
    cli(bob, "add", "Shop", "Photos", "--from", "-5h", "--to", "-4h13m")
    cli(carol, "project", "add", "Internal")
    cli(carol, "add", "Internal", "Review", "--from", "-90m", "--to", "-61m")
    return pg_url


def _window(url: str | None, user: str, data_dir: Path, qtbot: QtBot) -> Iterator[ChartsWindow]:
    store = open_store(data_dir, url)
    window = ChartsWindow(Insights(Tracker(store, FakeClock(NOW), PARIS, user=user)))
    qtbot.addWidget(window)
    try:
        yield window
    finally:
        window.close()
        store.dispose()


@pytest.fixture
def lead_window(team_url: str, data_dir: Path, qtbot: QtBot) -> Iterator[ChartsWindow]:
    yield from _window(_as(team_url, "carol"), "carol", data_dir, qtbot)


def _report(
    url: str, data_dir: Path, capsys: pytest.CaptureFixture[str], *span: str
) -> dict[tuple[str, str | None], int]:
    result = run_main(
        ["--database-url", url, "report", "--team", "--json", *span],
        capsys,
        data_dir=data_dir,
        clock=FakeClock(NOW),
    )
    assert result.code == 0, result.err
    return {(row["person"], row["client"]): row["seconds"] for row in result.json()}


def _per_client(window: ChartsWindow) -> dict[tuple[str, str | None], int]:
    sums: dict[tuple[str, str | None], int] = defaultdict(int)
    for row in window.views["team"].data:
        sums[(row.person, row.client)] += row.seconds
    return dict(sums)


def test_a_lead_sees_everyone_by_client_and_project_and_it_is_kept_as_a_screenshot(
    lead_window: ChartsWindow, artifacts: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    window = lead_window
    window.resize(1180, 560)
    window.set_range("custom", (date(2026, 1, 5), date(2026, 1, 5)))
    window.show()
    qtbot.waitExposed(window)
    window.show_view("team")
    qtbot.wait(50)
    view = window.views["team"]
    assert isinstance(view, TeamView)
    cells = table_text(view.table)
    assert cells == [
        ["alice", "Bloom", "Posts", "1:32:00", str(67 * 60 + 25 * 60)],
        ["alice", "=Corvid", "Ads", "1:00:00", "3600"],
        ["bob", "=Corvid", "Shop", "0:47:00", str(47 * 60)],
        ["carol", "(no client)", "Internal", "0:29:00", str(29 * 60)],
    ]
    window.grab().save(str(artifacts / "charts-team.png"), "PNG")
    saved = tmp_path / "team.csv"
    assert window.export_csv(saved)
    with saved.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["person", "client", "project", "seconds", "hours"]
    # A client a member typed cannot become a formula in the lead's spreadsheet.
    assert rows[2] == ["alice", "'=Corvid", "Ads", "3600", "1.00"]
    assert [row[3] for row in rows[1:]] == [cell[4] for cell in cells]


@pytest.mark.parametrize(
    ("chosen", "span"),
    [
        ((date(2026, 1, 5), date(2026, 1, 5)), ("--from", "2026-01-05", "--to", "2026-01-05")),
        ((date(2026, 1, 4), date(2026, 1, 4)), ("--from", "2026-01-04", "--to", "2026-01-04")),
        (None, ()),
    ],
)
def test_the_team_view_has_the_figures_of_report_team(
    lead_window: ChartsWindow,
    team_url: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    qtbot: QtBot,
    chosen: tuple[date, date] | None,
    span: tuple[str, ...],
) -> None:
    window = lead_window
    if chosen is None:
        window.set_range("all_time")
    else:
        window.set_range("custom", chosen)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("team")
    expected = _report(_as(team_url, "carol"), data_dir, capsys, *span)
    assert expected  # every range holds someone's time
    assert _per_client(window) == expected


def test_a_member_has_no_team_tab(team_url: str, data_dir: Path, qtbot: QtBot) -> None:
    for window in _window(_as(team_url, "bob"), "bob", data_dir, qtbot):
        assert "team" not in window.views
        assert "Team" not in [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_a_sqlite_user_has_no_team_tab(data_dir: Path, qtbot: QtBot) -> None:
    for window in _window(None, "tester", data_dir, qtbot):
        assert "team" not in window.views
        assert "Team" not in [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_a_members_write_on_the_command_line_redraws_the_leads_team_view(
    lead_window: ChartsWindow,
    team_url: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    qtbot: QtBot,
) -> None:
    window = lead_window
    window.set_range("custom", (date(2026, 1, 5), date(2026, 1, 5)))
    window.show()
    qtbot.waitExposed(window)
    window.show_view("team")
    assert ("bob", "=Corvid") in _per_client(window)
    assert ("bob", "Bloom") not in _per_client(window)
    result = run_main(
        ["--database-url", _as(team_url, "bob"), "project", "add", "Feed", "--client", "Bloom"],
        capsys,
        data_dir=data_dir,
        clock=FakeClock(NOW),
    )
    assert result.code == 0, result.err
    result = run_main(
        [
            "--database-url",
            _as(team_url, "bob"),
            "add",
            "Feed",
            "Posts",
            "--from",
            "-2h",
            "--to",
            "-1h",
        ],
        capsys,
        data_dir=data_dir,
        clock=FakeClock(NOW),
    )
    assert result.code == 0, result.err
    written = time.monotonic()

    def redrawn() -> None:
        assert _per_client(window).get(("bob", "Bloom")) == 3600

    # A bound for a failing test, not a timing assertion: the window is told at once.
    qtbot.waitUntil(redrawn, timeout=10_000)
    with capsys.disabled():
        print(f"team view redrawn {time.monotonic() - written:.3f} s after the write")
