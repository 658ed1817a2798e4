"""Shared fixtures. Qt runs offscreen unless a test brings its own display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from smfocus.core import i18n
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


# Command-line suites that run on both engines: on PostgreSQL the commands open
# the test's database as SMFOCUS_DATABASE_URL names it; tests that read the
# SQLite file itself are marked ``sqlite_only``.
CLI_BOTH_ENGINES = {"tests.test_cli", "tests.test_cli_transfer", "tests.test_time_hardening"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__
    if "db_engine" not in metafunc.fixturenames:
        return
    if (module in BOTH_ENGINES and not metafunc.definition.get_closest_marker("sqlite_only")) or (
        module in CLI_BOTH_ENGINES and not metafunc.definition.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("db_engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def _english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English with no saved language, whatever this machine's
    locale and settings; a test wanting French sets it (see tests/french.py)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "SMFOCUS_LOCALE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture(autouse=True)
def _cli_database(
    db_engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL, the command line of a CLI suite opens the test's database."""
    if request.module.__name__ in CLI_BOTH_ENGINES and db_engine == "postgresql":
        # As SMFOCUS_DATABASE_URL would (the suites clear that variable themselves).
        from smfocus import cli

        url = str(request.getfixturevalue("pg_url"))
        monkeypatch.setattr(cli, "_database_url", lambda: url)


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
def raw_db(data_dir: Path, database_url: str | None) -> Path | str:
    """Where a test reads rows raw (tests.helpers.raw_query): the SQLite file, or the
    PostgreSQL database's URL."""
    return database_url if database_url is not None else data_dir / "smfocus.sqlite3"


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
