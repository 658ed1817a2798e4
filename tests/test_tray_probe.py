"""The command line knows, without Qt, whether a tray announces phase ends."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from smfocus.instance_socket import instance_key, server_name, socket_folder, tray_running
from tests.helpers import Result, run_main

Cli = Callable[..., Result]
TRAY_LINE = "The tray is not running: phase ends will not be announced; start it with: smfocus &"


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short and private, as a session's XDG_RUNTIME_DIR is (socket paths are short).
    folder = Path(tempfile.mkdtemp(prefix="smf-r-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder


@pytest.fixture
def acme(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    monkeypatch.setattr(cli, "local_zone", lambda: ZoneInfo("Europe/Paris"))

    def invoke(*argv: str) -> Result:
        return run_main(argv, capsys, data_dir=data_dir, clock=clock)

    assert invoke("project", "add", "Acme").code == 0
    return invoke


def socket_path(data_dir: Path) -> str:
    folder = socket_folder(data_dir)
    assert folder is not None
    return server_name(instance_key(data_dir, None), folder)


@pytest.fixture
def tray(runtime_dir: Path, data_dir: Path) -> Iterator[None]:
    """Something listening where the tray would: the probe only connects."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(socket_path(data_dir))
        server.listen(1)
        yield


def test_no_tray_no_socket(runtime_dir: Path, data_dir: Path) -> None:
    assert not tray_running(data_dir, None)


def test_a_listening_tray_is_found(tray: None, data_dir: Path) -> None:
    assert tray_running(data_dir, None)


def test_a_socket_left_by_a_crash_is_not_a_tray(runtime_dir: Path, data_dir: Path) -> None:
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(socket_path(data_dir))
    stale.close()  # the file stays, nobody listens
    assert os.path.exists(socket_path(data_dir))
    assert not tray_running(data_dir, None)


def test_another_database_has_another_tray(tray: None, tmp_path: Path) -> None:
    assert not tray_running(tmp_path / "elsewhere", None)


def test_pomodoro_start_without_a_tray_says_how_to_start_it(runtime_dir: Path, acme: Cli) -> None:
    result = acme("pomodoro", "start", "Acme", "Plan")
    assert result.code == 0
    assert result.out.splitlines()[-1] == TRAY_LINE


def test_timer_commands_say_so_while_a_phase_runs(runtime_dir: Path, acme: Cli) -> None:
    acme("pomodoro", "start", "Acme", "Plan")
    assert TRAY_LINE in acme("pomodoro", "skip").out  # the break runs on, unannounced
    assert TRAY_LINE not in acme("pomodoro", "pause").out  # nothing will end
    assert TRAY_LINE not in acme("pomodoro", "stop").out


def test_with_the_tray_running_nothing_is_said(tray: None, acme: Cli) -> None:
    result = acme("pomodoro", "start", "Acme", "Plan")
    assert result.code == 0
    assert "tray" not in result.out
