from __future__ import annotations

import pytest

from smfocus.core.csv_safety import safe_cell


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_starts_become_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Acme", "Plan posts", "", "a=b", " =1"])
def test_plain_text_is_left_alone(value: str) -> None:
    assert safe_cell(value) == value
