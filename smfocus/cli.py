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
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from smfocus import __version__, cli_argparse, cli_plan, cli_words, language, paths, status_view
from smfocus.core import fmt, timeparse
from smfocus.core.clock import Clock, SystemClock
from smfocus.core.i18n import N_, _, ngettext
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
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", cli_argparse.HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line says it better.
        line = _("{message}; see: {command} --help").format(
            message=_message_text(message), command=self.prog
        )
        self.exit(EXIT_USAGE, f"smfocus: {line}\n")


def _message_text(message: str) -> str:
    """A message made safe to print: one line, no control characters, and any text the
    user gave (quoted in the message) cut to a readable length."""
    safe = _QUOTED.sub(lambda m: m.group(0)[0] + clip(m.group(0)[1:-1]) + m.group(0)[0], message)
    safe = _LONG_WORD.sub(lambda m: clip(m.group(0), 200), safe)  # a path of 5,000 digits
    return printable(safe)


def error_line(error: UserError) -> str:
    """How the command line says an error the user can fix: one line on stderr, with
    what to type about it."""
    return f"smfocus: {_message_text(cli_words.explain(error))}"


# Quoted runs longer than usertext.CLIP: user text no one clipped at the source.
_QUOTED = re.compile(r"'[^'\n]{61,}'|\"[^\"\n]{61,}\"")
_LONG_WORD = re.compile(r"\S{201,}")


def _entry_id(text: str) -> int:
    """An entry id as typed (see usertext.id_number)."""
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()):
        raise argparse.ArgumentTypeError(
            _("{text} is not an entry id (a whole number)").format(text=shown(text))
        )
    number = id_number(raw)
    if number is None:
        raise NotFoundError(
            _("There is no entry #{id}; see the ids with: smfocus log.").format(id=clip(raw))
        )
    return number


def _count(text: str) -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise argparse.ArgumentTypeError(
            _("{text} is not a small whole number").format(text=shown(text))
        )
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
                line = _("upgraded the database; the old file is at {path}").format(
                    path=store.backup
                )
                print(f"smfocus: {line}", file=sys.stderr)
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
        print(
            _("Stopped {label} after {duration}.").format(
                label=_entry_label(stopped), duration=fmt.duration(stopped.seconds(0))
            )
        )
    started = result.started
    print(
        _("Started {label} at {time}.").format(
            label=_entry_label(started), time=fmt.clock(started.started_at, ctx.tz)
        )
    )
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
            _("Stopped {label} after {duration} ({start}–{end}).").format(
                label=_entry_label(entry),
                duration=fmt.duration(entry.seconds(0)),
                start=fmt.clock(entry.started_at, ctx.tz),
                end=fmt.clock(entry.ended_at, ctx.tz),
            )
        )
    if result.phase is not None:
        print(_phase_stopped(result.phase))
    cli_plan.after_stop(ctx, None if result.removed else entry)
    cli_plan.fire_caught_up(ctx)
    cli_plan.fire_phase_stopped(ctx, result.phase)
    return EXIT_OK


def _discarded_line(entry: EntryRecord, ctx: Context) -> str:
    """An entry removed because it had no time to keep, said in full."""
    label, start = _entry_label(entry), fmt.moment(entry.started_at, ctx.tz)
    if entry.started_at > ctx.clock.now():
        return _(
            "Removed entry #{id} ({label}): it starts at {start}, after the clock's "
            "time now, so it has no time to keep."
        ).format(id=entry.id, label=label, start=start)
    return _(
        "Removed entry #{id} ({label}): it started within this second; nothing was kept."
    ).format(id=entry.id, label=label)


def _phase_stopped(phase: Phase) -> str:
    return _("{phase} stopped; the timer is stopped.").format(phase=phase.kind.label)


def _warn_clock(behind: int) -> None:
    if behind:
        line = _(
            "the clock is {duration} behind the newest time stored; check the system clock."
        ).format(duration=fmt.duration(behind))
        print(f"smfocus: {line}", file=sys.stderr)


def cmd_cancel(args: argparse.Namespace, ctx: Context) -> int:
    result = ctx.timer.cancel()
    _warn_clock(result.clock_behind)
    entry = result.entry
    print(
        _("Cancelled {label}, started at {time}.").format(
            label=_entry_label(entry), time=fmt.clock(entry.started_at, ctx.tz)
        )
    )
    if result.phase is not None:
        print(_phase_stopped(result.phase))
    cli_plan.fire_caught_up(ctx)
    cli_plan.fire_phase_stopped(ctx, result.phase)
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
        print(
            _("{phase} ended at {time}.").format(
                phase=ended.kind.label, time=fmt.clock(ended.ends_at, ctx.tz)
            )
        )
        if transition.entry_kept is not None:
            print(
                _("Entry #{id} could not end there; it is still running.").format(
                    id=transition.entry_kept
                )
            )
    if state.discarded is not None:
        print(_discarded_line(state.discarded, ctx))
    if state.phase is None:
        print(_("The timer is stopped."))
    else:
        print(_timer_line(state.phase, state.now, ctx))
    print(
        _("Pomodoros today: {done} of {goal}.").format(
            done=state.completed_today, goal=state.settings.daily_goal
        )
    )


def _timer_line(phase: Phase, now: int, ctx: Context) -> str:
    """The phase's line, with what it is on."""
    line = _phase_line(phase, now, ctx).rstrip(".")
    project = printable(phase.project) if phase.project else None
    task = printable(phase.task) if phase.task else None
    if project and task:
        return _("{phase} on {project} / {task}.").format(phase=line, project=project, task=task)
    if project:
        return _("{phase} on {project}.").format(phase=line, project=project)
    if task:
        return f"{line} / {task}."
    return f"{line}."


def cmd_pomodoro(args: argparse.Namespace, ctx: Context) -> int:
    timer = ctx.timer
    before = cli_plan.current_phase_id(ctx)
    action = args.action
    if action == "start":
        state = timer.start(args.project, args.task, args.category)
    elif args.project is not None:
        raise UserError(
            _("'pomodoro {action}' takes no project; see: smfocus pomodoro --help.").format(
                action=action
            )
        )
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
        print(_(TRAY_NOT_RUNNING))
    return EXIT_OK


# Phase ends are applied by the tray, or by the next timer command: without a
# tray, nothing announces one and the entry runs on until that command.
TRAY_NOT_RUNNING = N_(
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
    if args.action != "list" and args.key == language.KEY:
        return _config_language(args.action, args.value)
    if args.action != "list" and cli_desktop.handles(args.key):
        return cli_desktop.config(args.action, args.key, args.value)
    timer = ctx.timer
    if args.action == "set":
        if args.key is None or args.value is None:
            raise UserError(
                _("Give a key and a value, e.g.: smfocus config set pomodoro.work 50m.")
            )
        config = timer.set_setting(args.key, args.value)
        print(f"{args.key} = {config.text_of(args.key)}")
        return EXIT_OK
    config = timer.settings()
    if args.action == "get":
        if args.key is None:
            raise UserError(_("Name the setting, e.g.: smfocus config get pomodoro.work."))
        print(config.text_of(args.key))
        return EXIT_OK
    for key in ALL_SETTING_KEYS:
        print(f"{key} = {config.text_of(key)}")
    print(*cli_desktop.list_lines(), sep="\n")
    print(f"{language.KEY} = {language.described()}")
    return EXIT_OK


def _config_language(action: str, value: str | None) -> int:
    """``config get|set app.language``: a setting of this machine's user, kept
    outside the database (see smfocus.language), so no database is opened."""
    if action == "set":
        if value is None:
            raise UserError(
                _("Give a value, e.g.: smfocus config set {key} {value}.").format(
                    key=language.KEY, value="fr"
                )
            )
        language.save(value)  # from here on, the command speaks the new language
        print(f"{language.KEY} = {language.described()}")
    else:
        print(language.described())
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
    print(
        _("Added entry #{id}: {label}, {duration}.").format(
            id=entry.id, label=_entry_label(entry), duration=fmt.duration(entry.seconds(0))
        )
    )
    return EXIT_OK


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    changes = (args.project, args.task, args.category, args.start, args.end, args.note)
    if all(v is None for v in changes):
        raise UserError(
            _("Say what to change: --project, --task, --category, --from, --to or --note.")
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
    values = {
        "id": entry.id,
        "label": _entry_label(entry),
        "start": fmt.moment(entry.started_at, ctx.tz),
    }
    if entry.ended_at:
        until = fmt.moment(entry.ended_at, ctx.tz)
        print(_("Entry #{id}: {label}, {start} to {end}.").format(end=until, **values))
    else:
        print(_("Entry #{id}: {label}, {start} to now.").format(**values))
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    entry = ctx.tracker.delete(args.id)
    values = {
        "id": entry.id,
        "label": _entry_label(entry),
        "start": fmt.moment(entry.started_at, ctx.tz),
        "duration": fmt.duration(entry.seconds(ctx.clock.now())),
    }
    if entry.ended_at is not None:
        print(
            _(
                "Deleted entry #{id}: {label}, {start} to {end} ({duration}); "
                "bring it back with: smfocus undo."
            ).format(end=fmt.moment(entry.ended_at, ctx.tz), **values)
        )
    else:
        print(
            _(
                "Deleted entry #{id}: {label}, {start} to now ({duration}); "
                "bring it back with: smfocus undo."
            ).format(**values)
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
        print(_("No entries in that range."))
        return EXIT_OK
    now = ctx.clock.now()
    day = ""
    total = 0
    # The end column is as wide as a clock time, or as the word for a running entry.
    running = _("now")
    width = max(5, len(running))
    for entry in entries:
        this_day = fmt.day(local_date(entry.started_at, ctx.tz))
        if this_day != day:
            if day:
                _print_day_total(total, width)
                print()
            print(this_day)
            day, total = this_day, 0
        total += entry.seconds(now)
        until = fmt.clock(entry.ended_at, ctx.tz) if entry.ended_at is not None else running
        note = f"  {printable(entry.note)}" if entry.note else ""
        print(
            f"  #{entry.id:<6} {fmt.clock(entry.started_at, ctx.tz)}–{until:<{width}}  "
            f"{fmt.duration(entry.seconds(now)):>9}  {_entry_label(entry)}{note}"
        )
    _print_day_total(total, width)
    return EXIT_OK


def _print_day_total(seconds: int, width: int) -> None:
    # Under the id and the times: "#123456 09:00–10:00" is 7 + 1 + 6 + width wide.
    print(f"  {_('total'):<7} {'':{6 + width}}  {fmt.duration(seconds):>9}")


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
        print(_("No time tracked in that range."))
        return EXIT_OK
    end, by = fmt.moment(report.end, ctx.tz), _(cli_words.GROUPS[report.by])
    if report.start is None:
        print(_("the start to {end}, by {group}").format(end=end, group=by))
    else:
        start = fmt.moment(report.start, ctx.tz)
        print(_("{start} to {end}, by {group}").format(start=start, end=end, group=by))
    keys = [_group_key(group.key, report.by) for group in report.groups]
    total_word = _("total")
    width = max(len(g.key) for g in report.groups)
    total = report.total_seconds
    for key, group in zip(keys, report.groups, strict=True):
        share = fmt.percent(group.seconds / total if total else 0, 1)
        print(f"  {key:<{width}}  {fmt.duration(group.seconds):>10}  {share:>7}")
    print(f"  {total_word:<{width}}  {fmt.duration(total):>10}")
    return EXIT_OK


# The tracker's names for time without a task or a category: English in its data
# (``report --json`` keeps them so), translated where a report prints them.
_UNNAMED_GROUPS = (N_("(no task)"), N_("(no category)"))


def _group_key(key: str, by: str) -> str:
    """A group's name as printed: a day in the language's form (the tracker keys
    days by ISO date), anything else as it is."""
    if by == "day":
        try:
            return fmt.day(date.fromisoformat(key))
        except ValueError:
            pass
    if key in _UNNAMED_GROUPS:
        return _(key)
    return printable(key)


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
        print(_("No projects yet; add one with: smfocus project add NAME."))
        return EXIT_OK
    width = max(len(p.name) for p in projects)
    for p in projects:
        archived = f"  {_('(archived)')}" if p.archived else ""
        client = "  " + _("client {name}").format(name=p.client) if p.client else ""
        priority = _("priority {number}").format(number=p.priority)
        print(
            f"  {printable(p.name):<{width}}{printable(client)}  "
            f"{_rate_words(p)}  {_value_words(p)}  "
            f"{priority}{archived}"
        )
    return EXIT_OK


def _rate_words(project: ProjectRecord) -> str:
    if project.rate_cents is None:
        return _("no rate")
    return _("rate {amount}/h").format(amount=fmt.money(project.rate_cents, project.currency))


def _value_words(project: ProjectRecord) -> str:
    if project.value_cents is None:
        return _("no value")
    amount = fmt.money(project.value_cents, project.currency)
    if project.value_per == "month":
        return _("value {amount}/month").format(amount=amount)
    if project.value_per == "result":
        return _("value {amount}/result").format(amount=amount)
    return _("value {amount}/{per}").format(amount=amount, per=project.value_per)


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
        print(_("Added project {name}.").format(name=printable(repr(project.name))))
    else:
        archived = True if args.archive else False if args.unarchive else None
        project = ctx.tracker.edit_project(
            args.name, new_name=args.rename, archived=archived, **common
        )
        print(_("Updated project {name}.").format(name=printable(repr(project.name))))
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
    label = printable(f"{task.project} / {task.name}")
    if task.category:
        label += f" [{printable(task.category)}]"
    count = task.estimate_pomodoros
    if count and task.done:
        line = ngettext(
            "Task {label}, estimate {count} pomodoro, done.",
            "Task {label}, estimate {count} pomodoros, done.",
            count,
        )
    elif count:
        line = ngettext(
            "Task {label}, estimate {count} pomodoro.",
            "Task {label}, estimate {count} pomodoros.",
            count,
        )
    else:
        line = _("Task {label}, done.") if task.done else _("Task {label}.")
    print(line.format(label=label, count=count))
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
        print(_("No tasks yet; they are created by: smfocus start PROJECT TASK."))
    for t in tasks:
        category = f"  [{printable(t.category)}]" if t.category else ""
        done = f"  {_('(done)')}" if t.done else ""
        print(f"  {printable(t.project)} / {printable(t.name)}{category}{done}")
    return EXIT_OK


def cmd_interrupt(args: argparse.Namespace, ctx: Context) -> int:
    note = " ".join(args.note) if args.note else None
    row = ctx.tracker.interrupt(kind="external" if args.external else "internal", note=note)
    time = fmt.clock(row.at, ctx.tz)
    if row.kind == "external":
        print(_("Logged an external interruption at {time}.").format(time=time))
    else:
        print(_("Logged an internal interruption at {time}.").format(time=time))
    cli_plan.fire(ctx, "interruption", {"kind": row.kind, "note": row.note})
    return EXIT_OK


# -- parser -----------------------------------------------------------------


def _add_global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        default=default,
        metavar=_("DIR"),
        help=_("folder of the database (default: ${variable} or the user data folder)").format(
            variable=paths.ENV_DATA_DIR
        ),
    )
    from smfocus.cli_db import add_options

    add_options(parser, suppress)


def build_parser() -> argparse.ArgumentParser:
    # The parser is built for each run, after the language is chosen: its words are
    # translated here, and argparse's own through cli_argparse.
    cli_argparse.install()
    parser = _Parser(
        prog="smfocus",
        description=_("Focus timer and time tracker. With no command, starts the tray app."),
        epilog=_(
            "TIME: ISO 8601 (2026-03-29T14:30, offset optional), HH:MM, now, today, "
            "yesterday, or -15m / -1h30m. For log and report, a bare date given to --to "
            "includes that whole day."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"smfocus {__version__}",
        help=_("show program's version number and exit"),
    )
    _add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    def command(
        name: str, handler: Callable[[argparse.Namespace, Context], int], help_: str
    ) -> argparse.ArgumentParser:
        # help_ is marked with N_() where the command is defined (or already
        # translated: a translation translates to itself).
        text = _(help_)
        child = sub.add_parser(name, help=text, description=text)
        _add_global_options(child, suppress=True)
        child.set_defaults(handler=handler)
        return child

    project, task, time = _("project"), _("task"), _("TIME")
    category, note = _("CATEGORY"), _("NOTE")

    p = command(
        "start", cmd_start, N_("start work on a project (and task); ends what was running")
    )
    p.add_argument("project", metavar=project)
    p.add_argument("task", nargs="?", metavar=task)
    p.add_argument(
        "--category", "-c", metavar=category, help=_("the task's category, e.g. 'replies'")
    )
    p.add_argument("--at", metavar=time, help=_("when the work started (default: now)"))
    p.add_argument("--note", "-n", metavar=note)

    p = command("stop", cmd_stop, N_("stop the running entry"))
    p.add_argument("--at", metavar=time, help=_("when the work stopped (default: now)"))

    command("cancel", cmd_cancel, N_("forget the running entry"))

    p = command("status", cmd_status, N_("what is running, and for how long"))
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--format",
        metavar=_("TEXT"),
        help=_("one line for status bars, e.g. {example}; fields: {fields}").format(
            example="'{remaining} {task}'", fields=", ".join(STATUS_FIELDS)
        ),
    )

    p = command("add", cmd_add, N_("add a finished entry"))
    p.add_argument("project", metavar=project)
    p.add_argument("task", nargs="?", metavar=task)
    p.add_argument("--from", dest="start", required=True, metavar=time)
    p.add_argument("--to", dest="end", required=True, metavar=time)
    p.add_argument("--category", "-c", metavar=category)
    p.add_argument("--note", "-n", metavar=note)

    p = command("edit", cmd_edit, N_("change an entry's project, task, category, times or note"))
    p.add_argument("id", type=_entry_id, metavar=_("id"))
    p.add_argument("--project", "-p", metavar=_("PROJECT"))
    p.add_argument("--task", "-t", metavar=_("TASK"))
    p.add_argument("--category", "-c", metavar=category, help=_("the task's category"))
    on_its_day = _("a clock time is on the entry's day")
    p.add_argument("--from", dest="start", metavar=time, help=on_its_day)
    p.add_argument("--to", dest="end", metavar=time, help=on_its_day)
    p.add_argument("--note", "-n", metavar=note)

    p = command("delete", cmd_delete, N_("delete an entry"))
    p.add_argument("id", type=_entry_id, metavar=_("id"))

    p = command("log", cmd_log, N_("list entries (default: the last 7 days)"))
    p.add_argument("--from", dest="start", metavar="D")
    p.add_argument("--to", dest="end", metavar="D")
    p.add_argument("--all", action="store_true", help=_("every entry ever"))
    p.add_argument("--project", "-p", metavar=_("PROJECT"))
    p.add_argument("--json", action="store_true")

    p = report_parser = command(
        "report", cmd_report, N_("time per project, task, category, day, week or month")
    )
    p.add_argument("--from", dest="start", metavar="D", help=_("default: the first entry"))
    p.add_argument("--to", dest="end", metavar="D", help=_("default: now"))
    p.add_argument("--by", default="project", choices=tuple(cli_words.GROUPS))
    p.add_argument("--json", action="store_true")
    p.add_argument("--team", action="store_true", help=_("time per person and client (teams)"))

    p = command("projects", cmd_projects, N_("list projects"))
    p.add_argument("--json", action="store_true")

    p = project_parser = command("project", cmd_project, N_("add or edit a project"))
    p.add_argument("action", choices=("add", "edit"))
    p.add_argument("name", metavar=_("name"))
    p.add_argument(
        "--rate", metavar=_("RATE"), help=_("hourly rate of the work, e.g. 45 or 45.50")
    )
    p.add_argument("--currency", metavar=_("CURRENCY"), help=_("three letters, e.g. EUR"))
    p.add_argument(
        "--value", metavar=_("VALUE"), help=_("what the project brings in, per --value-per")
    )
    p.add_argument("--value-per", choices=("month", "result"))
    p.add_argument(
        "--priority",
        metavar=_("PRIORITY"),
        help=_("1 (urgent) to 5 (someday), or urgent/high/normal/low"),
    )
    p.add_argument("--colour", "--color", dest="colour", metavar=_("COLOUR"), help=_("#rrggbb"))
    p.add_argument("--client", metavar=_("CLIENT"), help=_("who the project is for; '' clears it"))
    p.add_argument("--rename", metavar=_("NEW_NAME"))
    archive = p.add_mutually_exclusive_group()
    archive.add_argument("--archive", action="store_true")
    archive.add_argument("--unarchive", action="store_true")

    p = command("tasks", cmd_tasks, N_("list tasks"))
    p.add_argument("project", nargs="?", metavar=project)
    p.add_argument("--json", action="store_true")

    p = command("task", cmd_task, N_("set a task's category, estimate or done flag"))
    p.add_argument("project", metavar=project)
    p.add_argument("task", metavar=task)
    p.add_argument("--category", "-c", metavar=category)
    p.add_argument(
        "--estimate", type=_count, metavar=_("POMODOROS"), help=_("0 clears the estimate")
    )
    p.add_argument("--rename", metavar=_("NEW_NAME"))
    done = p.add_mutually_exclusive_group()
    done.add_argument("--done", action="store_true")
    done.add_argument("--undone", action="store_true")

    p = command("pomodoro", cmd_pomodoro, N_("drive the Pomodoro timer, with or without the tray"))
    p.add_argument("action", choices=("start", "pause", "resume", "skip", "stop", "break"))
    p.add_argument(
        "project",
        nargs="?",
        metavar=project,
        help=_("start: what to focus on (default: the last task)"),
    )
    p.add_argument("task", nargs="?", metavar=task)
    p.add_argument("--category", "-c", metavar=category)

    p = command(
        "config",
        cmd_config,
        N_("read or change settings, e.g. pomodoro.work 50m or app.language fr"),
    )
    p.add_argument("action", choices=("get", "set", "list"))
    p.add_argument(
        "key", nargs="?", metavar=_("key"), help=_("a setting, e.g. pomodoro.work or app.language")
    )
    p.add_argument("value", nargs="?", metavar=_("value"))
    p.epilog = _(
        "app.language: fr (French), en (English) or auto (the locale's language, the default). "
        "config list shows every setting."
    )

    command("charts", cmd_charts, N_("open the charts window (time, ROI, peak hours, focus)"))

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

    p = command("interrupt", cmd_interrupt, N_("log an interruption of the running entry"))
    p.add_argument("--external", action="store_true", help=_("someone else interrupted you"))
    p.add_argument("note", nargs="*", metavar=_("note"))
    return parser


def cmd_charts(args: argparse.Namespace, ctx: Context) -> int:
    return _open_window(ctx, "charts")


def _open_window(ctx: Context, name: str) -> int:
    # The opener comes from smfocus.entry: no import here leads to Qt.
    if ctx.open_window is None:
        raise UserError(
            _("This command line opens no windows; start them with the smfocus command.")
        )
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
                _(
                    "Argument {number} ('{text}') is not valid UTF-8 text; "
                    "retype it, or set the terminal to UTF-8."
                ).format(number=index + 1, text=clip(escaped(token)))
            )
        if len(token) > MAX_ARGUMENT:
            raise UserError(
                _(
                    "An argument is {length} characters long (it begins {start}); "
                    "nothing smfocus takes is longer than {limit}."
                ).format(
                    length=fmt.number(len(token)),
                    start=shown(token, 20),
                    limit=fmt.number(MAX_ARGUMENT),
                )
            )


def _data_dir(args: argparse.Namespace) -> Path:
    found = paths.data_dir(getattr(args, "data_dir", None))
    text = str(found)
    if undecodable(text) or "\x00" in text:
        raise UserError(
            _(
                "The data folder '{path}' is not valid UTF-8 text, which SQLite "
                "needs for a file name; choose another with --data-dir or SMFOCUS_DATA_DIR."
            ).format(path=clip(escaped(text)))
        )
    return found


def _database_url() -> str | None:
    url = os.environ.get(paths.ENV_DATABASE_URL) or None
    if url is not None and undecodable(url):
        raise UserError(
            _("{variable} is not valid UTF-8 text; set it again.").format(
                variable=paths.ENV_DATABASE_URL
            )
        )
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
    language.apply()  # once per command (smfocus.entry chooses it only for status)
    try:
        _check_arguments(raw_argv)
        args = build_parser().parse_args(_glue_relative_times(raw_argv))
        url = getattr(args, "database_url", None) or _database_url()
        data_dir = _data_dir(args)
    except UserError as error:
        print(error_line(error), file=sys.stderr)
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
        print(error_line(error), file=sys.stderr)
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
        problem = f"{type(error).__name__}: {clip(str(error), 200)}"
        if where:
            line = _(
                "sorry, this is a bug in smfocus ({problem}); details are in {path}. "
                "Nothing was saved half-way."
            ).format(problem=problem, path=where)
        else:
            line = _(
                "sorry, this is a bug in smfocus ({problem}). Nothing was saved half-way."
            ).format(problem=problem)
        print(_message_text(f"smfocus: {line}"), file=sys.stderr)
        return EXIT_BUG
    finally:
        ctx.close()
