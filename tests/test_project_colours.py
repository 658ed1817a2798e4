"""Ten projects' default colours must be told apart, also with deuteranopia."""

import itertools
import math

from smfocus.store.rows import DEFAULT_COLOURS

# CIE76 distances in L*a*b*: about 2 is barely noticeable; 20 reads as "another
# colour" side by side in a legend.
MIN_DISTANCE = 20.0
MIN_DISTANCE_DEUTERANOPIA = 15.0

# Machado, Oliveira & Fernandes (2009), deuteranopia at full severity, applied
# to linear sRGB.
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def _linear(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _deuteranopia(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (
        min(1.0, max(0.0, m[0] * rgb[0] + m[1] * rgb[1] + m[2] * rgb[2])) for m in DEUTERANOPIA
    )
    return r, g, b


def _closest_pair(simulate: bool) -> tuple[float, str, str]:
    def lab(colour: str) -> tuple[float, float, float]:
        rgb = _linear(colour)
        return _lab(_deuteranopia(rgb) if simulate else rgb)

    return min(
        (math.dist(lab(a), lab(b)), a, b) for a, b in itertools.combinations(DEFAULT_COLOURS, 2)
    )


def test_ten_distinct_default_colours() -> None:
    assert len(set(c.lower() for c in DEFAULT_COLOURS)) == len(DEFAULT_COLOURS) == 10


def test_every_pair_of_project_colours_is_apart() -> None:
    distance, a, b = _closest_pair(simulate=False)
    assert distance >= MIN_DISTANCE, f"{a} and {b} look alike ({distance:.1f})"


def test_every_pair_stays_apart_under_deuteranopia() -> None:
    distance, a, b = _closest_pair(simulate=True)
    assert distance >= MIN_DISTANCE_DEUTERANOPIA, f"{a} and {b} look alike ({distance:.1f})"


def test_the_simulation_merges_red_and_green() -> None:
    # Guards the check itself: a red and a green of the same lightness, far
    # apart for normal sight, must come close under the simulation.
    red, green = _linear("#d62728"), _linear("#7f7f00")
    assert math.dist(_lab(red), _lab(green)) > 40
    assert math.dist(_lab(_deuteranopia(red)), _lab(_deuteranopia(green))) < 10
