"""``smfocus import`` and ``smfocus export`` as a user types them, on real files."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smfocus import cli
from smfocus.core.clock import FakeClock
from tests.helpers import Result, assert_one_line_error, at, run_main, snapshot

FIXTURES = Path(__file__).parent / "imports" / "fixtures"
Cli = Callable[..., Result]


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    clock: FakeClock,
    tz: ZoneInfo,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.setattr(cli, "local_zone", lambda: tz)
    monkeypatch.delenv("SMFOCUS_DATABASE_URL", raising=False)
    clock.set(at("2026-02-10T18:00", tz))

    def invoke(*argv: str, folder: Path = data_dir) -> Result:
        return run_main(argv, capsys, data_dir=folder, clock=clock)

    return invoke


def watson_frames(tmp_path: Path, frames: list[list[object]]) -> Path:
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames), encoding="utf-8")
    return path


def test_watson_frames_come_in_exactly_and_only_once(run: Cli, tmp_path: Path) -> None:
    base = 1_767_000_000
    frames = [
        [base + n * 4000, base + n * 4000 + 1000 + n, "bloom", f"id{n}", ["posts"], base]
        for n in range(30)
    ]
    path = watson_frames(tmp_path, frames)
    first = run("import", str(path), "--json")
    assert first.code == 0, first.err
    summary = json.loads(first.out)
    assert summary["format"] == "watson"
    assert (summary["entries"], summary["already_here"], summary["projects_created"]) == (30, 0, 1)
    report = json.loads(run("report", "--json").out)
    assert report["total_seconds"] == sum(frame[1] - frame[0] for frame in frames)  # type: ignore[operator]
    again = run("import", str(path))
    assert again.code == 0
    assert "Imported 0 entries" in again.out
    assert "30 entries were already here." in again.out


def test_a_toggl_export_detected_and_summarised(run: Cli) -> None:
    result = run("import", str(FIXTURES / "toggl_detailed.csv"), "--tz", "Europe/Madrid")
    assert result.code == 0, result.err
    assert "(toggl format)" in result.out
    projects = {p["name"]: p for p in json.loads(run("projects", "--json").out)}
    assert projects["Instagram"]["client"] == "Acme Bakery"


def test_a_dry_run_writes_nothing(run: Cli, tmp_path: Path, raw_db: Path | str) -> None:
    run("project", "add", "Acme")
    before = snapshot(raw_db)
    path = watson_frames(tmp_path, [[1_767_000_000, 1_767_003_600, "x", "a", [], 0]])
    result = run("import", str(path), "--dry-run")
    assert result.code == 0
    assert "Would import 1 entry" in result.out and "Nothing was written" in result.out
    assert snapshot(raw_db) == before


def test_overlaps_name_the_way_out(run: Cli, tmp_path: Path, data_dir: Path) -> None:
    base = 1_767_000_000
    path = watson_frames(
        tmp_path,
        [[base, base + 3600, "x", "a", [], 0], [base + 1800, base + 5400, "x", "b", [], 0]],
    )
    result = run("import", str(path))
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "--on-overlap skip" in result.err
    trimmed = run("import", str(path), "--on-overlap", "trim", "--json")
    assert json.loads(trimmed.out)["trimmed"] == 1


def test_a_bad_line_at_the_end_of_a_large_file_leaves_nothing(
    run: Cli, tmp_path: Path, raw_db: Path | str
) -> None:
    run("project", "add", "Acme")
    before = snapshot(raw_db)
    header = (
        FIXTURES.joinpath("toggl_detailed.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    )
    lines = [header]
    for n in range(5000):
        day = f"2025-0{1 + n // 1000}-{1 + n % 28:02d}"
        minute = n % 50
        lines.append(
            f"A,a@x,,Acme,Posts,,No,{day},10:{minute:02d}:00,{day},10:{minute:02d}:30,00:00:30,,"
        )
    lines.append("A,a@x,,Acme,Posts,,No,2025-13-40,10:00:00,2025-13-40,11:00:00,01:00:00,,")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", str(path), "--on-overlap", "skip")
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "line 5002" in result.err
    assert snapshot(raw_db) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"hello,world\n1,2\n", "")],
)
def test_files_that_are_not_exports_are_one_line_errors(
    run: Cli, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "thing.csv"
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.code == 1
    assert_one_line_error(result.err)
    assert words in result.err


def test_export_csv_is_what_was_tracked_and_safe_in_a_spreadsheet(
    run: Cli, tmp_path: Path
) -> None:
    run("project", "add", "Acme", "--client", "=cmd|' /C calc'!A0")
    run("add", "Acme", "Posts", "--from", "2026-02-09T09:00", "--to", "2026-02-09T10:30")
    out = tmp_path / "out.csv"
    result = run("export", "-o", str(out))
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 1
    assert rows[0]["seconds"] == "5400"
    assert rows[0]["client"].startswith("'=")
    assert not list(tmp_path.glob(".*.part"))


def test_json_backup_into_an_empty_folder_and_out_again_is_the_same(
    run: Cli, tmp_path: Path
) -> None:
    run("project", "add", "Acme", "--rate", "45", "--client", "Bloom")
    run("add", "Acme", "Posts", "--from", "2026-02-09T09:00", "--to", "2026-02-09T10:30")
    assert run("import", str(FIXTURES / "watson"), "--on-overlap", "trim").code == 0
    first = run("export", "--format", "json")
    assert first.code == 0, first.err
    backup = tmp_path / "backup.json"
    backup.write_text(first.out, encoding="utf-8")
    other = tmp_path / "other"
    restored = run("import", str(backup), folder=other)
    assert restored.code == 0, restored.err
    assert "(smfocus format)" in restored.out
    assert run("export", "--format", "json", folder=other).out == first.out
    again = run("import", str(backup), folder=other)
    assert "already here" in again.out


def test_a_timesheet_needs_its_client(run: Cli, tmp_path: Path) -> None:
    result = run("export", "--format", "timesheet")
    assert result.code == 1
    assert_one_line_error(result.err)
    run("project", "add", "Acme", "--client", "Bloom")
    run("add", "Acme", "Posts", "--from", "2026-02-09T09:00", "--to", "2026-02-09T10:30")
    sheet = run("export", "--format", "timesheet", "--client", "bloom")
    assert sheet.code == 0, sheet.err
    assert "<html" in sheet.out.lower() and "1:30" in sheet.out


def test_ical_has_one_event_per_entry(run: Cli) -> None:
    run("project", "add", "Acme")
    run("add", "Acme", "Posts", "--from", "2026-02-09T09:00", "--to", "2026-02-09T10:30")
    run("add", "Acme", "Replies", "--from", "2026-02-09T11:00", "--to", "2026-02-09T11:05")
    result = run("export", "--format", "ical")
    assert result.code == 0, result.err
    assert result.out.count("BEGIN:VEVENT") == 2


def test_a_folder_watson_keeps_is_accepted(run: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "watson"
    shutil.copytree(FIXTURES / "watson", folder)
    refused = run("import", str(folder))
    assert refused.code == 1  # its frames overlap, as Watson allows
    assert "line 2 overlaps line 1" in refused.err
    result = run("import", str(folder), "--json", "--on-overlap", "skip")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["format"] == "watson"
    assert summary["running"]  # Watson's state file: the frame still running there


def test_an_export_file_name_holding_a_nul_is_a_one_line_error(run: Cli) -> None:
    run("project", "add", "Acme")
    result = run("export", "-o", "out\x00.csv")
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "choose another file" in result.err


def test_importing_a_missing_file_in_a_named_format_is_a_one_line_error(
    run: Cli, tmp_path: Path
) -> None:
    result = run("import", str(tmp_path / "gone.data"), "--format", "timewarrior")
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "no such file" in result.err


def test_a_file_name_with_a_nul_is_one_line_not_a_bug(run: Cli) -> None:
    result = run("import", "\x00", "--format", "clockify")
    assert result.code == 1
    assert_one_line_error(result.err)
    assert "NUL" in result.err


def test_a_folder_given_with_a_file_format_is_one_line_not_a_bug(run: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    result = run("import", str(folder), "--format", "clockify")
    assert result.code == 1
    assert_one_line_error(result.err)


def test_an_export_file_is_private_to_the_user(run: Cli, tmp_path: Path) -> None:
    import os
    import stat

    run("project", "add", "Acme")
    previous = os.umask(0o022)
    try:
        assert run("export", "--format", "json", "-o", str(tmp_path / "backup.json")).code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "backup.json").stat().st_mode) == 0o600
