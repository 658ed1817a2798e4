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

from PySide6.QtCore import QDate, QLocale, Qt, Signal
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

from smfocus.core import fmt
from smfocus.core.i18n import N_, _, ngettext
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
from smfocus.ui.forms import grow_to_fit
from smfocus.ui.words import explain

POLICY_LABELS = {
    OverlapPolicy.FAIL: N_("Stop and import nothing"),
    OverlapPolicy.SKIP: N_("Leave overlapping entries out"),
    OverlapPolicy.TRIM: N_("Shorten them to fit"),
}


def _counted(text: str, count: int, **fields: object) -> str:
    """``text`` (ngettext's form for ``count``) with the count written for people (1,234)."""
    return text.format(count=fmt.number(count), **fields)


def summary_text(summary: ImportSummary) -> str:
    """What the import did (or would do), in the app's words."""
    if summary.dry_run:
        first = _counted(
            ngettext(
                "{count} entry to import ({format} format).",
                "{count} entries to import ({format} format).",
                summary.entries,
            ),
            summary.entries,
            format=summary.format,
        )
    else:
        first = _counted(
            ngettext(
                "{count} entry imported ({format} format).",
                "{count} entries imported ({format} format).",
                summary.entries,
            ),
            summary.entries,
            format=summary.format,
        )
    lines = [first]
    if summary.already_here:
        lines.append(
            _counted(
                ngettext(
                    "{count} entry already here, left as it is.",
                    "{count} entries already here, left as they are.",
                    summary.already_here,
                ),
                summary.already_here,
            )
        )
    if summary.skipped:
        lines.append(
            _counted(
                ngettext(
                    "{count} entry left out: empty, overlapping or running.",
                    "{count} entries left out: empty, overlapping or running.",
                    summary.skipped,
                ),
                summary.skipped,
            )
        )
    if summary.trimmed:
        lines.append(
            _counted(
                ngettext(
                    "{count} entry shortened to fit around other time.",
                    "{count} entries shortened to fit around other time.",
                    summary.trimmed,
                ),
                summary.trimmed,
            )
        )
    if summary.projects_created or summary.tasks_created:
        lines.append(
            _("New projects: {projects}; new tasks: {tasks}.").format(
                projects=fmt.number(summary.projects_created),
                tasks=fmt.number(summary.tasks_created),
            )
        )
    if summary.running:
        lines.append(_("Its running entry will run here."))
    return "\n".join(lines)


class _Progress:
    """A progress dialog fed by the use case's callbacks; Cancel raises inside them."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle("smfocus")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setValue(0)

    def reading(self, items: Iterator[SourceEntry]) -> Iterator[SourceEntry]:
        for count, item in enumerate(items, start=1):
            if count % 2_000 == 0:
                self.dialog.setLabelText(
                    _counted(
                        ngettext("Reading… {count} entry", "Reading… {count} entries", count),
                        count,
                    )
                )
                self._pump()
            yield item

    def writing(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        # The plural follows the total: "Writing 1 of 2 entries".
        self.dialog.setLabelText(
            ngettext(
                "Writing {done} of {total} entry…", "Writing {done} of {total} entries…", total
            ).format(done=fmt.number(done), total=fmt.number(total))
        )
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
        self.setWindowTitle(_("Import history"))
        self.setMinimumWidth(460)  # room for a path and the summary without wrapping each word
        self.policy = QComboBox()
        for policy, label in POLICY_LABELS.items():
            self.policy.addItem(_(label), policy.value)
        self.policy.currentIndexChanged.connect(self.preview)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        source = QLabel(str(path))
        source.setTextFormat(Qt.TextFormat.PlainText)
        source.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("From:"), source)
        form.addRow(_("&Overlaps:"), self.policy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(_("&Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.result_summary: ImportSummary | None = None

    def _say(self, text: str) -> None:
        self.summary.setText(text)
        # Three lines of summary (more in French) must not push the path out of sight.
        grow_to_fit(self)

    def chosen_policy(self) -> OverlapPolicy:
        return OverlapPolicy(self.policy.currentData())

    def preview(self) -> ImportSummary | None:
        """The dry run: what would happen, shown before anything is written."""
        summary = self._import(dry_run=True)
        self.import_button.setEnabled(summary is not None and summary.entries > 0)
        if summary is not None:
            self._say(summary_text(summary))
        return summary

    def run(self) -> None:
        summary = self._import(dry_run=False)
        if summary is None:
            return
        self.result_summary = summary
        self._say(summary_text(summary))
        self.imported.emit(summary)
        self.accept()

    def _import(self, *, dry_run: bool) -> ImportSummary | None:
        progress = _Progress(self, _("Checking…") if dry_run else _("Importing…"))
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
            self._say(
                _counted(
                    ngettext(
                        "{count} entry overlaps other time (the first on line {line})."
                        " Choose what to do with it above.",
                        "{count} entries overlap other time (the first on line {line})."
                        " Choose what to do with them above.",
                        error.count,
                    ),
                    error.count,
                    line=error.conflicts[0].line,
                )
            )
        except ImportCancelledError:
            self._say(_("Cancelled: nothing was imported."))
        except UserError as error:
            self._say(explain(error))
        finally:
            progress.close()
        self.import_button.setEnabled(False)
        return None


def ask_import(timer: Timer, parent: QWidget | None = None) -> ImportDialog | None:
    """Choose a file, then open the import dialog on it (already previewed)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Import history"),
        str(Path.home()),
        ";;".join(
            [
                _("Exports ({patterns})").format(patterns="*.csv *.json *.data frames"),
                _("All files ({patterns})").format(patterns="*"),
            ]
        ),
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
        self.setWindowTitle(_("Export"))
        self.format = QComboBox()
        labels = {
            "csv": _("CSV (spreadsheet)"),
            "toggl": _("Toggl Track CSV"),
            "json": _("smfocus backup (JSON)"),
            "ical": _("Calendar (iCalendar)"),
            "timesheet": _("Timesheet for a client (HTML)"),
        }
        for kind in FORMATS:
            self.format.addItem(labels[kind], kind)
        today = local_date(tracker.clock.now(), tracker.tz)
        self.start = QDateEdit(_qdate(today.replace(day=1)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            # As fmt.day writes a date, and the calendar's month and day names in
            # the language smfocus speaks rather than the locale Qt found.
            edit.setDisplayFormat("dd/MM/yyyy" if fmt.french() else "yyyy-MM-dd")
            edit.setLocale(_qlocale())
        self.project = QComboBox()
        self.project.addItem(_("All projects"), None)
        self.client = QComboBox()
        self.client.addItem(_("All clients"), None)
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
        form.addRow(_("&Format:"), self.format)
        form.addRow(_("F&rom:"), self.start)
        form.addRow(_("&To:"), self.end)
        form.addRow(_("&Project:"), self.project)
        form.addRow(_("&Client:"), self.client)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        # Our words rather than Qt's: they follow the language smfocus speaks.
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save…"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.accepted.connect(self.ask_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        grow_to_fit(self)

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
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export"), str(Path.home() / f"smfocus.{suffix}"), f"*.{suffix}"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int | None:
        kind = str(self.format.currentData())
        selection = self.selection()
        if kind == "timesheet" and (selection.client is None) == (selection.project is None):
            self._say(_("A timesheet is for one client or one project: choose one."))
            return None
        title = selection.client or selection.project or ""
        try:
            with written_whole(path) as out:
                count = write_format(kind, self.timer.tracker, selection, out, title=title)
        except UserError as error:
            self._say(explain(error))
            return None
        self._say(
            _counted(
                ngettext(
                    "Wrote {count} entry to {path}.", "Wrote {count} entries to {path}.", count
                ),
                count,
                path=path,
            )
        )
        return count


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _qlocale() -> QLocale:
    if fmt.french():
        return QLocale(QLocale.Language.French, QLocale.Country.France)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
