"""Checking visits out: what is due, the checkout itself, its void and its refunds.

Each change is one write transaction holding the booking lock (see
:mod:`frontdesk.services.ledger_store`), so what it checks (a visit not yet paid, a
certificate's balance, what a client owes) is what the book holds when it writes. The rules
are :mod:`frontdesk.domain.ledger`'s; this module reads the visits and the ledger, asks
them, writes what they answer and audits it. Every front end checks out through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, corrections, gift_codes, ledger
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Discount, Group, Method, Payment, PayState
from frontdesk.domain.money import format_amount as ledger_money
from frontdesk.services import ledger_store as store
from frontdesk.services import permits
from frontdesk.services.receipts import Receipt, receipt


@dataclass(frozen=True)
class CheckoutRequest:
    """What the desk asks: the visits paid together, how, and what else."""

    appointment_ids: Sequence[int]
    payments: Sequence[Payment] = ()
    #: {therapist id: tip}
    tips: Mapping[int, int] = field(default_factory=dict)
    discount: Discount = field(default_factory=Discount)
    #: Collect what the visits' clients owe from before (fees) in the same checkout.
    collect_owed: bool = True


@dataclass(frozen=True)
class VisitDue:
    """A visit as the checkout shows it."""

    appointment_id: int
    start: datetime
    status: str
    client_id: int | None
    client: str
    therapist_id: int
    therapist: str
    service: str
    price: int
    #: The checkout that paid it (None: not paid).
    paid_in: int | None


@dataclass(frozen=True)
class Quote:
    """What a checkout of some visits would be: the visits and what their clients owe."""

    currency: str
    visits: tuple[VisitDue, ...]
    #: {client id: what they owe from before (fees), when above zero}
    owed: dict[int, int]

    @property
    def price(self) -> int:
        return sum(v.price for v in self.visits)


def _tips_go_to_these_therapists(session: Session, tips: Mapping[int, int],
                                 visits: Sequence[VisitDue]) -> None:
    """A tip for a therapist none of the visits had is refused naming them, as the desk
    knows them (the ledger's own rule says only their number)."""
    for therapist_id, tip in tips.items():
        if tip and therapist_id not in {v.therapist_id for v in visits}:
            who = session.get(m.Therapist, therapist_id)
            name = who.name if who is not None else f"therapist #{therapist_id}"
            had = " and ".join(sorted({v.therapist for v in visits}))
            raise BadInput(f"{name} had none of these visits: a tip here goes to {had}", "tip")


class Checkouts:
    """Checkouts, voids and refunds, for every front end. ``actor`` is recorded on each."""

    def __init__(self, db: Database, actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow):
        self.db = db
        self.actor = (actor or "desk")[:100]
        self.now = now

    # -- reading ------------------------------------------------------------------------

    def quote(self, appointment_ids: Sequence[int]) -> Quote:
        """The visits to check out, with their prices, and what their clients owe."""
        with self.db.read() as session:
            return _quote(session, appointment_ids)

    def receipt(self, checkout_id: int) -> Receipt:
        with self.db.read() as session:
            return receipt(session, checkout_id)

    def states(self, appointment_ids: Iterable[int]) -> dict[int, PayState]:
        """{visit: paid, unpaid or neither} (see :func:`frontdesk.domain.ledger.pay_state`)."""
        ids = sorted(set(appointment_ids))
        with self.db.read() as session:
            return visit_states(session, ids)

    def owed(self, client_ids: Iterable[int]) -> dict[int, int]:
        """{client: what they owe} for those who owe something."""
        with self.db.read() as session:
            return {c: v for c, v in store.balances(session, client_ids).items() if v > 0}

    # -- writing ------------------------------------------------------------------------

    def checkout(self, req: CheckoutRequest) -> Receipt:
        """Record one checkout of one visit or several (a couple paying together), all or
        nothing; the receipt."""
        at = self.now()
        with self.db.write() as session:
            permits.require(session, Action.CHECKOUT)
            store.lock(session)
            t = store.till(session)
            quote = _quote(session, req.appointment_ids)
            for v in quote.visits:
                if v.paid_in is not None:
                    raise BadInput(f"visit #{v.appointment_id} was paid already (receipt "
                                   f"#{v.paid_in})", "appointment")
                if v.status not in ledger.CHECKOUT_STATUSES:
                    raise BadInput(f"visit #{v.appointment_id} is {v.status.replace('_', '-')}"
                                   ": only a visit the client came to is checked out",
                                   "appointment")
            _tips_go_to_these_therapists(session, req.tips, quote.visits)
            visits = [ledger.Visit(v.appointment_id, v.client_id, v.therapist_id, v.price)
                      for v in quote.visits]
            owed = store.balances(session, {v.client_id for v in visits if v.client_id})
            collect = {c: o for c, o in owed.items() if o > 0} if req.collect_owed else {}
            certs = store.certificates(session, [p.code for p in req.payments
                                                 if p.method is Method.CERTIFICATE])
            payments = [Payment(p.method, p.amount, gift_codes.format_code(p.code))
                        for p in req.payments]
            plan = ledger.Checkout(visits, req.discount, dict(req.tips), payments, collect)
            lines = ledger.plan_checkout(plan, certs, owed, store.business_day(at, t.tz),
                                         t.currency)
            payer = next((v.client_id for v in visits if v.client_id is not None), None)
            group = store.write_group(session, Group.CHECKOUT, lines, actor=self.actor, at=at,
                                      tz=t.tz, client_id=payer)
            return receipt(session, group.id)

    def void(self, checkout_id: int, reason: str) -> Receipt:
        """Reverse a whole checkout (or a certificate sale, or a fee): every entry written
        again negated. What undoing a checkout does. The void's receipt."""
        with self.db.write() as session:
            store.lock(session)
            row = void_in(session, checkout_id, reason, actor=self.actor, at=self.now())
            return receipt(session, row.id)

    def refund(self, checkout_id: int, method: Method, amount: int, reason: str) -> Receipt:
        """Give back part (or all) of what a checkout took by ``method``. The refund's
        receipt."""
        at = self.now()
        with self.db.write() as session:
            permits.require(session, Action.REFUND)
            store.lock(session)
            t = store.till(session)
            group = _group(session, checkout_id)
            if group.kind != Group.CHECKOUT.value:
                raise BadInput(f"#{checkout_id} is a {group.kind}: only a checkout is refunded",
                               "checkout")
            later = store.reversals(session, checkout_id)
            if any(r.kind == Group.VOID.value for r in later):
                raise BadInput(f"checkout #{checkout_id} was voided", "checkout")
            entries = store.entries(session, [checkout_id, *(r.id for r in later)])
            lines = corrections.plan_refund(entries, method, amount, reason, t.currency)
            row = store.write_group(session, Group.REFUND, lines, actor=self.actor, at=at,
                                    tz=t.tz, client_id=group.client_id,
                                    reverses_id=checkout_id, reason=reason.strip())
            return receipt(session, row.id)


def void_in(session: Session, checkout_id: int, reason: str, *, actor: str,
            at: datetime) -> m.Checkout:
    """:meth:`Checkouts.void` in a write transaction holding the lock already (an undo's,
    which voids a fee with its no-show); the void's group."""
    permits.require(session, Action.REFUND)
    t = store.till(session)
    group = _group(session, checkout_id)
    if group.kind in (Group.VOID.value, Group.REFUND.value):
        raise BadInput(f"#{checkout_id} is a {group.kind} itself; it is not voided",
                       "checkout")
    later = store.reversals(session, checkout_id)
    entries = store.entries(session, [checkout_id])
    sold = [e.certificate_id for e in entries
            if e.kind is ledger.Kind.CERTIFICATE_SALE and e.certificate_id]
    lines = corrections.plan_void(
        entries, reason, voided=any(r.kind == Group.VOID.value for r in later),
        refunded=any(r.kind == Group.REFUND.value for r in later),
        redeemed=_redeemed(session, sold))
    return store.write_group(session, Group.VOID, lines, actor=actor, at=at, tz=t.tz,
                             client_id=group.client_id, reverses_id=checkout_id,
                             reason=reason.strip())


def _group(session: Session, checkout_id: int) -> m.Checkout:
    group = session.get(m.Checkout, checkout_id)
    if group is None:
        raise BadInput(f"no checkout #{checkout_id}", "checkout")
    return group


def _redeemed(session: Session, certificate_ids: Sequence[int]) -> list[str]:
    """The codes of ``certificate_ids`` something was paid with."""
    if not certificate_ids:
        return []
    e = m.LedgerEntry
    used = set(session.scalars(select(e.certificate_id).where(
        e.certificate_id.in_(certificate_ids), e.method == Method.CERTIFICATE.value)))
    return sorted(c.code for c in session.scalars(
        select(m.GiftCertificate).where(m.GiftCertificate.id.in_(used))))


def quote_in(session: Session, appointment_ids: Sequence[int]) -> Quote:
    """:meth:`Checkouts.quote` in a session the caller has (the window's door)."""
    return _quote(session, appointment_ids)


def _quote(session: Session, appointment_ids: Sequence[int]) -> Quote:
    ids = list(dict.fromkeys(appointment_ids))
    if not ids:
        raise BadInput("name a visit to check out", "appointment")
    a = m.Appointment
    rows = session.execute(
        select(a.id, a.starts_at, a.status, a.client_id, m.Client.name, a.therapist_id,
               m.Therapist.name, m.Service.name, a.price_cents)
        .join(m.Therapist, m.Therapist.id == a.therapist_id)
        .join(m.Service, m.Service.id == a.service_id)
        .outerjoin(m.Client, m.Client.id == a.client_id)
        .where(a.id.in_(ids))).all()
    found = {r[0]: r for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise BadInput(f"no appointment #{missing[0]}", "appointment")
    paid = store.charged(session, ids)
    visits = tuple(VisitDue(i, found[i][1], found[i][2], found[i][3],
                            found[i][4] or "",
                            found[i][5], found[i][6], found[i][7], found[i][8] or 0, paid.get(i))
                   for i in ids)
    clients = {v.client_id for v in visits if v.client_id is not None}
    owed = {c: o for c, o in store.balances(session, clients).items() if o > 0}
    return Quote(store.till(session).currency.code, visits, owed)


def visit_states(session: Session, appointment_ids: Sequence[int]) -> dict[int, PayState]:
    """{visit: paid, unpaid or neither}, in two queries whatever the number of visits."""
    if not appointment_ids:
        return {}
    a = m.Appointment
    statuses: dict[int, str] = {}
    for start in range(0, len(appointment_ids), 900):
        statuses |= dict(session.execute(select(a.id, a.status).where(
            a.id.in_(appointment_ids[start:start + 900]))).all())
    paid = store.charged(session, appointment_ids)
    return {i: ledger.pay_state(s, i in paid) for i, s in statuses.items()}


def unpaid_among(session: Session, appointment_ids: Sequence[int]) -> list[int]:
    """Of ``appointment_ids``, the completed visits not checked out (one query for all)."""
    states = visit_states(session, list(appointment_ids))
    return [i for i, state in states.items() if state is PayState.UNPAID]


def together(session: Session, appointment_id: int) -> list[int]:
    """The visit and the other visits of its couples session that may be checked out with it
    (the client came, and it is not paid yet): what a couple paying together pays for. The
    visit alone when it is of no party."""
    a = m.Appointment
    party = session.scalar(select(a.party_id).where(a.id == appointment_id))
    if party is None:
        return [appointment_id]
    rows = session.execute(select(a.id, a.status).where(a.party_id == party, a.id !=
                                                        appointment_id).order_by(a.id)).all()
    ids = [i for i, status in rows if status in ledger.CHECKOUT_STATUSES]
    paid = store.charged(session, ids)
    return [appointment_id, *(i for i in ids if i not in paid)]


def payment_of(session: Session, appointment_id: int) -> str:
    """What the visit's details say of its money: "paid (receipt #12)", "unpaid", a fee
    charged for it ("fee $25.00 (#14)"), or "" when none of it applies."""
    state = visit_states(session, [appointment_id]).get(appointment_id, PayState.NONE)
    if state is PayState.PAID:
        return f"paid (receipt #{store.charged(session, [appointment_id])[appointment_id]})"
    fees = store.fees(session, None, appointment_id)
    if fees:
        cur = store.till(session).currency
        e = m.LedgerEntry
        amount = session.scalar(select(e.amount_cents).where(e.checkout_id == fees[0]))
        return f"fee {ledger_money(amount or 0, cur)} (#{fees[0]})"
    return state.value


@dataclass(frozen=True)
class Refundable:
    """What a visit's checkout may still give back, by the method it was paid."""

    checkout_id: int
    currency: str
    #: {method: what may still be refunded by it}, in the order paid; above zero only.
    by_method: dict[Method, int]


def refundable_in(session: Session, appointment_id: int) -> Refundable:
    """The checkout that paid ``appointment_id`` and what of it may be refunded yet;
    BadInput when the visit was not checked out (or its checkout was voided)."""
    paid_in = store.charged(session, [appointment_id]).get(appointment_id)
    if paid_in is None:
        raise BadInput(f"visit #{appointment_id} was not checked out: nothing to refund",
                       "appointment")
    later = store.reversals(session, paid_in)
    entries = store.entries(session, [paid_in, *(r.id for r in later)])
    methods = list(dict.fromkeys(e.method for e in entries if e.method is not None))
    left = {method: corrections.refundable(entries, method) for method in methods}
    return Refundable(paid_in, store.till(session).currency.code,
                      {method: amount for method, amount in left.items() if amount > 0})
