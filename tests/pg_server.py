"""A throw-away PostgreSQL server for the tests, started from the Debian package's
binaries in a temporary folder (``initdb`` + ``pg_ctl``), reached by its Unix
socket only, with trust logins.

``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` account the package creates. Each pytest worker starts its own
server; each test gets a fresh database copied from a migrated template.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

SEARCH = ("/usr/lib/postgresql",)


def binaries() -> Path | None:
    """The newest installed server's bin folder, or None when no server is installed."""
    for root in SEARCH:
        base = Path(root)
        if not base.is_dir():
            continue
        found = sorted(
            (p / "bin" for p in base.iterdir() if (p / "bin" / "pg_ctl").exists()),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        )
        if found:
            return found[-1]
    return None


def missing_reason() -> str | None:
    if binaries() is None:
        return "PostgreSQL server binaries are not installed (apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'smfocus[postgres]')"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is missing: initdb refuses root"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    folder: Path
    port: int
    bin: Path
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls, *, durable: bool = False) -> PgServer:
        """A new server; ``durable`` keeps fsync and synchronous commits, which a test
        that kills the server needs (without them the last commits may be lost)."""
        bin_dir = binaries()
        assert bin_dir is not None
        folder = Path(tempfile.mkdtemp(prefix="smfocus-pg-"))
        folder.chmod(0o755)
        server = cls(folder=folder, port=_free_port(), bin=bin_dir)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        server._run(
            "initdb",
            "-D",
            str(folder / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        with (folder / "data" / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {server.port}\nunix_socket_directories = '{folder}'\n"
                "listen_addresses = ''\nmax_connections = 200\n"
            )
            if not durable:
                conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        server.pg_ctl("start")
        return server

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=check, capture_output=True, cwd=self.folder)

    def pg_ctl(self, action: str, *extra: str) -> None:
        data = str(self.folder / "data")
        if action == "start":
            log = str(self.folder / "server.log")
            self._run("pg_ctl", "-D", data, "-l", log, "-w", "start")
        else:
            self._run("pg_ctl", "-D", data, "-w", action, *extra)

    def url(self, database: str = "postgres", role: str = "postgres") -> str:
        return f"postgresql+psycopg://{role}@/{database}?host={self.folder}&port={self.port}"

    def admin(self) -> Engine:
        return create_engine(self.url(), isolation_level="AUTOCOMMIT")

    def create_database(self, template: str | None = None) -> str:
        name = f"t{os.getpid()}_{next(self._names)}"
        engine = self.admin()
        try:
            with engine.connect() as connection:
                # FILE_COPY: half the time of the default WAL_LOG for a small template.
                clause = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
                connection.execute(text(f"CREATE DATABASE {name}{clause}"))
        finally:
            engine.dispose()
        return name

    def drop_database(self, name: str) -> None:
        engine = self.admin()
        try:
            with engine.connect() as connection:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        finally:
            engine.dispose()

    def stop(self) -> None:
        try:  # it may be stopped already (a test that stops it failed half-way)
            self._run(
                "pg_ctl",
                "-D",
                str(self.folder / "data"),
                "-w",
                "stop",
                "-m",
                "immediate",
                check=False,
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
