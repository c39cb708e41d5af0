"""Changing the book from the grid: drops judged and made, statuses, cancellations, the
context menu. A part of the main window, kept apart so the window's file holds its layout
and wiring; every decision is still the engine's (through ``self.ops``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMenu

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError, Refused
from frontdesk.domain.status import MOVABLE, TRANSITIONS, Status
from frontdesk.services.booking import Change
from frontdesk.services.dayplan import Mode
from frontdesk.ui.widgets.dialogs import CANCEL_REASONS, ReasonDialog


class GridEditing:
    """Mixed into MainWindow: needs ``plan``, ``ops``, ``tz``, ``day_view``, the status and
    cancel actions, and ``_report``."""

    # -- dragging -----------------------------------------------------------------------

    def _change_for(self, appointment_id: int, start: datetime, minutes: int,
                    column: int) -> Change:
        """What a drop in ``column`` asks for: a new time, length, therapist or room. In a
        week view a column is a day, and the wall-clock time is kept on the new day."""
        col = self.plan.columns[column]
        found = self.plan.find(appointment_id)
        if found is not None and self.plan.days > 1:
            local = clock.to_local(start, self.tz)
            moved = datetime.combine(col.day, local.time())
            start = clock.to_instant(moved, self.tz) if clock.exists(moved, self.tz) else start
            return Change(start=start, minutes=minutes,
                          expected_version=found[1].appt.version)
        version = found[1].appt.version if found else None
        return Change(start=start, minutes=minutes, expected_version=version,
                      therapist_id=col.id if col.kind == Mode.THERAPISTS else None,
                      room_id=col.id if col.kind == Mode.ROOMS else None)

    def _judge(self, appointment_id: int, start: datetime, minutes: int,
               column: int) -> str | None:
        problems = self.ops.bookings.preview(
            appointment_id, self._change_for(appointment_id, start, minutes, column))
        if not problems:
            return None
        soft = all(v.soft for v in problems)
        text = "; ".join(v.message for v in problems)
        return f"{text} (needs a reason)" if soft else text

    def _drop(self, appointment_id: int, start: datetime, minutes: int, column: int) -> None:
        change = self._change_for(appointment_id, start, minutes, column)
        before = self.plan.find(appointment_id)[1].appt
        try:
            self.ops.change(before, change)
        except Refused as refused:
            if not refused.overridable:
                self._report("Not moved", refused)
                return
            reason = self.ask_reason("Move anyway?", f"{refused}\n\nMove it anyway? Say why:")
            if reason:
                self._try(lambda: self.ops.change(before, Change(
                    **{**change.__dict__, "override": reason})), "Not moved")
        except FrontdeskError as error:
            self._report("Not moved", error)

    def _try(self, fn, what: str) -> None:
        try:
            fn()
        except FrontdeskError as error:
            self._report(what, error)

    def ask_reason(self, title: str, prompt: str, reasons=(), late: bool = False):
        dialog = ReasonDialog(title, prompt, reasons, late_option=late, parent=self)
        self.reason_dialog = dialog
        if not dialog.exec():
            return None
        return (dialog.text(), dialog.late.isChecked()) if late else dialog.text()

    # -- status -------------------------------------------------------------------------

    def _selected_view(self):
        block = self.day_view.selected_block()
        if block is None:
            self.statusBar().showMessage("Select an appointment first", 5000)
        return block.appt if block else None

    def set_status(self, status: Status) -> None:
        view = self._selected_view()
        if view is None:
            return
        try:
            self.offer_waitlist(self.ops.set_status(view, status))
        except Refused as refused:
            if refused.overridable:
                reason = self.ask_reason("Book anyway?", f"{refused}\n\nSay why:")
                if reason:
                    self._try(lambda: self.ops.set_status(view, status, override=reason),
                              f"Not marked {status.label}")
                return
            self._report(f"Not marked {status.label}", refused)
        except FrontdeskError as error:
            self._report(f"Not marked {status.label}", error)

    def cancel_selected(self) -> None:
        view = self._selected_view()
        if view is None:
            return
        answer = self.ask_reason("Cancel appointment",
                                 f"Cancel {view.client or 'this appointment'} — "
                                 f"{view.service} at {clock.format_local(view.start, self.tz)}?"
                                 " Say why:", CANCEL_REASONS, late=True)
        if not answer:
            return
        reason, late = answer
        status = Status.LATE_CANCEL if late else Status.CANCELLED
        self._try(lambda: self.offer_waitlist(self.ops.set_status(view, status, reason=reason)),
                  "Not cancelled")

    def _context_menu(self, appointment_id: int, pos) -> None:
        view = self.plan.find(appointment_id)[1].appt if self.plan.find(appointment_id) else None
        if view is None:
            return
        menu = QMenu(self)
        allowed = TRANSITIONS[view.status]
        for status, action in self.status_actions.items():
            action.setEnabled(status in allowed)
            menu.addAction(action)
        self.act_cancel.setEnabled(Status.CANCELLED in allowed)
        menu.addAction(self.act_cancel)
        menu.addSeparator()
        self.act_edit.setEnabled(view.status in MOVABLE)
        menu.addActions([self.act_edit, self.act_client])
        if view.series_id is not None and view.status in MOVABLE:
            menu.addAction(self.act_cancel_following)
        self.context_menu = menu
        menu.aboutToHide.connect(self._enable_all)
        menu.popup(pos)

    def _enable_all(self) -> None:
        for action in (*self.status_actions.values(), self.act_cancel, self.act_edit):
            action.setEnabled(True)
