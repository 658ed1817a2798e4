"""The ``smfocus`` command (and ``python -m smfocus``).

Plain ``status`` calls are answered by :mod:`smfocus.quick_status` without
loading the command line; everything else, and whatever that path declines,
goes to :func:`smfocus.cli.main`.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def main() -> int:
    argv = sys.argv[1:]
    if "status" in argv:
        from smfocus import quick_status

        try:
            answered = quick_status.run(argv)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        if answered is not None:
            return answered
    from smfocus.cli import main as full_main

    return full_main(argv)
