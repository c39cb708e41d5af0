"""The clients page offscreen over a real database: find by typing, open, read, edit, save."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.services.booking import BookingRequest
from frontdesk.ui.clients.clients_window import DEBOUNCE_MS
from tests.helpers import local


@pytest.fixture
def view(clients_window):
    return clients_window


def find(qtbot, view, text: str) -> None:
    """Type ``text`` key by key (ASCII only: QTest asserts on other characters)."""
    view.search.clear()
    qtbot.keyClicks(view.search, text)
    qtbot.waitUntil(lambda: bool(view.results_model.rows)
                    and view.results_note.text().endswith(("client", "clients")))


def click_result(qtbot, view, row: int) -> None:
    index = view.results_model.index(row)
    qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.results.visualRect(index).center())
    client_id = view.results_model.rows[row].id
    qtbot.waitUntil(lambda: view.record is not None and view.record.id == client_id)


def stored(db, name: str) -> m.Client:
    with db.read() as session:
        return session.scalars(select(m.Client).where(m.Client.name == name)).one()


def test_find_by_name_open_edit_the_alert_and_save(qtbot, view, db, clinic, bookings):
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                        start=local("2026-10-05 10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                        client_id=clinic["José Núñez"]))
    find(qtbot, view, "jose nu")  # typed without accents, as a desk in a hurry does
    assert [c.name for c in view.results_model.rows] == ["José Núñez"]
    click_result(qtbot, view, 0)
    assert view.title.text() == "José Núñez"
    assert view.name_edit.text() == "José Núñez"
    assert view.phone_edit.text() == "+1 212-555-0101"
    assert view.summary.text() == "0 visits · next: Mon 5 Oct 10:00"
    assert view.history_model.rowCount() == 1
    assert view.history_model.index(0, 5).data() == "booked"
    assert view.banner.isHidden()

    view.alert_edit.clear()
    qtbot.keyClicks(view.alert_edit, "Latex allergy: use nitrile gloves")
    with qtbot.waitSignal(view.client_saved) as saved:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [clinic["José Núñez"]]
    assert stored(db, "José Núñez").alert == "Latex allergy: use nitrile gloves"
    qtbot.waitUntil(lambda: view.record.alert != "")
    assert view.banner.isVisible()
    assert "Latex allergy" in view.banner.text()
    assert view.history_model.rows[0].id == appt.id


def test_find_by_the_last_four_digits(qtbot, view, clinic):
    find(qtbot, view, "0102")
    assert [c.name for c in view.results_model.rows] == ["Zoë Brontë"]
    click_result(qtbot, view, 0)
    assert view.email_edit.text() == "" and view.phone_edit.text() == "+1 917-555-0102"


def test_a_bad_phone_is_shown_at_the_phone_field_and_nothing_is_saved(qtbot, view, db, clinic):
    view.open_client(clinic["Zoë Brontë"])
    qtbot.waitUntil(lambda: view.record is not None)
    view.phone_edit.setText("12")
    view.alert_edit.setText("not saved")
    view.save()
    assert "phone" in view.errors.text("phone")
    assert view.errors.text("name") == ""
    assert stored(db, "Zoë Brontë").alert == ""


def test_ticking_contraindications_and_adding_another(qtbot, view, db, clinic):
    view.open_client(clinic["Zoë Brontë"])
    qtbot.waitUntil(lambda: view.record is not None)
    items = {view.flags.item(i).text(): view.flags.item(i) for i in range(view.flags.count())}
    items["anticoagulants"].setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(view.other_flag, "nut oil allergy")
    qtbot.keyClick(view.other_flag, Qt.Key.Key_Return)
    assert "Contraindications: anticoagulants, nut oil allergy" in view.banner.text()
    view.save()
    with db.read() as session:
        flags = session.scalars(select(m.ClientFlag.flag).where(
            m.ClientFlag.client_id == clinic["Zoë Brontë"])).all()
    assert sorted(flags) == ["anticoagulants", "nut oil allergy"]
    qtbot.waitUntil(lambda: view.record.flag_names == ("anticoagulants", "nut oil allergy"))


def test_double_clicking_a_history_row_asks_to_show_that_appointment(qtbot, view, clinic,
                                                                     bookings):
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                        start=local("2026-10-05 10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                        client_id=clinic["Zoë Brontë"]))
    view.open_client(clinic["Zoë Brontë"])
    qtbot.waitUntil(lambda: view.history_model.rowCount() == 1)
    rect = view.history.visualRect(view.history_model.index(0, 2))
    with qtbot.waitSignal(view.appointment_activated) as activated:
        # A real double click is press, release, double-click: the view needs the press.
        qtbot.mouseClick(view.history.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.history.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert activated.args == [appt.id]


def test_fits_a_1366_by_768_screen(view):
    hint = view.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700


def test_a_newer_query_wins_over_an_older_one(qtbot, view, clinic):
    qtbot.keyClicks(view.search, "zo")
    view._search()  # an answer to "zo" is under way ...
    view.search.setText("0101")  # ... when the caller's number comes in
    qtbot.waitUntil(lambda: [c.name for c in view.results_model.rows] == ["José Núñez"])
    view.door.wait()
    qtbot.wait(DEBOUNCE_MS * 2)
    assert [c.name for c in view.results_model.rows] == ["José Núñez"]
    view.search.clear()
    qtbot.waitUntil(lambda: view.results_model.rowCount() == 0)


def test_a_change_elsewhere_renews_the_history_but_keeps_what_is_being_typed(qtbot, view,
                                                                             clinic, book):
    client_id = clinic["Zoë Brontë"]
    view.open_client(client_id)
    qtbot.waitUntil(lambda: view.record is not None and view.record.id == client_id)
    assert view.history_model.rowCount() == 0
    qtbot.keyClicks(view.notes_edit, "Prefers a warm room")
    book("2026-10-05 10:00", client="Zoë Brontë")

    view.refresh_clients({client_id})
    qtbot.waitUntil(lambda: view.history_model.rowCount() == 1)
    assert view.notes_edit.toPlainText() == "Prefers a warm room" and view.unsaved()
