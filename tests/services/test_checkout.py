"""Checkout, void, refund, gift certificates and fees through the services, on a real book
(SQLite, and PostgreSQL on that run): what is written, what the sums say, what is refused."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.ledger import Discount, Kind, Method, Payment, PayState
from frontdesk.domain.status import Status
from frontdesk.services import client_record
from frontdesk.services.booking import Bookings
from frontdesk.services.certificates import Certificates
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from frontdesk.services.fees import Fees
from tests.helpers import TZ, local, request

DAY = "2026-10-02"
LATER = local(f"{DAY} 16:00")


@pytest.fixture
def visit(db, clinic, bookings):
    """``visit("10:00", therapist="Ben", client="Zoë Brontë") -> id``: a Deep Tissue 60
    ($110.00) on the day, booked, then arrived and completed after it ends."""
    def make(at: str, *, therapist="Ana", client="José Núñez", room="Cedar", done=True) -> int:
        view = bookings.book(request(clinic, f"{DAY} {at}", "Deep Tissue 60",
                                     therapist=therapist, client=client, room=room))
        if done:
            after = Bookings(db, "tester", now=lambda: view.end + timedelta(minutes=5))
            after.set_status(view.id, Status.ARRIVED)
            after.set_status(view.id, Status.COMPLETED)
        return view.id
    return make


@pytest.fixture
def desk(db):
    return Checkouts(db, "Rosa", now=lambda: LATER)


def _sum(db, **where) -> int:
    e = m.LedgerEntry
    with db.read() as s:
        q = select(func.coalesce(func.sum(e.amount_cents), 0))
        for k, v in where.items():
            q = q.where(getattr(e, k) == v)
        return int(s.scalar(q))


def test_a_visit_checked_out_with_a_tip_is_paid_and_its_receipt_says_so(db, clinic, visit,
                                                                        desk):
    appt = visit("10:00")
    assert desk.states([appt]) == {appt: PayState.UNPAID}
    receipt = desk.checkout(CheckoutRequest([appt], [Payment(Method.CARD, 12500)],
                                            tips={clinic["Ana"]: 1500}))
    assert desk.states([appt]) == {appt: PayState.PAID}
    assert [(line.label, line.shown) for line in receipt.lines] == [
        ("Deep Tissue 60 with Ana", "$110.00"), ("Tip for Ana", "$15.00")]
    assert [(p.label, p.shown) for p in receipt.payments] == [("Card", "$125.00")]
    assert receipt.total == "$125.00" and receipt.clients == ("José Núñez",)
    assert receipt.day == date(2026, 10, 2)
    assert _sum(db, client_id=clinic["José Núñez"]) == 0
    assert _sum(db, kind="tip", therapist_id=clinic["Ana"]) == 1500
    with pytest.raises(BadInput, match=f"paid already \\(receipt #{receipt.number}\\)"):
        desk.checkout(CheckoutRequest([appt], [Payment(Method.CASH, 11000)]))
    with db.read() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity == "checkouts")).one()
    assert entry.actor == "Rosa" and len(entry.after["entries"]) == 3


def test_a_couple_pays_together_with_a_certificate_discount_and_two_tips(db, clinic, visit,
                                                                         desk):
    zoe, jose = clinic["Zoë Brontë"], clinic["José Núñez"]
    a = visit("10:00", client="José Núñez")
    b = visit("10:00", therapist="Ben", client="Zoë Brontë", room="Willow")
    cert, _ = Certificates(db, "Rosa", now=lambda: LATER).sell(
        5000, [Payment(Method.CASH, 5000)], buyer_id=zoe)
    receipt = desk.checkout(CheckoutRequest(
        [a, b], [Payment(Method.CERTIFICATE, 5000, cert.code.lower().replace("-", " ")),
                 Payment(Method.CARD, 16800)],
        tips={clinic["Ana"]: 1000, clinic["Ben"]: 1000},
        discount=Discount(percent=Decimal("10"), reason="anniversary")))
    assert receipt.clients == ("José Núñez", "Zoë Brontë")
    assert _sum(db, client_id=jose) == 0 and _sum(db, client_id=zoe) == 0
    assert Certificates(db).look_up(cert.code).balance == 0
    assert desk.states([a, b]) == {a: PayState.PAID, b: PayState.PAID}
    with pytest.raises(Refused, match=re.escape("holds $0.00")):
        desk.checkout(CheckoutRequest([visit("14:00")], [Payment(Method.CERTIFICATE, 100,
                                                                  cert.code),
                                                          Payment(Method.CASH, 10900)]))


def test_nothing_is_written_when_the_payments_do_not_add_up(db, visit, desk):
    appt = visit("10:00")
    with pytest.raises(Refused, match=re.escape("$0.01 short")):
        desk.checkout(CheckoutRequest([appt], [Payment(Method.CASH, 10999)]))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.LedgerEntry)) == 0
        assert s.scalar(select(func.count()).select_from(m.Checkout)) == 0
    assert desk.states([appt]) == {appt: PayState.UNPAID}


def test_a_tip_for_a_therapist_of_none_of_the_visits_is_refused_by_name(db, clinic, visit,
                                                                         desk):
    appt = visit("10:00")  # Ana's
    with pytest.raises(BadInput) as refused:
        desk.checkout(CheckoutRequest([appt], [Payment(Method.CARD, 12500)],
                                      tips={clinic["Ben"]: 1500}))
    assert str(refused.value) == "Ben had none of these visits: a tip here goes to Ana"
    assert refused.value.field == "tip"
    assert desk.states([appt]) == {appt: PayState.UNPAID}


def test_only_a_visit_the_client_came_to_is_checked_out(visit, desk):
    future = visit("15:00", done=False)
    with pytest.raises(BadInput, match="only a visit the client came to"):
        desk.checkout(CheckoutRequest([future], [Payment(Method.CASH, 11000)]))
    with pytest.raises(BadInput, match="no appointment #999"):
        desk.quote([999])


def test_a_void_takes_back_the_whole_checkout_and_it_may_be_checked_out_again(db, clinic,
                                                                              visit, desk):
    appt = visit("10:00")
    paid = desk.checkout(CheckoutRequest([appt], [Payment(Method.CASH, 12000)],
                                         tips={clinic["Ana"]: 1000}))
    void = desk.void(paid.number, "wrong visit")
    assert void.reverses == paid.number and desk.receipt(paid.number).voided_by == void.number
    assert desk.states([appt]) == {appt: PayState.UNPAID}
    for kind in Kind:
        assert _sum(db, kind=kind.value) == 0
    with pytest.raises(Refused, match="voided already"):
        desk.void(paid.number, "again")
    again = desk.checkout(CheckoutRequest([appt], [Payment(Method.CARD, 11000)]))
    assert desk.states([appt]) == {appt: PayState.PAID} and again.number > void.number
    with db.read() as s:  # nothing was edited: every entry written is still there
        assert s.scalar(select(func.count()).select_from(m.LedgerEntry)) == 3 + 3 + 2


def test_a_refund_of_part_leaves_the_visit_paid_and_the_balance_square(db, clinic, visit,
                                                                       desk):
    appt = visit("10:00")
    paid = desk.checkout(CheckoutRequest([appt], [Payment(Method.CARD, 8000),
                                                  Payment(Method.CASH, 3000)]))
    refund = desk.refund(paid.number, Method.CARD, 2000, "oil allergy")
    assert [(p.label, p.amount) for p in refund.payments] == [("Refund, card", -2000)]
    assert _sum(db, client_id=clinic["José Núñez"]) == 0
    assert _sum(db, method="card") == -6000
    revenue = sum(_sum(db, kind=k, therapist_id=clinic["Ana"])
                  for k in ("charge", "discount", "credit"))
    assert revenue == 9000
    with pytest.raises(Refused, match=re.escape("at most $60.00 was paid by card")):
        desk.refund(paid.number, Method.CARD, 6001, "more")
    with pytest.raises(Refused, match="refund the rest"):
        desk.void(paid.number, "all of it")
    assert desk.states([appt]) == {appt: PayState.PAID}


def test_a_fee_is_owed_from_a_no_show_and_collected_at_the_next_checkout(db, clinic, visit,
                                                                         desk):
    with db.write() as s:
        s.get(m.Clinic, 1).no_show_fee_cents = 2500
    missed = visit("09:00", done=False)
    fees = Fees(db, "Rosa", now=lambda: local(f"{DAY} 10:30"))
    view, fee = fees.mark(missed, Status.NO_SHOW)
    assert view.status is Status.NO_SHOW and fee is not None
    assert fee.lines[0].label == "Fee (no-show)" and fee.total == "$25.00"
    jose = clinic["José Núñez"]
    assert desk.owed([jose]) == {jose: 2500}
    assert fees.owed(jose)[0] == 2500
    with db.read() as s:  # the client's card says it, as the caller lookup and list do
        card = client_record.record(s, jose, TZ, now=LATER)
    assert card.summary.endswith(" · owes $25.00")
    appt = visit("13:00")
    quote = desk.quote([appt])
    assert quote.owed == {jose: 2500} and quote.price == 11000
    receipt = desk.checkout(CheckoutRequest([appt], [Payment(Method.CARD, 13500)]))
    assert receipt.lines[-1].label == "Owed from before (fees)"
    assert desk.owed([jose]) == {}
    assert _sum(db, kind="fee") == 2500


def test_a_fee_may_be_changed_or_waived_when_marking(db, clinic, visit):
    fees = Fees(db, "Rosa", now=lambda: local(f"{DAY} 16:00"))
    _, none = fees.mark(visit("09:00", done=False), Status.LATE_CANCEL, reason="flu", fee=0)
    assert none is None
    _, fee = fees.mark(visit("11:00", done=False), Status.LATE_CANCEL, reason="car",
                       fee=1000)
    assert fee is not None and fee.total == "$10.00"
    jose = clinic["José Núñez"]
    waived = fees.waive(jose, 400, "regular client")
    assert waived.total == "-$4.00" and fees.owed(jose)[0] == 600
    with pytest.raises(Refused, match=re.escape("owes $6.00")):
        fees.waive(jose, 601, "all")


def test_a_certificate_sold_then_used_in_part_then_expired(db, visit, desk):
    sell = Certificates(db, "Rosa", now=lambda: LATER)
    cert, sale = sell.sell(20000, [Payment(Method.CARD, 20000)], recipient="Mum",
                           expires=date(2026, 10, 31))
    assert sale.lines[0].label == f"Gift certificate {cert.code}" and cert.balance == 20000
    assert len(cert.code) == 9 and cert.code[4] == "-"
    desk.checkout(CheckoutRequest([visit("10:00")], [Payment(Method.CERTIFICATE, 11000,
                                                             cert.code)]))
    assert sell.look_up(cert.code).balance == 9000
    november = Checkouts(db, "Rosa", now=lambda: local("2026-11-01 09:00"))
    appt = visit("13:00")
    with pytest.raises(Refused, match="expired on 2026-10-31"):
        november.checkout(CheckoutRequest([appt], [Payment(Method.CERTIFICATE, 9000,
                                                            cert.code),
                                                    Payment(Method.CASH, 2000)]))
    assert Certificates(db, now=lambda: local("2026-11-01 09:00")).look_up(cert.code).expired
    with pytest.raises(Refused, match="used since"):
        desk.void(sale.number, "mistake")


def test_a_certificate_sold_by_mistake_is_voided_by_its_number_until_it_is_used(db, visit,
                                                                               desk):
    sell = Certificates(db, "Rosa", now=lambda: LATER)
    cert, _ = sell.sell(5000, [Payment(Method.CASH, 5000)])
    void = sell.void_sale(cert.id, "wrong amount")
    assert void.total == "-$50.00" and sell.look_up(cert.code).balance == 0
    assert _sum(db, certificate_id=cert.id) == 0
    with pytest.raises(Refused, match="voided already"):
        sell.void_sale(cert.id, "again")
    used, _ = sell.sell(20000, [Payment(Method.CARD, 20000)])
    desk.checkout(CheckoutRequest([visit("10:00")], [Payment(Method.CERTIFICATE, 11000,
                                                             used.code)]))
    with pytest.raises(Refused, match="used since"):
        sell.void_sale(used.id, "mistake")
    with pytest.raises(BadInput, match="no gift certificate #999"):
        sell.void_sale(999, "x")


def test_what_a_visits_checkout_may_still_give_back_by_method(db, visit, desk):
    from frontdesk.services.checkout import refundable_in

    appt = visit("10:00")
    with db.read() as s, pytest.raises(BadInput, match="was not checked out"):
        refundable_in(s, appt)
    paid = desk.checkout(CheckoutRequest([appt], [Payment(Method.CARD, 8000),
                                                  Payment(Method.CASH, 3000)]))
    desk.refund(paid.number, Method.CARD, 2000, "oil allergy")
    with db.read() as s:
        left = refundable_in(s, appt)
    assert (left.checkout_id, left.currency) == (paid.number, "USD")
    assert left.by_method == {Method.CARD: 6000, Method.CASH: 3000}
    desk.refund(paid.number, Method.CASH, 3000, "all of the cash")
    with db.read() as s:
        assert refundable_in(s, appt).by_method == {Method.CARD: 6000}
