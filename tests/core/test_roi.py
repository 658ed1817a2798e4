"""ROI arithmetic, proration by days, medians; figures worked out by hand."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smfocus.core import roi


@pytest.mark.parametrize(
    ("seconds", "rate", "cents"),
    [
        (3600, 4500, 4500),
        (5400, 4500, 6750),  # 1.5 h at 45.00
        (1, 4500, 1),  # 1.25 cents
        (2, 4500, 3),  # 2.5 cents: half away from zero
        (0, 4500, 0),
        (7200, 0, 0),  # a rate of zero is a rate
    ],
)
def test_cost_is_time_times_rate_to_the_cent(seconds: int, rate: int, cents: int) -> None:
    assert roi.cost_cents(seconds, rate) == cents


def test_month_shares_count_the_days_of_each_month_touched() -> None:
    assert roi.month_shares(date(2026, 3, 10), date(2026, 4, 5)) == [
        (date(2026, 3, 1), 22, 31),
        (date(2026, 4, 1), 5, 30),
    ]
    assert roi.month_shares(date(2024, 2, 1), date(2024, 2, 29)) == [(date(2024, 2, 1), 29, 29)]
    assert roi.month_shares(date(2026, 12, 31), date(2027, 1, 1)) == [
        (date(2026, 12, 1), 1, 31),
        (date(2027, 1, 1), 1, 31),
    ]


@pytest.mark.parametrize(
    ("first", "last", "cents"),
    [
        (date(2026, 2, 1), date(2026, 2, 28), 180_000),  # a whole month: the whole value
        (date(2026, 3, 1), date(2026, 3, 10), 58_065),  # 180000 * 10 / 31 = 58064.5
        (date(2026, 3, 29), date(2026, 3, 29), 5_806),  # one day (a DST day is a day)
        # 22/31 of March and 5/30 of April: 127741.9 + 30000 = 157741.9
        (date(2026, 3, 10), date(2026, 4, 5), 157_742),
        (date(2026, 1, 1), date(2026, 12, 31), 2_160_000),  # twelve months
    ],
)
def test_a_monthly_value_is_prorated_by_days(first: date, last: date, cents: int) -> None:
    assert roi.prorated_value_cents(180_000, first, last) == cents


def test_roi_is_value_less_cost_over_cost() -> None:
    # 20 h at 45.00 = 900.00 against a whole month of 1,800.00: ROI +100 %.
    figures = roi.project_roi(
        20 * 3600, 4500, 180_000, "month", date(2026, 2, 1), date(2026, 2, 28)
    )
    assert figures.cost_cents == 90_000
    assert figures.value_cents == 180_000
    assert figures.roi == pytest.approx(1.0)
    assert figures.gain_cents == 90_000
    assert figures.note is None


def test_a_loss_is_a_negative_roi() -> None:
    figures = roi.project_roi(
        30 * 3600, 4000, 90_000, "month", date(2026, 2, 1), date(2026, 2, 28)
    )
    assert figures.cost_cents == 120_000
    assert figures.roi == pytest.approx(-0.25)


def test_no_rate_means_no_cost_and_no_roi_not_zero() -> None:
    figures = roi.project_roi(3600, None, 90_000, "month", date(2026, 2, 1), date(2026, 2, 28))
    assert figures.cost_cents is None
    assert figures.value_cents == 90_000
    assert figures.roi is None
    assert figures.note == roi.NO_RATE


def test_no_value_means_no_roi() -> None:
    figures = roi.project_roi(3600, 4000, None, "month", date(2026, 2, 1), date(2026, 2, 28))
    assert figures.cost_cents == 4000
    assert figures.value_cents is None
    assert figures.roi is None
    assert figures.note == roi.NO_VALUE


def test_a_value_per_result_is_not_invented() -> None:
    figures = roi.project_roi(3600, 4000, 12_000, "result", date(2026, 2, 1), date(2026, 2, 28))
    assert figures.value_cents is None
    assert figures.roi is None
    assert figures.note == "value per result: not tracked yet"


def test_no_time_means_no_roi_rather_than_infinity() -> None:
    figures = roi.project_roi(0, 4000, 90_000, "month", date(2026, 2, 1), date(2026, 2, 28))
    assert figures.cost_cents == 0
    assert figures.value_cents == 90_000
    assert figures.roi is None
    assert figures.note == roi.NO_TIME


def test_every_missing_figure_is_named() -> None:
    figures = roi.project_roi(3600, None, None, "month", date(2026, 2, 1), date(2026, 2, 28))
    assert figures.note == "no hourly rate; no value set"


def test_ratio_needs_a_cost() -> None:
    assert roi.ratio(100, 0) is None
    assert roi.ratio(150, 100) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("values", "middle"),
    [([], None), ([4], 4.0), ([3, 1, 2], 2.0), ([1, 2, 3, 10], 2.5), ([5, 5, 9], 5.0)],
)
def test_median(values: list[int], middle: float | None) -> None:
    assert roi.median(values) == middle


def test_time_in_pomodoros_uses_the_configured_length() -> None:
    assert roi.pomodoros_of_time(3000, 1500) == 2.0
    assert roi.pomodoros_of_time(3000, 3000) == 1.0
    assert roi.pomodoros_of_time(3000, 0) == 0.0


@given(st.integers(-(10**9), 10**9), st.integers(-(10**7), 10**7))
def test_cost_in_integers_equals_the_exact_fraction_rounded(seconds: int, rate: int) -> None:
    exact = Fraction(seconds * rate, 3600)
    whole = int(abs(exact) + Fraction(1, 2))
    assert roi.cost_cents(seconds, rate) == (whole if exact >= 0 else -whole)
