"""File > Close the day…: the day's sheet read off the GUI thread, the close recorded from
the dialog, and the sheet saved as CSV and PDF from it (read back)."""

from __future__ import annotations

import csv
import subprocess
from datetime import timedelta

from PySide6.QtCore import QDate

from frontdesk.domain.ledger import Method, Payment
from frontdesk.domain.status import Status
from frontdesk.services.booking import Bookings
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from tests.helpers import local, request


def _paid_visit(db, clinic) -> int:
    """A Swedish 60 on Wed 30 Sep with Ana, completed and paid $100 card with a $20 tip."""
    view = Bookings(db, "tester", now=lambda: local("2026-09-29 09:00")).book(
        request(clinic, "2026-09-30 10:00"))
    after = Bookings(db, "tester", now=lambda: view.end + timedelta(minutes=5))
    after.set_status(view.id, Status.ARRIVED)
    after.set_status(view.id, Status.COMPLETED)
    due = Checkouts(db).quote([view.id]).price
    Checkouts(db, "Rosa", now=lambda: local("2026-09-30 16:00")).checkout(CheckoutRequest(
        [view.id], [Payment(Method.CARD, due + 2000)], tips={clinic["Ana"]: 2000}))
    return due


def test_the_desk_closes_a_day_and_saves_its_sheet(qtbot, window, db, clinic, tmp_path):
    due = _paid_visit(db, clinic)
    window.act_close_day.trigger()
    dialog = window.close_day_dialog
    qtbot.waitUntil(lambda: dialog.sheet is not None, timeout=10_000)
    assert dialog.sheet.day.isoformat() == "2026-10-01"  # today first
    assert dialog.state.text() == "Not closed yet"
    dialog.day.setDate(QDate(2026, 9, 30))
    qtbot.waitUntil(lambda: dialog.sheet.day.isoformat() == "2026-09-30", timeout=10_000)
    text = dialog.view.toPlainText()
    assert f"${(due + 2000) / 100:,.2f}" in text and "Ana" in text
    dialog.close_button.click()
    qtbot.waitUntil(lambda: dialog.sheet.closed is not None, timeout=10_000)
    assert dialog.state.text().startswith("Closed Thu 1 Oct 08:00 by tester")
    saved = dialog.save("csv", str(tmp_path / "close.csv"))
    with open(saved, encoding="utf-8-sig", newline="") as f:
        rows = {(r["section"], r["item"]): r for r in csv.DictReader(f)}
    assert rows["takings", "card"]["amount"] == f"{(due + 2000) / 100:.2f}"
    assert rows["tips", "Ana"]["amount"] == "20.00"
    pdf = dialog.save("pdf", str(tmp_path / "close.pdf"))
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "Closed Thu 1 Oct 08:00 by tester" in out
    preview = dialog.print_sheet()
    assert preview is not None
    preview.close()
    dialog.close_button.click()  # again: nothing written since
    qtbot.waitUntil(lambda: "nothing written since" in dialog.state.text(), timeout=10_000)
