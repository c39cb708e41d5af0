"""The ledger's rules: what a checkout, a refund, a void, a gift certificate sale and a fee
write, and what they must add up to.

The ledger is append-only. Every entry has a signed ``amount`` in minor units (see
:mod:`frontdesk.domain.money`) from the client's side: what they owe goes up (+) with a
service charge, a fee, a tip, a certificate bought, money refunded to them; it goes down (−)
with a discount, a fee waived, a refund's credit and every payment. So:

- a client's balance (what they owe; below zero, what the clinic owes them) is the sum of
  their entries, and a finished checkout leaves it where it was before the visit;
- the money that came in by a method is minus the sum of that method's payments and refunds;
- a therapist's service revenue is the sum of charges, discounts and credits carrying their
  id; their tips the sum of tips carrying it;
- a gift certificate's balance is the sum of its sale entries and of the payments and refunds
  made *by certificate* carrying its id.

Nothing is ever edited. A void writes, for every entry of the group it voids, an entry of the
same kind, method, client, visit, therapist and certificate with the amount negated and
``reverses_id`` naming it: every sum above, taken over a day or a year by kind, comes out
right without a join, and the void is told by ``reverses_id``. A refund is money back
(``refund``, +) and the revenue given up for it (``credit``, −) for the same visits, so the
client's balance does not move. Entries are written in groups (a checkout, a void, a refund,
a sale, a fee or its waiver), each group one row of ``checkouts``: its number is the receipt's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from frontdesk.domain import money
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.money import Currency


class Kind(StrEnum):
    """What an entry is (stored as its value)."""

    CHARGE = "charge"
    DISCOUNT = "discount"
    FEE = "fee"
    WAIVER = "waiver"
    TIP = "tip"
    PAYMENT = "payment"
    REFUND = "refund"
    CREDIT = "credit"
    CERTIFICATE_SALE = "certificate_sale"

    @property
    def label(self) -> str:
        return {"charge": "service", "certificate_sale": "gift certificate"}.get(
            self.value, self.value)


class Method(StrEnum):
    """How money moved. The clinic processes no cards: "card" is a card taken on its own
    terminal, recorded here."""

    CASH = "cash"
    CARD = "card"
    CHECK = "check"
    CERTIFICATE = "certificate"

    @property
    def label(self) -> str:
        return "gift certificate" if self is Method.CERTIFICATE else self.value

    @classmethod
    def parse(cls, text: str) -> Method:
        key = (text or "").strip().lower().replace("-", " ")
        key = {"gift certificate": "certificate", "gift": "certificate", "cheque": "check",
               "gc": "certificate"}.get(key, key)
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(m.value for m in cls)
            raise BadInput(f"unknown payment method {text!r} (one of: {names})",
                           "method") from None


class Group(StrEnum):
    """What a group of entries (a row of ``checkouts``) was."""

    CHECKOUT = "checkout"
    VOID = "void"
    REFUND = "refund"
    SALE = "sale"
    FEE = "fee"
    WAIVER = "waiver"


#: The kinds that are money moving (they carry a method).
MONEY = frozenset({Kind.PAYMENT, Kind.REFUND})
#: The kinds that are service revenue (they carry the therapist who earned it).
REVENUE = frozenset({Kind.CHARGE, Kind.DISCOUNT, Kind.CREDIT})


@dataclass(frozen=True)
class Line:
    """One entry to write."""

    kind: Kind
    amount: int
    client_id: int | None = None
    appointment_id: int | None = None
    therapist_id: int | None = None
    method: Method | None = None
    certificate_id: int | None = None
    reason: str = ""
    reverses_id: int | None = None


@dataclass(frozen=True)
class Visit:
    """A visit to be checked out: whose, with whom, at what price (as booked)."""

    appointment_id: int
    client_id: int | None
    therapist_id: int
    price: int


@dataclass(frozen=True)
class Discount:
    """Off the price: an amount (shared over the visits in proportion to their prices) or a
    percent (of each price, rounded half-up), always with a reason."""

    amount: int = 0
    percent: Decimal | None = None
    reason: str = ""


@dataclass(frozen=True)
class Payment:
    method: Method
    amount: int
    #: The certificate's code, for a payment by certificate.
    code: str = ""


@dataclass(frozen=True)
class Certificate:
    """A gift certificate as the ledger leaves it."""

    id: int
    code: str
    balance: int
    expires: date | None = None


@dataclass(frozen=True)
class Checkout:
    """What the desk asks a checkout to record."""

    visits: Sequence[Visit]
    discount: Discount = field(default_factory=Discount)
    #: {therapist id: tip}
    tips: Mapping[int, int] = field(default_factory=dict)
    payments: Sequence[Payment] = ()
    #: {client id: owed fees and balances collected in this checkout}
    owed: Mapping[int, int] = field(default_factory=dict)


def refuse(message: str, field_: str = "amount", code: str = "money") -> Refused:
    return Refused([Violation(code, field_, message)])


def discounts(visits: Sequence[Visit], discount: Discount) -> list[int]:
    """Each visit's discount: a percent of each price, or the amount shared by price."""
    if discount.percent is not None and discount.amount:
        raise BadInput("give a discount as an amount or a percent, not both", "discount")
    if discount.percent is not None:
        parts = [money.percent_of(v.price, discount.percent) for v in visits]
    else:
        if discount.amount < 0:
            raise BadInput("a discount is never below zero", "discount")
        total = sum(v.price for v in visits)
        if discount.amount > total:
            raise BadInput("the discount is more than the price", "discount")
        parts = money.allocate(discount.amount, [v.price for v in visits])
    if any(parts) and not discount.reason.strip():
        raise BadInput("a discount needs a reason", "reason")
    return parts


def due(checkout: Checkout) -> int:
    """What the payments of ``checkout`` must add up to: prices less discount, plus tips
    and what is collected of earlier fees."""
    return (sum(v.price for v in checkout.visits) - sum(discounts(checkout.visits,
                                                                  checkout.discount))
            + sum(checkout.tips.values()) + sum(checkout.owed.values()))


def plan_checkout(checkout: Checkout, certificates: Mapping[str, Certificate],
                  owed: Mapping[int, int], today: date, cur: Currency) -> list[Line]:
    """The entries one checkout writes, or Refused/BadInput saying what does not add up.

    ``certificates``: the certificates the payments name, by code, as the ledger has them
    (read under the lock); ``owed``: each client's balance before this checkout."""
    visits = list(checkout.visits)
    if not visits:
        raise BadInput("nothing to check out", "appointment")
    if len({v.appointment_id for v in visits}) != len(visits):
        raise BadInput("a visit is named twice", "appointment")
    if any(v.price < 0 for v in visits):
        raise BadInput("a price is never below zero", "price")
    cuts = discounts(visits, checkout.discount)
    therapists = {v.therapist_id for v in visits}
    for therapist, tip in checkout.tips.items():
        if tip < 0:
            raise BadInput("a tip is never below zero", "tip")
        if tip and therapist not in therapists:
            raise BadInput(f"therapist #{therapist} has no visit in this checkout", "tip")
    clients = {v.client_id for v in visits if v.client_id is not None}
    for client, amount in checkout.owed.items():
        if amount < 0 or client not in clients:
            raise BadInput("only what the checkout's own clients owe is collected", "owed")
        if amount > max(owed.get(client, 0), 0):
            raise refuse(f"client #{client} owes {money.format_amount(owed.get(client, 0), cur)}"
                         f", not {money.format_amount(amount, cur)}", "owed")
    reason = checkout.discount.reason.strip()
    lines: list[Line] = []
    dues: dict[int | None, int] = {}
    for visit, cut in zip(visits, cuts, strict=True):
        lines.append(Line(Kind.CHARGE, visit.price, visit.client_id, visit.appointment_id,
                          visit.therapist_id))
        if cut:
            lines.append(Line(Kind.DISCOUNT, -cut, visit.client_id, visit.appointment_id,
                              visit.therapist_id, reason=reason))
        dues[visit.client_id] = dues.get(visit.client_id, 0) + visit.price - cut
    for therapist, tip in sorted(checkout.tips.items()):
        if tip:
            visit = next(v for v in visits if v.therapist_id == therapist)
            lines.append(Line(Kind.TIP, tip, visit.client_id, visit.appointment_id, therapist))
            dues[visit.client_id] += tip
    for client, amount in checkout.owed.items():
        dues[client] = dues.get(client, 0) + amount
    total = sum(dues.values())
    paid = _check_payments(checkout.payments, certificates, today, cur)
    if paid != total:
        short = total - paid
        word = "short" if short > 0 else "over"
        raise refuse(f"the payments ({money.format_amount(paid, cur)}) must add up to what is "
                     f"due ({money.format_amount(total, cur)}): "
                     f"{money.format_amount(abs(short), cur)} {word}", "payments", "unbalanced")
    lines += _spread(checkout.payments, dues, certificates)
    return lines


def _check_payments(payments: Sequence[Payment], certificates: Mapping[str, Certificate],
                    today: date, cur: Currency) -> int:
    """The payments' total, once each is seen to be possible: above zero, and by a
    certificate that exists, has not expired and holds enough for all its payments."""
    drawn: dict[str, int] = {}
    for payment in payments:
        if payment.amount <= 0:
            raise BadInput("a payment is above zero", "payments")
        if payment.method is Method.CERTIFICATE:
            cert = certificates.get(payment.code)
            if cert is None:
                raise BadInput(f"no gift certificate {payment.code or '(no code given)'}",
                               "certificate")
            if cert.expires is not None and cert.expires < today:
                raise refuse(f"gift certificate {cert.code} expired on "
                             f"{cert.expires.isoformat()}", "certificate", "expired")
            drawn[cert.code] = drawn.get(cert.code, 0) + payment.amount
            if drawn[cert.code] > cert.balance:
                raise refuse(f"gift certificate {cert.code} holds "
                             f"{money.format_amount(cert.balance, cur)}, not "
                             f"{money.format_amount(drawn[cert.code], cur)}", "certificate",
                             "certificate-balance")
        elif payment.code:
            raise BadInput("a certificate code goes with a payment by certificate",
                           "certificate")
    return sum(p.amount for p in payments)


def _spread(payments: Sequence[Payment], dues: Mapping[int | None, int],
            certificates: Mapping[str, Certificate]) -> list[Line]:
    """The payments as entries, each client's share exactly what they owe here: the
    payments fill the first client's due, then the next's (a couple paying together leaves
    each card square)."""
    lines: list[Line] = []
    left = dict(dues)
    order = list(left)
    for payment in payments:
        rest = payment.amount
        cert = certificates[payment.code].id if payment.method is Method.CERTIFICATE else None
        for client in order:
            take = min(rest, left[client])
            if take <= 0:
                continue
            lines.append(Line(Kind.PAYMENT, -take, client, method=payment.method,
                              certificate_id=cert))
            left[client] -= take
            rest -= take
            if not rest:
                break
    return lines


def plan_sale(amount: int, payments: Sequence[Payment], buyer_id: int | None,
              certificate_id: int, cur: Currency) -> list[Line]:
    """A gift certificate sold: its value, paid for (never by another certificate)."""
    if amount <= 0:
        raise BadInput("a gift certificate is worth more than nothing", "amount")
    if any(p.method is Method.CERTIFICATE for p in payments):
        raise BadInput("a gift certificate is not bought with another", "method")
    paid = _check_payments(payments, {}, date.min, cur)
    if paid != amount:
        raise refuse(f"the payments ({money.format_amount(paid, cur)}) must add up to the "
                     f"certificate's {money.format_amount(amount, cur)}", "payments",
                     "unbalanced")
    return [Line(Kind.CERTIFICATE_SALE, amount, buyer_id, certificate_id=certificate_id)] + [
        Line(Kind.PAYMENT, -p.amount, buyer_id, method=p.method) for p in payments]


def plan_fee(amount: int, client_id: int | None, appointment_id: int, reason: str) -> list[Line]:
    """A no-show's or late cancellation's fee, owed from now (none when waived: 0)."""
    if amount < 0:
        raise BadInput("a fee is never below zero", "fee")
    if amount and client_id is None:
        raise BadInput("a walk-in with no client named owes no fee", "fee")
    return [Line(Kind.FEE, amount, client_id, appointment_id, reason=reason)] if amount else []


def plan_waiver(amount: int, owed: int, client_id: int, reason: str, cur: Currency) -> list[Line]:
    """Let a client off ``amount`` of what they owe."""
    if not reason.strip():
        raise BadInput("waiving a fee needs a reason", "reason")
    if amount <= 0 or amount > owed:
        raise refuse(f"the client owes {money.format_amount(max(owed, 0), cur)}", "amount")
    return [Line(Kind.WAIVER, -amount, client_id, reason=reason.strip())]


# -- what a visit shows -------------------------------------------------------------------

class PayState(StrEnum):
    """Paid or not, as the day view and the visit's details show it ("" when neither
    applies: a visit still to come, or one cancelled)."""

    PAID = "paid"
    UNPAID = "unpaid"
    NONE = ""


#: The statuses in which a visit may be checked out: the client is here or has been.
CHECKOUT_STATUSES = frozenset({"arrived", "in_session", "completed"})


def pay_state(status: str, charged: bool) -> PayState:
    """A charged visit is paid (a checkout is paid in full: the payments cover it exactly);
    a completed one not charged is unpaid."""
    if charged:
        return PayState.PAID
    return PayState.UNPAID if status == "completed" else PayState.NONE
