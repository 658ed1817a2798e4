"""The timeline window: one day as blocks on a time axis, to see it and fix it.

Every change goes through the use cases the CLI uses (tracker.edit, add,
delete; timeline.split, merge, undo), one transaction each, journaled, so
Ctrl+Z here and ``smfocus undo`` take back the same steps. A refusal (an
overlap, a time in the future, an end before the start) is shown under the
form: the use case's sentence, and its fix worded for the windows. The clock
is injected: the tests move it instead of waiting.

Mouse: a click selects a block (or puts a gap's time in the form); dragging
a block's left or right edge moves the entry's start or end, to the minute,
through the same ``tracker.edit`` as the form.

Keyboard: Left/Right select the previous/next block, Enter edits the
selected one (focus goes to the form), Delete deletes it, Ctrl+Z undoes,
Page Up/Down move a day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCursor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.core.records import EntryRecord
from smfocus.core.timeparse import is_clock_time, parse_moment_on
from smfocus.errors import UserError
from smfocus.timeline import Day, Timeline
from smfocus.tracker import Tracker
from smfocus.ui import timeline_blocks
from smfocus.ui.words import explain

REFRESH_MS = 30_000  # the running block grows; a minute is 1/1440 of the axis


class DayCanvas(QWidget):
    """The blocks of one day. Signals: ``selected(int)`` with the entry id
    (0 for none), ``gap_clicked(int)`` with the moment clicked in a gap,
    ``edge_dragged(int, str, int)`` with the entry id, ``"start"`` or ``"end"``
    and the moment its edge was dropped at (only when it moved)."""

    selected = Signal(int)
    gap_clicked = Signal(int)
    edge_dragged = Signal(int, str, int)

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(90)
        self.setMouseTracking(True)  # the resize cursor over an edge, before a press
        self.day: Day | None = None
        self.selection: int | None = None
        # While an edge is dragged: (entry id, side, the moment under the pointer).
        self.drag: tuple[int, str, int] | None = None
        self._origin: int | None = None  # the dragged edge's stored moment

    def show_day(self, day: Day) -> None:
        self.day = day
        if self.selection not in {entry.id for entry in day.entries}:
            self.selection = None
        self.update()

    def blocks(self) -> list[timeline_blocks.Block]:
        if self.day is None:
            return []
        day = self.day
        entries = day.entries
        if self.drag is not None:
            # Drawn where the edge is being dropped; stored only on release.
            dragged, side, moment = self.drag

            def moved(entry: EntryRecord) -> EntryRecord:
                if entry.id != dragged:
                    return entry
                if side == "start":
                    return replace(entry, started_at=moment)
                return replace(entry, ended_at=moment)

            entries = tuple(moved(entry) for entry in entries)
        return timeline_blocks.layout(entries, day.start, day.end, day.now, self.width())

    def _moment(self, x: float) -> int:
        assert self.day is not None
        return timeline_blocks.moment_at(x, self.day.start, self.day.end, self.width())

    def select(self, entry_id: int | None) -> None:
        self.selection = entry_id
        self.selected.emit(entry_id or 0)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        hours = 24 if self.day is None else round((self.day.end - self.day.start) / 3600)
        rect = QRectF(0, 0, self.width(), self.height())
        now_x = None
        if self.day is not None and self.day.start <= self.day.now < self.day.end:
            now_x = (
                (self.day.now - self.day.start) * self.width() / (self.day.end - self.day.start)
            )
        bands = (
            []
            if self.day is None
            else timeline_blocks.planned_bands(
                self.day.planned, self.day.start, self.day.end, self.width()
            )
        )
        timeline_blocks.paint(
            painter, rect, self.blocks(), self.selection, hours, now_x, bands=bands
        )
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        edge = timeline_blocks.edge_at(self.blocks(), x)
        if edge is not None and self.day is not None:
            entry_id, side = edge
            self.select(entry_id)
            self.drag = (entry_id, side, self._moment(x))
            self._origin = self._stored(entry_id, side)
            return
        for block in self.blocks():
            if block.left <= x <= block.right:
                self.select(block.entry_id)
                return
        self.select(None)
        if self.day is not None:
            self.gap_clicked.emit(
                timeline_blocks.time_at(x, self.day.start, self.day.end, self.width())
            )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        if self.drag is not None:
            entry_id, side, _moment = self.drag
            self.drag = (entry_id, side, self._moment(x))
            self.update()
            return
        near = timeline_blocks.edge_at(self.blocks(), x) is not None
        if near:
            self.setCursor(QCursor(Qt.CursorShape.SizeHorCursor))
        else:
            self.unsetCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.drag is None:
            return
        entry_id, side, _moment = self.drag
        moment = self._moment(event.position().x())
        self.drag = None
        self.update()
        if moment != self._origin:
            self.edge_dragged.emit(entry_id, side, moment)

    def _stored(self, entry_id: int, side: str) -> int | None:
        assert self.day is not None
        entry = next(each for each in self.day.entries if each.id == entry_id)
        return entry.started_at if side == "start" else entry.ended_at

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        ids = [block.entry_id for block in self.blocks()]
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and ids:
            step = -1 if key == Qt.Key.Key_Left else 1
            if self.selection in ids:
                index = max(0, min(len(ids) - 1, ids.index(self.selection) + step))
            else:
                index = 0 if step > 0 else len(ids) - 1
            self.select(ids[index])
            return
        super().keyPressEvent(event)


class TimelineWindow(QWidget):
    def __init__(self, timeline: Timeline, day: date | None = None) -> None:
        super().__init__()
        self.timeline = timeline
        self.tz = timeline.tracker.tz
        self.current = day or timeline.today()
        self.setWindowTitle(_("Timeline — smfocus"))
        self.resize(900, 420)

        self.title = QLabel()
        self.title.setObjectName("day")
        previous, following = QPushButton("◀"), QPushButton("▶")
        previous.setToolTip(_("The day before (Page Up)"))
        following.setToolTip(_("The day after (Page Down)"))
        previous.clicked.connect(lambda: self.go(self.current - timedelta(days=1)))
        following.clicked.connect(lambda: self.go(self.current + timedelta(days=1)))
        header = QHBoxLayout()
        header.addWidget(previous)
        header.addWidget(self.title, 1)
        header.addWidget(following)

        self.week = QHBoxLayout()
        self.week_buttons: list[QPushButton] = []
        self.week_days: list[date] = []
        for index in range(7):
            button = QPushButton()
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, i=index: self.go(self.week_days[i]))
            self.week.addWidget(button)
            self.week_buttons.append(button)

        self.canvas = DayCanvas()
        self.canvas.selected.connect(self._on_selected)
        self.canvas.gap_clicked.connect(self._on_gap)
        self.canvas.edge_dragged.connect(self._on_edge)

        self.project, self.task, self.category = QLineEdit(), QLineEdit(), QLineEdit()
        self.note, self.start, self.end = QLineEdit(), QLineEdit(), QLineEdit()
        # TRANSLATORS: the form of a clock time to type (HH:MM, 24-hour).
        self.start.setPlaceholderText(_("HH:MM"))
        self.end.setPlaceholderText(_("HH:MM (empty: running)"))
        self.split_at = QLineEdit()
        self.split_at.setPlaceholderText(_("HH:MM"))
        form = QFormLayout()
        for label, field in (
            (_("Project"), self.project), (_("Task"), self.task), (_("Category"), self.category),
            (_("Note"), self.note), (_("From"), self.start), (_("To"), self.end),
        ):  # fmt: skip
            form.addRow(label, field)
            field.returnPressed.connect(self.save)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for name, text, slot in (
            ("save", _("Save"), self.save),
            ("add", _("Add in gap"), self.add),
            ("stop", _("Stopped at…"), self.stopped_at),
            ("merge", _("Merge with next"), self.merge),
            ("delete", _("Delete"), self.delete),
            ("undo", _("Undo"), self.undo),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[name] = button
        split_row = QHBoxLayout()
        split_button = QPushButton(_("Split at"))
        split_button.clicked.connect(self.split)
        self.buttons["split"] = split_button
        split_row.addWidget(split_button)
        split_row.addWidget(self.split_at)
        split_row.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c")

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.week)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(form)
        layout.addLayout(split_row)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        # Delete and Enter act on blocks only: in a text field they edit text.
        on_canvas = Qt.ShortcutContext.WidgetShortcut
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.canvas, self.delete, on_canvas)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.canvas, self.edit_selected, on_canvas)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.canvas, self.edit_selected, on_canvas)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.go_previous)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.go_next)
        self.refresher = QTimer(self)
        self.refresher.setInterval(REFRESH_MS)
        self.refresher.timeout.connect(self.refresh)
        self.refresher.start()
        self.refresh()
        self.canvas.setFocus()

    # -- showing ------------------------------------------------------------

    def go(self, day: date) -> None:
        self.current = day
        self.canvas.select(None)
        self.refresh()

    def edit_selected(self) -> None:
        if self.canvas.selection is not None:
            self.project.setFocus()
            self.project.selectAll()

    def go_previous(self) -> None:
        self.go(self.current - timedelta(days=1))

    def go_next(self) -> None:
        self.go(self.current + timedelta(days=1))

    def refresh(self) -> None:
        day = self.timeline.day(self.current)
        self.day = day
        self.title.setText(
            _("{day} — {duration} tracked").format(
                day=fmt.long_day(self.current), duration=fmt.duration(day.total)
            )
        )
        week = self.timeline.week(self.current)
        self.week_days = [each for each, _seconds in week]
        for button, (each, seconds) in zip(self.week_buttons, week, strict=True):
            # The short day name and the day of the month ("Tue 10", "mar. 10"), then
            # the time tracked in hours and minutes.
            name = f"{fmt.weekday(each, short=True)} {each.day:02d}"
            button.setText(f"{name}\n{fmt.duration(seconds)[:-3]}")
            button.setChecked(each == self.current)
        self.canvas.show_day(day)
        self._on_selected(self.canvas.selection or 0)

    def _on_selected(self, entry_id: int) -> None:
        entry = next((e for e in self.day.entries if e.id == entry_id), None)
        if entry is None:
            fields = (self.project, self.task, self.category, self.note, self.start, self.end)
            for field in fields:
                field.clear()
            return
        self.project.setText(entry.project)
        self.task.setText(entry.task or "")
        self.category.setText(entry.category or "")
        self.note.setText(entry.note or "")
        self.start.setText(fmt.clock(entry.started_at, self.tz))
        self.end.setText(fmt.clock(entry.ended_at, self.tz) if entry.ended_at else "")

    def _on_gap(self, moment: int) -> None:
        self.start.setText(fmt.clock(moment, self.tz))
        self.end.setText(fmt.clock(moment + 1800, self.tz))

    # -- changing -----------------------------------------------------------

    def _on_edge(self, entry_id: int, side: str, moment: int) -> None:
        edit = self.timeline.tracker.edit
        if side == "start":
            self._run(lambda: edit(entry_id, start=moment))
        else:
            self._run(lambda: edit(entry_id, end=moment))

    def _moment(self, text: str) -> int:
        now = self.timeline.tracker.clock.now()
        return parse_moment_on(text, now, self.tz, self.current)

    def _end(self, text: str, start: int) -> int:
        end = self._moment(text)
        if end <= start and is_clock_time(text):
            end = parse_moment_on(
                text, self.timeline.tracker.clock.now(), self.tz, self.current + timedelta(days=1)
            )
        return end

    def _run(self, change: Callable[[], object]) -> bool:
        """Run one change; a refusal is shown in place, and the day is redrawn."""
        self.message.setStyleSheet("color: #b91c1c")
        try:
            change()
        except UserError as error:
            self.message.setText(explain(error))
            return False
        self.message.clear()
        self.refresh()
        return True

    def save(self) -> None:
        entry_id = self.canvas.selection
        if entry_id is None:
            self.add()
            return

        def change() -> None:
            start = self._moment(self.start.text())
            end_text = self.end.text().strip()
            end = self._end(end_text, start) if end_text else None
            self.timeline.tracker.edit(
                entry_id,
                project=self.project.text() or None,
                task=self.task.text() or None,
                category=self.category.text() or None,
                note=self.note.text(),
                start=start,
                end=end,
            )

        self._run(change)

    def add(self) -> None:
        def change() -> None:
            start = self._moment(self.start.text())
            entry = self.timeline.tracker.add(
                self.project.text(),
                self.task.text() or None,
                start=start,
                end=self._end(self.end.text(), start),
                category=self.category.text() or None,
                note=self.note.text() or None,
                source="app",
            )
            self.canvas.selection = entry.id

        self._run(change)

    def stopped_at(self) -> None:
        entry_id = self.canvas.selection
        if entry_id is None:
            self.message.setText(_("Select the running entry first, then give its end in To."))
            return

        def change() -> None:
            start = self._moment(self.start.text())
            self.timeline.tracker.edit(entry_id, end=self._end(self.end.text(), start))

        self._run(change)

    def split(self) -> None:
        entry_id = self.canvas.selection
        if entry_id is None:
            self.message.setText(_("Select a block first, then give the time to split it at."))
            return
        self._run(lambda: self.timeline.split(entry_id, self._moment(self.split_at.text())))

    def merge(self) -> None:
        entry_id = self.canvas.selection
        if entry_id is None:
            self.message.setText(_("Select the first of the two blocks to merge."))
            return
        self._run(lambda: self.timeline.merge(entry_id))

    def delete(self) -> None:
        entry_id = self.canvas.selection
        if entry_id is None:
            return
        if self._run(lambda: self.timeline.tracker.delete(entry_id)):
            self.message.setText(_("Deleted; Ctrl+Z brings it back."))
            self.message.setStyleSheet("color: #334155")

    def undo(self) -> None:
        self._run(self.timeline.undo)


def open_in(windows: dict[str, QWidget], tracker: Tracker, day: date | None = None) -> None:
    """Show the tray's timeline window, made on first use, kept in ``windows``."""
    window = windows.get("timeline")
    if not isinstance(window, TimelineWindow):
        window = TimelineWindow(Timeline(tracker), day)
        windows["timeline"] = window
    else:
        window.go(day or window.timeline.today())
    window.show()
    window.raise_()


def main(data_dir: Path, url: str | None = None, day: date | None = None) -> int:
    """``smfocus timeline [DAY]``: the window on its own, without the tray."""
    from smfocus.ui.standalone import run_alone

    return run_alone(data_dir, url, lambda tracker: TimelineWindow(Timeline(tracker), day))
