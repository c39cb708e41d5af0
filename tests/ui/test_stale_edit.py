"""Two desks edit one visit: the second save is refused, the other desk's change is shown
beside this desk's edit, and the desk keeps its edit or takes theirs — nothing overwritten
silently. The other desk is a second Bookings on the same database file."""

from __future__ import annotations

from frontdesk.services import schedule
from frontdesk.services.booking import Bookings, Change
from tests.helpers import NOW, local


def _edit(window, visit):
    window.book.reload()
    window.editing.edit_appointment(visit.id)
    return window.editing.editor


def test_the_second_save_shows_who_changed_what_and_keeps_the_typed_edit(
        qtbot, window, db, clinic, book):
    visit = book("2026-10-05 10:00")
    editor = _edit(window, visit)
    editor.notes.setPlainText("prefers a firm pressure")
    other = Bookings(db, actor="Front desk 2", now=lambda: NOW)
    other.change(visit.id, Change(start=local("2026-10-05 11:00"), room_id=clinic["Willow"]))
    editor.send()
    assert editor.isVisible() and editor.stale.isVisible()
    text = editor.stale.text.text()
    assert text.startswith("Front desk 2 changed this visit at Thu 1 Oct 08:00")
    assert "Start: Mon 5 Oct 10:00 → Mon 5 Oct 11:00" in text
    assert "Room: Cedar → Willow" in text and "Therapist" not in text
    assert editor.notes.toPlainText() == "prefers a firm pressure"  # nothing lost
    now = window.door.read(schedule.appointment, visit.id)
    assert (now.start, now.room, now.notes) == (local("2026-10-05 11:00"), "Willow", "")

    editor.stale.mine_button.click()  # keep mine: the form as shown, over the new version
    qtbot.waitUntil(lambda: not editor.isVisible())
    now = window.door.read(schedule.appointment, visit.id)
    assert (now.start, now.room, now.notes) == (local("2026-10-05 10:00"), "Cedar",
                                                "prefers a firm pressure")


def test_take_theirs_opens_the_visit_as_it_is_now(qtbot, window, db, clinic, book):
    visit = book("2026-10-05 10:00")
    editor = _edit(window, visit)
    editor.notes.setPlainText("mine")
    Bookings(db, actor="Front desk 2", now=lambda: NOW).change(
        visit.id, Change(start=local("2026-10-05 11:00"), room_id=clinic["Willow"]))
    editor.send()
    editor.stale.theirs_button.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    fresh = window.editing.editor
    assert fresh is not editor and fresh.isVisible()
    assert fresh.appointment.start == local("2026-10-05 11:00")
    assert fresh.room.currentData() == clinic["Willow"] and fresh.notes.toPlainText() == ""
    fresh.reject()
    assert window.door.read(schedule.appointment, visit.id).notes == ""


def test_a_visit_taken_out_of_the_book_meanwhile_is_said(qtbot, window, db, clinic, book):
    from frontdesk.services import withdrawal

    visit = book("2026-10-05 10:00")
    editor = _edit(window, visit)
    other = Bookings(db, actor="Front desk 2", now=lambda: NOW)
    with other.transaction() as tx:
        withdrawal.withdraw(tx, visit.id, visit.version)
    editor.notes.setPlainText("mine")
    editor.send()
    assert editor.stale.isVisible()
    assert "took this visit out of the book" in editor.stale.text.text()
    assert not editor.stale.mine_button.isEnabled()
    editor.reject()
