"""Text a user typed, made safe to show again.

Names and notes come back in messages and listings. Shown raw, an escape
sequence stored in a note would drive the terminal (set its title, colour
everything red), and a name pasted by mistake could be megabytes long. These
helpers keep what is shown readable and one line long, whatever was stored.
"""

from __future__ import annotations

import errno
import unicodedata

from smfocus.core.i18n import N_, _

CLIP = 60
_ELLIPSIS = "…"
# Bidirectional overrides and isolates reorder what follows them on screen.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(ch: str) -> bool:
    # Cc: C0 and C1 controls, DEL; Cs: lone surrogates (undecodable bytes).
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI


def printable(text: str) -> str:
    """``text`` with every control character replaced: spaces for line breaks and
    tabs, U+FFFD for the rest, so nothing stored can move the cursor or recolour."""
    if text.isprintable():
        return text
    return "".join((" " if ch in "\n\r\t" else "\ufffd") if _unsafe(ch) else ch for ch in text)


def clip(text: str, limit: int = CLIP) -> str:
    """At most ``limit`` characters of ``text``, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def shown(text: str, limit: int = CLIP) -> str:
    """A user's text as an error message quotes it: printable, clipped, in quotes."""
    return repr(clip(printable(text), limit))


def undecodable(text: str) -> bool:
    """True when ``text`` carries bytes that were not valid UTF-8 (Python keeps them
    as lone surrogates) or lone surrogates of its own: it cannot be stored or shown."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def escaped(text: str) -> str:
    """``text`` as typed, each undecodable byte written \\xNN, for a message."""
    out = []
    for ch in text:
        if "\udc80" <= ch <= "\udcff":  # a byte Python could not decode
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif "\ud800" <= ch <= "\udfff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


MAX_ID = 2**63 - 1  # the largest id a database row can have


def id_number(text: str) -> int | None:
    """The id a user typed, or None when it is not one any row can have.

    ASCII digits only: ``int()`` takes "٣" and refuses "²", and a number past
    64 bits would reach the database as an overflow instead of "no such id".
    """
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    number = int(raw)
    return number if number <= MAX_ID else None


# The system's words for the file errors people meet, marked so they read in the
# user's language: Python gives strerror in English whatever the locale (it never
# sets LC_MESSAGES). The English is glibc's own, so English output is unchanged.
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EIO: N_("Input/output error"),
    errno.EBUSY: N_("Device or resource busy"),
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in the user's language where we know the words."""
    known = _OS_REASONS.get(error.errno) if error.errno is not None else None
    if known is not None:
        return _(known)
    return error.strerror or str(error)
