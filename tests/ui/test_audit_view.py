"""Tools > Audit trail… offscreen, over a real book: the trail newest first, filtered by
appointment, client and staff member, read off the GUI thread; the entry's before and after;
a client the book does not know said in the status line; the list following a change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from frontdesk.services.booking import Bookings
from frontdesk.ui.audit.audit_dialog import ANYONE, AuditDialog
from frontdesk.ui.audit.model import CHANGES, WHAT, WHO
from tests.helpers import NOW, request
from tests.ui.conftest import shown_active


@pytest.fixture
def visits(db, clinic):
    """José's visit booked by ana and moved by ben; Zoë's booked by ben, cancelled by ana."""
    ana = Bookings(db, actor="ana", now=lambda: NOW)
    ben = Bookings(db, actor="ben", now=lambda: NOW)
    first = ana.book(request(clinic, "2026-10-05 10:00", client="José Núñez"))
    second = ben.book(request(clinic, "2026-10-05 13:00", therapist="Ben", room="Willow",
                              client="Zoë Brontë"))
    ben.move(first.id, first.start.replace(hour=19))  # 15:00 at the clinic
    ana.cancel(second.id, "flu")
    return first, second


@pytest.fixture
def dialog(qtbot, door, visits):
    d = shown_active(qtbot, AuditDialog(door))
    qtbot.waitUntil(lambda: d.found is not None)
    return d


def _shown(dialog) -> list[tuple[str, str, str]]:
    m = dialog.model
    return [(m.index(r, WHO).data(), m.index(r, WHAT).data(), m.index(r, 4).data())
            for r in range(m.rowCount())]


def _search(qtbot, dialog) -> None:
    before = dialog.found
    dialog.find()
    qtbot.waitUntil(lambda: dialog.found is not before)


def test_the_whole_trail_newest_first(qtbot, qtmodeltester, dialog, visits):
    qtmodeltester.check(dialog.model)
    _first, second = visits
    shown = _shown(dialog)
    assert shown[0] == ("ana", "status:cancelled", f"appointment #{second.id}")
    assert ("ben", "book", f"appointment #{second.id}") in shown
    assert dialog.model.index(0, CHANGES).data().startswith("status: booked → cancelled")
    ids = [dialog.model.index(r, 0).data(Qt.ItemDataRole.UserRole)
           for r in range(dialog.model.rowCount())]
    assert ids == sorted(ids, reverse=True)
    assert dialog.table.currentIndex().row() == 0  # the newest, with its details
    assert "cancel_reason" in dialog.details.toPlainText()
    assert "flu" in dialog.details.toPlainText()
    assert dialog.status.text().endswith("entries.")


def test_filtered_by_appointment_client_and_staff(qtbot, qtmodeltester, dialog, visits,
                                                  clinic):
    qtmodeltester.check(dialog.model)
    first, second = visits
    dialog.appointment.setText(f"#{first.id}")
    _search(qtbot, dialog)
    assert {about for _w, _a, about in _shown(dialog)} == {f"appointment #{first.id}"}
    dialog.appointment.clear()
    dialog.client.setText("Zoë")
    _search(qtbot, dialog)
    assert {(who, what) for who, what, _ in _shown(dialog)} >= {
        ("ben", "book"), ("ana", "status:cancelled")}
    assert all(about != f"appointment #{first.id}" for _w, _a, about in _shown(dialog))
    assert f"about #{clinic['Zoë Brontë']} Zoë Brontë" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.staff.count() > 1)  # the names read off the GUI thread
    dialog.staff.setCurrentText("ana")
    _search(qtbot, dialog)
    assert _shown(dialog) == [("ana", "status:cancelled", f"appointment #{second.id}")]
    dialog.clear()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 1)
    assert dialog.staff.currentText() == ANYONE
    qtmodeltester.check(dialog.model)


def test_an_unknown_client_is_said_and_the_list_kept(qtbot, dialog):
    rows = dialog.model.rowCount()
    dialog.client.setText("Nobody Known")
    dialog.find()
    qtbot.waitUntil(lambda: "no client matches" in dialog.status.text())
    assert dialog.model.rowCount() == rows
    dialog.appointment.setText("twelve")
    dialog.find()
    assert "is no appointment number" in dialog.status.text()


def test_a_change_made_elsewhere_shows(qtbot, dialog, db, clinic):
    top = dialog.model.index(0, 0).data()
    Bookings(db, actor="cleo", now=lambda: NOW).book(
        request(clinic, "2026-10-06 10:00", client="李小龍"))
    dialog.door.watcher.poll()  # as its timer does, every second in the window
    qtbot.waitUntil(lambda: dialog.model.index(0, 0).data() != top, timeout=10_000)
    assert _shown(dialog)[0][:2] == ("cleo", "book")


def test_opened_from_the_tools_menu_at_1366x768(qtbot, window, tmp_path, visits):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    assert [a.text() for a in menu.actions()] == ["&Audit trail…", "&Backups…",
                                                   "&Web bookings to resolve…", "&Reports…"]
    menu.actions()[0].trigger()
    dialog = window.audit_dialog
    qtbot.waitUntil(lambda: dialog.found is not None and dialog.model.rowCount() > 0)
    assert dialog.isVisible()
    screen = dialog.screen().availableGeometry()
    assert screen.contains(dialog.frameGeometry())
    assert dialog.grab().save(str(tmp_path / "audit.png"))
