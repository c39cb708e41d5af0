"""The idle lock: after minutes without a key or a click, the book is covered and asks for a
sign-in (HIPAA's automatic log-off, for a desk left alone with the book open).

Every window of the program (the book, the clients' window, an open editor) is covered by an
opaque sheet, so no appointment, name or note shows, and the sign-in dialog over them is
application-modal, so no key reaches what is beneath (shortcuts included). Nothing beneath is
closed: an editor half filled in is found as it was. The person who signs in may be
someone else; the window then works as them (``unlocked`` says who).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from frontdesk.domain.access import Staff
from frontdesk.ui.signin.dialog import Check, SignInDialog

#: Minutes without use before the window locks, unless the window is given others.
IDLE_MINUTES = 5

#: What counts as use: a key, a click, the wheel, a touch (not a pointer merely passing by,
#: which a draught through the room can make).
_USE = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                  QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
                  QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride})


class Cover(QWidget):
    """An opaque sheet over one window, following its size."""

    def __init__(self, target: QWidget):
        super().__init__(target)
        self.setObjectName("lock-cover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock-cover { background: palette(window); }")
        layout = QVBoxLayout(self)
        label = QLabel("Locked — sign in to go on")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setForegroundRole(label.foregroundRole())
        layout.addWidget(label)
        self.setAccessibleName("Locked")
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
            self.raise_()
        elif event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self._on_top)
        return False

    def _on_top(self) -> None:
        if not self.isHidden():
            self.raise_()


class IdleLock(QObject):
    """Locks ``window`` (and every other window of the program) after ``minutes`` without
    use; ``check`` checks a sign-in, ``signed_in`` is who is signed in now."""

    locked = Signal()
    unlocked = Signal(object)  # Staff: who signed in at the lock

    def __init__(self, window: QWidget, check: Check, signed_in: Callable[[], Staff],
                 clinic: Callable[[], str], minutes: float = IDLE_MINUTES):
        super().__init__(window)
        self.window, self._check, self._signed_in, self._clinic = (window, check, signed_in,
                                                                  clinic)
        self.dialog: SignInDialog | None = None
        self.covers: list[Cover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched, event) -> bool:
        if event.type() in _USE and self.dialog is None:
            self.timer.start()  # begins the wait again
        return False

    def lock(self) -> None:
        """Cover every window and ask for a sign-in (also from a menu: lock now)."""
        if self.dialog is not None:
            return
        self.timer.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and not isinstance(top, Cover):
                self.covers.append(Cover(top))
        dialog = SignInDialog(self._check, self._clinic(), locked=self._signed_in().name,
                              parent=self.window)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.finished.connect(lambda _r: self._finished(dialog))
        self.dialog = dialog
        self.locked.emit()
        dialog.open()

    def _finished(self, dialog: SignInDialog) -> None:
        self.dialog = None
        for cover in self.covers:
            cover.deleteLater()
            cover.hide()
        self.covers = []
        dialog.deleteLater()
        if dialog.quit_requested or dialog.staff is None:
            self.window.close()
            return
        self.timer.start()
        self.unlocked.emit(dialog.staff)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
