"""smfocus on a StatusNotifierItem tray (KDE, GNOME with the AppIndicator
extension, waybar...): no screenshot, only what the panel itself reads over
D-Bus. A fake ``org.kde.StatusNotifierWatcher`` owns its name on the private
session bus before the app starts, which is all Qt needs to choose the D-Bus
tray over XEmbed (see NOTES.md, "Trays")."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from smfocus.ui import icon as icons
from tests.e2e.test_smfocus_tray import cli, status
from tests.e2e.xvfb import Child, Desktop, wait_until

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WATCHER = Path(__file__).with_name("fake_sni_watcher.py")
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


class SniPanel:
    """Reads the item the way a panel does, with ``busctl --json``."""

    def __init__(self, desktop: Desktop, record: Path) -> None:
        self.desktop = desktop
        self.record = record
        self.service = ""

    def registered(self) -> str | None:
        if not self.record.exists():
            return None
        lines = self.record.read_text(encoding="utf-8").splitlines()
        if not lines:
            return None
        self.service = json.loads(lines[-1])["item"]
        return self.service

    def busctl(self, *args: str) -> Any:
        done = subprocess.run(
            ["busctl", f"--address={self.desktop.bus_address}", "--json=short", *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        )
        return json.loads(done.stdout) if done.stdout.strip() else None  # Event answers nothing

    def item_property(self, name: str) -> Any:
        return self.busctl("get-property", self.service, "/StatusNotifierItem", ITEM, name)["data"]

    def menu_path(self) -> str:
        return str(self.item_property("Menu"))

    def menu(self) -> dict[str, tuple[int, bool]]:
        """Each top-level label (and its submenus'): its id, and whether it is shown."""
        reply = self.busctl(
            "call", self.service, self.menu_path(), MENU, "GetLayout", "--", "iias", "0", "-1", "0"
        )
        _revision, root = reply["data"]
        found: dict[str, tuple[int, bool]] = {}

        def walk(node: list[Any]) -> None:
            ident, props, children = node
            if "label" in props:
                visible = props.get("visible", {"data": True})["data"]
                found[props["label"]["data"]] = (ident, bool(visible))
            for child in children:
                walk(child["data"])

        walk(root)
        return found

    def click(self, label: str) -> None:
        ident, visible = self.menu()[label]
        assert visible, f"{label!r} is hidden"
        self.busctl(
            "call", self.service, self.menu_path(), MENU, "Event", "isvu",
            str(ident), "clicked", "s", "", "0",
        )  # fmt: skip

    def pixmap(self, size: int) -> bytes:
        for width, height, data in self.item_property("IconPixmap"):
            if (width, height) == (size, size):
                return bytes(data)
        raise AssertionError(f"no {size} px pixmap in the item")


def expected_pixmap(state: icons.IconState, size: int) -> bytes:
    """What the tray's painter draws for ``state``, as the item sends it: ARGB32,
    one big-endian word per pixel (the StatusNotifierItem specification)."""
    image = icons.render_image(state, size).convertToFormat(QImage.Format.Format_ARGB32)
    count = size * size
    words = struct.unpack(f"={count}I", bytes(image.constBits())[: count * 4])
    return struct.pack(f">{count}I", *words)


def state_of(data: Path) -> icons.IconState:
    now = status(data)
    if now["phase"] is None:
        return icons.IconState.idle()
    settings = dict(line.split(" = ") for line in cli(data, "config", "list").stdout.splitlines())
    total = {"work": "pomodoro.work", "short_break": "pomodoro.short_break"}[str(now["phase"])]
    minutes = int(settings[total].rstrip("m"))
    return icons.IconState(
        phase=now["phase"],  # type: ignore[arg-type]
        paused=bool(now["paused"]),
        remaining_seconds=int(now["remaining_seconds"]),  # type: ignore[call-overload]
        total_seconds=minutes * 60,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "smfocus-data"
    cli(folder, "project", "add", "Acme")
    cli(folder, "add", "Acme", "Replies", "--from", "-2h", "--to", "-1h")
    return folder


def test_the_tray_is_a_status_notifier_item_that_works_over_d_bus(
    bare_desktop: Desktop, data: Path, tmp_path: Path, qapp: object
) -> None:
    desktop = bare_desktop
    record = tmp_path / "watcher.jsonl"
    watcher = desktop.spawn([sys.executable, str(WATCHER), desktop.bus_address, str(record)])
    watcher.wait_for_output("ready")
    app: Child = desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
        name="smfocus",
        env={"SMFOCUS_TRACE_STARTUP": "1", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    panel = SniPanel(desktop, record)
    wait_until(panel.registered, "the item to register with the watcher", 20, app.logs)
    app.wait_for_output("store loaded", stream="stderr")
    assert panel.item_property("Id") == "smfocus"
    assert "Idle" in panel.item_property("ToolTip")[2]

    def icon_follows() -> bool:
        return panel.pixmap(16) == expected_pixmap(state_of(data), 16)

    wait_until(icon_follows, "the idle icon", 15, app.logs)
    idle = panel.pixmap(16)

    labels = panel.menu()
    for label in ("Start focus on Acme / Replies", "Start break", "Settings…", "Quit"):
        assert labels[label][1], f"{label!r} should be shown: {labels}"
    assert not labels["Pause"][1]

    panel.click("Start focus on Acme / Replies")
    wait_until(lambda: status(data)["phase"] == "work", "focus to start", 15, app.logs)
    assert status(data)["task"] == "Replies"
    wait_until(icon_follows, "the icon to show the focus countdown", 15, app.logs)
    assert panel.pixmap(16) != idle

    wait_until(lambda: panel.menu()["Pause"][1], "Pause to show in the menu", 15, app.logs)
    panel.click("Pause")
    wait_until(lambda: status(data)["paused"] is True, "the pause", 15, app.logs)
    wait_until(icon_follows, "the paused icon", 15, app.logs)

    cli(data, "pomodoro", "resume")  # from outside: the item follows the database
    wait_until(lambda: panel.menu()["Pause"][1], "the menu to follow a CLI resume", 15, app.logs)
    wait_until(icon_follows, "the icon to follow a CLI resume", 15, app.logs)

    panel.click("Quit")
    assert app.wait(20) == 0
    assert "Traceback" not in app.stderr()


def test_the_item_speaks_the_language_of_the_locale(
    bare_desktop: Desktop, data: Path, tmp_path: Path, qapp: object
) -> None:
    """Under a French locale the panel reads the menu and the tooltip in French."""
    desktop = bare_desktop
    record = tmp_path / "watcher.jsonl"
    watcher = desktop.spawn([sys.executable, str(WATCHER), desktop.bus_address, str(record)])
    watcher.wait_for_output("ready")
    app: Child = desktop.spawn(
        [sys.executable, "-m", "smfocus", "--data-dir", str(data)],
        name="smfocus",
        env={"SMFOCUS_TRACE_STARTUP": "1", "PYTHONPATH": str(ROOT), "LANG": "fr_FR.UTF-8"},
        cwd=ROOT,
    )
    panel = SniPanel(desktop, record)
    wait_until(panel.registered, "the item to register with the watcher", 20, app.logs)
    app.wait_for_output("store loaded", stream="stderr")
    wait_until(
        lambda: "Inactif" in panel.item_property("ToolTip")[2], "a French tooltip", 15, app.logs
    )

    labels = panel.menu()
    for label in (
        "Démarrer la concentration sur Acme / Replies",
        "Démarrer la concentration",
        "Démarrer une pause",
        "Noter une interruption…",
        "Graphiques…",
        "Chronologie…",
        "Projets et tâches…",
        "Réglages…",
        "Lot",
        "Quitter",
    ):
        assert label in labels and labels[label][1], f"{label!r} should be shown: {labels}"
    assert not labels["Reprendre"][1]
    assert not any(english in labels for english in ("Start break", "Settings…", "Quit"))

    panel.click("Démarrer la concentration sur Acme / Replies")
    wait_until(lambda: status(data)["phase"] == "work", "focus to start", 15, app.logs)

    def counting_down() -> bool:
        return any(label.startswith("Concentration · ") for label in panel.menu())

    wait_until(counting_down, "the French countdown in the menu's header", 15, app.logs)
    assert panel.menu()["Arrêter"][1]
    assert "min restantes" in panel.item_property("ToolTip")[2]

    panel.click("Quitter")
    assert app.wait(20) == 0
    assert "Traceback" not in app.stderr()
