"""Keeping OpenSSL out of the tray, the process that stays up all day.

SQLAlchemy 2.1 imports ``asyncio`` when it is imported, and ``asyncio`` imports
``ssl``; the single-instance socket's name is a SHA-1, and ``hashlib`` loads
OpenSSL for it. That maps libssl and libcrypto (about 4 MiB resident, measured
with ``benchmarks/tray_memory.py``) into a process that, on a SQLite file,
never opens a TLS connection. Marking the modules absent before anything
imports them makes ``asyncio`` go without TLS support (as on a Python built
without it) and ``hashlib`` use Python's own SHA-1.

Only for the tray on a SQLite file: a PostgreSQL driver may want ``ssl``. A
feature that needs TLS in the tray (a webhook over https) removes this call.
"""

from __future__ import annotations

import sys

OPENSSL_MODULES = ("ssl", "_ssl", "_hashlib")


def without_openssl() -> list[str]:
    """Mark the OpenSSL modules absent unless already loaded; answers those marked."""
    marked = []
    for name in OPENSSL_MODULES:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # "import" raises ImportError
            marked.append(name)
    return marked
