"""Clients > Gift certificates…: a certificate sold by keys (its value, how it was paid, for
whom) with its receipt, looked up by the code as a client reads it out, a sale voided with
its reason, a value that cannot be read said at its field, and the dialog greyed for a role
that may not sell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from frontdesk.domain.access import Role, Staff
from frontdesk.domain.ledger import Method, Payment
from frontdesk.services import accounts
from frontdesk.services.certificates import Certificates
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from tests.helpers import NOW
from tests.ui.conftest import when_up

ALT = Qt.KeyboardModifier.AltModifier


def opened(qtbot, window):
    window.act_certificates.trigger()
    dialog = window.certificates_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_certificate_is_sold_by_keys_with_its_receipt_and_listed(qtbot, db, window,
                                                                    tmp_path):
    dialog = opened(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)
    assert dialog.amount.hasFocus()
    qtbot.keyClicks(dialog.amount, "120")
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    qtbot.keyClicks(dialog.recipient, "Mum")
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)  # a mnemonic clicks as if animated
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    [cert] = Certificates(db, now=lambda: NOW).all()
    assert (cert.amount, cert.balance, cert.recipient) == (12000, 12000, "Mum")
    assert f"Gift certificate {cert.code}" in dialog.receipt_page.view.toPlainText()
    dialog.receipt_page.save_pdf(tmp_path / "sale.pdf")
    assert (tmp_path / "sale.pdf").read_bytes().startswith(b"%PDF")
    qtbot.keyClick(dialog.receipt_page.close_button, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 0
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1)
    assert dialog.list.topLevelItem(0).text(0) == cert.code
    assert dialog.list.topLevelItem(0).text(3) == "$120.00"


def test_a_value_that_cannot_be_read_is_said_at_its_field_and_nothing_is_sold(qtbot, db,
                                                                               window):
    dialog = opened(qtbot, window)
    qtbot.keyClicks(dialog.amount, "twelve")
    dialog.sell_button.click()
    assert "the value" in dialog.errors.text("amount")
    assert Certificates(db, now=lambda: NOW).all() == []


def test_a_code_read_out_is_looked_up_and_an_unused_sale_is_voided(qtbot, db, window,
                                                                    book):
    desk = Certificates(db, "t", now=lambda: NOW)
    used, _ = desk.sell(5000, [Payment(Method.CASH, 5000)], recipient="Sam")
    fresh, _ = desk.sell(8000, [Payment(Method.CARD, 8000)])
    visit = book("2026-10-05 09:00", "Deep Tissue 60", client="Zoë Brontë")
    from datetime import timedelta

    from frontdesk.domain.status import Status
    from frontdesk.services.booking import Bookings
    later = Bookings(db, "t", now=lambda: visit.end + timedelta(minutes=5))
    later.set_status(visit.id, Status.ARRIVED)
    later.set_status(visit.id, Status.COMPLETED)
    Checkouts(db, "t", now=lambda: visit.end + timedelta(minutes=5)).checkout(
        CheckoutRequest([visit.id], [Payment(Method.CERTIFICATE, 5000, used.code),
                                     Payment(Method.CASH, 6000)]))
    dialog = opened(qtbot, window)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2)
    qtbot.keyClicks(dialog.code, used.code.lower().replace("-", " "))
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert "$0.00 left of $50.00" in dialog.found.text()
    assert dialog.list.currentItem().text(0) == used.code
    assert not dialog.void_button.isEnabled()  # it paid for a visit: refund that instead
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, fresh.code)
    dialog.look_up()
    assert dialog.void_button.isEnabled()

    def answer(box: QInputDialog) -> None:
        box.setTextValue("sold by mistake")
        box.accept()
    when_up(lambda: d if isinstance(d := QApplication.activeModalWidget(), QInputDialog)
            else None, answer)
    dialog.void_button.click()
    assert dialog.pages.currentIndex() == 1
    assert Certificates(db, now=lambda: NOW).look_up(fresh.code).balance == 0
    qtbot.keyClick(dialog.receipt_page.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2
                    and dialog.list.topLevelItem(0).text(3) == "$0.00")


def test_a_therapist_may_not_sell_certificates(qtbot, db, clinic):
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow

    accounts.add(db, "Maria", Role.MANAGER, "manager-pw-1")
    db.staff = Staff("Maria", Role.MANAGER)
    accounts.add(db, "Ana", Role.THERAPIST, "therapist-pw-1", therapist_id=clinic["Ana"])
    accounts.sign_in(db, "Ana", "therapist-pw-1")
    window = MainWindow(Door(db, actor="Ana", now=lambda: NOW, watch_ms=60_000))
    qtbot.addWidget(window)
    window.show()
    assert not window.act_certificates.isEnabled()
    assert "may not check visits out, sell gift certificates" in \
        window.act_certificates.toolTip()
    window.close()
