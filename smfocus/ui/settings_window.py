"""The Settings window: the timer's settings, written through ``Timer.set_settings``.

Every field maps to one CLI key (``pomodoro.work``, ``notifications.sound``, …),
and Save hands the window's text for each changed key to the same call that
``smfocus config set`` uses, so the window and the CLI obey one rule set.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smfocus import desktop
from smfocus.core.focus import ALL_SETTING_KEYS, AWAY_KEYS, SETTING_KEYS, FocusSettings
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.ui.forms import FieldMessage, set_tab_order, with_message

DURATION_KEYS = ("pomodoro.work", "pomodoro.short_break", "pomodoro.long_break")
COUNT_KEYS = ("pomodoro.long_break_every", "pomodoro.daily_goal")
SWITCH_KEYS = (
    "pomodoro.auto_start_breaks",
    "pomodoro.auto_start_work",
    "notifications.enabled",
    "notifications.sound",
    "away.on_lock",
    "focus.do_not_disturb",
)
OFF_KEYS = ("away.after", "remind.after")  # minutes, 0 shown and saved as "off"
LINE_KEYS = ("remind.hours", "remind.days")
WINDOW_KEYS = DURATION_KEYS + COUNT_KEYS + SWITCH_KEYS + OFF_KEYS + LINE_KEYS
# Every timer and away setting; the limits (LIMIT_KEYS) stay with the CLI.
assert set(WINDOW_KEYS) == set(SETTING_KEYS) | set(AWAY_KEYS)
DND_MISSING = "Not available: this desktop offers no way to silence notifications."
DND_MISSING_TIP = (
    "Neither GNOME's notification banners setting nor KDE's notification"
    " inhibition is present on this desktop."
)


LABEL_WIDTH = 130


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def _spin(minimum: int, maximum: int, suffix: str, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setSuffix(suffix)
    spin.setToolTip(tip)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setMinimumWidth(130)
    return spin


class SettingsWindow(QDialog):
    """Focus and break lengths, the long-break rhythm, auto-start, daily goal, alerts.

    Save writes the settings the user changed through ``Timer.set_settings``, in
    one transaction, and closes; Cancel (or Esc) discards. The fields are read again from the
    database each time the window opens, so a change made with the CLI shows.

    Signals:
        changed(): after Save wrote at least one setting, so the tray can re-read
            the timer.
    """

    changed = Signal()

    def __init__(
        self,
        timer: Timer,
        parent: QWidget | None = None,
        *,
        dnd_way: Callable[[], str | None] | None = None,
    ) -> None:
        """``dnd_way`` says how this desktop silences notifications (``DoNotDisturb.
        available``); None there disables the do-not-disturb box."""
        super().__init__(parent)
        self.timer = timer
        self._dnd_way = dnd_way
        self.setWindowTitle("smfocus settings")
        self._loaded: dict[str, str] = {}  # key -> text shown when the form was filled
        self._stale = False

        self.spins: dict[str, QSpinBox] = {
            "pomodoro.work": _spin(1, 240, " min", "How long one focus session lasts."),
            "pomodoro.short_break": _spin(1, 240, " min", "The break after a focus session."),
            "pomodoro.long_break": _spin(1, 240, " min", "The longer break after a few sessions."),
            "pomodoro.long_break_every": _spin(
                1, 50, " sessions", "A long break instead of a short one after this many."
            ),
            "pomodoro.daily_goal": _spin(
                1, 50, " pomodoros", "Focus sessions you aim to complete in a day."
            ),
            "away.after": _spin(
                0, 240, " min", "Idle this long while an entry runs: ask what the time was."
            ),
            "remind.after": _spin(
                0, 240, " min", "Active this long with nothing tracked: remind me."
            ),
        }
        for key in OFF_KEYS:
            self.spins[key].setSpecialValueText("off")
        self.lines: dict[str, QLineEdit] = {
            "remind.hours": QLineEdit(),
            "remind.days": QLineEdit(),
        }
        self.lines["remind.hours"].setToolTip("Remind only between these times, e.g. 09:00-18:00.")
        self.lines["remind.days"].setToolTip("Remind only on these days, e.g. mon-fri.")
        self.checks: dict[str, QCheckBox] = {
            "pomodoro.auto_start_breaks": QCheckBox("Start breaks automatically"),
            "pomodoro.auto_start_work": QCheckBox("Start the next focus session after a break"),
            "notifications.enabled": QCheckBox("Notify me when a session or break ends"),
            "notifications.sound": QCheckBox("Play a sound with the notification"),
            "away.on_lock": QCheckBox("Pause when the screen locks"),
            "focus.do_not_disturb": QCheckBox("Do not disturb while focusing"),
        }
        self.dnd_note = QLabel(DND_MISSING)
        self.dnd_note.setToolTip(DND_MISSING_TIP)
        self.dnd_note.hide()
        # app.autostart: a file of this machine's login session, not a database row.
        self.autostart = QCheckBox("Start smfocus when I log in")
        self.autostart.setToolTip("Adds smfocus to this computer's startup applications.")
        self._autostart_loaded = False
        self.messages: dict[str, FieldMessage] = {}
        cells: dict[str, QWidget] = {}
        for key, widget in {**self.spins, **self.checks, **self.lines}.items():
            cells[key], self.messages[key] = with_message(widget, grow=False)

        timer_box = QGroupBox("Timer")
        timer_form = _form(timer_box)
        self._add_row(timer_form, "&Focus session", "pomodoro.work", cells)
        self._add_row(timer_form, "&Short break", "pomodoro.short_break", cells)
        self._add_row(timer_form, "&Long break", "pomodoro.long_break", cells)
        self._add_row(timer_form, "Long break &every", "pomodoro.long_break_every", cells)
        timer_form.addRow("", cells["pomodoro.auto_start_breaks"])
        timer_form.addRow("", cells["pomodoro.auto_start_work"])

        goal_box = QGroupBox("Goal and alerts")
        goal_form = _form(goal_box)
        self._add_row(goal_form, "Daily &goal", "pomodoro.daily_goal", cells)
        goal_form.addRow("", cells["notifications.enabled"])
        goal_form.addRow("", cells["notifications.sound"])
        goal_form.addRow("", self.autostart)

        away_box = QGroupBox("Time away and reminders")
        away_form = _form(away_box)
        self._add_row(away_form, "&Away after idle", "away.after", cells)
        away_form.addRow("", cells["away.on_lock"])
        self._add_row(away_form, "&Remind after", "remind.after", cells)
        self._add_row(away_form, "Remind &hours", "remind.hours", cells)
        self._add_row(away_form, "Remind &days", "remind.days", cells)
        away_form.addRow("", cells["focus.do_not_disturb"])
        away_form.addRow(self.dnd_note)  # the whole width: one line, no wrapping

        # A failure that is no single field's fault (a locked database, say).
        self.form_message = FieldMessage()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # Enter anywhere in the dialog presses Save, Esc presses Cancel (QDialog's keys).
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(timer_box)
        layout.addWidget(goal_box)
        layout.addWidget(away_box)
        layout.addWidget(self.form_message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        set_tab_order(
            *(self.spins[key] for key in DURATION_KEYS),
            self.spins["pomodoro.long_break_every"],
            self.checks["pomodoro.auto_start_breaks"],
            self.checks["pomodoro.auto_start_work"],
            self.spins["pomodoro.daily_goal"],
            self.checks["notifications.enabled"],
            self.checks["notifications.sound"],
            self.autostart,
            self.spins["away.after"],
            self.checks["away.on_lock"],
            self.spins["remind.after"],
            self.lines["remind.hours"],
            self.lines["remind.days"],
            self.checks["focus.do_not_disturb"],
            self.save_button,
            self.cancel_button,
        )
        self.reload()

    # -- reading and writing --------------------------------------------------

    def reload(self) -> None:
        """Fill the fields from the database; unsaved edits are dropped."""
        self._clear_messages()
        try:
            settings = self.timer.settings()
        except UserError as error:
            settings = FocusSettings()
            self.form_message.show_error(str(error))
        for key, spin in self.spins.items():
            name = ALL_SETTING_KEYS[key]
            value = getattr(settings, name)
            # Durations are seconds; a CLI value such as 90s rounds for display,
            # and is only rewritten if the user changes this field (see save).
            minutes = key in DURATION_KEYS or key in OFF_KEYS
            spin.setValue(round(value / 60) if minutes else value)
        for key, check in self.checks.items():
            check.setChecked(bool(getattr(settings, ALL_SETTING_KEYS[key])))
        for key, line in self.lines.items():
            line.setText(settings.text_of(key))
        self._show_dnd_way()
        self._loaded = self.texts()
        self._autostart_loaded = desktop.autostart_enabled(desktop.config_home())
        self.autostart.setChecked(self._autostart_loaded)

    def texts(self) -> dict[str, str]:
        """Each key with the text the fields hold, as the CLI would spell it."""
        texts = {key: f"{spin.value()}m" if key in DURATION_KEYS else str(spin.value())
                 for key, spin in self.spins.items()}  # fmt: skip
        for key in OFF_KEYS:
            value = self.spins[key].value()
            texts[key] = "off" if value == 0 else f"{value}m"
        for key, check in self.checks.items():
            texts[key] = "on" if check.isChecked() else "off"
        for key, line in self.lines.items():
            texts[key] = line.text().strip()
        return texts

    def save(self) -> bool:
        """Write every changed setting; True when all were written (the window closes)."""
        self._clear_messages()
        changed = {key: text for key, text in self.texts().items() if text != self._loaded[key]}
        # Check every value before writing any, so a refused field leaves the
        # database exactly as it was rather than half the form saved.
        try:
            candidate = self.timer.settings()
        except UserError as error:
            self.form_message.show_error(str(error))
            return False
        refused = False
        for key, text in changed.items():
            try:
                candidate = candidate.with_value(key, text)
            except UserError as error:
                self._field_error(key, str(error))
                refused = True
        if refused:
            return False
        autostart = self.autostart.isChecked()
        if not self._write_autostart(autostart):
            return False
        if changed:
            try:
                self.timer.set_settings(changed)  # one transaction: all or nothing
            except UserError as error:
                # Nothing half-saved: the login entry goes back to what it was.
                self._write_autostart(self._autostart_loaded, report=False)
                self.form_message.show_error(str(error))
                return False
            self._loaded.update(changed)
            self.changed.emit()
        self._autostart_loaded = autostart
        self.accept()
        return True

    # -- helpers --------------------------------------------------------------

    def _show_dnd_way(self) -> None:
        check = self.checks["focus.do_not_disturb"]
        missing = self._dnd_way is not None and self._dnd_way() is None
        # The stored value stays as it is: the box is greyed, not cleared, so a
        # move to a desktop that offers a way finds the user's choice.
        check.setEnabled(not missing)
        check.setToolTip(
            DND_MISSING_TIP if missing else "Silences other notifications in work phases."
        )
        self.dnd_note.setVisible(missing)

    def _write_autostart(self, enabled: bool, *, report: bool = True) -> bool:
        if enabled == desktop.autostart_enabled(desktop.config_home()):
            return True
        try:
            desktop.set_autostart(desktop.config_home(), enabled)
        except UserError as error:
            if report:
                self.form_message.show_error(str(error))
            return False
        return True

    def _add_row(self, form: QFormLayout, text: str, key: str, cells: dict[str, QWidget]) -> None:
        label = QLabel(text)
        # Alt+letter focuses the field itself, not its cell.
        label.setBuddy(self.spins[key] if key in self.spins else self.lines[key])
        # The same width in both boxes lines their fields up in one column.
        label.setMinimumWidth(LABEL_WIDTH)
        form.addRow(label, cells[key])

    def _field_error(self, key: str, message: str) -> None:
        field: QWidget = {**self.spins, **self.checks, **self.lines}[key]
        self.messages[key].show_error(message, field)

    def _clear_messages(self) -> None:
        for message in self.messages.values():
            message.clear_error()
        self.form_message.clear_error()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # Opened again after Save or Cancel: show what is stored now (the CLI
        # may have changed it), not what the form held when it was closed.
        if self._stale and not event.spontaneous():
            self.reload()
            self._stale = False
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        if not event.spontaneous():
            self._stale = True
        super().hideEvent(event)
