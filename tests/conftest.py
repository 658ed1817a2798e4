"""Shared fixtures. Qt runs offscreen unless a test brings its own display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from smfocus.core.clock import FakeClock
from smfocus.store.database import Store, open_store
from smfocus.tracker import Tracker
from tests.pg_server import PgServer
from tests.pg_server import missing_reason as pg_missing_reason

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


# Suites that run on both engines: each test using ``store`` (or ``tracker``)
# runs once on a SQLite file and once on a fresh PostgreSQL database.
BOTH_ENGINES = {
    "tests.test_tracker",
    "tests.test_pomodoro",
    "tests.test_time_hardening",
    "tests.test_importer",
    "tests.store.test_analytics",
    "tests.store.test_postgres",
}
TEMPLATE = "smfocus_template"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_engine" in metafunc.fixturenames and metafunc.module.__name__ in BOTH_ENGINES:
        metafunc.parametrize("db_engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    """Which engine the test's ``store`` uses: "sqlite" unless parametrized."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server per pytest worker, with a migrated template database."""
    reason = pg_missing_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    server = PgServer.start()
    try:
        admin = server.admin()
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
        admin.dispose()
        open_store(Path("."), server.url(TEMPLATE)).dispose()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    name = pg_server.create_database(template=TEMPLATE)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def database_url(db_engine: str, request: pytest.FixtureRequest) -> str | None:
    """The URL the test's store opens: None for the data folder's SQLite file."""
    if db_engine == "sqlite":
        return None
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(data_dir: Path, database_url: str | None) -> Iterator[Store]:
    opened = open_store(data_dir, database_url)
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
