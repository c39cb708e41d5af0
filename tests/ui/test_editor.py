"""The appointment editor offscreen, over a real database and the real booking engine.

The standard test clinic (tests/helpers.py) on Monday 2026-10-05: Ana works 09:00-17:00,
Ben 10:00-18:00 (Deep Tissue and Swedish only); Willow is the hot-stone room.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from frontdesk.db import models as m
from frontdesk.domain.status import Source
from frontdesk.services import clients
from frontdesk.services.booking import BookingRequest, Change
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.appointment_dialog import AppointmentDialog
from frontdesk.ui.editing.prefill import EditorPrefill
from tests.helpers import NOW, local
from tests.ui.conftest import shown_active

DAY = "2026-10-05"


def at(hm: str):
    return local(f"{DAY} {hm}")


@pytest.fixture
def sent():
    """Every request the dialog submitted, in order."""
    return []


@pytest.fixture
def editor(qtbot, db, clinic, bookings, sent):
    """``editor(start="10:30", therapist="Ana")``: a shown editor booking through the engine."""
    def make(start: str | None = None, *, therapist: str | None = None, room: str | None = None,
             service: str | None = None, client: str | None = None, appointment=None,
             submit=None) -> AppointmentDialog:
        real = submit or (lambda req: bookings.book(req))

        def spy(req):
            sent.append(req)
            return real(req)
        prefill = None if appointment and not start else EditorPrefill(
            start=at(start or "10:30"), therapist_id=clinic[therapist] if therapist else None,
            room_id=clinic[room] if room else None,
            service_id=clinic[service] if service else None,
            client_id=clinic[client] if client else None)
        dialog = AppointmentDialog(Door(db, actor="tester", now=lambda: NOW), submit=spy,
                                   prefill=prefill, appointment=appointment)
        return shown_active(qtbot, dialog)
    return make


def choose(qtbot, dialog: AppointmentDialog, typed: str) -> None:
    """Type into the client field and take the highlighted suggestion with Enter."""
    dialog.client.setFocus()
    qtbot.keyClicks(dialog.client, typed)
    popup = dialog.type_ahead.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def pick(box: QComboBox, item_id: int) -> None:
    index = box.findData(item_id)
    assert index >= 0
    box.setCurrentIndex(index)


def entries(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def test_prefill_opens_on_the_column_and_time(editor, clinic):
    dialog = editor("10:30", therapist="Ana", service="Deep Tissue 60")
    assert dialog.windowTitle() == "New appointment"
    assert dialog.ok.text() == "Book"
    assert dialog.date.date() == QDate(2026, 10, 5)
    assert dialog.time.time() == QTime(10, 30)
    assert dialog.length.value() == 60
    assert dialog.therapist.currentData() == clinic["Ana"]
    assert dialog.room.currentText() == "Any suitable room"
    assert dialog.client.hasFocus()


def test_choosing_a_service_sets_the_length(editor, clinic):
    dialog = editor()
    assert dialog.service.currentData() is None
    pick(dialog.service, clinic["Hot Stone 90"])
    assert dialog.length.value() == 90
    # Only Willow has hot stones: Cedar comes after the separator, greyed, with the reason.
    assert entries(dialog.room) == [
        "Any suitable room", "Willow", "",
        "Cedar — Hot Stone 90 needs a hot stone room; Cedar is not one"]
    cedar = dialog.room.findData(clinic["Cedar"])
    assert dialog.room.itemData(cedar, Qt.ItemDataRole.ToolTipRole).startswith("Hot Stone 90")


def test_time_step_is_the_clinics_slot(editor):
    dialog = editor("10:30")
    dialog.time.setCurrentSection(dialog.time.Section.MinuteSection)
    dialog.time.stepBy(1)
    assert dialog.time.time() == QTime(10, 45)


@pytest.mark.parametrize(("typed", "who"), [("zo", "Zoë Brontë"), ("nu", "José Núñez"),
                                            ("0101", "José Núñez")])
def test_type_ahead_then_enter_books(qtbot, editor, clinic, sent, typed, who):
    dialog = editor("10:30", therapist="Ana")
    choose(qtbot, dialog, typed)
    assert dialog.client.text() == who
    assert dialog.client_id == clinic[who]
    pick(dialog.service, clinic["Swedish 60"])
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert sent == [BookingRequest(service_id=clinic["Swedish 60"], start=at("10:30"),
                                   client_id=clinic[who], therapist_id=clinic["Ana"],
                                   room_id=None, minutes=60, source=Source.PHONE)]
    assert dialog.result.client == who
    assert dialog.result.therapist == "Ana"


def test_suggestions_show_name_and_phone(qtbot, editor):
    dialog = editor()
    qtbot.keyClicks(dialog.client, "zo")
    model = dialog.type_ahead.model
    assert [model.item(i).text() for i in range(model.rowCount())] == [
        "Zoë Brontë    +1 917-555-0102", "New client “zo”"]


def test_a_clash_is_shown_at_the_therapist_field(qtbot, editor, clinic, bookings, sent,
                                                 tmp_path):
    bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                 therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                 client_id=clinic["José Núñez"]))
    dialog = editor("10:30", therapist="Ana", service="Swedish 60")
    # The list already says so: Ben first, Ana after the separator with the reason.
    assert entries(dialog.therapist) == [
        "Any suitable therapist", "Ben", "",
        "Ana — is busy 10:00-11:00 (Swedish 60 for José Núñez)"]
    choose(qtbot, dialog, "zo")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result is None
    assert dialog.errors.text("therapist") == "Ana is busy 10:00-11:00 (Swedish 60 for José Núñez)"
    assert dialog.errors.text(None) == ""
    assert dialog.override_box.isVisible()  # double-booking a therapist is a soft rule
    assert dialog.therapist.hasFocus()
    dialog.grab().save(str(tmp_path / "refused.png"))
    # Choosing someone else clears the stale answer; Ben books.
    pick(dialog.therapist, clinic["Ben"])
    assert dialog.errors.text("therapist") == "" and not dialog.override_box.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.therapist, Qt.Key.Key_Return)
    assert dialog.result.therapist == "Ben"
    assert len(sent) == 2


def test_a_taken_room_cannot_be_booked_anyway(qtbot, editor, clinic, bookings):
    bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                 therapist_id=clinic["Ana"], room_id=clinic["Cedar"]))
    dialog = editor("10:30", therapist="Ben", room="Cedar", service="Swedish 60")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert dialog.errors.text("room").startswith("room Cedar is taken 10:00-11:00")
    assert not dialog.override_box.isVisible()


def test_book_anyway_asks_for_a_reason_and_records_it(qtbot, editor, clinic, sent):
    dialog = editor("16:30", therapist="Ana", service="Swedish 60")
    choose(qtbot, dialog, "jose")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert "outside Ana's hours (09:00-17:00)" in dialog.errors.text("therapist")
    assert dialog.override_box.isVisible()
    assert not dialog.anyway.isEnabled()  # no reason, no override
    qtbot.keyClicks(dialog.reason, "regular client, Ana agreed to stay")
    assert dialog.anyway.isEnabled()
    dialog.reason.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert len(sent) == 2  # Enter in the reason books anyway once, not "Book" as well
    assert sent[1].override == "regular client, Ana agreed to stay"
    assert dialog.result.override_reason == "regular client, Ana agreed to stay"
    assert "outside Ana's hours" in dialog.result.overridden


def test_new_client_is_created_with_the_booking(qtbot, db, editor, clinic, sent):
    dialog = editor("11:00", therapist="Ben", service="Swedish 60")
    choose(qtbot, dialog, "Mara Lee")
    assert dialog.new_box.isVisible()
    assert dialog.new_name.text() == "Mara Lee"
    assert dialog.new_phone.hasFocus()
    qtbot.keyClicks(dialog.new_phone, "12")
    qtbot.keyClick(dialog.new_phone, Qt.Key.Key_Return)
    assert "not a possible phone number" in dialog.errors.text("phone")
    with db.read() as session:
        assert clients.search(session, "Mara") == []  # refused: nothing kept
    dialog.new_phone.setText("646-555-0123")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.new_phone, Qt.Key.Key_Return)
    assert sent[-1].new_client.name == "Mara Lee" and sent[-1].client_id is None
    assert dialog.result.client == "Mara Lee"
    with db.read() as session:
        [mara] = clients.search(session, "0123")
    assert mara.name == "Mara Lee" and mara.id == dialog.result.client_id


def test_the_clients_alerts_and_flags_are_shown_when_picked(qtbot, db, editor, clinic):
    with db.write() as session:
        zoe = session.get(m.Client, clinic["Zoë Brontë"])
        zoe.alert = "allergic to nut oils"
        zoe.flags = [m.ClientFlag(flag="pregnancy"), m.ClientFlag(flag="blood_thinners")]
    dialog = editor()
    choose(qtbot, dialog, "zo")
    assert dialog.alert.isVisible()
    assert dialog.alert.text() == ("⚠ Alert: allergic to nut oils · "
                                   "Flags: blood thinners, pregnancy")
    qtbot.keyClick(dialog.client, Qt.Key.Key_Backspace)  # no longer that client
    assert not dialog.alert.isVisible() and dialog.client_id is None
    # Opened for a known client (e.g. from their history), the warning is there at once.
    assert editor(client="Zoë Brontë").alert.isVisible()


def test_ctrl_enter_books_from_the_notes(qtbot, editor, clinic, sent):
    dialog = editor("11:00", therapist="Ben", service="Swedish 60", client="José Núñez")
    assert dialog.client.text() == "José Núñez"
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "first visit")
    pick(dialog.source, "walk-in")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert (sent[0].client_id, sent[0].notes, sent[0].source) == (
        clinic["José Núñez"], "first visit", Source.WALK_IN)
    assert dialog.result.notes == "first visit"


def test_a_name_typed_in_full_without_picking_is_resolved(qtbot, editor, clinic, sent):
    dialog = editor("11:00", therapist="Ben", service="Swedish 60")
    dialog.client.setText("Zoë Brontë")  # pasted: no suggestion taken
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert sent[0].client_id == clinic["Zoë Brontë"]


def test_unknown_client_and_missing_service_are_shown_at_their_fields(qtbot, editor, sent):
    dialog = editor("11:00")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert dialog.errors.text("service") == "choose a service"
    assert dialog.service.hasFocus()
    dialog.service.setCurrentIndex(1)
    dialog.client.setText("Nobody Known")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    assert dialog.errors.text("client") == "no client matches 'Nobody Known'"
    assert sent == []


def test_a_time_dst_skips_is_shown_at_the_start(editor):
    dialog = editor()
    dialog.service.setCurrentIndex(1)
    dialog.date.setDate(QDate(2027, 3, 14))
    dialog.time.setTime(QTime(2, 30))
    assert "does not exist" in dialog.errors.text("start")


def test_edit_mode_changes_the_time(qtbot, db, editor, clinic, bookings, sent):
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                        client_id=clinic["José Núñez"], notes="left shoulder"))
    dialog = editor(appointment=appt, submit=lambda r: bookings.change(*r))
    assert dialog.windowTitle() == f"Appointment #{appt.id}"
    assert dialog.ok.text() == "Save"
    # A booked visit's client and service may still change (issue 12).
    assert dialog.client.text() == "José Núñez" and dialog.client.isEnabled()
    assert dialog.service.isEnabled() and not dialog.fixed_note.isVisible()
    assert dialog.notes.toPlainText() == "left shoulder"
    assert dialog.time.time() == QTime(10, 0) and dialog.time.hasFocus()
    # Its own slot is no clash; there is no "any" entry, the current pair stays chosen.
    assert dialog.therapist.currentText() == "Ana"
    assert dialog.room.currentText() == "Cedar"
    dialog.time.setTime(QTime(14, 0))
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    assert sent == [(appt.id, Change(start=at("14:00"), minutes=60,
                                     therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                     expected_version=1))]
    assert dialog.result.start == at("14:00")
    assert dialog.result.version == 2


def test_edit_mode_takes_a_proposed_move(qtbot, editor, clinic, bookings):
    """The window may open the editor on a drop: the appointment, moved to another column."""
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"]))
    dialog = editor("13:00", therapist="Ben", appointment=appt,
                    submit=lambda r: bookings.change(*r))
    assert dialog.time.time() == QTime(13, 0)
    assert dialog.therapist.currentText() == "Ben" and dialog.room.currentText() == "Cedar"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    assert (dialog.result.therapist, dialog.result.start) == ("Ben", at("13:00"))


def test_a_stale_edit_is_refused_beside_the_other_desks_change(qtbot, editor, clinic,
                                                              bookings):
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"]))
    dialog = editor(appointment=appt, submit=lambda r: bookings.change(*r))
    bookings.move(appt.id, at("15:00"))  # another desk, meanwhile
    dialog.time.setTime(QTime(14, 0))
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    assert dialog.stale.isVisible()
    assert "Start: Mon 5 Oct 10:00 → Mon 5 Oct 15:00" in dialog.stale.text.text()
    assert not dialog.override_box.isVisible()
    assert dialog.isVisible()


def test_escape_cancels_without_submitting(qtbot, editor, sent):
    dialog = editor()
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.keyClick(dialog.client, Qt.Key.Key_Escape)
    assert sent == []


def test_every_input_has_an_accessible_name(editor):
    dialog = editor()
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QPushButton)
    inputs = [w for kind in kinds for w in dialog.findChildren(kind)
              if not isinstance(w.parent(), QAbstractSpinBox | QComboBox)]  # their own parts
    assert len(inputs) >= 12
    assert [w for w in inputs if not (w.accessibleName() or getattr(w, "text", str)())] == []


def test_fits_a_small_laptop_screen(editor):
    dialog = editor()
    hint = dialog.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700


def test_a_contraindicated_service_warns_and_books_only_once_acknowledged(qtbot, editor, db,
                                                                         clinic):
    from frontdesk.services import admin
    from frontdesk.services.client_record import update_client

    admin.update_service(db, clinic["Deep Tissue 60"], cautions=["pregnancy"])
    update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="+1 917 555 0102",
                  email="", notes="", alert="", flags=["pregnancy"])
    dialog = editor("10:30", therapist="Ana", service="Swedish 60")
    choose(qtbot, dialog, "zo")
    assert not dialog.caution.isVisible()  # Swedish is fine for her
    pick(dialog.service, clinic["Deep Tissue 60"])
    assert dialog.caution.isVisible() and "pregnancy" in dialog.caution.text.text()
    dialog.send()  # not acknowledged: the engine refuses, the tick box gets the focus
    assert dialog.isVisible() and dialog.caution.check.hasFocus()
    assert "acknowledge" in dialog.errors.text("client")
    qtbot.keyClick(dialog.caution.check, Qt.Key.Key_Space)
    dialog.send()
    assert not dialog.isVisible()
    with db.read() as s:
        assert s.get(m.Appointment, dialog.result.id).cautions_acknowledged == "pregnancy"
