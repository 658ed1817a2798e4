"""``smfocus undo``, ``smfocus away`` and ``smfocus timeline``: taking back a
change, answering for time away, and the day as it happened. Part of the
command line: no Qt here (the window is opened through the entry module)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from smfocus.core import fmt
from smfocus.core.i18n import _
from smfocus.core.localtime import iso, local_date
from smfocus.core.timeparse import parse_moment
from smfocus.core.usertext import id_number, shown
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.cli import Context

Handler = Callable[[argparse.Namespace, "Context"], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.timeline import Timeline

    step = Timeline(ctx.tracker).undo()
    print(
        _("Undid the {change}, made {time}.").format(
            change=step.label, time=fmt.moment(step.at, ctx.tz)
        )
    )
    return 0


def cmd_away(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.away import Answer, Away

    away = Away(ctx.tracker)
    if args.action is None:
        if args.project is not None:
            raise UserError(_("Say what to do with the time: keep, discard, stop or assign."))
        return _list_pending(away, args, ctx)
    answer = Answer(args.action)
    if answer is not Answer.ASSIGN and args.project is not None:
        raise UserError(
            _("away {answer} takes no project; use: smfocus away assign PROJECT.").format(
                answer=answer
            )
        )
    period = away.resolve(answer, args.id, project=args.project, task=args.task)
    question = period.question(ctx.clock.now(), ctx.tz)
    done = {
        Answer.KEEP: _("{question}: kept as work; take it back with: smfocus undo."),
        Answer.DISCARD: _("{question}: cut out of the entry; take it back with: smfocus undo."),
        Answer.STOP: _(
            "{question}: the entry now ends at {time}; take it back with: smfocus undo."
        ),
        Answer.ASSIGN: _("{question}: given to {label}; take it back with: smfocus undo."),
    }[answer]
    print(
        done.format(
            question=question,
            time=fmt.moment(period.started_at, ctx.tz),
            label=fmt.label(args.project or "", args.task),
        )
    )
    return 0


def _list_pending(away: Any, args: argparse.Namespace, ctx: Context) -> int:
    now = ctx.clock.now()
    periods = away.pending()
    if args.json:
        rows = [
            {
                "id": p.id,
                "started_at": iso(p.started_at, ctx.tz),
                "ended_at": iso(p.ended_at, ctx.tz) if p.ended_at is not None else None,
                "seconds": p.seconds(now),
                "project": p.project,
                "task": p.task,
            }
            for p in periods
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not periods:
        print(_("No away time is waiting for an answer."))
        return 0
    for period in periods:
        print(f"#{period.id}  {period.question(now, ctx.tz)}")
    print(_("Answer with: smfocus away keep|discard|stop|assign PROJECT [TASK] [--id N]."))
    return 0


def cmd_timeline(args: argparse.Namespace, ctx: Context) -> int:
    day = None
    if args.day is not None:
        day = local_date(parse_moment(args.day, ctx.clock.now(), ctx.tz), ctx.tz)
    if ctx.open_window is None:
        raise UserError(
            _("This command line opens no windows; start them with the smfocus command.")
        )
    name = "timeline" if day is None else f"timeline {day.isoformat()}"
    return ctx.open_window(name, ctx.data_dir, ctx.url)


def _away_id(text: str) -> int:
    """An away period's id as typed."""
    number = id_number(text)
    if number is None:
        raise argparse.ArgumentTypeError(
            _("{text} is not an away period's id").format(text=shown(text))
        )
    return number


def add_commands(command: Command) -> None:
    # Called when the parser is built, after the language is chosen: _() is safe here.
    p = command("undo", cmd_undo, _("take back the last edit, add, delete, split or merge"))

    p = command("away", cmd_away, _("list time away waiting for an answer, or answer it"))
    p.add_argument(
        "action", nargs="?", choices=("keep", "discard", "stop", "assign"), help=_("the answer")
    )
    p.add_argument("project", nargs="?", metavar=_("PROJECT"), help=_("assign: whose time it was"))
    p.add_argument("task", nargs="?", metavar=_("TASK"), help=_("assign: the task, if any"))
    p.add_argument("--id", type=_away_id, metavar="N", help=_("default: the oldest waiting"))
    p.add_argument("--json", action="store_true", help=_("list them as JSON"))

    p = command("timeline", cmd_timeline, _("open the day as a timeline to see and fix it"))
    p.add_argument("day", nargs="?", metavar=_("DAY"), help=_("default: today"))
