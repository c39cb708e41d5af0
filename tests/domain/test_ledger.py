"""The ledger's rules (frontdesk.domain.ledger): what a checkout, refund, void, sale and fee
write, and that every sum the desk and the reports take comes out right."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain import corrections, gift_codes, ledger, money
from frontdesk.domain.corrections import Entry
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.ledger import (
    Certificate,
    Checkout,
    Discount,
    Kind,
    Line,
    Method,
    Payment,
    Visit,
)

USD = money.currency("USD")
TODAY = date(2026, 11, 30)
ANA, BEN = 1, 2           # therapists
ZOE, YUSUF = 10, 11       # clients
GC = Certificate(5, "K7QM-4HXP", 5000, date(2026, 12, 31))


def plan(checkout: Checkout, certs=(GC,), owed=None) -> list[Line]:
    return ledger.plan_checkout(checkout, {c.code: c for c in certs}, owed or {}, TODAY, USD)


def balance(lines, client) -> int:
    return sum(line.amount for line in lines if line.client_id == client)


def as_entries(lines, first_id=100) -> list[Entry]:
    return [Entry(first_id + i, line.kind, line.amount, line.client_id, line.appointment_id,
                  line.therapist_id, line.method, line.certificate_id, line.reverses_id)
            for i, line in enumerate(lines)]


def test_one_visit_with_a_tip_paid_by_card():
    lines = plan(Checkout([Visit(7, ZOE, ANA, 9000)], tips={ANA: 1500},
                          payments=[Payment(Method.CARD, 10500)]))
    assert [(line.kind, line.amount) for line in lines] == [
        (Kind.CHARGE, 9000), (Kind.TIP, 1500), (Kind.PAYMENT, -10500)]
    assert balance(lines, ZOE) == 0
    assert lines[1].therapist_id == ANA and lines[2].method is Method.CARD


def test_a_couple_paying_together_leaves_each_card_square():
    visits = [Visit(7, ZOE, ANA, 12000), Visit(8, YUSUF, BEN, 8000)]
    lines = plan(Checkout(visits, Discount(percent=Decimal("10"), reason="anniversary"),
                          tips={ANA: 1000, BEN: 1000},
                          payments=[Payment(Method.CERTIFICATE, 5000, GC.code),
                                    Payment(Method.CASH, 3000), Payment(Method.CARD, 12000)]))
    assert balance(lines, ZOE) == 0 and balance(lines, YUSUF) == 0
    discounts = [line for line in lines if line.kind is Kind.DISCOUNT]
    assert [(d.amount, d.therapist_id, d.reason) for d in discounts] == [
        (-1200, ANA, "anniversary"), (-800, BEN, "anniversary")]
    by_cert = [line for line in lines if line.method is Method.CERTIFICATE]
    assert sum(line.amount for line in by_cert) == -5000 and by_cert[0].certificate_id == 5


def test_an_amount_discount_is_shared_by_price_and_needs_a_reason():
    visits = [Visit(7, ZOE, ANA, 12000), Visit(8, YUSUF, BEN, 8000)]
    with pytest.raises(BadInput, match="needs a reason"):
        plan(Checkout(visits, Discount(amount=1000), payments=[Payment(Method.CASH, 19000)]))
    lines = plan(Checkout(visits, Discount(amount=1001, reason="regulars"),
                          payments=[Payment(Method.CASH, 18999)]))
    assert [line.amount for line in lines if line.kind is Kind.DISCOUNT] == [-601, -400]
    with pytest.raises(BadInput, match="more than the price"):
        plan(Checkout(visits, Discount(amount=20001, reason="x")))


@pytest.mark.parametrize(("paid", "word"), [(9999, "$0.01 short"), (10001, "$0.01 over")])
def test_payments_must_cover_what_is_due_exactly(paid, word):
    with pytest.raises(Refused, match=re.escape(word)):
        plan(Checkout([Visit(7, ZOE, ANA, 10000)], payments=[Payment(Method.CASH, paid)]))


def test_a_certificate_cannot_go_below_zero_nor_be_used_after_it_expires():
    visit = [Visit(7, ZOE, ANA, 6000)]
    with pytest.raises(Refused, match=re.escape("holds $50.00, not $60.00")):
        plan(Checkout(visit, payments=[Payment(Method.CERTIFICATE, 3000, GC.code),
                                       Payment(Method.CERTIFICATE, 3000, GC.code)]))
    expired = Certificate(6, "AAAA-CCCC", 5000, date(2026, 11, 29))
    with pytest.raises(Refused, match="expired on 2026-11-29"):
        plan(Checkout(visit, payments=[Payment(Method.CERTIFICATE, 5000, expired.code),
                                       Payment(Method.CASH, 1000)]), certs=[expired])
    last_day = Certificate(6, "AAAA-CCCC", 6000, TODAY)
    assert plan(Checkout(visit, payments=[Payment(Method.CERTIFICATE, 6000, "AAAA-CCCC")]),
                certs=[last_day])
    with pytest.raises(BadInput, match="no gift certificate NOPE"):
        plan(Checkout(visit, payments=[Payment(Method.CERTIFICATE, 6000, "NOPE")]))


def test_fees_owed_are_collected_only_up_to_what_is_owed():
    visit = [Visit(7, ZOE, ANA, 9000)]
    lines = plan(Checkout(visit, owed={ZOE: 2500}, payments=[Payment(Method.CARD, 11500)]),
                 owed={ZOE: 2500})
    # Collected fees write no line of their own: the payment takes the balance to zero.
    assert balance(lines, ZOE) == -2500
    with pytest.raises(Refused, match=re.escape("owes $25.00, not $30.00")):
        plan(Checkout(visit, owed={ZOE: 3000}, payments=[Payment(Method.CARD, 12000)]),
             owed={ZOE: 2500})


def test_no_negative_amounts_and_tips_only_for_the_visits_therapists():
    visit = [Visit(7, ZOE, ANA, 9000)]
    with pytest.raises(BadInput):
        plan(Checkout(visit, tips={ANA: -1}, payments=[Payment(Method.CASH, 8999)]))
    with pytest.raises(BadInput, match="no visit in this checkout"):
        plan(Checkout(visit, tips={BEN: 100}, payments=[Payment(Method.CASH, 9100)]))
    with pytest.raises(BadInput, match="above zero"):
        plan(Checkout(visit, payments=[Payment(Method.CASH, 9100), Payment(Method.CARD, -100)]))


def test_a_void_reverses_every_entry_of_the_same_kind():
    lines = plan(Checkout([Visit(7, ZOE, ANA, 9000)], tips={ANA: 1000},
                          payments=[Payment(Method.CARD, 10000)]))
    entries = as_entries(lines)
    void = corrections.plan_void(entries, "wrong client", voided=False, refunded=False)
    assert [(v.kind, v.amount, v.reverses_id) for v in void] == [
        (e.kind, -e.amount, e.id) for e in entries]
    both = lines + void
    for kind in Kind:
        assert sum(line.amount for line in both if line.kind is kind) == 0
    with pytest.raises(Refused, match="voided already"):
        corrections.plan_void(entries, "again", voided=True, refunded=False)
    with pytest.raises(BadInput, match="needs a reason"):
        corrections.plan_void(entries, " ", voided=False, refunded=False)


def test_a_refund_gives_money_back_without_moving_a_balance():
    visits = [Visit(7, ZOE, ANA, 12000), Visit(8, YUSUF, BEN, 8000)]
    lines = plan(Checkout(visits, payments=[Payment(Method.CARD, 15000),
                                            Payment(Method.CASH, 5000)]))
    entries = as_entries(lines)
    refund = corrections.plan_refund(entries, Method.CARD, 5000, "oil allergy", USD)
    assert balance(refund, ZOE) == 0 and balance(refund, YUSUF) == 0
    assert sum(r.amount for r in refund if r.kind is Kind.REFUND) == 5000
    credits = {r.therapist_id: r.amount for r in refund if r.kind is Kind.CREDIT}
    assert credits == {ANA: -3000, BEN: -2000}
    so_far = entries + as_entries(refund, 200)
    with pytest.raises(Refused, match=re.escape("at most $100.00 was paid by card")):
        corrections.plan_refund(so_far, Method.CARD, 10001, "more", USD)
    assert corrections.refundable(so_far, Method.CASH) == 5000


def test_a_certificate_sale_and_its_balance():
    sale = ledger.plan_sale(10000, [Payment(Method.CASH, 4000), Payment(Method.CARD, 6000)],
                            ZOE, 9, USD)
    assert sum(line.amount for line in sale) == 0
    assert [line.amount for line in sale if line.certificate_id == 9] == [10000]
    with pytest.raises(BadInput, match="not bought with another"):
        ledger.plan_sale(100, [Payment(Method.CERTIFICATE, 100, "X")], None, 9, USD)
    with pytest.raises(Refused):
        ledger.plan_sale(100, [Payment(Method.CASH, 99)], None, 9, USD)


def test_fees_and_waivers():
    assert ledger.plan_fee(0, ZOE, 7, "no-show") == []
    [fee] = ledger.plan_fee(2500, ZOE, 7, "no-show")
    assert (fee.kind, fee.amount, fee.appointment_id) == (Kind.FEE, 2500, 7)
    with pytest.raises(BadInput, match="walk-in"):
        ledger.plan_fee(2500, None, 7, "no-show")
    [waiver] = ledger.plan_waiver(1000, 2500, ZOE, "first time", USD)
    assert waiver.amount == -1000
    with pytest.raises(Refused, match=re.escape("owes $25.00")):
        ledger.plan_waiver(2501, 2500, ZOE, "x", USD)


def test_codes_read_aloud():
    code = gift_codes.new_code([0, 1, 2, 3, 4, 5, 6, 7])
    assert code == "3467-9ACD"
    assert gift_codes.format_code(" 3467 9acd ") == code == gift_codes.format_code("34679acd")
    assert not set(gift_codes.CODE_ALPHABET) & set("0O1IL2Z5S8BUV")
    assert Method.parse("Gift certificate") is Method.CERTIFICATE
    assert Method.parse("cheque") is Method.CHECK


@given(st.lists(st.integers(0, 50000), min_size=1, max_size=4),
       st.integers(0, 100), st.lists(st.integers(0, 5000), min_size=4, max_size=4),
       st.integers(1, 3))
def test_any_checkout_balances_every_client_and_its_void_every_sum(prices, pct, tips, ways):
    visits = [Visit(i + 1, 10 + i % 2, 1 + i, p) for i, p in enumerate(prices)]
    checkout = Checkout(visits, Discount(percent=Decimal(pct), reason="r"),
                        tips={v.therapist_id: t for v, t in zip(visits, tips, strict=False)})
    total = ledger.due(checkout)
    methods = [Method.CASH, Method.CARD, Method.CHECK][:ways]
    payments = [Payment(m, a) for m, a in zip(methods, money.split(total, ways), strict=True)
                if a]
    lines = plan(Checkout(checkout.visits, checkout.discount, checkout.tips, payments))
    for client in (10, 11):
        assert balance(lines, client) == 0
    void = corrections.plan_void(as_entries(lines), "r", voided=False, refunded=False)
    assert sum(line.amount for line in lines + void) == 0
