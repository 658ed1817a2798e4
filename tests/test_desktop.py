"""smfocus as a desktop application: the shipped files pass the freedesktop
validators, ``smfocus desktop install`` puts a menu entry and icons in the
user's data folder, and ``app.autostart`` writes or removes the login entry."""

from __future__ import annotations

import shutil
import struct
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from smfocus import desktop
from smfocus.errors import UserError
from tests.helpers import assert_one_line_error, run_main


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils, appstream)")
    return found


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    data, config = tmp_path / "xdg-data", tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return data, config


def _entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# -- the shipped files ------------------------------------------------------------------


def test_the_desktop_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    tool = _tool("desktop-file-validate")
    for name, text in {
        "shipped": (desktop.resource_root() / desktop.DESKTOP_FILE).read_text("utf-8"),
        "installed": desktop.desktop_entry(Path("/opt/my apps/$HOME/smfocus")),
        "autostart": desktop.autostart_entry(Path("/usr/bin/smfocus")),
    }.items():
        path = tmp_path / name / desktop.DESKTOP_FILE
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
        assert "error" not in done.stdout + done.stderr


def test_the_appstream_metadata_passes_appstreamcli_validate() -> None:
    tool = _tool("appstreamcli")
    with resources.as_file(desktop.resource_root() / desktop.METAINFO_FILE) as path:
        done = subprocess.run(
            [tool, "validate", "--no-net", str(path)], capture_output=True, text=True, check=False
        )
        text = path.read_text("utf-8")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"<id>{desktop.APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{desktop.DESKTOP_FILE}</launchable>' in text
    assert "<screenshot " in text and "<release " in text


def test_every_icon_size_is_a_png_of_that_size() -> None:
    icons = desktop.resource_root() / "icons"
    for size in desktop.ICON_SIZES:
        assert _png_size((icons / f"smfocus-{size}.png").read_bytes()) == (size, size)
    assert b"<svg" in (icons / "smfocus.svg").read_bytes()


def test_the_screenshot_the_metadata_names_ships() -> None:
    shot = desktop.resource_root() / "screenshots" / "focus-window.png"
    width, height = _png_size(shot.read_bytes())
    assert width >= 200 and height >= 150


# -- the Exec line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "exec_value"),
    [
        ("/usr/bin/smfocus", "/usr/bin/smfocus"),
        ("/home/me/my apps/smfocus", '"/home/me/my apps/smfocus"'),
        ('/x/a"b$c`d\\e/smfocus', '"/x/a\\\\"b\\\\$c\\\\`d\\\\\\\\e/smfocus"'),
        ("/x/100%/smfocus", "/x/100%%/smfocus"),
    ],
)
def test_the_exec_line_quotes_the_path_as_the_spec_says(path: str, exec_value: str) -> None:
    assert _entry_from_text(desktop.desktop_entry(Path(path)))["Exec"] == exec_value


def _entry_from_text(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines()[1:] if "=" in line)


def test_a_path_with_a_line_break_is_refused() -> None:
    with pytest.raises(UserError, match="line break"):
        desktop.desktop_entry(Path("/tmp/a\nb/smfocus"))


def test_the_command_is_the_smfocus_beside_this_python() -> None:
    command = desktop.smfocus_command()
    assert command.is_absolute() and command.name == "smfocus"
    assert command.is_file()


# -- install and uninstall --------------------------------------------------------------


def test_desktop_install_puts_the_entry_and_icons_in_the_data_folder(
    xdg: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _config = xdg
    result = run_main(["desktop", "install"], capsys, data_dir=data_dir)
    assert result.code == 0, result.err
    entry = _entry(data / "applications" / "smfocus.desktop")
    assert entry["Exec"] == str(desktop.smfocus_command())
    assert Path(entry["Exec"]).is_absolute()
    assert entry["Icon"] == "smfocus"
    for size in desktop.ICON_SIZES:
        png = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "smfocus.png"
        assert _png_size(png.read_bytes()) == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "smfocus.svg").is_file()
    assert (data / "metainfo" / desktop.METAINFO_FILE).is_file()
    assert not data_dir.exists(), "installing the menu entry must not create the database"

    tool = shutil.which("desktop-file-validate")
    if tool is not None:
        path = data / "applications" / "smfocus.desktop"
        assert subprocess.run([tool, str(path)], check=False).returncode == 0

    again = run_main(["desktop", "install"], capsys, data_dir=data_dir)
    assert again.code == 0

    removed = run_main(["desktop", "uninstall"], capsys, data_dir=data_dir)
    assert removed.code == 0
    assert [p for p in data.rglob("*") if p.is_file()] == []
    nothing = run_main(["desktop", "uninstall"], capsys, data_dir=data_dir)
    assert nothing.code == 0 and "Nothing to remove" in nothing.out


def test_desktop_install_without_xdg_data_home_uses_the_home_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert run_main(["desktop", "install"], capsys, data_dir=data_dir).code == 0
    assert (tmp_path / ".local/share/applications/smfocus.desktop").is_file()


def test_desktop_install_into_a_folder_it_cannot_write_is_one_line(
    xdg: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _config = xdg
    data.mkdir()
    (data / "applications").write_text("a file where a folder should be")
    result = run_main(["desktop", "install"], capsys, data_dir=data_dir)
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "applications" in result.err


# -- start at login ---------------------------------------------------------------------


def test_autostart_on_writes_the_login_entry_and_off_removes_it(
    xdg: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _data, config = xdg
    login = config / "autostart" / "smfocus.desktop"
    assert run_main(["config", "get", "app.autostart"], capsys, data_dir=data_dir).out == "off\n"

    result = run_main(["config", "set", "app.autostart", "on"], capsys, data_dir=data_dir)
    assert (result.code, result.out) == (0, "app.autostart = on\n")
    entry = _entry(login)
    assert entry["Exec"] == str(desktop.smfocus_command())
    assert run_main(["config", "get", "app.autostart"], capsys, data_dir=data_dir).out == "on\n"
    listed = run_main(["config", "list"], capsys, data_dir=data_dir).out.splitlines()
    assert "app.autostart = on" in listed and "pomodoro.work = 25m" in listed

    result = run_main(["config", "set", "app.autostart", "off"], capsys, data_dir=data_dir)
    assert (result.code, result.out) == (0, "app.autostart = off\n")
    assert not login.exists()
    listed = run_main(["config", "list"], capsys, data_dir=data_dir).out.splitlines()
    assert "app.autostart = off" in listed


def test_autostart_set_and_get_never_open_the_database(
    xdg: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_main(["config", "set", "app.autostart", "yes"], capsys, data_dir=data_dir)
    run_main(["config", "get", "app.autostart"], capsys, data_dir=data_dir)
    assert not data_dir.exists()


def test_an_autostart_entry_the_desktop_hid_counts_as_off(xdg: tuple[Path, Path]) -> None:
    _data, config = xdg
    desktop.set_autostart(config, True, Path("/usr/bin/smfocus"))
    path = desktop.autostart_path(config)
    path.write_text(path.read_text() + "Hidden=true\n")
    assert not desktop.autostart_enabled(config)


def test_a_bad_autostart_value_is_one_line_and_changes_nothing(
    xdg: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _data, config = xdg
    result = run_main(["config", "set", "app.autostart", "maybe"], capsys, data_dir=data_dir)
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "on or off" in result.err
    assert not (config / "autostart").exists()
    missing = run_main(["config", "set", "app.autostart"], capsys, data_dir=data_dir)
    assert missing.code == 1
    assert_one_line_error(missing.err)
