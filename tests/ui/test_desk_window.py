"""The desk's fast paths through the real window, by keyboard: F2 walk-in, a standing
appointment from the editor's Repeat…, a cancellation offering the freed slot to the
waitlist, confirmation calls, cancelling a series from one visit on (real SQLite file)."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.recurrence import Repeat
from frontdesk.domain.status import Status
from frontdesk.services import series, waitlist
from frontdesk.services.booking import BookingRequest
from tests.helpers import NOW, TZ, local
from tests.ui.conftest import MONDAY


def _appointments(db):
    with db.read() as s:
        return s.scalars(select(m.Appointment).order_by(m.Appointment.id)).all()


def test_f2_then_service_enter_and_alt_w_books_a_walk_in(qtbot, window, db):
    qtbot.keyClick(window, Qt.Key.Key_F2)
    dialog = window.desk.find_time_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.service  # typing goes straight in
    qtbot.keyClicks(dialog.service, "swe")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)  # the service is chosen
    qtbot.waitUntil(lambda: dialog.selected() is not None)  # searched off the GUI thread
    first = dialog.selected()
    sent = 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    sent += 1
    assert sent <= 3
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [appt] = _appointments(db)
    assert (appt.source, appt.starts_at, appt.therapist_id) == ("walk-in", first.start,
                                                                first.therapist_id)
    assert window.book.day == clock.to_local(first.start, TZ).date()  # the book shows it
    assert window.day_view.selected == appt.id


def test_repeat_in_the_editor_books_a_weekly_series_over_the_dst_change(qtbot, window, db,
                                                                        clinic):
    from frontdesk.ui.editing.prefill import EditorPrefill

    editor = window.editing.open_editor(EditorPrefill(
        start=local("2026-10-20 10:00"), therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
        service_id=clinic["Swedish 60"], client_id=clinic["José Núñez"]))

    def answer():
        dialog = window.editing.repeat_dialog
        dialog.count.setValue(4)
        dialog.refresh()
        dialog.book()
        dialog.accept()
    QTimer.singleShot(100, answer)
    editor.repeat_button.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    rows = _appointments(db)
    assert [f"{clock.to_local(a.starts_at, TZ):%m-%d %H:%M}" for a in rows] == [
        "10-20 10:00", "10-27 10:00", "11-03 10:00", "11-10 10:00"]
    assert len({a.series_id for a in rows}) == 1 and rows[0].series_id is not None


def test_cancelling_offers_the_slot_to_the_waitlist_and_booking_removes_the_entry(
        qtbot, window, db, clinic, bookings):
    taken = bookings.book(BookingRequest(
        service_id=clinic["Swedish 60"], start=local("2026-10-05 14:00"),
        therapist_id=clinic["Ana"], room_id=clinic["Cedar"], client_id=clinic["José Núñez"]))
    entry = waitlist.add(db, waitlist.Wish(client_id=clinic["Zoë Brontë"],
                                           service_id=clinic["Swedish 60"],
                                           earliest=time(13), latest=time(15)),
                         now=lambda: NOW)
    window.book.reload()
    window.day_view.select(taken.id)

    def answer():
        window.editing.reason_dialog.reason.setEditText("ill")
        window.editing.reason_dialog.accept()
    QTimer.singleShot(100, answer)
    qtbot.keyClick(window.day_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.desk.matches_dialog is not None
                    and window.desk.matches_dialog.isVisible())
    shown = window.desk.matches_dialog.grab()  # rendered with the phone number
    assert not shown.isNull()
    assert "917" in _texts(window.desk.matches_dialog)
    qtbot.keyClick(window.desk.matches_dialog, Qt.Key.Key_Return)  # Book
    qtbot.waitUntil(lambda: window.editing.editor is not None
                    and window.editing.editor.isVisible())
    window.editing.editor.send()
    qtbot.waitUntil(lambda: not window.editing.editor.isVisible())
    with db.read() as s:
        assert s.get(m.WaitlistEntry, entry) is None
        new = s.scalars(select(m.Appointment).where(
            m.Appointment.client_id == clinic["Zoë Brontë"])).one()
    assert (new.starts_at, new.status) == (taken.start, Status.BOOKED.value)


def _texts(widget) -> str:
    from PySide6.QtWidgets import QLabel, QListWidget, QTreeWidget

    out = [w.text() for w in widget.findChildren(QLabel)]
    for tree in widget.findChildren(QTreeWidget):
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            out += [item.text(c) for c in range(tree.columnCount())]
    for lst in widget.findChildren(QListWidget):
        out += [lst.item(i).text() for i in range(lst.count())]
    return " ".join(out)


def test_f6_lists_tomorrows_calls_and_space_confirms(qtbot, window, db, clinic, bookings):
    a = bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                     start=local("2026-10-02 10:00"),
                                     client_id=clinic["José Núñez"]))
    qtbot.keyClick(window, Qt.Key.Key_F6)
    dialog = window.desk.calls_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.table.setFocus()
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _status(db, a.id) == Status.CONFIRMED.value)
    assert window.door.ops.stack.canUndo()  # through the window's undo stack


def _status(db, appointment_id):
    with db.read() as s:
        return s.get(m.Appointment, appointment_id).status


def test_cancel_this_and_following_from_the_appointment_menu(qtbot, window, db, clinic,
                                                             bookings):
    req = BookingRequest(service_id=clinic["Swedish 60"], start=local("2026-10-05 10:00"),
                         therapist_id=clinic["Ana"], client_id=clinic["José Núñez"])
    views = [o.appointment for o in series.book(
        bookings, req, series.starts(bookings, req.start, Repeat(count=3)))]
    window.book.show_day(MONDAY)
    window.day_view.select(views[0].id)

    def answer():
        window.editing.reason_dialog.reason.setEditText("moving away")
        window.editing.reason_dialog.accept()
    QTimer.singleShot(100, answer)
    window.editing.act_cancel_following.trigger()
    assert [_status(db, v.id) for v in views] == ["cancelled"] * 3
