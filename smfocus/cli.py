"""The ``smfocus`` command line. It never imports Qt, and imports SQLAlchemy
only for commands that need the full store (``status`` does not).

With no command it starts the tray app.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from smfocus import __version__, cli_plan, cli_words, language, paths, status_view
from smfocus.core import fmt, timeparse
from smfocus.core.clock import Clock, SystemClock
from smfocus.core.localtime import day_start, iso, local_date, local_zone
from smfocus.core.records import EntryRecord, ProjectRecord, Status
from smfocus.core.usertext import clip, escaped, id_number, printable, shown, undecodable
from smfocus.errors import NotFoundError, UserError

if TYPE_CHECKING:
    from smfocus.core.focus import Phase
    from smfocus.pomodoro import Timer, TimerState
    from smfocus.tracker import Tracker

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 70
EXIT_INTERRUPTED = 130

# Nothing smfocus takes is longer (a note is at most 2,000 characters); a longer
# argument is a paste gone wrong, and echoing it back would flood the terminal.
MAX_ARGUMENT = 10_000
# The largest id SQLite can store: beyond it no entry can exist.
# Commands that only read: they open the database so that nothing is written.
READ_ONLY_COMMANDS = frozenset({"status", "log", "report", "projects", "tasks", "budget", "plan"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line says it better.
        self.exit(EXIT_USAGE, f"smfocus: {_message_text(message)}; see: {self.prog} --help\n")


def _message_text(message: str) -> str:
    """A message made safe to print: one line, no control characters, and any text the
    user gave (quoted in the message) cut to a readable length."""
    safe = _QUOTED.sub(lambda m: m.group(0)[0] + clip(m.group(0)[1:-1]) + m.group(0)[0], message)
    safe = _LONG_WORD.sub(lambda m: clip(m.group(0), 200), safe)  # a path of 5,000 digits
    return printable(safe)


def error_line(error: UserError) -> str:
    """How the command line says an error the user can fix: one line on stderr."""
    return f"smfocus: {_message_text(str(error))}"


# Quoted runs longer than usertext.CLIP: user text no one clipped at the source.
_QUOTED = re.compile(r"'[^'\n]{61,}'|\"[^\"\n]{61,}\"")
_LONG_WORD = re.compile(r"\S{201,}")


def _entry_id(text: str) -> int:
    """An entry id as typed (see usertext.id_number)."""
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()):
        raise argparse.ArgumentTypeError(f"{shown(text)} is not an entry id (a whole number)")
    number = id_number(raw)
    if number is None:
        raise NotFoundError(f"There is no entry #{clip(raw)}; see the ids with: smfocus log.")
    return number


def _count(text: str) -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a small whole number")
    return int(raw)


# Opens a window by name ("tray", "charts") on a data folder and URL: its exit code.
WindowOpener: TypeAlias = Callable[[str, Path, str | None], int]


@dataclass
class Context:
    data_dir: Path
    url: str | None
    clock: Clock
    tz: tzinfo
    user: str | None = None
    readonly: bool = False  # the command only reads: open the database without writing
    open_window: WindowOpener | None = None  # given by smfocus.entry
    _tracker: Tracker | None = field(default=None, repr=False)
    _timer: Timer | None = field(default=None, repr=False)

    @property
    def tracker(self) -> Tracker:
        if self._tracker is None:
            from smfocus.store.database import open_store
            from smfocus.tracker import Tracker

            store = open_store(self.data_dir, self.url, readonly=self.readonly)
            if store.backup is not None:
                print(
                    f"smfocus: upgraded the database; the old file is at {store.backup}",
                    file=sys.stderr,
                )
            self._tracker = Tracker(store, self.clock, self.tz, self.user)
        return self._tracker

    @property
    def timer(self) -> Timer:
        # One timer per command: it keeps the transitions its catch-up applied,
        # whose hooks the command fires at its end.
        if self._timer is None:
            from smfocus.pomodoro import Timer

            self._timer = Timer(self.tracker)
        return self._timer

    def close(self) -> None:
        if self._tracker is not None:
            self._tracker.store.dispose()

    def moment(self, text: str) -> int:
        return timeparse.parse_moment(text, self.clock.now(), self.tz)

    def range_start(self, text: str | None) -> int | None:
        return (
            None if text is None else timeparse.parse_range_start(text, self.clock.now(), self.tz)
        )

    def range_end(self, text: str | None) -> int | None:
        return None if text is None else timeparse.parse_range_end(text, self.clock.now(), self.tz)


def _entry_label(entry: EntryRecord) -> str:
    return status_view.entry_label(entry)


def _entry_json(entry: EntryRecord, ctx: Context) -> dict[str, Any]:
    now = ctx.clock.now()
    return {
        "id": entry.id,
        "project": entry.project,
        "task": entry.task,
        "category": entry.category,
        "started_at": iso(entry.started_at, ctx.tz),
        "ended_at": iso(entry.ended_at, ctx.tz) if entry.ended_at is not None else None,
        "seconds": entry.seconds(now),
        "note": entry.note,
        "source": entry.source,
    }


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# -- commands ---------------------------------------------------------------


def cmd_start(args: argparse.Namespace, ctx: Context) -> int:
    at = ctx.moment(args.at) if args.at is not None else None
    result = ctx.timer.start_tracking(
        args.project, args.task, category=args.category, at=at, note=args.note
    )
    _warn_clock(result.clock_behind)
    if result.discarded is not None:
        print(_discarded_line(result.discarded, ctx))
    if result.stopped is not None:
        stopped = result.stopped
        print(f"Stopped {_entry_label(stopped)} after {fmt.duration(stopped.seconds(0))}.")
    started = result.started
    print(f"Started {_entry_label(started)} at {fmt.clock(started.started_at, ctx.tz)}.")
    cli_plan.after_stop(ctx, result.stopped)
    cli_plan.fire_entry(ctx, "entry.started", started)
    cli_plan.fire_caught_up(ctx)
    return EXIT_OK


def cmd_stop(args: argparse.Namespace, ctx: Context) -> int:
    at = ctx.moment(args.at) if args.at is not None else None
    result = ctx.timer.stop_tracking(at=at)
    _warn_clock(result.clock_behind)
    entry = result.entry
    assert entry.ended_at is not None
    if result.removed:
        print(_discarded_line(entry, ctx))
    else:
        print(
            f"Stopped {_entry_label(entry)} after {fmt.duration(entry.seconds(0))} "
            f"({fmt.clock(entry.started_at, ctx.tz)}–{fmt.clock(entry.ended_at, ctx.tz)})."
        )
    if result.phase is not None:
        print(f"{result.phase.kind.label} stopped; the timer is stopped.")
    cli_plan.after_stop(ctx, None if result.removed else entry)
    cli_plan.fire_caught_up(ctx)
    return EXIT_OK


def _discarded_line(entry: EntryRecord, ctx: Context) -> str:
    """An entry removed because it had no time to keep, said in full."""
    label, start = _entry_label(entry), fmt.moment(entry.started_at, ctx.tz)
    if entry.started_at > ctx.clock.now():
        return (
            f"Removed entry #{entry.id} ({label}): it starts at {start}, after the clock's "
            "time now, so it has no time to keep."
        )
    return f"Removed entry #{entry.id} ({label}): it started within this second; nothing was kept."


def _warn_clock(behind: int) -> None:
    if behind:
        print(
            f"smfocus: the clock is {fmt.duration(behind)} behind the newest time stored; "
            "check the system clock.",
            file=sys.stderr,
        )


def cmd_cancel(args: argparse.Namespace, ctx: Context) -> int:
    result = ctx.timer.cancel()
    _warn_clock(result.clock_behind)
    entry = result.entry
    print(f"Cancelled {_entry_label(entry)}, started at {fmt.clock(entry.started_at, ctx.tz)}.")
    if result.phase is not None:
        print(f"{result.phase.kind.label} stopped; the timer is stopped.")
    cli_plan.fire_caught_up(ctx)
    return EXIT_OK


def _status(ctx: Context) -> Status:
    from smfocus.store import sqlite_file

    if ctx.url is None or sqlite_file.is_sqlite_url(ctx.url):
        from smfocus.store.fast_status import read_status_strict
        from smfocus.tracker_user import user_name

        path = (
            paths.database_path(ctx.data_dir)
            if ctx.url is None
            else sqlite_file.path_from_url(ctx.url)
        )
        quick = read_status_strict(path, user_name(ctx.user), ctx.clock.now())
        if quick is not None:
            return quick
        # Another schema version: the full path migrates an older file or refuses a newer.
    state = ctx.timer.state()
    return Status(running=state.running, now=state.now, phase=state.phase)


STATUS_FIELDS = status_view.FIELDS


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    # Plain status forms usually never get here: smfocus.quick_status answers them
    # first. Both print through status_view.
    if args.format is not None:
        status_view.check_format(args.format)
    status = _status(ctx)
    if args.format is not None:
        print(status_view.formatted(status, args.format))
    elif args.json:
        _print_json(status_view.as_json(status, ctx.tz))
    else:
        print(*status_view.lines(status, ctx.tz), sep="\n")
    return EXIT_OK


def _phase_line(phase: Phase, now: int, ctx: Context) -> str:
    return status_view.phase_line(phase, now, ctx.tz)


def _print_timer(state: TimerState, ctx: Context) -> None:
    _warn_clock(state.clock_behind)
    for transition in state.transitions:
        ended = transition.ended
        print(f"{ended.kind.label} ended at {fmt.clock(ended.ends_at, ctx.tz)}.")
        if transition.entry_kept is not None:
            print(f"Entry #{transition.entry_kept} could not end there; it is still running.")
    if state.discarded is not None:
        print(_discarded_line(state.discarded, ctx))
    if state.phase is None:
        print("The timer is stopped.")
    else:
        what = f" on {printable(state.phase.project)}" if state.phase.project else ""
        what += f" / {printable(state.phase.task)}" if state.phase.task else ""
        print(_phase_line(state.phase, state.now, ctx).rstrip(".") + f"{what}.")
    print(f"Pomodoros today: {state.completed_today} of {state.settings.daily_goal}.")


def cmd_pomodoro(args: argparse.Namespace, ctx: Context) -> int:
    timer = ctx.timer
    before = cli_plan.current_phase_id(ctx)
    action = args.action
    if action == "start":
        state = timer.start(args.project, args.task, args.category)
    elif args.project is not None:
        raise UserError(f"'pomodoro {action}' takes no project; see: smfocus pomodoro --help.")
    elif action == "pause":
        state = timer.pause()
    elif action == "resume":
        state = timer.resume()
    elif action == "skip":
        state = timer.skip()
    elif action == "break":
        state = timer.start_break()
    else:
        state = timer.stop()
    _print_timer(state, ctx)
    timer.applied.clear()  # the state holds them
    cli_plan.fire_timer(ctx, state, before)
    if state.phase is not None and not state.phase.paused and not _tray_running(ctx):
        print(TRAY_NOT_RUNNING)
    return EXIT_OK


# Phase ends are applied by the tray, or by the next timer command: without a
# tray, nothing announces one and the entry runs on until that command.
TRAY_NOT_RUNNING = (
    "The tray is not running: phase ends will not be announced; start it with: smfocus &"
)


def _tray_running(ctx: Context) -> bool:
    from smfocus.instance_socket import tray_running

    return tray_running(ctx.data_dir, ctx.url)


def cmd_config(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus import cli_desktop
    from smfocus.core.focus import ALL_SETTING_KEYS

    if cli_plan.is_plan_key(args.key):
        return cli_plan.cmd_plan_config(args, ctx)
    if args.action != "list" and cli_desktop.handles(args.key):
        return cli_desktop.config(args.action, args.key, args.value)
    timer = ctx.timer
    if args.action == "set":
        if args.key is None or args.value is None:
            raise UserError("Give a key and a value, e.g.: smfocus config set pomodoro.work 50m.")
        config = timer.set_setting(args.key, args.value)
        print(f"{args.key} = {config.text_of(args.key)}")
        return EXIT_OK
    config = timer.settings()
    if args.action == "get":
        if args.key is None:
            raise UserError("Name the setting, e.g.: smfocus config get pomodoro.work.")
        print(config.text_of(args.key))
        return EXIT_OK
    for key in ALL_SETTING_KEYS:
        print(f"{key} = {config.text_of(key)}")
    print(*cli_desktop.list_lines(), sep="\n")
    return EXIT_OK


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    entry = ctx.tracker.add(
        args.project,
        args.task,
        start=ctx.moment(args.start),
        end=ctx.moment(args.end),
        category=args.category,
        note=args.note,
    )
    print(f"Added entry #{entry.id}: {_entry_label(entry)}, {fmt.duration(entry.seconds(0))}.")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    changes = (args.project, args.task, args.category, args.start, args.end, args.note)
    if all(v is None for v in changes):
        raise UserError(
            "Say what to change: --project, --task, --category, --from, --to or --note."
        )
    start = end = None
    if args.start is not None or args.end is not None:
        # A bare clock time means the entry's own day: --to 15:30 on
        # yesterday's entry is yesterday at 15:30.
        current = ctx.tracker.entry(args.id)
        now = ctx.clock.now()
        day = local_date(current.started_at, ctx.tz)
        if args.start is not None:
            start = timeparse.parse_moment_on(args.start, now, ctx.tz, day)
        if args.end is not None:
            end = timeparse.parse_moment_on(args.end, now, ctx.tz, day)
            begin = start if start is not None else current.started_at
            if end <= begin and timeparse.is_clock_time(args.end):
                # 23:00 to 01:00: the end is on the next day.
                end = timeparse.parse_moment_on(args.end, now, ctx.tz, day + timedelta(days=1))
    entry = ctx.tracker.edit(
        args.id,
        project=args.project,
        task=args.task,
        category=args.category,
        start=start,
        end=end,
        note=args.note,
    )
    until = fmt.moment(entry.ended_at, ctx.tz) if entry.ended_at else "now"
    print(
        f"Entry #{entry.id}: {_entry_label(entry)}, {fmt.moment(entry.started_at, ctx.tz)} "
        f"to {until}."
    )
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    entry = ctx.tracker.delete(args.id)
    until = fmt.moment(entry.ended_at, ctx.tz) if entry.ended_at is not None else "now"
    print(
        f"Deleted entry #{entry.id}: {_entry_label(entry)}, "
        f"{fmt.moment(entry.started_at, ctx.tz)} to {until} "
        f"({fmt.duration(entry.seconds(ctx.clock.now()))}); bring it back with: smfocus undo."
    )
    return EXIT_OK


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    start = ctx.range_start(args.start)
    end = ctx.range_end(args.end)
    if start is None and not args.all:
        # The seven days up to the end: the one given with --to, or now.
        last_day = local_date((end if end is not None else ctx.clock.now()) - 1, ctx.tz)
        start = day_start(last_day - timedelta(days=6), ctx.tz)
    entries = ctx.tracker.log(start=start, end=end, project=args.project)
    if args.json:
        _print_json([_entry_json(entry, ctx) for entry in entries])
        return EXIT_OK
    if not entries:
        print("No entries in that range.")
        return EXIT_OK
    now = ctx.clock.now()
    day = ""
    total = 0
    for entry in entries:
        this_day = fmt.moment(entry.started_at, ctx.tz)[:10]
        if this_day != day:
            if day:
                _print_day_total(total)
                print()
            print(this_day)
            day, total = this_day, 0
        total += entry.seconds(now)
        until = fmt.clock(entry.ended_at, ctx.tz) if entry.ended_at is not None else "now  "
        note = f"  {printable(entry.note)}" if entry.note else ""
        print(
            f"  #{entry.id:<6} {fmt.clock(entry.started_at, ctx.tz)}–{until}  "
            f"{fmt.duration(entry.seconds(now)):>9}  {_entry_label(entry)}{note}"
        )
    _print_day_total(total)
    return EXIT_OK


def _print_day_total(seconds: int) -> None:
    print(f"  {'total':<7} {'':11}  {fmt.duration(seconds):>9}")


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    if args.team:
        from smfocus.cli_db import cmd_team_report

        return cmd_team_report(args, ctx)
    if args.money:
        return cli_plan.print_money_report(args, ctx)
    report = ctx.tracker.report(
        start=ctx.range_start(args.start), end=ctx.range_end(args.end), by=args.by
    )
    if args.json:
        _print_json(
            {
                "from": iso(report.start, ctx.tz) if report.start is not None else None,
                "to": iso(report.end, ctx.tz),
                "by": report.by,
                "total_seconds": report.total_seconds,
                "groups": [{"key": g.key, "seconds": g.seconds} for g in report.groups],
            }
        )
        return EXIT_OK
    if not report.groups:
        print("No time tracked in that range.")
        return EXIT_OK
    begin = fmt.moment(report.start, ctx.tz) if report.start is not None else "the start"
    print(f"{begin} to {fmt.moment(report.end, ctx.tz)}, by {report.by}")
    width = max(len(g.key) for g in report.groups)
    total = report.total_seconds
    for group in report.groups:
        share = 100 * group.seconds / total if total else 0
        key = printable(group.key)
        print(f"  {key:<{width}}  {fmt.duration(group.seconds):>10}  {share:5.1f} %")
    print(f"  {'total':<{width}}  {fmt.duration(total):>10}")
    return EXIT_OK


def _project_json(project: ProjectRecord) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "colour": project.colour,
        "rate": project.rate_cents / 100 if project.rate_cents is not None else None,
        "currency": project.currency,
        "value": project.value_cents / 100 if project.value_cents is not None else None,
        "value_per": project.value_per,
        "priority": project.priority,
        "archived": project.archived,
        "client": project.client,
    }


def cmd_projects(args: argparse.Namespace, ctx: Context) -> int:
    projects = ctx.tracker.projects()
    if args.json:
        _print_json([_project_json(p) for p in projects])
        return EXIT_OK
    if not projects:
        print("No projects yet; add one with: smfocus project add NAME.")
        return EXIT_OK
    width = max(len(p.name) for p in projects)
    for p in projects:
        archived = "  (archived)" if p.archived else ""
        client = f"  client {p.client}" if p.client else ""
        print(
            f"  {printable(p.name):<{width}}{printable(client)}  "
            f"{_rate_words(p)}  {_value_words(p)}  "
            f"priority {p.priority}{archived}"
        )
    return EXIT_OK


def _rate_words(project: ProjectRecord) -> str:
    if project.rate_cents is None:
        return "no rate"
    return f"rate {fmt.money(project.rate_cents, project.currency)}/h"


def _value_words(project: ProjectRecord) -> str:
    if project.value_cents is None:
        return "no value"
    return f"value {fmt.money(project.value_cents, project.currency)}/{project.value_per}"


def cmd_project(args: argparse.Namespace, ctx: Context) -> int:
    plan = cli_plan.plan_change(args)  # checked before anything is written
    common = {
        "colour": args.colour,
        "rate": args.rate,
        "currency": args.currency,
        "value": args.value,
        "value_per": args.value_per,
        "priority": args.priority,
        "client": args.client,
    }
    if args.action == "add":
        project = ctx.tracker.add_project(args.name, **common)
        print(f"Added project {printable(repr(project.name))}.")
    else:
        archived = True if args.archive else False if args.unarchive else None
        project = ctx.tracker.edit_project(
            args.name, new_name=args.rename, archived=archived, **common
        )
        print(f"Updated project {printable(repr(project.name))}.")
    cli_plan.apply_project_plan(args, ctx, plan)
    return EXIT_OK


def cmd_task(args: argparse.Namespace, ctx: Context) -> int:
    done = True if args.done else False if args.undone else None
    task = ctx.tracker.edit_task(
        args.project,
        args.task,
        new_name=args.rename,
        category=args.category,
        estimate=args.estimate,
        done=done,
    )
    category = f" [{printable(task.category)}]" if task.category else ""
    estimate = f", estimate {task.estimate_pomodoros} pomodoros" if task.estimate_pomodoros else ""
    label = printable(f"{task.project} / {task.name}")
    print(f"Task {label}{category}{estimate}{', done' if task.done else ''}.")
    return EXIT_OK


def cmd_tasks(args: argparse.Namespace, ctx: Context) -> int:
    tasks = ctx.tracker.tasks(args.project)
    if args.json:
        _print_json(
            [
                {
                    "id": t.id,
                    "project": t.project,
                    "name": t.name,
                    "category": t.category,
                    "estimate_pomodoros": t.estimate_pomodoros,
                    "done": t.done,
                }
                for t in tasks
            ]
        )
        return EXIT_OK
    if not tasks:
        print("No tasks yet; they are created by: smfocus start PROJECT TASK.")
    for t in tasks:
        category = f"  [{printable(t.category)}]" if t.category else ""
        done = "  (done)" if t.done else ""
        print(f"  {printable(t.project)} / {printable(t.name)}{category}{done}")
    return EXIT_OK


def cmd_interrupt(args: argparse.Namespace, ctx: Context) -> int:
    note = " ".join(args.note) if args.note else None
    row = ctx.tracker.interrupt(kind="external" if args.external else "internal", note=note)
    print(f"Logged an {row.kind} interruption at {fmt.clock(row.at, ctx.tz)}.")
    cli_plan.fire(ctx, "interruption", {"kind": row.kind, "note": row.note})
    return EXIT_OK


# -- parser -----------------------------------------------------------------


def _add_global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        default=default,
        metavar="DIR",
        help=f"folder of the database (default: ${paths.ENV_DATA_DIR} or the user data folder)",
    )
    from smfocus.cli_db import add_options

    add_options(parser, suppress)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="smfocus",
        description="Focus timer and time tracker. With no command, starts the tray app.",
        epilog="TIME: ISO 8601 (2026-03-29T14:30, offset optional), HH:MM, now, today, "
        "yesterday, or -15m / -1h30m. For log and report, a bare date given to --to "
        "includes that whole day.",
    )
    parser.add_argument("--version", action="version", version=f"smfocus {__version__}")
    _add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, handler: Callable[[argparse.Namespace, Context], int], help_: str
    ) -> argparse.ArgumentParser:
        child = sub.add_parser(name, help=help_, description=help_)
        _add_global_options(child, suppress=True)
        child.set_defaults(handler=handler)
        return child

    p = command("start", cmd_start, "start work on a project (and task); ends what was running")
    p.add_argument("project")
    p.add_argument("task", nargs="?")
    p.add_argument("--category", "-c", help="the task's category, e.g. 'replies'")
    p.add_argument("--at", metavar="TIME", help="when the work started (default: now)")
    p.add_argument("--note", "-n")

    p = command("stop", cmd_stop, "stop the running entry")
    p.add_argument("--at", metavar="TIME", help="when the work stopped (default: now)")

    command("cancel", cmd_cancel, "forget the running entry")

    p = command("status", cmd_status, "what is running, and for how long")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--format",
        metavar="TEXT",
        help="one line for status bars, e.g. '{remaining} {task}'; fields: "
        + ", ".join(STATUS_FIELDS),
    )

    p = command("add", cmd_add, "add a finished entry")
    p.add_argument("project")
    p.add_argument("task", nargs="?")
    p.add_argument("--from", dest="start", required=True, metavar="TIME")
    p.add_argument("--to", dest="end", required=True, metavar="TIME")
    p.add_argument("--category", "-c")
    p.add_argument("--note", "-n")

    p = command("edit", cmd_edit, "change an entry's project, task, category, times or note")
    p.add_argument("id", type=_entry_id)
    p.add_argument("--project", "-p")
    p.add_argument("--task", "-t")
    p.add_argument("--category", "-c", help="the task's category")
    p.add_argument(
        "--from", dest="start", metavar="TIME", help="a clock time is on the entry's day"
    )
    p.add_argument("--to", dest="end", metavar="TIME", help="a clock time is on the entry's day")
    p.add_argument("--note", "-n")

    p = command("delete", cmd_delete, "delete an entry")
    p.add_argument("id", type=_entry_id)

    p = command("log", cmd_log, "list entries (default: the last 7 days)")
    p.add_argument("--from", dest="start", metavar="D")
    p.add_argument("--to", dest="end", metavar="D")
    p.add_argument("--all", action="store_true", help="every entry ever")
    p.add_argument("--project", "-p")
    p.add_argument("--json", action="store_true")

    p = report_parser = command(
        "report", cmd_report, "time per project, task, category, day, week or month"
    )
    p.add_argument("--from", dest="start", metavar="D", help="default: the first entry")
    p.add_argument("--to", dest="end", metavar="D", help="default: now")
    p.add_argument(
        "--by", default="project", choices=("project", "task", "category", "day", "week", "month")
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--team", action="store_true", help="time per person and client (teams)")

    p = command("projects", cmd_projects, "list projects")
    p.add_argument("--json", action="store_true")

    p = project_parser = command("project", cmd_project, "add or edit a project")
    p.add_argument("action", choices=("add", "edit"))
    p.add_argument("name")
    p.add_argument("--rate", help="hourly rate of the work, e.g. 45 or 45.50")
    p.add_argument("--currency", help="three letters, e.g. EUR")
    p.add_argument("--value", help="what the project brings in, per --value-per")
    p.add_argument("--value-per", choices=("month", "result"))
    p.add_argument("--priority", help="1 (urgent) to 5 (someday), or urgent/high/normal/low")
    p.add_argument("--colour", "--color", dest="colour", help="#rrggbb")
    p.add_argument("--client", help="who the project is for; '' clears it")
    p.add_argument("--rename", metavar="NEW_NAME")
    archive = p.add_mutually_exclusive_group()
    archive.add_argument("--archive", action="store_true")
    archive.add_argument("--unarchive", action="store_true")

    p = command("tasks", cmd_tasks, "list tasks")
    p.add_argument("project", nargs="?")
    p.add_argument("--json", action="store_true")

    p = command("task", cmd_task, "set a task's category, estimate or done flag")
    p.add_argument("project")
    p.add_argument("task")
    p.add_argument("--category", "-c")
    p.add_argument("--estimate", type=_count, metavar="POMODOROS", help="0 clears the estimate")
    p.add_argument("--rename", metavar="NEW_NAME")
    done = p.add_mutually_exclusive_group()
    done.add_argument("--done", action="store_true")
    done.add_argument("--undone", action="store_true")

    p = command("pomodoro", cmd_pomodoro, "drive the Pomodoro timer, with or without the tray")
    p.add_argument("action", choices=("start", "pause", "resume", "skip", "stop", "break"))
    p.add_argument("project", nargs="?", help="start: what to focus on (default: the last task)")
    p.add_argument("task", nargs="?")
    p.add_argument("--category", "-c")

    p = command("config", cmd_config, "read or change settings, e.g. pomodoro.work 50m")
    p.add_argument("action", choices=("get", "set", "list"))
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")

    command("charts", cmd_charts, "open the charts window (time, ROI, peak hours, focus)")

    from smfocus import cli_db, cli_desktop
    from smfocus.cli_transfer import add_commands

    add_commands(command)
    cli_desktop.add_commands(command)
    cli_db.add_commands(command)
    cli_plan.add_commands(command)
    cli_plan.add_report_options(report_parser)
    cli_plan.add_project_options(project_parser)

    from smfocus.cli_timeline import add_commands as add_timeline_commands

    add_timeline_commands(command)

    p = command("interrupt", cmd_interrupt, "log an interruption of the running entry")
    p.add_argument("--external", action="store_true", help="someone else interrupted you")
    p.add_argument("note", nargs="*")
    return parser


def cmd_charts(args: argparse.Namespace, ctx: Context) -> int:
    return _open_window(ctx, "charts")


def _open_window(ctx: Context, name: str) -> int:
    # The opener comes from smfocus.entry: no import here leads to Qt.
    if ctx.open_window is None:
        raise UserError("This command line opens no windows; start them with the smfocus command.")
    return ctx.open_window(name, ctx.data_dir, ctx.url)


def _log_bug(data_dir: Path) -> Path | None:
    # A traceback quotes task names and notes: only the user may read it.
    from smfocus.store import private_files

    try:
        target = paths.error_log_path(data_dir)
        private_files.append_text(target, traceback.format_exc() + "\n")
        return target
    except (OSError, ValueError):  # ValueError: a path SQLite and the OS cannot take
        return None


_TIME_OPTIONS = ("--at", "--from", "--to")


def _glue_relative_times(argv: Sequence[str]) -> list[str]:
    """``--at -15m`` reads to argparse like an unknown option; glue it: ``--at=-15m``."""
    glued: list[str] = []
    for token in argv:
        if glued and glued[-1] in _TIME_OPTIONS and timeparse.looks_relative(token):
            glued[-1] = f"{glued[-1]}={token}"
        else:
            glued.append(token)
    return glued


def _check_arguments(argv: Sequence[str]) -> None:
    """Refuse, once and before anything else, arguments that are not text: bytes that
    are not UTF-8 reach Python as lone surrogates, which can be neither stored nor
    printed. That holds for a --data-dir path too: SQLite takes file names as UTF-8."""
    for index, token in enumerate(argv):
        if undecodable(token):
            raise UserError(
                f"Argument {index + 1} ('{clip(escaped(token))}') is not valid UTF-8 text; "
                "retype it, or set the terminal to UTF-8."
            )
        if len(token) > MAX_ARGUMENT:
            raise UserError(
                f"An argument is {len(token):,} characters long (it begins "
                f"{shown(token, 20)}); nothing smfocus takes is longer than "
                f"{MAX_ARGUMENT:,}."
            )


def _data_dir(args: argparse.Namespace) -> Path:
    found = paths.data_dir(getattr(args, "data_dir", None))
    text = str(found)
    if undecodable(text) or "\x00" in text:
        raise UserError(
            f"The data folder '{clip(escaped(text))}' is not valid UTF-8 text, which SQLite "
            "needs for a file name; choose another with --data-dir or SMFOCUS_DATA_DIR."
        )
    return found


def _database_url() -> str | None:
    url = os.environ.get(paths.ENV_DATABASE_URL) or None
    if url is not None and undecodable(url):
        raise UserError(f"{paths.ENV_DATABASE_URL} is not valid UTF-8 text; set it again.")
    return url


def main(
    argv: Sequence[str] | None = None,
    clock: Clock | None = None,
    *,
    open_window: WindowOpener | None = None,
) -> int:
    """Run one command; with no command (or ``charts``) call ``open_window``, which
    smfocus.entry gives: the tray and the charts are not the CLI's to import."""
    raw_argv = sys.argv[1:] if argv is None else list(argv)
    language.apply()  # again: tests and scripts call this without smfocus.entry
    try:
        _check_arguments(raw_argv)
        args = build_parser().parse_args(_glue_relative_times(raw_argv))
        url = getattr(args, "database_url", None) or _database_url()
        data_dir = _data_dir(args)
    except UserError as error:
        print(f"smfocus: {_message_text(cli_words.explain(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    ctx = Context(
        data_dir=data_dir,
        url=url,
        clock=clock or SystemClock(),
        tz=local_zone(),
        readonly=getattr(args, "command", None) in READ_ONLY_COMMANDS,
        open_window=open_window,
    )
    try:
        handler = getattr(args, "handler", None)
        if handler is None:
            return _open_window(ctx, "tray")
        result: int = handler(args, ctx)
        sys.stdout.flush()
        return result
    except UserError as error:
        print(f"smfocus: {_message_text(cli_words.explain(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (``| head``) left; Python would complain again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        where = _log_bug(data_dir)
        detail = f"; details are in {where}" if where else ""
        print(
            _message_text(
                f"smfocus: sorry, this is a bug in smfocus ({type(error).__name__}: "
                f"{clip(str(error), 200)}){detail}. Nothing was saved half-way."
            ),
            file=sys.stderr,
        )
        return EXIT_BUG
    finally:
        ctx.close()
