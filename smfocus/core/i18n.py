"""The app's words in the user's language: one catalog for the command line and the
windows alike.

Code marks each sentence a person reads with ``_()`` (``ngettext()`` when it
depends on a count) and keeps the figures out of it as named fields,
``_("Started {what}.").format(what=...)``, so a translation can put them in
its own order. A module-level constant cannot be translated when the module
is imported (the language is not chosen yet): it is marked with ``N_()`` and
passed through ``_()`` where it is shown.

The catalogs are gettext's: ``smfocus/resources/translations/<lang>.po``, kept
up to date from the code by ``scripts/i18n`` (Babel extracts the marked
strings), compiled to ``<lang>.mo`` beside it. English is the code itself.
Which language to use is :mod:`smfocus.language`'s choice; this module only
holds the one in use, process-wide, as gettext itself does.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status imports this)
if TYPE_CHECKING:
    from gettext import GNUTranslations

DOMAIN = "smfocus"
SOURCE = "en"

_catalog: GNUTranslations | None = None
_language = SOURCE


def _(message: str) -> str:
    """``message`` in the language in use (itself when it has no translation)."""
    if _catalog is None:
        return message
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` (French says "0 entrée", English "0 entries")."""
    if _catalog is None:
        return singular if count == 1 else plural
    return _catalog.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 (gettext's name, which the extractor looks for)
    """Marks ``message`` for translation without translating it (yet)."""
    return message


def language() -> str:
    """The language in use: ``en``, ``fr``, or a test's pseudo-language."""
    return _language


def catalog_folder() -> str:
    # SMFOCUS_LOCALE_DIR lets a test point at a catalog it wrote (the pseudo-language).
    return os.environ.get("SMFOCUS_LOCALE_DIR") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "translations"
    )


def catalog_path(code: str) -> str:
    return os.path.join(catalog_folder(), f"{code}.mo")


def has_catalog(code: str) -> bool:
    return code == SOURCE or os.path.isfile(catalog_path(code))


def use(code: str) -> str:
    """Speak ``code`` from now on; answers the language actually in use (English
    when ``code`` has no catalog or its file cannot be read)."""
    global _catalog, _language
    if code == SOURCE:
        _catalog, _language = None, SOURCE
        return _language
    try:
        with open(catalog_path(code), "rb") as file:
            from gettext import GNUTranslations

            catalog = GNUTranslations(file)
    except (OSError, ValueError):
        # A missing or damaged catalog must not stop the app: it speaks English.
        _catalog, _language = None, SOURCE
        return _language
    _catalog, _language = catalog, code
    return _language
