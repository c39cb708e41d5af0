"""Undo and redo of a checkout: undo voids it (a new entry: the ledger is never edited),
redo checks the same visits out again as a new checkout."""

from __future__ import annotations

from frontdesk.services import schedule
from frontdesk.services.booking import Bookings
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from frontdesk.services.receipts import Receipt
from frontdesk.ui.core.changed import Changed
from frontdesk.ui.core.commands import Step

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
