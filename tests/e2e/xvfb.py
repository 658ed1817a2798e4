"""A throwaway X desktop with a real system tray, driven like a user would.

``Desktop.start(workdir)`` starts, each on its own:

- ``Xvfb`` on a display number the server picks itself (``-displayfd``), so
  parallel test workers never fight over ``:99``;
- a private D-Bus session bus (``dbus-daemon --session``), so nothing the
  app does reaches the developer's real session (notifications, tray
  watchers) and two workers do not see each other;
- ``trayer``, a small XEmbed tray host, and waits until it owns the
  ``_NET_SYSTEM_TRAY_S0`` selection: from then on Qt's
  ``QSystemTrayIcon.isSystemTrayAvailable()`` is True on that display.

Then ``spawn()`` runs programs on that display (their stdout and stderr go to
files under ``workdir/logs``) and the helpers drive them through ``xdotool``
and ImageMagick's ``import``: find the tray icon embedded in trayer, click,
hover, type, wait for a window, take a screenshot. Every wait has a timeout
and fails with a message that says what was awaited and where the logs are.
``close()`` stops every process it started, by pid (and its process group).

No pytest in here: ``tests/e2e/conftest.py`` wraps it in fixtures, and
``benchmarks/tray_startup.py`` uses it directly.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

#: Programs the rig runs, and the Debian packages that hold them (for skip messages).
REQUIRED_PROGRAMS: dict[str, str] = {
    "Xvfb": "xvfb",
    "dbus-daemon": "dbus",
    "trayer": "trayer",
    "xdotool": "xdotool",
    "xwininfo": "x11-utils",
    "import": "imagemagick",
}

TRAYER_ARGS = (
    "--edge", "top", "--align", "right",
    "--widthtype", "pixel", "--width", "120",
    "--heighttype", "pixel", "--height", "32",
    "--transparent", "false", "--SetDockType", "true",
)  # fmt: skip

DEFAULT_TIMEOUT = 15.0
_POLL = 0.05

T = TypeVar("T")


class RigError(RuntimeError):
    """The desktop could not be set up, or something awaited did not happen in time."""


def missing_programs() -> list[str]:
    """``"Xvfb (apt package xvfb)"``-style names of required programs not on PATH."""
    return [
        f"{program} (apt package {package})"
        for program, package in REQUIRED_PROGRAMS.items()
        if shutil.which(program) is None
    ]


def wait_until(
    probe: Callable[[], T | None],
    what: str,
    timeout: float = DEFAULT_TIMEOUT,
    hint: Callable[[], str] | None = None,
    poll: float = _POLL,
) -> T:
    """Call ``probe`` until it returns something other than None/False.

    ``what`` finishes the sentence "timed out after N s waiting for ...";
    ``hint`` adds context (log tails) to the failure, computed only on failure.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result is not None and result is not False:
            return result
        if time.monotonic() >= deadline:
            message = f"timed out after {timeout:g} s waiting for {what}"
            if hint is not None:
                message += "\n" + hint()
            raise RigError(message)
        time.sleep(poll)


def tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return f"({path} does not exist)"
    kept = text.splitlines()[-lines:]
    return "\n".join(kept) if kept else "(empty)"


@dataclass(repr=False)
class Child:
    """A process started by the rig, with its output in files."""

    name: str
    process: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path
    started_at: float  # time.monotonic() just before the process was created

    def __repr__(self) -> str:
        return f"Child({self.name!r}, pid={self.pid})"

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def logs(self, lines: int = 15) -> str:
        return (
            f"--- {self.name} (pid {self.pid}) stdout {self.stdout_path}:\n"
            f"{tail(self.stdout_path, lines)}\n"
            f"--- {self.name} stderr {self.stderr_path}:\n{tail(self.stderr_path, lines)}"
        )

    def wait_for_output(
        self, pattern: str, timeout: float = DEFAULT_TIMEOUT, *, stream: str = "stdout"
    ) -> re.Match[str]:
        """Wait until a line of the child's stdout (or stderr) matches ``pattern``."""
        path = self.stdout_path if stream == "stdout" else self.stderr_path
        regex = re.compile(pattern, re.MULTILINE)

        def probe() -> re.Match[str] | None:
            match = regex.search(path.read_text(errors="replace"))
            if match is None and not self.alive():
                raise RigError(
                    f"{self.name} exited with status {self.process.returncode} before "
                    f"printing {pattern!r}\n{self.logs()}"
                )
            return match

        return wait_until(probe, f"{self.name} to print {pattern!r}", timeout, self.logs)

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise RigError(
                f"{self.name} (pid {self.pid}) still running after {timeout:g} s\n{self.logs()}"
            ) from None

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM the child's process group, then SIGKILL if the child lingers.

        Each child leads its own session (``start_new_session``), so its group
        id is its pid: this reaches helpers it started and nothing else. The
        group is signalled only while the child is not yet reaped (running, or
        a zombie): until then its pid cannot have been reused by a stranger.
        """
        if self.process.returncode is not None:
            return
        _signal_group(self.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            _signal_group(self.pid, signal.SIGKILL)
            self.process.wait(grace)


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


@dataclass(frozen=True)
class Geometry:
    """A window's position on the root window and its size, in pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2


@dataclass(repr=False)
class Desktop:
    """One Xvfb display with a private session bus and (usually) trayer."""

    workdir: Path
    display: str = ""
    bus_address: str = ""
    children: list[Child] = field(default_factory=list)
    tray: Child | None = None
    screen: str = "1280x800x24"

    # --- setting up and tearing down -----------------------------------------------

    @classmethod
    def start(
        cls,
        workdir: Path,
        *,
        screen: str = "1280x800x24",
        tray: bool = True,
        dbus: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Desktop:
        """Start Xvfb (+ D-Bus, + trayer); on any failure stop what was started."""
        desktop = cls(workdir=workdir, screen=screen)
        for folder in ("logs", "runtime", "home", "config", "data", "cache"):
            (workdir / folder).mkdir(parents=True, exist_ok=True)
        # Qt refuses (warns about) a runtime dir others can read.
        (workdir / "runtime").chmod(0o700)
        try:
            desktop._start_xvfb(timeout)
            if dbus:
                desktop._start_dbus(timeout)
            if tray:
                desktop._start_tray(timeout)
        except BaseException:
            desktop.close()
            raise
        return desktop

    def __repr__(self) -> str:
        # Short: pytest prints fixtures' reprs in every traceback.
        return f"Desktop(display={self.display!r}, workdir={str(self.workdir)!r})"

    def __enter__(self) -> Desktop:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every child, newest first (apps before the tray before X)."""
        for child in reversed(self.children):
            child.stop()

    @property
    def logs_dir(self) -> Path:
        return self.workdir / "logs"

    @property
    def env(self) -> dict[str, str]:
        """The environment children run with: this display, this bus, xcb Qt, and
        XDG folders inside ``workdir`` so nothing touches the real home."""
        env = {
            key: value
            for key, value in os.environ.items()
            # A leaked Wayland display or a parent's session bus would send the
            # app elsewhere; a parent's QT_QPA_PLATFORM=offscreen would hide it.
            if key not in {"WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "QT_QPA_PLATFORM"}
        }
        env.update(
            DISPLAY=self.display,
            QT_QPA_PLATFORM="xcb",
            XDG_RUNTIME_DIR=str(self.workdir / "runtime"),
            XDG_CONFIG_HOME=str(self.workdir / "config"),
            XDG_DATA_HOME=str(self.workdir / "data"),
            XDG_CACHE_HOME=str(self.workdir / "cache"),
            # No accessibility bus on the private session: do not go looking for one.
            NO_AT_BRIDGE="1",
        )
        if self.bus_address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        return env

    def spawn(
        self,
        argv: Sequence[str],
        name: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> Child:
        """Run ``argv`` on this display; stopped by :meth:`close` if still running.

        ``env`` adds to (and overrides) :attr:`env`.
        """
        label = name or Path(argv[0]).name
        index = sum(1 for child in self.children if child.name == label)
        stem = label if index == 0 else f"{label}.{index}"
        stdout_path = self.logs_dir / f"{stem}.stdout"
        stderr_path = self.logs_dir / f"{stem}.stderr"
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
            started_at = time.monotonic()
            process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env={**self.env, **(env or {})},
                cwd=cwd,
                start_new_session=True,
            )
        child = Child(label, process, stdout_path, stderr_path, started_at)
        self.children.append(child)
        return child

    def _start_xvfb(self, timeout: float) -> None:
        # -displayfd: the server picks a free display and writes its number to
        # this pipe once it accepts connections, which is the readiness signal.
        read_end, write_end = os.pipe()
        stderr_path = self.logs_dir / "Xvfb.stderr"
        try:
            with stderr_path.open("wb") as stderr:
                started_at = time.monotonic()
                process = subprocess.Popen(
                    [
                        *("Xvfb", "-displayfd", str(write_end)),
                        *("-screen", "0", self.screen, "-nolisten", "tcp"),
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    pass_fds=(write_end,),
                    start_new_session=True,
                )
            os.close(write_end)
            write_end = -1
            stdout_path = self.logs_dir / "Xvfb.stdout"
            stdout_path.touch()
            self.children.append(Child("Xvfb", process, stdout_path, stderr_path, started_at))
            with os.fdopen(read_end, "rb", buffering=0) as pipe:
                read_end = -1
                number = _read_line(pipe, timeout).strip()
        finally:
            for fd in (read_end, write_end):
                if fd >= 0:
                    os.close(fd)
        if not number.isdigit():
            raise RigError(
                f"Xvfb did not report a display number (exit status {process.poll()})\n"
                f"{tail(stderr_path)}"
            )
        self.display = f":{number}"

    def _start_dbus(self, timeout: float) -> None:
        # In the foreground (--nofork) rather than --fork: the daemon then stays
        # our child, stopped and reaped like the others, instead of an orphan
        # known only by a printed pid.
        bus = self.spawn(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            name="dbus-daemon",
        )
        match = bus.wait_for_output(r"^(unix:\S+)$", timeout)
        self.bus_address = match.group(1)

    def _start_tray(self, timeout: float) -> None:
        self.tray = self.spawn(["trayer", *TRAYER_ARGS], name="trayer")
        tray = self.tray

        def owned() -> bool:
            if not tray.alive():
                raise RigError(
                    f"trayer exited with status {tray.process.returncode}\n{tray.logs()}"
                )
            return selection_owner(self.display, "_NET_SYSTEM_TRAY_S0") != 0

        wait_until(owned, "trayer to own the _NET_SYSTEM_TRAY_S0 selection", timeout, tray.logs)
        # The selection is taken before the panel is shown; an icon embedded
        # into an unmapped panel would be invisible to clicks and screenshots.
        wait_until(
            lambda: self.search(pid=tray.pid),
            "the trayer panel to be mapped",
            timeout,
            tray.logs,
        )

    # --- looking -----------------------------------------------------------------------

    def xdotool(self, *args: str, timeout: float = 10.0, check: bool = True) -> str:
        """Run xdotool on this display and return its stdout."""
        return self._run(["xdotool", *args], timeout=timeout, check=check)

    def _run(self, argv: Sequence[str], *, timeout: float = 10.0, check: bool = True) -> str:
        try:
            done = subprocess.run(
                list(argv),
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RigError(f"{' '.join(argv)} hung for {timeout:g} s") from None
        if check and done.returncode != 0:
            raise RigError(
                f"{' '.join(argv)} failed with status {done.returncode}: {done.stderr.strip()}"
            )
        return done.stdout

    def search(
        self,
        *,
        pid: int | None = None,
        name: str | None = None,
        class_name: str | None = None,
        visible: bool = True,
    ) -> list[int]:
        """Window ids of ``pid`` and/or whose name (or class) matches a regex."""
        if name is not None and class_name is not None:
            # xdotool takes one pattern and a list of fields to try it on.
            raise ValueError("search by name or by class, not both")
        args = ["search"]
        if visible:
            args.append("--onlyvisible")
        if pid is not None:
            args += ["--pid", str(pid)]
        if name is not None:
            args += ["--name", name]
        elif class_name is not None:
            args += ["--class", class_name]
        # Status 1 just means "no window": not an error here.
        out = self.xdotool(*args, check=False)
        return [int(word) for word in out.split()]

    def geometry(self, window: int) -> Geometry:
        """Position on the root window (also for windows embedded in trayer) and size."""
        out = self.xdotool("getwindowgeometry", "--shell", str(window))
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        return Geometry(
            int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])
        )

    def window_name(self, window: int) -> str:
        return self.xdotool("getwindowname", str(window), check=False).strip()

    def parent_chain(self, window: int) -> list[int]:
        """The window's ancestors, nearest first, up to (excluding) the root."""
        chain: list[int] = []
        current = window
        for _ in range(32):  # X trees are shallow; a cycle would be a bug elsewhere
            out = self._run(["xwininfo", "-id", str(current), "-children"], check=False)
            root = re.search(r"Root window id: (0x[0-9a-f]+)", out)
            parent = re.search(r"Parent window id: (0x[0-9a-f]+)", out)
            if root is None or parent is None or parent.group(1) == root.group(1):
                break
            current = int(parent.group(1), 16)
            chain.append(current)
        return chain

    def tray_windows(self) -> list[int]:
        """trayer's own windows (all of them: the panel is the one with children)."""
        if self.tray is None:
            raise RigError("this desktop was started without a tray")
        return self.search(pid=self.tray.pid, visible=False)

    def find_tray_icon_window(
        self,
        pid: int | None = None,
        *,
        name: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        poll: float = _POLL,
    ) -> int:
        """The window of a tray icon embedded in trayer, by owner pid or window name.

        An XEmbed tray icon is a small window of the app reparented into the
        tray's panel: a visible window of that pid (or name) with a trayer
        window among its ancestors. Qt sets _NET_WM_PID, so ``--pid`` finds it.
        """
        if pid is None and name is None:
            raise ValueError("give the icon owner's pid or a window name")
        owner = f"pid {pid}" if pid is not None else f"name {name!r}"
        trayer = set(self.tray_windows())  # fixed once trayer is up: ask once

        def probe() -> int | None:
            for window in self.search(pid=pid, name=name):
                if trayer.intersection(self.parent_chain(window)):
                    return window
            return None

        return wait_until(
            probe,
            f"a tray icon window of {owner} embedded in trayer",
            timeout,
            self.describe,
            poll,
        )

    def wait_for_window(
        self,
        name: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        pid: int | None = None,
        class_name: str | None = None,
        exclude: Sequence[int] = (),
    ) -> int:
        """A visible window matching the criteria (regexes) and not in ``exclude``.

        ``exclude`` lets a caller wait for a *new* window, e.g. a context menu
        or a tooltip of a process whose icon window is already visible.
        """
        if name is None and pid is None and class_name is None:
            raise ValueError("give a name, a pid or a class to wait for")
        skip = set(exclude)

        def probe() -> int | None:
            found = self.search(pid=pid, name=name, class_name=class_name)
            fresh = [window for window in found if window not in skip]
            return fresh[-1] if fresh else None

        criteria = ", ".join(
            f"{key} {value!r}"
            for key, value in (("name", name), ("pid", pid), ("class", class_name))
            if value is not None
        )
        return wait_until(probe, f"a visible window with {criteria}", timeout, self.describe)

    def describe(self) -> str:
        """The window tree and every child's log tails: what a failure message needs."""
        tree = self._run(["xwininfo", "-root", "-tree"], check=False, timeout=5)
        return f"--- windows on {self.display}:\n{tree.strip()}\n" + "\n".join(
            child.logs(8) for child in self.children
        )

    # --- acting ------------------------------------------------------------------------

    def pointer(self) -> tuple[int, int]:
        out = self.xdotool("getmouselocation", "--shell")
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        return int(values["X"]), int(values["Y"])

    def move_to(self, x: int, y: int) -> None:
        # --sync waits for the pointer to arrive, and so waits forever when it
        # is already there: skip the move then.
        if self.pointer() != (x, y):
            self.xdotool("mousemove", "--sync", str(x), str(y))

    def click_at(self, x: int, y: int, button: int = 1) -> None:
        self.move_to(x, y)
        self.xdotool("click", str(button))

    def left_click(self, window: int) -> None:
        self.click_at(*self.geometry(window).centre, button=1)

    def right_click(self, window: int) -> None:
        self.click_at(*self.geometry(window).centre, button=3)

    def hover(self, window: int) -> None:
        """Move the pointer onto the window's centre (tooltips need it to stay there)."""
        x, y = self.geometry(window).centre
        # Arrive from one pixel away: an Enter plus a Motion event, as from a hand.
        self.move_to(x - 1, y - 1)
        self.move_to(x, y)

    def click_menu_item(self, menu: int, index: int, count: int) -> None:
        """Click item ``index`` (from 0) of a popup menu of ``count`` equal-height
        items (no separators): the menu's height split evenly."""
        box = self.geometry(menu)
        row = box.height / count
        self.click_at(box.x + box.width // 2, box.y + round(row * (index + 0.5)))

    def type_text(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def key(self, *keys: str) -> None:
        """Press keys by X keysym name, e.g. ``key("Down", "Return")`` or ``key("ctrl+q")``."""
        self.xdotool("key", "--delay", "50", *keys)

    def screenshot(self, path: Path, region: Geometry | None = None) -> Path:
        """Save the whole screen (or a region of it) as PNG via ImageMagick's ``import``."""
        argv = ["import", "-window", "root"]
        if region is not None:
            argv += ["-crop", f"{region.width}x{region.height}+{region.x}+{region.y}", "+repage"]
        path.parent.mkdir(parents=True, exist_ok=True)
        self._run([*argv, str(path)], timeout=30)
        if not path.exists():
            raise RigError(f"import wrote no screenshot to {path}")
        return path


def _read_line(pipe: IO[bytes], timeout: float) -> str:
    """One line from a pipe, or what came before EOF/timeout (empty on nothing)."""
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([pipe], [], [], left)
        if not ready:
            break
        chunk = pipe.read(64)
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace")


# Run in a separate Python: libX11's default I/O error handler calls exit(), so
# an X server dying under an in-process connection would take the caller (a
# pytest worker) down with it.
_SELECTION_OWNER_SCRIPT = """
import ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
lib.XOpenDisplay.restype = ctypes.c_void_p
lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
lib.XInternAtom.restype = ctypes.c_ulong
lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
lib.XGetSelectionOwner.restype = ctypes.c_ulong
lib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
display = lib.XOpenDisplay(sys.argv[1].encode())
if not display:
    sys.exit("cannot open display " + sys.argv[1])
print(lib.XGetSelectionOwner(display, lib.XInternAtom(display, sys.argv[2].encode(), 0)))
lib.XCloseDisplay(display)
"""


def selection_owner(display: str, selection: str) -> int:
    """The X window id owning ``selection`` on ``display`` (0: nobody).

    No command-line tool answers this; owning ``_NET_SYSTEM_TRAY_S0`` is
    exactly what Qt's ``isSystemTrayAvailable()`` checks, so waiting on it is
    waiting on the truth.
    """
    done = subprocess.run(
        [sys.executable, "-c", _SELECTION_OWNER_SCRIPT, display, selection],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if done.returncode != 0:
        raise RigError(f"cannot query selection {selection} on {display}: {done.stderr.strip()}")
    return int(done.stdout)
