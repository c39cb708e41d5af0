"""Fees for a no-show or a late cancellation: charged as the visit is marked, owed on the
client's balance from then, collected at their next checkout (or waived with a reason).

The mark and its fee are one write transaction (the booking's, see
:meth:`frontdesk.services.booking.Bookings.transaction`): a no-show is never left without the
fee the desk asked for, nor a fee without its no-show. The amount is the clinic's default
for the status (set-up) unless the desk gives another; 0 waives it there and then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, ledger
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Group
from frontdesk.domain.status import NEEDS_REASON, Status
from frontdesk.services import ledger_store as store
from frontdesk.services import permits
from frontdesk.services.booking import Bookings, check_text
from frontdesk.services.receipts import Receipt, receipt
from frontdesk.services.schedule import AppointmentView

#: The statuses that may carry a fee, and how the fee's line names them.
FEE_STATUSES = {Status.NO_SHOW: "no-show", Status.LATE_CANCEL: "late cancellation"}


class Fees:
    def __init__(self, db: Database, actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow):
        self.db = db
        self.actor = (actor or "desk")[:100]
        self.now = now

    def default(self, status: Status) -> int:
        """The clinic's fee for ``status`` (0 for a status that carries none)."""
        with self.db.read() as session:
            return _default(store.till(session), status)

    def mark(self, appointment_id: int, status: Status, *, reason: str = "",
             fee: int | None = None,
             expected_version: int | None = None) -> tuple[AppointmentView, Receipt | None]:
        """Mark a visit a no-show or a late cancellation with its fee (None: the clinic's
        default; 0: none), in one transaction. The visit and the fee's receipt (None if no
        fee was charged). An account that may not charge fees (a therapist marking their
        own visit) marks it without the default fee; the desk charges it (:meth:`charge`)."""
        status = Status(status)
        if status not in FEE_STATUSES:
            raise BadInput(f"a fee goes with a no-show or a late cancellation, not "
                           f"{status.label}", "status")
        reason = check_text(reason, 300, "reason")
        if status in NEEDS_REASON and not reason:
            raise BadInput(f"a reason is needed to mark an appointment {status.label}",
                           "reason")
        if fee is not None and fee < 0:
            raise BadInput("a fee is never below zero", "fee")
        with Bookings(self.db, self.actor, self.now).transaction() as tx:
            view = tx.set_status(appointment_id, status, reason, expected_version, "")
            t = store.till(tx.session)
            staff = permits.signed_in(tx.session)
            may = staff is None or staff.may(Action.CHECKOUT)
            amount = (_default(t, status) if may else 0) if fee is None else fee
            if not amount:
                return view, None
            return view, self._charge(tx.session, t, view, status, amount)

    def charge(self, appointment_id: int, fee: int | None = None) -> Receipt:
        """Charge the fee of a visit marked a no-show or late cancellation already (None:
        the clinic's default): what the desk does after a therapist marked it."""
        with Bookings(self.db, self.actor, self.now).transaction() as tx:
            permits.require(tx.session, Action.CHECKOUT)
            view = tx.view(appointment_id) if tx.session.get(m.Appointment, appointment_id) \
                else None
            if view is None:
                raise BadInput(f"no appointment #{appointment_id}", "appointment")
            if view.status not in FEE_STATUSES:
                raise BadInput(f"#{appointment_id} is {view.status.label}: a fee goes with a "
                               "no-show or a late cancellation", "status")
            if store.fees(tx.session, None, appointment_id):
                raise BadInput(f"#{appointment_id} has its fee already", "fee")
            t = store.till(tx.session)
            amount = _default(t, view.status) if fee is None else fee
            if amount <= 0:
                raise BadInput("the fee is above zero (the clinic's default is none)", "fee")
            return self._charge(tx.session, t, view, view.status, amount)

    def charge_in(self, session, view: AppointmentView, status: Status,
                  amount: int) -> Receipt:
        """Charge ``amount`` for ``view`` marked ``status`` in a write transaction holding
        the lock already (an undo's redo, which charges the fee with its no-show again)."""
        return self._charge(session, store.till(session), view, status, amount)

    def _charge(self, session, t: store.Till, view: AppointmentView, status: Status,
                amount: int) -> Receipt:
        permits.require(session, Action.CHECKOUT)
        lines = ledger.plan_fee(amount, view.client_id, view.id, FEE_STATUSES[status])
        group = store.write_group(session, Group.FEE, lines, actor=self.actor,
                                  at=self.now(), tz=t.tz, client_id=view.client_id,
                                  reason=FEE_STATUSES[status])
        return receipt(session, group.id)

    def waive(self, client_id: int, amount: int, reason: str) -> Receipt:
        """Let a client off ``amount`` of what they owe, with a reason."""
        at = self.now()
        with self.db.write() as session:
            permits.require(session, Action.REFUND)
            store.lock(session)
            t = store.till(session)
            owed = store.balances(session, [client_id]).get(client_id, 0)
            lines = ledger.plan_waiver(amount, owed, client_id, reason, t.currency)
            group = store.write_group(session, Group.WAIVER, lines, actor=self.actor, at=at,
                                      tz=t.tz, client_id=client_id, reason=reason.strip())
            return receipt(session, group.id)

    def owed(self, client_id: int) -> tuple[int, list[Receipt]]:
        """What a client owes, and the fees charged to them not voided (newest first): what
        their card shows."""
        with self.db.read() as session:
            balance = store.balances(session, [client_id]).get(client_id, 0)
            return balance, [receipt(session, g) for g in store.fees(session, client_id)]


def default_in(session, status: Status) -> int:
    """The clinic's fee for ``status`` in a session the caller has (the window's door)."""
    return _default(store.till(session), status)


def _default(t: store.Till, status: Status) -> int:
    return {Status.NO_SHOW: t.no_show_fee, Status.LATE_CANCEL: t.late_cancel_fee}.get(status, 0)
