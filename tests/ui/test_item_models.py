"""Every item model the window defines keeps Qt's model contract (pytest-qt's qtmodeltester,
Qt's own QAbstractItemModelTester), checked on the test clinic's data while the real widget
fills and refills it. A broken index, row count, role or reset would mislead the views and
the screen reader in ways no screenshot shows."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from frontdesk.services import admin
from frontdesk.services.clients import new_client
from frontdesk.ui.clients.clients_window import ClientsWindow
from frontdesk.ui.core.door import Door
from frontdesk.ui.setup import SetupDialog
from tests.helpers import NOW

ID_ROLE = Qt.ItemDataRole.UserRole


@pytest.fixture
def clients_window(qtbot, db, clinic):
    widget = ClientsWindow(Door(db, actor="tester", now=lambda: NOW))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.door.wait()


@pytest.fixture
def setup_dialog(qtbot, db, clinic):
    admin.add_time_off(db, clinic["Ana"], datetime(2026, 11, 2, 9), datetime(2026, 11, 6, 18),
                       "Course")
    admin.add_time_off(db, clinic["Ana"], datetime(2026, 12, 24), datetime(2026, 12, 27))
    dialog = SetupDialog(Door(db, actor="owner"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_client_search_results(qtbot, qtmodeltester, clients_window, db, clinic):
    with db.write() as s:  # a second "Zo…", so a search finds two
        zoltan = new_client(s, "Zoltán Kovács", phone="+1 917 555 0199", at=NOW)
        s.flush()
        ids = clinic.ids | {zoltan.name: zoltan.id}
    model = clients_window.results_model
    qtmodeltester.check(model)  # and again at every change below
    for text, names in (("zo", {"Zoë Brontë", "Zoltán Kovács"}), ("0101", {"José Núñez"}),
                        ("zoe", {"Zoë Brontë"})):
        clients_window.search.clear()
        qtbot.keyClicks(clients_window.search, text)
        qtbot.waitUntil(lambda names=names: {c.name for c in model.rows} == names)
        shown = {model.index(row).data(ID_ROLE) for row in range(model.rowCount())}
        assert shown == {ids[name] for name in names}
    qtmodeltester.check(model)


def test_a_clients_history(qtbot, qtmodeltester, clients_window, bookings, book, clinic):
    kept = book("2026-10-05 10:00")
    gone = book("2026-10-06 10:00", "Deep Tissue 60")
    bookings.cancel(gone.id, "moved away")
    model = clients_window.history_model
    qtmodeltester.check(model)
    clients_window.open_client(clinic["José Núñez"])
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert [model.index(row, 0).data(ID_ROLE) for row in range(2)] == [gone.id, kept.id]
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    clients_window.open_client(clinic["李小龍"])  # no visits: the model empties
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    qtmodeltester.check(model)


def test_the_set_up_lists_of_therapists_rooms_and_services(qtmodeltester, setup_dialog):
    for page, inactive in ((setup_dialog.therapists, "Cleo"), (setup_dialog.rooms, "Birch"),
                           (setup_dialog.services, None)):
        model = page.model
        qtmodeltester.check(model)
        assert model.rowCount() == len(model.rows) >= 3
        shown = [model.index(row).data() for row in range(model.rowCount())]
        assert (f"{inactive}  (inactive)" in shown) if inactive else shown
        setup_dialog.reload()  # a refill, as after a save elsewhere, watched by the tester
        qtmodeltester.check(model)


def test_a_therapists_time_off(qtbot, qtmodeltester, setup_dialog, clinic):
    page = setup_dialog.therapists
    model = page.off_model
    qtmodeltester.check(model)
    page.list.setCurrentIndex(page.model.index(page.model.position(clinic["Ana"])))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert "Course" in model.index(0).data()
    page.list.setCurrentIndex(page.model.index(page.model.position(clinic["Ben"])))
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    qtmodeltester.check(model)


def test_the_audit_trail(qtbot, qtmodeltester, db, clinic, book, bookings):
    from frontdesk.ui.audit.audit_dialog import AuditDialog

    visit = book("2026-10-05 10:00")
    bookings.cancel(visit.id, "moved away")
    dialog = AuditDialog(Door(db, actor="tester", now=lambda: NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.rowCount() > 2)
    dialog.appointment.setText(str(visit.id))
    dialog.find()
    qtbot.waitUntil(lambda: model.rowCount() == 2)  # booked, cancelled
    assert [model.index(r, 0).data(ID_ROLE) for r in range(2)] == sorted(
        (model.index(r, 0).data(ID_ROLE) for r in range(2)), reverse=True)
    qtmodeltester.check(model)
    dialog.door.wait()
