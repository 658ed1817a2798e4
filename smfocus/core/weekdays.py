"""Days of the week as people type them, in every language smfocus speaks.

Settings and commands store the English short names (``mon``…``sun``); a
French user may type ``lun``, ``lun.``, ``lundi`` or ``Mercredi`` and mean the
same day, whatever the language in use (a script written in one language
keeps working in the other).
"""

from __future__ import annotations

import unicodedata

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAMES: dict[str, int] = {
    name: number
    for names in (
        DAYS,
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    )
    for number, name in enumerate(names)
}


def day_number(word: str) -> int | None:
    """Monday 0 … Sunday 6 from a name as typed (any case, accents and a final dot
    optional); None when it names no day."""
    bare = unicodedata.normalize("NFKD", word.strip().casefold().removesuffix("."))
    return _NAMES.get("".join(ch for ch in bare if not unicodedata.combining(ch)))
