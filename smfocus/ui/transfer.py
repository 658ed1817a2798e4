"""Import… and Export… in the app: the same use cases as ``smfocus import`` and
``smfocus export``, behind a dialog.

Import shows what a dry run found before anything is written (entries, what
is already here, overlaps), lets the user choose what to do with overlaps, and
writes with a progress dialog whose Cancel rolls the whole import back.
Work runs on the GUI thread and keeps the window alive by processing events
from the progress callbacks: the store's connections stay on one thread, and
a cancel is just an exception inside the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from smfocus.core.localtime import day_start, local_date
from smfocus.errors import UserError
from smfocus.exporting import FORMATS, Selection, write_format, written_whole
from smfocus.import_file import import_path
from smfocus.importer import (
    ImportCancelledError,
    ImportSummary,
    OverlapError,
    OverlapPolicy,
)
from smfocus.imports.records import SourceEntry
from smfocus.pomodoro import Timer

POLICY_LABELS = {
    OverlapPolicy.FAIL: "Stop and import nothing",
    OverlapPolicy.SKIP: "Leave overlapping entries out",
    OverlapPolicy.TRIM: "Shorten them to fit",
}


def _entries(count: int) -> str:
    return f"{count:,} entr{'y' if count == 1 else 'ies'}"


def summary_text(summary: ImportSummary) -> str:
    """What the import did (or would do), in the app's words."""
    lines = [
        f"{_entries(summary.entries)} {'to import' if summary.dry_run else 'imported'} "
        f"({summary.format} format)."
    ]
    if summary.already_here:
        lines.append(f"{_entries(summary.already_here)} already here, left as they are.")
    if summary.skipped:
        lines.append(f"{_entries(summary.skipped)} left out: empty, overlapping or running.")
    if summary.trimmed:
        lines.append(f"{_entries(summary.trimmed)} shortened to fit around other time.")
    if summary.projects_created or summary.tasks_created:
        lines.append(
            f"New projects: {summary.projects_created}; new tasks: {summary.tasks_created}."
        )
    if summary.running:
        lines.append("Its running entry will run here.")
    return "\n".join(lines)


class _Progress:
    """A progress dialog fed by the use case's callbacks; Cancel raises inside them."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("smfocus")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setValue(0)

    def reading(self, items: Iterator[SourceEntry]) -> Iterator[SourceEntry]:
        for count, item in enumerate(items, start=1):
            if count % 2_000 == 0:
                self.dialog.setLabelText(f"Reading… {count:,} entries")
                self._pump()
            yield item

    def writing(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"Writing {done:,} of {total:,} entries…")
        self._pump()

    def _pump(self) -> None:
        QApplication.processEvents()
        if self.dialog.wasCanceled():
            raise ImportCancelledError

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()


class ImportDialog(QDialog):
    """Import one file or folder: the dry run's summary first, then the real thing.

    Signals:
        imported(object): the ImportSummary of an import that was written.
    """

    imported = Signal(object)

    def __init__(self, timer: Timer, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        self.path = path
        self.setWindowTitle("Import history")
        self.setMinimumWidth(460)  # room for a path and the summary without wrapping each word
        self.policy = QComboBox()
        for policy, label in POLICY_LABELS.items():
            self.policy.addItem(label, policy.value)
        self.policy.currentIndexChanged.connect(self.preview)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        source = QLabel(str(path))
        source.setTextFormat(Qt.TextFormat.PlainText)
        source.setWordWrap(True)
        form = QFormLayout()
        form.addRow("From:", source)
        form.addRow("&Overlaps:", self.policy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.result_summary: ImportSummary | None = None

    def chosen_policy(self) -> OverlapPolicy:
        return OverlapPolicy(self.policy.currentData())

    def preview(self) -> ImportSummary | None:
        """The dry run: what would happen, shown before anything is written."""
        summary = self._import(dry_run=True)
        self.import_button.setEnabled(summary is not None and summary.entries > 0)
        if summary is not None:
            self.summary.setText(summary_text(summary))
        return summary

    def run(self) -> None:
        summary = self._import(dry_run=False)
        if summary is None:
            return
        self.result_summary = summary
        self.summary.setText(summary_text(summary))
        self.imported.emit(summary)
        self.accept()

    def _import(self, *, dry_run: bool) -> ImportSummary | None:
        progress = _Progress(self, "Checking…" if dry_run else "Importing…")
        try:
            return import_path(
                self.timer.tracker,
                self.path,
                max_seconds=self.timer.settings().entry_max,
                on_overlap=self.chosen_policy(),
                dry_run=dry_run,
                reading=progress.reading,
                progress=progress.writing,
            )
        except OverlapError as error:
            verb = "overlaps" if error.count == 1 else "overlap"
            self.summary.setText(
                f"{_entries(error.count)} {verb} other time (the first on line "
                f"{error.conflicts[0].line}). Choose what to do with them above."
            )
        except ImportCancelledError:
            self.summary.setText("Cancelled: nothing was imported.")
        except UserError as error:
            self.summary.setText(str(error))
        finally:
            progress.close()
        self.import_button.setEnabled(False)
        return None


def ask_import(timer: Timer, parent: QWidget | None = None) -> ImportDialog | None:
    """Choose a file, then open the import dialog on it (already previewed)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Import history",
        str(Path.home()),
        "Exports (*.csv *.json *.data frames);;All files (*)",
    )
    if not path:
        return None
    dialog = ImportDialog(timer, Path(path), parent)
    dialog.preview()
    dialog.show()
    return dialog


class ExportDialog(QDialog):
    """Choose a format, a period and optionally a project or client; then a file."""

    def __init__(self, timer: Timer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        tracker = timer.tracker
        self.setWindowTitle("Export")
        self.format = QComboBox()
        labels = {
            "csv": "CSV (spreadsheet)",
            "toggl": "Toggl Track CSV",
            "json": "smfocus backup (JSON)",
            "ical": "Calendar (iCalendar)",
            "timesheet": "Timesheet for a client (HTML)",
        }
        for kind in FORMATS:
            self.format.addItem(labels[kind], kind)
        today = local_date(tracker.clock.now(), tracker.tz)
        self.start = QDateEdit(_qdate(today.replace(day=1)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.project = QComboBox()
        self.project.addItem("All projects", None)
        self.client = QComboBox()
        self.client.addItem("All clients", None)
        clients: set[str] = set()
        for project in tracker.projects():
            self.project.addItem(project.name, project.name)
            if project.client:
                clients.add(project.client)
        for client in sorted(clients, key=str.casefold):
            self.client.addItem(client, client)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("F&rom:", self.start)
        form.addRow("&To:", self.end)
        form.addRow("&Project:", self.project)
        form.addRow("&Client:", self.client)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.ask_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def selection(self) -> Selection:
        tz = self.timer.tracker.tz
        if self.format.currentData() == "json":
            return Selection()
        first = self.start.date().toPython()
        last = self.end.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        return Selection(
            start=day_start(first, tz),
            end=day_start(last + timedelta(days=1), tz),
            project=self.project.currentData(),
            client=self.client.currentData(),
        )

    def ask_file(self) -> None:
        kind = str(self.format.currentData())
        suffix = {"csv": "csv", "toggl": "csv", "json": "json", "ical": "ics"}.get(kind, "html")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export", str(Path.home() / f"smfocus.{suffix}"), f"*.{suffix}"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int | None:
        kind = str(self.format.currentData())
        selection = self.selection()
        if kind == "timesheet" and (selection.client is None) == (selection.project is None):
            self.message.setText("A timesheet is for one client or one project: choose one.")
            return None
        title = selection.client or selection.project or ""
        try:
            with written_whole(path) as out:
                count = write_format(kind, self.timer.tracker, selection, out, title=title)
        except UserError as error:
            self.message.setText(str(error))
            return None
        self.message.setText(f"Wrote {_entries(count)} to {path}.")
        return count


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
