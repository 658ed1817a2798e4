"""A notifier made at its first notification, for the parts of the tray that
may never notify (the away question, the untracked-time reminder, the block
alarms).

Importing :mod:`smfocus.ui.notify` (its D-Bus, window and sound machinery)
costs the tray more than a megabyte, resident all day; most days those parts
never speak, so the module loads with the first thing they have to say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from smfocus.ui.notify import Channel, Notifier


class LaterNotifier(QObject):
    """Stands for a :class:`smfocus.ui.notify.Notifier` made with ``options`` when
    first asked to notify or ask.

    Signals:
        answered(str): the made notifier's ``answered``.
    """

    answered = Signal(str)

    def __init__(self, parent: QObject | None = None, **options: Any) -> None:
        super().__init__(parent)
        self._options = options
        self._made: Notifier | None = None

    @property
    def made(self) -> Notifier | None:
        """The real notifier, once something was said."""
        return self._made

    def notifier(self) -> Notifier:
        if self._made is None:
            from smfocus.ui.notify import Notifier

            self._made = Notifier(self, **self._options)
            self._made.answered.connect(self.answered)
        return self._made

    def notify(self, title: str, body: str) -> Channel:
        return self.notifier().notify(title, body)

    def ask(self, title: str, body: str, actions: list[tuple[str, str]]) -> Channel:
        return self.notifier().ask(title, body, actions)

    def close(self) -> None:
        """Close the real notifier's windows and bus connection, if it was made."""
        if self._made is not None:
            self._made.close()
