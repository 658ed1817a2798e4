"""Stable ids for rows that carry none (Toggl and Clockify CSV exports).

The id is a 64-bit BLAKE2b hash of what the row says about the entry: who,
project, client, task, description, tags, and its start and end in UTC.
Amounts, rates and the billable flag are left out on purpose: a rate
changed in Toggl after the fact rewrites them in every later export, and the
same hour of work must keep its id. So importing a file again, or a later
export that covers the same weeks, names each entry the same way.

Two identical rows in one file (Toggl keeps them apart) get ``HASH``,
``HASH-2``, ``HASH-3`` in file order: counting repeats keeps them distinct and
still stable. That needs the set of hashes seen so far, about 60 bytes a
row (60 MB for a million rows): the price of exact ids; the rows themselves
are not kept.
"""

from __future__ import annotations

from hashlib import blake2b

_SEPARATOR = "\x1f"  # the ASCII unit separator: no cell holds it


class Fingerprints:
    def __init__(self) -> None:
        self._seen: set[int] = set()
        self._repeats: dict[int, int] = {}

    def id_for(self, *fields: str) -> str:
        digest = blake2b(_SEPARATOR.join(fields).encode("utf-8"), digest_size=8).digest()
        key = int.from_bytes(digest, "big")
        if key not in self._seen:
            self._seen.add(key)
            return digest.hex()
        count = self._repeats.get(key, 1) + 1
        self._repeats[key] = count
        return f"{digest.hex()}-{count}"
