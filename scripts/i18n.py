#!/usr/bin/env python3
"""The translation catalogs, kept from the code by a tool, never by hand.

    python scripts/i18n.py update   # extract the marked strings, merge them into
                                    # every <lang>.po, compile each <lang>.mo
    python scripts/i18n.py check    # what a test checks: nothing left untranslated,
                                    # the same fields on both sides, .mo up to date
    python scripts/i18n.py fill fr FILE.json   # take translations from a JSON
                                    # object {"English": "French"} ({"one": [..]} plurals)
    python scripts/i18n.py union BASE OURS THEIRS   # git's merge driver for .po files

Babel extracts ``_()``, ``N_()`` and ``ngettext()`` from ``smfocus/``; the
translator edits ``smfocus/resources/translations/<lang>.po`` (any PO editor
works); ``update`` compiles it to the ``.mo`` the app reads with the standard
library's gettext. Babel is a tool of the tests, not of the app.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "smfocus"
FOLDER = SOURCE / "resources" / "translations"
LANGUAGES = ("fr",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# A fixed date: the catalogs change only when their words do (no noise in diffs).
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
PLURALS = {"fr": "nplurals=2; plural=(n > 1);"}
FIELD = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[a-z]")


def extract() -> Catalog:
    template = Catalog(
        project="smfocus", version="", creation_date=STAMP, revision_date=STAMP, fuzzy=False
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return FOLDER / f"{language}.po"


def mo_path(language: str) -> Path:
    return FOLDER / f"{language}.mo"


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="smfocus", creation_date=STAMP, fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=language)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=99, no_location=True, sort_output=True, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _settle(catalog: Catalog, language: str) -> None:
    catalog.revision_date = STAMP
    catalog.creation_date = STAMP
    catalog.fuzzy = False
    catalog.last_translator = "smfocus"
    catalog.project, catalog.version, catalog.msgid_bugs_address = "smfocus", "", ""
    catalog.header_comment = (
        f"# The words of smfocus in {language}; msgids are extracted from the code by\n"
        "# scripts/i18n.py update, and msgstr are written by people."
    )
    catalog.language_team = language
    catalog.mime_headers  # noqa: B018 (Babel recomputes the header on read)
    if language in PLURALS:
        catalog._num_plurals, catalog._plural_expr = (  # Babel has no setter
            int(PLURALS[language].split(";")[0].split("=")[1]),
            PLURALS[language].split("plural=")[1].rstrip(";"),
        )


def update() -> int:
    template = extract()
    for language in LANGUAGES:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _settle(catalog, language)
        po_path(language).write_bytes(po_bytes(catalog))
        catalog = read(language)
        mo_path(language).write_bytes(mo_bytes(catalog))
        missing = [m.id for m in catalog if m.id and not _translated(m)]
        print(f"{language}: {len(template)} strings, {len(missing)} without a translation")
    return 0


def _translated(message: object) -> bool:
    string = message.string  # type: ignore[attr-defined]
    if message.fuzzy:  # type: ignore[attr-defined]
        return False
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def fields(text: str) -> list[str]:
    return sorted(FIELD.findall(text))


def problems(language: str) -> list[str]:
    """Every way the catalog falls short of the code, one line each."""
    template = extract()
    catalog = read(language)
    found = []
    for message in template:
        if not message.id:
            continue
        have = catalog.get(message.id)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:1])
        singular = message.id if isinstance(message.id, str) else message.id[0]
        if have is None or not _translated(have):
            found.append(f"{where}: no {language} translation for {singular!r}")
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [have.string] if isinstance(have.string, str) else list(have.string)
        wanted = fields(ids[-1])
        for string in strings:
            if fields(string) != wanted and fields(string) != fields(ids[0]):
                found.append(
                    f"{where}: the {language} text of {singular!r} has fields "
                    f"{fields(string)}, the English {wanted}"
                )
    mo = mo_path(language)
    if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
        found.append(f"{mo.name} is not the compiled {po_path(language).name}: run update")
    return found


def check() -> int:
    found = [line for language in LANGUAGES for line in problems(language)]
    for line in found:
        print(line)
    return 1 if found else 0


def union(base: str, ours: str, theirs: str) -> int:
    """Merge two versions of a catalog: every translation either side has."""
    del base
    with open(ours, "rb") as file:
        mine = read_po(file)
    with open(theirs, "rb") as file:
        other = read_po(file)
    for message in other:
        if not message.id:
            continue
        have = mine.get(message.id)
        if have is None or not _translated(have):
            mine[message.id] = message
    Path(ours).write_bytes(po_bytes(mine))
    return 0


def fill(language: str, path: str) -> int:
    """Take translations from a JSON object ``{"English": "French", ...}`` (plural
    entries: ``{"singular": ["one", "many"]}``) into ``<language>.po``, then update."""
    import json

    with open(path, encoding="utf-8") as file:
        given = json.load(file)
    catalog = read(language)
    unknown = [key for key in given if catalog.get(key) is None]
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.id and key in given:
            value = given[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    po_path(language).write_bytes(po_bytes(catalog))
    for key in unknown:
        print(f"not in the catalog (run update first?): {key!r}")
    return update()


def main(argv: list[str]) -> int:
    if argv[:1] == ["fill"] and len(argv) == 3:
        return fill(argv[1], argv[2])
    if argv[:1] == ["update"]:
        return update()
    if argv[:1] == ["check"]:
        return check()
    if argv[:1] == ["union"] and len(argv) == 4:
        return union(*argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
