"""``smfocus charts``: the charts window on its own, without the tray.

The window follows changes made by the tray or the CLI by itself (see
charts_window.py), so it can stay open beside them.
"""

from __future__ import annotations

from pathlib import Path

from smfocus.ui.standalone import run_alone


def main(data_dir: Path, url: str | None = None) -> int:
    from smfocus.insights import Insights
    from smfocus.ui.charts_window import ChartsWindow

    return run_alone(data_dir, url, lambda tracker: ChartsWindow(Insights(tracker)))
