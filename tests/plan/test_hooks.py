"""Hooks: commands that never meet a shell, webhooks that retry and never hold
up a command, a log of every delivery, secrets never printed whole."""

from __future__ import annotations

import http.server
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from smfocus import hooks
from smfocus.errors import UserError
from smfocus.tracker import Tracker
from tests.helpers import Result, run_main

WRITE_STDIN_AND_ENV = (
    "import json, os, sys; "
    "open(sys.argv[1], 'w').write(json.dumps({'stdin': json.loads(sys.stdin.read()), "
    "'env': {k: v for k, v in os.environ.items() if k.startswith('SMFOCUS_')}}))"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    answers: ClassVar[list[int]] = []
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).bodies.append(self.rfile.read(length))
        code = type(self).answers.pop(0) if type(self).answers else 200
        self.send_response(code)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"answers": [], "bodies": []})
    httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hooks/catch/123456/abcdef/", handler
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent() -> Iterator[str]:
    """An endpoint that accepts the connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def test_a_project_named_like_shell_code_never_reaches_a_shell(
    tracker: Tracker, tmp_path: Path
) -> None:
    trap = tmp_path / "pwned"
    name = f"$(touch {trap})"
    out = tmp_path / "got.json"
    hook = hooks.add_hook(
        tracker, "entry.started", argv=[sys.executable, "-c", WRITE_STDIN_AND_ENV, str(out)]
    )
    document = hooks.event_document("entry.started", 0, {"project": name, "task": "`id`"})
    delivery = hooks.deliver(hook, document)
    assert delivery.ok, delivery
    got = json.loads(out.read_text())
    assert got["stdin"]["project"] == name
    assert got["env"]["SMFOCUS_PROJECT"] == name
    assert json.loads(got["env"]["SMFOCUS_EVENT"]) == document
    assert got["env"]["SMFOCUS_EVENT_NAME"] == "entry.started"
    assert not trap.exists()


def test_a_failing_command_logs_its_status_and_stderr(tracker: Tracker) -> None:
    hook = hooks.add_hook(
        tracker,
        "interruption",
        argv=[sys.executable, "-c", "import sys; sys.stderr.write('quota exceeded'); sys.exit(3)"],
    )
    delivery = hooks.deliver(hook, hooks.event_document("interruption", 0, {}))
    hooks.record(tracker, hook, "interruption", 0, delivery)
    (line,) = hooks.deliveries(tracker)
    assert (line.delivery.ok, line.delivery.status) == (False, "exit 3")
    assert line.delivery.detail == "quota exceeded"


def test_a_command_past_its_timeout_is_stopped_and_said(tracker: Tracker) -> None:
    found = hooks.run_command(
        (sys.executable, "-c", "import time; time.sleep(60)"), {"event": "x"}, timeout=0.5
    )
    assert (found.ok, found.status) == (False, "timeout")


def test_a_missing_program_is_a_logged_failure_not_a_crash() -> None:
    found = hooks.run_command(("/nonexistent/program",), {"event": "x"})
    assert (found.ok, found.status) == (False, "not started")


def test_the_webhook_receives_the_event_as_json(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    document = hooks.event_document("entry.stopped", 0, {"project": "Bloom", "seconds": 60})
    found = hooks.post_webhook(url, document)
    assert (found.ok, found.status) == (True, "HTTP 200")
    assert [json.loads(body) for body in handler.bodies] == [document]


def test_a_500_is_retried_with_backoff_and_a_400_is_not(
    server: tuple[str, type[_Handler]],
) -> None:
    url, handler = server
    waits: list[float] = []
    handler.answers[:] = [500, 503]
    found = hooks.post_webhook(url, {"event": "x"}, sleep=waits.append)
    assert (found.ok, found.status, len(handler.bodies)) == (True, "HTTP 200", 3)
    assert waits == [1.0, 2.0]
    handler.answers[:] = [500, 500, 500, 500]
    found = hooks.post_webhook(url, {"event": "x"}, sleep=waits.append)
    assert (found.ok, found.status, len(handler.bodies)) == (False, "HTTP 500", 7)
    handler.answers[:] = [404]
    found = hooks.post_webhook(url, {"event": "x"}, sleep=waits.append)
    assert (found.ok, found.status, len(handler.bodies)) == (False, "HTTP 404", 8)


def test_an_endpoint_that_never_answers_times_out(silent: str) -> None:
    found = hooks.post_webhook(
        silent, {"event": "x"}, timeout=0.3, retries=1, sleep=lambda _: None
    )
    assert (found.ok, found.status) == (False, "timeout")


def test_a_command_fires_its_hooks_without_waiting_for_them(
    tracker: Tracker, data_dir: Path, silent: str
) -> None:
    hooks.add_hook(tracker, "entry.started", url=silent)
    assert hooks.fire(tracker, data_dir, None, "entry.started", {"project": "Bloom"}) is not None
    # fire returned while the runner still waits on an endpoint that never
    # answers: nothing can be logged yet.
    assert hooks.deliveries(tracker) == []
    assert hooks.fire(tracker, data_dir, None, "entry.stopped", {}) is None  # nobody listens


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> Result:
    return run_main(argv, capsys, data_dir=data_dir)


def test_the_cli_delivers_start_and_stop_in_the_background_and_logs_them(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "started.json"
    assert _cli(capsys, data_dir, "project", "add", "Bloom").code == 0
    assert (
        _cli(
            capsys, data_dir, "hooks", "add", "entry.started",
            "--run", sys.executable, "-c", WRITE_STDIN_AND_ENV, str(out),
        ).code
        == 0
    )  # fmt: skip
    assert _cli(capsys, data_dir, "start", "Bloom", "Reels").code == 0
    deadline = time.monotonic() + 60
    while "exit 0" not in (log := _cli(capsys, data_dir, "hooks", "log").out):
        assert time.monotonic() < deadline, log
        time.sleep(0.1)
    assert json.loads(out.read_text())["stdin"]["task"] == "Reels"


def test_a_secret_in_a_url_is_never_printed_whole(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "dK3jf93hfSECRETw8"
    url = f"https://maker.ifttt.com/trigger/started/with/key/{key}?token=abc123"
    added = _cli(capsys, data_dir, "hooks", "add", "entry.started", "--url", url)
    listed = _cli(capsys, data_dir, "hooks", "list", "--json")
    for result in (added, listed):
        assert result.code == 0
        assert key not in result.out and "abc123" not in result.out
    assert json.loads(listed.out)[0]["url"].startswith("https://maker.ifttt.com/trigger/")


@pytest.mark.parametrize(
    ("event", "kw"),
    [
        ("entry.started", {}),
        ("no.such.event", {"url": "https://x.example/h"}),
        ("entry.started", {"url": "file:///etc/passwd"}),
        ("entry.started", {"argv": []}),
    ],
)
def test_a_hook_without_one_valid_target_is_refused(
    tracker: Tracker, event: str, kw: dict[str, object]
) -> None:
    with pytest.raises(UserError):
        hooks.add_hook(tracker, event, **kw)  # type: ignore[arg-type]
    assert hooks.list_hooks(tracker) == []


@pytest.mark.parametrize(
    "stop", [("stop",), ("cancel",), ("pomodoro", "stop"), ("pomodoro", "skip")]
)
def test_a_phase_ended_by_the_user_reaches_phase_ended_hooks(
    stop: tuple[str, ...], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A script that turns "do not disturb" off when a phase ends must hear of a
    # pomodoro stopped, cancelled or skipped, not only of one that ran out.
    out = tmp_path / "ended.json"
    assert _cli(capsys, data_dir, "project", "add", "Bloom").code == 0
    assert (
        _cli(
            capsys, data_dir, "hooks", "add", "phase.ended",
            "--run", sys.executable, "-c", WRITE_STDIN_AND_ENV, str(out),
        ).code
        == 0
    )  # fmt: skip
    assert _cli(capsys, data_dir, "pomodoro", "start", "Bloom", "Reels").code == 0
    assert _cli(capsys, data_dir, *stop).code == 0
    deadline = time.monotonic() + 60
    while "exit 0" not in (log := _cli(capsys, data_dir, "hooks", "log").out):
        assert time.monotonic() < deadline, log
        time.sleep(0.1)
    ended = json.loads(out.read_text())["stdin"]
    expected = "skipped" if stop[-1] == "skip" else "stopped"
    assert (ended["kind"], ended["outcome"], ended["task"]) == ("work", expected, "Reels")
