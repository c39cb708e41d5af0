"""The front desk's fast paths in the window: find a time (F2), who is calling (F3), the
waitlist (F4), tomorrow's confirmation calls (F6), and the offer of a freed slot to the
waiting clients.

Each path opens its own dialog over the door and brings what it booked back into the book.
Nothing here decides a booking.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.text import client_label
from frontdesk.services import waitlist
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.book.controller import BookController
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.controller import EditingController


class DeskController(QObject):
    """Needs the door, the book (to show what was booked), the editing controller (to open
    the appointment dialog), ``open_clients`` (a client's card) and the window that parents
    the dialogs; ``say`` writes the status bar and ``report`` shows a failure."""

    def __init__(self, door: Door, book: BookController, editing: EditingController, *,
                 window: QWidget, open_clients: Callable[[int], object],
                 say: Callable[[str, int], None],
                 report: Callable[[str, FrontdeskError], None],
                 action: Callable[..., QAction]):
        super().__init__(window)
        self.door, self.book, self.editing, self.window = door, book, editing, window
        self.open_clients, self.say, self.report = open_clients, say, report
        self.find_time_dialog = self.caller_dialog = self.waitlist_dialog = None
        self.calls_dialog = self.matches_dialog = self.reschedule_dialog = None
        a = action
        self.act_find_time = a("Find a &time…", lambda: self.open_find_time(), "F2")
        self.act_caller = a("&Caller lookup…", self.open_caller, "F3")
        self.act_waitlist = a("&Waitlist…", lambda: self.open_waitlist(), "F4")
        self.act_calls = a("Confirmation c&alls…", self.open_calls, "F6")
        editing.freed.connect(self.offer_waitlist)

    def fill_menu(self, menus, bar) -> None:
        desk = menus.addMenu("&Desk")
        desk.addActions([self.act_find_time, self.act_caller, self.act_waitlist,
                         self.act_calls])
        bar.addSeparator()
        for act, text in ((self.act_find_time, "Find time"), (self.act_caller, "Caller"),
                          (self.act_waitlist, "Waitlist"), (self.act_calls, "Calls")):
            act.setIconText(text)
            bar.addAction(act)

    # -- find a time, caller, waitlist, calls --------------------------------------------

    def open_find_time(self, client_id: int | None = None, client_name: str = ""):
        from frontdesk.ui.desk.find_time_dialog import FindTimeDialog

        dialog = FindTimeDialog(self.door, book=self.door.ops.book,
                                open_editor=self.editing.open_editor,
                                client_id=client_id, client_name=client_name,
                                parent=self.window)
        dialog.finished.connect(lambda _r: self._booked(dialog.result))
        self.find_time_dialog = dialog
        dialog.open()
        return dialog

    def open_caller(self):
        from frontdesk.ui.desk.caller_dialog import CallerDialog

        dialog = CallerDialog(self.door, parent=self.window)
        dialog.find_time_requested.connect(self.open_find_time)
        dialog.waitlist_requested.connect(self.open_waitlist)
        dialog.client_requested.connect(self.open_clients)
        dialog.move_requested.connect(self.open_reschedule)
        dialog.cancel_requested.connect(self.editing.cancel_visit)
        self.caller_dialog = dialog
        dialog.open()
        return dialog

    def open_reschedule(self, visit: AppointmentView):
        """Find another free time for ``visit`` and move it there (see RescheduleDialog)."""
        from frontdesk.ui.desk.reschedule_dialog import RescheduleDialog

        dialog = RescheduleDialog(self.door, visit, parent=self.window)
        dialog.finished.connect(lambda _r: self._moved(dialog.result))
        self.reschedule_dialog = dialog
        dialog.open()
        return dialog

    def open_waitlist(self, client_id: int | None = None, client_name: str = ""):
        from frontdesk.ui.desk.waitlist_dialog import WaitlistDialog

        dialog = WaitlistDialog(self.door, client_id=client_id, client_name=client_name,
                                parent=self.window)
        dialog.book_requested.connect(self._book_from_waitlist)
        self.waitlist_dialog = dialog
        dialog.open()
        return dialog

    def open_calls(self):
        from frontdesk.ui.desk.calls_dialog import CallsDialog

        dialog = CallsDialog(self.door, parent=self.window)
        self.calls_dialog = dialog
        dialog.open()
        return dialog

    def _book_from_waitlist(self, prefill) -> None:
        for dialog in (self.waitlist_dialog, self.matches_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.close()
        self.editing.open_editor(prefill)

    def _booked(self, view: AppointmentView | None) -> None:
        """Show what a dialog booked on its own: its day, selected."""
        if view is None:
            return
        self._show(view)
        self.say(f"Booked: {client_label(view.client)}, {view.service}, "
                 f"{self.editing.when(view)}", 8000)

    def _moved(self, view: AppointmentView | None) -> None:
        """Show a visit moved from the caller lookup: its new day, selected."""
        if view is None:
            return
        self._show(view)
        self.say(f"Moved: {client_label(view.client)}, {view.service}, to "
                 f"{self.editing.when(view)} with {view.therapist} "
                 f"in {view.room}", 8000)

    def _show(self, view: AppointmentView) -> None:
        self.book.show_day(clock.to_local(view.start, self.book.tz).date())
        self.book.day_view.select(view.id)

    # -- the waitlist when a slot opens -------------------------------------------------

    def offer_waitlist(self, view: AppointmentView) -> None:
        """After a cancellation or no-show, show the waiting clients who could take the slot
        (looked for off the GUI thread: the list of wishes grows)."""
        self.door.call(waitlist.matches, view.start, view.end, view.therapist_id,
                       view.room_id, now=self.door.now, key="waitlist-matches",
                       done=lambda found: self._offer(view, found),
                       failed=lambda error: self.report("Waitlist", error))

    def _offer(self, view: AppointmentView, found) -> None:
        if not found:
            return
        from frontdesk.ui.desk.matches_dialog import MatchesDialog

        title = (f"Freed: {self.editing.when(view)} with "
                 f"{view.therapist} in {view.room}")
        dialog = MatchesDialog(found, self.book.tz, title=title, parent=self.window)
        dialog.book_requested.connect(self._book_from_waitlist)
        self.matches_dialog = dialog
        dialog.open()
