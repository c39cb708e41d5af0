"""The sign-in dialog: before the book shows on a book with staff accounts, and again on the
lock that covers the window after idle minutes.

The password is checked off the GUI thread (argon2 takes a quarter of a second on purpose);
a wrong one is told in one line and the button waits a little longer after each failure in
a row (:func:`frontdesk.domain.access.failure_delay`). Closing the dialog at start quits;
at the lock it cannot be closed, only signed in to or the program quit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from frontdesk.domain.access import Staff, failure_delay
from frontdesk.domain.errors import Forbidden, FrontdeskError
from frontdesk.ui.core.tasks import Tasks
from frontdesk.ui.setup.widgets import heading, hint
from frontdesk.ui.widgets.forms import FieldErrors

#: check(name, password) -> the account (Forbidden when wrong); run off the GUI thread.
Check = Callable[[str, str], Staff]


class SignInDialog(QDialog):
    """``staff`` is the account signed in once accepted. ``locked`` makes it the lock's:
    it names who was signed in and cannot be closed without signing in (Quit ends the
    program instead)."""

    def __init__(self, check: Check, clinic: str, *, locked: str | None = None,
                 parent=None):
        super().__init__(parent)
        self._check = check
        self.locked = locked
        self.staff: Staff | None = None
        self.failures = 0
        self.tasks = Tasks(self)
        self.quit_requested = False
        self.setWindowTitle(f"{'Locked' if locked else 'Sign in'} — {clinic} — frontdesk")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Locked" if locked else f"Sign in to {clinic}", 1.5))
        layout.addWidget(hint(
            f"The book was locked after minutes without use. {locked} or another member of "
            "staff may sign in." if locked else
            "This book has staff accounts: each person signs in with their own.", wrap=True))
        form = QFormLayout()
        self.errors = FieldErrors()
        self.name = QLineEdit(locked or "")
        self.name.setAccessibleName("Name")
        self.name.setMaxLength(60)
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row(form, "name", "Name:", self.name)
        self.errors.add_row(form, "password", "Password:", self.password)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setDefault(True)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton("Quit frontdesk",
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self.try_sign_in)
        self.quit_button.clicked.connect(self.quit)
        layout.addWidget(buttons)
        (self.password if locked else self.name).setFocus()
        self.resize(460, 280)

    def try_sign_in(self) -> None:
        if self.tasks.busy or not self.sign_in_button.isEnabled():
            return
        self.errors.clear()
        name, password = self.name.text(), self.password.text()
        if not name.strip():
            self.errors.show("name", "Say who you are")
            return
        self.sign_in_button.setEnabled(False)
        self.tasks.run(lambda: self._check(name, password), self._signed_in, self._refused)

    def _signed_in(self, staff: Staff) -> None:
        self.staff = staff
        self.password.clear()
        self.failures = 0
        self.sign_in_button.setEnabled(True)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, Forbidden):
            self.failures += 1
            self.errors.show(None, f"{str(error).split(';')[0].capitalize()}.")
        elif isinstance(error, FrontdeskError):
            self.errors.show(None, str(error))
        else:
            self.errors.show(None, "Could not check the password; see the log")
        QTimer.singleShot(int(failure_delay(self.failures) * 1000),
                          lambda: self.sign_in_button.setEnabled(True))

    def quit(self) -> None:
        self.quit_requested = True
        super().reject()

    def reject(self) -> None:
        """Esc or the close box: at start, as Quit; at the lock, nothing (the book stays
        covered until someone signs in)."""
        if self.locked is None and not self.tasks.busy:
            self.quit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.locked is not None:
            return
        super().keyPressEvent(event)
