"""The timeline's blocks: a day's entries laid out on a time axis, and painted.

Pure functions of their arguments, like icon.py: nothing here reads the clock
or the database, so a test checks the layout with plain numbers.

- The axis runs from the day's local midnight to the next (23 or 25 hours on a
  change day), left to right; an hour mark every hour, labelled every third.
- An entry is cut to the day; a running entry ends at ``now``, so it grows as
  the window repaints.
- A block is at least ``MIN_WIDTH`` px wide so a one-minute entry can still
  be clicked; gaps are left empty, which is the point: they show.
- On today a red line marks now.
- Recurring blocks planned on the day (``smfocus block``) are pale bands in the
  top strip of the lane, labelled, under the entries: the plan beside what
  happened.
- The colour comes from the project's name, so a project keeps its colour
  from day to day; the selected block gets a thick dark outline.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from smfocus.core import fmt
from smfocus.core.records import EntryRecord

MIN_WIDTH = 4.0
EDGE_REACH = 4.0  # px either side of a block's edge where a press drags it
AXIS_HEIGHT = 18.0
PALETTE = (
    "#3b82f6", "#ef4444", "#10b981", "#f59e0b", "#8b5cf6",
    "#ec4899", "#14b8a6", "#f97316", "#6366f1", "#84cc16",
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    entry_id: int
    left: float
    right: float
    label: str
    colour: str
    running: bool


def colour_of(project: str) -> str:
    return PALETTE[zlib.crc32(project.casefold().encode()) % len(PALETTE)]


def layout(
    entries: tuple[EntryRecord, ...] | list[EntryRecord],
    day_start: int,
    day_end: int,
    now: int,
    width: float,
) -> list[Block]:
    """Blocks in time order, in pixels from the left edge of a ``width`` axis."""
    span = max(1, day_end - day_start)
    scale = width / span
    blocks: list[Block] = []
    for entry in entries:
        end = entry.ended_at if entry.ended_at is not None else max(now, entry.started_at)
        start, stop = max(entry.started_at, day_start), min(end, day_end)
        if stop < start:
            continue
        left = (start - day_start) * scale
        right = max(left + MIN_WIDTH, (stop - day_start) * scale)
        label = fmt.label(entry.project, entry.task)
        blocks.append(
            Block(entry.id, left, right, label, colour_of(entry.project), entry.ended_at is None)
        )
    return blocks


def planned_bands(
    planned: tuple[tuple[int, int, str], ...], day_start: int, day_end: int, width: float
) -> list[tuple[float, float, str]]:
    """(left, right, label) in pixels of each planned block, cut to the day."""
    span = max(1, day_end - day_start)
    bands = []
    for begin, finish, label in planned:
        start, stop = max(begin, day_start), min(finish, day_end)
        if stop > start:
            bands.append(
                ((start - day_start) * width / span, (stop - day_start) * width / span, label)
            )
    return bands


def time_at(x: float, day_start: int, day_end: int, width: float) -> int:
    """The moment under pixel ``x``, to the nearest five minutes: a pixel is
    about a minute and a half wide, and nobody means 12:29 when clicking."""
    moment = day_start + (day_end - day_start) * max(0.0, min(x, width)) / max(width, 1.0)
    return day_start + round((moment - day_start) / 300) * 300


def moment_at(x: float, day_start: int, day_end: int, width: float) -> int:
    """The moment under pixel ``x``, to the minute: what dragging an edge sets."""
    moment = day_start + (day_end - day_start) * max(0.0, min(x, width)) / max(width, 1.0)
    return day_start + round((moment - day_start) / 60) * 60


def edge_at(blocks: list[Block], x: float, reach: float = EDGE_REACH) -> tuple[int, str] | None:
    """The block edge within ``reach`` px of ``x`` as (entry id, "start" or
    "end"), the nearest if two are close; None when ``x`` is near no edge."""
    found: tuple[float, int, str] | None = None
    for block in blocks:
        for side, edge in (("start", block.left), ("end", block.right)):
            distance = abs(x - edge)
            if distance <= reach and (found is None or distance < found[0]):
                found = (distance, block.entry_id, side)
    return None if found is None else (found[1], found[2])


def paint(
    painter: QPainter,
    rect: QRectF,
    blocks: list[Block],
    selected: int | None,
    hours: int,
    now_x: float | None = None,
    bands: list[tuple[float, float, str]] | None = None,
) -> None:
    """Draw the hour axis, the planned bands, the blocks and, on today, a line at
    now into ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.fillRect(rect, QColor("#f8fafc"))
    lane = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - AXIS_HEIGHT)
    painter.setPen(QPen(QColor("#cbd5e1"), 1))
    for hour in range(hours + 1):
        x = rect.left() + rect.width() * hour / max(hours, 1)
        painter.drawLine(int(x), int(lane.top()), int(x), int(lane.bottom()))
        if hour % 3 == 0 and hour < hours:
            painter.setPen(QColor("#475569"))
            painter.drawText(
                QRectF(x + 2, lane.bottom(), 40, AXIS_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{hour:02d}",
            )
            painter.setPen(QPen(QColor("#cbd5e1"), 1))
    # With a plan on the day, its strip takes the lane's top and the entries sit below.
    top = 20.0 if bands else 6.0
    for left, right, label in bands or []:
        band = QRectF(rect.left() + left, lane.top() + 2, max(1.0, right - left), 15)
        painter.fillRect(band, QColor("#ddd6fe"))
        painter.setPen(QColor("#4c1d95"))
        painter.drawText(
            QRectF(band.left() + 3, band.top(), max(120.0, band.width()), band.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
    for block in blocks:
        # One pixel short on the right: two parts of a split entry stay two blocks.
        width = max(1.0, block.right - block.left - 1)
        box = QRectF(rect.left() + block.left, lane.top() + top, width, lane.height() - top - 6)
        fill = QColor(block.colour)
        painter.fillRect(box, fill)
        if block.entry_id == selected:
            painter.setPen(QPen(QColor("#0f172a"), 3))
            painter.drawRect(box.adjusted(1, 1, -1, -1))
        painter.save()
        painter.setClipRect(box)
        painter.setPen(QColor("white"))
        painter.drawText(
            box.adjusted(3, 0, -2, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            block.label,
        )
        painter.restore()
    if now_x is not None:
        painter.setPen(QPen(QColor("#dc2626"), 2))
        x = int(rect.left() + now_x)
        painter.drawLine(x, int(lane.top()), x, int(lane.bottom()))
    painter.restore()
