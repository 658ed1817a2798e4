"""The charts window on a fixture database (two months in Europe/Paris), offscreen:
every view builds and is kept as a screenshot (artifacts/charts-<view>.png), a
range change and a project filter redraw with the figures ``smfocus report``
gives, hover and export tell the exact seconds, and writes from another
connection are followed without a refresh button."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from smfocus import cli, tracker_user
from smfocus.core import fmt
from smfocus.core.clock import FakeClock
from smfocus.insights import Insights
from smfocus.store.analytics import AUTOMATION_CATEGORIES
from smfocus.store.database import Store, open_store
from smfocus.tracker import Tracker
from smfocus.ui import qt_refcount
from smfocus.ui.charts_views import RoiView, TimeView, table_text
from smfocus.ui.charts_window import RUNNING_REFRESH_S, ChartsWindow
from tests.charts_data import NOW_LOCAL, build_history, local
from tests.helpers import ROOT, assert_one_line_error, run_main, subprocess_env

PARIS = ZoneInfo("Europe/Paris")
NOW = local(NOW_LOCAL, PARIS)
SLUGS = ("time", "roi", "estimates", "peak", "focus", "review", "automation")


@dataclass
class Shown:
    window: ChartsWindow
    tracker: Tracker
    clock: FakeClock
    store: Store
    data_dir: Path

    def report(self, first: str, last: str, by: str = "project") -> dict[str, int]:
        start = local(f"{first}T00:00:00", PARIS)
        end = local(
            f"{date.fromordinal(date.fromisoformat(last).toordinal() + 1)}T00:00:00", PARIS
        )
        groups = self.tracker.report(start=start, end=end, by=by).groups
        return {group.key: group.seconds for group in groups}

    def project_id(self, name: str) -> int:
        return next(p.id for p in self.window.insights.projects() if p.name == name)


def table_of(view: QWidget) -> QTableWidget:
    found = view.findChild(QTableWidget)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def history_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("charts") / "data"
    store = open_store(folder)
    clock = FakeClock()
    build_history(Tracker(store, clock, PARIS, user="tester"), clock, PARIS)
    store.dispose()
    return folder


@pytest.fixture
def shown(history_dir: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[Shown]:
    copy = tmp_path / "data"
    shutil.copytree(history_dir, copy)
    store = open_store(copy)
    clock = FakeClock(NOW)
    tracker = Tracker(store, clock, PARIS, user="tester")
    window = ChartsWindow(Insights(tracker))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield Shown(window, tracker, clock, store, copy)
    window.close()
    store.dispose()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_view_builds_from_the_fixture_and_is_kept_as_a_screenshot(
    shown: Shown, slug: str, artifacts: Path, qtbot: QtBot
) -> None:
    window = shown.window
    window.show_view(slug)
    view = window.views[slug]
    assert view.built and view.data is not None
    qtbot.wait(50)  # let the tab paint
    march = shown.report("2026-03-01", "2026-03-31")
    if slug == "time":
        assert {s.project.name: s.total for s in view.data.series} == march
        assert table_text(table_of(view))[-1][:2] == ["Total", fmt.duration(sum(march.values()))]
    elif slug == "roi":
        cells = {row[0]: row for row in table_text(table_of(view))}
        assert cells["Cobalt Gym"][5] == "per result" and cells["Cobalt Gym"][6] == "-"
        assert cells["Own brand"][2] == "no rate"
        acme = next(row for row in view.data if row.project.name == "Acme Bakery")
        assert acme.figures.seconds == march["Acme Bakery"]
        assert cells["Acme Bakery"][6] == f"{acme.figures.roi * 100:+.0f} %"
        # A whole month: the month's own ROI; 1800 EUR a month over its hours.
        assert acme.roi == acme.figures.roi
        assert cells["Acme Bakery"][3] == fmt.money(
            round(180000 * 3600 / march["Acme Bakery"]), "EUR"
        )
    elif slug == "estimates":
        assert view.data.tasks and all(task.estimate for task in view.data.tasks)
        assert len(table_text(table_of(view))) == len(view.data.categories)
    elif slug == "peak":
        assert view.data.total == sum(march.values())
    elif slug == "focus":
        assert len(view.data.days) == 31 and view.data.daily_goal == 6
        assert sum(day.switches for day in view.data.days) > 0
    elif slug == "review":
        assert (view.data.this_month, view.data.last_month) == ("2026-03", "2026-02")
        names = [row[0] for row in table_text(table_of(view))]
        assert "Delta Dental (archived)" in names
    elif slug == "automation":
        assert {row.category for row in view.data.rows} <= set(AUTOMATION_CATEGORIES)
        assert [row.total for row in view.data.rows] == sorted(
            (row.total for row in view.data.rows), reverse=True
        )
    image = window.grab()
    assert image.save(str(artifacts / f"charts-{slug}.png"), "PNG")


def test_a_range_change_redraws_with_the_right_numbers(shown: Shown, qtbot: QtBot) -> None:
    window = shown.window
    view = window.views["time"]
    assert isinstance(view, TimeView)
    with qtbot.waitSignal(window.refreshed) as drawn:
        window.set_range("last_month")
    assert drawn.args == ["time"]
    february = shown.report("2026-02-01", "2026-02-28")
    assert {s.project.name: s.total for s in view.data.series} == february
    assert view.data.labels[0] == "2026-02-01" and view.data.labels[-1] == "2026-02-28"
    assert table_text(table_of(view))[-1][1] == fmt.duration(sum(february.values()))
    # Across the spring change, by day, against report --by day.
    window.set_range("custom", (date(2026, 3, 27), date(2026, 3, 30)))
    assert view.data.labels == ("2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30")
    days = {
        label: sum(s.seconds[i] for s in view.data.series)
        for i, label in enumerate(view.data.labels)
    }
    assert {k: v for k, v in days.items() if v} == shown.report("2026-03-27", "2026-03-30", "day")
    # Other views were marked stale, and draw the new range when shown.
    window.show_view("peak")
    assert window.views["peak"].data.total == sum(days.values())


def test_auto_grouping_and_a_chosen_one(shown: Shown) -> None:
    window = shown.window
    view = window.views["time"]
    window.set_range("this_year")
    assert view.data.period == "month"
    assert view.data.labels == ("2026-01", "2026-02", "2026-03")
    window.set_period("week")
    assert view.data.period == "week"
    weeks = shown.report("2026-01-01", "2026-12-31", "week")
    assert {
        label: total
        for label, total in (
            (label, sum(s.seconds[i] for s in view.data.series))
            for i, label in enumerate(view.data.labels)
        )
        if total
    } == weeks


def test_the_project_filter_redraws(shown: Shown) -> None:
    window = shown.window
    acme = shown.project_id("Acme Bakery")
    window.set_projects(frozenset({acme}))
    assert window.projects_button.text() == "Acme Bakery"
    assert [s.project.name for s in window.views["time"].data.series] == ["Acme Bakery"]
    window.show_view("roi")
    assert [row.project.name for row in window.views["roi"].data] == ["Acme Bakery"]
    window.set_projects(None)
    assert window.projects_button.text() == "All projects"
    assert len(window.views["roi"].data) == 4  # the archived project had no time in March


def test_hover_tells_the_exact_hours(shown: Shown) -> None:
    view = shown.window.views["time"]
    assert isinstance(view, TimeView)
    index = view.data.labels.index("2026-03-10")
    bottom = view.data.series[0]
    seconds = bottom.seconds[index]
    assert seconds > 0
    text = view.hover_text(index, seconds / 3600 / 2)
    assert text is not None
    assert f"{bottom.project.name}, 2026-03-10: {fmt.duration(seconds)}" in text
    total = sum(s.seconds[index] for s in view.data.series)
    assert f"All projects: {fmt.duration(total)}" in text
    assert view.describe(index + 0.1, seconds / 3600 / 2) == text
    assert view.describe(index + 0.5, 0.1) is None  # between two bars


def test_export_png_and_csv(shown: Shown, tmp_path: Path) -> None:
    window = shown.window
    for slug in SLUGS:
        window.show_view(slug)
        png, table = tmp_path / f"{slug}.png", tmp_path / f"{slug}.csv"
        assert window.export_png(png)
        image = QImage(str(png))
        assert not image.isNull() and image.width() > 400
        assert window.export_csv(table)
        with table.open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] and len(rows) > 1
    window.show_view("time")
    window.export_csv(tmp_path / "time.csv")
    assert (tmp_path / "time.csv").stat().st_mode & 0o077 == 0  # private, like the database
    with (tmp_path / "time.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert sum(int(record["seconds"]) for record in records) == sum(
        shown.report("2026-03-01", "2026-03-31").values()
    )
    assert not window.export_csv(tmp_path / "missing" / "x.csv")


def test_the_window_follows_writes_from_another_connection(shown: Shown, qtbot: QtBot) -> None:
    window = shown.window
    view = window.views["time"]
    before = view.data.total
    shown.tracker.stop()  # the running entry ends now: the tray or the CLI did it
    with qtbot.waitSignal(window.refreshed, timeout=3000):
        pass
    shown.clock.advance(60)
    shown.tracker.add(
        "Bloom Florist", "Queue reels", start=NOW + 10, end=NOW + 40, category="scheduling posts"
    )
    with qtbot.waitSignal(window.refreshed, timeout=3000):
        pass
    assert view.data.total == before + 30
    window.hide()
    assert not window._poll.isActive()  # hidden, it asks nothing


def test_a_running_entry_is_redrawn_as_it_counts(shown: Shown, qtbot: QtBot) -> None:
    window = shown.window
    before = window.views["time"].data.total
    shown.clock.advance(RUNNING_REFRESH_S + 5)
    window._last_refresh -= RUNNING_REFRESH_S  # as if a minute had passed on screen
    with qtbot.waitSignal(window.refreshed, timeout=3000):
        pass
    assert window.views["time"].data.total == before + RUNNING_REFRESH_S + 5


def test_the_window_and_smfocus_report_agree(
    shown: Shown, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "local_zone", lambda: PARIS)
    # The CLI files time under the OS account (not LOGNAME/USER); the data is "tester"'s.
    monkeypatch.setattr(tracker_user, "os_account", lambda: "tester")
    window = shown.window
    window.set_range("custom", (date(2026, 2, 15), date(2026, 3, 29)))
    view = window.views["time"]
    for by in ("project", "day"):
        result = run_main(
            ["report", "--from", "2026-02-15", "--to", "2026-03-29", "--by", by, "--json"],
            capsys,
            data_dir=shown.data_dir,
            clock=FakeClock(NOW),
        )
        assert result.code == 0, result.err
        printed = {group["key"]: group["seconds"] for group in result.json()["groups"]}
        if by == "project":
            assert printed == {s.project.name: s.total for s in view.data.series}
        else:
            window.set_period("day")
            shown_days = {
                label: sum(s.seconds[i] for s in view.data.series)
                for i, label in enumerate(view.data.labels)
            }
            assert printed == {k: v for k, v in shown_days.items() if v}


def test_a_week_shows_roi_month_to_date_as_report_money_does(
    shown: Shown,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    artifacts: Path,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    monkeypatch.setattr(cli, "local_zone", lambda: PARIS)
    monkeypatch.setattr(tracker_user, "os_account", lambda: "tester")
    window = shown.window
    window.show_view("roi")
    window.set_range("custom", (date(2026, 3, 16), date(2026, 3, 22)))
    view = window.views["roi"]
    assert isinstance(view, RoiView)
    result = run_main(
        ["report", "--from", "2026-03-16", "--to", "2026-03-22", "--money", "--json"],
        capsys,
        data_dir=shown.data_dir,
        clock=FakeClock(NOW),
    )
    assert result.code == 0, result.err
    printed = result.json()
    assert printed["roi_from"] == "2026-03-01"
    money = {group["key"]: group for group in printed["groups"]}
    rows = {row.project.name: row for row in view.data if row.figures.seconds}
    assert set(rows) == set(money)
    for name, row in rows.items():
        group = money[name]
        assert row.figures.seconds == group["seconds"], name
        assert row.roi == group["roi"], name
        cents = row.effective_rate_cents
        assert (None if cents is None else cents / 100) == group["effective_rate"], name
        cost = row.figures.cost_cents
        assert (None if cost is None else cost / 100) == group["cost"], name
        assert row.shown is not None and row.shown.since == date(2026, 3, 1)
    acme = rows["Acme Bakery"]
    # The week's prorated sliver would say something else than the month so far.
    assert acme.roi is not None and acme.roi != acme.figures.roi
    assert view.month_note.isVisible()
    assert "month to date, from 1 March" in view.month_note.text()
    cells = {row[0]: row for row in table_text(table_of(view))}
    assert cells["Acme Bakery"][3] == fmt.money(acme.effective_rate_cents, "EUR")
    assert cells["Acme Bakery"][6] == fmt.percent(acme.roi, signed=True)
    assert window.export_csv(tmp_path / "roi.csv")
    with (tmp_path / "roi.csv").open(encoding="utf-8") as handle:
        records = {record["project"]: record for record in csv.DictReader(handle)}
    assert records["Acme Bakery"]["effective_rate_cents"] == str(acme.effective_rate_cents)
    assert records["Acme Bakery"]["roi_from"] == "2026-03-01"
    qtbot.wait(50)
    assert window.grab().save(str(artifacts / "charts-roi-month-to-date.png"), "PNG")
    # A whole month again: no month-to-date note.
    window.set_range("custom", (date(2026, 3, 1), date(2026, 3, 31)))
    assert not view.month_note.isVisible()


def test_a_range_ending_before_it_starts_is_refused_with_a_sentence(shown: Shown) -> None:
    from smfocus.errors import UserError

    with pytest.raises(UserError, match="ends"):
        shown.window.set_range("custom", (date(2026, 3, 2), date(2026, 3, 1)))


def test_tray_start_up_never_imports_pyqtgraph() -> None:
    probe = (
        "import sys, smfocus.ui.app, smfocus.cli; "
        "print(sorted(m for m in ('pyqtgraph', 'numpy', 'smfocus.ui.charts_window') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(QT_QPA_PLATFORM="offscreen"),
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == "[]"


def test_the_charts_command_opens_the_charts_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from smfocus.ui import charts_app

    opened: list[tuple[Path, str | None]] = []

    def fake_main(data_dir: Path, url: str | None = None) -> int:
        opened.append((data_dir, url))
        return 0

    monkeypatch.setattr(charts_app, "main", fake_main)
    result = run_main(["charts"], capsys, data_dir=tmp_path)
    assert result.code == 0
    assert opened == [(tmp_path, None)]


def test_the_charts_command_refuses_a_bad_database_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "smfocus.sqlite3").write_text("not a database")
    result = run_main(["charts"], capsys, data_dir=tmp_path)
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "is damaged or not a database" in result.err


class _Pinger(QObject):
    ping = Signal()


def test_the_refcount_guard_keeps_long_sessions_alive() -> None:
    # Without the guard PySide6 6.12.0 on CPython 3.11 frees True after a few
    # hundred emits and None after enough void calls; the process aborts.
    qt_refcount.install()
    pinger = _Pinger()
    for _ in range(20_000):
        pinger.ping.emit()
        pinger.setObjectName("x")
    assert sys.getrefcount(True) > 100
    assert sys.getrefcount(None) > 100
