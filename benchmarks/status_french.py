"""``smfocus status`` in French and in English, on an installed copy, beside
``python -c "import sqlite3"``.

    python benchmarks/status_french.py [--entries 50000] [--runs 51] [--strings 2000]

The target (from the desktop issue): what a status bar calls every few seconds
answers in at most twice the time Python takes to import sqlite3, in every
language. An installed copy, not the checkout: an editable install's import
hook makes every Python of its environment load re and pathlib at start, which
slows the baseline more than status (already loading both) and flatters the
ratio that ``cli_speed.py`` prints. smfocus is installed with ``pip install .`` into a scratch
environment (which compiles the bytecode, as a user's install does; this
machine's PYTHONDONTWRITEBYTECODE is unset for it), without its dependencies:
the quick path needs none, and a call that fell through to the full command
line would fail loudly instead of being timed.

French is timed twice: with the catalog we ship, and with a catalog of
``--strings`` messages (the size of the whole app's once every window speaks
French), written to a temporary folder that ``SMFOCUS_LOCALE_DIR`` points at.
The last lines compare, in this process, loading that catalog with
``smfocus.core.i18n.Catalog`` (read on demand) and with the standard
library's ``gettext.GNUTranslations`` (which decodes every message at load).
Needs Babel (the test extra) to write the large catalog.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import line, median_seconds, run

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "smfocus" / "resources" / "translations"
ENGLISH = {"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
FRENCH = {**ENGLISH, "LANG": "fr_FR.UTF-8"}


def install(folder: Path) -> Path:
    """A scratch environment with smfocus installed from this checkout; its python."""
    scratch = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(scratch)], check=True)
    python = scratch / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(ROOT)],
        check=True,
        env=env,
        cwd=folder,  # not the checkout: its smfocus/ would shadow the installed one
    )
    return python


def large_catalog(folder: Path, strings: int) -> Path:
    """``folder/fr.mo``: the shipped French plus made-up messages up to ``strings``
    (one in ten a plural), as long as the app's sentences are."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (TRANSLATIONS / "fr.po").open("rb") as file:
        catalog = read_po(file, locale="fr")
    index = 0
    while len(catalog) < strings:
        index += 1
        if index % 10 == 0:
            catalog.add(
                (f"{{count}} message number {index} of a window", f"{{count}} messages {index}"),
                (f"{{count}} message numéro {index} d’une fenêtre", f"{{count}} messages {index}"),
            )
        else:
            catalog.add(
                f"Sentence {index} of some window, with a {{field}} and a few more words.",
                f"Phrase {index} d’une fenêtre, avec un {{field}} et quelques mots de plus.",
            )
    out = io.BytesIO()
    write_mo(out, catalog)
    path = folder / "fr.mo"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def load_times(path: Path, runs: int) -> tuple[float, float]:
    """Seconds to load ``path`` and say three sentences: (Catalog, GNUTranslations)."""
    import gettext

    from smfocus.core.i18n import Catalog

    data = path.read_bytes()
    asked = ("Nothing running.", "Focus", "{phase}: {left} left, until {time}.")

    def lazy() -> None:
        catalog = Catalog(data)
        for message in asked:
            catalog.gettext(message)

    def whole() -> None:
        catalog = gettext.GNUTranslations(io.BytesIO(data))
        for message in asked:
            catalog.gettext(message)

    return median_seconds(lazy, runs * 10), median_seconds(whole, runs * 10)


def rounds(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """The median time of each command, run in turn ``runs`` times: one after the
    other, so that a busy moment of the machine weighs on each alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for index in range(runs + 2):
        for name, (command, env) in commands.items():
            began = time.perf_counter()
            run(command, env)
            if index >= 2:  # the first two rounds warm the file cache
                samples[name].append(time.perf_counter() - began)
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=51)
    parser.add_argument("--strings", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        python = str(install(folder))
        data = folder / "data"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "make_history.py"),
                "--entries",
                str(args.entries),
                "--data-dir",
                str(data),
            ],
            check=True,
        )
        big = large_catalog(folder / "locale", args.strings)
        # The installed command, as a status bar runs it (``python -m`` would find the
        # checkout's smfocus/ when run from it).
        smfocus = [str(Path(python).parent / "smfocus"), "--data-dir", str(data)]
        status = [*smfocus, "status"]

        large = {**FRENCH, "SMFOCUS_LOCALE_DIR": str(big.parent)}
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "baseline": ([python, "-c", "import sqlite3"], {}),
            "English": (status, ENGLISH),
            "French": (status, FRENCH),
            f"French, {args.strings} strings": (status, large),
        }
        figures = {"nothing running": rounds(commands, args.runs)}
        subprocess.run(
            [sys.executable, "-m", "smfocus", "--data-dir", str(data), "pomodoro", "start"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        figures["focus running"] = rounds(commands, args.runs)
        lazy, whole = load_times(big, args.runs)

    print(f"installed copy; history: {args.entries} entries; median of {args.runs} rounds")
    for state, medians in figures.items():
        baseline = medians.pop("baseline")
        print(line(f'python -c "import sqlite3" ({state})', baseline, baseline))
        for label, seconds in medians.items():
            print(line(f"status, {label} ({state})", seconds, baseline, 2.0))
    print(f"load {args.strings} strings + 3 lookups: Catalog {lazy * 1e3:.2f} ms, ", end="")
    print(f"gettext.GNUTranslations {whole * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
