"""Desktop notifications for phase ends and the sleep question, delivered for sure.

A phase end must never pass unseen, so every notification walks a chain of
channels and stops at the first one that can show it *delivered*; each channel
that fails is logged with its reason (logger ``smfocus.ui.notify``, INFO).

Delivery order, and why
-----------------------
1. ``Channel.DBUS``: the freedesktop ``org.freedesktop.Notifications.Notify``
   call, made directly with QtDBus. It comes first because it is the only
   channel that *confirms* delivery (the server replies with an id), and the
   only one that can pass ``replaces_id`` (the last phase notification is
   replaced, not stacked), an expire timeout, and action buttons. The design
   asked for plyer first; on Linux plyer wraps this very call with less: its
   ``notify-send`` backend ignores the exit status and drops the timeout, its
   dbus-python backend needs a package with no prebuilt wheel. (From Python,
   QtDBus needs a trick to send the call's argument types right: see
   ``Notifier._teach_types``.)
2. ``Channel.PLYER``: ``plyer.notification.notify``. It keeps a place as
   the native channel where there is no freedesktop bus (Windows, macOS), as
   the desktop portal inside a Flatpak whose sandbox hides the notification
   service, and as a second try, by another D-Bus client, when the server
   refused our call. A plyer return counts as delivered only when it can be
   trusted: backends that raise on failure (dbus-python, and the non-Linux
   ones: an assumption not checked on those systems) are taken at their
   word; the subprocess backends (``notify-send``, and ``gdbus`` for the
   portal), which report nothing, are used only when their service is on the
   bus that they will talk to. After a D-Bus *timeout* plyer is skipped:
   ``notify-send`` would block the UI for 25 s against the same frozen
   server, then return as if it had delivered.
3. ``Channel.TRAY``: ``QSystemTrayIcon.showMessage``, when a system tray
   exists and the icon is visible. Without a tray (offscreen, many Wayland
   desktops) the call is a silent no-op, so it does not count; neither does a
   StatusNotifierItem tray, whose balloons Qt sends to the very notification
   server that has just failed.
4. ``Channel.WINDOW``: the app's own small always-on-top window. Always
   possible, hence last: it steals attention that a desktop popup does not.
   One window is reused for notices and another for questions: a new notice
   replaces the text of the last one instead of stacking windows.

Titles and bodies are plain text (a task may be named ``<img src=…>``). The
specification lets a server render tags in the body, and one that does not
support them should filter them out; the summary is always plain text. So the
body is always escaped (``&``, ``<``, ``>``) before it goes to the freedesktop
server, not only for servers that list the "body-markup" capability: dunst
1.9 does not list it and still renders bold, links and local images from the
body. The app's own window shows both as plain text; Qt's tray balloon
already does.

Questions (``ask``) need buttons: they go through D-Bus when the server lists
the "actions" capability, and otherwise through the window, which offers the
same buttons. ``answered(key)`` is emitted in both cases. A question the
desktop closes without an answer (dismissed, expired) reappears as the window.

Turned off (``enabled=False``), nothing is shown and ``notify``/``ask`` return
``Channel.NONE``; the caller keeps its safe default for an unanswered
question. Sound is a separate switch: a short chime piped to ``paplay`` or
``aplay`` in the background (PySide6-Essentials has no QtMultimedia), or the
desktop's beep when neither player exists or the player fails.
"""

from __future__ import annotations

import enum
import functools
import html
import io
import logging
import math
import os
import shutil
import struct
import uuid
import warnings
import wave
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    SLOT,
    ClassInfo,
    QMetaObject,
    QObject,
    QProcess,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusError, QDBusInterface, QDBusMessage
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from smfocus.core.i18n import _
from smfocus.desktop import DESKTOP_ID

_log = logging.getLogger(__name__)

NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS_INTERFACE = "org.freedesktop.Notifications"
PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
SNI_WATCHER_SERVICE = "org.kde.StatusNotifierWatcher"
_NOTIFY_SIGNATURE = "Notify(QString,uint,QString,QString,QString,QStringList,QVariantMap,int)"
_TEMPLATE_PATH = "/org/smfocus/NotificationsTemplate"
_PLAYERS = ("paplay", "aplay")
# A chime lasts a fraction of a second; a player still running after this is
# stuck (for example on a sound server that never answers).
_PLAYER_DEADLINE_MS = 5_000
_HUNG_ERRORS = frozenset({QDBusError.ErrorType.NoReply, QDBusError.ErrorType.Timeout})


class Channel(enum.Enum):
    """How a notification reached the user."""

    DBUS = "dbus"
    PLYER = "plyer"
    TRAY = "tray"
    WINDOW = "window"
    NONE = "none"


DEFAULT_CHANNELS: tuple[Channel, ...] = (
    Channel.DBUS,
    Channel.PLYER,
    Channel.TRAY,
    Channel.WINDOW,
)


class _ChannelError(Exception):
    def __init__(self, reason: str, *, hung: bool = False) -> None:
        super().__init__(reason)
        # The server did not answer in time; anything else that talks to it
        # synchronously would freeze the UI as long.
        self.hung = hung


# PySide6's stubs describe ClassInfo as neither taking a dict nor decorating.
_class_info: Any = ClassInfo


@_class_info({"D-Bus Interface": NOTIFICATIONS_INTERFACE})
class _NotificationsTemplate(QObject):
    """The typed shape of the two calls we make; never called, only
    introspected (see ``Notifier._teach_types``)."""

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(  # noqa: N802 (the specification's name)
        self,
        app_name: str,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, Any],
        expire_timeout: int,
    ) -> int:
        return 0

    @Slot("uint")
    def CloseNotification(self, notification_id: int) -> None:  # noqa: N802
        pass


class NoticeWindow(QWidget):
    """The app's own notification: a title, a body and a row of buttons.

    Signals:
        chosen(str): the key of the button the user pressed; the window hides.
    """

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.Window
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint,
        )
        self.setWindowTitle("smfocus")
        # Taking the focus would send the user's next keystroke (Enter, while
        # typing a post) to a button here: show it, stay on top, never activate.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._title = QLabel()
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setObjectName("title")
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._body = QLabel()
        self._body.setTextFormat(Qt.TextFormat.PlainText)
        self._body.setObjectName("body")
        self._body.setWordWrap(True)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        layout = QVBoxLayout(self)
        # Sized by adjustSize() on each present(): a layout-imposed minimum size
        # would be pushed to the window system at every new text, which some
        # platform plugins (offscreen) refuse with a warning.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self._title)
        layout.addWidget(self._body)
        layout.addLayout(self._buttons)

    def present(
        self,
        title: str,
        body: str,
        buttons: Sequence[tuple[str, str]],
        below: QWidget | None = None,
    ) -> None:
        """Shows the window with this text; one already shown is taken down
        and shown again, so that new text draws the eye like a new popup.
        ``below``: a window of ours already in the corner, not to be covered."""
        self.hide()
        self._title.setText(title)
        self._body.setText(body)
        while self._buttons.count() > 1:
            item = self._buttons.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for key, label in buttons:
            button = QPushButton(label)
            button.setObjectName(f"action:{key}")
            button.clicked.connect(functools.partial(self._choose, key))
            self._buttons.addWidget(button)
        self.adjustSize()
        self._move_to_corner(below)
        self.show()

    def title(self) -> str:
        return self._title.text()

    def body(self) -> str:
        return self._body.text()

    def _choose(self, key: str) -> None:
        self.hide()
        self.chosen.emit(key)

    def _move_to_corner(self, below: QWidget | None) -> None:
        # Where desktop popups appear, so the eye finds it in the usual place.
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        margin = 16
        top = area.top() + margin
        if below is not None and below.isVisible():
            top = below.frameGeometry().bottom() + margin
        self.move(area.right() - self.width() - margin, top)


class Notifier(QObject):
    """Shows phase-end notifications and asks questions, knowing which channel
    delivered; see the module docstring for the order of channels.

    Signals:
        answered(str): the key of the action the user chose for the question
            of the last ``ask``, from a notification button or the window.
        delivered(object): the ``Channel`` that showed a notification or a
            question; not emitted when notifications are turned off.
    """

    answered = Signal(str)
    delivered = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        enabled: bool = True,
        sound: bool = False,
        tray: QSystemTrayIcon | None = None,
        bus_address: str | None = None,
        channels: Sequence[Channel] = DEFAULT_CHANNELS,
        app_name: str = "smfocus",
        expire_ms: int = 10_000,
        timeout_ms: int = 2_000,
    ) -> None:
        """``bus_address`` picks a D-Bus bus other than the session bus of the
        environment (tests use private buses). ``channels`` is the order to try
        for notices; ``Channel.WINDOW`` should stay in it as the safety net.
        ``expire_ms`` is how long a desktop popup stays; ``timeout_ms`` bounds
        each blocking D-Bus call."""
        super().__init__(parent)
        self._enabled = enabled
        self._sound = sound
        self._tray = tray
        self._channels = tuple(channels)
        self._app_name = app_name
        self._expire_ms = expire_ms
        self._timeout_ms = timeout_ms
        self._bus_address = bus_address
        # A connection of our own, never the shared sessionBus(): QtDBus keeps
        # one meta-object per interface name and connection, and ours must be
        # the typed one that _teach_types() puts there first.
        self._bus_name: str | None = f"smfocus-notify-{uuid.uuid4().hex}"
        if bus_address is None:
            self._bus = QDBusConnection.connectToBus(
                QDBusConnection.BusType.SessionBus, self._bus_name
            )
        else:
            self._bus = QDBusConnection.connectToBus(bus_address, self._bus_name)
        self._typed = self._bus.isConnected() and self._teach_types()
        self._notice_id = 0
        self._question_id = 0
        self._question: tuple[str, str, list[tuple[str, str]]] | None = None
        self._notice_window: NoticeWindow | None = None
        self._question_window: NoticeWindow | None = None
        self._player: QProcess | None = None
        self._player_deadline = QTimer(self)
        self._player_deadline.setSingleShot(True)
        self._player_deadline.timeout.connect(self._stop_player)
        self._listening = False
        if self._bus.isConnected():
            self._listening = self._listen(connect=True)

    # -- settings -------------------------------------------------------------

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Turned off, the notice window goes away; an open question stays,
        since the time it asks about is still waiting for its answer."""
        self._enabled = enabled
        if not enabled and self._notice_window is not None:
            self._notice_window.hide()

    def has_sound(self) -> bool:
        return self._sound

    def set_sound(self, sound: bool) -> None:
        self._sound = sound

    def set_tray(self, tray: QSystemTrayIcon | None) -> None:
        self._tray = tray

    # -- public API -----------------------------------------------------------

    def notify(self, title: str, body: str) -> Channel:
        """Shows a phase-end notice through the first channel that delivers it."""
        self._chime()
        if not self._enabled:
            return Channel.NONE
        dbus_hung = False
        for channel in self._channels:
            try:
                if channel is Channel.DBUS:
                    self._notice_id = self._dbus_notify(
                        title, body, [], self._notice_id, self._expire_ms
                    )
                elif channel is Channel.PLYER:
                    if dbus_hung:
                        raise _ChannelError(
                            "skipped: the notification server did not answer, and plyer "
                            "would block the UI waiting for it too"
                        )
                    self._plyer_notify(title, body)
                elif channel is Channel.TRAY:
                    self._tray_notify(title, body)
                elif channel is Channel.WINDOW:
                    self._window(question=False).present(
                        title, body, [("", _("OK"))], below=self._question_window
                    )
                else:
                    continue
            except _ChannelError as failure:
                dbus_hung = dbus_hung or failure.hung
                _log.info("notification via %s failed: %s", channel.value, failure)
                continue
            if channel is not Channel.WINDOW and self._notice_window is not None:
                # The newest phase supersedes an older notice still on screen.
                self._notice_window.hide()
            self.delivered.emit(channel)
            return channel
        _log.warning("notification %r reached no channel (tried %s)", title, self._channels)
        return Channel.NONE

    def ask(self, title: str, body: str, actions: list[tuple[str, str]]) -> Channel:
        """Asks a question with one button per ``(key, label)``; the choice
        arrives later as ``answered(key)``."""
        self._chime()
        if not self._enabled:
            return Channel.NONE
        self._question = (title, body, list(actions))
        if Channel.DBUS in self._channels:
            try:
                if "actions" not in self._capabilities():
                    raise _ChannelError("the notification server shows no action buttons")
                flat = [part for action in actions for part in action]
                # Never expires: an unanswered question must stay until answered.
                self._question_id = self._dbus_notify(title, body, flat, self._question_id, 0)
            except _ChannelError as failure:
                _log.info("question via %s failed: %s", Channel.DBUS.value, failure)
            else:
                if self._question_window is not None:
                    self._question_window.hide()
                self.delivered.emit(Channel.DBUS)
                return Channel.DBUS
        if self._question_id:
            # An older question's popup would offer buttons that no longer count.
            stale, self._question_id = self._question_id, 0
            self._dbus_close(stale)
        self._show_question_window()
        self.delivered.emit(Channel.WINDOW)
        return Channel.WINDOW

    def close(self) -> None:
        """Releases the bus, the windows and a running chime; call before the
        app quits."""
        self._stop_player()
        if self._player is not None:
            self._player.waitForFinished(1_000)
            self._player = None
        for window in (self._notice_window, self._question_window):
            if window is not None:
                window.hide()
                window.deleteLater()
        self._notice_window = self._question_window = None
        if self._listening:
            self._listen(connect=False)
            self._listening = False
        if self._bus_name is not None:
            QDBusConnection.disconnectFromBus(self._bus_name)
            self._bus_name = None

    # -- D-Bus ----------------------------------------------------------------

    def _listen(self, *, connect: bool) -> bool:
        # Any signal signature reaches a slot that takes the whole message, so a
        # server that types its arguments loosely is still heard.
        method: Any = self._bus.connect if connect else self._bus.disconnect
        done = True
        for name, slot in (
            ("ActionInvoked", "_on_action_invoked(QDBusMessage)"),
            ("NotificationClosed", "_on_notification_closed(QDBusMessage)"),
        ):
            # PySide6 wants the SLOT() string here; its stubs say bytes, which it refuses.
            done = (
                method(
                    NOTIFICATIONS_SERVICE,
                    NOTIFICATIONS_PATH,
                    NOTIFICATIONS_INTERFACE,
                    name,
                    self,
                    SLOT(slot),
                )
                and done
            )
        return done

    def _bus_call(self, method: str, *args: Any) -> list[Any] | None:
        message = QDBusMessage.createMethodCall(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method
        )
        message.setArguments(list(args))
        reply = self._bus.call(message, QDBus.CallMode.Block, self._timeout_ms)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            return None
        return list(reply.arguments())

    def _service_available(self, service: str) -> bool:
        """Running, or startable by the bus on the first call."""
        if not self._bus.isConnected():
            return False
        if self._bus_call("NameHasOwner", service) == [True]:
            return True
        names = self._bus_call("ListActivatableNames")
        return names is not None and bool(names) and service in names[0]

    def _teach_types(self) -> bool:
        """Makes QtDBus learn the specification's argument types for the
        notification interface, from an object of our own.

        From Python, a D-Bus call gets its argument types from the Python
        values: an int goes out as int32, an empty list as "av". Notify wants a
        uint32 ``replaces_id`` and an "as" of actions, and servers reject any
        other signature. Calls made through a ``QDBusInterface``'s meta-object
        are typed, but that meta-object comes from the server's introspection
        data, where QtDBus cannot map "a{sv}" without a Qt-only annotation
        that GLib servers (dunst, GNOME, notification-daemon) do not write.
        QtDBus builds that meta-object once per interface name and connection,
        and keeps it: so we introspect our own exported template first, and
        every later interface on this connection gets the right types.
        """
        template = _NotificationsTemplate()
        registered = self._bus.registerObject(
            _TEMPLATE_PATH, template, QDBusConnection.RegisterOption.ExportAllSlots
        )
        try:
            if not registered:
                return False
            primer = QDBusInterface(
                self._bus.baseService(), _TEMPLATE_PATH, NOTIFICATIONS_INTERFACE, self._bus
            )
            return primer.metaObject().indexOfMethod(_NOTIFY_SIGNATURE) >= 0
        finally:
            if registered:
                self._bus.unregisterObject(_TEMPLATE_PATH)

    def _interface(self) -> QDBusInterface:
        if not self._bus.isConnected():
            raise _ChannelError(f"no D-Bus session bus: {self._bus.lastError().message()}")
        if not self._typed:
            raise _ChannelError("QtDBus could not learn the types of the Notify call")
        if not self._service_available(NOTIFICATIONS_SERVICE):
            raise _ChannelError(f"no {NOTIFICATIONS_SERVICE} service on the session bus")
        # Not isValid(): it is False for a server the bus starts on demand,
        # which the call itself will start.
        interface = QDBusInterface(
            NOTIFICATIONS_SERVICE, NOTIFICATIONS_PATH, NOTIFICATIONS_INTERFACE, self._bus
        )
        interface.setTimeout(self._timeout_ms)
        if interface.metaObject().indexOfMethod(_NOTIFY_SIGNATURE) < 0:
            raise _ChannelError("QtDBus forgot the types of the Notify call")
        return interface

    def _capabilities(self) -> list[str]:
        interface = self._interface()
        reply = interface.call("GetCapabilities")
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            raise _ChannelError(f"GetCapabilities failed: {reply.errorMessage()}")
        return [str(capability) for capability in reply.arguments()[0]]

    def _dbus_notify(
        self, title: str, body: str, actions: list[str], replaces_id: int, expire_ms: int
    ) -> int:
        interface = self._interface()
        body = server_body(body)
        # Typed by the meta-object that _teach_types() set up.
        notification_id = QMetaObject.invokeMethod(
            interface,
            "Notify",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("uint"),
            Q_ARG(str, self._app_name),
            Q_ARG("uint", replaces_id),
            Q_ARG(str, ""),
            Q_ARG(str, title),
            Q_ARG(str, body),
            Q_ARG("QStringList", actions),
            Q_ARG("QVariantMap", {"desktop-entry": DESKTOP_ID}),
            Q_ARG(int, expire_ms),
        )
        error = interface.lastError()
        if error.isValid():
            raise _ChannelError(
                f"Notify failed: {error.name()}: {error.message()}",
                hung=error.type() in _HUNG_ERRORS,
            )
        if not isinstance(notification_id, int) or notification_id <= 0:
            raise _ChannelError(f"Notify replied without an id: {notification_id!r}")
        return notification_id

    def _dbus_close(self, notification_id: int) -> None:
        try:
            interface = self._interface()
        except _ChannelError:
            return
        QMetaObject.invokeMethod(
            interface,
            "CloseNotification",
            Qt.ConnectionType.DirectConnection,
            Q_ARG("uint", notification_id),
        )

    @Slot(QDBusMessage)
    def _on_action_invoked(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if len(arguments) != 2 or self._question is None or not self._question_id:
            return
        notification_id, key = arguments
        if notification_id != self._question_id:
            return
        keys = [action_key for action_key, _label in self._question[2]]
        if key in keys:
            self._answer(key)
        else:
            # "default": a click on the popup itself; the buttons are in the window.
            self._show_question_window()

    @Slot(QDBusMessage)
    def _on_notification_closed(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if not arguments:
            return
        notification_id = arguments[0]
        if notification_id == self._notice_id:
            self._notice_id = 0
        elif notification_id == self._question_id and self._question is not None:
            reason = arguments[1] if len(arguments) > 1 else "?"
            _log.info(
                "question closed on the desktop without an answer (reason %s); "
                "asking in the window",
                reason,
            )
            self._question_id = 0
            self._show_question_window()

    # -- the other channels ---------------------------------------------------

    def _plyer_notify(self, title: str, body: str) -> None:
        try:
            from plyer import notification
        except ImportError as error:
            raise _ChannelError(f"plyer is not installed: {error}") from error
        backend = _plyer_backend(notification)
        name = type(backend).__name__
        if name == "Notification":
            raise _ChannelError("plyer has no notification backend on this system")
        service = {
            "NotifySendNotification": NOTIFICATIONS_SERVICE,
            "NotifyDesktopPortals": PORTAL_SERVICE,
        }.get(name)
        if service is not None:
            # These backends run a command and ignore its exit status: check
            # beforehand that the command has a server to talk to.
            environment_bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
            if self._bus_address is not None and self._bus_address != environment_bus:
                raise _ChannelError(
                    f"plyer's {name} reports nothing and would use another bus "
                    "than this notifier's; it cannot be verified"
                )
            if not self._service_available(service):
                raise _ChannelError(
                    f"plyer's {name} would fail silently: no {service} on the session bus"
                )
        if name in ("NotifySendNotification", "NotifyDbus"):
            body = server_body(body)  # the freedesktop server, as for our own call
        try:
            notification.notify(
                title=title,
                message=body,
                app_name=self._app_name,
                timeout=max(1, self._expire_ms // 1000),
            )
        except Exception as error:
            raise _ChannelError(f"plyer's {name} raised {error!r}") from error

    def _tray_notify(self, title: str, body: str) -> None:
        tray = self._tray
        if tray is None:
            raise _ChannelError("no tray icon was given")
        if not QSystemTrayIcon.isSystemTrayAvailable():
            raise _ChannelError("no system tray here: showMessage would be a silent no-op")
        if not tray.isVisible():
            raise _ChannelError("the tray icon is hidden")
        if not QSystemTrayIcon.supportsMessages():
            raise _ChannelError("this tray shows no balloon messages")
        if self._bus.isConnected() and self._bus_call("NameHasOwner", SNI_WATCHER_SERVICE) == [
            True
        ]:
            raise _ChannelError(
                "the tray is a StatusNotifierItem: Qt sends its balloons to "
                f"{NOTIFICATIONS_SERVICE}, which did not deliver"
            )
        tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, self._expire_ms)

    def _window(self, *, question: bool) -> NoticeWindow:
        window = self._question_window if question else self._notice_window
        if window is None:
            window = NoticeWindow()
            if question:
                window.chosen.connect(self._answer)
                self._question_window = window
            else:
                self._notice_window = window
        return window

    def _show_question_window(self) -> None:
        if self._question is None:
            return
        title, body, actions = self._question
        self._window(question=True).present(title, body, actions, below=self._notice_window)

    @Slot(str)
    def _answer(self, key: str) -> None:
        if self._question is None:
            return
        self._question = None
        if self._question_window is not None:
            self._question_window.hide()
        if self._question_id:
            # Answered in the window while the popup still shows: take it away.
            question_id, self._question_id = self._question_id, 0
            self._dbus_close(question_id)
        self.answered.emit(key)

    # -- sound ----------------------------------------------------------------

    def _chime(self) -> None:
        if not self._sound:
            return
        if self._player is not None and self._player.state() != QProcess.ProcessState.NotRunning:
            return
        program = next((path for path in map(shutil.which, _PLAYERS) if path), None)
        if program is None:
            _log.info("no sound player (%s) on PATH: beeping instead", ", ".join(_PLAYERS))
            QApplication.beep()
            return
        player = QProcess(self)
        player.setProgram(program)
        player.setStandardOutputFile(QProcess.nullDevice())
        player.setStandardErrorFile(QProcess.nullDevice())
        player.finished.connect(self._on_player_finished)
        player.errorOccurred.connect(self._on_player_error)
        self._player = player
        player.start()
        # Both players read a WAV from standard input when given no file.
        player.write(_chime_wav())
        player.closeWriteChannel()
        self._player_deadline.start(_PLAYER_DEADLINE_MS)

    @Slot(int, QProcess.ExitStatus)
    def _on_player_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._player_deadline.stop()
        if status != QProcess.ExitStatus.NormalExit or code != 0:
            _log.info("the sound player failed (exit code %s): beeping instead", code)
            QApplication.beep()

    @Slot(QProcess.ProcessError)
    def _on_player_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._player_deadline.stop()
            _log.info("the sound player did not start: beeping instead")
            QApplication.beep()

    def _stop_player(self) -> None:
        self._player_deadline.stop()
        if self._player is not None and self._player.state() != QProcess.ProcessState.NotRunning:
            self._player.kill()


def server_body(body: str) -> str:
    """``body`` as a freedesktop notification server must receive it to show it as
    typed: only the characters that open a tag or an entity are escaped (quotes
    are text outside attributes, and an entity for them would show in servers
    that parse no markup at all)."""
    return html.escape(body, quote=False)


def _plyer_backend(proxy: Any) -> Any:
    """The platform object behind ``plyer.notification``, to tell a backend
    that reports failures from one that swallows them."""
    with warnings.catch_warnings():
        # plyer warns when dbus-python is missing; our log tells what matters.
        warnings.simplefilter("ignore")
        try:
            return object.__getattribute__(proxy, "_ensure_obj")()
        except AttributeError:
            return proxy


@functools.cache
def _chime_wav() -> bytes:
    """Two short rising tones, made here so the package ships no sound file."""
    rate = 22_050
    samples = bytearray()
    for frequency, seconds in ((880.0, 0.12), (1318.5, 0.2)):
        count = int(rate * seconds)
        for i in range(count):
            # Soft attack and linear decay: a bare sine clicks at both ends.
            envelope = min(1.0, i / 220) * (1 - i / count)
            value = envelope * math.sin(2 * math.pi * frequency * i / rate)
            samples += struct.pack("<h", int(11_000 * value))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(samples))
    return buffer.getvalue()
