"""PostgreSQL beside SQLite, in one run, on the same large history.

    python benchmarks/postgres.py [--entries 1000000] [--data-dir DIR] [--runs 7]

Starts a throw-away PostgreSQL server (as the tests do), copies the SQLite
history of ``make_history.py`` into it, then measures on both engines: the
report by project and day over all time and over one month, and the CLI's
``smfocus start`` + ``stop`` beside ``python -c "import sqlalchemy"``.
Targets (shared-database issue): all time <= 300 ms, one month <= 10 ms,
start + stop <= 3x the import baseline.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _timing import median_seconds, precompile, run

from smfocus.core.clock import SystemClock
from smfocus.core.localtime import day_start, local_zone
from smfocus.paths import database_path
from smfocus.store import reports
from smfocus.store.database import Store, open_store
from tests.pg_server import PgServer, missing_reason

ROOT = Path(__file__).resolve().parent.parent
COPIED = {
    "users": "id, name, created_at",
    "projects": "id, user_id, name, name_key, colour, rate_cents, currency, value_cents, "
    "value_per, priority, archived, created_at, client",
    "tasks": "id, project_id, name, name_key, category, estimate_pomodoros, done, created_at",
    "time_entries": "id, user_id, project_id, task_id, started_at, ended_at, note, source, "
    "source_ref",
}
BOOLEANS = {"projects": (10,), "tasks": (6,)}
DRIVER_IMPORTS = "import sqlalchemy, psycopg, sqlalchemy.dialects.postgresql.psycopg"


def _copy(sqlite_file: Path, url: str) -> None:
    """Every row of the history, with COPY, then the sequences and statistics."""
    import psycopg

    source = sqlite3.connect(sqlite_file)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as target, target.cursor() as cursor:
        for table, columns in COPIED.items():
            flags = BOOLEANS.get(table, ())
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {columns} FROM {table}"):
                    values = list(row)
                    for index in flags:
                        values[index] = bool(values[index])
                    copy.write_row(values)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        target.commit()
        target.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    source.close()


def _reports(store: Store, runs: int) -> dict[str, float]:
    tz = local_zone()
    now = SystemClock().now()
    with store.readonly_engine.connect() as connection:
        user_id = int(connection.exec_driver_sql("SELECT min(id) FROM users").scalar_one())
        first = reports.first_start(connection, user_id) or now
        all_time = reports.Window(user_id, first, now, now)
        month = reports.Window(
            user_id, day_start(date.fromtimestamp(now).replace(day=1), tz), now, now
        )

        def timed(window: reports.Window) -> float:
            return median_seconds(
                lambda: reports.totals(connection, window, tz, "project", "day"), runs
            )

        return {
            "all time, by project and day": timed(all_time),
            "this month, by project and day": timed(month),
        }


def _start_stop(env: dict[str, str], runs: int) -> float:
    smfocus = [sys.executable, "-m", "smfocus"]

    def both() -> None:
        run([*smfocus, "start", "Bench", "Task"], env)
        run([*smfocus, "stop"], env)

    run([*smfocus, "project", "add", "Bench"], env)
    return median_seconds(both, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", help="reuse (or create) the SQLite history here")
    args = parser.parse_args()
    reason = missing_reason()
    if reason is not None:
        print(f"cannot run: {reason}")
        return 1
    precompile()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(args.data_dir) if args.data_dir else Path(scratch) / "data"
        if not database_path(data).exists():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "make_history.py"),
                    "--entries",
                    str(args.entries),
                    "--days",
                    str(args.years * 365),
                    "--data-dir",
                    str(data),
                ],
                check=True,
            )
        server = PgServer.start()
        try:
            admin = server.admin()
            with admin.connect() as connection:
                connection.exec_driver_sql("CREATE DATABASE bench")
                connection.exec_driver_sql("CREATE DATABASE bench_cli")
            admin.dispose()
            url = server.url("bench")
            open_store(data, url).dispose()
            _copy(database_path(data), url)
            on_file, on_server = open_store(data, readonly=True), open_store(data, url)
            figures = {
                "sqlite": _reports(on_file, args.runs),
                "postgresql": _reports(on_server, args.runs),
            }
            on_file.dispose()
            on_server.dispose()
            baseline = median_seconds(
                lambda: run([sys.executable, "-c", "import sqlalchemy"]), args.runs
            )
            # What a PostgreSQL command imports beyond SQLite's: the driver and the
            # dialect package (which loads every PostgreSQL driver's dialect module).
            with_driver = median_seconds(
                lambda: run([sys.executable, "-c", DRIVER_IMPORTS]), args.runs
            )
            cli_dir = Path(scratch) / "cli"
            cli: dict[str, Callable[[], float]] = {
                "sqlite": lambda: _start_stop({"SMFOCUS_DATA_DIR": str(cli_dir)}, args.runs),
                "postgresql": lambda: _start_stop(
                    {
                        "SMFOCUS_DATA_DIR": str(cli_dir),
                        "SMFOCUS_DATABASE_URL": server.url("bench_cli"),
                    },
                    args.runs,
                ),
            }
            start_stop = {engine: measure() for engine, measure in cli.items()}
        finally:
            server.stop()
    print(f"{args.entries} entries; median of {args.runs} runs; zone {local_zone()}")
    print(f"{'':34} {'sqlite':>10} {'postgresql':>12} {'pg/sqlite':>10}")
    targets = {"all time, by project and day": 0.300, "this month, by project and day": 0.010}
    for label, target in targets.items():
        lite, pg = figures["sqlite"][label], figures["postgresql"][label]
        verdict = "met" if pg <= target else "MISSED"
        print(
            f"{label:34} {lite * 1000:8.1f} ms {pg * 1000:10.1f} ms {pg / lite:9.2f}x"
            f"  target <= {target * 1000:.0f} ms {verdict}"
        )
    lite, pg = start_stop["sqlite"], start_stop["postgresql"]
    print(
        f"{'smfocus start + stop':34} {lite * 1000:8.1f} ms {pg * 1000:10.1f} ms {pg / lite:9.2f}x"
    )
    verdict = "met" if pg <= 3 * baseline else "MISSED"
    print(
        f"{'  x import sqlalchemy (' + f'{baseline * 1000:.0f} ms)':34} {lite / baseline:10.2f}x "
        f"{pg / baseline:11.2f}x  target <= 3x {verdict}"
    )
    print(
        f"{'  of which the driver and dialect':34} {'':10} "
        f"{2 * (with_driver - baseline) * 1000:9.1f} ms  (twice the import of psycopg and "
        f"the dialect: {with_driver * 1000:.0f} ms against {baseline * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
