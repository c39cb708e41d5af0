"""From the caller lookup to a moved or cancelled visit in a few keys, through the real window.

José Núñez (+1 212-555-0101) is booked with Ana in Cedar on Tue 20 Oct 10:00. On Thu 1 Oct
(the clock: 08:00 in the clinic) Ana is busy 09:00-10:00 with Zoë in Willow, and Ben holds
Cedar 10:00-11:00: so Ana's first free time is 10:00, and only in Willow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.domain.status import Status
from frontdesk.services import schedule
from frontdesk.services.clients import new_client
from frontdesk.ui.desk.caller_dialog import NEXT
from tests.helpers import NOW, local
from tests.ui.conftest import when_up


def _setup(book):
    visit = book("2026-10-20 10:00")
    book("2026-10-01 09:00", room="Willow", client="Zoë Brontë")
    book("2026-10-01 10:00", therapist="Ben", client="李小龍")
    return visit


def _caller(qtbot, window, digits: str):
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = window.desk.caller_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.search, digits)
    return dialog


def test_four_digits_then_alt_m_and_enter_move_the_next_visit_to_a_free_room(
        qtbot, window, db, clinic, book):
    visit = _setup(book)
    caller = _caller(qtbot, window, "0101")
    assert caller.move_button.isEnabled() and caller.cancel_button.isEnabled()
    qtbot.keyClick(caller.search, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.desk.reschedule_dialog is not None)  # a mnemonic's click
    dialog = window.desk.reschedule_dialog                                # is animated
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.service.text() == "Swedish 60" and dialog.service.isReadOnly()
    assert dialog.therapist.currentData() == clinic["Ana"]
    assert not dialog.walk_in.isVisible()
    qtbot.waitUntil(lambda: dialog.selected() is not None)
    first = dialog.selected()
    assert (first.start, first.room) == (local("2026-10-01 10:00"), "Willow")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # 4 digits + 2 keys
    qtbot.waitUntil(lambda: not dialog.isVisible())
    moved = window.door.read(schedule.appointment, visit.id)
    assert (moved.start, moved.therapist, moved.room, moved.status) == (
        local("2026-10-01 10:00"), "Ana", "Willow", Status.BOOKED)
    assert str(window.book.day) == "2026-10-01" and window.day_view.selected == visit.id
    assert "Moved" in window.statusBar().currentMessage()
    window.door.ops.stack.undo()
    assert window.door.read(schedule.appointment, visit.id).start == local("2026-10-20 10:00")


def test_the_visit_keeps_its_own_time_free_for_itself(qtbot, window, book):
    """Moving within its own hour: the visit does not block itself (José's 10:00 may go to
    10:15 with Ana in Cedar though nothing else is free then)."""
    visit = book("2026-10-01 10:00", therapist="Ana", room="Cedar")
    caller = _caller(qtbot, window, "0101")
    caller.move_next()
    dialog = window.desk.reschedule_dialog
    dialog.earliest.setDateTime(dialog.earliest.dateTime().addSecs(2 * 3600 + 15 * 60))
    qtbot.waitUntil(lambda: dialog.selected() is not None and not dialog.searching)
    assert (dialog.selected().start, dialog.selected().room) == (local("2026-10-01 10:15"),
                                                                   "Cedar")
    dialog.book_selected()
    assert window.door.read(schedule.appointment, visit.id).start == local("2026-10-01 10:15")


def test_alt_n_cancels_the_next_visit_with_a_reason(qtbot, window, book):
    visit = _setup(book)
    caller = _caller(qtbot, window, "0101")

    def fill(dialog):
        dialog.reason.setEditText("has the flu")
        dialog.accept()
    # The button's mnemonic click comes a moment after the key.
    when_up(lambda: d if (d := window.editing.reason_dialog) is not None and d.isVisible()
            else None, fill)
    qtbot.keyClick(caller.search, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.door.read(schedule.appointment, visit.id).status
                    == Status.CANCELLED)
    assert window.door.read(schedule.appointment, visit.id).cancel_reason == "has the flu"


def test_the_caller_card_follows_a_change_made_elsewhere(qtbot, window, db, book):
    with db.write() as s:
        zamora = new_client(s, "José Zamora", phone="212 555 0177", at=NOW).id
    visit = book("2026-10-20 10:00")
    other = book("2026-10-21 10:00", client=zamora)
    caller = _caller(qtbot, window, "Jos")
    zoe = next(n for n, c in enumerate(caller.cards) if c.name == "José Zamora")
    caller.results.setCurrentItem(caller.results.topLevelItem(zoe))
    window.door.ops.set_status(window.door.read(schedule.appointment, visit.id),
                               Status.CANCELLED, reason="ill")
    jose = next(c for c in caller.cards if c.name == "José Núñez")
    assert jose.next is None
    assert caller.current().name == "José Zamora"  # the highlight stays where it was
    assert caller.current().next.id == other.id
    row = next(n for n, c in enumerate(caller.cards) if c.name == "José Núñez")
    assert caller.results.topLevelItem(row).text(NEXT) == "nothing booked"
    caller.results.setCurrentItem(caller.results.topLevelItem(row))
    assert not caller.move_button.isEnabled() and not caller.cancel_button.isEnabled()


def test_an_open_clients_window_shows_the_moved_visit(qtbot, window, clinic, book):
    visit = _setup(book)
    clients = window.open_clients(clinic["José Núñez"])
    qtbot.addWidget(clients)
    qtbot.waitUntil(lambda: clients.record is not None and clients.record.next is not None)
    assert clients.record.next.start == local("2026-10-20 10:00")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    caller = _caller(qtbot, window, "0101")
    caller.move_next()
    dialog = window.desk.reschedule_dialog
    qtbot.waitUntil(lambda: dialog.selected() is not None)
    dialog.book_selected()
    qtbot.waitUntil(lambda: clients.record.next.start == local("2026-10-01 10:00"))
    assert clients.record.next.id == visit.id
