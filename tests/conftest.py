"""Shared fixtures. Qt runs offscreen unless a test brings its own display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from smfocus.core.clock import FakeClock
from smfocus.store.database import Store, open_store
from smfocus.tracker import Tracker

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = open_store(data_dir)
    yield opened
    opened.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tz() -> ZoneInfo:
    return ZoneInfo("Europe/Paris")


@pytest.fixture
def tracker(store: Store, clock: FakeClock, tz: ZoneInfo) -> Tracker:
    return Tracker(store, clock, tz, user="tester")


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
