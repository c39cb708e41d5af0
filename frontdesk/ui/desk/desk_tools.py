"""The front desk's fast paths in the window: find a time (F2), who is calling (F3), the
waitlist (F4), tomorrow's confirmation calls (F6), standing appointments, and the offer of a
freed slot to the waiting clients.

A part of the main window, kept apart from its layout: each path opens its own dialog over
the engine and brings what it booked back into the book. Nothing here decides a booking.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import Status
from frontdesk.services import schedule, series, waitlist
from frontdesk.services.booking import BookingRequest
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.widgets.dialogs import CANCEL_REASONS


class DeskTools:
    """Mixed into MainWindow: needs ``db``, ``catalog``, ``tz``, ``now``, ``actor``, ``ops``,
    ``_action``, ``open_editor``, ``open_clients``, ``reload``, ``_read`` and ``_report``."""

    def _build_desk_actions(self) -> None:
        a = self._action
        self.act_find_time = a("Find a &time…", lambda: self.open_find_time(), "F2")
        self.act_caller = a("&Caller lookup…", self.open_caller, "F3")
        self.act_waitlist = a("&Waitlist…", lambda: self.open_waitlist(), "F4")
        self.act_calls = a("Confirmation c&alls…", self.open_calls, "F6")
        self.act_cancel_following = a("Cancel this and &following visits…",
                                      self.cancel_following)

    def _build_desk_menu(self, menus, bar) -> None:
        desk = menus.addMenu("&Desk")
        desk.addActions([self.act_find_time, self.act_caller, self.act_waitlist,
                         self.act_calls])
        self.appointment_menu.addAction(self.act_cancel_following)
        bar.addSeparator()
        for act, text in ((self.act_find_time, "Find time"), (self.act_caller, "Caller"),
                          (self.act_waitlist, "Waitlist"), (self.act_calls, "Calls")):
            act.setIconText(text)
            bar.addAction(act)

    # -- find a time, caller, waitlist, calls --------------------------------------------

    def open_find_time(self, client_id: int | None = None, client_name: str = ""):
        from frontdesk.ui.desk.find_time_dialog import FindTimeDialog

        dialog = FindTimeDialog(self.db, self.catalog, book=self.ops.book,
                                open_editor=self.open_editor, now=self.now,
                                client_id=client_id, client_name=client_name, parent=self)
        dialog.finished.connect(lambda _r: self._booked(getattr(dialog, "result", None)))
        self.find_time_dialog = dialog
        dialog.open()
        return dialog

    def open_caller(self):
        from frontdesk.ui.desk.caller_dialog import CallerDialog

        dialog = CallerDialog(self.db, self.tz, now=self.now, parent=self)
        dialog.find_time_requested.connect(self.open_find_time)
        dialog.waitlist_requested.connect(self.open_waitlist)
        dialog.client_requested.connect(self.open_clients)
        self.caller_dialog = dialog
        dialog.open()
        return dialog

    def open_waitlist(self, client_id: int | None = None, client_name: str = ""):
        from frontdesk.ui.desk.waitlist_dialog import WaitlistDialog

        dialog = WaitlistDialog(self.db, self.catalog, now=self.now, actor=self.actor,
                                client_id=client_id, client_name=client_name, parent=self)
        dialog.book_requested.connect(self._book_from_waitlist)
        self.waitlist_dialog = dialog
        dialog.open()
        return dialog

    def open_calls(self):
        from frontdesk.ui.desk.calls_dialog import CallsDialog

        dialog = CallsDialog(self.db, self.tz, self.catalog.clinic.name,
                             set_status=self._set_status_by_id, now=self.now, parent=self)
        self.calls_dialog = dialog
        dialog.open()
        return dialog

    def _set_status_by_id(self, appointment_id: int, status: Status) -> AppointmentView:
        before = self._read(schedule.appointment, appointment_id)
        return self.ops.set_status(before, status)

    def _book_from_waitlist(self, prefill) -> None:
        for name in ("waitlist_dialog", "matches_dialog"):
            dialog = getattr(self, name, None)
            if dialog is not None and dialog.isVisible():
                dialog.close()
        self.open_editor(prefill)

    def _booked(self, view: AppointmentView | None) -> None:
        """Show what a dialog booked on its own: its day, selected."""
        if view is None:
            return
        self.show_day(clock.to_local(view.start, self.tz).date())
        self.day_view.select(view.id)
        self.statusBar().showMessage(f"Booked: {view.client or 'walk-in'}, {view.service}, "
                                     f"{clock.format_local(view.start, self.tz)}", 8000)

    # -- standing appointments ----------------------------------------------------------

    def _repeat(self, request: BookingRequest) -> AppointmentView | None:
        """The editor's Repeat…: preview and book a series; the first visit booked, if any."""
        from frontdesk.ui.editing.series_dialog import RepeatDialog

        dialog = RepeatDialog(self.ops.bookings, request, self.tz, parent=self)
        self.repeat_dialog = dialog
        dialog.exec()
        booked = [o.appointment for o in getattr(dialog, "outcomes", None) or [] if o.booked]
        if booked:
            self.reload()
        return booked[0] if booked else None

    def cancel_following(self) -> None:
        view = self._selected_view()
        if view is None:
            return
        if view.series_id is None:
            self.statusBar().showMessage("This visit is not part of a standing appointment; "
                                         "use Cancel appointment", 6000)
            return
        answer = self.ask_reason(
            "Cancel the series from here",
            f"Cancel {view.client or 'this client'}'s visit on "
            f"{clock.format_local(view.start, self.tz)} and every later visit of the "
            "series? Say why:", CANCEL_REASONS, late=True)
        if not answer:
            return
        reason, late = answer
        try:
            gone = series.cancel_following(self.ops.bookings, view.id, reason, late=late)
        except FrontdeskError as error:
            self._report("Not cancelled", error)
            return
        self.reload()
        self.statusBar().showMessage(f"Cancelled {len(gone)} visits of the series", 8000)
        self.offer_waitlist(gone[0])

    # -- the waitlist when a slot opens -------------------------------------------------

    def offer_waitlist(self, view: AppointmentView | None) -> None:
        """After a cancellation or no-show, show the waiting clients who could take the slot."""
        if view is None or view.status.occupies_time:  # nothing was freed
            return
        try:
            found = waitlist.matches(self.db, view.start, view.end, view.therapist_id,
                                     view.room_id, now=self.now)
        except FrontdeskError as error:
            self._report("Waitlist", error)
            return
        if not found:
            return
        from frontdesk.ui.desk.waitlist_dialog import MatchesDialog

        title = (f"Freed: {clock.format_local(view.start, self.tz)} with {view.therapist} "
                 f"in {view.room}")
        dialog = MatchesDialog(found, self.tz, title=title, parent=self)
        dialog.book_requested.connect(self._book_from_waitlist)
        self.matches_dialog = dialog
        dialog.open()

    def submit_following(self, appointment_id: int, change) -> AppointmentView:
        """The editor's "also the following visits": all of them move, or none."""
        moved = series.change_following(self.ops.bookings, appointment_id, change)
        self.reload()
        if len(moved) > 1:
            QMessageBox.information(self, "Series changed",
                                    f"{len(moved)} visits of the series were changed.")
        return moved[0]
