"""The Checkout dialog, driven by keys offscreen: P on a completed visit, a tip, a split
payment with a gift certificate looked up, what is left to pay, the receipt, undo (a void)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.domain.ledger import Method, Payment, PayState
from frontdesk.domain.status import Status
from frontdesk.services.booking import Bookings
from frontdesk.services.certificates import Certificates
from frontdesk.services.checkout import CheckoutRequest, Checkouts, refundable_in
from tests.helpers import local
from tests.ui.conftest import open_window

EVENING = local("2026-10-05 17:00")


@pytest.fixture
def desk_window(qtbot, db, clinic, book):
    """The window at 17:00 on Monday 2026-10-05 with Zoë's Deep Tissue 60 ($110) with Ana
    at 10:00 completed and selected."""

    appt = book("2026-10-05 10:00", "Deep Tissue 60", client="Zoë Brontë")
    after = Bookings(db, "t", now=lambda: appt.end + timedelta(minutes=5))
    after.set_status(appt.id, Status.ARRIVED)
    after.set_status(appt.id, Status.COMPLETED)
    w = open_window(qtbot, db, lambda: EVENING)
    w.day_view.select(appt.id)
    w.day_view.setFocus()
    return w, appt


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_p_checks_a_visit_out_with_a_tip_and_a_split_payment(qtbot, db, desk_window,
                                                             tmp_path):
    window, appt = desk_window
    assert "Payment\nunpaid" in window.details.toPlainText()
    assert window.day_view.painter.unpaid == {appt.id}  # said on the block too
    cert, _ = Certificates(db, "t", now=lambda: EVENING).sell(
        5000, [Payment(Method.CASH, 5000)])
    qtbot.keyClick(window.day_view, Qt.Key.Key_P)
    dialog = window.checkout.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.due_label.text() == "$110.00"
    [tip] = dialog.tips.values()
    type_into(qtbot, tip, "15")
    assert dialog.due_label.text() == "$125.00" and dialog.left_label.text() == "$125.00"
    type_into(qtbot, dialog.code, cert.code.lower())
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.code_info.text() == f"{cert.code}: $50.00 left (no expiry)"
    type_into(qtbot, dialog.amounts[Method.CERTIFICATE], "50")
    type_into(qtbot, dialog.amounts[Method.CARD], "70")
    assert dialog.left_label.text() == "$5.00"
    qtbot.keyClick(dialog.amounts[Method.CARD], Qt.Key.Key_Return)  # $5.00 short: refused
    assert "$5.00 short" in dialog.errors.text()
    assert dialog.pages.currentIndex() == 0
    type_into(qtbot, dialog.amounts[Method.CARD], "75")
    assert dialog.left_label.text() == "$0.00"
    qtbot.keyClick(dialog.amounts[Method.CARD], Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1 and dialog.receipt is not None
    shown = dialog.receipt_view.toPlainText()
    assert "Tip for Ana" in shown and "$125.00" in shown and "Gift certificate" in shown
    desk = Checkouts(db)
    assert desk.states([appt.id]) == {appt.id: PayState.PAID}
    pdf = tmp_path / "receipt.pdf"
    dialog.save_pdf(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert f"Receipt #{dialog.receipt.number}" in text and "$75.00" in text
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Close
    assert not dialog.isVisible()
    number = dialog.receipt.number
    assert f"paid (receipt #{number})" in window.details.toPlainText()
    assert window.day_view.painter.unpaid == frozenset()
    window.act_undo.trigger()  # undo is a void: the visit is unpaid again, the money back
    assert desk.states([appt.id]) == {appt.id: PayState.UNPAID}
    assert "unpaid" in window.details.toPlainText()
    assert Certificates(db, now=lambda: EVENING).look_up(cert.code).balance == 5000
    window.act_redo.trigger()
    assert desk.states([appt.id]) == {appt.id: PayState.PAID}


def test_p_on_a_visit_still_to_come_says_why_and_opens_nothing(qtbot, db, desk_window, book):
    window, _ = desk_window
    later = book("2026-10-05 16:00", client="José Núñez")
    window.book.reload()
    window.day_view.select(later.id)
    qtbot.keyClick(window.day_view, Qt.Key.Key_P)
    assert window.checkout.dialog is None
    assert "only a visit the client came to" in window.statusBar().currentMessage()


def test_a_no_show_offers_the_clinic_fee_to_keep_or_change(qtbot, db, clinic, book):
    from frontdesk.ui.checkout.fee_prompt import FeeDialog
    from tests.ui.conftest import when_up

    with db.write() as s:
        from frontdesk.db import models as m

        s.get(m.Clinic, 1).no_show_fee_cents = 2500
    missed = book("2026-10-05 10:00", client="Zoë Brontë")
    late = local("2026-10-05 10:20")  # not come 20 minutes in: a no-show, still undoable
    w = open_window(qtbot, db, lambda: late)
    w.day_view.select(missed.id)
    asked = []

    def answer(dialog: FeeDialog) -> None:
        asked.append((dialog.edit.text(), dialog.findChild(type(dialog.edit)) is not None))
        dialog.edit.setText("20")
        dialog.accept()

    when_up(lambda: d if isinstance(d := QApplication.activeModalWidget(), FeeDialog)
            else None, answer)
    w.editing.set_status(Status.NO_SHOW)
    assert asked == [("25.00", True)]
    jose_or_zoe = clinic["Zoë Brontë"]
    assert Checkouts(db).owed([jose_or_zoe]) == {jose_or_zoe: 2000}
    assert "fee $20.00" in w.details.toPlainText()
    failures = []
    w.door.ops.failed.connect(lambda what, error: failures.append(f"{what}: {error}"))
    w.act_undo.trigger()  # the status goes back and the fee is voided with it
    assert failures == []
    assert Checkouts(db).owed([jose_or_zoe]) == {}
    assert Checkouts(db).states([missed.id]) == {missed.id: PayState.NONE}
    w.act_redo.trigger()
    assert Checkouts(db).owed([jose_or_zoe]) == {jose_or_zoe: 2000}


def test_a_bad_tip_is_named_as_the_desk_sees_it_and_an_expired_certificate_pays_nothing(
        qtbot, db, desk_window):
    from datetime import date

    from frontdesk.ui.widgets.forms import ERROR_STYLE

    window, _ = desk_window
    old, _ = Certificates(db, "t", now=lambda: local("2026-09-01 10:00")).sell(
        5000, [Payment(Method.CASH, 5000)], expires=date(2026, 9, 30))
    qtbot.keyClick(window.day_view, Qt.Key.Key_P)
    dialog = window.checkout.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    [tip] = dialog.tips.values()
    type_into(qtbot, tip, "12,5")
    assert "tip for Ana: '12,5' is not an amount" in dialog.errors.text(next(iter(
        f"tip{t}" for t in dialog.tips)))
    assert dialog.left_label.text() == "—"
    type_into(qtbot, dialog.code, old.code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.code_info.text() == (f"{old.code} expired on Wed 30 Sep 2026: it pays for "
                                       "nothing ($50.00 unused)")
    assert dialog.code_info.styleSheet() == ERROR_STYLE
    dialog.reject()


def test_refund_gives_back_part_of_a_checkout_with_its_reason(qtbot, db, desk_window):
    window, appt = desk_window
    window.checkout.act_refund.trigger()  # not checked out yet: said, nothing opened
    assert window.checkout.refund_dialog is None
    assert "was not checked out" in window.statusBar().currentMessage()
    paid = Checkouts(db, "t", now=lambda: EVENING).checkout(CheckoutRequest(
        [appt.id], [Payment(Method.CARD, 8000), Payment(Method.CASH, 3000)]))
    window.checkout.act_refund.trigger()
    dialog = window.checkout.refund_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.method.itemText(i) for i in range(dialog.method.count())] == [
        "Card (up to $80.00)", "Cash (up to $30.00)"]
    assert dialog.amount.text() == "80.00"  # all of it by card, unless changed
    type_into(qtbot, dialog.amount, "20")
    dialog.ok.click()
    assert "needs a reason" in dialog.errors.text("reason")
    type_into(qtbot, dialog.reason, "oil allergy")
    dialog.ok.click()
    assert dialog.pages.currentIndex() == 1
    assert "Refund, card" in dialog.receipt_page.view.toPlainText()
    left = Checkouts(db, "t", now=lambda: EVENING)
    with db.read() as s:
        assert refundable_in(s, appt.id).by_method == {Method.CARD: 6000, Method.CASH: 3000}
    assert left.states([appt.id])[appt.id] is PayState.PAID  # a refund of part: still paid
    assert paid.number != dialog.receipt_page.receipt.number
