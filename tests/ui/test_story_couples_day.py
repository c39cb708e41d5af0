"""Issue 16's day, through the real window: a receptionist books a couples massage, checks
both clients out together with a tip each and a gift certificate, and closes the day; the
owner opens a year of utilisation and no-shows as charts. After each step the book is read
back (the pair, the ledger, the day's close), not only the screen."""

from __future__ import annotations

import csv
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from frontdesk.db import models as m
from frontdesk.domain.ledger import Method, Payment, PayState
from frontdesk.domain.status import Status
from frontdesk.services import schedule
from frontdesk.services.certificates import Certificates
from frontdesk.services.checkout import Checkouts
from tests.helpers import local
from tests.services.test_couples import add_couples, pair
from tests.ui.conftest import MONDAY, open_window, when_up
from tests.ui.test_checkout_window import type_into


def test_a_couples_massage_from_booking_to_the_close_and_the_owners_charts(
        qtbot, db, clinic, tmp_path):
    from frontdesk.ui import tools_menu

    add_couples(db, clinic)
    with db.write() as s:
        s.get(m.Service, clinic["Couples 60"]).price_cents = 12000
    clock = {"now": local("2026-10-05 08:30")}
    window = open_window(qtbot, db, lambda: clock["now"], actor="Rosa")

    # 08:30: the couple calls; both visits are booked together in the couples room.
    first = window.door.ops.book(pair(clinic))
    couple = [first, *window.door.read(schedule.partners, [first])[first.id]]
    assert {(v.therapist, v.client, v.room) for v in couple} == {
        ("Ana", "José Núñez", "Oak"), ("Ben", "Zoë Brontë", "Oak")}
    qtbot.waitUntil(lambda: first.id in {r.id for r in window.book.rows})

    # They come, and are done by 11:05.
    for status in (Status.ARRIVED, Status.COMPLETED):
        clock["now"] = local("2026-10-05 11:05") if status == Status.COMPLETED else \
            local("2026-10-05 09:58")
        for v in couple:
            window.door.ops.set_status_by_id(v.id, status)
    window.book.reload()
    cert, _ = Certificates(db, "Rosa", now=lambda: clock["now"]).sell(
        10000, [Payment(Method.CASH, 10000)])

    # P on José's visit: they pay together, a $20 tip each, the $100 certificate and card.
    window.day_view.select(first.id)
    window.day_view.setFocus()
    asked: list[str] = []
    _answer_together(asked)
    qtbot.keyClick(window.day_view, Qt.Key.Key_P)
    dialog = window.checkout.dialog
    assert dialog is not None and "as a couple" in asked[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.due_label.text() == "$240.00"
    for tip in dialog.tips.values():
        type_into(qtbot, tip, "20")
    assert dialog.due_label.text() == "$280.00"
    type_into(qtbot, dialog.code, cert.code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    type_into(qtbot, dialog.amounts[Method.CERTIFICATE], "100")
    type_into(qtbot, dialog.amounts[Method.CARD], "180")
    assert dialog.left_label.text() == "$0.00"
    qtbot.keyClick(dialog.amounts[Method.CARD], Qt.Key.Key_Return)
    assert dialog.receipt is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    states = Checkouts(db).states([v.id for v in couple])
    assert set(states.values()) == {PayState.PAID}
    assert Certificates(db).look_up(cert.code).balance == 0

    # 18:00: the desk closes the day and keeps its CSV.
    clock["now"] = local("2026-10-05 18:00")
    window.act_close_day.trigger()
    close = window.close_day_dialog
    qtbot.waitUntil(lambda: close.sheet is not None, timeout=10_000)
    close.close_button.click()
    qtbot.waitUntil(lambda: close.sheet.closed is not None, timeout=10_000)
    saved = close.save("csv", str(tmp_path / "close.csv"))
    with open(saved, encoding="utf-8-sig", newline="") as f:
        rows = {(r["section"], r["item"]): r for r in csv.DictReader(f)}
    assert rows["takings", "card"]["amount"] == "180.00"
    assert rows["takings", "gift certificate"]["amount"] == "100.00"
    assert rows["takings", "cash"]["amount"] == "100.00"  # the certificate sold
    assert rows["tips", "Ana"]["amount"] == rows["tips", "Ben"]["amount"] == "20.00"
    assert rows["takings", "card"]["count"] == "1"  # one checkout, though two visits
    assert not [k for k in rows if k[0] == "unpaid"]
    close.reject()

    # The owner: a year of utilisation and of no-shows, as charts.
    reports = tools_menu.open_reports(window)
    for name in ("utilisation", "no-shows"):
        reports.choose(name, date(2025, 10, 6), MONDAY)
        reports.show_button.click()
        qtbot.waitUntil(lambda: not reports.busy, timeout=10_000)
        assert reports.report is not None and reports.report.name == name
        assert reports.chart_view.chart().series()
        if name == "utilisation":
            booked = {row[1]: row[2] for row in reports.report.cells}
            assert booked["Oak"] == 60 and booked["Ana"] == booked["Ben"] == 60


def _answer_together(asked: list[str]) -> None:
    """Answer "came as a couple: together?" with Together once it is up."""
    def together(box) -> None:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == "Together").click()
    when_up(lambda: box if isinstance(box := QApplication.activeModalWidget(), QMessageBox)
            else None, together)
