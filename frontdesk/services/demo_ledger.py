"""The demo clinic's money: its past visits paid (tips, a few discounts, cash, card and
checks), gift certificates (one partly used, one expired, one new), and fees owed for two
recent no-shows, charged at the desk. The set-up's default fees stay at none, so marking a
no-show in the demo asks nothing more than it did (set them on the clinic page to try it).

Every checkout is planned by the ledger's own rules (:func:`frontdesk.domain.ledger.
plan_checkout`), so the demo's money adds up as the desk's does; it is written with bulk
inserts in chunks, as the appointments are, so the large demo (about 850,000 paid visits)
stays quick to build. The last visits of the day before stay unpaid, for the day view's
"unpaid" to show.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import clock, ledger, money
from frontdesk.domain.ledger import Discount, Group, Kind, Line, Method, Payment
from frontdesk.domain.status import Status

#: What the demo's two recent no-shows were charged.
NO_SHOW_FEE = 2500
#: Completed visits left unpaid: those that ended this long before the demo's "now".
UNPAID_WITHIN = timedelta(hours=20)
CHUNK = 20_000
#: Stand-in ids a checkout is planned with once for its sums (price, discount, tip, method),
#: then written for every visit with the same sums with the visit's own ids: the ledger's
#: rules decide each distinct checkout, and the large demo's 850,000 cost no more to plan
#: than a few hundred.
_APPT, _CLIENT, _THERAPIST = -1, -2, -3


class _Writer:
    """Groups and entries gathered with their own ids, inserted in chunks."""

    def __init__(self, session, tz, bulk):
        self.session, self.tz, self.bulk = session, tz, bulk
        self.groups: list[dict] = []
        self.entries: list[dict] = []
        self.next_group = self.next_entry = 1

    def group(self, kind: Group, lines: list[Line], at: datetime, client_id: int | None,
              reason: str = "", ids: Mapping[int | None, int | None] | None = None) -> int:
        """Add a group; ``ids`` puts real ids for a template's stand-ins (see _TEMPLATE)."""
        day = clock.to_local(at, self.tz).date()
        put = (lambda v: ids.get(v, v)) if ids else (lambda v: v)
        gid = self.next_group
        self.next_group += 1
        self.groups.append({"id": gid, "kind": kind.value, "at": at, "day": day,
                            "actor": "demo", "client_id": client_id, "reverses_id": None,
                            "reason": reason})
        for line in lines:
            self.entries.append({
                "id": self.next_entry, "checkout_id": gid, "at": at, "day": day,
                "actor": "demo", "kind": line.kind.value,
                "method": line.method.value if line.method else None,
                "amount_cents": line.amount, "client_id": put(line.client_id),
                "appointment_id": put(line.appointment_id),
                "therapist_id": put(line.therapist_id),
                "certificate_id": line.certificate_id, "reason": line.reason,
                "reverses_id": None})
            self.next_entry += 1
        if len(self.entries) >= CHUNK:
            self.flush()
        return gid

    def flush(self) -> None:
        self.bulk(self.session, m.Checkout, self.groups)
        self.bulk(self.session, m.LedgerEntry, self.entries)
        self.groups, self.entries = [], []


def add_money(session, rng: random.Random, now: datetime, tz, bulk, after_ids) -> int:
    """Write the demo's money (see the module's docstring); how many visits were paid."""
    clinic = session.scalars(select(m.Clinic).order_by(m.Clinic.id)).first()
    cur = money.currency(clinic.currency if clinic is not None else "USD")
    out = _Writer(session, tz, bulk)
    certs = _certificates(session, out, now, tz)
    a = m.Appointment
    rows = session.execute(
        select(a.id, a.client_id, a.therapist_id, a.price_cents, a.ends_at)
        .where(a.status == Status.COMPLETED.value, a.ends_at <= now - UNPAID_WITHIN)
        .order_by(a.ends_at, a.id)).yield_per(CHUNK)
    paid = 0
    templates: dict[tuple, list[Line]] = {}
    partly_used: ledger.Certificate | None = certs[0]
    for appt, client, therapist, price, ends in rows:
        roll = rng.random()
        discount = (Discount(percent=Decimal(10), reason="regular client")
                    if roll < 0.05 else Discount())
        tip = 0 if roll > 0.65 or not price else int(
            money.percent_of(price, Decimal(rng.choice((15, 18, 20)))) // 100 * 100)
        method = Method.CARD if roll < 0.72 else Method.CASH if roll < 0.96 else Method.CHECK
        ids: dict[int | None, int | None] = {_APPT: appt, _CLIENT: client,
                                             _THERAPIST: therapist}
        key = (price or 0, roll < 0.05, tip, method)
        use_cert = partly_used is not None and ends > now - timedelta(days=50)
        if not use_cert and key in templates:  # the same sums as one planned before
            out.group(Group.CHECKOUT, templates[key], ends + timedelta(minutes=5), client,
                      ids=ids)
            paid += 1
            continue
        visit = ledger.Visit(_APPT, _CLIENT, _THERAPIST, price or 0)
        plan = ledger.Checkout([visit], discount, {_THERAPIST: tip} if tip else {})
        due = ledger.due(plan)
        if partly_used is not None and use_cert and due >= 11000:
            payments = [Payment(Method.CERTIFICATE, 11000, partly_used.code)]
            if due > 11000:
                payments.append(Payment(Method.CARD, due - 11000))
            table = {partly_used.code: partly_used}
            partly_used = None
        else:
            payments, table = ([Payment(method, due)] if due else []), {}
        lines = ledger.plan_checkout(
            ledger.Checkout(plan.visits, discount, plan.tips, payments), table, {},
            clock.to_local(ends, tz).date(), cur)
        if not table:
            templates[key] = lines
        out.group(Group.CHECKOUT, lines, ends + timedelta(minutes=5), client, ids=ids)
        paid += 1
    _fees(session, out, now)
    out.flush()
    for model in (m.Checkout, m.LedgerEntry):
        after_ids(session, model)
    return paid


def _certificates(session, out: _Writer, now: datetime, tz) -> list[ledger.Certificate]:
    """Three certificates: one to be partly used (returned), one expired, one new."""
    today = clock.to_local(now, tz).date()
    made = []
    for n, (code, amount, sold_days, expires_days, recipient) in enumerate((
            ("K7QM-4HXP", 15000, 60, 305, "Mum"),
            ("RD3W-9TAF", 10000, 400, -35, "Sam"),
            ("HC6N-P4YE", 20000, 3, None, "Jordan"))):
        sold = now - timedelta(days=sold_days)
        cert = m.GiftCertificate(
            code=code, amount_cents=amount, sold_at=sold, sold_by="demo",
            expires=today + timedelta(days=expires_days) if expires_days is not None else None,
            buyer_id=n + 4, recipient=recipient)
        session.add(cert)
        session.flush()
        out.group(Group.SALE, [Line(Kind.CERTIFICATE_SALE, amount, n + 4, certificate_id=cert.id),
                               Line(Kind.PAYMENT, -amount, n + 4, method=Method.CARD)],
                  sold, n + 4)
        made.append(ledger.Certificate(cert.id, code, amount, cert.expires))
    return made


def _fees(session, out: _Writer, now: datetime) -> None:
    """The no-shows of the last two weeks owe the clinic's fee: two of them still do."""
    a = m.Appointment
    missed = session.execute(
        select(a.id, a.client_id, a.ends_at).where(
            a.status == Status.NO_SHOW.value, a.ends_at <= now,
            a.ends_at > now - timedelta(days=14), a.client_id.is_not(None))
        .order_by(a.ends_at.desc()).limit(2)).all()
    for appt, client, ends in missed:
        out.group(Group.FEE, ledger.plan_fee(NO_SHOW_FEE, client, appt, "no-show"),
                  ends + timedelta(hours=1), client, "no-show")
