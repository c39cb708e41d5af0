"""Who is signed in at this window, kept in one place: the word in the status bar, what the
role is offered (:mod:`frontdesk.ui.signin.roles`), the lock after some idle minutes, and
someone else signing in at that lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from frontdesk.ui.signin import roles
from frontdesk.ui.signin.lock import IdleLock

if TYPE_CHECKING:
    from frontdesk.ui.main_window import MainWindow


class SignedIn:
    """On a book with staff accounts, the window's sign-in; on one without, a hidden word
    and nothing else (no lock, every action offered)."""

    def __init__(self, window: MainWindow, minutes: float):
        self.window = window
        self.who = QLabel()
        self.who.setAccessibleName("Signed in")
        window.statusBar().addPermanentWidget(self.who)
        door = window.door
        window.act_lock.setVisible(door.staff is not None)
        self.show()
        self.lock: IdleLock | None = None
        if door.staff is not None:
            self.lock = IdleLock(window, door.check, lambda: door.staff,
                                 lambda: door.catalog.clinic.name, minutes)
            self.lock.unlocked.connect(self._unlocked)

    def show(self) -> None:
        staff = self.window.door.staff
        self.who.setText(f"Signed in: {staff.name} ({staff.role})" if staff else "")
        self.who.setVisible(staff is not None)
        roles.apply(self.window, staff)

    def _unlocked(self, staff) -> None:
        """Signed in again at the lock; someone else works as themselves from now on (the
        clients' window, which showed the other's view, is closed)."""
        window = self.window
        if staff == window.door.staff:
            return
        window.door.sign_in(staff)
        if window.clients_window is not None:
            window.clients_window.close()
            window.clients_window.deleteLater()
            window.clients_window = None
        self.show()
        window.book.reload()
        window.say(f"Signed in as {staff.name}", 8000)
