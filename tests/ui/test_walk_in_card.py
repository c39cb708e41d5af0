"""The walk-in of "Find a time" (F2, Alt+W) with a name and phone typed in the dialog: the
card is made with the booking, an existing card like it is offered, and no name still
books a visit with no client card (a "Guest")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db import models as m
from tests.ui.test_find_time import ALT, Keyboard, appointments, dialog, opened, settle

__all__ = ["dialog", "opened"]  # the fixtures, shared with test_find_time


def clients_named(db, name: str) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(m.Client.id).where(m.Client.name == name)))


def choose_service(qtbot, d) -> Keyboard:
    keys = Keyboard(qtbot)
    keys.type("swe")
    keys.press(Qt.Key.Key_Return)
    settle(d)
    return keys


def test_a_named_walk_in_gets_a_new_card_with_the_booking(qtbot, dialog, db):
    d = dialog()
    choose_service(qtbot, d)
    qtbot.keyClicks(d.walk_in_name, "Mara Lee")
    qtbot.keyClicks(d.walk_in_phone, "646 555 0199")
    qtbot.keyClick(d.walk_in_phone, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: d.result is not None)
    [mara] = clients_named(db, "Mara Lee")
    [appt] = appointments(db)
    assert appt.client_id == mara and appt.source == "walk-in"


def test_a_walk_in_like_a_known_client_is_offered_that_card(qtbot, dialog, db, clinic):
    d = dialog()
    choose_service(qtbot, d)
    qtbot.keyClicks(d.walk_in_name, "Jose Nunez")  # José Núñez has a card
    qtbot.keyClick(d.walk_in_name, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: d.offer.isVisible())
    assert appointments(db) == [] and d.result is None  # nothing booked yet
    jose = clinic["José Núñez"]
    [use] = d.offer.use_buttons
    assert use.text() == f"Use José Núñez #{jose}" and use.isDefault()
    qtbot.keyClick(use, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.result is not None)
    [appt] = appointments(db)
    assert appt.client_id == jose
    assert clients_named(db, "Jose Nunez") == []


def test_add_anyway_books_a_new_card_for_the_walk_in(qtbot, dialog, db, clinic):
    d = dialog()
    choose_service(qtbot, d)
    qtbot.keyClicks(d.walk_in_name, "Someone Else")
    qtbot.keyClicks(d.walk_in_phone, "212-555-0101")  # José Núñez's phone
    qtbot.keyClick(d.walk_in_phone, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: d.offer.isVisible())
    assert "same phone" in d.offer.note.text()
    qtbot.mouseClick(d.offer.anyway, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.result is not None)
    [someone] = clients_named(db, "Someone Else")
    assert [a.client_id for a in appointments(db)] == [someone]


def test_a_walk_in_without_a_name_is_booked_with_no_client(qtbot, dialog, db):
    d = dialog()
    choose_service(qtbot, d)
    qtbot.keyClick(d.results, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: d.result is not None)
    [appt] = appointments(db)
    assert appt.client_id is None


def test_the_walk_in_fields_are_not_shown_for_a_known_caller(qtbot, dialog, clinic):
    d = dialog(client="José Núñez")
    assert not d.walk_in_name.isVisible()
