"""smfocus as people install it: a wheel and an sdist (``pip install .``,
``pipx install``) that carry the desktop files, and a PyInstaller one-folder
bundle with an ``install.sh`` for machines without Python. Slow: each builds
for real (the bundle takes a minute or two here)."""

from __future__ import annotations

import importlib.metadata
import os
import signal
import subprocess
import sys
import tarfile
import time
import venv
import zipfile
from pathlib import Path

import pytest

from smfocus import __version__, desktop
from tests.helpers import ROOT

pytestmark = pytest.mark.slow

# Everything `smfocus desktop install` and the store need at run time.
PACKAGE_FILES = [
    "smfocus/resources/smfocus.desktop",
    f"smfocus/resources/{desktop.METAINFO_FILE}",
    "smfocus/resources/icons/smfocus.svg",
    "smfocus/resources/screenshots/focus-window.png",
    "smfocus/resources/translations/README.md",
    "smfocus/store/migrations/alembic.ini",
    "smfocus/store/migrations/script.py.mako",
    *(f"smfocus/resources/icons/smfocus-{size}.png" for size in desktop.ICON_SIZES),
]
# Lines the offscreen platform prints about itself, and nothing else may appear.
OFFSCREEN_CHATTER = ("This plugin does not support",)


def _ensure(distribution: str, requirement: str) -> None:
    """Install a build tool into this environment the first time a test needs it.

    Asked of the installed distributions, not of the import system: a ``build/``
    folder in the checkout (``pip install .`` leaves one) imports as ``build``."""
    try:
        importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", requirement],
            check=True,
            timeout=600,
        )


def _clean_environment(home: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SMFOCUS_", "XDG_", "PYTHON"))
    }
    env.update(HOME=str(home), **extra)
    return env


# -- wheel and sdist --------------------------------------------------------------------


def test_the_wheel_and_sdist_build_and_carry_the_resources(tmp_path: Path) -> None:
    _ensure("build", "build>=1")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        # Not from the checkout: the build/ folder `pip install .` leaves there
        # would shadow the build module (python -m puts the current folder first).
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [wheel] = out.glob("smfocus-*.whl")
    [sdist] = out.glob("smfocus-*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in PACKAGE_FILES if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    assert "smfocus/store/migrations/versions/0001_initial.py" in names
    entry_points = zipfile.ZipFile(wheel).read(f"smfocus-{__version__}.dist-info/entry_points.txt")
    assert b"smfocus = smfocus.entry:main" in entry_points
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = [name for name in PACKAGE_FILES if name not in in_sdist]
    assert not missing, f"the sdist lacks {missing}"

    # Installed from the wheel alone (no checkout on the path), the menu entry
    # runs the smfocus of that installation.
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python"), "install",
         "--quiet", "--no-deps", str(wheel)],
        check=True, timeout=300,
    )  # fmt: skip
    home = tmp_path / "home"
    installed = subprocess.run(
        [str(target / "bin" / "smfocus"), "desktop", "install"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        # Installed without its dependencies: a data folder named spares platformdirs.
        env=_clean_environment(home, SMFOCUS_DATA_DIR=str(tmp_path / "data")),
        timeout=120,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    entry = home / ".local/share/applications/smfocus.desktop"
    assert f"Exec={target / 'bin' / 'smfocus'}" in entry.read_text().splitlines()
    icon = home / ".local/share/icons/hicolor/48x48/apps/smfocus.png"
    assert icon.read_bytes() == (desktop.resource_root() / "icons/smfocus-48.png").read_bytes()


# -- the PyInstaller bundle and its tarball ---------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _ensure("PyInstaller", "pyinstaller>=6.3")
    folder = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [str(ROOT / "packaging" / "build-bundle")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable, "DIST": str(folder / "dist"),
             "WORK": str(folder / "work")},
        timeout=900,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return folder / "dist"


def _run(command: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=home.parent,
        env=_clean_environment(home, **extra),
        timeout=120,
        check=False,
    )


def test_the_bundle_answers_and_runs_the_tray(bundle: Path, tmp_path: Path) -> None:
    program = bundle / "smfocus" / "smfocus"
    home = tmp_path / "home"
    data = str(tmp_path / "data")
    version = _run([str(program), "--version"], home)
    assert (version.returncode, version.stdout) == (0, f"smfocus {__version__}\n")
    status = _run([str(program), "status"], home, SMFOCUS_DATA_DIR=data)
    assert (status.returncode, status.stdout, status.stderr) == (0, "Nothing running.\n", "")
    for command in (["project", "add", "Acme"], ["pomodoro", "start", "Acme", "Posts"]):
        done = _run([str(program), *command], home, SMFOCUS_DATA_DIR=data)
        assert done.returncode == 0, done.stderr  # the store and its migrations work
    status = _run([str(program), "status", "--format", "{state} {label}"], home,
                  SMFOCUS_DATA_DIR=data)  # fmt: skip
    assert status.stdout == "work Acme / Posts\n"

    # The tray app, offscreen: it starts, stays up, and ends cleanly when asked.
    stderr_path = tmp_path / "tray.stderr"
    with stderr_path.open("w") as stderr:
        tray = subprocess.Popen(
            [str(program)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=tmp_path,
            env=_clean_environment(
                home, SMFOCUS_DATA_DIR=data, QT_QPA_PLATFORM="offscreen",
                SMFOCUS_TRACE_STARTUP="1",
            ),
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "store loaded" not in stderr_path.read_text() and time.monotonic() < deadline:
                assert tray.poll() is None, stderr_path.read_text()
                time.sleep(0.2)
            time.sleep(3)  # a few ticks of the timer
            assert tray.poll() is None, stderr_path.read_text()
        finally:
            os.kill(tray.pid, signal.SIGTERM)
            tray.wait(30)
    lines = stderr_path.read_text().splitlines()
    assert any("store loaded" in line for line in lines), lines
    unexpected = [
        line
        for line in lines
        if not line.startswith("smfocus: ") and not line.startswith(OFFSCREEN_CHATTER)
    ]
    assert not unexpected, unexpected


def test_install_sh_installs_for_the_user_and_uninstalls(bundle: Path, tmp_path: Path) -> None:
    [tarball] = bundle.glob(f"smfocus-{__version__}-linux-*.tar.gz")
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    [folder] = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    home.mkdir()

    done = _run(["sh", str(folder / "install.sh")], home)
    assert done.returncode == 0, done.stderr
    program = home / ".local/lib/smfocus/smfocus"
    entry = home / ".local/share/applications/smfocus.desktop"
    assert f"Exec={program}" in entry.read_text().splitlines()
    assert (home / ".local/share/icons/hicolor/256x256/apps/smfocus.png").is_file()
    command = home / ".local/bin/smfocus"
    assert command.resolve() == program.resolve()
    assert _run([str(command), "--version"], home).stdout == f"smfocus {__version__}\n"
    autostart = _run([str(command), "config", "set", "app.autostart", "on"], home)
    assert autostart.returncode == 0, autostart.stderr
    assert (home / ".config/autostart/smfocus.desktop").is_file()

    again = _run(["sh", str(folder / "install.sh")], home)  # an upgrade in place
    assert again.returncode == 0, again.stderr

    gone = _run(["sh", str(folder / "install.sh"), "--uninstall"], home)
    assert gone.returncode == 0, gone.stderr
    assert not entry.exists() and not command.exists() and not program.exists()
    assert not (home / ".config/autostart/smfocus.desktop").exists()
