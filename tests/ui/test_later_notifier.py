"""The tray's seldom-speaking parts get a notifier made at their first word:
until then nothing of smfocus.ui.notify is made; after, it is one notifier,
made with their options, whose answers come through."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from smfocus.ui import notify
from smfocus.ui.later_notifier import LaterNotifier
from smfocus.ui.notify import Channel


class FakeNotifier(QObject):
    answered = Signal(str)
    made: ClassVar[list[FakeNotifier]] = []

    def __init__(self, parent: QObject | None = None, **options: Any) -> None:
        super().__init__(parent)
        self.options = options
        self.said: list[tuple[str, str]] = []
        self.closed = False
        FakeNotifier.made.append(self)

    def notify(self, title: str, body: str) -> Channel:
        self.said.append((title, body))
        return Channel.WINDOW

    def ask(self, title: str, body: str, actions: list[tuple[str, str]]) -> Channel:
        self.said.append((title, body))
        return Channel.DBUS

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> type[FakeNotifier]:
    FakeNotifier.made = []
    monkeypatch.setattr(notify, "Notifier", FakeNotifier)
    return FakeNotifier


def test_nothing_is_made_before_the_first_word(fake: type[FakeNotifier]) -> None:
    later = LaterNotifier(enabled=False)

    later.close()  # closing an unused one is fine

    assert fake.made == []
    assert later.made is None


def test_the_first_word_makes_one_notifier_with_the_options(
    qtbot: QtBot, fake: type[FakeNotifier]
) -> None:
    owner = QObject()
    later = LaterNotifier(owner, enabled=False, tray=None)

    assert later.ask("Were you working?", "10:00 to 10:30", [("work", "Work")]) is Channel.DBUS
    assert later.notify("Reminder", "Nothing is tracked") is Channel.WINDOW

    assert len(fake.made) == 1
    made = fake.made[0]
    assert later.made is made  # type: ignore[comparison-overlap]  # the fake stands in
    assert made.options == {"enabled": False, "tray": None}
    assert made.said == [
        ("Were you working?", "10:00 to 10:30"),
        ("Reminder", "Nothing is tracked"),
    ]
    with qtbot.waitSignal(later.answered) as answer:
        made.answered.emit("work")
    assert answer.args == ["work"]
    later.close()
    assert made.closed
