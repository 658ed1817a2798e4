"""``smfocus import`` and ``smfocus export``: history in from other tools, out to
clients, calendars and backups. Part of the command line: no Qt here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from smfocus.core.usertext import clip, escaped
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
                self._draw(f"Reading… {count:,} entries")
            yield item

    def writing(self, done: int, total: int) -> None:
        if total < 20_000:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self._draw(f"Importing [{bar}] {done:,}/{total:,}")

    def _draw(self, text: str) -> None:
        self.stream.write(f"\r{text}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _entries_word(count: int) -> str:
    return f"{count:,} entr{'y' if count == 1 else 'ies'}"


def describe(summary: ImportSummary, source: Path) -> list[str]:
    """The summary a person reads, one fact per line."""
    verb = "Would import" if summary.dry_run else "Imported"
    lines = [f"{verb} {_entries_word(summary.entries)} from {source} ({summary.format} format)."]
    if summary.already_here:
        were = "was" if summary.already_here == 1 else "were"
        lines.append(f"{_entries_word(summary.already_here)} {were} already here.")
    if summary.skipped:
        lines.append(f"{_entries_word(summary.skipped)} left out (empty, overlapping, running).")
    if summary.trimmed:
        lines.append(f"{_entries_word(summary.trimmed)} shortened to fit around other time.")
    if summary.projects_created or summary.tasks_created:
        lines.append(
            f"New: {summary.projects_created} project(s), {summary.tasks_created} task(s)."
        )
    if summary.running:
        lines.append("The running entry came in and is running here now.")
    if summary.dry_run:
        lines.append("Nothing was written (dry run).")
    return lines


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from smfocus.import_file import import_path
    from smfocus.importer import OverlapError, OverlapPolicy

    if "\x00" in args.path:  # the OS refuses such a name; open() would raise ValueError
        raise UserError("A file name cannot hold a NUL character; check the path to import.")
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
    except OverlapError as error:
        raise UserError(
            f"{error} Choose what to do with them: --on-overlap skip or --on-overlap trim."
        ) from None
    except OSError as error:  # a folder given with a file format, a file that went away…
        raise UserError(
            f"Cannot read '{clip(escaped(args.path))}' ({error.strerror or error}); "
            "give the exported file, or the tool's data folder without --format."
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
            f"{name[:60]!r} is not a time zone; give one such as Europe/Paris or UTC."
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
                "A timesheet is for one client or one project; give --client or --project."
            )
        if start is None and end is None:
            start, end = _this_month(ctx)
    if args.format == "json" and (start, end, args.project, args.client) != (None,) * 4:
        raise UserError(
            "A json backup holds everything; leave out --from, --to, --project and --client."
        )
    selection = Selection(start=start, end=end, project=args.project, client=args.client)
    title = args.client or args.project or ""
    with written_whole(args.output) as out:
        count = write_format(args.format, ctx.tracker, selection, out, title=title)
    if args.output is not None:
        print(f"Wrote {count:,} entr{'y' if count == 1 else 'ies'} to {args.output}.")
    return 0


def _this_month(ctx: Context) -> tuple[int, int]:
    from datetime import timedelta

    from smfocus.core.localtime import day_start, local_date

    first = local_date(ctx.clock.now(), ctx.tz).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return day_start(first, ctx.tz), day_start(following, ctx.tz)


def add_commands(command: Command) -> None:
    p = command(
        "import", cmd_import, "import history from Toggl, Clockify, Watson, Timewarrior, a backup"
    )
    p.add_argument("path", help="the exported file, or the tool's data folder")
    p.add_argument("--format", choices=IMPORT_FORMATS, help="default: detected from the content")
    p.add_argument("--dry-run", action="store_true", help="say what would happen; write nothing")
    p.add_argument(
        "--on-overlap",
        choices=("fail", "skip", "trim"),
        default="fail",
        help="entries overlapping other time: refuse the file (default), leave them out, "
        "or shorten them",
    )
    p.add_argument("--project", metavar="NAME", help="put every entry in this project")
    p.add_argument(
        "--tz", metavar="ZONE", help="time zone of the file's local times (default: local)"
    )
    p.add_argument("--json", action="store_true")

    p = command("export", cmd_export, "write entries as CSV, Toggl CSV, iCalendar, a timesheet")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
    p.add_argument("--from", dest="start", metavar="D")
    p.add_argument("--to", dest="end", metavar="D")
    p.add_argument("--project", "-p")
    p.add_argument("--client")
    p.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
