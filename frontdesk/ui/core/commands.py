"""Undo and redo of every change, as QUndoCommands that call the booking engine.

The first ``redo`` that QUndoStack.push makes is skipped: the change was already made (the
editor or the drop needed the engine's answer at once to show a refusal at its field). Undo
and later redos are engine calls like any other, checked against the book as it is then; if
one is refused (someone took the slot meanwhile), the reason is reported and the command
leaves the stack, since its state no longer matches the book.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtGui import QUndoCommand

from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import TRANSITIONS, Status
from frontdesk.services.booking import Bookings, Change
from frontdesk.services.schedule import AppointmentView

Done = Callable[[AppointmentView], None]
Failed = Callable[[str, FrontdeskError], None]
#: The version this window last wrote or read back, per appointment. Shared by all commands
#: of one stack: undoing the second of two changes to one visit moves the version on, and the
#: first change's undo must expect that version, not the one it saw when it was made. A
#: change from another desk is not in here, so undoing over it is refused as stale.
Versions = dict[int, int]


def _minutes(a: AppointmentView) -> int:
    return int((a.end - a.start) / timedelta(minutes=1))


class EngineCommand(QUndoCommand):
    def __init__(self, text: str, bookings: Bookings, after: AppointmentView,
                 done: Done, failed: Failed, versions: Versions):
        super().__init__(text)
        self.bookings, self.done, self.failed = bookings, done, failed
        self.versions = versions
        self.id_ = after.id
        versions[after.id] = after.version
        self._skip_first_redo = True

    @property
    def version(self) -> int:
        return self.versions[self.id_]

    @version.setter
    def version(self, value: int) -> None:
        self.versions[self.id_] = value

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self.forward, "Redo")

    def undo(self) -> None:
        self._run(self.backward, "Undo")

    def _run(self, step: Callable[[], AppointmentView], verb: str) -> None:
        try:
            view = step()
        except FrontdeskError as error:
            self.setObsolete(True)
            self.failed(f"{verb} “{self.text()}”", error)
            return
        self.version = view.version
        self.done(view)

    def forward(self) -> AppointmentView:
        raise NotImplementedError

    def backward(self) -> AppointmentView:
        raise NotImplementedError


class BookCommand(EngineCommand):
    """Undo cancels the new booking (kept in the audit trail); redo reinstates it."""

    def forward(self) -> AppointmentView:
        return self.bookings.set_status(self.id_, Status.BOOKED, expected_version=self.version)

    def backward(self) -> AppointmentView:
        return self.bookings.cancel(self.id_, "booking undone", expected_version=self.version)


class ChangeCommand(EngineCommand):
    """A move, resize or reassignment; undo puts time, length, therapist and room back."""

    def __init__(self, text, bookings, before: AppointmentView, after: AppointmentView,
                 done, failed, versions):
        super().__init__(text, bookings, after, done, failed, versions)
        self.before, self.after = before, after

    def _to(self, a: AppointmentView) -> AppointmentView:
        change = Change(start=a.start, minutes=_minutes(a), therapist_id=a.therapist_id,
                        room_id=a.room_id, expected_version=self.version,
                        override=a.override_reason if a.overridden else "")
        return self.bookings.change(self.id_, change)

    def forward(self) -> AppointmentView:
        return self._to(self.after)

    def backward(self) -> AppointmentView:
        return self._to(self.before)


class StatusCommand(EngineCommand):
    """A status change; undo goes back to the earlier status, through "booked" when the
    rules have no direct step back (a cancelled visit returns as booked, then confirmed)."""

    def __init__(self, text, bookings, before: AppointmentView, after: AppointmentView,
                 done, failed, versions):
        super().__init__(text, bookings, after, done, failed, versions)
        self.before, self.after = before, after

    def _to(self, a: AppointmentView, current: Status) -> AppointmentView:
        path = [a.status]
        if a.status not in TRANSITIONS[current] and Status.BOOKED in TRANSITIONS[current]:
            path = [Status.BOOKED, a.status]
        view = None
        for status in path:
            if view is not None and view.status == status:
                continue
            view = self.bookings.set_status(
                self.id_, status, reason=a.cancel_reason, expected_version=self.version,
                override=a.override_reason if a.overridden else "")
            self.version = view.version
        return view

    def forward(self) -> AppointmentView:
        return self._to(self.after, self.before.status)

    def backward(self) -> AppointmentView:
        return self._to(self.before, self.after.status)
