"""The window's way to change the book: engine call first, then an undoable command.

Every front-desk change in the window goes through here, so each one is checked by the
engine, recorded in the audit trail, put on the undo stack and announced with ``changed`` so
the views refresh just that appointment.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import Status
from frontdesk.services.booking import BookingRequest, Bookings, Change
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.commands import BookCommand, ChangeCommand, StatusCommand


class Operations(QObject):
    changed = Signal(object)          # AppointmentView after a change, undo or redo
    failed = Signal(str, object)      # what was tried, FrontdeskError

    def __init__(self, bookings: Bookings, tz, parent: QObject | None = None):
        super().__init__(parent)
        self.bookings = bookings
        self.tz = tz
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(200)
        self.versions: dict[int, int] = {}  # see commands.Versions

    def _done(self, view: AppointmentView) -> None:
        self.changed.emit(view)

    def _failed(self, what: str, error: FrontdeskError) -> None:
        self.failed.emit(what, error)

    def _when(self, view: AppointmentView) -> str:
        return clock.to_local(view.start, self.tz).strftime("%a %d %b %H:%M")

    def book(self, request: BookingRequest) -> AppointmentView:
        view = self.bookings.book(request)
        self.stack.push(BookCommand(f"Book {view.client or view.service} {self._when(view)}",
                                    self.bookings, view, self._done, self._failed,
                                    self.versions))
        self.changed.emit(view)
        return view

    def change(self, before: AppointmentView, change: Change) -> AppointmentView:
        view = self.bookings.change(before.id, change)
        verb = ("Move" if view.start != before.start or view.therapist_id != before.therapist_id
                or view.room_id != before.room_id else "Resize")
        self.stack.push(ChangeCommand(f"{verb} {view.client or view.service}", self.bookings,
                                      before, view, self._done, self._failed,
                                      self.versions))
        self.changed.emit(view)
        return view

    def set_status(self, before: AppointmentView, status: Status, *, reason: str = "",
                   override: str = "") -> AppointmentView:
        view = self.bookings.set_status(before.id, status, reason=reason, override=override,
                                        expected_version=before.version)
        self.stack.push(StatusCommand(f"Mark {view.client or view.service} {status.label}",
                                      self.bookings, before, view, self._done, self._failed,
                                      self.versions))
        self.changed.emit(view)
        return view
