"""A throw-away second local user, to check what another account can reach.

Creating an account needs root (CI runs as root) and ``useradd``; otherwise the
tests that use it are skipped and say why. The account is removed at the end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The system interpreter: the other user needs no access to this checkout's venv.
SYSTEM_PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class OtherUser:
    name: str
    uid: int
    gid: int

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` as this user, with no supplementary groups of ours."""
        return subprocess.run(
            list(argv),
            user=self.uid,
            group=self.gid,
            extra_groups=[],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd="/",
            env={"PATH": "/usr/bin:/bin", "HOME": "/"},
        )

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(SYSTEM_PYTHON, "-I", "-c", code, *args)


@pytest.fixture(scope="session")
def other_user() -> Iterator[OtherUser]:
    if os.geteuid() != 0:
        pytest.skip("a second local user needs root to create (CI runs as root)")
    useradd, userdel = shutil.which("useradd"), shutil.which("userdel")
    if useradd is None or userdel is None:
        pytest.skip("a second local user needs useradd and userdel, not installed here")
    if not Path(SYSTEM_PYTHON).exists():
        pytest.skip(f"the second user runs {SYSTEM_PYTHON}, not installed here")
    name = f"smft{uuid.uuid4().hex[:8]}"
    made = subprocess.run(
        [useradd, "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", name],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"useradd refused to create a test user: {made.stderr.strip()}")
    try:
        entry = pwd.getpwnam(name)
        yield OtherUser(name=name, uid=entry.pw_uid, gid=entry.pw_gid)
    finally:
        subprocess.run([userdel, name], capture_output=True, check=False)
