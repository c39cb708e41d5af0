"""The waitlist dialogs offscreen over a real database and the real waitlist engine.

The standard test clinic (tests/helpers.py); the clock stands at NOW, Thu 1 Oct 2026 08:00
local. Ana works 09:00-17:00 every day, Ben 10:00-18:00 on weekdays.
"""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from frontdesk.services import waitlist
from frontdesk.services.booking import BookingRequest
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk.matches_dialog import MatchesDialog
from frontdesk.ui.desk.waitlist_dialog import WaitlistDialog
from frontdesk.ui.editing.prefill import EditorPrefill
from tests.helpers import NOW, TZ, local
from tests.ui.conftest import shown_active


def waiting(db):
    with db.read() as session:
        return waitlist.entries(session)


@pytest.fixture
def make(qtbot, db, clinic):
    def make(**kw) -> WaitlistDialog:
        dialog = WaitlistDialog(Door(db, actor="tester", now=lambda: NOW), **kw)
        return shown_active(qtbot, dialog)
    return make


def wish(clinic, client="Zoë Brontë", **kw) -> waitlist.Wish:
    return waitlist.Wish(client_id=clinic[client], service_id=clinic["Swedish 60"], **kw)


def test_adding_an_entry_from_the_keyboard(qtbot, make, db, clinic):
    dialog = make()
    assert dialog.client.hasFocus()
    qtbot.keyClicks(dialog.client, "zo")
    qtbot.keyClick(dialog.type_ahead.completer.popup(), Qt.Key.Key_Return)
    assert dialog.client_id == clinic["Zoë Brontë"]
    assert dialog.service.hasFocus()
    qtbot.keyClicks(dialog.service, "Sw")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Tab)
    assert dialog.therapist.hasFocus()
    qtbot.keyClicks(dialog.therapist, "An")
    for day in (0, 2):  # Mon, Wed
        dialog.days[day].setFocus()
        qtbot.keyClick(dialog.days[day], Qt.Key.Key_Space)
    dialog.any_time.setFocus()
    qtbot.keyClick(dialog.any_time, Qt.Key.Key_Space)
    dialog.earliest.setFocus()
    qtbot.keyClicks(dialog.earliest, "1000")
    dialog.latest.setFocus()
    qtbot.keyClicks(dialog.latest, "1400")
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "short notice is fine")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)

    assert dialog.errors.text() == ""
    [entry] = waiting(db)
    assert (entry.client_id, entry.service_id, entry.therapist_id) == \
        (clinic["Zoë Brontë"], clinic["Swedish 60"], clinic["Ana"])
    assert entry.weekdays == {0, 2}
    assert (entry.earliest, entry.latest, entry.until) == (time(10), time(14), None)
    assert entry.note == "short notice is fine"
    row = dialog.table.topLevelItem(0)
    assert row.text(0) == "Zoë Brontë\n+1 917-555-0102"
    assert row.text(1) == "Swedish 60 with Ana\nMon, Wed · 10:00-14:00"
    assert row.text(2) == "short notice is fine"
    assert row.text(3) == "Thu 1 Oct 08:00"
    assert dialog.current().id == entry.id
    assert dialog.heading.text() == "<b>1 waiting</b>"


def test_latest_before_earliest_is_shown_at_the_field_and_nothing_saved(qtbot, make, db,
                                                                       clinic):
    dialog = make(client_id=clinic["José Núñez"], client_name="José Núñez")
    assert dialog.client.isReadOnly() and dialog.client.text() == "José Núñez"
    assert dialog.service.hasFocus()
    qtbot.keyClicks(dialog.service, "Sw")
    dialog.any_time.setChecked(False)
    dialog.earliest.setTime(dialog.earliest.time().fromString("15:00", "HH:mm"))
    dialog.latest.setTime(dialog.latest.time().fromString("11:00", "HH:mm"))
    dialog.add_button.click()
    assert "latest start is before the earliest" in dialog.errors.text("latest")
    assert dialog.latest.property("invalid") is True
    assert dialog.errors.text("service") == ""
    assert waiting(db) == []


def test_no_service_is_shown_at_the_service_field(qtbot, make, db, clinic):
    dialog = make(client_id=clinic["José Núñez"], client_name="José Núñez")
    dialog.add_button.click()
    assert dialog.errors.text("service") == "choose a service"
    assert waiting(db) == []


def test_remove_asks_then_removes(qtbot, make, db, clinic):
    waitlist.add(db, wish(clinic), now=lambda: NOW)
    kept = waitlist.add(db, wish(clinic, "José Núñez"), now=lambda: NOW)
    dialog = make()
    assert dialog.table.topLevelItemCount() == 2
    asked = []

    def answer(button):
        box = dialog.confirm
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.No))
    dialog.remove()
    assert len(waiting(db)) == 2
    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.Yes))
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert asked[0].startswith("Take Zoë Brontë off the waitlist?")
    assert [e.id for e in waiting(db)] == [kept]
    assert dialog.table.topLevelItemCount() == 1


def test_find_openings_then_enter_books_one(qtbot, make, db, clinic):
    entry_id = waitlist.add(db, wish(clinic, therapist_id=clinic["Ana"], weekdays=frozenset({0}),
                                     earliest=time(14), latest=time(15)), now=lambda: NOW)
    dialog = make()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.options))  # found off the GUI thread
    options = dialog.options
    assert [o.start for o in options] == [local("2026-10-05 14:00"), local("2026-10-05 14:15"),
                                          local("2026-10-05 14:30")]
    assert dialog.openings.topLevelItem(0).text(0) == "Mon 5 Oct 14:00–15:00"
    assert dialog.openings.topLevelItem(0).text(1) == "Ana"
    assert dialog.openings.hasFocus()
    qtbot.keyClick(dialog.openings, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.book_requested) as booked:
        qtbot.keyClick(dialog.openings, Qt.Key.Key_Return)
    assert booked.args == [EditorPrefill(
        start=options[1].start, therapist_id=clinic["Ana"], room_id=options[1].room_id,
        service_id=clinic["Swedish 60"], client_id=clinic["Zoë Brontë"], waitlist_id=entry_id)]
    assert dialog.result() == WaitlistDialog.DialogCode.Accepted


def test_a_freed_slot_offers_the_waiting_client_with_the_phone(qtbot, db, clinic, bookings,
                                                              book):
    appt = book("2026-10-05 10:00", "Swedish 60", therapist="Ana", room="Cedar")
    entry_id = waitlist.add(db, wish(clinic, weekdays=frozenset({0})), now=lambda: NOW)
    bookings.cancel(appt.id, "Client is unwell")
    found = waitlist.matches(db, appt.start, appt.end, appt.therapist_id, appt.room_id,
                             now=lambda: NOW)
    assert [m.entry.id for m in found] == [entry_id]

    dialog = MatchesDialog(found, TZ, title="Freed: Mon 5 Oct 10:00 with Ana")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == dialog.heading.text() == "Freed: Mon 5 Oct 10:00 with Ana"
    row = dialog.list.topLevelItem(0)
    assert row.text(0) == "+1 917-555-0102"
    assert row.text(1) == "Zoë Brontë"
    assert row.text(2) == "Swedish 60\nMon"
    assert row.text(3) == "Mon 5 Oct 10:00–11:00\nAna · Cedar"
    with qtbot.waitSignal(dialog.book_requested) as asked:
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    [pre] = asked.args
    assert pre == EditorPrefill(start=appt.start, therapist_id=clinic["Ana"],
                                room_id=clinic["Cedar"], service_id=clinic["Swedish 60"],
                                client_id=clinic["Zoë Brontë"], waitlist_id=entry_id)

    bookings.book(BookingRequest(service_id=pre.service_id, start=pre.start,
                                 therapist_id=pre.therapist_id, room_id=pre.room_id,
                                 client_id=pre.client_id, waitlist_id=pre.waitlist_id))
    assert waiting(db) == []


def test_close_leaves_the_waitlist_and_no_match_disables_book(qtbot, db, clinic):
    dialog = MatchesDialog([], TZ, title="Freed: Mon 5 Oct 10:00 with Ana")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.book_button.isEnabled()
    assert dialog.note.text() == "Nobody on the waitlist can take this slot."
    with qtbot.assertNotEmitted(dialog.book_requested):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert dialog.result() == MatchesDialog.DialogCode.Rejected


def test_an_unknown_client_is_shown_at_the_client_field(qtbot, make, db, clinic):
    dialog = make()
    dialog.client.setText("Nobody Known")
    dialog.service.setCurrentIndex(dialog.service.findData(clinic["Swedish 60"]))
    dialog.add_button.click()
    assert "no client matches" in dialog.errors.text("client")
    assert waiting(db) == []


def test_a_fixed_client_starts_on_their_own_entry(make, db, clinic):
    waitlist.add(db, wish(clinic), now=lambda: NOW)
    own = waitlist.add(db, wish(clinic, "José Núñez"), now=lambda: NOW)
    dialog = make(client_id=clinic["José Núñez"], client_name="José Núñez")
    assert dialog.current().id == own
