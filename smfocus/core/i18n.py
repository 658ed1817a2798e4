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

The ``.mo`` is read by :class:`Catalog` rather than by the standard library's
``GNUTranslations``, which decodes every one of its messages into a dict when
it loads: a status bar runs ``smfocus status`` every few seconds and reads
three sentences of a catalog of thousands. ``Catalog`` keeps the file's bytes
and finds a message by binary search in its table of originals, which the
format keeps sorted (GNU msgfmt and Babel both write it so; msgids are compared
as UTF-8 bytes, the order of Python's strings). It answers what
``GNUTranslations`` answers for every message of our catalogs (a test checks
each one) with these limits: no message contexts (smfocus has no
``pgettext``), and plural rules from the ``Plural-Forms`` header of the usual
kinds (``n > 1``, ``n != 1``, a single form); any other rule is handed to
gettext's own parser, loaded only then.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status imports this)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Literal

DOMAIN = "smfocus"
SOURCE = "en"

_catalog: Catalog | None = None
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


def _is_code(code: str) -> bool:
    """A language code (``fr``, ``qps``) and nothing else: a value from the
    environment such as ``/tmp/x`` must never name a file to load."""
    return 2 <= len(code) <= 8 and code.isascii() and code.isalpha() and code.islower()


def has_catalog(code: str) -> bool:
    return code == SOURCE or (_is_code(code) and os.path.isfile(catalog_path(code)))


def use(code: str) -> str:
    """Speak ``code`` from now on; answers the language actually in use (English
    when ``code`` has no catalog or its file cannot be read)."""
    global _catalog, _language
    if code == SOURCE or not _is_code(code):
        _catalog, _language = None, SOURCE
        return _language
    try:
        with open(catalog_path(code), "rb") as file:
            catalog = Catalog(file.read())
    except (OSError, ValueError):
        # A missing or damaged catalog must not stop the app: it speaks English.
        _catalog, _language = None, SOURCE
        return _language
    _catalog, _language = catalog, code
    return _language


_LE_MAGIC = b"\xde\x12\x04\x95"  # 0x950412de written little-endian
_BE_MAGIC = b"\x95\x04\x12\xde"
_NUL = b"\x00"

# The plural rules we can read without gettext's parser, spaces and outer
# parentheses removed: French (and Brazilian Portuguese...), English (and German,
# Spanish...), and the languages with one form (Japanese, Chinese...).
_RULES: dict[str, Callable[[int], int]] = {
    "n>1": lambda n: int(n > 1),
    "n!=1": lambda n: int(n != 1),
    "0": lambda n: 0,
}


class Catalog:
    """A compiled gettext catalog (``.mo``), read on demand: loading checks the
    header and the tables' bounds; each message is found when it is asked for.

    ``ValueError`` when the file is not a catalog. A message whose table entry
    points outside the file (a damaged file that passed those checks) is
    answered in English.
    """

    __slots__ = ("_charset", "_count", "_data", "_order", "_originals", "_translations", "plural")

    def __init__(self, data: bytes) -> None:
        if len(data) < 20:
            raise ValueError("too short for a catalog")
        self._data = data
        magic = data[:4]
        if magic == _LE_MAGIC:
            self._order: Literal["little", "big"] = "little"
        elif magic == _BE_MAGIC:
            self._order = "big"
        else:
            raise ValueError("not a gettext catalog (bad magic number)")
        # int.from_bytes rather than struct: one module less for a status bar to load.
        revision, count, originals, translations = (self._word(4 * i) for i in range(1, 5))
        if revision >> 16 not in (0, 1):
            raise ValueError(f"unknown catalog revision {revision >> 16}")
        if originals + 8 * count > len(data) or translations + 8 * count > len(data):
            raise ValueError("the catalog's tables go past its end")
        self._count, self._originals, self._translations = count, originals, translations
        self._charset = "ascii"  # gettext's default when the header names none
        self.plural: Callable[[int], int] = _RULES["n!=1"]
        header = self._translation_at(0) if count and self._original_at(0) == b"" else None
        if header is not None:
            self._read_header(header)

    def _word(self, at: int) -> int:
        return int.from_bytes(self._data[at : at + 4], self._order)

    def _string(self, table: int, index: int) -> bytes | None:
        # A table entry: a string's length and offset.
        start = table + 8 * index
        length, offset = self._word(start), self._word(start + 4)
        # gettext's own reader refuses a string that ends at the last byte (no NUL).
        if offset + length >= len(self._data):
            return None
        return self._data[offset : offset + length]

    def _original_at(self, index: int) -> bytes | None:
        return self._string(self._originals, index)

    def _translation_at(self, index: int) -> bytes | None:
        return self._string(self._translations, index)

    def _read_header(self, header: bytes) -> None:
        for raw in header.split(b"\n"):
            line = raw.decode("ascii", "replace").strip()
            name, colon, value = line.partition(":")
            if not colon:
                continue
            name, value = name.strip().lower(), value.strip()
            if name == "content-type" and "charset=" in value:
                charset = value.split("charset=", 1)[1].strip()
                try:
                    "".encode(charset)
                except LookupError:
                    raise ValueError(f"unknown character set {charset}") from None
                self._charset = charset
            elif name == "plural-forms" and "plural=" in value:
                self.plural = _plural_rule(value.split("plural=", 1)[1].split(";", 1)[0])

    def _lower_bound(self, key: bytes) -> int:
        """The index of the first original not sorted before ``key``."""
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            original = self._original_at(middle)
            if original is not None and original < key:
                low = middle + 1
            else:
                high = middle
        return low

    def _decode(self, raw: bytes) -> str | None:
        try:
            return raw.decode(self._charset)
        except UnicodeDecodeError:
            return None  # a damaged message: the caller answers in English

    def _find(self, key: bytes) -> tuple[bytes | None, list[bytes] | None]:
        """The translation of ``key``, and the plural forms of the plural message whose
        singular is ``key`` (stored as ``singular NUL plural``, which sorts right after
        ``singular``: one search finds either)."""
        index = self._lower_bound(key)
        if index == self._count:
            return None, None
        original = self._original_at(index)
        if original is None:
            return None, None
        if original == key:
            return self._translation_at(index), None
        if original.startswith(key + _NUL):
            translation = self._translation_at(index)
            return None, None if translation is None else translation.split(_NUL)
        return None, None

    def _form(self, forms: list[bytes] | None, count: int) -> str | None:
        form = self.plural(count)
        if forms is None or not 0 <= form < len(forms):
            return None
        return self._decode(forms[form])

    def gettext(self, message: str) -> str:
        try:
            translation, forms = self._find(message.encode(self._charset))
        except UnicodeEncodeError:
            return message  # no message of this catalog can hold it
        # As gettext: a plural message answers its singular with the form for 1.
        found = self._decode(translation) if translation is not None else self._form(forms, 1)
        return message if found is None else found

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        try:
            _translation, forms = self._find(singular.encode(self._charset))
        except UnicodeEncodeError:
            forms = None
        found = self._form(forms, count)
        if found is None:
            return singular if count == 1 else plural
        return found


def _plural_rule(expression: str) -> Callable[[int], int]:
    compact = "".join(expression.split())
    while compact.startswith("(") and compact.endswith(")"):
        compact = compact[1:-1]
    known = _RULES.get(compact)
    if known is not None:
        return known
    from gettext import c2py  # any other language's rule: gettext parses it safely

    rule: Callable[[int], int] = c2py(expression)
    return rule
