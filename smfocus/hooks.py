"""Hooks: on an event, run a command and/or POST a webhook.

* A command is an argv list, run without a shell: a project named
  ``$(touch x)`` is text in JSON on stdin and in ``SMFOCUS_*`` variables, never
  code. It has a timeout; its exit status and the end of its stderr are logged.
* A webhook POSTs the event as a JSON object (IFTTT Webhooks and Zapier's
  Catch Hook take it as it is), with a timeout and three retries with backoff
  on a 5xx or a network error; a 4xx is the endpoint saying no, not retried.
* Nothing here waits on a hook in the caller's path: the CLI hands the work to a
  detached ``python -m smfocus.hook_runner`` (``fire``) once its own work is
  committed, so a dead endpoint never delays a command. When no hook listens
  to the event, ``fire`` costs one indexed SELECT and starts nothing.
* A URL is stored whole but printed through ``redact``: a secret key in its
  path or query never reaches a terminal or a log in full.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from smfocus.core.i18n import N_, _, ngettext
from smfocus.core.usertext import shown
from smfocus.errors import Fix, NotFoundError, UserError
from smfocus.store.rows import new_id
from smfocus.store.tables import hook_deliveries, hooks

if TYPE_CHECKING:
    from smfocus.core.focus import Outcome, Phase
    from smfocus.pomodoro import TimerState
    from smfocus.tracker import Tracker

EVENTS = (
    "entry.started",
    "entry.stopped",
    "phase.started",
    "phase.ended",
    "interruption",
    "goal.met",
    "budget.threshold",
)
COMMAND_TIMEOUT = 30.0
HTTP_TIMEOUT = 5.0
RETRIES = 3
BACKOFF = 1.0  # seconds before the first retry; doubles each time
STDERR_KEPT = 500

H, D = hooks.c, hook_deliveries.c


@dataclass(frozen=True, slots=True)
class Hook:
    id: int
    event: str
    argv: tuple[str, ...] | None
    url: str | None

    @property
    def target(self) -> str:
        """What the hook calls, safe to print."""
        if self.url is not None:
            return redact(self.url)
        return " ".join(self.argv or ())


@dataclass(frozen=True, slots=True)
class Delivery:
    ok: bool
    status: str  # "exit 0", "HTTP 200", "timeout", "not found"...
    duration_ms: int
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class LogLine:
    hook: Hook
    event: str
    at: int
    delivery: Delivery


# -- what the user sets ------------------------------------------------------------


def check_event(event: str) -> str:
    if event not in EVENTS:
        raise UserError(
            _("There is no event {event}; the events are: {events}.").format(
                event=shown(event), events=", ".join(EVENTS)
            )
        )
    return event


def _check_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            _(
                "The URL {url} is not an http(s) address; give one like "
                "https://hooks.example.com/catch/123."
            ).format(url=shown(redact(url)))
        )
    return url.strip()


def add_hook(
    tracker: Tracker, event: str, *, argv: list[str] | None = None, url: str | None = None
) -> Hook:
    check_event(event)
    if (argv is None) == (url is None) or (argv is not None and not argv):
        raise UserError(
            _("A hook takes one target: a command to run or an address to call."),
            fix=Fix("hook_target"),
        )
    clean_url = _check_url(url) if url is not None else None
    with tracker.write() as unit:
        created = unit.connection.execute(
            insert(hooks).values(
                user_id=unit.user_id,
                event=event,
                argv=json.dumps(argv) if argv is not None else None,
                url=clean_url,
                created_at=unit.now,
            )
        )
        return Hook(new_id(created), event, tuple(argv) if argv else None, clean_url)


def _hook(row: Any) -> Hook:
    argv = tuple(json.loads(row.argv)) if row.argv is not None else None
    return Hook(int(row.id), row.event, argv, row.url)


def list_hooks(tracker: Tracker, event: str | None = None) -> list[Hook]:
    with tracker.read() as unit:
        if unit.user_id is None:
            return []
        query = select(H.id, H.event, H.argv, H.url).where(H.user_id == unit.user_id)
        if event is not None:
            query = query.where(H.event == event)
        return [_hook(row) for row in unit.connection.execute(query.order_by(H.id))]


def remove_hook(tracker: Tracker, hook_id: int) -> Hook:
    with tracker.write() as unit:
        row = unit.connection.execute(
            select(H.id, H.event, H.argv, H.url).where(H.id == hook_id, H.user_id == unit.user_id)
        ).first()
        if row is None:
            raise NotFoundError(
                _("There is no hook #{id}.").format(id=hook_id), fix=Fix("see_hooks")
            )
        unit.connection.execute(delete(hooks).where(H.id == hook_id))
        return _hook(row)


def record(tracker: Tracker, hook: Hook, event: str, at: int, delivery: Delivery) -> None:
    with tracker.write() as unit:
        exists = unit.connection.scalar(select(H.id).where(H.id == hook.id))
        if exists is None:
            return  # removed meanwhile: nothing to hang the line on
        unit.connection.execute(
            insert(hook_deliveries).values(
                hook_id=hook.id,
                event=event,
                at=at,
                ok=delivery.ok,
                status=delivery.status,
                duration_ms=delivery.duration_ms,
                detail=delivery.detail,
            )
        )


def deliveries(tracker: Tracker, limit: int = 20) -> list[LogLine]:
    with tracker.read() as unit:
        if unit.user_id is None:
            return []
        rows = unit.connection.execute(
            select(H.id, H.event.label("hook_event"), H.argv, H.url, D.event, D.at, D.ok, D.status,
                   D.duration_ms, D.detail)
            .join(hooks, H.id == D.hook_id)
            .where(H.user_id == unit.user_id)
            .order_by(D.id.desc())
            .limit(limit)
        )  # fmt: skip
        return [
            LogLine(
                Hook(
                    int(row.id),
                    row.hook_event,
                    tuple(json.loads(row.argv)) if row.argv else None,
                    row.url,
                ),
                row.event,
                int(row.at),
                Delivery(bool(row.ok), row.status, int(row.duration_ms), row.detail),
            )
            for row in rows
        ]


# -- text safe to show ---------------------------------------------------------------


def _looks_secret(part: str) -> bool:
    return len(part) >= 12 or (len(part) >= 6 and any(c.isdigit() for c in part))


def redact(url: str) -> str:
    """The URL with what may be a key cut short: a password, query values, and
    long or digit-bearing path segments (IFTTT's key, Zapier's ids) keep 3 characters."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    path = "/".join(p[:3] + "…" if _looks_secret(p) else p for p in parts.path.split("/"))
    query = ""
    if parts.query:
        query = "?" + "&".join(f"{pair.partition('=')[0]}=…" for pair in parts.query.split("&"))
    user = "…@" if parts.username or parts.password else ""
    return f"{parts.scheme}://{user}{host}{path}{query}"


# -- a delivery for people ------------------------------------------------------------

# The log keeps a delivery's status and detail in English, as data (``hooks log
# --json`` gives them so); these read them in the user's language.
_STATUS = {
    "timeout": N_("timeout"),
    "unreachable": N_("unreachable"),
    "not started": N_("not started"),
}
_EXIT = re.compile(r"exit (-?\d+)")
_KILLED = re.compile(r"killed after (\S+) s")
_TRIES = re.compile(r"(?:(.*); )?(\d+) attempts?", re.DOTALL)


def status_text(status: str) -> str:
    """``exit 1``, ``timeout``, ``HTTP 500`` as people read them."""
    if status in _STATUS:
        return _(_STATUS[status])
    found = _EXIT.fullmatch(status)
    if found:
        return _("exit {code}").format(code=found.group(1))
    return status


def detail_text(status: str, detail: str) -> str:
    """A delivery's detail as people read it; a command's own stderr, or the
    system's reason it could not start, stays as it is."""
    if status == "not started" or _EXIT.fullmatch(status):
        return detail
    killed = _KILLED.fullmatch(detail)
    if killed:
        return _("killed after {seconds} s").format(seconds=killed.group(1))
    tries = _TRIES.fullmatch(detail)
    if tries:
        count = int(tries.group(2))
        if tries.group(1) is None:
            return ngettext("{count} attempt", "{count} attempts", count).format(count=count)
        return ngettext("{reason}; {count} attempt", "{reason}; {count} attempts", count).format(
            reason=tries.group(1), count=count
        )
    return detail


# -- the event ---------------------------------------------------------------------


def event_document(event: str, at: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    from datetime import UTC, datetime

    moment = datetime.fromtimestamp(at, UTC).isoformat()
    return {"event": event, "at": moment, **fields}


def event_environment(document: Mapping[str, Any]) -> dict[str, str]:
    """``SMFOCUS_EVENT`` holds the whole JSON; ``SMFOCUS_<FIELD>`` each plain field."""
    env: dict[str, str] = {}
    for key, value in document.items():
        if key == "event":
            continue  # SMFOCUS_EVENT is the whole document, SMFOCUS_EVENT_NAME the name
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            name = "SMFOCUS_" + "".join(c if c.isalnum() else "_" for c in key).upper()
            env[name] = str(value).replace("\x00", "")
    env["SMFOCUS_EVENT"] = json.dumps(document, ensure_ascii=False)
    env["SMFOCUS_EVENT_NAME"] = str(document.get("event", ""))
    return env


# -- delivering ------------------------------------------------------------------------


def run_command(
    argv: tuple[str, ...], document: Mapping[str, Any], timeout: float = COMMAND_TIMEOUT
) -> Delivery:
    started = time.monotonic()
    env = {**os.environ, **event_environment(document)}
    try:
        done = subprocess.run(
            list(argv),
            input=json.dumps(document, ensure_ascii=False).encode(),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Delivery(False, "timeout", _ms(started), f"killed after {timeout:g} s")
    except OSError as error:
        return Delivery(False, "not started", _ms(started), str(error))
    stderr = done.stderr.decode(errors="replace")[-STDERR_KEPT:] or None
    return Delivery(done.returncode == 0, f"exit {done.returncode}", _ms(started), stderr)


def post_webhook(
    url: str,
    document: Mapping[str, Any],
    *,
    timeout: float = HTTP_TIMEOUT,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    import urllib.error
    import urllib.request

    body = json.dumps(document, ensure_ascii=False).encode()
    started = time.monotonic()
    status, detail = "", None
    for attempt in range(retries + 1):
        if attempt:
            sleep(backoff * 2 ** (attempt - 1))
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "User-Agent": "smfocus"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Delivery(True, f"HTTP {response.status}", _ms(started), _tries(attempt))
        except urllib.error.HTTPError as error:
            status, detail = f"HTTP {error.code}", _tries(attempt)
            if error.code < 500:
                break  # the endpoint refused this event: asking again changes nothing
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            status = "timeout" if isinstance(reason, TimeoutError) else "unreachable"
            detail = f"{reason}; {_tries(attempt)}"
    return Delivery(False, status, _ms(started), detail)


def _tries(attempt: int) -> str:
    return f"{attempt + 1} attempt{'s' if attempt else ''}"


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def deliver(hook: Hook, document: Mapping[str, Any], **options: Any) -> Delivery:
    if hook.argv is not None:
        return run_command(hook.argv, document)
    assert hook.url is not None
    return post_webhook(hook.url, document, **options)


# -- firing from a command -----------------------------------------------------------


def fire(
    tracker: Tracker, data_dir: Path, db_url: str | None, event: str, fields: Mapping[str, Any]
) -> subprocess.Popen[bytes] | None:
    """Hand the event to a detached runner when a hook listens; the runner, or None.

    Called after the command's own transaction committed. The runner gets the
    event and the hooks on stdin (a few hundred bytes: the pipe takes them
    without blocking) and logs each delivery in the database itself."""
    listening = list_hooks(tracker, event)
    if not listening:
        return None
    document = event_document(event, tracker.clock.now(), fields)
    job = {
        "data_dir": str(data_dir),
        "url": db_url,
        "user": tracker.user_name,
        "event": event,
        "document": document,
        "hooks": [hook.id for hook in listening],
    }
    runner = subprocess.Popen(
        [sys.executable, "-m", "smfocus.hook_runner"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    assert runner.stdin is not None
    runner.stdin.write(json.dumps(job).encode())
    runner.stdin.close()
    return runner


# -- the timer's events ----------------------------------------------------------------


def phase_fields(phase: Phase, outcome: Outcome | None = None) -> dict[str, Any]:
    from datetime import UTC, datetime

    def moment(epoch: int) -> str:
        return datetime.fromtimestamp(epoch, UTC).isoformat()

    return {
        "phase_id": phase.id,
        "kind": phase.kind.value,
        "project": phase.project,
        "task": phase.task,
        "started_at": moment(phase.started_at),
        "ends_at": moment(phase.ends_at),
        "outcome": known.value if (known := outcome or phase.outcome) is not None else None,
    }


def current_phase_id(tracker: Tracker) -> int | None:
    """The id of the timer's current phase: one indexed read, before an action."""
    from smfocus.store.tables import pomodoro_phases

    phases = pomodoro_phases.c
    with tracker.read() as unit:
        found = unit.connection.scalar(
            select(phases.id).where(phases.user_id == unit.user_id, phases.ended_at.is_(None))
        )
        return int(found) if found is not None else None


def ended_by_hand(
    tracker: Tracker, state: TimerState, before: int | None
) -> list[tuple[str, dict[str, Any]]]:
    """``phase.ended`` for the phase the user ended (skip, stop, cancel): that is no
    transition, as nothing needs announcing to the one who did it, but a script
    waiting for the end of a phase (to turn "do not disturb" off) must hear of it.
    ``before`` is the id of the phase current before the action."""
    from smfocus.pomodoro import Timer

    if before is None or (state.phase is not None and state.phase.id == before):
        return []
    if any(transition.ended.id == before for transition in state.transitions):
        return []  # its end passed on its own: timer_events says so
    phase = Timer(tracker).phase(before)
    if phase is None or phase.outcome is None:
        return []  # removed (it began after a clock set back) or still current
    return [("phase.ended", phase_fields(phase))]


def timer_events(state: TimerState, before: int | None) -> list[tuple[str, dict[str, Any]]]:
    """The hook events a timer state holds: each phase that ended and the phase
    that followed it, the phase now current when it is not ``before`` (the id of
    the phase current before the action), and the daily goal when a completed
    pomodoro just reached it."""
    from smfocus.core.focus import Kind, Outcome

    events: list[tuple[str, dict[str, Any]]] = []
    goal_reached = False
    started: set[int] = set()
    for transition in state.transitions:
        events.append(("phase.ended", phase_fields(transition.ended, transition.outcome)))
        if transition.ended.kind is Kind.WORK and transition.outcome is Outcome.COMPLETED:
            goal_reached = True
        # A catch-up over several phase ends started each phase between them.
        if transition.next is not None and transition.next.id != before:
            events.append(("phase.started", phase_fields(transition.next)))
            started.add(transition.next.id)
    if state.phase is not None and state.phase.id != before and state.phase.id not in started:
        events.append(("phase.started", phase_fields(state.phase)))
    if goal_reached and state.completed_today == state.settings.daily_goal:
        events.append(
            (
                "goal.met",
                {
                    "completed_today": state.completed_today,
                    "daily_goal": state.settings.daily_goal,
                },
            )
        )
    return events
