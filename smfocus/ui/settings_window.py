"""The Settings window: the timer's settings, written through ``Timer.set_settings``.

Every field maps to one CLI key (``pomodoro.work``, ``notifications.sound``, …),
and Save hands the window's text for each changed key to the same call that
``smfocus config set`` uses, so the window and the CLI obey one rule set.

The language is the exception: a file of this machine's user, not a database
row (see :mod:`smfocus.language`), saved through ``language.save``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from smfocus import desktop, language
from smfocus.core import fmt, i18n
from smfocus.core.focus import (
    ALL_SETTING_KEYS,
    AWAY_KEYS,
    LIMIT_KEYS,
    SETTING_KEYS,
    FocusSettings,
)
from smfocus.core.i18n import N_, _
from smfocus.errors import UserError
from smfocus.pomodoro import Timer
from smfocus.ui.forms import FieldMessage, set_tab_order, with_message
from smfocus.ui.words import explain

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
HOUR_KEYS = ("entry.max",)  # whole hours, as the window shows them
WINDOW_KEYS = DURATION_KEYS + COUNT_KEYS + SWITCH_KEYS + OFF_KEYS + LINE_KEYS + HOUR_KEYS
# Every setting: the timer's, the away ones and the limit on an entry's length.
assert set(WINDOW_KEYS) == set(SETTING_KEYS) | set(AWAY_KEYS) | set(LIMIT_KEYS)
DND_MISSING = N_("Not available: this desktop offers no way to silence notifications.")
DND_MISSING_TIP = N_(
    "Neither GNOME's notification banners setting nor KDE's notification"
    " inhibition is present on this desktop."
)
# Each language under its own name, so whoever cannot read the current one
# still finds theirs; only the way to follow the locale is translated.
LANGUAGES = (
    (language.AUTO, N_("System (follows the locale)")),
    ("en", "English"),
    ("fr", "Français"),
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
    """Focus and break lengths, the long-break rhythm, auto-start, daily goal, alerts,
    the longest entry allowed and the language.

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
        self.setWindowTitle(_("smfocus settings"))
        self._loaded: dict[str, str] = {}  # key -> text shown when the form was filled
        self._stale = False

        minutes, sessions, pomodoros, hours = (
            " min",
            " " + _("sessions"),
            " " + _("pomodoros"),
            " h",
        )
        self.spins: dict[str, QSpinBox] = {
            "pomodoro.work": _spin(1, 240, minutes, _("How long one focus session lasts.")),
            "pomodoro.short_break": _spin(1, 240, minutes, _("The break after a focus session.")),
            "pomodoro.long_break": _spin(
                1, 240, minutes, _("The longer break after a few sessions.")
            ),
            "pomodoro.long_break_every": _spin(
                1, 50, sessions, _("A long break instead of a short one after this many.")
            ),
            "pomodoro.daily_goal": _spin(
                1, 50, pomodoros, _("Focus sessions you aim to complete in a day.")
            ),
            "away.after": _spin(
                0, 240, minutes, _("Idle this long while an entry runs: ask what the time was.")
            ),
            "remind.after": _spin(
                0, 240, minutes, _("Active this long with nothing tracked: remind me.")
            ),
            "entry.max": _spin(
                1,
                744,
                hours,
                _(
                    "An entry longer than this is refused (an entry left running that long"
                    " is usually a forgotten stop). Up to 744 h, a whole month."
                ),
            ),
        }
        for key in OFF_KEYS:
            self.spins[key].setSpecialValueText(_("off"))
        self.lines: dict[str, QLineEdit] = {
            "remind.hours": QLineEdit(),
            "remind.days": QLineEdit(),
        }
        self.lines["remind.hours"].setToolTip(
            _("Remind only between these times, e.g. 09:00-18:00.")
        )
        self.lines["remind.days"].setToolTip(_("Remind only on these days, e.g. mon-fri."))
        self.checks: dict[str, QCheckBox] = {
            "pomodoro.auto_start_breaks": QCheckBox(_("Start breaks automatically")),
            "pomodoro.auto_start_work": QCheckBox(_("Start the next focus session after a break")),
            "notifications.enabled": QCheckBox(_("Notify me when a session or break ends")),
            "notifications.sound": QCheckBox(_("Play a sound with the notification")),
            "away.on_lock": QCheckBox(_("Pause when the screen locks")),
            "focus.do_not_disturb": QCheckBox(_("Do not disturb while focusing")),
        }
        self.dnd_note = QLabel(_(DND_MISSING))
        self.dnd_note.setToolTip(_(DND_MISSING_TIP))
        self.dnd_note.hide()
        # app.autostart: a file of this machine's login session, not a database row.
        self.autostart = QCheckBox(_("Start smfocus when I log in"))
        self.autostart.setToolTip(_("Adds smfocus to this computer's startup applications."))
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(_(name) if code == language.AUTO else name, code)
        self.language.setToolTip(_("The language of the menus, windows and commands."))
        # The choice is saved at once but spoken from the next start only: the
        # open windows and the tray menu keep their words until then, rather
        # than mixing two languages in one session.
        self.language_note = QLabel(_("The new language applies when smfocus restarts."))
        self.language_note.setWordWrap(True)
        self._language_loaded = language.AUTO
        self._labels: list[QLabel] = []  # the rows' labels, made as wide as the widest
        self._autostart_loaded = False
        self.messages: dict[str, FieldMessage] = {}
        cells: dict[str, QWidget] = {}
        for key, widget in {**self.spins, **self.checks, **self.lines}.items():
            cells[key], self.messages[key] = with_message(widget, grow=False)

        timer_box = QGroupBox(_("Timer"))
        timer_form = _form(timer_box)
        self._add_row(timer_form, _("&Focus session"), "pomodoro.work", cells)
        self._add_row(timer_form, _("&Short break"), "pomodoro.short_break", cells)
        self._add_row(timer_form, _("&Long break"), "pomodoro.long_break", cells)
        self._add_row(timer_form, _("Long break &every"), "pomodoro.long_break_every", cells)
        timer_form.addRow("", cells["pomodoro.auto_start_breaks"])
        timer_form.addRow("", cells["pomodoro.auto_start_work"])

        goal_box = QGroupBox(_("Goal and alerts"))
        goal_form = _form(goal_box)
        self._add_row(goal_form, _("Daily &goal"), "pomodoro.daily_goal", cells)
        goal_form.addRow("", cells["notifications.enabled"])
        goal_form.addRow("", cells["notifications.sound"])
        goal_form.addRow("", self.autostart)

        away_box = QGroupBox(_("Time away and reminders"))
        away_form = _form(away_box)
        self._add_row(away_form, _("&Away after idle"), "away.after", cells)
        away_form.addRow("", cells["away.on_lock"])
        self._add_row(away_form, _("&Remind after"), "remind.after", cells)
        self._add_row(away_form, _("Remind &hours"), "remind.hours", cells)
        self._add_row(away_form, _("Remind &days"), "remind.days", cells)
        away_form.addRow("", cells["focus.do_not_disturb"])
        away_form.addRow(self.dnd_note)  # the whole width: one line, no wrapping

        general_box = QGroupBox(_("Entries and language"))
        general_form = _form(general_box)
        # The words an error's fix uses ("raise the longest entry allowed in Settings").
        self._add_row(general_form, _("Longest entry all&owed"), "entry.max", cells)
        language_label = QLabel(_("La&nguage"))
        language_label.setBuddy(self.language)
        self._labels.append(language_label)
        general_form.addRow(language_label, self.language)
        general_form.addRow("", self.language_note)
        # The same width in every box lines their fields up in one column; the
        # longest label sets it (French labels run longer than English ones).
        width = max(LABEL_WIDTH, *(label.sizeHint().width() for label in self._labels))
        for label in self._labels:
            label.setMinimumWidth(width)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # A failure that is no single field's fault (a locked database, say).
        self.form_message = FieldMessage()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # Our words rather than Qt's: they follow the language smfocus speaks even
        # where Qt has no catalog for it.
        self.save_button.setText(_("&Save"))
        self.cancel_button.setText(_("Cancel"))
        # Enter anywhere in the dialog presses Save, Esc presses Cancel (QDialog's keys).
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(timer_box)
        layout.addWidget(goal_box)
        layout.addWidget(away_box)
        layout.addWidget(general_box)
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
            self.spins["entry.max"],
            self.language,
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
            self.form_message.show_error(explain(error))
        for key, spin in self.spins.items():
            name = ALL_SETTING_KEYS[key]
            value = getattr(settings, name)
            # Durations are seconds; a CLI value such as 90s rounds for display,
            # and is only rewritten if the user changes this field (see save).
            if key in HOUR_KEYS:
                spin.setValue(round(value / 3600))
            elif key in DURATION_KEYS or key in OFF_KEYS:
                spin.setValue(round(value / 60))
            else:
                spin.setValue(value)
        for key, check in self.checks.items():
            check.setChecked(bool(getattr(settings, ALL_SETTING_KEYS[key])))
        for key, line in self.lines.items():
            text = settings.text_of(key)
            line.setText(fmt.days(text) if key == "remind.days" else text)
        self._show_dnd_way()
        self._loaded = self.texts()
        self._autostart_loaded = desktop.autostart_enabled(desktop.config_home())
        self.autostart.setChecked(self._autostart_loaded)
        self._language_loaded = language.stored()
        self.language.setCurrentIndex(max(0, self.language.findData(self._language_loaded)))

    def texts(self) -> dict[str, str]:
        """Each key with the text the fields hold, as the CLI would spell it."""
        texts = {key: f"{spin.value()}m" if key in DURATION_KEYS else str(spin.value())
                 for key, spin in self.spins.items()}  # fmt: skip
        for key in OFF_KEYS:
            value = self.spins[key].value()
            texts[key] = "off" if value == 0 else f"{value}m"
        for key in HOUR_KEYS:
            texts[key] = f"{self.spins[key].value()}h"
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
            self.form_message.show_error(explain(error))
            return False
        refused = False
        for key, text in changed.items():
            try:
                candidate = candidate.with_value(key, text)
            except UserError as error:
                self._field_error(key, explain(error))
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
                self.form_message.show_error(explain(error))
                return False
            self._loaded.update(changed)
            self.changed.emit()
        self._autostart_loaded = autostart
        # Last: a file that cannot be written leaves the window open on its message,
        # the settings above being saved (they were valid and are kept).
        if not self._write_language():
            return False
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
            _(DND_MISSING_TIP) if missing else _("Silences other notifications in work phases.")
        )
        self.dnd_note.setVisible(missing)

    def _write_autostart(self, enabled: bool, *, report: bool = True) -> bool:
        if enabled == desktop.autostart_enabled(desktop.config_home()):
            return True
        try:
            desktop.set_autostart(desktop.config_home(), enabled)
        except UserError as error:
            if report:
                self.form_message.show_error(explain(error))
            return False
        return True

    def chosen_language(self) -> str:
        """``auto``, ``en`` or ``fr``: the language choice the window holds."""
        return str(self.language.currentData())

    def _write_language(self) -> bool:
        choice = self.chosen_language()
        if choice == self._language_loaded:
            return True
        speaking = i18n.language()
        try:
            language.save(choice)
        except UserError as error:
            self.form_message.show_error(explain(error))
            return False
        finally:
            # save() also switches this process to the new language; it is spoken
            # from the next start (see the note in the window), so that the tray
            # menu and the windows opened later do not mix two languages.
            i18n.use(speaking)
        self._language_loaded = choice
        return True

    def _add_row(self, form: QFormLayout, text: str, key: str, cells: dict[str, QWidget]) -> None:
        label = QLabel(text)
        # Alt+letter focuses the field itself, not its cell.
        label.setBuddy(self.spins[key] if key in self.spins else self.lines[key])
        self._labels.append(label)
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
