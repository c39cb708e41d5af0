"""A group of ledger entries as its receipt: plain values every front end and the PDF
writer show the same way (amounts formatted in the clinic's currency here, once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock, money
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Group, Kind, Method
from frontdesk.services import ledger_store as store


@dataclass(frozen=True)
class ReceiptLine:
    label: str
    #: In minor units, signed as the ledger has it from the client's side.
    amount: int
    #: The same, formatted in the clinic's currency.
    shown: str


@dataclass(frozen=True)
class Receipt:
    number: int
    kind: str
    day: date
    #: Local date and time written ("2026-11-30 10:05").
    at: str
    clinic: str
    currency: str
    clients: tuple[str, ...]
    #: What was charged, discounted, tipped (and, in a void or refund, taken back).
    lines: tuple[ReceiptLine, ...]
    #: The money: payments (and refunds) by method.
    payments: tuple[ReceiptLine, ...]
    #: What the lines add up to (formatted).
    total: str
    reason: str = ""
    #: The checkout a void or refund is of.
    reverses: int | None = None
    #: The void written of this one since, if any.
    voided_by: int | None = None

    @property
    def title(self) -> str:
        return {"checkout": "Receipt", "void": "Void", "refund": "Refund",
                "sale": "Gift certificate", "fee": "Fee", "waiver": "Fee waived"}.get(
            self.kind, self.kind.capitalize())


def receipt(session: Session, checkout_id: int) -> Receipt:
    """The receipt of group ``checkout_id``; BadInput if there is none."""
    group = session.get(m.Checkout, checkout_id)
    if group is None:
        raise BadInput(f"no checkout #{checkout_id}", "checkout")
    t = store.till(session)
    cur = t.currency
    e = m.LedgerEntry
    rows = session.execute(
        select(e.kind, e.method, e.amount_cents, e.reason, m.Service.name, m.Therapist.name,
               m.Client.name, m.GiftCertificate.code, e.client_id)
        .outerjoin(m.Appointment, m.Appointment.id == e.appointment_id)
        .outerjoin(m.Service, m.Service.id == m.Appointment.service_id)
        .outerjoin(m.Therapist, m.Therapist.id == e.therapist_id)
        .outerjoin(m.Client, m.Client.id == e.client_id)
        .outerjoin(m.GiftCertificate, m.GiftCertificate.id == e.certificate_id)
        .where(e.checkout_id == checkout_id).order_by(e.id)).all()
    lines: list[ReceiptLine] = []
    payments: dict[str, int] = {}
    clients: list[str] = []
    for kind, method, amount, reason, service, therapist, client, code, _cid in rows:
        if client and client not in clients:
            clients.append(client)
        k = Kind(kind)
        if method is not None:
            label = Method(method).label + (f" {code}" if code else "")
            if k is Kind.REFUND:
                label = f"refund, {label}"
            payments[label] = payments.get(label, 0) + amount
            continue
        label = _label(k, service, therapist, code, reason)
        lines.append(ReceiptLine(label, amount, money.format_amount(amount, cur)))
    collected = -sum(payments.values()) - sum(line.amount for line in lines)
    if group.kind == Group.CHECKOUT.value and collected:
        lines.append(ReceiptLine("Owed from before (fees)", collected,
                                 money.format_amount(collected, cur)))
    voided_by = session.scalar(select(m.Checkout.id).where(
        m.Checkout.reverses_id == checkout_id, m.Checkout.kind == Group.VOID.value))
    return Receipt(
        number=group.id, kind=group.kind, day=group.day,
        at=clock.to_local(group.at, t.tz).strftime("%Y-%m-%d %H:%M"), clinic=t.name,
        currency=cur.code, clients=tuple(clients), lines=tuple(lines),
        payments=tuple(ReceiptLine(label[:1].upper() + label[1:], -amount,
                                   money.format_amount(-amount, cur))
                       for label, amount in payments.items()),
        total=money.format_amount(sum(line.amount for line in lines), cur),
        reason=group.reason, reverses=group.reverses_id, voided_by=voided_by)


def _label(kind: Kind, service: str | None, therapist: str | None, code: str | None,
           reason: str) -> str:
    if kind is Kind.CHARGE:
        return f"{service or 'Service'}" + (f" with {therapist}" if therapist else "")
    if kind is Kind.DISCOUNT:
        return f"Discount ({reason})" if reason else "Discount"
    if kind is Kind.TIP:
        return f"Tip for {therapist}" if therapist else "Tip"
    if kind is Kind.CERTIFICATE_SALE:
        return f"Gift certificate {code}" if code else "Gift certificate"
    if kind is Kind.FEE:
        return f"Fee ({reason})" if reason else "Fee"
    if kind is Kind.CREDIT:
        return f"Refunded: {service or 'service'}" + (f" ({reason})" if reason else "")
    return kind.label.capitalize() + (f" ({reason})" if reason else "")
