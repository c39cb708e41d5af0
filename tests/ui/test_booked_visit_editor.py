"""The editor on a booked visit (issue 12): a walk-in named, the service, notes and source
changed through the engine; what the visit's status keeps as it is greyed out with the
domain's reason; the contraindication warning wraps instead of being cut off; a new client
like an existing card is offered that card first.

The standard test clinic (tests/helpers.py) on Monday 2026-10-05, clock at 2026-10-01.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from frontdesk.domain.status import Source, Status
from frontdesk.services import admin
from frontdesk.services.booking import BookingRequest, Bookings
from frontdesk.services.client_record import update_client
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.appointment_dialog import AppointmentDialog
from frontdesk.ui.editing.prefill import EditorPrefill
from tests.helpers import NOW, local
from tests.ui.conftest import shown_active


def at(hm: str) -> datetime:
    return local(f"2026-10-05 {hm}")


def open_editor(qtbot, db, bookings, appointment=None, prefill=None, now=NOW):
    desk = Bookings(db, actor="tester", now=lambda: now)

    def submit(req):
        if isinstance(req, BookingRequest):
            return desk.book(req)
        return desk.change(*req)
    dialog = AppointmentDialog(Door(db, actor="tester", now=lambda: now), submit=submit,
                               prefill=prefill, appointment=appointment)
    return shown_active(qtbot, dialog)


def choose(qtbot, dialog, typed: str) -> None:
    dialog.client.setFocus()
    qtbot.keyClicks(dialog.client, typed)
    popup = dialog.type_ahead.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)


@pytest.fixture
def walk_in(clinic, bookings):
    return bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                        source=Source.WALK_IN))


def test_a_walk_in_is_named_in_the_editor(qtbot, db, clinic, bookings, walk_in):
    dialog = open_editor(qtbot, db, bookings, walk_in)
    assert dialog.client.isEnabled() and dialog.client.text() == ""
    choose(qtbot, dialog, "zo")
    dialog.notes.setPlainText("first visit")
    dialog.source.setCurrentIndex(dialog.source.findData(Source.PHONE.value))
    dialog.send()
    assert not dialog.isVisible(), dialog.errors.text(None)
    result = dialog.result
    assert (result.client, result.notes, result.source) == ("Zoë Brontë", "first visit",
                                                            "phone")
    assert result.start == walk_in.start


def test_another_service_brings_its_length(qtbot, db, clinic, bookings, walk_in):
    dialog = open_editor(qtbot, db, bookings, walk_in)
    dialog.service.setCurrentIndex(dialog.service.findData(clinic["Trigger Point 30"]))
    assert dialog.length.value() == 30
    dialog.send()
    assert dialog.result.service == "Trigger Point 30"
    assert (dialog.result.end - dialog.result.start).total_seconds() == 30 * 60


def test_naming_a_flagged_client_needs_the_acknowledgement(qtbot, db, clinic, bookings,
                                                           walk_in):
    admin.update_service(db, clinic["Swedish 60"], cautions=["pregnancy"])
    update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="+1 917 555 0102",
                  email="", notes="", alert="", flags=["pregnancy"])
    dialog = open_editor(qtbot, db, bookings, walk_in)
    assert not dialog.caution.isVisible()
    choose(qtbot, dialog, "zo")
    assert dialog.caution.isVisible()
    dialog.send()
    assert dialog.isVisible() and dialog.caution.check.hasFocus()
    qtbot.keyClick(dialog.caution.check, Qt.Key.Key_Space)
    dialog.send()
    assert not dialog.isVisible()
    assert dialog.result.client_id == clinic["Zoë Brontë"]


def test_a_visit_in_session_opens_only_its_notes(qtbot, db, clinic, bookings, walk_in):
    during = local("2026-10-05 10:10")
    desk = Bookings(db, actor="tester", now=lambda: during)
    desk.set_status(walk_in.id, Status.ARRIVED)
    visit = desk.set_status(walk_in.id, Status.IN_SESSION)
    dialog = open_editor(qtbot, db, bookings, visit, now=during)
    assert dialog.notes.isEnabled() and dialog.notes.hasFocus()
    for widget in (dialog.client, dialog.service, dialog.date, dialog.time, dialog.length,
                   dialog.therapist, dialog.room, dialog.source):
        assert not widget.isEnabled()  # greyed, not merely deaf to typing
        assert "in session" in widget.toolTip()
    assert dialog.fixed_note.isVisible() and "only its notes" in dialog.fixed_note.text()
    dialog.notes.setPlainText("tight calves")
    dialog.send()
    assert not dialog.isVisible(), dialog.errors.text(None)
    assert dialog.result.notes == "tight calves"


def test_the_contraindication_warning_wraps_at_a_small_width(qtbot, db, clinic, bookings):
    admin.update_service(db, clinic["Hot Stone 90"], cautions=["diabetes", "pregnancy"])
    update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="+1 917 555 0102",
                  email="", notes="", alert="", flags=["diabetes", "pregnancy"])
    dialog = open_editor(qtbot, db, bookings, prefill=EditorPrefill(
        start=at("10:00"), service_id=clinic["Hot Stone 90"]))
    choose(qtbot, dialog, "zo")
    qtbot.waitUntil(lambda: dialog.caution.isVisible())
    dialog.resize(dialog.minimumWidth(), dialog.height())
    qtbot.wait(50)
    for label in (dialog.caution.text, dialog.caution.check_label):
        needed = label.heightForWidth(label.width())
        assert label.height() >= needed, (label.text(), label.height(), needed)
    assert dialog.caution.check_label.height() > dialog.caution.check_label.fontMetrics() \
        .lineSpacing()  # it did need two lines, and got them
    qtbot.mouseClick(dialog.caution.check_label, Qt.MouseButton.LeftButton)
    assert dialog.caution.check.isChecked()  # the words tick the box


def test_a_new_client_like_a_card_is_offered_that_card(qtbot, db, clinic, bookings):
    dialog = open_editor(qtbot, db, bookings, prefill=EditorPrefill(
        start=at("10:00"), therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
        service_id=clinic["Swedish 60"]))
    dialog.client.setFocus()
    qtbot.keyClicks(dialog.client, "Zoe Bronte")
    dialog.type_ahead.new_requested.emit("Zoe Bronte")
    dialog.send()
    assert dialog.isVisible() and dialog.duplicate.isVisible()
    [use] = [b for b in dialog.duplicate.use_buttons if str(clinic["Zoë Brontë"]) in b.text()]
    use.click()
    assert not dialog.isVisible()
    assert dialog.result.client_id == clinic["Zoë Brontë"]
