"""Changing the book: the appointment dialog, drops on the grid, statuses, cancellations,
standing appointments and the context menu.

Every decision is the engine's: drops are judged by its preview and made through
``door.ops``, which records undo. A change that frees a slot is announced with ``freed`` so
the desk's tools can offer it to the waitlist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError, Refused
from frontdesk.domain.status import (
    CANCELLATIONS,
    MOVABLE,
    Status,
    choices,
    editable,
    status_problem,
)
from frontdesk.services import dayplan
from frontdesk.services.booking import BookingRequest, Change
from frontdesk.services.client_record import short_time
from frontdesk.services.dayplan import Mode
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.book.controller import BookController
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.appointment_dialog import AppointmentDialog
from frontdesk.ui.editing.prefill import EditorPrefill
from frontdesk.ui.widgets.dialogs import CANCEL_REASONS, ReasonDialog

Say = Callable[[str, int], None]
Report = Callable[[str, FrontdeskError], None]


class EditingController(QObject):
    """``window`` parents the dialogs; ``say`` writes the status bar; ``report`` shows a
    refusal. The actions (``status_actions``, ``act_cancel``, …) are the window's menus'."""

    freed = Signal(object)  # AppointmentView whose slot a cancellation or no-show freed

    def __init__(self, door: Door, book: BookController, *, window: QWidget, say: Say,
                 report: Report, action: Callable[..., QAction], status_keys):
        super().__init__(window)
        self.door, self.book, self.window, self.say, self.report = (door, book, window, say,
                                                                     report)
        self.editor: AppointmentDialog | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.repeat_dialog = None
        self.context_menu: QMenu | None = None
        a = action
        self.act_new = a("&New appointment…", self.new_appointment, "Ctrl+N")
        self.act_edit = a("&Edit appointment…", lambda: self.edit_appointment(), "Ctrl+E")
        self.status_actions = {
            status: a(text, lambda _=False, s=status: self.set_status(s), key)
            for status, text, key in status_keys}
        self.act_cancel = a("Cance&l appointment…", self.cancel_selected, "Del")
        self.act_cancel_following = a("Cancel this and &following visits…",
                                      self.cancel_following)
        day_view = book.day_view
        day_view.judge = self.judge
        day_view.create_requested.connect(self._create_at)
        day_view.move_requested.connect(self.drop)
        day_view.edit_requested.connect(self.edit_appointment)
        day_view.context_requested.connect(self.show_context_menu)

    def when(self, view: AppointmentView) -> str:
        """A visit's start as the desk's lists say it ("Tue 3 Dec 10:00")."""
        return short_time(view.start, self.book.tz, self.door.now())

    @property
    def ops(self):
        return self.door.ops

    # -- the appointment dialog ---------------------------------------------------------

    def prefill_for(self, column: int, start: datetime, minutes: int) -> EditorPrefill:
        """A new appointment in a column of the shown plan (its therapist or room)."""
        col = self.book.plan.columns[column]
        return EditorPrefill(
            start=start, therapist_id=col.id if col.kind == Mode.THERAPISTS else None,
            room_id=col.id if col.kind == Mode.ROOMS else None, minutes=minutes or None,
            service_id=None, client_id=None)

    def _create_at(self, column: int, start: datetime, minutes: int) -> None:
        self.open_editor(self.prefill_for(column, start, minutes))

    def new_appointment(self) -> None:
        """Ctrl+N: the dialog at the next slot (today) or the first hour of the day shown."""
        book = self.book
        step = book.catalog.clinic.slot_minutes
        now = book.now_local()
        if book.day == now.date():
            minute = (now.minute // step + 1) * step
            start = now.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minute)
        else:
            start = datetime.combine(book.day, book.plan.hours[0] if book.plan else
                                     dayplan.DEFAULT_HOURS[0], tzinfo=book.tz)
        selected = book.selected_view()
        self.open_editor(EditorPrefill(
            start=start.astimezone(clock.UTC),
            therapist_id=selected.therapist_id if selected else None, room_id=None,
            minutes=None, service_id=None, client_id=None))

    def open_editor(self, prefill: EditorPrefill | None,
                    appointment: AppointmentView | None = None) -> AppointmentDialog:
        editor = AppointmentDialog(self.door, submit=self._submit, prefill=prefill,
                                   appointment=appointment, parent=self.window,
                                   repeat=self.repeat)
        self.editor = editor
        editor.finished.connect(lambda _r: self._editor_closed(editor))
        editor.reopen_requested.connect(lambda appointment_id: self._reopen(editor,
                                                                            appointment_id))
        editor.open()
        return editor

    def edit_appointment(self, appointment_id: int | None = None) -> None:
        appointment_id = appointment_id or self.book.day_view.selected
        if not appointment_id:
            self.say("Select an appointment first", 5000)
            return
        view = self.book.view_of(appointment_id)
        if view is None:
            return
        fixed = editable(view.status)
        if all(why is not None for why in fixed.values()):
            self.say(f"Nothing of this visit can change: {fixed['notes']}", 8000)
            return
        prefill = EditorPrefill(start=view.start, therapist_id=view.therapist_id,
                                room_id=view.room_id,
                                minutes=int((view.end - view.start).total_seconds() // 60),
                                service_id=view.service_id, client_id=view.client_id)
        self.open_editor(prefill, appointment=view)

    def _reopen(self, editor: AppointmentDialog, appointment_id: int) -> None:
        """Take the other desk's version: the book read again, the editor opened on it."""
        editor.reject()
        self.book.reload()
        self.edit_appointment(appointment_id)

    def _editor_closed(self, editor: AppointmentDialog) -> None:
        result = editor.result
        if result is not None:
            self.book.day_view.select(result.id)
            self.say(f"Saved: {result.client or result.service}, "
                     f"{self.when(result)}", 8000)

    def _submit(self, request) -> AppointmentView:
        from frontdesk.ui.editing.prefill import FollowingChange

        if isinstance(request, BookingRequest):
            return self.ops.book(request)
        if isinstance(request, FollowingChange):
            return self.submit_following(*request)
        appointment_id, change = request
        return self.ops.change_by_id(appointment_id, change)

    # -- standing appointments ----------------------------------------------------------

    def repeat(self, request: BookingRequest) -> AppointmentView | None:
        """The dialog's Repeat…: preview and book a series; the first visit booked, if any."""
        from frontdesk.ui.editing.series_dialog import RepeatDialog

        dialog = RepeatDialog(self.door, request, parent=self.window)
        self.repeat_dialog = dialog
        dialog.exec()
        booked = [o.appointment for o in dialog.outcomes if o.booked]
        return booked[0] if booked else None

    def submit_following(self, appointment_id: int, change: Change) -> AppointmentView:
        """The dialog's "also the following visits": all of them move, or none."""
        moved = self.ops.change_following(appointment_id, change)
        if len(moved) > 1:
            QMessageBox.information(self.window, "Series changed",
                                    f"{len(moved)} visits of the series were changed.")
        return moved[0]

    def cancel_following(self) -> None:
        view = self._selected_view()
        if view is None:
            return
        if view.series_id is None:
            self.say("This visit is not part of a standing appointment; "
                     "use Cancel appointment", 6000)
            return
        answer = self.ask_reason(
            "Cancel the series from here",
            f"Cancel {view.client or 'this client'}'s visit on "
            f"{self.when(view)} and every later visit of the "
            "series? Say why:", CANCEL_REASONS, late=True)
        if not answer:
            return
        reason, late = answer
        try:
            gone = self.ops.cancel_following(view, reason, late=late)
        except FrontdeskError as error:
            self.report("Not cancelled", error)
            return
        self.say(f"Cancelled {len(gone)} visits of the series", 8000)
        self.freed.emit(gone[0])

    # -- dragging -----------------------------------------------------------------------

    def change_for(self, appointment_id: int, start: datetime, minutes: int,
                   column: int) -> Change:
        """What a drop in ``column`` asks for: a new time, length, therapist or room. In a
        week view a column is a day, and the wall-clock time is kept on the new day."""
        plan = self.book.plan
        col = plan.columns[column]
        found = plan.find(appointment_id)
        if found is not None and plan.days > 1:
            local = clock.to_local(start, self.book.tz)
            moved = datetime.combine(col.day, local.time())
            start = (clock.to_instant(moved, self.book.tz) if clock.exists(moved, self.book.tz)
                     else start)
            return Change(start=start, minutes=minutes,
                          expected_version=found[1].appt.version)
        version = found[1].appt.version if found else None
        return Change(start=start, minutes=minutes, expected_version=version,
                      therapist_id=col.id if col.kind == Mode.THERAPISTS else None,
                      room_id=col.id if col.kind == Mode.ROOMS else None)

    def judge(self, appointment_id: int, start: datetime, minutes: int,
              column: int) -> str | None:
        problems = self.ops.preview_change(
            appointment_id, self.change_for(appointment_id, start, minutes, column))
        if not problems:
            return None
        text = "; ".join(v.message for v in problems)
        return f"{text} (needs a reason)" if all(v.soft for v in problems) else text

    def drop(self, appointment_id: int, start: datetime, minutes: int, column: int) -> None:
        change = self.change_for(appointment_id, start, minutes, column)
        before = self.book.plan.find(appointment_id)[1].appt
        try:
            self.ops.change(before, change)
        except Refused as refused:
            if not refused.overridable:
                self.report("Not moved", refused)
                return
            reason = self.ask_reason("Move anyway?", f"{refused}\n\nMove it anyway? Say why:")
            if reason:
                self._try(lambda: self.ops.change(before, Change(
                    **{**change.__dict__, "override": reason})), "Not moved")
        except FrontdeskError as error:
            self.report("Not moved", error)

    def _try(self, fn, what: str) -> None:
        try:
            fn()
        except FrontdeskError as error:
            self.report(what, error)

    def ask_reason(self, title: str, prompt: str, reasons=(), late: bool = False):
        dialog = ReasonDialog(title, prompt, reasons, late_option=late, parent=self.window)
        self.reason_dialog = dialog
        if not dialog.exec():
            return None
        return (dialog.text(), dialog.late.isChecked()) if late else dialog.text()

    # -- status -------------------------------------------------------------------------

    def _selected_view(self) -> AppointmentView | None:
        view = self.book.selected_view()
        if view is None:
            self.say("Select an appointment first", 5000)
        return view

    def set_status(self, status: Status) -> None:
        view = self._selected_view()
        if view is None or not self._may(view, status):
            return
        fee = self.fee_for(view, status) if status is Status.NO_SHOW else 0
        if fee < 0:
            return
        try:
            self._freed(self.ops.mark_with_fee(view, status, fee=fee)[0] if fee
                        else self.ops.set_status(view, status))
        except Refused as refused:
            if refused.overridable:
                reason = self.ask_reason("Book anyway?", f"{refused}\n\nSay why:")
                if reason:
                    self._try(lambda: self.ops.set_status(view, status, override=reason),
                              f"Not marked {status.label}")
                return
            self.report(f"Not marked {status.label}", refused)
        except FrontdeskError as error:
            self.report(f"Not marked {status.label}", error)

    def _may(self, view: AppointmentView, status: Status) -> bool:
        """Whether the domain lets ``view`` become ``status`` now; if not, a status-bar line
        says why (a key pressed on the wrong visit is a slip, not an error to dialog)."""
        problem = status_problem(view.status, status, view.start, view.end, self.door.now())
        if problem is not None:
            self.say(f"{view.client or 'This visit'} not marked {status.label}: "
                     f"{problem.message}", 8000)
        return problem is None

    def cancel_selected(self) -> None:
        view = self._selected_view()
        if view is not None:
            self.cancel_visit(view)

    def cancel_visit(self, view: AppointmentView) -> None:
        """Ask why (and whether late), then cancel ``view`` through the engine; a visit
        that can no longer be cancelled is said so, without asking."""
        if not self.allowed(view) & CANCELLATIONS and not self._may(view, Status.CANCELLED):
            return
        answer = self.ask_reason("Cancel appointment",
                                 f"Cancel {view.client or 'this appointment'} — "
                                 f"{view.service} at "
                                 f"{self.when(view)}? Say why:",
                                 CANCEL_REASONS, late=Status.LATE_CANCEL in self.allowed(view))
        if not answer:
            return
        reason, late = answer
        status = Status.LATE_CANCEL if late else Status.CANCELLED
        fee = self.fee_for(view, status) if late else 0
        if fee < 0:
            return
        self._try(lambda: self._freed(
            self.ops.mark_with_fee(view, status, reason=reason, fee=fee)[0] if fee
            else self.ops.set_status(view, status, reason=reason)), "Not cancelled")

    def _freed(self, view: AppointmentView) -> None:
        if not view.status.occupies_time:
            self.freed.emit(view)

    def show_context_menu(self, appointment_id: int, pos) -> None:
        found = self.book.plan.find(appointment_id) if self.book.plan else None
        if found is None:
            return
        view = found[1].appt
        menu = QMenu(self.window)
        self.enable_for(view)
        menu.addActions(list(self.status_actions.values()))
        menu.addAction(self.act_cancel)
        menu.addSeparator()
        menu.addActions([self.act_edit, *self.context_extras])
        if view.series_id is not None and view.status in MOVABLE:
            menu.addAction(self.act_cancel_following)
        self.context_menu = menu
        menu.aboutToHide.connect(self._enable_all)
        menu.popup(pos)

    #: Actions of other parts shown in the context menu after Edit (the window sets them).
    context_extras: tuple[QAction, ...] = ()

    @staticmethod
    def fee_for(view: AppointmentView, status: Status) -> int:
        """The fee a no-show or late cancellation is marked with (0: none; below 0: the
        desk cancelled): the window sets the checkout's question here."""
        return 0

    def allowed(self, view: AppointmentView) -> frozenset[Status]:
        """The statuses ``view`` may be given now: the domain's :func:`choices`."""
        return choices(view.status, view.start, view.end, self.door.now())

    def enable_for(self, view: AppointmentView | None) -> None:
        """Enable only what ``view`` allows now: its next statuses, a cancellation, the
        editor when any part of it may still change (nothing without a visit)."""
        allowed = self.allowed(view) if view is not None else frozenset()
        for status, action in self.status_actions.items():
            action.setEnabled(status in allowed)
        self.act_cancel.setEnabled(bool(allowed & CANCELLATIONS))
        self.act_edit.setEnabled(view is not None and any(
            why is None for why in editable(view.status).values()))
        self.act_cancel_following.setEnabled(
            view is not None and view.series_id is not None and view.status in MOVABLE)

    def follow_menu(self, menu: QMenu) -> None:
        """A window menu holding these actions offers only what the selected visit allows
        while it is open; the keys stay live and say why when a status is not allowed."""
        menu.aboutToShow.connect(lambda: self.enable_for(self.book.selected_view()))
        menu.aboutToHide.connect(self._enable_all)

    def _enable_all(self) -> None:
        for action in (*self.status_actions.values(), self.act_cancel, self.act_edit,
                       self.act_cancel_following):
            action.setEnabled(True)
