"""Helpers for tests of the French face: run in French, and a fixture for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smfocus.core import i18n


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The locale says French (as a French desktop does), for this process and the
    commands it runs."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    i18n.use("fr")
    yield
    i18n.use("en")
