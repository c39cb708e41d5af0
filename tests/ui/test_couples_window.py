"""Couples sessions in the window: booked, moved, cancelled and undone as a pair, and the
day view showing the two visits linked (each naming its partner, side by side in the
couples room's column).

The test clinic (tests/helpers.py) with a couples room "Oak" and "Couples 60" (Ana and
Ben give it); the clock stands at Thursday 2026-10-01.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.status import Status
from frontdesk.services import schedule
from frontdesk.services.booking import Change, Partner
from frontdesk.services.dayplan import Mode
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.appointment_dialog import AppointmentDialog
from frontdesk.ui.editing.prefill import EditorPrefill
from tests.helpers import NOW, local, request
from tests.services.test_couples import add_couples
from tests.ui.conftest import shown_active
from tests.ui.test_find_time import Keyboard, dialog, opened, settle

__all__ = ["dialog", "opened"]  # find a time's fixtures, used here too

MON = "2026-10-05"


@pytest.fixture
def couples(db, clinic):
    add_couples(db, clinic)
    return clinic


def pair_request(clinic, when=f"{MON} 10:00"):
    return request(clinic, when, "Couples 60", room="Oak",
                   partners=(Partner(client_id=clinic["Zoë Brontë"],
                                     therapist_id=clinic["Ben"]),))


def both(door, first_id: int) -> list:
    first = door.read(schedule.appointment, first_id)
    if first is None:
        return []
    return [first, *door.read(schedule.partners, [first])[first.id]]


def test_a_pair_is_booked_moved_cancelled_and_undone_together(couples, door):
    ops = door.ops
    first = ops.book(pair_request(couples))
    pair = both(door, first.id)
    assert len(pair) == 2 and {v.therapist for v in pair} == {"Ana", "Ben"}
    ops.change(first, Change(start=local(f"{MON} 14:00")))
    assert {v.start for v in both(door, first.id)} == {local(f"{MON} 14:00")}
    ops.set_status(both(door, first.id)[0], Status.CANCELLED, reason="flu")
    assert {v.status for v in both(door, first.id)} == {Status.CANCELLED}
    ops.stack.undo()  # the cancellation
    assert {v.status for v in both(door, first.id)} == {Status.BOOKED}
    ops.stack.undo()  # the move
    assert {v.start for v in both(door, first.id)} == {local(f"{MON} 10:00")}
    ops.stack.undo()  # the booking: both out of the book
    assert door.read(schedule.by_ids, [v.id for v in pair]) == {}
    ops.stack.redo()
    assert {v.id for v in both(door, first.id)} == {v.id for v in pair}
    ops.stack.redo()  # the move again, both
    assert {v.start for v in both(door, first.id)} == {local(f"{MON} 14:00")}


def test_undoing_a_couples_cancellation_puts_each_visit_back_as_it_was(couples, door):
    """The partner had confirmed, the first had not: the cancellation's undo brings both
    back, each as it was (the engine brings a partner back as booked)."""
    ops = door.ops
    first = ops.book(pair_request(couples))
    partner = both(door, first.id)[1]
    ops.set_status(partner, Status.CONFIRMED)
    ops.set_status(both(door, first.id)[0], Status.CANCELLED, reason="flu")
    assert {v.status for v in both(door, first.id)} == {Status.CANCELLED}
    ops.stack.undo()
    assert [v.status for v in both(door, first.id)] == [Status.BOOKED, Status.CONFIRMED]
    ops.stack.redo()
    assert {v.status for v in both(door, first.id)} == {Status.CANCELLED}
    ops.stack.undo()
    assert [v.status for v in both(door, first.id)] == [Status.BOOKED, Status.CONFIRMED]


def test_undoing_the_pair_and_then_the_partner_is_not_refused_as_stale(couples, door):
    """The window notes the partner's version whenever the engine changes it with its pair
    (a change, its undo), so undoing an earlier change made from the partner's own block
    is not refused as another desk's."""
    ops = door.ops
    first = ops.book(pair_request(couples))
    partner = both(door, first.id)[1]
    ops.change(partner, Change(start=local(f"{MON} 14:00")))  # from the partner: both move
    ops.change(both(door, first.id)[0], Change(start=local(f"{MON} 15:00")))
    failures = []
    ops.failed.connect(lambda what, error: failures.append(str(error)))
    ops.stack.undo()
    ops.stack.undo()
    assert failures == []
    assert {v.start for v in both(door, first.id)} == {local(f"{MON} 10:00")}


def test_the_day_view_shows_the_pair_linked_side_by_side(couples, door, window):
    first = door.ops.book(pair_request(couples))
    window.book.show_day(date(2026, 10, 5))
    window.book.set_mode(Mode.ROOMS)
    plan = window.book.plan
    oak = next(c for c in plan.columns if c.title == "Oak")
    blocks = sorted(oak.blocks, key=lambda b: b.lane)
    assert [b.lanes for b in blocks] == [2, 2] and [b.lane for b in blocks] == [0, 1]
    assert [schedule.with_partners(plan.partners(b.appt)) for b in blocks] == [
        "with Zoë Brontë (Ben)", "with José Núñez (Ana)"]
    window.day_view.select(first.id)
    assert "with Zoë Brontë (Ben)" in window.book.details.toPlainText()


def test_the_editor_asks_the_second_client_and_therapist_for_a_couples_service(
        qtbot, db, couples, bookings):
    booked = []
    dialog = shown_active(qtbot, AppointmentDialog(
        Door(db, actor="tester", now=lambda: NOW),
        submit=lambda req: booked.append(bookings.book_party(req)) or booked[-1][0],
        prefill=EditorPrefill(start=local(f"{MON} 10:00"), client_id=couples["José Núñez"])))
    assert not dialog.partner.isVisible()  # a single service asks for one client
    dialog.service.setCurrentIndex(dialog.service.findData(couples["Couples 60"]))
    assert dialog.partner.isVisible()
    assert dialog.partner.therapist.currentText() == "Any other free therapist"
    assert {dialog.partner.therapist.itemText(i)
            for i in range(dialog.partner.therapist.count())} == {
        "Any other free therapist", "Ana", "Ben"}
    dialog.partner.client.setFocus()
    qtbot.keyClicks(dialog.partner.client, "nobody like this")
    qtbot.keyClick(dialog.partner.client, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "second client" in dialog.errors.text("partner") and not booked
    dialog.partner.client.clear()
    qtbot.keyClicks(dialog.partner.client, "917 555 0102")  # Zoë Brontë's phone
    dialog.send()
    first, partner = booked[0]
    assert first.party_id == partner.party_id is not None
    assert (partner.client, partner.room) == ("Zoë Brontë", first.room)
    assert {first.therapist, partner.therapist} == {"Ana", "Ben"}


def test_the_editor_asks_the_second_clients_own_acknowledgement(qtbot, db, couples,
                                                                bookings):
    """José's warning shows before sending and is ticked; Zoë's (the second client) is
    known once her card is looked up: the refusal shows it under the With: row with its own
    tick box, focused; ticked, the pair is booked, each acknowledgement on its own visit."""
    from frontdesk.services import admin

    admin.update_service(db, couples["Couples 60"], cautions=["pregnancy", "anticoagulants"])
    with db.write() as s:
        s.add(m.ClientFlag(client_id=couples["José Núñez"], flag="anticoagulants"))
        s.add(m.ClientFlag(client_id=couples["Zoë Brontë"], flag="pregnancy"))
    booked = []
    dialog = shown_active(qtbot, AppointmentDialog(
        Door(db, actor="tester", now=lambda: NOW),
        submit=lambda req: booked.append(bookings.book_party(req)) or booked[-1][0],
        prefill=EditorPrefill(start=local(f"{MON} 10:00"), client_id=couples["José Núñez"])))
    dialog.service.setCurrentIndex(dialog.service.findData(couples["Couples 60"]))
    assert dialog.caution.isVisible() and not dialog.partner.caution.isVisible()
    dialog.caution.check.setChecked(True)
    dialog.partner.client.setFocus()
    qtbot.keyClicks(dialog.partner.client, "917 555 0102")  # Zoë Brontë's phone
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(dialog.partner.client, Qt.Key.Key_Return, ctrl)
    assert not booked
    assert dialog.partner.caution.isVisible()
    assert "Zoë Brontë: pregnancy" in dialog.partner.caution.text.text()
    assert dialog.partner.caution.check.hasFocus()
    qtbot.keyClick(dialog.partner.caution.check, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.partner.caution.check, Qt.Key.Key_Return, ctrl)
    first, partner = booked[0]
    with db.read() as s:
        assert [s.get(m.Appointment, v.id).cautions_acknowledged
                for v in (first, partner)] == ["anticoagulants", "pregnancy"]


def test_find_a_time_offers_pairs_and_books_the_pair_offered(qtbot, dialog, db, couples):
    d = dialog(client="José Núñez")
    keys = Keyboard(qtbot)
    keys.type("coup")
    keys.press(Qt.Key.Key_Return)
    settle(d)
    first = d.results.topLevelItem(0)
    assert first.text(2) in ("Ana & Ben", "Ben & Ana") and first.text(3) == "Oak"
    option = d.selected()
    keys.press(Qt.Key.Key_Return)
    with db.read() as s:
        rows = s.execute(select(m.Appointment.party_id, m.Appointment.therapist_id,
                                m.Appointment.client_id, m.Appointment.room_id)).all()
    assert len(rows) == 2 and rows[0].party_id == rows[1].party_id is not None
    assert {r.therapist_id for r in rows} == {option.therapist_id, option.partners[0][0]}
    assert {r.client_id for r in rows} == {couples["José Núñez"], None}
    assert {r.room_id for r in rows} == {couples["Oak"]}
