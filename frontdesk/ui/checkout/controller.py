"""Checking the selected visit out (key P, the Appointment menu, the visit's context menu)
and the fee a no-show or late cancellation may carry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.domain import ledger
from frontdesk.domain.access import Action
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import checkout
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.checkout.checkout_dialog import CheckoutDialog
from frontdesk.ui.checkout.fee_prompt import ask_fee
from frontdesk.ui.checkout.refund_dialog import RefundDialog


class CheckoutController(QObject):
    def __init__(self, door, book, *, window: QWidget, say: Callable[[str, int], None],
                 action: Callable[..., QAction]):
        super().__init__(window)
        self.door, self.book, self.window, self.say = door, book, window, say
        self.dialog: CheckoutDialog | None = None
        self.act_checkout = action("Check &out…", self.check_out_selected, "P")
        self.act_checkout.setProperty("help", "Record what the selected visit was paid")
        self.act_refund = action("R&efund…", self.refund_selected)
        self.act_refund.setProperty("help", "Give back part or all of what the selected "
                                            "visit was paid")
        self.refund_dialog: RefundDialog | None = None

    def reason(self, view: AppointmentView | None) -> str:
        """Why the selected visit cannot be checked out now ("" when it can)."""
        staff = self.door.staff
        if staff is not None and not staff.may(Action.CHECKOUT):
            return f"a {staff.role} may not {Action.CHECKOUT.value}"
        if view is None:
            return "select a visit first"
        if view.status.value not in ledger.CHECKOUT_STATUSES:
            return f"the visit is {view.status.label}: only a visit the client came to"
        return ""

    def check_out_selected(self) -> CheckoutDialog | None:
        view = self.book.selected_view()
        why = self.reason(view)
        if why or view is None:
            self.say(f"Not checked out: {why}", 8000)
            return None
        ids = self.door.read(checkout.together, view.id)
        if len(ids) > 1 and not self._together(view):
            ids = ids[:1]
        return self.open(*ids)

    def refund_selected(self) -> RefundDialog | None:
        """Refund… on the selected visit, once it was checked out."""
        view, staff = self.book.selected_view(), self.door.staff
        if staff is not None and not staff.may(Action.REFUND):
            self.say(f"Not refunded: a {staff.role} may not {Action.REFUND.value}", 8000)
            return None
        if view is None:
            self.say("Not refunded: select a visit first", 8000)
            return None
        try:
            dialog = RefundDialog(self.door, view.id, self.window)
        except FrontdeskError as error:
            self.say(f"Not refunded: {error}", 8000)
            return None
        self.refund_dialog = dialog
        dialog.open()
        return dialog

    def _together(self, view: AppointmentView) -> bool:
        """A couple usually pays together: ask, with Together the default."""
        box = QMessageBox(QMessageBox.Icon.Question, "Check out",
                          f"{view.client or 'This visit'} came as a couple. Check both "
                          "visits out together, on one receipt?", parent=self.window)
        both = box.addButton("&Together", QMessageBox.ButtonRole.YesRole)
        box.addButton("&Only this visit", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(both)
        box.exec()
        return box.clickedButton() is both

    def ask_fee(self, view: AppointmentView, status) -> int:
        """The fee to mark a no-show or late cancellation with (see fee_prompt.ask_fee)."""
        return ask_fee(self.door, self.window, view, status)

    def open(self, *appointment_ids: int) -> CheckoutDialog:
        dialog = CheckoutDialog(self.door, list(appointment_ids), self.window)
        self.dialog = dialog
        dialog.open()
        return dialog
