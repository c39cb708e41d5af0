"""Gift certificates: sold (paid for like a checkout), looked up by code with their balance.

A certificate's balance is never a column: it is the ledger's sum (see
:mod:`frontdesk.domain.ledger`), read under the booking lock whenever a payment draws on it,
so two desks redeeming one certificate at once cannot overspend it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, gift_codes, ledger
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Group, Payment
from frontdesk.services import audit, permits
from frontdesk.services import ledger_store as store
from frontdesk.services.booking import check_text
from frontdesk.services.checkout import void_in
from frontdesk.services.receipts import Receipt, receipt


@dataclass(frozen=True)
class CertificateView:
    id: int
    code: str
    amount: int
    balance: int
    sold_on: date
    expires: date | None
    buyer: str
    recipient: str
    #: Past its expiry date (today, the clinic's): it pays for nothing more.
    expired: bool


class Certificates:
    def __init__(self, db: Database, actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow):
        self.db = db
        self.actor = (actor or "desk")[:100]
        self.now = now

    def sell(self, amount: int, payments: Sequence[Payment], *, buyer_id: int | None = None,
             recipient: str = "", expires: date | None = None) -> tuple[CertificateView, Receipt]:
        """Sell a certificate worth ``amount``, paid by ``payments``: the certificate (its
        code new, drawn at random) and the sale's receipt."""
        recipient = check_text(recipient, 200, "recipient")
        at = self.now()
        with self.db.write() as session:
            permits.require(session, Action.CHECKOUT)
            store.lock(session)
            t = store.till(session)
            if expires is not None and expires < store.business_day(at, t.tz):
                raise BadInput("the expiry date has passed already", "expires")
            if buyer_id is not None and session.get(m.Client, buyer_id) is None:
                raise BadInput(f"no client #{buyer_id}", "client")
            cert = m.GiftCertificate(code=_fresh_code(session), amount_cents=max(amount, 1),
                                     sold_at=at, sold_by=self.actor, expires=expires,
                                     buyer_id=buyer_id, recipient=recipient)
            session.add(cert)
            session.flush()
            lines = ledger.plan_sale(amount, payments, buyer_id, cert.id, t.currency)
            audit.record(session, actor=self.actor, at=at, action="sell", row=cert)
            group = store.write_group(session, Group.SALE, lines, actor=self.actor, at=at,
                                      tz=t.tz, client_id=buyer_id)
            return _view(session, cert, t, at), receipt(session, group.id)

    def void_sale(self, certificate_id: int, reason: str) -> Receipt:
        """Take a sale back (sold by mistake, or the money given back): its entries written
        again negated, so the certificate holds nothing more. Refused once it has paid for
        anything (refund that visit's checkout instead). The void's receipt."""
        with self.db.write() as session:
            store.lock(session)
            sale = session.scalar(select(m.LedgerEntry.checkout_id).where(
                m.LedgerEntry.certificate_id == certificate_id,
                m.LedgerEntry.kind == ledger.Kind.CERTIFICATE_SALE.value,
                m.LedgerEntry.reverses_id.is_(None)))
            if sale is None:
                raise BadInput(f"no gift certificate #{certificate_id} was sold", "certificate")
            row = void_in(session, sale, reason, actor=self.actor, at=self.now())
            return receipt(session, row.id)

    def look_up(self, code: str) -> CertificateView:
        """The certificate of ``code`` (as typed: case, spaces and dashes do not matter)."""
        with self.db.read() as session:
            return look_up_in(session, code, self.now())

    def all(self) -> list[CertificateView]:
        """Every certificate sold, the newest first."""
        with self.db.read() as session:
            return listed(session, self.now())


def listed(session, now: datetime) -> list[CertificateView]:
    """Every certificate sold, the newest first, with its balance at ``now``."""
    t = store.till(session)
    certs = session.scalars(select(m.GiftCertificate)
                            .order_by(m.GiftCertificate.id.desc())).all()
    held = store.certificate_balances(session, [c.id for c in certs])
    return [_view(session, c, t, now, held.get(c.id, 0)) for c in certs]


def look_up_in(session, code: str, now: datetime) -> CertificateView:
    """The certificate of ``code`` in a session the caller has; BadInput if none."""
    t = store.till(session)
    cert = session.scalar(select(m.GiftCertificate).where(
        m.GiftCertificate.code == gift_codes.format_code(code)))
    if cert is None:
        raise BadInput(f"no gift certificate {gift_codes.format_code(code) or code!r}",
                       "certificate")
    return _view(session, cert, t, now)


def _view(session, cert: m.GiftCertificate, t: store.Till, now: datetime,
          balance: int | None = None) -> CertificateView:
    today = store.business_day(now, t.tz)
    if balance is None:
        balance = store.certificate_balances(session, [cert.id]).get(cert.id, 0)
    buyer = session.get(m.Client, cert.buyer_id).name if cert.buyer_id else ""
    return CertificateView(cert.id, cert.code, cert.amount_cents, balance,
                           store.business_day(cert.sold_at, t.tz),
                           cert.expires, buyer, cert.recipient,
                           cert.expires is not None and cert.expires < today)


def _fresh_code(session) -> str:
    """A code no certificate has (a clash among 23⁸ is rare; drawn again if it happens)."""
    while True:
        code = gift_codes.new_code([secrets.randbelow(len(gift_codes.CODE_ALPHABET))
                                    for _ in range(gift_codes.CODE_LENGTH)])
        if session.scalar(select(m.GiftCertificate.id)
                          .where(m.GiftCertificate.code == code)) is None:
            return code
