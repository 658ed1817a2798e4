"""A private D-Bus bus per test, and the fake notification server on it.

Each bus is its own ``dbus-daemon`` with a configuration written here: no
service directories, so nothing on the machine (dunst, notification-daemon)
is started behind the test's back, and no fixed socket path, so parallel
workers never meet.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FAKE_NOTIFD = Path(__file__).with_name("fake_notifd.py")
# Generous: a safety net against a hung child, never a measure of speed.
START_TIMEOUT_S = 20.0

_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def _read_line(process: subprocess.Popen[str], what: str) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT_S)
    if not ready:
        process.kill()
        raise RuntimeError(f"{what} printed nothing in {START_TIMEOUT_S} s")
    line = process.stdout.readline().strip()
    if not line:
        process.wait()
        raise RuntimeError(f"{what} exited with {process.returncode} before it was ready")
    return line


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


class PrivateBus:
    """A session-type bus of our own; ``address`` is for DBUS_SESSION_BUS_ADDRESS."""

    def __init__(self) -> None:
        # Short folder: a unix socket path must fit in 108 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="smf-bus-"))
        config = self.folder / "bus.conf"
        config.write_text(_CONFIG.format(folder=self.folder), encoding="utf-8")
        self._process = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.address = _read_line(self._process, "dbus-daemon")

    def close(self) -> None:
        _stop(self._process)
        shutil.rmtree(self.folder, ignore_errors=True)


class FakeNotifd:
    """The fake server of ``fake_notifd.py``, running in its own process."""

    def __init__(
        self, bus: PrivateBus, *, actions: bool = True, hang: bool = False, markup: bool = False
    ) -> None:
        self._bus = bus
        self.record = bus.folder / f"notifd-{time.monotonic_ns()}.jsonl"
        self.record.touch()
        command = [sys.executable, str(FAKE_NOTIFD), bus.address, str(self.record)]
        if not actions:
            command.append("--no-actions")
        if hang:
            command.append("--hang")
        if markup:
            command.append("--markup")
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        line = _read_line(self._process, "fake_notifd")
        if line != "ready":
            _stop(self._process)
            raise RuntimeError(f"fake_notifd: {line}")

    def entries(self) -> list[dict[str, Any]]:
        lines = self.record.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def notifications(self) -> list[dict[str, Any]]:
        """Every Notify call received, oldest first."""
        return [entry for entry in self.entries() if "summary" in entry]

    def closed(self) -> list[int]:
        """Ids given to CloseNotification, oldest first."""
        return [entry["closed"] for entry in self.entries() if "closed" in entry]

    def click(self, notification_id: int, key: str) -> None:
        """Plays the user pressing a notification's action button."""
        self._control("Click", f"int32:{notification_id}", f"string:{key}")

    def dismiss(self, notification_id: int) -> None:
        """Plays the user closing a notification without choosing an action."""
        self._control("Dismiss", f"int32:{notification_id}")

    def _control(self, method: str, *args: str) -> None:
        # --print-reply waits until the server has emitted its signals.
        subprocess.run(
            [
                "dbus-send",
                f"--bus={self._bus.address}",
                "--print-reply",
                "--dest=org.freedesktop.Notifications",
                "/control",
                f"org.smfocus.test.FakeNotifd.{method}",
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )

    def close(self) -> None:
        _stop(self._process)


class Xvfb:
    """A virtual X screen on a display number the server picks itself, so
    that parallel tests never ask for the same one."""

    def __init__(self) -> None:
        read_end, write_end = os.pipe()
        self._process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "1024x600x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        os.close(write_end)
        with os.fdopen(read_end) as numbers:
            ready, _, _ = select.select([numbers], [], [], START_TIMEOUT_S)
            number = numbers.readline().strip() if ready else ""
        if not number:
            _stop(self._process)
            raise RuntimeError("Xvfb did not report its display number")
        self.display = f":{number}"

    def close(self) -> None:
        _stop(self._process)


DUNSTRC = """[global]
    # Where dunst offers a notification's actions; the test plays the user's pick.
    dmenu = {picker}
"""


class Dunst:
    """The real dunst notification daemon, on a private bus and screen.

    ``pick`` is the label that its action menu (``dunstctl context``) chooses.
    """

    def __init__(self, bus: PrivateBus, screen: Xvfb, pick: str) -> None:
        self.environment = {
            **os.environ,
            "DISPLAY": screen.display,
            "DBUS_SESSION_BUS_ADDRESS": bus.address,
        }
        picker = bus.folder / "pick.sh"
        picker.write_text(f'#!/bin/sh\nexec grep -m1 -F "{pick}"\n', encoding="utf-8")
        picker.chmod(0o755)
        config = bus.folder / "dunstrc"
        config.write_text(DUNSTRC.format(picker=picker), encoding="utf-8")
        self._process = subprocess.Popen(
            ["dunst", "-config", str(config)],
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while self.ctl("count", "displayed", check=False) is None:
            if time.monotonic() > deadline or self._process.poll() is not None:
                _stop(self._process)
                raise RuntimeError("dunst did not come up on the bus")
            time.sleep(0.05)

    def ctl(self, *args: str, check: bool = True) -> str | None:
        """Runs ``dunstctl``; its output, or None when it failed and check is off."""
        result = subprocess.run(
            ["dunstctl", *args],
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
            check=check,
        )
        return result.stdout if result.returncode == 0 else None

    def history(self) -> list[dict[str, str]]:
        """Closed notifications as {"summary", "body"}, newest first."""
        output = self.ctl("history")
        assert output is not None
        entries = json.loads(output)["data"][0]
        return [
            {"summary": entry["summary"]["data"], "body": entry["body"]["data"]}
            for entry in entries
        ]

    def rendered(self) -> list[str]:
        """What dunst drew for each closed notification, as the Pango markup it
        rendered (its ``message``), newest first."""
        output = self.ctl("history")
        assert output is not None
        return [entry["message"]["data"] for entry in json.loads(output)["data"][0]]

    def close(self) -> None:
        _stop(self._process)
