"""The tray keeps OpenSSL out of its process on a SQLite file (about 4 MiB
resident, all day); the store, hashing and the rest work without it."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

PROBE = """
import sys
from smfocus.lean import without_openssl
marked = without_openssl()
import hashlib, sqlalchemy, tempfile
from pathlib import Path
from smfocus.store.database import open_store
with tempfile.TemporaryDirectory() as folder:
    store = open_store(Path(folder))
    store.dispose()
print(sorted(marked))
print(hashlib.sha1(b"x", usedforsecurity=False).hexdigest())
maps = Path("/proc/self/maps").read_text()
print("libssl" in maps or "libcrypto" in maps)
"""


def test_without_openssl_the_store_and_hashing_still_work() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    marked, digest, openssl_mapped = done.stdout.splitlines()
    assert marked == "['_hashlib', '_ssl', 'ssl']"
    assert digest == "11f6ad8ec52a2984abaafd7c3b516503785c2072"
    assert openssl_mapped == "False"
