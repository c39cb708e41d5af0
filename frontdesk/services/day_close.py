"""Closing the day: the end-of-day sheet the desk prints before locking up, and the close.

The sheet is read from the book as it stands: the day's visits by status, the money that
came in by method (payments less refunds), tips and service revenue per therapist, completed
visits not checked out, no-shows and late cancellations with the fee charged or waived, gift
certificates sold, and every group of entries written after an earlier close of the same day
or reversing one of the day's checkouts later. All sums are SQL aggregates over the ledger's
``day`` (the clinic's local date when an entry was written), so a busy day costs a handful of
queries.

Closing writes one ``day_closes`` row naming the last ledger entry it covered; it changes no
entry (the ledger is append-only). Whatever is written afterwards, a late payment on the same
evening or a void next week, is a new entry, shown on the sheet as after the close, and the
day can be closed again to cover it. The sums are :mod:`frontdesk.domain.ledger`'s signs:
money in by a method is minus its payments and refunds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Group, Kind, Method
from frontdesk.domain.money import Currency
from frontdesk.domain.status import ACTIVE, Status
from frontdesk.services import audit, ledger_store, permits

E, C, A = m.LedgerEntry, m.Checkout, m.Appointment


@dataclass(frozen=True)
class Takings:
    """Money in by one method: how many checkouts it paid in, what came in, and what went
    back out (refunds, and payments a void took back)."""

    method: Method
    payments: int
    taken: int
    returned: int

    @property
    def net(self) -> int:
        return self.taken - self.returned


@dataclass(frozen=True)
class TherapistDay:
    """One therapist's day: visits done, service revenue (after discounts) and tips."""

    therapist: str
    completed: int
    revenue: int
    tips: int


@dataclass(frozen=True)
class VisitLine:
    """A visit the sheet names: an unpaid completed one, a no-show or a late cancellation
    (``fee``: what was charged for it, net of any waiver)."""

    appointment_id: int
    start: datetime
    client: str
    therapist: str
    service: str
    status: Status
    price: int
    fee: int = 0


@dataclass(frozen=True)
class Closed:
    """An earlier close of the day."""

    at: datetime
    by: str
    last_entry_id: int


@dataclass(frozen=True)
class LateGroup:
    """A group of entries written after the day was closed (``after_close``) or, later,
    reversing one of the day's checkouts (``reverses``: that receipt's number)."""

    checkout_id: int
    at: datetime
    actor: str
    kind: Group
    money_in: int
    reverses: int | None
    reason: str


@dataclass(frozen=True)
class CloseSheet:
    """Everything the end-of-day sheet shows. Amounts in minor units of ``currency``."""

    clinic: str
    day: date
    tz: ZoneInfo
    currency: Currency
    counts: dict[Status, int]
    takings: tuple[Takings, ...]
    revenue: int
    discounts: int
    fees: int
    waived: int
    tips: int
    certificates_sold: int
    therapists: tuple[TherapistDay, ...]
    unpaid: tuple[VisitLine, ...]
    missed: tuple[VisitLine, ...]
    closes: tuple[Closed, ...]
    late: tuple[LateGroup, ...]

    @property
    def booked(self) -> int:
        """Visits that held time that day (cancelled ones not counted)."""
        return sum(n for s, n in self.counts.items() if s in ACTIVE or s == Status.NO_SHOW)

    @property
    def money_in(self) -> int:
        return sum(t.net for t in self.takings)

    @property
    def closed(self) -> Closed | None:
        return self.closes[-1] if self.closes else None

    def local(self, instant: datetime) -> datetime:
        return clock.to_local(instant, self.tz)


def gather(session: Session, day: date) -> CloseSheet:
    """The sheet of local ``day`` as the book stands (read only). It names clients and
    money: the right to check out is needed to read it."""
    permits.require(session, Action.CHECKOUT)
    till = ledger_store.till(session)
    start, end = clock.day_bounds(day, till.tz)
    names = _Names(session)
    visits = session.execute(
        select(A.id, A.starts_at, A.status, A.price_cents, A.client_id, A.therapist_id,
               A.service_id).where(A.starts_at >= start, A.starts_at < end)
        .order_by(A.starts_at, A.id)).all()
    counts = dict.fromkeys(Status, 0)
    for v in visits:
        counts[Status(v.status)] += 1
    sums = _sums(session, day)
    completed = [v for v in visits if v.status == Status.COMPLETED.value]
    charged = ledger_store.charged(session, [v.id for v in completed])
    missed_ids = [v.id for v in visits if v.status in (Status.NO_SHOW.value,
                                                       Status.LATE_CANCEL.value)]
    fees = _fees_for(session, missed_ids)

    def line(v, fee: int = 0) -> VisitLine:
        return VisitLine(v.id, v.starts_at, names.client(v.client_id),
                         names.therapists.get(v.therapist_id, ""),
                         names.services.get(v.service_id, ""), Status(v.status),
                         v.price_cents or 0, fee)

    return CloseSheet(
        clinic=till.name, day=day, tz=till.tz, currency=till.currency, counts=counts,
        takings=_takings(session, day), revenue=sums.get(Kind.CHARGE, 0)
        + sums.get(Kind.CREDIT, 0), discounts=-sums.get(Kind.DISCOUNT, 0),
        fees=sums.get(Kind.FEE, 0), waived=-sums.get(Kind.WAIVER, 0),
        tips=sums.get(Kind.TIP, 0), certificates_sold=sums.get(Kind.CERTIFICATE_SALE, 0),
        therapists=_therapists(session, day, completed, names),
        unpaid=tuple(line(v) for v in completed if v.id not in charged),
        missed=tuple(line(v, fees.get(v.id, 0)) for v in visits if v.id in fees
                     or v.id in missed_ids),
        closes=_closes(session, day), late=_late(session, day),
    )


def close(db: Database, day: date, *, actor: str,
          now: Callable[[], datetime] = clock.utcnow) -> tuple[CloseSheet, bool]:
    """Close local ``day``: record that its entries so far are closed, and return the sheet
    and whether a close was written (not when nothing was written since the last one).
    A day still to come cannot be closed."""
    with db.write() as session:
        permits.require(session, Action.CHECKOUT)
        ledger_store.lock(session)
        at = now()
        till = ledger_store.till(session)
        today = clock.to_local(at, till.tz).date()
        if day > today:
            raise BadInput(f"{day:%a %d %b %Y} has not come yet; a day is closed on it "
                           "or after it", "date")
        last = session.scalar(select(func.max(E.id)).where(E.day == day)) or 0
        before = _closes(session, day)
        wrote = not before or last > before[-1].last_entry_id
        if wrote:
            row = m.DayClose(day=day, closed_at=at, closed_by=actor[:100],
                             last_entry_id=last)
            session.add(row)
            audit.record(session, actor=actor, at=at, action="close day", row=row)
        return gather(session, day), wrote


def _sums(session: Session, day: date) -> dict[Kind, int]:
    rows = session.execute(select(E.kind, func.sum(E.amount_cents)).where(E.day == day)
                           .group_by(E.kind))
    return {Kind(kind): int(total or 0) for kind, total in rows}


def _takings(session: Session, day: date) -> tuple[Takings, ...]:
    """Each method's payments (how many checkouts paid by it, what came in) and what went
    back out by it (refunds, and the payments a void reversed), every method listed."""
    paid = session.execute(
        select(E.method, func.count(func.distinct(E.checkout_id)), func.sum(E.amount_cents))
        .where(E.day == day, E.kind == Kind.PAYMENT.value, E.reverses_id.is_(None))
        .group_by(E.method)).all()
    back = session.execute(
        select(E.method, func.sum(E.amount_cents))
        .where(E.day == day, (E.kind == Kind.REFUND.value) | (
            (E.kind == Kind.PAYMENT.value) & E.reverses_id.is_not(None)))
        .group_by(E.method)).all()
    taken = {method: (n, -int(total or 0)) for method, n, total in paid}
    returned = {method: int(total or 0) for method, total in back}
    return tuple(Takings(how, *taken.get(how.value, (0, 0)), returned.get(how.value, 0))
                 for how in Method)


def _therapists(session: Session, day: date, completed, names: _Names
                ) -> tuple[TherapistDay, ...]:
    revenue: dict[int, int] = {}
    tips: dict[int, int] = {}
    for therapist_id, kind, total in session.execute(
            select(E.therapist_id, E.kind, func.sum(E.amount_cents))
            .where(E.day == day, E.therapist_id.is_not(None),
                   E.kind.in_([Kind.CHARGE.value, Kind.DISCOUNT.value, Kind.CREDIT.value,
                               Kind.TIP.value]))
            .group_by(E.therapist_id, E.kind)):
        if therapist_id is None:
            continue
        into = tips if kind == Kind.TIP.value else revenue
        into[therapist_id] = into.get(therapist_id, 0) + int(total or 0)
    done: dict[int, int] = {}
    for v in completed:
        done[v.therapist_id] = done.get(v.therapist_id, 0) + 1
    ids = sorted(set(revenue) | set(tips) | set(done),
                 key=lambda i: names.therapists.get(i, "").casefold())
    return tuple(TherapistDay(names.therapists.get(i, f"#{i}"), done.get(i, 0),
                              revenue.get(i, 0), tips.get(i, 0)) for i in ids)


def _fees_for(session: Session, appointment_ids: list[int]) -> dict[int, int]:
    """{visit: its fee less any waiver} for the visits that were charged one."""
    if not appointment_ids:
        return {}
    rows = session.execute(
        select(E.appointment_id, func.sum(E.amount_cents))
        .where(E.appointment_id.in_(appointment_ids),
               E.kind.in_([Kind.FEE.value, Kind.WAIVER.value]))
        .group_by(E.appointment_id))
    return {appt: int(total or 0) for appt, total in rows if appt is not None}


def _closes(session: Session, day: date) -> tuple[Closed, ...]:
    rows = session.execute(select(m.DayClose.closed_at, m.DayClose.closed_by,
                                  m.DayClose.last_entry_id)
                           .where(m.DayClose.day == day).order_by(m.DayClose.id)).all()
    return tuple(Closed(r.closed_at, r.closed_by, r.last_entry_id or 0) for r in rows)


def _late(session: Session, day: date) -> tuple[LateGroup, ...]:
    """Groups of entries after the day's first close: written on the day past it, or on a
    later day reversing one of the day's checkouts."""
    first = session.scalar(select(func.min(m.DayClose.last_entry_id))
                           .where(m.DayClose.day == day))
    if first is None:
        return ()
    later_ids = select(E.checkout_id).where(E.day == day, E.id > first)
    rows = session.execute(
        select(C.id, C.at, C.actor, C.kind, C.reverses_id, C.reason)
        .where((C.id.in_(later_ids)) | ((C.day > day) & C.reverses_id.in_(
            select(C.id).where(C.day == day)))).order_by(C.id)).all()
    money = dict(session.execute(
        select(E.checkout_id, func.sum(E.amount_cents))
        .where(E.checkout_id.in_([r.id for r in rows]),
               E.kind.in_([Kind.PAYMENT.value, Kind.REFUND.value]))
        .group_by(E.checkout_id)).all()) if rows else {}
    return tuple(LateGroup(r.id, r.at, r.actor, Group(r.kind), -int(money.get(r.id) or 0),
                           r.reverses_id, r.reason) for r in rows)


class _Names:
    """Therapists and services by id (a clinic has tens), clients asked as needed."""

    def __init__(self, session: Session):
        self.session = session
        self.therapists = dict(session.execute(select(m.Therapist.id, m.Therapist.name))
                               .all())
        self.services = dict(session.execute(select(m.Service.id, m.Service.name))
                             .all())
        self._clients: dict[int, str] = {}

    def client(self, client_id: int | None) -> str:
        if client_id is None:
            return ""
        if client_id not in self._clients:
            self._clients[client_id] = self.session.scalar(
                select(m.Client.name).where(m.Client.id == client_id)) or ""
        return self._clients[client_id]
