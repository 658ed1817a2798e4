"""The focus window on its own, offscreen: it shows the task that runs, colours
its progress by phase, and keeps its width whatever the text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from smfocus.core.focus import FocusSettings, Kind, Phase
from smfocus.core.records import EntryRecord
from smfocus.pomodoro import TimerState
from smfocus.ui.focus_window import PAUSED_COLOUR, PHASE_COLOURS, FocusWindow

NOW = 1_800_000_000
LONG = "Plan next week's posts for the spring campaign, stories and reels included"


def state(kind: Kind | None, task: str | None = "Replies", paused: bool = False) -> TimerState:
    phase = None
    if kind is not None:
        phase = Phase(
            1, kind, NOW - 600, NOW + 900, NOW if paused else None, 1500, 0, "Acme", task
        )
    entry = None
    if kind is Kind.WORK and not paused:
        entry = EntryRecord(1, "Acme", task, None, NOW - 600, None, None, "pomodoro")
    return TimerState(
        now=NOW, phase=phase, running=entry, completed_today=1, settings=FocusSettings()
    )


def window(qtbot: QtBot) -> FocusWindow:
    shown = FocusWindow()
    qtbot.addWidget(shown)
    shown.set_recent([("Acme", "Visuals"), ("Beta", "Posts"), ("Acme", "Replies")])
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_picker_shows_the_task_that_runs(qtbot: QtBot) -> None:
    shown = window(qtbot)
    assert shown.tasks.currentData() == ("Acme", "Visuals")  # idle: the last one
    shown.show_state(state(Kind.WORK))
    assert shown.tasks.currentData() == ("Acme", "Replies")
    # A task not in the list is added, so pressing Start never switches.
    shown.show_state(state(Kind.WORK, task="Brand new"))
    assert shown.tasks.currentData() == ("Acme", "Brand new")
    # The user's own pick is kept while the same task runs on.
    shown.tasks.setCurrentIndex(shown.index_of(("Beta", "Posts")))
    shown.show_state(state(Kind.WORK, task="Brand new"))
    assert shown.tasks.currentData() == ("Beta", "Posts")
    shown.set_recent([("Acme", "Brand new"), ("Acme", "Visuals")])
    assert shown.tasks.currentData() == ("Acme", "Brand new")


def chunk_colour(shown: FocusWindow) -> QColor:
    bar = shown.progress
    image = bar.grab().toImage()
    return image.pixelColor(3, image.height() // 2)


def test_the_progress_bar_takes_the_colour_of_the_phase(qtbot: QtBot) -> None:
    shown = window(qtbot)
    for kind, paused, expected in (
        (Kind.WORK, False, PHASE_COLOURS[Kind.WORK]),
        (Kind.SHORT_BREAK, False, PHASE_COLOURS[Kind.SHORT_BREAK]),
        (Kind.LONG_BREAK, False, PHASE_COLOURS[Kind.LONG_BREAK]),
        (Kind.WORK, True, PAUSED_COLOUR),
    ):
        shown.show_state(state(kind, paused=paused))
        assert chunk_colour(shown).name() == expected, (kind, paused)


def test_the_width_never_jumps_with_the_text(qtbot: QtBot) -> None:
    widths = set()
    for recent, kind, task, paused in (
        ([("Acme", "Replies")], None, None, False),
        ([("Acme", LONG), ("Acme", "Replies")], None, None, False),
        ([("Acme", "Replies")], Kind.WORK, LONG, False),
        ([("Acme", LONG)], Kind.WORK, LONG, True),
        ([("Acme", LONG)], Kind.SHORT_BREAK, LONG, False),
    ):
        shown = FocusWindow()
        qtbot.addWidget(shown)
        shown.set_recent(recent)
        shown.show_state(state(kind, task=task, paused=paused))
        shown.show()
        qtbot.waitExposed(shown)
        widths.add(shown.width())
        # Text changing under an open window never widens it either.
        shown.set_recent([("Acme", LONG + LONG)])
        shown.show_state(state(Kind.WORK, task=LONG + LONG))
        shown.adjustSize()
        widths.add(shown.width())
        shown.close()
    assert len(widths) == 1, widths


def test_screenshots(qtbot: QtBot, artifacts: Path) -> None:
    shown = window(qtbot)
    for name, kind, paused in (
        ("work", Kind.WORK, False),
        ("paused", Kind.WORK, True),
        ("break", Kind.SHORT_BREAK, False),
    ):
        shown.show_state(state(kind, task=LONG, paused=paused))
        qtbot.wait(20)  # let the layout follow the buttons shown and hidden before the grab
        assert shown.grab().save(str(artifacts / f"focus-window-{name}.png"), "PNG")
