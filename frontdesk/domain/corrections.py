"""Corrections after a checkout: a void reverses a whole group, a refund gives part of it
back. Both are new entries, never edits (see :mod:`frontdesk.domain.ledger` for the signs and
sums they keep right)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from frontdesk.domain import money
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import MONEY, REVENUE, Kind, Line, Method, refuse
from frontdesk.domain.money import Currency


@dataclass(frozen=True)
class Entry:
    """An entry as written (what a void or refund works from)."""

    id: int
    kind: Kind
    amount: int
    client_id: int | None
    appointment_id: int | None
    therapist_id: int | None
    method: Method | None
    certificate_id: int | None
    reverses_id: int | None = None


def plan_void(entries: Sequence[Entry], reason: str, *, voided: bool, refunded: bool,
              redeemed: Sequence[str] = ()) -> list[Line]:
    """Every entry of a group reversed. Refused if it was voided already, has refunds
    (void those first... or refund the rest), or sold a certificate since drawn on."""
    if not reason.strip():
        raise BadInput("a void needs a reason", "reason")
    if not entries:
        raise BadInput("nothing to void", "checkout")
    if voided:
        raise refuse("this was voided already", "checkout", "voided")
    if refunded:
        raise refuse("part of this was refunded: refund the rest instead of voiding it",
                     "checkout", "refunded")
    if redeemed:
        raise refuse(f"gift certificate {', '.join(redeemed)} sold here has been used since",
                     "checkout", "redeemed")
    return [Line(e.kind, -e.amount, e.client_id, e.appointment_id, e.therapist_id, e.method,
                 e.certificate_id, reason.strip(), e.id) for e in entries]


def refundable(entries: Sequence[Entry], method: Method) -> int:
    """What may still be refunded by ``method`` from a group and the refunds made of it
    (``entries`` holds both)."""
    return -sum(e.amount for e in entries
                if e.kind in MONEY and e.method is method)


def plan_refund(entries: Sequence[Entry], method: Method, amount: int, reason: str,
                cur: Currency) -> list[Line]:
    """Give back ``amount`` by ``method`` from a checkout (``entries``: its own and the
    refunds of it made so far): money back and the revenue given up, shared over its
    visits by what was paid for each, so no client's balance moves."""
    if not reason.strip():
        raise BadInput("a refund needs a reason", "reason")
    if amount <= 0:
        raise BadInput("a refund is above zero", "amount")
    most = refundable(entries, method)
    if amount > most:
        raise refuse(f"at most {money.format_amount(most, cur)} was paid by "
                     f"{method.label} here and not refunded", "amount", "over-refund")
    visits: dict[tuple[int | None, int | None, int | None], int] = {}
    for e in entries:
        if e.kind in REVENUE or e.kind is Kind.TIP:
            key = (e.appointment_id, e.client_id, e.therapist_id)
            visits[key] = visits.get(key, 0) + e.amount
    keys = [k for k, v in visits.items() if v > 0]
    if not keys:
        raise refuse("nothing was charged here to refund", "checkout", "nothing-charged")
    cert = next((e.certificate_id for e in entries
                 if e.method is method and e.certificate_id is not None), None)
    lines: list[Line] = []
    for (appt, client, therapist), part in zip(
            keys, money.allocate(amount, [visits[k] for k in keys]), strict=True):
        if part:
            lines.append(Line(Kind.REFUND, part, client, appt, method=method,
                              certificate_id=cert, reason=reason.strip()))
            lines.append(Line(Kind.CREDIT, -part, client, appt, therapist,
                              reason=reason.strip()))
    return lines
