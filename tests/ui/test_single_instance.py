"""One instance per user: the socket lives in a folder only this user can enter,
other users can neither take its place nor talk to it, and leftovers at its
path (a dead socket, a plain file) never stop the app from starting."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smfocus.ui.single_instance import (
    MESSAGE,
    InstanceServer,
    hand_over,
    server_name,
    socket_folder,
)
from tests.privacy_rig import SYSTEM_PYTHON, OtherUser, other_user  # noqa: F401 (a fixture)

KEY = "/home/someone/.local/share/smfocus/smfocus.sqlite3"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def closed_by_peer(client: socket.socket) -> bool:
    try:
        return client.recv(16) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:  # closed with our message unread
        return True


@pytest.fixture
def shared_temp() -> Iterator[Path]:
    """A folder like /tmp: everyone may create things in it (sticky, 1777). Short,
    since a socket path must fit in 108 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="smf-t-"))
    folder.chmod(0o1777)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def servers() -> Iterator[list[InstanceServer]]:
    made: list[InstanceServer] = []
    yield made
    for server in made:
        server.close()
        server.deleteLater()


def test_the_socket_lives_in_the_users_runtime_folder(data_dir: Path, shared_temp: Path) -> None:
    runtime = shared_temp / "run-user"  # short: pytest's own folders can be too deep
    runtime.mkdir(mode=0o700)

    folder = socket_folder(data_dir, runtime_dir=str(runtime), temp_dir=str(shared_temp))

    assert folder == runtime / "smfocus"
    assert mode(folder) == 0o700
    assert Path(server_name(KEY, folder)).parent == folder


def test_a_runtime_folder_open_to_others_is_not_trusted(data_dir: Path, shared_temp: Path) -> None:
    runtime = shared_temp / "run-user"
    runtime.mkdir()
    runtime.chmod(0o777)

    folder = socket_folder(data_dir, runtime_dir=str(runtime), temp_dir=str(shared_temp))

    assert folder == shared_temp / f"smfocus-{os.getuid()}"
    assert mode(folder) == 0o700


def test_a_runtime_folder_too_deep_for_a_socket_path_is_passed_over(
    data_dir: Path, shared_temp: Path
) -> None:
    runtime = shared_temp / ("r" * 80)
    runtime.mkdir(mode=0o700)
    assert len(os.fsencode(server_name(KEY, runtime / "smfocus"))) > 107

    folder = socket_folder(data_dir, runtime_dir=str(runtime), temp_dir=str(shared_temp))

    assert folder == shared_temp / f"smfocus-{os.getuid()}"
    assert len(os.fsencode(server_name(KEY, folder))) < 108


def test_without_a_runtime_folder_a_private_one_is_made_in_temp(
    data_dir: Path, shared_temp: Path
) -> None:
    old = os.umask(0o022)
    try:
        folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
    finally:
        os.umask(old)

    assert folder == shared_temp / f"smfocus-{os.getuid()}"
    assert mode(folder) == 0o700
    assert folder.stat().st_uid == os.getuid()


def test_a_temp_folder_left_open_is_not_used(data_dir: Path, shared_temp: Path) -> None:
    squatted = shared_temp / f"smfocus-{os.getuid()}"
    squatted.mkdir()
    squatted.chmod(0o777)  # anyone could have put a socket in it

    folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))

    assert folder == data_dir / "run"
    assert mode(folder) == 0o700
    assert mode(squatted) == 0o777  # not ours to fix


def test_a_second_launch_hands_over_to_the_first(
    qtbot: QtBot, data_dir: Path, shared_temp: Path, servers: list[InstanceServer]
) -> None:
    folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
    assert folder is not None
    name = server_name(KEY, folder)
    assert not hand_over(name)  # nobody yet
    server = InstanceServer(name)
    servers.append(server)
    assert server.is_listening()

    with qtbot.waitSignal(server.show_requested):
        assert hand_over(name)


@pytest.mark.parametrize("leftover", ["dead socket", "plain file"])
def test_a_leftover_at_the_path_is_no_running_app_and_is_replaced(
    leftover: str,
    qtbot: QtBot,
    data_dir: Path,
    shared_temp: Path,
    servers: list[InstanceServer],
) -> None:
    folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
    assert folder is not None
    name = server_name(KEY, folder)
    if leftover == "dead socket":  # what a crashed instance leaves
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(name)
        dead.close()
    else:
        Path(name).write_text("")

    assert not hand_over(name)
    server = InstanceServer(name)
    servers.append(server)

    assert server.is_listening()
    assert stat.S_ISSOCK(os.lstat(name).st_mode)
    with qtbot.waitSignal(server.show_requested):
        assert hand_over(name)


def test_the_server_ignores_a_peer_of_another_user(
    qtbot: QtBot, data_dir: Path, shared_temp: Path, servers: list[InstanceServer]
) -> None:
    folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
    assert folder is not None
    name = server_name(KEY, folder)
    # A server for another uid sees us as a stranger: what it would see of them.
    server = InstanceServer(name, uid=os.getuid() + 1)
    servers.append(server)
    shown: list[bool] = []
    server.show_requested.connect(lambda: shown.append(True))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(name)
        client.sendall(MESSAGE)
        client.setblocking(False)

        qtbot.waitUntil(lambda: closed_by_peer(client))
    qtbot.wait(0)  # deliver whatever the server could still have queued
    assert shown == []


_SQUATTER = """
import os, socket, sys
folder = sys.argv[1]
os.mkdir(folder)
os.chmod(folder, 0o777)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(os.path.join(folder, sys.argv[2]))
os.chmod(os.path.join(folder, sys.argv[2]), 0o777)
server.listen(5)
print("ready", flush=True)
sys.stdin.read()
"""


def test_another_user_cannot_squat_the_socket_or_reach_it(
    qtbot: QtBot,
    data_dir: Path,
    shared_temp: Path,
    servers: list[InstanceServer],
    other_user: OtherUser,  # noqa: F811 (the fixture imported above)
) -> None:
    # Another user makes the temp folder we would pick first, and listens in it
    # under the name we would use.
    expected = shared_temp / f"smfocus-{os.getuid()}"
    squatter = subprocess.Popen(
        [
            SYSTEM_PYTHON,
            "-I",
            "-c",
            _SQUATTER,
            str(expected),
            Path(server_name(KEY, expected)).name,
        ],
        user=other_user.uid,
        group=other_user.gid,
        extra_groups=[],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    try:
        assert squatter.stdout is not None and squatter.stdout.readline().strip() == "ready"
        folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
        assert folder is not None and folder != expected
        name = server_name(KEY, folder)
        assert not hand_over(name)  # the app starts instead of leaving "already running"
        server = InstanceServer(name)
        servers.append(server)
        assert server.is_listening()
        # Even the squatter's own name, tried directly, is not taken for a running app.
        assert not hand_over(server_name(KEY, expected))
    finally:
        assert squatter.stdin is not None
        squatter.stdin.close()
        squatter.wait(30)
        if squatter.stdout is not None:
            squatter.stdout.close()

    # And the other user cannot reach ours.
    attempt = other_user.python(
        "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])", name
    )
    assert attempt.returncode != 0
    assert "PermissionError" in attempt.stderr


def test_another_user_cannot_connect_to_the_socket(
    data_dir: Path,
    shared_temp: Path,
    servers: list[InstanceServer],
    other_user: OtherUser,  # noqa: F811 (the fixture imported above)
) -> None:
    folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
    assert folder is not None and folder.parent == shared_temp  # a folder others can walk to
    name = server_name(KEY, folder)
    server = InstanceServer(name)
    servers.append(server)
    assert server.is_listening()

    attempt = other_user.python(
        "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])", name
    )

    assert attempt.returncode != 0
    assert "PermissionError" in attempt.stderr


def listening_server(
    data_dir: Path, shared_temp: Path, servers: list[InstanceServer]
) -> tuple[str, InstanceServer]:
    folder = socket_folder(data_dir, runtime_dir="", temp_dir=str(shared_temp))
    assert folder is not None
    name = server_name(KEY, folder)
    server = InstanceServer(name)
    servers.append(server)
    assert server.is_listening()
    return name, server


@pytest.mark.parametrize("said", [b"", b"hello\n"])
def test_a_peer_that_does_not_ask_to_show_is_ignored_and_the_next_launch_still_counts(
    said: bytes,
    qtbot: QtBot,
    data_dir: Path,
    shared_temp: Path,
    servers: list[InstanceServer],
) -> None:
    name, server = listening_server(data_dir, shared_temp, servers)
    shown: list[bool] = []
    server.show_requested.connect(lambda: shown.append(True))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(name)
        client.sendall(said)
        client.setblocking(False)
        qtbot.waitUntil(lambda: closed_by_peer(client))
    qtbot.wait(0)
    assert shown == []

    with qtbot.waitSignal(server.show_requested):
        assert hand_over(name)


def test_closing_removes_the_socket_so_a_later_launch_starts_afresh(
    data_dir: Path, shared_temp: Path, servers: list[InstanceServer]
) -> None:
    name, server = listening_server(data_dir, shared_temp, servers)

    server.close()

    assert not server.is_listening()
    assert not os.path.lexists(name)
    assert not hand_over(name)


def test_closing_leaves_a_socket_another_instance_put_in_its_place(
    data_dir: Path, shared_temp: Path, servers: list[InstanceServer]
) -> None:
    name, server = listening_server(data_dir, shared_temp, servers)
    os.unlink(name)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as newer:
        newer.bind(name)
        newer.listen(1)

        server.close()

        assert stat.S_ISSOCK(os.lstat(name).st_mode)


def test_the_tray_does_not_load_qt_network() -> None:
    # The single-instance socket is plain Python: QtNetwork would stay resident
    # all day for one message per launch.
    code = "import sys, smfocus.ui.app; print(sorted(m for m in sys.modules if 'QtNetwork' in m))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
