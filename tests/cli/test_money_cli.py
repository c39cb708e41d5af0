"""The money commands (checkout, receipt, void, refund, gift, fee, money) as a desk runs them,
and two desks (real processes) redeeming one gift certificate at once."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.domain.status import Status
from frontdesk.services.booking import Bookings
from frontdesk.services.checkout import Checkouts
from tests.cli.conftest import query
from tests.cli.together import together
from tests.helpers import NOW, request

LATER = {"FRONTDESK_NOW": "2026-10-02T21:00:00+00:00"}  # 17:00 in New York


@pytest.fixture
def visits(standard_db):
    """``visits(n)``: n more Deep Tissue 60 ($110.00) visits on 2026-10-02, completed (or
    only booked): José Núñez with Ana in Cedar and Zoë Brontë with Ben in Willow at 10:00,
    then the same at 13:00 and 15:00; their numbers."""
    db = open_database(standard_db.url)
    made = [0]

    def make(n: int, *, done=True) -> list[int]:
        ids = []
        for _ in range(n):
            i, made[0] = made[0], made[0] + 1
            view = Bookings(db, "t", now=lambda: NOW).book(request(
                standard_db, f"2026-10-02 {(10, 13, 15)[i // 2]}:00", "Deep Tissue 60",
                therapist=("Ana", "Ben")[i % 2], room=("Cedar", "Willow")[i % 2],
                client=("José Núñez", "Zoë Brontë")[i % 2]))
            if done:
                later = Bookings(db, "t", now=lambda v=view: v.end + timedelta(minutes=1))
                later.set_status(view.id, Status.ARRIVED)
                later.set_status(view.id, Status.COMPLETED)
            ids.append(view.id)
        return ids

    yield make
    db.close()


def test_checkout_with_a_tip_prints_the_receipt_and_the_visit_is_paid(cli, standard_db,
                                                                     visits):
    [appt] = visits(1)
    out = cli("checkout", appt, "--method", "card", "--tip", "15", env=LATER)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("Receipt #1  2026-10-02 17:00  José Núñez")
    assert [line.split() for line in lines[1:]] == [
        ["Deep", "Tissue", "60", "with", "Ana", "$110.00"], ["Tip", "for", "Ana", "$15.00"],
        ["Total", "$125.00"], ["Card", "$125.00"]]
    again = cli("checkout", appt, "--method", "cash", env=LATER)
    assert "was paid already (receipt #1)" in again.assert_one_line_error(2)
    db = open_database(standard_db.url)
    try:
        assert Checkouts(db).states([appt])[appt].value == "paid"
    finally:
        db.close()


@pytest.mark.parametrize(("args", "code", "says"), [
    (["--method", "card", "--amount", "100"], 3, "$10.00 short"),
    (["--method", "card", "--amount", "12,50"], 2, "is not an amount"),
    (["--method", "card", "--amount", "-5"], 2, "is negative"),
    (["--method", "bitcoin"], 2, "unknown payment method 'bitcoin'"),
    (["--method", "card", "--discount", "10"], 2, "a discount needs a reason"),
    (["--method", "card", "--tip", "Zed=5"], 2, "Zed"),
    ([], 2, "$110.00 is due: say how it was paid"),
    (["--method", "certificate", "--certificate", "NOPE-NOPE"], 2, "no gift certificate"),
])
def test_what_cannot_be_recorded_is_said_in_one_line_and_nothing_written(
        cli, standard_db, visits, args, code, says):
    [appt] = visits(1)
    line = cli("checkout", appt, *args, env=LATER).assert_one_line_error(code)
    assert says in line
    assert query(standard_db.url, "SELECT count(*) FROM ledger_entries") == [(0,)]


def test_a_couple_split_payment_certificate_refund_void_and_a_pdf_receipt(
        cli, standard_db, visits, tmp_path):
    a, b = visits(2)
    sold = cli("gift", "sell", "50", "--method", "cash", "--for", "Zoë", "--json", env=LATER)
    code = sold.json["code"]
    pdf = tmp_path / "receipt.pdf"
    out = cli("checkout", a, b, "--pay", f"certificate:{code}:50", "--method", "card",
              "--tip", "Ana=10", "--tip", "Ben=10", "--discount", "10%", "--reason",
              "anniversary", "--receipt", pdf, "--json", env=LATER)
    assert out.returncode == 0, out.stderr
    receipt = out.json
    assert receipt["total"] == "$218.00"
    assert [p["amount"] for p in receipt["payments"]] == ["$50.00", "$168.00"]
    balance = cli("gift", "balance", code.lower(), env=LATER)
    assert balance.stdout.startswith(f"{code}: $0.00 of $50.00 left")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        for expected in ("Test Clinic", f"Receipt #{receipt['number']}", "Tip for Ana",
                         "Discount (anniversary)", "$218.00", "$168.00"):
            assert expected in text, text
    refund = cli("refund", receipt["number"], "--method", "card", "--amount", "20",
                 "--reason", "oil allergy", env=LATER)
    assert refund.returncode == 0 and "Refund, card" in refund.stdout
    over = cli("refund", receipt["number"], "--method", "card", "--amount", "149",
               "--reason", "x", env=LATER)
    assert "at most $148.00 was paid by card" in over.assert_one_line_error(3)
    voided = cli("void", receipt["number"], "--reason", "wrong", env=LATER)
    assert "refund the rest" in voided.assert_one_line_error(3)


def test_a_no_show_fee_is_owed_then_collected_at_the_next_checkout(cli, standard_db, visits):
    assert cli("money", "--no-show-fee", "25").stdout.startswith(
        "currency USD; no-show fee $25.00")
    [missed] = visits(1, done=False)
    marked = cli("status", missed, "no-show", env=LATER)
    assert marked.returncode == 0, marked.stderr
    assert "fee owed: $25.00" in marked.stdout
    assert cli("fee", "owed", "José Núñez").stdout.startswith("José Núñez (#")
    assert "José Núñez (#" in cli("fee", "owed", "José Núñez").stdout
    assert "owes $25.00" in cli("fee", "owed", "José Núñez").stdout
    later_visit = visits(2)[1]  # José's is the second of the two
    paid = cli("checkout", later_visit, "--method", "cash", "--json", env=LATER)
    assert paid.json["payments"] == [{"label": "Cash", "amount": "$135.00"}]
    assert "owes $0.00" in cli("fee", "owed", "José Núñez").stdout
    waived = cli("cancel", visits(1, done=False)[0], "--late", "--reason", "flu", "--fee",
                 "0", env=LATER)
    assert waived.returncode == 0 and "fee owed" not in waived.stdout


def test_the_currency_cannot_change_once_money_was_recorded(cli, standard_db, visits):
    [appt] = visits(1)
    assert cli("checkout", appt, "--method", "cash", env=LATER).returncode == 0
    line = cli("money", "--currency", "EUR").assert_one_line_error(2)
    assert "recorded payments in USD" in line


@pytest.mark.slow
def test_two_desks_redeeming_one_certificate_at_once_cannot_overspend_it(
        cli, standard_db, visits, cli_env, tmp_path):
    first, second = visits(2)
    code = cli("gift", "sell", "150", "--method", "card", "--json", env=LATER).json["code"]
    env = {**cli_env, **LATER}
    for _ in range(2):  # twice: whichever desk comes first, the other is refused
        results = together(tmp_path, env, [
            ["checkout", str(appt), "--method", "certificate", "--certificate", code]
            for appt in (first, second)])
        everything = "".join(r.stdout + r.stderr for r in results)
        assert "Traceback" not in everything and "database is locked" not in everything
        codes = sorted(r.returncode for r in results)
        if codes == [0, 3]:
            lost = next(r for r in results if r.returncode == 3)
            assert "holds $40.00, not $110.00" in lost.assert_one_line_error(3)
            break
        # Both refused as paid already cannot happen on the first round; on the second
        # round (after a void) the race is run again.
        assert codes == [0, 3], results
    balance = cli("gift", "balance", code, "--json", env=LATER).json
    assert balance["balance"] == "40.00"
