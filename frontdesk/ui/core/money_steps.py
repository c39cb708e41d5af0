"""Undo and redo of a checkout: undo voids it (a new entry: the ledger is never edited),
redo checks the same visits out again as a new checkout."""

from __future__ import annotations

from collections.abc import Sequence

from frontdesk.services import schedule
from frontdesk.services.booking import Bookings
from frontdesk.services.booking_session import BookingSession
from frontdesk.services.checkout import CheckoutRequest, Checkouts, void_in
from frontdesk.services.fees import Fees
from frontdesk.services.receipts import Receipt
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.changed import Changed
from frontdesk.ui.core.commands import StatusStep, Step, Versions

#: The reason a void made by undo carries.
UNDONE = "undone at the desk"


class CheckoutStep(Step):
    def __init__(self, bookings: Bookings, request: CheckoutRequest, receipt: Receipt):
        self.bookings, self.request, self.receipt = bookings, request, receipt

    def _desk(self) -> Checkouts:
        return Checkouts(self.bookings.db, self.bookings.actor, self.bookings.now)

    def changed(self) -> Changed:
        """The visits checked out (their paid state shows in the day view and details)."""
        with self.bookings.db.read() as session:
            views = schedule.by_ids(session, list(self.request.appointment_ids))
        return Changed.of(*views.values())

    def forward(self) -> Changed:
        self.receipt = self._desk().checkout(self.request)
        return self.changed()

    def backward(self) -> Changed:
        self._desk().void(self.receipt.number, UNDONE)
        return self.changed()


class FeeStatusStep(StatusStep):
    """A no-show or late cancellation marked with a fee: undo voids the fee and puts the
    status back, in one transaction; redo marks it and charges the fee again."""

    def __init__(self, before: AppointmentView, after: AppointmentView, versions: Versions,
                 fees: Fees, amount: int, receipt: Receipt,
                 partners_before: Sequence[AppointmentView] = ()):
        super().__init__(before, after, versions, partners_before)
        self.fees, self.amount, self.receipt = fees, amount, receipt

    def forward(self, tx: BookingSession) -> AppointmentView:
        view = super().forward(tx)
        self.receipt = self.fees.charge_in(tx.session, view, self.after.status, self.amount)
        return view

    def backward(self, tx: BookingSession) -> AppointmentView:
        void_in(tx.session, self.receipt.number, UNDONE, actor=self.fees.actor,
                at=self.fees.now())
        return super().backward(tx)
