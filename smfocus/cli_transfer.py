"""``smfocus import`` and ``smfocus export``: history in from other tools, out to
clients, calendars and backups. Part of the command line: no Qt here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from smfocus.core import fmt
from smfocus.core.i18n import _, ngettext
from smfocus.core.usertext import clip, escaped, os_reason
from smfocus.errors import UserError

if TYPE_CHECKING:
    from smfocus.cli import Context
    from smfocus.importer import ImportSummary
    from smfocus.imports.records import SourceEntry

Handler = Callable[[argparse.Namespace, "Context"], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]

IMPORT_FORMATS = ("toggl", "clockify", "watson", "timewarrior", "smfocus")


class TerminalProgress:
    """A one-line progress report on a terminal, redrawn in place; silent elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def reading(self, items: Iterator[SourceEntry]) -> Iterator[SourceEntry]:
        for count, item in enumerate(items, start=1):
            if count % 20_000 == 0:
                text = ngettext("Reading… {count} entry", "Reading… {count} entries", count)
                self._draw(text.format(count=fmt.number(count)))
            yield item

    def writing(self, done: int, total: int) -> None:
        if total < 20_000:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self._draw(
            _("Importing [{bar}] {done}/{total}").format(
                bar=bar, done=fmt.number(done), total=fmt.number(total)
            )
        )

    def _draw(self, text: str) -> None:
        self.stream.write(f"\r{text}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def describe(summary: ImportSummary, source: Path) -> list[str]:
    """The summary a person reads, one fact per line."""
    count = summary.entries
    if summary.dry_run:
        first = ngettext(
            "Would import {count} entry from {source} ({format} format).",
            "Would import {count} entries from {source} ({format} format).",
            count,
        )
    else:
        first = ngettext(
            "Imported {count} entry from {source} ({format} format).",
            "Imported {count} entries from {source} ({format} format).",
            count,
        )
    lines = [first.format(count=fmt.number(count), source=source, format=summary.format)]
    facts = (
        (
            summary.already_here,
            ngettext(
                "{count} entry was already here.", "{count} entries were already here.",
                summary.already_here,
            ),
        ),
        (
            summary.skipped,
            ngettext(
                "{count} entry left out (empty, overlapping, running).",
                "{count} entries left out (empty, overlapping, running).",
                summary.skipped,
            ),
        ),
        (
            summary.trimmed,
            ngettext(
                "{count} entry shortened to fit around other time.",
                "{count} entries shortened to fit around other time.",
                summary.trimmed,
            ),
        ),
    )  # fmt: skip
    lines.extend(text.format(count=fmt.number(n)) for n, text in facts if n)
    if summary.projects_created or summary.tasks_created:
        projects = ngettext(
            "{count} project", "{count} projects", summary.projects_created
        ).format(count=fmt.number(summary.projects_created))
        tasks = ngettext("{count} task", "{count} tasks", summary.tasks_created).format(
            count=fmt.number(summary.tasks_created)
        )
        # TRANSLATORS: what the import created, e.g. "New: 2 projects, 1 task."
        lines.append(_("New: {projects}, {tasks}.").format(projects=projects, tasks=tasks))
    if summary.running:
        lines.append(_("The running entry came in and is running here now."))
    if summary.dry_run:
        lines.append(_("Nothing was written (dry run)."))
    return lines


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.import_file import import_path
    from smfocus.importer import OverlapPolicy

    if "\x00" in args.path:  # the OS refuses such a name; open() would raise ValueError
        raise UserError(_("A file name cannot hold a NUL character; check the path to import."))
    source = Path(args.path)
    tz = None if args.tz is None else _zone(args.tz)
    show_progress = not args.json and sys.stderr.isatty()
    progress = TerminalProgress(sys.stderr) if show_progress else None
    try:
        summary = import_path(
            ctx.tracker,
            source,
            max_seconds=ctx.timer.settings().entry_max,
            format_name=args.format,
            tz=tz,
            project=args.project,
            on_overlap=OverlapPolicy(args.on_overlap),
            dry_run=args.dry_run,
            reading=progress.reading if progress is not None else None,
            progress=progress.writing if progress is not None else None,
        )
    except OSError as error:  # a folder given with a file format, a file that went away…
        raise UserError(
            _(
                "Cannot read '{path}' ({reason}); give the exported file, "
                "or the tool's data folder without --format."
            ).format(path=clip(escaped(args.path)), reason=os_reason(error))
        ) from None
    finally:
        if progress is not None:
            progress.close()
    if args.json:
        from smfocus.cli import _print_json

        _print_json(summary.as_json())
    else:
        print("\n".join(describe(summary, source)))
    return 0


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            _("{name} is not a time zone; give one such as Europe/Paris or UTC.").format(
                name=repr(name[:60])
            )
        ) from None


EXPORT_FORMATS = (
    "csv",
    "toggl",
    "json",
    "ical",
    "timesheet",
)  # exporting.FORMATS, without its import


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.exporting import Selection, write_format, written_whole

    start, end = ctx.range_start(args.start), ctx.range_end(args.end)
    if args.format == "timesheet":
        if (args.client is None) == (args.project is None):
            raise UserError(
                _("A timesheet is for one client or one project; give --client or --project.")
            )
        if start is None and end is None:
            start, end = _this_month(ctx)
    if args.format == "json" and (start, end, args.project, args.client) != (None,) * 4:
        raise UserError(
            _("A json backup holds everything; leave out --from, --to, --project and --client.")
        )
    selection = Selection(start=start, end=end, project=args.project, client=args.client)
    title = args.client or args.project or ""
    with written_whole(args.output) as out:
        count = write_format(args.format, ctx.tracker, selection, out, title=title)
    if args.output is not None:
        wrote = ngettext(
            "Wrote {count} entry to {file}.", "Wrote {count} entries to {file}.", count
        )
        print(wrote.format(count=fmt.number(count), file=args.output))
    return 0


def _this_month(ctx: Context) -> tuple[int, int]:
    from datetime import timedelta

    from smfocus.core.localtime import day_start, local_date

    first = local_date(ctx.clock.now(), ctx.tz).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return day_start(first, ctx.tz), day_start(following, ctx.tz)


def add_commands(command: Command) -> None:
    # Called when the parser is built, after the language is chosen: _() is safe here.
    p = command(
        "import",
        cmd_import,
        _("import history from Toggl, Clockify, Watson, Timewarrior, a backup"),
    )
    p.add_argument(
        "path", metavar=_("PATH"), help=_("the exported file, or the tool's data folder")
    )
    p.add_argument(
        "--format", choices=IMPORT_FORMATS, help=_("default: detected from the content")
    )
    p.add_argument(
        "--dry-run", action="store_true", help=_("say what would happen; write nothing")
    )
    p.add_argument(
        "--on-overlap",
        choices=("fail", "skip", "trim"),
        default="fail",
        help=_(
            "entries overlapping other time: refuse the file (default), leave them out, "
            "or shorten them"
        ),
    )
    p.add_argument("--project", metavar=_("NAME"), help=_("put every entry in this project"))
    p.add_argument(
        "--tz",
        metavar=_("ZONE"),
        help=_("time zone of the file's local times (default: local)"),
    )
    p.add_argument("--json", action="store_true", help=_("print the summary as JSON"))

    p = command(
        "export",
        cmd_export,
        _("write entries as CSV, Toggl CSV, iCalendar, a timesheet"),
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, default="csv", help=_("default: csv"))
    p.add_argument(
        "--from",
        dest="start",
        metavar="D",
        help=_("default: the first entry (a timesheet: this month)"),
    )
    p.add_argument("--to", dest="end", metavar="D", help=_("a bare date includes that whole day"))
    p.add_argument("--project", "-p", metavar=_("PROJECT"), help=_("only this project"))
    p.add_argument("--client", metavar=_("CLIENT"), help=_("only this client's projects"))
    p.add_argument("-o", "--output", metavar=_("FILE"), help=_("default: standard output"))
