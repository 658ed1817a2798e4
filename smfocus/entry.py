"""The ``smfocus`` command (and ``python -m smfocus``). With no command it starts
the tray, with ``charts`` the charts window; anything else is the command line
(smfocus.cli), which never imports Qt. This is the one module that knows both:
the CLI parses the arguments and reports errors, and is handed ``open_window``
to open a window with.

Plain ``status`` calls, which status bars and prompts make every few seconds,
are answered by :mod:`smfocus.quick_status` without loading the command line;
whatever that path declines goes to :func:`smfocus.cli.main`. So nothing is
imported here at module level: Qt only inside ``open_window``, the CLI only
past the quick path.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status bars start here)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from smfocus.core.clock import Clock

EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if clock is None and "status" in args:
        from smfocus import language, quick_status

        language.apply()  # cli.main chooses it for everything else

        try:
            answered = quick_status.run(args)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        if answered is not None:
            return answered
    from smfocus import cli

    return cli.main(args, clock, open_window=open_window)


def open_window(name: str, data_dir: Path, url: str | None) -> int:
    """Run the window ``name`` (``tray``, ``charts``, or ``timeline`` with an optional
    ISO day after a space) until it closes; its exit code."""
    if name == "charts":
        from smfocus.ui import charts_app

        return charts_app.main(data_dir=data_dir, url=url)
    if name.split(" ", maxsplit=1)[0] == "timeline":
        from datetime import date

        if _no_display():
            from smfocus.core.i18n import _
            from smfocus.errors import UserError

            raise UserError(
                _(
                    "There is no graphical display here (neither {display} nor {wayland} is "
                    "set), so the timeline cannot open; fix entries with: smfocus log, "
                    "smfocus edit."
                ).format(display="DISPLAY", wayland="WAYLAND_DISPLAY")
            )

        from smfocus.ui import timeline_window

        day = date.fromisoformat(name.split(" ")[1]) if " " in name else None
        return timeline_window.main(data_dir=data_dir, url=url, day=day)
    if _no_display():
        from smfocus.core.i18n import _
        from smfocus.errors import UserError

        raise UserError(
            _(
                "There is no graphical display here (neither {display} nor {wayland} is set), "
                "so the tray cannot start; run smfocus from your desktop session, or use the "
                "commands, e.g. smfocus status."
            ).format(display="DISPLAY", wayland="WAYLAND_DISPLAY")
        )
    from smfocus.store import sqlite_file

    if url is None or sqlite_file.is_sqlite_url(url):
        # The tray on a local file never speaks TLS: keep OpenSSL out of its memory.
        from smfocus.lean import without_openssl

        without_openssl()
    from smfocus.ui import app

    return app.main(data_dir=data_dir, url=url)


def _no_display() -> bool:
    """True on a Linux or BSD machine with no screen to show the tray on.

    Qt would abort the whole process there, with a message about plugins.
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    if os.environ.get("QT_QPA_PLATFORM"):
        return False  # the user chose a platform (offscreen, vnc...): trust it
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
