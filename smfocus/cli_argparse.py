"""argparse's own words (``usage:``, ``options``, its error messages) in the app's
language.

argparse translates them itself, through the ``_`` and ``ngettext`` it imports from
:mod:`gettext` at module level, in gettext's default domain, where smfocus has no
catalog. :func:`install` points those two names at :mod:`smfocus.core.i18n`, so
they follow ``app.language`` like every other word the command line prints.

The strings are argparse's, as Python 3.11 writes them; they are repeated below
only so that the extractor puts them in smfocus's catalog (it reads our code,
not the standard library's). A wording argparse changes in a later Python simply
shows in English until the list catches up: nothing breaks.
"""

from __future__ import annotations

import argparse

from smfocus.core import i18n
from smfocus.core.i18n import N_, _, ngettext

#: argparse's sentences that a user of smfocus can see (its errors about the
#: way a program defines its options, which only a developer meets, are left out).
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    # argparse does not translate --version's help itself: build_parser passes it.
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plural_forms() -> tuple[str, ...]:
    # Never called: it only shows the extractor argparse's one plural sentence.
    return (ngettext("expected %s argument", "expected %s arguments", 2),)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with a heading's colon as the language writes it
    (``options:``, ``options :``)."""

    def start_section(self, heading: str | None) -> None:
        if heading is not None:
            # argparse glues ":" to the heading itself; the translation of
            # "{heading}:" says what comes before it (a space in French).
            heading = _("{heading}:").format(heading=heading).removesuffix(":")
        super().start_section(heading)


def install() -> None:
    """Make argparse speak through smfocus's catalog (from now on, in this process).

    Safe to call again. It is process-wide, as gettext is: any other parser in the
    process (a test runner's) says argparse's words in the same language.
    """
    namespace = vars(argparse)
    namespace["_"] = i18n._
    namespace["ngettext"] = i18n.ngettext
