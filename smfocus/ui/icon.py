"""The live tray icon: remaining minutes over a progress ring, coloured by phase.

Pure functions of an :class:`IconState`; nothing here keeps a timer or reads
the clock. The tray decides *when* to repaint by comparing :func:`cache_key`
values: what is drawn (the digits and the ring step) changes a few times a
minute, so a tray that ticks every second still repaints rarely, and an idle
tray never does.

What the icon shows
-------------------

- **Digits**: the remaining time in whole minutes, rounded *up* (24:01 left
  shows "25", 0:59 shows "1", exactly 0 shows "0"). The last minute stays "1"
  rather than switching to a seconds count: a number whose unit changes is
  misread at a glance ("45" right after "1" reads as 45 minutes), and the ring
  shows that minute draining. From 100 minutes on the digits are whole hours,
  rounded up, with an "h" ("2h"), because three digits do not fit in 16 px.
- **Ring**: the elapsed fraction of the phase, clockwise from 12 o'clock, in
  :data:`RING_STEPS` steps, in the phase's colour over a dim track of the
  same hue, so the phase is recognisable even at the start, when nothing has
  elapsed yet.
- **Disc**: an opaque dark disc under the digits. The digits are read against
  the disc, never against the panel, so they keep the same contrast on a
  light and on a dark panel; a thin halo of the disc colour keeps them apart
  from the ring where they touch it.
- **Colours**: work is tomato red, a short break green, a long break teal,
  paused amber (ring *and* digits, so a glance tells "stopped" from "running"
  even at 16 px; from 32 px pause bars are drawn under the digits too). Idle shows no digits
  and no ring: a small grey tomato.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
    QTransform,
)

Phase = Literal["work", "short_break", "long_break"]
PHASES: tuple[Phase, ...] = get_args(Phase)

#: Sizes put into the multi-size :class:`QIcon` made by :func:`icon_for`: the
#: usual panel sizes (16-24), then what HiDPI and larger panels ask for.
ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64)

#: The ring advances in this many steps per phase: for a 25-minute pomodoro a
#: step every 25 s, finer than a 16-48 px ring can show, coarse enough that the
#: icon changes a few times a minute instead of every second.
RING_STEPS = 60

#: The digits turn into hours from this many minutes on (three digits do not fit).
HOURS_FROM_MINUTES = 100

#: Logical size from which paused icons carry a pause sign under the digits;
#: below it the amber colour alone says "paused": the sign would shrink the
#: digits past legibility.
PAUSE_BADGE_FROM = 32


@dataclass(frozen=True)
class IconState:
    """What the tray knows about the timer at one instant.

    ``phase`` is None when no pomodoro runs (idle). ``remaining_seconds`` and
    ``total_seconds`` describe the current phase; out-of-range values (a
    negative remaining time after a late tick, a remaining time above the
    total after an edit) are clamped when drawn, never rejected: the icon must
    not take the tray down.
    """

    phase: Phase | None
    paused: bool = False
    remaining_seconds: int = 0
    total_seconds: int = 0

    @classmethod
    def idle(cls) -> IconState:
        return cls(phase=None)


@dataclass(frozen=True)
class IconKey:
    """Everything that reaches the pixels, and nothing else.

    Two states with equal keys draw identical pixmaps at any size, so the tray
    repaints only when the key changes.
    """

    phase: Phase | None
    paused: bool
    label: str | None
    ring_step: int


@dataclass(frozen=True)
class Palette:
    """The colours one key is drawn with (exposed for the tests, which sample them)."""

    ring: QColor
    track: QColor
    disc: QColor
    digits: QColor


def cache_key(state: IconState) -> IconKey:
    """The drawn content of ``state``; :func:`render` and :func:`icon_for` are
    pure functions of it (plus size and pixel ratio)."""
    if state.phase is None:
        return IconKey(phase=None, paused=False, label=None, ring_step=0)
    return IconKey(
        phase=state.phase,
        paused=state.paused,
        label=label_for(state.remaining_seconds),
        ring_step=ring_step(state.remaining_seconds, state.total_seconds),
    )


def label_for(remaining_seconds: int) -> str:
    """The digits for a remaining time (see the module docstring for the rules)."""
    remaining = max(0, remaining_seconds)
    minutes = math.ceil(remaining / 60)
    if minutes < HOURS_FROM_MINUTES:
        return str(minutes)
    # Capped so a bogus remaining time cannot ask for a ten-glyph label.
    return f"{min(math.ceil(remaining / 3600), 99)}h"


def ring_step(remaining_seconds: int, total_seconds: int) -> int:
    """How many of :data:`RING_STEPS` steps of the phase have elapsed (0 to RING_STEPS)."""
    if total_seconds <= 0:
        return 0
    remaining = min(max(0, remaining_seconds), total_seconds)
    elapsed = total_seconds - remaining
    # Integer arithmetic: a float fraction could land one step short at the end.
    return elapsed * RING_STEPS // total_seconds


def render(state: IconState, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A ``size`` x ``size`` (logical pixels) pixmap of ``state``.

    Needs a running QGuiApplication (pixmaps). The pixmap holds
    ``round(size * device_pixel_ratio)`` device pixels and carries the ratio,
    so a HiDPI tray gets sharp digits instead of an upscaled 22 px icon.
    """
    pixmap = QPixmap.fromImage(render_image(state, size, device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def icon_for(state: IconState) -> QIcon:
    """A QIcon holding a pixmap of ``state`` at each of :data:`ICON_SIZES`.

    Each size is drawn for itself rather than scaled from one large pixmap:
    the digits and line widths are chosen per size, which is what keeps them
    legible at 16-24 px.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(render(state, size))
    return icon


class IconCache:
    """Remembers the last icon and hands out a new one only when the drawing changes.

    The tray calls :meth:`update` on every tick; a None answer means "keep the
    icon you have", which keeps the tray from re-sending an identical icon
    (an X11 repaint, or a D-Bus round trip for StatusNotifierItem trays) every
    second.
    """

    def __init__(self) -> None:
        self._key: IconKey | None = None
        self._icon: QIcon | None = None

    @property
    def icon(self) -> QIcon | None:
        return self._icon

    def update(self, state: IconState) -> QIcon | None:
        key = cache_key(state)
        if key == self._key and self._icon is not None:
            return None
        self._key = key
        self._icon = icon_for(state)
        return self._icon


def render_image(state: IconState, size: int, device_pixel_ratio: float = 1.0) -> QImage:
    """Like :func:`render` but a QImage (pixel access for tests, no pixmap needed)."""
    if size < 1:
        raise ValueError(f"icon size must be at least 1 px, got {size}")
    if not device_pixel_ratio > 0 or not math.isfinite(device_pixel_ratio):
        raise ValueError(f"device pixel ratio must be positive, got {device_pixel_ratio}")
    # Half up, not Python's round-half-even: 7 px at 1.5x is 11 px, not 10.
    pixels = max(1, math.floor(size * device_pixel_ratio + 0.5))
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    key = cache_key(state)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        # Drawn in device pixels with `size` as the logical size: line widths
        # and the badge threshold follow the logical size, the detail the
        # device pixels.
        if key.phase is None:
            _draw_idle(painter, float(pixels))
        else:
            _draw_timer(painter, key, float(pixels), size)
    finally:
        painter.end()
    return image


# --- drawing ---------------------------------------------------------------------------

_PHASE_COLOURS: dict[Phase, str] = {
    "work": "#e8473b",  # tomato red
    "short_break": "#3dbb55",  # green
    "long_break": "#1fb3c8",  # teal, bluer than the short break so 16 px tells them apart
}
_PAUSED_COLOUR = "#f4a722"  # amber


def palette_for(key: IconKey) -> Palette:
    """The colours ``key`` is drawn with."""
    if key.phase is None:
        grey = QColor("#9a9a9a")
        return Palette(ring=grey, track=grey, disc=QColor("#2b2b2b"), digits=grey)
    if key.paused:
        amber = QColor(_PAUSED_COLOUR)
        disc = _mix(amber, QColor("#141414"), 0.14)
        # A dimmed ring ("stopped") so the bright amber digits stand out where
        # they overlap it; the amber of the digits is the "paused" cue.
        ring = _mix(amber, disc, 0.6)
        track = _mix(amber, disc, 0.26)
        # Digits a touch lighter than the ring amber: 7:1 contrast on the disc.
        return Palette(ring=ring, track=track, disc=disc, digits=QColor("#ffc04d"))
    ring = QColor(_PHASE_COLOURS[key.phase])
    # The disc is the ring's hue, very dark: it reads as "this phase" and still
    # gives the digits near-black contrast.
    disc = _mix(ring, QColor("#141414"), 0.18)
    track = _mix(ring, disc, 0.38)
    digits = QColor("#ffffff")
    return Palette(ring=ring, track=track, disc=disc, digits=digits)


def _mix(a: QColor, b: QColor, amount_of_a: float) -> QColor:
    t = amount_of_a
    return QColor(
        round(a.red() * t + b.red() * (1 - t)),
        round(a.green() * t + b.green() * (1 - t)),
        round(a.blue() * t + b.blue() * (1 - t)),
    )


def ring_width(pixels: float) -> float:
    """Ring stroke width for an icon ``pixels`` wide: at least 2 px so the ring
    stays visible at 16 px, about a seventh of the icon above that."""
    return max(2.0, pixels * 0.14)


def _draw_timer(painter: QPainter, key: IconKey, pixels: float, logical_size: int) -> None:
    colours = palette_for(key)
    width = ring_width(pixels)
    # The stroke is centred on the path: inset by half a width to stay inside.
    ring_rect = QRectF(width / 2, width / 2, pixels - width, pixels - width)

    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colours.disc))
    painter.drawEllipse(QRectF(0, 0, pixels, pixels))

    pen = QPen(colours.track, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    painter.drawEllipse(ring_rect)
    if key.ring_step > 0:
        pen.setColor(colours.ring)
        painter.setPen(pen)
        # Qt angles are 1/16 degree, counter-clockwise: start at 12 o'clock,
        # negative span to run clockwise like a clock hand.
        span = round(-360 * 16 * key.ring_step / RING_STEPS)
        painter.drawArc(ring_rect, 90 * 16, span)

    inner = pixels - 2 * width
    badge = key.paused and logical_size >= PAUSE_BADGE_FROM
    if key.label is not None:
        if badge:
            # Digits move up and shrink to leave room for the pause bars below.
            box = _LabelBox(
                centre_y=pixels * 0.4, max_width=inner * 0.85, max_height=pixels * 0.33
            )
        elif len(key.label) == 1:
            box = _LabelBox(centre_y=pixels / 2, max_width=inner * 0.95, max_height=pixels * 0.62)
        else:
            # Two glyphs may overlap the ring a little: at 16 px, legible digits
            # matter more than an unbroken ring, and the halo keeps them apart.
            box = _LabelBox(centre_y=pixels / 2, max_width=pixels * 0.86, max_height=pixels * 0.56)
        _draw_label(painter, key.label, colours, pixels, box)
    if badge:
        _draw_pause_bars(painter, colours, pixels)


@dataclass(frozen=True)
class _LabelBox:
    centre_y: float
    max_width: float
    max_height: float


def _draw_label(
    painter: QPainter, label: str, colours: Palette, pixels: float, box: _LabelBox
) -> None:
    glyphs = _glyph_path(label)
    bounds = glyphs.boundingRect()
    if bounds.isEmpty():
        return
    # Whole device pixels for the digit height: the glyphs' flat tops and
    # bottoms then land on pixel edges instead of smearing over two rows.
    height = max(1.0, math.floor(box.max_height))
    scale_y = height / bounds.height()
    scale_x = scale_y
    if bounds.width() * scale_x > box.max_width:
        # Condense up to 25 % before shrinking: narrow digits read better than small ones.
        scale_x = max(box.max_width / bounds.width(), scale_y * 0.75)
        if bounds.width() * scale_x > box.max_width:
            scale_y = scale_x = box.max_width / bounds.width()
    width = bounds.width() * scale_x
    top = round(box.centre_y - bounds.height() * scale_y / 2)
    left = (pixels - width) / 2
    transform = QTransform()
    transform.translate(left, top)
    transform.scale(scale_x, scale_y)
    transform.translate(-bounds.left(), -bounds.top())
    shaped = transform.map(glyphs)

    halo = QPen(colours.disc, max(1.0, pixels / 14))
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(halo)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(shaped)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colours.digits))
    painter.drawPath(shaped)


def _draw_pause_bars(painter: QPainter, colours: Palette, pixels: float) -> None:
    # The media-player pause sign under the digits, in the digits' colour.
    bar_w, bar_h = pixels * 0.075, pixels * 0.17
    top = pixels * 0.62
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colours.digits))
    for centre_x in (pixels * 0.5 - pixels * 0.065, pixels * 0.5 + pixels * 0.065):
        painter.drawRect(QRectF(centre_x - bar_w / 2, top, bar_w, bar_h))


#: Stroke width of the digits, in units of the digit height: bold, like the
#: bold sans the tray used to draw them with.
_STROKE = 0.26
#: Width of a digit's centre line (height 1), and the space between two digits.
_GLYPH_WIDTH = 0.6
_GAP = 0.24
_REFERENCE = 100.0  # the size the outlines are made at, in pixels


def _glyph_centre_line(char: str) -> QPainterPath:
    """The centre line of one character of a label, in a box ``_GLYPH_WIDTH`` wide
    and 1 high (y down); stroked by :func:`_glyph_path`."""
    w = _GLYPH_WIDTH
    path = QPainterPath()
    if char == "0":
        path.addEllipse(QRectF(0, 0, w, 1))
    elif char == "1":
        path.moveTo(0.06, 0.2)
        path.lineTo(0.32, 0)
        path.lineTo(0.32, 1)
        path.moveTo(0.04, 1)
        path.lineTo(w, 1)
    elif char == "2":
        bowl = QRectF(0, 0, w, 0.62)
        path.arcMoveTo(bowl, 160)
        path.arcTo(bowl, 160, -200)
        path.lineTo(0, 1)
        path.lineTo(w, 1)
    elif char == "3":
        top, bottom = QRectF(0.03, 0, w - 0.08, 0.48), QRectF(0, 0.44, w, 0.56)
        path.arcMoveTo(top, 150)
        path.arcTo(top, 150, -240)
        path.arcTo(bottom, 90, -240)
    elif char == "4":
        path.moveTo(0.46, 1)
        path.lineTo(0.46, 0)
        path.lineTo(0, 0.7)
        path.lineTo(w, 0.7)
    elif char == "5":
        path.moveTo(w - 0.04, 0)
        path.lineTo(0.07, 0)
        path.lineTo(0.04, 0.46)
        path.arcTo(QRectF(0, 0.38, w, 0.62), 130, -280)
    elif char in "69":
        path.addEllipse(QRectF(0, 0.42, w, 0.58))
        path.moveTo(w - 0.06, 0.03)
        path.cubicTo(QPointF(0.14, -0.05), QPointF(0, 0.3), QPointF(0, 0.71))
        if char == "9":  # a 6 turned upside down
            path = QTransform(-1, 0, 0, -1, w, 1).map(path)
    elif char == "7":
        path.moveTo(0, 0)
        path.lineTo(w, 0)
        path.lineTo(0.18, 1)
    elif char == "8":
        path.addEllipse(QRectF(0.04, 0, w - 0.08, 0.46))
        path.addEllipse(QRectF(0, 0.42, w, 0.58))
    elif char == "h":
        path.moveTo(0, 0)
        path.lineTo(0, 1)
        arch = QRectF(0, 0.32, w, 0.5)
        path.arcMoveTo(arch, 180)
        path.arcTo(arch, 180, -180)
        path.lineTo(w, 1)
    return path


@lru_cache(maxsize=256)
def _glyph_path(label: str) -> QPainterPath:
    """The label's outline at a reference size; scaled to fit when drawn.

    The digits are shapes of our own, stroked, not text: a font engine
    (fontconfig, FreeType, the text shaper) would then stay in the tray's
    memory all day, about 3 MiB, for eleven characters; and fonts differ from
    one desktop to the next. Outlines scale to an exact pixel height and take
    a halo stroke.
    """
    stroker = QPainterPathStroker()
    stroker.setWidth(_STROKE * _REFERENCE)
    stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    scale = QTransform.fromScale(_REFERENCE, _REFERENCE)
    path = QPainterPath()
    x = 0.0
    for char in label:
        path.addPath(stroker.createStroke(scale.map(_glyph_centre_line(char))).translated(x, 0))
        x += (_GLYPH_WIDTH + _GAP) * _REFERENCE
    # A stroke's pieces overlap: filled by winding, they merge instead of cutting
    # holes in each other. (Not merged into one outline with simplified(): that
    # costs a megabyte of heap the tray would keep.)
    path.setFillRule(Qt.FillRule.WindingFill)
    return path


def _draw_idle(painter: QPainter, pixels: float) -> None:
    """A grey tomato: says "pomodoro timer, not running" without any phase colour.

    Mid grey with a dark outline so it shows on light panels (outline) and on
    dark ones (the grey body).
    """
    outline = QColor("#2b2b2b")
    body = QColor("#a3a3a3")
    leaf = QColor("#7c9a7c")  # a greyed green: a hint of tomato, not a phase colour
    line = max(1.0, pixels / 16)
    body_rect = QRectF(
        line / 2 + pixels * 0.04, pixels * 0.22, pixels * 0.92 - line, pixels * 0.74 - line / 2
    )
    painter.setPen(QPen(outline, line))
    painter.setBrush(QBrush(body))
    painter.drawEllipse(body_rect)

    # The calyx: a five-pointed star centred on the top of the body, and a stalk.
    cx, cy = pixels / 2, body_rect.top() + pixels * 0.03
    outer, inner = pixels * 0.26, pixels * 0.09
    star = QPainterPath()
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + i * 36)
        point = QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle) * 0.55)
        if i == 0:
            star.moveTo(point)
        else:
            star.lineTo(point)
    star.closeSubpath()
    painter.setPen(QPen(outline, line * 0.8))
    painter.setBrush(QBrush(leaf))
    painter.drawPath(star)
    stalk = QPen(outline, max(1.0, pixels / 11))
    stalk.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(stalk)
    painter.drawLine(
        QPointF(cx, cy), QPointF(cx + pixels * 0.06, pixels * 0.04 + stalk.widthF() / 2)
    )
