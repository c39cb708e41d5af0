"""Closing the day on a real book (SQLite, and PostgreSQL on that run): the sheet's totals
worked out by hand from the checkouts made, read back from the CSV and the PDF; a close
changes no entry, a later void is shown after it, and closing again covers it."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Method, Payment
from frontdesk.domain.status import Status
from frontdesk.export import close_sheet
from frontdesk.services import day_close
from frontdesk.services.booking import Bookings
from frontdesk.services.certificates import Certificates
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from frontdesk.services.fees import Fees
from tests.helpers import local, request

DAY = "2026-10-02"
THE_DAY = date(2026, 10, 2)
EVENING = local(f"{DAY} 18:00")


@pytest.fixture
def day(db, clinic, bookings):
    """A day: José (Ana, $110) paid $100 card + $25 cash with a $15 tip; Zoë (Ben, $110)
    paid with a $50 certificate and $60 cash; Lena's visit completed, not paid; a no-show
    with a $40 fee; a late cancellation waived of its fee; a visit cancelled. Returns
    {name: appointment id}."""
    def book(at, therapist, client, room, service="Deep Tissue 60"):
        return bookings.book(request(clinic, f"{DAY} {at}", service, therapist=therapist,
                                     client=client, room=room))

    ids = {}
    for name, at, therapist, room in (("José Núñez", "10:00", "Ana", "Cedar"),
                                      ("Zoë Brontë", "10:00", "Ben", "Willow"),
                                      ("李小龍", "13:00", "Ana", "Cedar")):
        view = book(at, therapist, name, room)
        after = Bookings(db, "tester", now=lambda v=view: v.end + timedelta(minutes=5))
        after.set_status(view.id, Status.ARRIVED)
        after.set_status(view.id, Status.COMPLETED)
        ids[name] = view.id
    missed = book("14:00", "Ben", "李小龍", "Willow")
    late = book("15:30", "Ana", "José Núñez", "Cedar")
    gone = book("16:00", "Ben", "Zoë Brontë", "Willow")
    at_four = lambda: local(f"{DAY} 14:30")  # noqa: E731
    Fees(db, "Rosa", now=at_four).mark(missed.id, Status.NO_SHOW, fee=4000)
    Fees(db, "Rosa", now=at_four).mark(late.id, Status.LATE_CANCEL, reason="flu", fee=0)
    Bookings(db, "Rosa", now=at_four).cancel(gone.id, "moved away")
    desk = Checkouts(db, "Rosa", now=lambda: local(f"{DAY} 16:00"))
    desk.checkout(CheckoutRequest([ids["José Núñez"]],
                                  [Payment(Method.CARD, 10000), Payment(Method.CASH, 2500)],
                                  tips={clinic["Ana"]: 1500}))
    cert, _ = Certificates(db, "Rosa", now=lambda: local(f"{DAY} 09:00")).sell(
        5000, [Payment(Method.CARD, 5000)], buyer_id=clinic["Zoë Brontë"])
    desk.checkout(CheckoutRequest([ids["Zoë Brontë"]],
                                  [Payment(Method.CERTIFICATE, 5000, cert.code),
                                   Payment(Method.CASH, 6000)], collect_owed=False))
    ids |= {"missed": missed.id, "late": late.id}
    return ids


def test_the_sheet_adds_up_as_worked_out_by_hand(db, clinic, day):
    with db.read() as s:
        sheet = day_close.gather(s, THE_DAY)
    by = {t.method: t for t in sheet.takings}
    assert (by[Method.CARD].payments, by[Method.CARD].net) == (2, 10000 + 5000)
    assert (by[Method.CASH].payments, by[Method.CASH].net) == (2, 2500 + 6000)
    assert by[Method.CERTIFICATE].net == 5000 and by[Method.CHECK].net == 0
    assert sheet.money_in == 28500  # 125 + 110 + the $50 certificate sold
    assert (sheet.revenue, sheet.tips, sheet.fees, sheet.certificates_sold) == (
        22000, 1500, 4000, 5000)
    assert [(t.therapist, t.completed, t.revenue, t.tips) for t in sheet.therapists] == [
        ("Ana", 2, 11000, 1500), ("Ben", 1, 11000, 0)]
    assert [v.appointment_id for v in sheet.unpaid] == [day["李小龍"]]
    assert [(v.appointment_id, v.status, v.fee) for v in sheet.missed] == [
        (day["missed"], Status.NO_SHOW, 4000), (day["late"], Status.LATE_CANCEL, 0)]
    assert sheet.counts[Status.COMPLETED] == 3 and sheet.counts[Status.CANCELLED] == 1
    assert sheet.closed is None and sheet.late == ()


def test_the_csv_and_the_pdf_read_back(db, day, tmp_path):
    sheet, wrote = day_close.close(db, THE_DAY, actor="Rosa", now=lambda: EVENING)
    assert wrote
    close_sheet.write(sheet, "csv", tmp_path / "close.csv")
    with open(tmp_path / "close.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    got = {(r["section"], r["item"]): r for r in rows}
    assert got["takings", "card"]["amount"] == "150.00"
    assert got["takings", "cash"]["count"] == "2" and got["takings", "cash"]["amount"] == "85.00"
    assert got["totals", "money in"]["amount"] == "285.00"
    assert got["tips", "Ana"]["amount"] == "15.00" and got["revenue", "Ana"]["count"] == "2"
    assert [r["detail"] for r in rows if r["section"] == "unpaid"] == [
        f"#{day['李小龍']}"]
    assert got["close", "state"]["detail"].startswith("Closed Fri 2 Oct 18:00 by Rosa")
    pages = close_sheet.write(sheet, "pdf", tmp_path / "close.pdf", paper="Letter")
    assert pages >= 1
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "close.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Closed Fri 2 Oct 18:00 by Rosa" in text
    total = next(line for line in text.splitlines() if line.strip().startswith("Total"))
    assert total.split()[-1] == "$285.00"
    assert "李小龍" in text and "no-show" in text and "$40.00" in text


def test_closing_changes_nothing_and_a_later_void_is_shown_after_it(db, day):
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(m.LedgerEntry))
    first, wrote = day_close.close(db, THE_DAY, actor="Rosa", now=lambda: EVENING)
    assert wrote and first.closed is not None
    again, wrote = day_close.close(db, THE_DAY, actor="Rosa", now=lambda: EVENING)
    assert not wrote and len(again.closes) == 1
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.LedgerEntry)) == before
        receipt_no = s.scalar(select(m.Checkout.id).where(m.Checkout.kind == "checkout")
                              .order_by(m.Checkout.id))
    nextday = local("2026-10-03 09:30")
    Checkouts(db, "Max", now=lambda: nextday).void(receipt_no, "card charged twice")
    with db.read() as s:
        sheet = day_close.gather(s, THE_DAY)
    assert sheet.money_in == first.money_in  # the void is the next day's money
    assert [(g.reverses, g.actor, g.money_in) for g in sheet.late] == [
        (receipt_no, "Max", -12500)]
    out = io.StringIO()
    close_sheet.write_csv(sheet, out)
    late = [r for r in csv.DictReader(io.StringIO(out.getvalue()))
            if r["section"] == "after_close"]
    assert [(r["item"].endswith(f" of #{receipt_no}"), r["amount"]) for r in late] == [
        (True, "-125.00")]
    with db.read() as s:
        following = day_close.gather(s, date(2026, 10, 3))
    assert following.money_in == -12500
    back = {t.method: (t.payments, t.taken, t.returned) for t in following.takings}
    assert back[Method.CARD] == (0, 0, 10000) and back[Method.CASH] == (0, 0, 2500)


def test_a_day_to_come_is_not_closed(db, day):
    with pytest.raises(BadInput, match="has not come yet"):
        day_close.close(db, THE_DAY + timedelta(days=1), actor="Rosa", now=lambda: EVENING)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.DayClose)) == 0
