"""The idle probe against fake ScreenSaver, Mutter and logind services on a
private session bus and a private "system" bus: each answering, failing and
missing, in the documented order; and the away watch on a fake clock."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import itertools
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from smfocus.away import Answer, Away, AwayPeriod
from smfocus.core.clock import FakeClock
from smfocus.core.reminder import ReminderRule, parse_days, parse_hours
from smfocus.pomodoro import Timer
from smfocus.tracker import Tracker
from smfocus.ui import away as away_ui
from smfocus.ui.away import AwayPrompt, AwayWatch
from smfocus.ui.controller import Controller
from smfocus.ui.idle import IdleProbe
from smfocus.ui.reminder import UntrackedReminder
from smfocus.ui.sleep import SleepLockWatch
from tests.helpers import at
from tests.ui import fake_idle
from tests.ui.dbus_rig import PrivateBus

_names = itertools.count()
Buses = tuple[PrivateBus, PrivateBus]


@pytest.fixture
def buses() -> Iterator[tuple[PrivateBus, PrivateBus]]:
    session, system = PrivateBus(), PrivateBus()
    yield session, system
    session.close()
    system.close()


def probe_on(
    buses: tuple[PrivateBus, PrivateBus], clock: FakeClock, x11: int | None = None
) -> IdleProbe:
    session = QDBusConnection.connectToBus(buses[0].address, f"probe-s-{next(_names)}")
    system = QDBusConnection.connectToBus(buses[1].address, f"probe-y-{next(_names)}")
    return IdleProbe(clock, session, system, x11=lambda: x11)


def measure(qtbot: QtBot, probe: IdleProbe) -> int | None:
    seen: list[int | None] = []
    probe.measured.connect(seen.append)
    probe.unavailable.connect(lambda: seen.append(None))
    probe.poll()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    return seen[0]


def test_screensaver_answers_first(qtbot: QtBot, buses: Buses, clock: FakeClock) -> None:
    saver = fake_idle.serve(buses[0].address, "screensaver", 42_000)
    mutter = fake_idle.serve(buses[0].address, "mutter", 7_000)
    probe = probe_on(buses, clock)
    assert measure(qtbot, probe) == 42
    assert (probe.source, saver.calls, mutter.calls) == ("screensaver", 1, 0)


def test_gnome_errs_on_screensaver_and_mutter_answers(
    qtbot: QtBot, buses: Buses, clock: FakeClock
) -> None:
    gnome_saver = fake_idle.serve(buses[0].address, "screensaver", 0, fail=True)
    mutter = fake_idle.serve(buses[0].address, "mutter", 90_500)
    probe = probe_on(buses, clock)
    assert measure(qtbot, probe) == 90
    assert (probe.source, gnome_saver.calls) == ("mutter", 1)
    mutter.idle = 1_000
    assert measure(qtbot, probe) == 1  # the source that answered is kept


def test_x11_comes_before_logind(qtbot: QtBot, buses: Buses, clock: FakeClock) -> None:
    logind = fake_idle.serve(buses[1].address, "logind", 1)
    probe = probe_on(buses, clock, x11=12_345)
    assert measure(qtbot, probe) == 12
    assert (probe.source, logind.calls) == ("x11", 0)


def test_logind_on_the_system_bus_is_the_last_resort(
    qtbot: QtBot, buses: Buses, clock: FakeClock
) -> None:
    clock.set(1_800_000_000)
    broken = fake_idle.serve(buses[0].address, "mutter", 0, fail=True)
    logind = fake_idle.serve(buses[1].address, "logind", (1_800_000_000 - 600) * 1_000_000)
    probe = probe_on(buses, clock)
    assert measure(qtbot, probe) == 600
    assert (probe.source, broken.calls) == ("logind", 1)
    logind.idle = 0  # active again: IdleHint is false
    assert measure(qtbot, probe) == 0


def test_nothing_answers(qtbot: QtBot, buses: Buses, clock: FakeClock) -> None:
    saver = fake_idle.serve(buses[0].address, "screensaver", 0, fail=True)
    logind = fake_idle.serve(buses[1].address, "logind", 0, fail=True)
    assert measure(qtbot, probe_on(buses, clock)) is None
    assert saver.calls == 1 and logind is not None


# -- the away watch -------------------------------------------------------------


class StillProbe(IdleProbe):
    """A probe whose answers the test gives by hand."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock, QDBusConnection("none"), QDBusConnection("none"), lambda: None)

    def poll(self) -> None:
        pass


def test_idle_makes_a_pending_period_and_the_return_asks(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-02-10T09:00", tz))
    tracker.add_project("Acme")
    tracker.start("Acme", "Replies")
    away = Away(tracker)
    probe = StillProbe(clock)
    watch = AwayWatch(away, probe, after=300)
    assert not watch.polling
    watch.set_needed(True)
    assert watch.polling
    clock.set(at("2026-02-10T10:08", tz))
    watch.on_idle(5 * 60)  # idle since 10:03
    pending = away.pending()
    assert [(p.started_at, p.ended_at) for p in pending] == [(at("2026-02-10T10:03", tz), None)]
    asked: list[object] = []
    watch.question.connect(asked.append)
    clock.set(at("2026-02-10T10:17:05", tz))
    watch.on_idle(5)
    assert len(asked) == 1
    prompt = AwayPrompt(away, away.pending()[0])
    qtbot.addWidget(prompt)
    assert "Away 10:03–10:17 (14 min) during Acme / Replies" in prompt.text.text()
    prompt.project.setText("Nowhere")
    assert not prompt.answer(Answer.ASSIGN)
    assert "no project named" in prompt.message.text()
    prompt.buttons[Answer.DISCARD].click()
    assert away.pending() == []
    assert [(e.started_at, e.ended_at) for e in tracker.log()] == [
        (at("2026-02-10T09:00", tz), at("2026-02-10T10:03", tz)),
        (at("2026-02-10T10:17", tz), None),
    ]
    watch.set_needed(False)
    assert not watch.polling


# -- suspend and lock -------------------------------------------------------------


def test_sleep_announced_by_logind_is_time_away_asked_on_resume(
    qtbot: QtBot, buses: Buses, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-02-10T09:00", tz))
    tracker.add_project("Acme")
    tracker.start("Acme", "Replies")
    away = Away(tracker)
    system = QDBusConnection.connectToBus(buses[1].address, f"sleep-y-{next(_names)}")
    session = QDBusConnection.connectToBus(buses[0].address, f"sleep-s-{next(_names)}")
    watch = SleepLockWatch(away, system, session, on_lock=True)
    assert watch.listening_to_logind and watch.listening_to_lock
    sleeping: list[bool] = []
    asked: list[AwayPeriod] = []
    watch.sleeping.connect(sleeping.append)
    watch.question.connect(asked.append)
    clock.set(at("2026-02-10T10:03", tz))
    logind = fake_idle.announce(buses[1].address, "sleep", True)
    qtbot.waitUntil(lambda: sleeping == [True], timeout=10_000)
    assert [(p.started_at, p.ended_at) for p in away.pending()] == [
        (at("2026-02-10T10:03", tz), None)
    ]
    clock.set(at("2026-02-10T12:00", tz))
    fake_idle.announce(buses[1].address, "sleep", False, logind)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10_000)
    assert (asked[0].reason, asked[0].ended_at) == ("sleep", at("2026-02-10T12:00", tz))
    away.resolve(Answer.STOP)
    assert tracker.log()[0].ended_at == at("2026-02-10T10:03", tz)
    # With away.on_lock, locking the screen is time away from that moment.
    tracker.start("Acme", "Replies")
    clock.set(at("2026-02-10T12:30", tz))
    saver = fake_idle.announce(buses[0].address, "lock", True)
    qtbot.waitUntil(lambda: bool(away.pending()), timeout=10_000)
    assert [(p.reason, p.started_at) for p in away.pending()] == [
        ("lock", at("2026-02-10T12:30", tz))
    ]
    clock.set(at("2026-02-10T12:40", tz))
    fake_idle.announce(buses[0].address, "lock", False, saver)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)


# -- the untracked-time reminder ---------------------------------------------------


class Asked(QObject):
    answered = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[str] = []

    def ask(self, title: str, body: str, actions: list[tuple[str, str]]) -> None:
        self.questions.append(body)


def test_the_reminder_polls_only_when_needed_asks_and_resumes(
    clock: FakeClock, tz: ZoneInfo, timer: Timer
) -> None:
    clock.set(at("2026-02-10T07:00", tz))  # before working hours
    rule = ReminderRule(600, parse_hours("09:00-18:00"), parse_days("mon-fri"), tz)
    probe = StillProbe(clock)
    asked = Asked()
    reminder = UntrackedReminder(rule, probe, asked)  # type: ignore[arg-type]
    reminder.on_state(timer.state())
    assert not reminder.polling  # outside working hours: nothing is measured
    clock.set(at("2026-02-10T09:00", tz))
    reminder.on_timer()
    assert reminder.polling
    for step in range(0, 11 * 60, 5):
        clock.set(at("2026-02-10T09:00", tz) + step)
        probe.measured.emit(3)
    assert asked.questions == ["Not tracking — resume Acme / Replies?"]
    resumed: list[tuple[str, object]] = []
    reminder.resume_requested.connect(lambda project, task: resumed.append((project, task)))
    asked.answered.emit("resume")
    assert resumed == [("Acme", "Replies")]
    timer.start("Acme", "Replies")
    reminder.on_state(timer.state())
    assert not reminder.polling  # something runs: the away watch measures instead


@pytest.fixture
def timer(tracker: Tracker, clock: FakeClock, tz: ZoneInfo) -> Timer:
    clock.set(at("2026-02-09T16:00", tz))
    tracker.add_project("Acme")
    tracker.add("Acme", "Replies", start=clock.now() - 600, end=clock.now())
    return Timer(tracker)


def test_a_waiting_question_shows_in_the_menu_and_the_window_until_answered(
    qtbot: QtBot, tracker: Tracker, clock: FakeClock, tz: ZoneInfo
) -> None:
    clock.set(at("2026-02-10T09:00", tz))
    tracker.add_project("Acme")
    tracker.start("Acme", "Replies")
    away = Away(tracker)
    clock.set(at("2026-02-10T10:20", tz))
    away.begin(at("2026-02-10T10:03", tz))
    away.back(at("2026-02-10T10:17", tz))  # left by a run that was killed
    controller = Controller(Timer(tracker), None)
    menu = QMenu()
    menu.addAction("smfocus")
    menu.addAction("Quit")
    window = QWidget()
    QVBoxLayout(window)
    windows: dict[str, QWidget] = {}
    watch = away_ui.install(tracker, controller, windows, menu, window)
    item = menu.actions()[1]
    assert item.isVisible()
    assert item.text().startswith("Away 10:03–10:17 (14 min) during Acme / Replies")
    item.trigger()
    prompt = windows["away"]
    assert isinstance(prompt, AwayPrompt)
    qtbot.addWidget(prompt)
    prompt.buttons[Answer.KEEP].click()
    assert away.pending() == []
    assert not item.isVisible()
    assert watch.notifier is not None
    watch.notifier.close()  # its question window, shown as no desktop server answered
    controller.close()
