"""``python -m smfocus.hook_runner``: delivers one event to its hooks, detached
from the command that fired it (see hooks.fire), and logs each delivery.

It reads one JSON job on stdin: the data folder, the database URL, the user,
the event document and the ids of the hooks to call. Nobody waits for it and
nobody reads its output, so it never raises: a failure goes to the hook log,
or, when even the database cannot be opened, to smfocus-error.log.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

START_DELAY = 0.25  # seconds


def run(job: dict[str, Any]) -> int:
    from smfocus import hooks
    from smfocus.core.clock import SystemClock
    from smfocus.core.localtime import local_zone
    from smfocus.store.database import open_store
    from smfocus.tracker import Tracker

    store = open_store(Path(job["data_dir"]), job.get("url"))
    try:
        tracker = Tracker(store, SystemClock(), local_zone(), job.get("user"))
        wanted = set(job["hooks"])
        event, document = job["event"], job["document"]
        for hook in hooks.list_hooks(tracker, event):
            if hook.id not in wanted:
                continue
            at = tracker.clock.now()
            delivery = hooks.deliver(hook, document)
            hooks.record(tracker, hook, event, at, delivery)
    finally:
        store.dispose()
    return 0


def main() -> int:
    job: dict[str, Any] = {}
    # Background work: the command that fired it, and the next one the user
    # types, come first on a busy machine.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)
    # Let the command that fired the event finish its exit before this process
    # loads SQLAlchemy: on two busy cores that start-up would slow the command.
    time.sleep(START_DELAY)
    try:
        job = json.loads(sys.stdin.buffer.read())
        return run(job)
    except Exception:
        from smfocus import paths
        from smfocus.store import private_files

        folder = job.get("data_dir")
        if folder:
            with contextlib.suppress(OSError, ValueError):
                private_files.append_text(
                    paths.error_log_path(Path(folder)), traceback.format_exc() + "\n"
                )
        return 70


if __name__ == "__main__":
    sys.exit(main())
