"""The planning commands: ``budget``, ``plan``, ``report --money``, a project's
``--budget``/``--rollover``/``--commit``, ``config set plan.*`` and ``hooks``.
Part of the command line: no Qt here; registered by ``cli.build_parser``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from smfocus import cli_words
from smfocus.core import fmt
from smfocus.core.i18n import _, ngettext
from smfocus.core.localtime import iso
from smfocus.core.usertext import id_number, printable
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.cli import Context
    from smfocus.client_budgets import ClientBudget, ClientBudgetItem
    from smfocus.core.budget import Overcommit
    from smfocus.core.focus import Phase
    from smfocus.core.records import EntryRecord
    from smfocus.hooks import Delivery
    from smfocus.planning import BudgetItem
    from smfocus.pomodoro import TimerState

Handler = Callable[[argparse.Namespace, "Context"], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _money(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def _month_text(label: str) -> str:
    """A ``YYYY-MM`` month for people: English keeps the form the commands take,
    French names the month (``novembre 2026``)."""
    if not fmt.french():
        return label
    from datetime import date

    year, month = label.split("-")
    return fmt.month(date(int(year), int(month), 1))


# -- report --money ----------------------------------------------------------------


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--money", action="store_true", help=_("add cost, value, ROI and effective hourly rate")
    )


def print_money_report(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.money import money_report

    report = money_report(
        ctx.tracker, start=ctx.range_start(args.start), end=ctx.range_end(args.end), by=args.by
    )
    if args.json:
        _print_json(
            {
                "from": iso(report.start, ctx.tz) if report.start is not None else None,
                "to": iso(report.end, ctx.tz),
                "by": report.by,
                "total_seconds": report.total_seconds,
                "roi_from": report.roi_from.isoformat() if report.roi_from else None,
                "groups": [
                    {
                        "key": g.key,
                        "seconds": g.seconds,
                        "cost": _money(g.cost_cents),
                        "value": _money(g.value_cents),
                        "roi": g.roi,
                        "effective_rate": _money(g.effective_rate_cents),
                        "currency": g.currency,
                    }
                    for g in report.groups
                ],
            }
        )
        return 0
    if not report.groups:
        print(_("No time tracked in that range."))
        return 0
    end = fmt.moment(report.end, ctx.tz)
    by = _(cli_words.GROUPS[report.by]) if report.by in cli_words.GROUPS else report.by
    if report.start is None:
        print(_("the start to {end}, by {by}, with money").format(end=end, by=by))
    else:
        begin = fmt.moment(report.start, ctx.tz)
        print(_("{start} to {end}, by {by}, with money").format(start=begin, end=end, by=by))
    keys = {g.key: _group_key(g.key) for g in report.groups}
    total = _("total")
    width = max(len(key) for key in keys.values())
    time, cost, value, roi, rate = _("time"), _("cost"), _("value"), _("ROI"), _("per hour")
    print(f"  {'':<{width}}  {time:>10}  {cost:>14}  {value:>14}  {roi:>8}  {rate:>14}")
    for g in report.groups:
        print(
            f"  {keys[g.key]:<{width}}  {fmt.duration(g.seconds):>10}  "
            f"{fmt.money(g.cost_cents, g.currency):>14}  "
            f"{fmt.money(g.value_cents, g.currency):>14}  "
            f"{fmt.percent(g.roi, signed=True):>8}  "
            f"{fmt.money(g.effective_rate_cents, g.currency):>14}"
        )
    print(f"  {total:<{width}}  {fmt.duration(report.total_seconds):>10}")
    print(
        "  "
        + _("per hour: the effective rate, value ÷ hours tracked; - where it cannot be known.")
    )
    if report.roi_from is not None:
        note = _(
            "ROI and per hour are month to date, from {day}: the range is shorter than a "
            "month, and a prorated slice of a monthly value says little."
        )
        print("  " + note.format(day=fmt.day(report.roi_from)))
    return 0


def _group_key(key: str) -> str:
    """A report group as people read it: the money report's own "(no task)" and
    "(no category)" in the user's language (``--json`` keeps them English)."""
    from smfocus.money import NO_CATEGORY, NO_TASK

    return _(key) if key in (NO_TASK, NO_CATEGORY) else printable(key)


# -- project options ------------------------------------------------------------------


def add_rollover_options(parser: argparse.ArgumentParser) -> None:
    rollover = parser.add_mutually_exclusive_group()
    rollover.add_argument(
        "--rollover",
        action="store_true",
        default=None,
        help=_("carry unused budget hours a month"),
    )
    rollover.add_argument(
        "--no-rollover",
        dest="rollover",
        action="store_false",
        help=_("stop carrying unused budget hours"),
    )


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--budget",
        metavar=_("BUDGET"),
        help=_("monthly retainer, e.g. 20h/month or 900EUR/month; '' clears"),
    )
    add_rollover_options(parser)
    parser.add_argument(
        "--commit", metavar=_("HOURS"), help=_("hours per week promised, e.g. 8h; '' clears")
    )


def plan_change(args: argparse.Namespace) -> Any:
    """The plan part of ``project add|edit``, read (and checked) before anything is written."""
    from smfocus.core.budget import parse_budget
    from smfocus.planning import PlanChange

    return PlanChange(
        budget=parse_budget(args.budget) if args.budget is not None else None,
        rollover=args.rollover,
        commit=args.commit,
    )


def apply_project_plan(args: argparse.Namespace, ctx: Context, change: Any) -> None:
    from smfocus.planning import set_project_plan

    if change.empty:
        return
    over = set_project_plan(ctx.tracker, args.rename or args.name, change)
    if over is not None:
        print(_overcommit_line(over))


def _overcommit_line(over: Overcommit) -> str:
    sentences = [
        _("Over capacity: the weekly commitments exceed plan.capacity by {hours}.").format(
            hours=fmt.hours(over.over)
        )
    ]
    if over.give:
        names = ", ".join(
            _("{project} ({hours}, priority {priority})").format(
                project=printable(c.project), hours=fmt.hours(c.seconds), priority=c.priority
            )
            for c in over.give
        )
        sentences.append(
            _("To fit, these lower-priority commitments would have to give: {names}.").format(
                names=names
            )
        )
    if over.short and over.give:
        sentences.append(
            _("Even then {hours} would not fit: say no, or raise plan.capacity.").format(
                hours=fmt.hours(over.short)
            )
        )
    elif over.short:
        sentences.append(
            _("No lower-priority commitment can give: say no, or raise plan.capacity.")
        )
    return " ".join(sentences)


# -- config plan.* ----------------------------------------------------------------------


def is_plan_key(key: str | None) -> bool:
    return key is not None and key.startswith("plan.")


def cmd_plan_config(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.planning import plan_setting, set_plan_setting

    if args.action == "set":
        if args.value is None:
            raise UserError(_("Give a value, e.g.: smfocus config set plan.capacity 32h."))
        print(f"{args.key} = {set_plan_setting(ctx.tracker, args.key, args.value)}")
    else:
        print(plan_setting(ctx.tracker, args.key))
    return 0


# -- budget ------------------------------------------------------------------------------


def cmd_budget(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.core.budget import parse_month
    from smfocus.planning import budget_month, current_month

    year, month = parse_month(args.month) if args.month else current_month(ctx.tracker)
    report = budget_month(ctx.tracker, year, month)
    if args.json:
        _print_json(
            {
                "month": report.month,
                "items": [
                    {
                        "project": i.project,
                        "client": i.client,
                        "budget_seconds": i.budget_seconds,
                        "rollover_seconds": i.rollover_seconds,
                        "used_seconds": i.used_seconds,
                        "remaining_seconds": i.remaining_seconds,
                        "projected_seconds": i.projected_seconds,
                        "money": {
                            "currency": i.currency,
                            "budget": _money(i.budget_cents),
                            "used": _money(i.used_cents),
                            "rate": _money(i.rate_cents),
                            "effective_rate": _money(i.effective_rate_cents),
                        },
                    }
                    for i in report.items
                ],
                "clients": [
                    {
                        "client": c.client,
                        "budget_seconds": c.budget_seconds,
                        "rollover_seconds": c.rollover_seconds,
                        "used_seconds": c.used_seconds,
                        "remaining_seconds": c.remaining_seconds,
                        "projected_seconds": c.projected_seconds,
                        "money": {
                            "currency": c.currency,
                            "budget": _money(c.budget_cents),
                            "used": _money(c.used_cents),
                            "effective_rate": _money(c.effective_rate_cents),
                        },
                        "projects": [
                            {"project": p.project, "used_seconds": p.used_seconds}
                            for p in c.projects
                        ],
                    }
                    for c in report.clients
                ],
            }
        )
        return 0
    month_name = _month_text(report.month)
    if report.empty:
        print(
            _(
                "No budgets for {month}; set one with: "
                "smfocus project edit NAME --budget 20h/month, "
                "or for a client: smfocus client budget NAME 20h/month."
            ).format(month=month_name)
        )
        return 0
    print(_("Budgets, {month}").format(month=month_name))
    for c in report.clients:
        rate = fmt.money(c.effective_rate_cents, c.currency or "")
        who = _("{client} (client, all its projects)").format(client=printable(c.client))
        print("  " + _("{usage}; effective {rate}/h").format(usage=_usage_line(who, c), rate=rate))
        for p in c.projects:
            project, used = printable(p.project), fmt.hours(p.used_seconds)
            line = (
                _("{project}: {hours}; own budget below")
                if p.has_budget
                else _("{project}: {hours}")
            )
            print("      " + line.format(project=project, hours=used))
    for i in report.items:
        who = printable(f"{i.client} — {i.project}" if i.client else i.project)
        rate = fmt.money(i.effective_rate_cents, i.currency)
        own = fmt.money(i.rate_cents, i.currency)
        line = _("{usage}; effective {rate}/h (rate {own}/h)")
        print("  " + line.format(usage=_usage_line(who, i), rate=rate, own=own))
    return 0


def _usage_line(who: str, i: BudgetItem | ClientBudgetItem) -> str:
    """Used against the budget, in hours when it has some, else in money."""
    if i.budget_seconds is not None:
        left = i.remaining_seconds or 0
        line = (
            _(
                "{who}: {used} of {budget} ({share}), {hours} over; "
                "at this pace {projected} by month end"
            )
            if left < 0
            else _(
                "{who}: {used} of {budget} ({share}), {hours} left; "
                "at this pace {projected} by month end"
            )
        ).format(
            who=who,
            used=fmt.hours(i.used_seconds),
            budget=fmt.hours(i.budget_seconds),
            share=fmt.percent(i.share),
            hours=fmt.hours(abs(left)),
            projected=fmt.hours(i.projected_seconds),
        )
        if i.rollover_seconds:
            rolled = _("(includes {hours} rolled over)")
            line += " " + rolled.format(hours=fmt.hours(i.rollover_seconds))
        return line
    return _("{who}: {used} of {budget}; {hours} tracked").format(
        who=who,
        used=fmt.money(i.used_cents, i.currency or ""),
        budget=fmt.money(i.budget_cents, i.currency or ""),
        hours=fmt.hours(i.used_seconds),
    )


def cmd_client(args: argparse.Namespace, ctx: Context) -> int:
    """``client budget NAME [BUDGET] [--rollover | --no-rollover]``."""
    from smfocus.client_budgets import client_budget, set_client_budget
    from smfocus.core.budget import parse_budget

    name = args.name
    if args.budget is None and args.rollover is None:
        found = client_budget(ctx.tracker, name)
        if found is None:
            print(
                _(
                    "{client} has no budget; set one with: smfocus client budget {client} "
                    "20h/month."
                ).format(client=printable(name))
            )
        else:
            print(_client_line(found))
        return 0
    budget = parse_budget(args.budget) if args.budget is not None else None
    changed = set_client_budget(ctx.tracker, name, budget, args.rollover)
    if changed is None:
        print(_("{client} has no budget now.").format(client=printable(name)))
    else:
        print(_client_line(changed))
    return 0


def _figure(value: float) -> str:
    """A budget's figure as short as it is exact: ``20``, ``1.5``, ``900.25``."""
    places = next((n for n in (0, 1) if round(value, n) == round(value, 2)), 2)
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if fmt.french() else text


def _budget_text(found: ClientBudget) -> str:
    if found.budget_seconds is not None:
        return _("{hours}h/month").format(hours=_figure(found.budget_seconds / 3600))
    return _("{amount}{currency}/month").format(
        amount=_figure((found.budget_cents or 0) / 100), currency=found.currency or ""
    )


def _client_line(found: ClientBudget) -> str:
    names = ", ".join(printable(name) for name in found.projects) or _("no project")
    line = (
        _("{client}: {budget}, unused hours roll over, shared by {projects}.")
        if found.rollover
        else _("{client}: {budget}, shared by {projects}.")
    )
    return line.format(client=printable(found.client), budget=_budget_text(found), projects=names)


# -- plan --------------------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.planning import plan_week, week_of

    week = plan_week(ctx.tracker, week_of(args.week, ctx.clock.now(), ctx.tracker))
    from smfocus.blocks import scheduled as scheduled_blocks

    scheduled = scheduled_blocks(ctx.tracker, week.start, week.end)
    if args.json:
        _print_json(
            {
                "week": week.week,
                "capacity_seconds": week.capacity_seconds,
                "days": list(week.days),
                "committed_seconds": week.committed_seconds,
                "tracked_seconds": week.tracked_seconds,
                "over_seconds": week.overcommit.over if week.overcommit else 0,
                "blocks": [
                    {"start": iso(begin, ctx.tz), "end": iso(end, ctx.tz), "label": block.label}
                    for begin, end, block in scheduled
                ],
                "items": [
                    {
                        "project": i.project,
                        "priority": i.priority,
                        "committed_seconds": i.committed_seconds,
                        "tracked_seconds": i.tracked_seconds,
                    }
                    for i in week.items
                ],
            }
        )
        return 0
    head = (
        _("Week {week} ({days}): capacity {capacity}, committed {committed}, tracked {tracked}")
        if week.capacity_seconds
        else _("Week {week} ({days}): capacity not set, committed {committed}, tracked {tracked}")
    )
    print(
        head.format(
            week=week.week,
            days=", ".join(_day_name(day) for day in week.days),
            capacity=fmt.hours(week.capacity_seconds or 0),
            committed=fmt.hours(week.committed_seconds),
            tracked=fmt.hours(week.tracked_seconds),
        )
    )
    for i in week.items:
        line = _("P{priority} {project}: committed {committed}, tracked {tracked}")
        print(
            "  "
            + line.format(
                priority=i.priority,
                project=printable(i.project),
                committed=fmt.hours(i.committed_seconds),
                tracked=fmt.hours(i.tracked_seconds),
            )
        )
    if week.overcommit is not None:
        over = _("Over capacity by {hours}: something has to give.")
        print("  " + over.format(hours=fmt.hours(week.overcommit.over)))
    for begin, _end, block in scheduled:
        line = _("block {start} {minutes}m {label}")
        print(
            "  "
            + line.format(
                start=fmt.moment(begin, ctx.tz),
                minutes=block.minutes,
                label=printable(block.label),
            )
        )
    if week.capacity_seconds is None:
        print("  " + _("Set a capacity with: smfocus config set plan.capacity 32h."))
    return 0


def _day_name(token: str) -> str:
    """A working day of ``plan.days`` (``mon``) as people read it: ``Mon`` / ``lun.``."""
    from datetime import date, timedelta

    from smfocus.core.weekdays import DAYS as DAY_NAMES

    monday = date(2026, 11, 30)  # any Monday: only the day of the week counts
    return fmt.weekday(monday + timedelta(days=DAY_NAMES.index(token)), short=True)


def add_commands(command: Command) -> None:
    # Built when the command line is read, once the language is chosen: _() here
    # already speaks the user's language.
    p = command(
        "budget", cmd_budget, _("monthly retainers: used, remaining, projected, effective rate")
    )
    p.add_argument("--month", metavar=_("YYYY-MM"), help=_("default: this month"))
    p.add_argument("--json", action="store_true", help=_("print JSON, for programs"))

    p = command("client", cmd_client, _("a client's monthly budget, shared by its projects"))
    p.add_argument("action", choices=["budget"])
    p.add_argument("name", metavar=_("NAME"), help=_("the client, as on its projects (--client)"))
    p.add_argument(
        "budget",
        nargs="?",
        metavar=_("BUDGET"),
        help=_("e.g. 20h/month or 900EUR/month; '' clears; none: show it"),
    )
    add_rollover_options(p)

    p = command("plan", cmd_plan, _("this week: commitments against capacity and tracked time"))
    p.add_argument(
        "--week", metavar=_("W"), help=_("2026-W48 or a date in the week (default: this week)")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON, for programs"))

    add_hook_commands(command)
    add_batch_commands(command)
    add_block_commands(command)


# -- hooks ---------------------------------------------------------------------------------


def _entry_fields(entry: EntryRecord, ctx: Context) -> dict[str, Any]:
    return {
        "entry_id": entry.id,
        "project": entry.project,
        "task": entry.task,
        "category": entry.category,
        "started_at": iso(entry.started_at, ctx.tz),
        "ended_at": iso(entry.ended_at, ctx.tz) if entry.ended_at is not None else None,
        "seconds": entry.seconds(ctx.clock.now()),
    }


def fire(ctx: Context, event: str, fields: dict[str, Any]) -> None:
    """Hand an event to its hooks, after the command's own work is committed."""
    from smfocus import hooks

    try:
        hooks.fire(ctx.tracker, ctx.data_dir, ctx.url, event, fields)
    except OSError as error:  # no process could be started: the work itself is saved
        text = _("the {event} hooks could not start ({error}).")
        print(f"smfocus: {text.format(event=event, error=error)}", file=sys.stderr)


def current_phase_id(ctx: Context) -> int | None:
    """The timer's phase before an action, to tell a phase the action started."""
    from smfocus.hooks import current_phase_id as phase_id

    return phase_id(ctx.tracker)


def fire_timer(ctx: Context, state: TimerState, before: int | None) -> None:
    from smfocus.hooks import ended_by_hand, timer_events

    for event, fields in ended_by_hand(ctx.tracker, state, before) + timer_events(state, before):
        fire(ctx, event, fields)


def fire_caught_up(ctx: Context) -> None:
    """Hooks for the phase ends a command other than ``pomodoro`` applied on its way
    (``start``, ``stop``, ``cancel``): the phases that ended, the one the catch-up
    started, the daily goal. The tray applies most of them first; then there is
    nothing here and nothing fires twice."""
    applied = ctx.timer.applied
    if applied:
        fire_timer_since(ctx, applied[0].ended.id)


def fire_timer_since(ctx: Context, before: int | None) -> None:
    """Hooks for what the timer did since the phase ``before`` was current: the
    transitions this command applied and a phase it started."""
    from dataclasses import replace

    timer = ctx.timer
    applied = tuple(timer.applied)
    timer.applied.clear()
    fire_timer(ctx, replace(timer.state(), transitions=applied), before)


def fire_phase_stopped(ctx: Context, phase: Phase | None) -> None:
    """``phase.ended`` for the work phase ``stop`` or ``cancel`` ended with the entry."""
    if phase is not None:
        from smfocus.core.focus import Outcome
        from smfocus.hooks import phase_fields

        fire(ctx, "phase.ended", phase_fields(phase, Outcome.STOPPED))


def fire_entry(ctx: Context, event: str, entry: EntryRecord | None) -> None:
    if entry is not None:
        fire(ctx, event, _entry_fields(entry, ctx))


def after_stop(ctx: Context, entry: EntryRecord | None) -> None:
    """What follows a stopped entry: its hooks, and budget thresholds newly crossed
    (said once, here, and recorded so nothing says them again)."""
    from smfocus.planning import new_crossings

    fire_entry(ctx, "entry.stopped", entry)
    for crossing in new_crossings(ctx.tracker):
        line = (
            _("{who}: {threshold} of the {month} budget shared by its projects is used ({share}).")
            if crossing.project is None
            else _("{who}: {threshold} of the {month} budget of {project} is used ({share}).")
        )
        print(
            line.format(
                who=printable(crossing.client or crossing.project or ""),
                threshold=fmt.percent(crossing.threshold / 100),
                month=_month_text(crossing.month),
                project=printable(crossing.project or ""),
                share=fmt.percent(crossing.share),
            )
        )
        fire(
            ctx,
            "budget.threshold",
            {
                "project": crossing.project,
                "client": crossing.client,
                "month": crossing.month,
                "threshold": crossing.threshold,
                "used_share": round(crossing.share, 4),
            },
        )


def cmd_hooks(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus import hooks

    if args.action == "add":
        if args.target is None:
            raise UserError(_("Name the event, e.g.: smfocus hooks add entry.stopped --url URL."))
        hook = hooks.add_hook(ctx.tracker, args.target, argv=args.run or None, url=args.url)
        print(
            _("Added hook #{id} on {event}: {target}").format(
                id=hook.id, event=hook.event, target=printable(hook.target)
            )
        )
    elif args.action == "list":
        found = hooks.list_hooks(ctx.tracker)
        if args.json:
            _print_json(
                [
                    {
                        "id": h.id,
                        "event": h.event,
                        "run": list(h.argv) if h.argv else None,
                        "url": hooks.redact(h.url) if h.url else None,
                    }
                    for h in found
                ]
            )
        elif not found:
            print(_("No hooks; add one with: smfocus hooks add EVENT --run COMMAND or --url URL."))
        for h in found if not args.json else []:
            print(f"  #{h.id:<4} {h.event:<17} {printable(h.target)}")
    elif args.action == "remove":
        ident = id_number(args.target) if args.target is not None else None
        if ident is None:
            raise UserError(
                _("Give the hook's id, e.g.: smfocus hooks remove 3 (see: hooks list).")
            )
        hook = hooks.remove_hook(ctx.tracker, ident)
        print(_("Removed hook #{id} on {event}.").format(id=hook.id, event=hook.event))
    elif args.action == "test":
        event = hooks.check_event(args.target or "")
        found = hooks.list_hooks(ctx.tracker, event)
        if not found:
            print(_("No hook listens to {event}.").format(event=event))
        document = hooks.event_document(event, ctx.clock.now(), {"test": True})
        for h in found:
            delivery = hooks.deliver(h, document)
            hooks.record(ctx.tracker, h, event, ctx.clock.now(), delivery)
            said = _("#{id} {target}: {delivery}")
            print(
                "  "
                + said.format(
                    id=h.id, target=printable(h.target), delivery=_delivery_text(delivery)
                )
            )
    else:
        if not 1 <= args.limit <= 10_000:
            raise UserError(
                _("--limit is 1 to 10000 deliveries, not {limit}.").format(limit=args.limit)
            )
        lines = hooks.deliveries(ctx.tracker, limit=args.limit)
        if args.json:
            _print_json(
                [
                    {"hook": line.hook.id, "event": line.event, "at": iso(line.at, ctx.tz),
                     "ok": line.delivery.ok, "status": line.delivery.status,
                     "duration_ms": line.delivery.duration_ms, "detail": line.delivery.detail}
                    for line in lines
                ]
            )  # fmt: skip
            return 0
        if not lines:
            print(_("No hook has run yet."))
        for line in lines:
            said = _("#{id} {target}: {delivery}").format(
                id=line.hook.id,
                target=f"{line.event:<17} {printable(line.hook.target)}",
                delivery=_delivery_text(line.delivery),
            )
            print(f"  {fmt.moment(line.at, ctx.tz)}  {said}")
    return 0


def _delivery_text(delivery: Delivery) -> str:
    from smfocus.hooks import detail_text, status_text

    line = _("ok, {status}, {ms} ms") if delivery.ok else _("FAILED, {status}, {ms} ms")
    text = line.format(status=status_text(delivery.status), ms=delivery.duration_ms)
    if delivery.detail and delivery.detail.strip():
        detail = detail_text(delivery.status, delivery.detail.strip())
        text += f" ({printable(detail.splitlines()[-1][:120])})"
    return text


def add_hook_commands(command: Command) -> None:
    p = command("hooks", cmd_hooks, _("run a command or call a webhook on events"))
    p.add_argument("action", choices=("add", "list", "remove", "test", "log"))
    p.add_argument(
        "target",
        nargs="?",
        metavar=_("EVENT|ID"),
        help=_("the event (add, test); the id (remove)"),
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument(
        "--url", metavar=_("URL"), help=_("POST the event as JSON to this address")
    )
    target.add_argument(
        "--run",
        nargs=argparse.REMAINDER,
        metavar=_("CMD"),
        help=_("run CMD ARG... (no shell); last option"),
    )
    p.add_argument(
        "--limit", type=int, default=20, metavar=_("LIMIT"), help=_("log: how many deliveries")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON, for programs"))


# -- batch runs ------------------------------------------------------------------------------


def cmd_batch(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus import batches

    before = current_phase_id(ctx) if args.action != "status" else None
    if args.action == "start":
        if not args.category:
            raise UserError(_("Name the category, e.g.: smfocus batch start 'scheduling posts'."))
        state = batches.start(ctx.timer, " ".join(args.category))
        queued = ngettext(
            "Queued {count} task of {category}.", "Queued {count} tasks of {category}.",
            len(state.items),
        )  # fmt: skip
        print(queued.format(count=len(state.items), category=printable(repr(state.category))))
    elif args.category:
        raise UserError(
            _("batch {action} takes no category; only batch start does.").format(
                action=args.action
            )
        )
    elif args.action == "status":
        found = batches.current(ctx.tracker)
        if found is None:
            print(_("No batch is running."))
            return 0
        state = found
    elif args.action == "stop":
        state = batches.stop(ctx.timer)
    else:
        outcome = batches.Outcome.DONE if args.action == "next" else batches.Outcome.SKIPPED
        state = batches.advance(ctx.timer, outcome)
    print(printable(state.line))
    if args.action != "status":
        fire_timer_since(ctx, before)
    if state.summary is not None:
        summary = state.summary
        done = ngettext(
            "{done} task done, {skipped} skipped.", "{done} tasks done, {skipped} skipped.",
            summary.done,
        )  # fmt: skip
        print("  " + done.format(done=summary.done, skipped=summary.skipped))
        for who, seconds in summary.seconds_by_client:
            line = _("{who}: {duration}")
            print("  " + line.format(who=printable(who), duration=fmt.duration(seconds)))
    return 0


def add_batch_commands(command: Command) -> None:
    p = command(
        "batch", cmd_batch, _("work one category's open tasks across projects, back to back")
    )
    p.add_argument("action", choices=("start", "next", "skip", "stop", "status"))
    p.add_argument(
        "category",
        nargs="*",
        metavar=_("CATEGORY"),
        help=_("start: the category, e.g. 'scheduling posts'"),
    )


# -- recurring blocks ----------------------------------------------------------------------


def cmd_block(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus import blocks

    if args.action == "add":
        if not args.spec:
            raise UserError(
                _("Describe the block, e.g.: smfocus block add 'mon,thu 09:00 90m replies'.")
            )
        block = blocks.add_block(ctx.tracker, " ".join(args.spec))
        print(_("Added block #{id}: {block}").format(id=block.id, block=printable(block.text)))
    elif args.action == "remove":
        ident = id_number(args.spec[0]) if len(args.spec) == 1 else None
        if ident is None:
            raise UserError(
                _("Give the block's id, e.g.: smfocus block remove 2 (see: block list).")
            )
        block = blocks.remove_block(ctx.tracker, ident)
        print(_("Removed block #{id}: {block}").format(id=block.id, block=printable(block.text)))
    else:
        found = blocks.list_blocks(ctx.tracker)
        if args.json:
            _print_json(
                [
                    {"id": b.id, "days": b.days_text, "start": b.text.split()[1],
                     "minutes": b.minutes, "label": b.label}
                    for b in found
                ]
            )  # fmt: skip
            return 0
        if not found:
            print(
                _(
                    "No blocks; add one with: "
                    "smfocus block add 'mon,thu 09:00 90m scheduling posts'."
                )
            )
        for b in found:
            print(f"  #{b.id:<4} {printable(b.text)}")
    return 0


def add_block_commands(command: Command) -> None:
    p = command(
        "block", cmd_block, _("recurring blocks of time, e.g. 'mon,thu 09:00 90m replies'")
    )
    p.add_argument("action", choices=("add", "list", "remove"))
    p.add_argument(
        "spec",
        nargs="*",
        metavar=_("SPEC"),
        help=_("add: DAYS HH:MM LENGTH WHAT; remove: the id"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON, for programs"))
