"""The tray icon painter, judged by its pixels (offscreen Qt).

Colours are checked against hue ranges a person would call "tomato red",
"green", "teal" and "amber", not against the painter's own palette, so a
palette change that breaks the meaning fails here.
"""

from __future__ import annotations

import colorsys
import itertools
import math
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

from smfocus.ui.icon import (
    HOURS_FROM_MINUTES,
    ICON_SIZES,
    PHASES,
    RING_STEPS,
    IconCache,
    IconState,
    Phase,
    _glyph_path,  # the outlines the digits are drawn from
    cache_key,
    icon_for,
    label_for,
    palette_for,
    render,
    render_image,
    ring_step,
    ring_width,
)

LIGHT_PANEL = QColor("#f0f0f0")
DARK_PANEL = QColor("#202020")
PANELS = {"light": LIGHT_PANEL, "dark": DARK_PANEL}

#: Hue ranges (degrees) that the words in the product issue mean.
HUES: dict[str, tuple[float, float]] = {
    "work": (0, 15),  # tomato red
    "short_break": (100, 150),  # green
    "long_break": (170, 200),  # teal
    "paused": (30, 50),  # amber
}


@pytest.fixture(autouse=True)
def _gui(qapp: QApplication) -> QGuiApplication:
    # Fonts and pixmaps need a QGuiApplication; pytest-qt's is offscreen here.
    return qapp


def running(phase: Phase, remaining: int, total: int, *, paused: bool = False) -> IconState:
    return IconState(phase=phase, paused=paused, remaining_seconds=remaining, total_seconds=total)


def on_panel(icon: QImage, panel: QColor) -> QImage:
    """The icon as the user sees it: composited over a panel colour."""
    out = QImage(icon.size(), QImage.Format.Format_RGB32)
    out.fill(panel)
    painter = QPainter(out)
    painter.drawImage(0, 0, icon)
    painter.end()
    return out


def pixels(image: QImage) -> Iterable[tuple[int, int, QColor]]:
    for y in range(image.height()):
        for x in range(image.width()):
            yield x, y, image.pixelColor(x, y)


def hue_of(colour: QColor) -> float:
    h, _, _ = colorsys.rgb_to_hsv(colour.redF(), colour.greenF(), colour.blueF())
    return h * 360


def distance(a: QColor, b: QColor) -> float:
    return math.dist((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()))


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two luminances (1 to 21)."""
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def ring_point(size: int, degrees: float, depth: float = 0.5) -> tuple[int, int]:
    """A pixel on the ring, ``degrees`` clockwise from 12 o'clock; ``depth`` 0 is
    the ring's outer edge, 1 its inner edge."""
    width = ring_width(size)
    radius = size / 2 - width * depth
    angle = math.radians(degrees)
    return (
        math.floor(size / 2 + radius * math.sin(angle)),
        math.floor(size / 2 - radius * math.cos(angle)),
    )


def image_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(
        1
        for y in range(a.height())
        for x in range(a.width())
        if distance(a.pixelColor(x, y), b.pixelColor(x, y)) > 40
    )


# --- what is drawn ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "label"),
    [
        (25 * 60, "25"),
        (24 * 60 + 1, "25"),  # minutes round up: 24:01 left is "25"
        (24 * 60, "24"),
        (7 * 60, "7"),
        (61, "2"),
        (60, "1"),
        (59, "1"),  # the last minute stays "1", never a seconds count
        (1, "1"),
        (0, "0"),
        (-5, "0"),  # a late tick never shows a negative time
        (99 * 60, "99"),
        (99 * 60 + 1, "2h"),  # three digits do not fit: whole hours, rounded up
        (150 * 60, "3h"),
        (10**9, "99h"),
    ],
)
def test_label_is_remaining_minutes_rounded_up(remaining: int, label: str) -> None:
    assert label_for(remaining) == label


def test_hours_threshold_is_where_minutes_would_need_three_digits() -> None:
    assert len(label_for((HOURS_FROM_MINUTES - 1) * 60)) == 2
    assert label_for(HOURS_FROM_MINUTES * 60).endswith("h")


def test_ring_step_runs_from_empty_to_full_and_never_back() -> None:
    total = 25 * 60
    steps = [ring_step(remaining, total) for remaining in range(total, -1, -1)]
    assert steps[0] == 0
    assert steps[-1] == RING_STEPS
    assert steps == sorted(steps)
    # Out-of-range input is clamped, not an error.
    assert ring_step(total + 100, total) == 0
    assert ring_step(-100, total) == RING_STEPS
    assert ring_step(10, 0) == 0


# --- colours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "meaning"),
    [
        (running("work", 750, 1500), "work"),
        (running("short_break", 150, 300), "short_break"),
        (running("long_break", 450, 900), "long_break"),
        (running("work", 750, 1500, paused=True), "paused"),
        (running("long_break", 450, 900, paused=True), "paused"),
    ],
)
@pytest.mark.parametrize("size", [22, 48])
def test_ring_has_the_phase_colour(state: IconState, meaning: str, size: int) -> None:
    image = render_image(state, size)
    low, high = HUES[meaning]
    # Half the phase has elapsed: the right half of the ring is drawn (20 and
    # 160 degrees clockwise from the top), the left half is track.
    for degrees in (20, 160):
        x, y = ring_point(size, degrees, depth=0.3)
        colour = image.pixelColor(x, y)
        assert colour.alpha() == 255
        assert low <= hue_of(colour) <= high, (meaning, degrees, colour.name())
        assert colour.hsvSaturationF() > 0.5, colour.name()
    for degrees in (200, 340):
        x, y = ring_point(size, degrees, depth=0.3)
        track = image.pixelColor(x, y)
        # The undrawn part keeps the hue, only dimmer, so the phase shows
        # even when nothing has elapsed yet.
        assert low - 5 <= hue_of(track) <= high + 5, (meaning, degrees, track.name())
        assert track.valueF() < image.pixelColor(*ring_point(size, 20, 0.3)).valueF()


def test_phase_colours_are_distinct_at_a_glance() -> None:
    colours = {
        name: render_image(state, 22).pixelColor(*ring_point(22, 20, 0.3))
        for name, state in {
            "work": running("work", 60, 120),
            "short_break": running("short_break", 60, 120),
            "long_break": running("long_break", 60, 120),
            "paused": running("work", 60, 120, paused=True),
        }.items()
    }
    names = list(colours)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert distance(colours[a], colours[b]) > 80, (a, b)


def ring_fraction(image: QImage, colour: QColor, size: int) -> float:
    """The share of the ring, sampled at 720 angles, painted in ``colour``."""
    samples = 720
    hits = sum(
        1
        for i in range(samples)
        if distance(image.pixelColor(*ring_point(size, i * 360 / samples, 0.3)), colour) < 30
    )
    return hits / samples


@pytest.mark.parametrize("phase", PHASES)
def test_drawn_ring_grows_with_elapsed_time(phase: Phase) -> None:
    size = 48
    total = 9 * 60  # one-digit labels all the way: the digits stay off the ring
    fractions = []
    for elapsed_share in (0, 0.25, 0.5, 0.75, 1):
        state = running(phase, round(total * (1 - elapsed_share)), total)
        image = render_image(state, size)
        drawn = ring_fraction(image, palette_for(cache_key(state)).ring, size)
        assert drawn == pytest.approx(elapsed_share, abs=0.02)
        fractions.append(drawn)
    assert fractions == sorted(fractions)
    assert len(set(fractions)) == len(fractions)


# --- digits -----------------------------------------------------------------------------


def digit_mask(image: QImage, digits: QColor) -> set[tuple[int, int]]:
    return {
        (x, y)
        for x, y, colour in pixels(image)
        if colour.alpha() == 255 and distance(colour, digits) < 50
    }


def bounding_box(points: set[tuple[int, int]]) -> QRect:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


@pytest.mark.parametrize("size", [16, 22, 24])
def test_different_minutes_draw_different_digits(size: int) -> None:
    total = 25 * 60
    # Same ring step (none elapsed vs 7 minutes left of a fresh 7-minute phase):
    # only the digits differ.
    twenty_five = render_image(running("work", total, total), size)
    seven = render_image(running("work", 7 * 60, 7 * 60), size)
    assert image_difference(twenty_five, seven) > size  # more than a stray edge

    white = QColor("#ffffff")
    wide = bounding_box(digit_mask(twenty_five, white))
    narrow = bounding_box(digit_mask(seven, white))
    # Two glyphs are wider than one; both sit centred in the icon.
    assert wide.width() > narrow.width() * 1.4
    for box in (wide, narrow):
        assert abs(box.center().x() - (size - 1) / 2) <= 1.5
        assert abs(box.center().y() - (size - 1) / 2) <= 1.5


def test_digit_shapes_match_the_font_rendering_of_the_expected_text() -> None:
    """An OCR-free check that "25" is drawn as 2-then-5: the digit pixels of the
    left and right halves match the left and right glyphs of the text drawn by
    Qt itself, better than they match a swapped "52"."""
    size = 48
    mask = digit_mask(render_image(running("work", 1500, 1500), size), QColor("#ffffff"))
    box = bounding_box(mask)

    def reference(text: str) -> set[tuple[int, int]]:
        image = QImage(box.width(), box.height(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        painter = QPainter(image)
        font = QFont("DejaVu Sans")
        font.setBold(True)
        font.setPixelSize(box.height() * 4 // 3)
        painter.setFont(font)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        drawn = {(x, y) for x, y, c in pixels(image) if c.red() > 128}
        inner = bounding_box(drawn)
        # Stretch the reference to the same box (our digits may be condensed).
        return {
            (
                round((x - inner.left()) * (box.width() - 1) / max(1, inner.width() - 1)),
                round((y - inner.top()) * (box.height() - 1) / max(1, inner.height() - 1)),
            )
            for x, y in drawn
        }

    ours = {(x - box.left(), y - box.top()) for x, y in mask}

    def overlap(a: set[tuple[int, int]], b: set[tuple[int, int]]) -> float:
        return len(a & b) / len(a | b)

    assert overlap(ours, reference("25")) > overlap(ours, reference("52")) + 0.1
    assert overlap(ours, reference("25")) > 0.5


def labelled_states() -> list[IconState]:
    return [
        running("work", 1500, 1500),
        running("work", 420, 1500),
        running("work", 30, 1500),
        running("short_break", 180, 300),
        running("long_break", 700, 900),
        running("work", 700, 1500, paused=True),
        running("long_break", 150 * 60, 180 * 60),
    ]


@pytest.mark.parametrize("panel", PANELS)
@pytest.mark.parametrize("size", [16, 22, 24])
@pytest.mark.parametrize("state", labelled_states(), ids=lambda s: f"{s.phase}-{s.paused}")
def test_digits_contrast_with_what_surrounds_them_on_light_and_dark_panels(
    state: IconState, size: int, panel: str
) -> None:
    """Legibility proxy: the digit pixels against the other pixels inside the
    digits' bounding box, with the icon composited over the panel."""
    digits = palette_for(cache_key(state)).digits
    icon = render_image(state, size)
    # Digit pixels are found in the icon itself (opaque and digit-coloured), so
    # a light panel showing through is never mistaken for white digits.
    mask = digit_mask(icon, digits)
    seen = on_panel(icon, PANELS[panel])
    # Enough solid digit pixels that the strokes are not hairlines.
    assert len(mask) >= size, len(mask)
    box = bounding_box(mask)
    around = [
        luminance(seen.pixelColor(x, y))
        for y in range(box.top(), box.bottom() + 1)
        for x in range(box.left(), box.right() + 1)
        if distance(seen.pixelColor(x, y), digits) > 120
    ]
    assert around, "the digits fill their whole box: no gaps between strokes"
    background = sorted(around)[len(around) // 2]
    assert contrast(luminance(digits), background) >= 7, (panel, digits.name())


@pytest.mark.parametrize("panel", PANELS)
@pytest.mark.parametrize("size", [16, 22])
def test_the_icon_stands_out_from_both_panels(size: int, panel: str) -> None:
    """Something in every icon contrasts with the panel, so it does not vanish."""
    for state in [*labelled_states(), IconState.idle()]:
        seen = on_panel(render_image(state, size), PANELS[panel])
        panel_luminance = luminance(PANELS[panel])
        best = max(contrast(luminance(c), panel_luminance) for _, _, c in pixels(seen))
        assert best >= 4.5, (state, panel)


def test_idle_has_no_digits_no_ring_and_no_phase_colour() -> None:
    idle = render_image(IconState.idle(), 48)
    drawn = [c for _, _, c in pixels(idle) if c.alpha() > 0]
    assert drawn, "idle draws a glyph"
    # No white digits, no saturated phase colour: only greys and a muted leaf.
    assert all(c.lightness() < 200 for c in drawn)
    assert all(c.hsvSaturationF() < 0.3 for c in drawn if c.alpha() == 255)
    # Whatever numbers come with it, idle looks the same: nothing to repaint.
    assert render_image(IconState(None, True, 900, 1500), 48) == idle


def test_pause_changes_the_look_and_large_icons_show_pause_bars() -> None:
    active = render_image(running("work", 700, 1500), 48)
    paused = render_image(running("work", 700, 1500, paused=True), 48)
    assert image_difference(active, paused) > 200
    amber = palette_for(cache_key(running("work", 700, 1500, paused=True))).digits
    # Two bars under the digits, left and right of the centre line.
    bars_row = 48 * 0.7
    row = [
        x for x in range(48) if distance(paused.pixelColor(x, math.floor(bars_row)), amber) < 50
    ]
    assert row, "no pause bars"
    assert min(row) < 24 < max(row)
    assert 24 not in row and 23 not in row, "the bars have a gap between them"


# --- caching ----------------------------------------------------------------------------


def test_equal_keys_draw_equal_pixels_and_keys_change_a_few_times_a_minute() -> None:
    total = 25 * 60
    keys = []
    previous: tuple[object, QImage] | None = None
    for remaining in range(total, -1, -1):
        state = running("work", remaining, total)
        key = cache_key(state)
        keys.append(key)
        if previous is not None and previous[0] == key and remaining % 7 == 0:
            # Sampled, to keep the test quick: a tick inside one key draws the same.
            assert render_image(state, 22) == previous[1]
        if previous is None or previous[0] != key:
            previous = (key, render_image(state, 22))
    changes = sum(1 for a, b in itertools.pairwise(keys) if a != b)
    # 25 minute changes + 60 ring steps, some coinciding; far below 1500 ticks.
    assert 60 <= changes <= 25 + RING_STEPS


def test_icon_cache_hands_out_a_new_icon_only_when_the_drawing_changes() -> None:
    cache = IconCache()
    first = cache.update(running("work", 1500, 1500))
    assert first is not None
    assert cache.update(running("work", 1499, 1500)) is None  # same minute, same step
    assert cache.icon is first
    assert cache.update(running("work", 1440, 1500)) is not None  # "24", new step
    assert cache.update(IconState.idle()) is not None
    assert cache.update(IconState(None, False, 5, 10)) is None  # idle never repaints


def test_icon_for_holds_every_tray_size() -> None:
    icon = icon_for(running("short_break", 200, 300))
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)
    for size in ICON_SIZES:
        assert icon.pixmap(size, size).width() == size


def test_high_dpi_render_has_device_pixels_and_logical_size() -> None:
    pixmap = render(running("work", 600, 1500), 22, 2.0)
    assert pixmap.width() == 44
    assert pixmap.devicePixelRatio() == 2.0
    assert pixmap.deviceIndependentSize().width() == 22


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        render(IconState.idle(), 0)
    with pytest.raises(ValueError, match="ratio"):
        render(IconState.idle(), 16, 0.0)


@settings(max_examples=150, deadline=None)
@given(
    phase=st.sampled_from([None, *PHASES]),
    paused=st.booleans(),
    remaining=st.integers(-(10**6), 10**8),
    total=st.integers(-10, 10**8),
    size=st.integers(1, 96),
    ratio=st.sampled_from([1.0, 1.25, 1.5, 2.0, 3.0]),
)
def test_render_never_raises_and_returns_the_requested_size(
    phase: Phase | None, paused: bool, remaining: int, total: int, size: int, ratio: float
) -> None:
    pixmap = render(IconState(phase, paused, remaining, total), size, ratio)
    assert not pixmap.isNull()
    assert pixmap.width() == pixmap.height() == math.floor(size * ratio + 0.5)
    assert pixmap.deviceIndependentSize().width() == pytest.approx(size, abs=0.5 / ratio + 1e-9)


# --- contact sheet ----------------------------------------------------------------------

SHEET_SIZES = (16, 22, 24, 48)


def sheet_states() -> list[tuple[str, IconState]]:
    return [
        ("idle", IconState.idle()),
        ("work 25:00 of 25", running("work", 1500, 1500)),
        ("work 17:30 of 25", running("work", 1050, 1500)),
        ("work 7:00 of 25", running("work", 420, 1500)),
        ("work 0:40 of 25", running("work", 40, 1500)),
        ("work paused 12:00", running("work", 720, 1500, paused=True)),
        ("short break 5:00 of 5", running("short_break", 300, 300)),
        ("short break 3:00 of 5", running("short_break", 180, 300)),
        ("long break 12:00 of 15", running("long_break", 720, 900)),
        ("long break paused 4:00", running("long_break", 240, 900, paused=True)),
        ("long block 2:30 h of 3 h", running("work", 150 * 60, 180 * 60)),
    ]


def contact_sheet() -> QImage:
    """All states at each sheet size, on a light and a dark panel, true size."""
    label_width, row_height, gap = 170, 56, 8
    panel_width = sum(SHEET_SIZES) + gap * (len(SHEET_SIZES) + 1)
    rows = sheet_states()
    sheet = QImage(
        label_width + 2 * panel_width, row_height * len(rows), QImage.Format.Format_RGB32
    )
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    font = QFont("DejaVu Sans")
    font.setPixelSize(12)
    painter.setFont(font)
    for row, (name, state) in enumerate(rows):
        top = row * row_height
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(
            QRect(6, top, label_width - 6, row_height), Qt.AlignmentFlag.AlignVCenter, name
        )
        for column, panel in enumerate((LIGHT_PANEL, DARK_PANEL)):
            left = label_width + column * panel_width
            painter.fillRect(QRect(left, top, panel_width, row_height), panel)
            x = left + gap
            for size in SHEET_SIZES:
                painter.drawImage(x, top + (row_height - size) // 2, render_image(state, size))
                x += size + gap
    painter.end()
    return sheet


def test_contact_sheet(artifacts: Path) -> None:
    sheet = contact_sheet()
    path = artifacts / "icon-contact-sheet.png"
    assert sheet.save(str(path))
    # A magnified copy (nearest neighbour) for looking at single pixels.
    zoomed = sheet.scaled(
        sheet.width() * 3, sheet.height() * 3, mode=Qt.TransformationMode.FastTransformation
    )
    assert zoomed.save(str(artifacts / "icon-contact-sheet-x3.png"))
    assert QImage(str(path)).size() == sheet.size()


def test_every_character_a_label_can_hold_has_a_shape_of_its_own() -> None:
    # The digits are shapes of our own, not a font's: a character without a
    # shape would silently draw nothing, two alike would read the same.
    labels = {label_for(seconds) for seconds in range(0, 100 * 3600, 37)}
    characters = sorted(set("".join(labels)))
    assert characters == sorted("0123456789h")

    def drawn(char: str) -> bytes:
        shape = _glyph_path(char)
        bounds = shape.boundingRect()
        assert bounds.width() > 0 and bounds.height() > 0, char
        image = QImage(32, 32, QImage.Format.Format_Grayscale8)
        image.fill(Qt.GlobalColor.black)
        painter = QPainter(image)
        scale = 30 / max(bounds.width(), bounds.height())
        painter.translate(1, 1)
        painter.scale(scale, scale)
        painter.translate(-bounds.left(), -bounds.top())
        painter.fillPath(shape, Qt.GlobalColor.white)
        painter.end()
        return bytes(image.constBits())

    shapes = [drawn(char) for char in characters]
    assert len(set(shapes)) == len(shapes), "two characters share a shape"
