"""The ledger in the database: the lock, groups of entries written with their audit entry,
and the sums the desk asks of it (balances, certificates, what a visit's state is).

Every ledger write runs in one write transaction holding the booking lock (SQLite's
``BEGIN IMMEDIATE``; on PostgreSQL the clinic row ``FOR UPDATE``, as booking takes it), and
reads what it checks (a certificate's balance, a client's, whether a visit was paid) only
after taking it: two desks redeeming one certificate at once are served one after the other,
and the second sees what the first left. The rules are :mod:`frontdesk.domain.ledger`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock, gift_codes, ledger, money
from frontdesk.domain.corrections import Entry
from frontdesk.domain.ledger import Group, Kind, Line, Method
from frontdesk.domain.money import Currency
from frontdesk.services import audit, permits

#: The booking lock (PostgreSQL; on SQLite the write transaction holds it already).
_LOCK = select(m.Clinic.id).with_for_update()

E = m.LedgerEntry


@dataclass(frozen=True)
class Till:
    """The clinic's money settings, read once a transaction."""

    currency: Currency
    tz: ZoneInfo
    no_show_fee: int
    late_cancel_fee: int
    name: str = ""


def till(session: Session) -> Till:
    row = session.execute(select(m.Clinic.currency, m.Clinic.timezone, m.Clinic.no_show_fee_cents,
                                 m.Clinic.late_cancel_fee_cents, m.Clinic.name)
                          .order_by(m.Clinic.id).limit(1)).first()
    if row is None:
        return Till(money.currency(money.DEFAULT_CURRENCY), clock.zone("UTC"), 0, 0)
    return Till(money.currency(row.currency or money.DEFAULT_CURRENCY), clock.zone(row.timezone),
                row.no_show_fee_cents or 0, row.late_cancel_fee_cents or 0, row.name)


def lock(session: Session) -> None:
    """Take the booking lock (asking first whether someone must be signed in)."""
    permits.signed_in(session)
    session.execute(_LOCK).all()


def write_group(session: Session, group: Group, lines: Sequence[Line], *, actor: str,
                at: datetime, tz: ZoneInfo, client_id: int | None = None,
                reverses_id: int | None = None, reason: str = "") -> m.Checkout:
    """Write one group of entries and its audit entry; the group (its id the receipt's)."""
    day = clock.to_local(at, tz).date()
    row = m.Checkout(kind=group.value, at=at, day=day, actor=actor[:100], client_id=client_id,
                     reverses_id=reverses_id, reason=reason[:300])
    session.add(row)
    session.flush()
    entries = [E(checkout_id=row.id, at=at, day=day, actor=actor[:100], kind=line.kind.value,
                 method=line.method.value if line.method else None, amount_cents=line.amount,
                 client_id=line.client_id, appointment_id=line.appointment_id,
                 therapist_id=line.therapist_id, certificate_id=line.certificate_id,
                 reason=line.reason[:300], reverses_id=line.reverses_id) for line in lines]
    session.add_all(entries)
    session.flush()
    after = audit.snapshot(row) | {"entries": [
        {k: v for k, v in audit.snapshot(e).items() if v not in (None, "")
         and k not in ("at", "day", "actor", "checkout_id")} for e in entries]}
    audit.add(session, m.AuditEntry(at=at, actor=actor[:100], action=group.value,
                                    entity=m.Checkout.__tablename__, entity_id=row.id,
                                    before=None, after=after))
    return row


def balances(session: Session, client_ids: Iterable[int]) -> dict[int, int]:
    """{client: what they owe} (below zero: what the clinic owes them), over their own
    entries and those of every card merged into theirs."""
    ids = sorted({i for i in client_ids if i is not None})
    if not ids:
        return {}
    owner: dict[int, int] = {i: i for i in ids}
    for card, into in session.execute(select(m.Client.id, m.Client.merged_into_id)
                                      .where(m.Client.merged_into_id.in_(ids))):
        if into is not None:
            owner[card] = into
    sums = session.execute(select(E.client_id, func.sum(E.amount_cents))
                           .where(E.client_id.in_(list(owner)))
                           .group_by(E.client_id)).all()
    out = dict.fromkeys(ids, 0)
    for client, total in sums:
        if client is not None:
            out[owner[client]] += int(total or 0)
    return out


def certificates(session: Session, codes: Iterable[str]) -> dict[str, ledger.Certificate]:
    """The certificates of ``codes`` (as typed) by their shown code, with their balances."""
    keys = sorted({gift_codes.format_code(c) for c in codes if c})
    if not keys:
        return {}
    rows = session.execute(select(m.GiftCertificate.id, m.GiftCertificate.code,
                                  m.GiftCertificate.expires)
                           .where(m.GiftCertificate.code.in_(keys))).all()
    held = certificate_balances(session, [r.id for r in rows])
    return {r.code: ledger.Certificate(r.id, r.code, held.get(r.id, 0), r.expires)
            for r in rows}


def certificate_balances(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """{certificate: its balance}: its sale less what was paid with it (and refunded to it)."""
    if not ids:
        return {}
    counted = (E.kind == Kind.CERTIFICATE_SALE.value) | (E.method == Method.CERTIFICATE.value)
    rows = session.execute(select(E.certificate_id, func.sum(E.amount_cents))
                           .where(E.certificate_id.in_(list(ids)), counted)
                           .group_by(E.certificate_id)).all()
    return {cid: int(total or 0) for cid, total in rows if cid is not None}


def charged(session: Session, appointment_ids: Iterable[int]) -> dict[int, int]:
    """{visit: the checkout that charged it} for the visits charged and not voided since."""
    ids = sorted(set(appointment_ids))
    if not ids:
        return {}
    out: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        rows = session.execute(
            select(E.appointment_id, func.sum(E.amount_cents),
                   func.max(case((E.reverses_id.is_(None), E.checkout_id))))
            .where(E.appointment_id.in_(ids[start:start + 900]),
                   E.kind == Kind.CHARGE.value)
            .group_by(E.appointment_id)).all()
        out |= {appt: group for appt, total, group in rows
                if group is not None and _live(session, appt, int(total or 0))}
    return out


def _live(session: Session, appointment_id: int, total: int) -> bool:
    """Whether a visit's charges stand: their sum is above zero, or (a free visit) a
    charge of nothing was written and never voided."""
    if total > 0:
        return True
    rows = session.execute(select(func.count(), func.count(E.reverses_id))
                           .where(E.appointment_id == appointment_id,
                                  E.kind == Kind.CHARGE.value)).one()
    return rows[0] > 2 * rows[1]


def entries(session: Session, checkout_ids: Iterable[int]) -> list[Entry]:
    """The entries of the groups ``checkout_ids``, in the order written."""
    ids = sorted(set(checkout_ids))
    rows = session.scalars(select(E).where(E.checkout_id.in_(ids)).order_by(E.id)).all()
    return [as_entry(e) for e in rows]


def as_entry(e: m.LedgerEntry) -> Entry:
    return Entry(e.id, Kind(e.kind), e.amount_cents, e.client_id, e.appointment_id,
                 e.therapist_id, Method(e.method) if e.method else None, e.certificate_id,
                 e.reverses_id)


def reversals(session: Session, checkout_id: int) -> list[m.Checkout]:
    """The voids and refunds written of a group."""
    return list(session.scalars(select(m.Checkout).where(m.Checkout.reverses_id == checkout_id)
                                .order_by(m.Checkout.id)))


def business_day(at: datetime, tz: ZoneInfo) -> date:
    """The clinic's local date at ``at``: the day an entry belongs to."""
    return clock.to_local(at, tz).date()


def fees(session: Session, client_id: int | None,
         appointment_id: int | None = None) -> list[int]:
    """The fee groups charged to a client (or for a visit) and not voided, newest first."""
    c = m.Checkout
    voided = select(c.reverses_id).where(c.kind == Group.VOID.value, c.reverses_id.is_not(None))
    q = select(c.id).where(c.kind == Group.FEE.value, c.id.not_in(voided))
    if client_id is not None:
        q = q.where(c.client_id == client_id)
    if appointment_id is not None:
        q = q.where(c.id.in_(select(E.checkout_id).where(E.appointment_id == appointment_id,
                                                          E.kind == Kind.FEE.value)))
    return list(session.scalars(q.order_by(c.id.desc())))
