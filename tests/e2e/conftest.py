"""Fixtures for end-to-end tests on a real (virtual) X display with a tray.

Use:

    @pytest.mark.e2e
    def test_something(desktop: Desktop, tmp_path: Path) -> None:
        app = desktop.spawn([sys.executable, "-m", "smfocus", ...], name="smfocus")
        icon = desktop.find_tray_icon_window(app.pid)
        desktop.right_click(icon)
        menu = desktop.wait_for_window(pid=app.pid, exclude=[icon])
        ...

``desktop`` is a fresh Xvfb + private D-Bus session + trayer per test (see
``xvfb.py``), so tests run in parallel under xdist. ``bare_desktop`` has no
tray. When a test fails, the teardown saves a screenshot and attaches the
window tree and the tails of every child's stdout/stderr to the report.
Tests are skipped, with the missing programs named, when the rig's programs
are not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

from tests.e2e.xvfb import Desktop, RigError, missing_programs

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Keep each phase's report on the item, so fixtures can tell at teardown
    # whether the test body failed.
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_REPORTS, {})
    return any(report.failed for report in reports.values())


@pytest.fixture
def require_rig() -> None:
    missing = missing_programs()
    if missing:
        pytest.skip("end-to-end rig needs " + ", ".join(missing))


@pytest.fixture
def desktop_factory(
    require_rig: None, tmp_path: Path, request: pytest.FixtureRequest, artifacts: Path
) -> Iterator[Callable[..., Desktop]]:
    """Start desktops with options (``tray=False``, ``screen="800x600x24"``...);
    all are closed after the test."""
    started: list[Desktop] = []

    def start(*, tray: bool = True, dbus: bool = True, screen: str = "1280x800x24") -> Desktop:
        workdir = tmp_path / f"desktop{len(started)}"
        try:
            desktop = Desktop.start(workdir, tray=tray, dbus=dbus, screen=screen)
        except RigError as error:
            pytest.fail(f"could not start the test desktop: {error}", pytrace=False)
        started.append(desktop)
        return desktop

    yield start
    for desktop in reversed(started):
        if _failed(request):
            _keep_evidence(desktop, request, artifacts)
        desktop.close()


@pytest.fixture
def desktop(desktop_factory: Callable[..., Desktop]) -> Desktop:
    """Xvfb 1280x800 + private session bus + trayer (top right, 32 px high)."""
    return desktop_factory()


@pytest.fixture
def bare_desktop(desktop_factory: Callable[..., Desktop]) -> Desktop:
    """Xvfb + private session bus, no tray: for "what if there is no tray" tests."""
    return desktop_factory(tray=False)


def _keep_evidence(desktop: Desktop, request: pytest.FixtureRequest, artifacts: Path) -> None:
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    shot = artifacts / f"e2e-failure-{name}.png"
    try:
        desktop.screenshot(shot)
        where = f"screenshot: {shot}"
    except RigError as error:
        where = f"no screenshot ({error})"
    request.node.add_report_section(
        "teardown", "desktop", f"{where}\nlogs: {desktop.logs_dir}\n{desktop.describe()}"
    )
