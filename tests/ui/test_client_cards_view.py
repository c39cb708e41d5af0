"""The clients window's cards: add (offering an existing card), deactivate, merge, Esc."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.services import client_cards
from tests.helpers import NOW, request


@pytest.fixture
def view(clients_window):
    return clients_window


def cards(db) -> dict[str, list[tuple[int, bool]]]:
    with db.read() as s:
        out: dict[str, list[tuple[int, bool]]] = {}
        for c in s.scalars(select(m.Client).order_by(m.Client.id)):
            out.setdefault(c.name, []).append((c.id, c.active))
        return out


def opened(qtbot, view, client_id: int) -> None:
    qtbot.waitUntil(lambda: view.record is not None and view.record.id == client_id)


def new_dialog(qtbot, view, name: str, phone: str = ""):
    dialog = view.new_client()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.phone, phone)
    return dialog


def test_add_a_card_opens_it_and_undo_deactivates_it(qtbot, view, db):
    dialog = new_dialog(qtbot, view, "Mara Lee", "646 555 0199")
    dialog.flags.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    [(mara, active)] = cards(db)["Mara Lee"]
    assert active
    opened(qtbot, view, mara)
    assert view.card_actions.state.text() == f"#{mara}"
    assert view.record.flag_names == (dialog.flags.item(0).text(),)
    view.door.ops.stack.undo()
    assert cards(db)["Mara Lee"] == [(mara, False)]


def test_a_duplicate_is_offered_and_taken_without_a_second_card(qtbot, view, db, clinic):
    before = cards(db)
    dialog = new_dialog(qtbot, view, "Jose Nunez")  # José Núñez's card exists
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.offer.isVisible() and dialog.isVisible()
    jose = clinic["José Núñez"]
    [use] = dialog.offer.use_buttons
    assert use.text() == f"Use José Núñez #{jose}"
    assert dialog.focusWidget() is use and use.isDefault()  # Enter takes the card

    qtbot.keyClick(use, Qt.Key.Key_Return)
    assert dialog.client_id == jose and not dialog.isVisible()
    assert cards(db) == before
    opened(qtbot, view, jose)


def test_add_anyway_makes_the_second_card(qtbot, view, db, clinic):
    dialog = new_dialog(qtbot, view, "Someone Else", "212-555-0101")  # José's phone
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "same phone" in dialog.offer.note.text()
    qtbot.mouseClick(dialog.offer.anyway, Qt.MouseButton.LeftButton)
    assert len(cards(db)["Someone Else"]) == 1


def test_a_bad_phone_is_shown_at_its_field(qtbot, view, db):
    dialog = new_dialog(qtbot, view, "Mara Lee", "12")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "phone" in dialog.errors.text("phone")
    assert dialog.isVisible() and "Mara Lee" not in cards(db)


def deactivate_asked(qtbot, view, client_id: int):
    view.open_client(client_id)
    opened(qtbot, view, client_id)
    qtbot.mouseClick(view.card_actions.active_button, Qt.MouseButton.LeftButton)
    box = view.card_actions.confirm
    assert box is not None and box.isVisible()
    qtbot.addWidget(box)
    return box


def test_deactivate_asks_first_saying_the_visits_still_booked(qtbot, view, db, clinic,
                                                               bookings):
    zoe = clinic["Zoë Brontë"]
    for start in ("2026-10-05 10:00", "2026-10-07 14:00"):
        bookings.book(request(clinic, start, client=zoe))
    box = deactivate_asked(qtbot, view, zoe)
    assert cards(db)["Zoë Brontë"] == [(zoe, True)]  # asked, nothing done yet
    assert f"Deactivate Zoë Brontë #{zoe}?" in box.text()
    assert "2 visits are still booked, and they stay booked" in box.text()
    box.reject()
    assert cards(db)["Zoë Brontë"] == [(zoe, True)]

    box = deactivate_asked(qtbot, view, zoe)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the named button is the box's default
    assert cards(db)["Zoë Brontë"] == [(zoe, False)]
    qtbot.waitUntil(lambda: not view.record.active)
    assert "deactivated" in view.card_actions.state.text()
    assert view.card_actions.active_button.text() == "&Reactivate"
    qtbot.mouseClick(view.card_actions.active_button, Qt.MouseButton.LeftButton)
    assert cards(db)["Zoë Brontë"] == [(zoe, True)]  # reactivating is not asked


def test_deactivate_says_when_nothing_is_booked(qtbot, view, clinic):
    box = deactivate_asked(qtbot, view, clinic["Zoë Brontë"])
    assert "No visits are booked ahead." in box.text()


def test_ctrl_z_and_ctrl_shift_z_in_the_clients_window(qtbot, view, db, clinic):
    from PySide6.QtWidgets import QApplication

    zoe = clinic["Zoë Brontë"]
    view.open_client(zoe)
    opened(qtbot, view, zoe)
    view.door.ops.set_client_active(zoe, "Zoë Brontë", False)
    assert cards(db)["Zoë Brontë"] == [(zoe, False)]
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.history.setFocus()
    qtbot.keyClick(view.history, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cards(db)["Zoë Brontë"] == [(zoe, True)]
    assert view.saved_note.text() == "Undone: Deactivate Zoë Brontë's card"
    qtbot.waitUntil(lambda: view.record.active)
    qtbot.keyClick(view.history, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert cards(db)["Zoë Brontë"] == [(zoe, False)]
    qtbot.waitUntil(lambda: not view.record.active)


@pytest.fixture
def twin(db, clinic, bookings):
    """A second card for José Núñez with two phones of its own and one visit to come."""
    other = client_cards.add(db, "Jose Nunes", phone="917 555 0123", allow_duplicate=True,
                             now=lambda: NOW)
    with db.write() as s:
        card = s.get(m.Client, other.id)
        card.phones.append(m.ClientPhone(
            e164="+17185550177", digits="7185550177", digits_reversed="7185550177"[::-1]))
    visit = bookings.book(request(clinic, "2026-10-05 10:00", client=other.id))
    return other, visit


def merge_dialog(qtbot, view, kept: int):
    view.open_client(kept)
    opened(qtbot, view, kept)
    dialog = view.card_actions.merge()
    qtbot.addWidget(dialog)
    return dialog


def test_merge_shows_the_card_typed_by_number_and_enter_does_not_merge(qtbot, view, db,
                                                                     clinic, twin):
    other, visit = twin
    jose = clinic["José Núñez"]
    dialog = merge_dialog(qtbot, view, jose)
    qtbot.keyClicks(dialog.client, f"#{other.id}")  # no Enter: the number is enough
    assert dialog.merge_button.isEnabled()
    shown = dialog.card.text()
    assert f"Jose Nunes #{other.id}" in shown
    assert "+1 917-555-0123" in shown and "+1 718-555-0177" in shown
    assert "1 appointment (1 still booked) and 0 waitlist entries move" in dialog.what.text()
    button = dialog.merge_button
    assert button.isEnabled() and not button.isDefault() and not button.autoDefault()
    assert button.text().replace("&", "") == \
        f"Merge Jose Nunes #{other.id} into José Núñez #{jose}"
    qtbot.keyClick(dialog.client, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.client, Qt.Key.Key_Return)
    assert dialog.isVisible()
    with db.read() as s:
        assert s.get(m.Client, other.id).merged_into_id is None

    with qtbot.waitSignal(view.door.ops.changed) as changed:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert visit.id in changed.args[0].appointment_ids
    with db.read() as s:
        assert s.get(m.Appointment, visit.id).client_id == jose
        assert s.get(m.Client, other.id).merged_into_id == jose
    qtbot.waitUntil(lambda: view.record.counts.total == 1)
    assert {"+1 917-555-0123", "+1 718-555-0177"} <= set(view.record.phones)
    assert "+1 718-555-0177" in view.other_phones.text()
    view.search.setText("555 0177")  # the merged card's second phone finds the card kept
    qtbot.waitUntil(lambda: [c.id for c in view.results_model.rows] == [jose])


def test_merge_takes_a_bare_number_and_a_type_ahead_pick_without_merging(qtbot, view, db,
                                                                        clinic, twin):
    other, _visit = twin
    dialog = merge_dialog(qtbot, view, clinic["José Núñez"])
    qtbot.keyClicks(dialog.client, str(other.id))
    assert f"#{other.id}" in dialog.card.text() and dialog.merge_button.isEnabled()
    dialog.client.clear()
    qtbot.keyClicks(dialog.client, "Jose Nunes")
    assert not dialog.merge_button.isEnabled()
    popup = dialog.type_ahead.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the highlighted suggestion is taken
    with db.read() as s:
        assert s.get(m.Client, other.id).merged_into_id is None  # and nothing more
    assert dialog.isVisible()
    assert f"Jose Nunes #{other.id}" in dialog.card.text()
    assert dialog.merge_button.isEnabled()


def test_merge_refuses_the_card_into_itself(qtbot, view, clinic):
    jose = clinic["José Núñez"]
    view.open_client(jose)
    opened(qtbot, view, jose)
    dialog = view.card_actions.merge()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.client, f"#{jose}")
    qtbot.keyClick(dialog.client, Qt.Key.Key_Return)
    assert not dialog.merge_button.isEnabled()
    assert "card kept" in dialog.what.text()


def test_esc_closes_the_clients_window(qtbot, view):
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_esc_with_unsaved_details_asks_once_then_discards(qtbot, view, clinic):
    view.open_client(clinic["José Núñez"])
    opened(qtbot, view, clinic["José Núñez"])
    qtbot.keyClicks(view.alert_edit, "x")
    qtbot.keyClick(view.alert_edit, Qt.Key.Key_Escape)
    assert view.isVisible() and "Not saved" in view.errors.general.text()
    qtbot.keyClick(view.alert_edit, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_enter_in_the_new_client_dialog_adds_the_card(qtbot, view, db):
    dialog = new_dialog(qtbot, view, "Mara Lee", "646 555 0199")
    assert dialog.add_button.isDefault()
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    [(mara, _active)] = cards(db)["Mara Lee"]
    opened(qtbot, view, mara)


def test_enter_on_a_duplicate_name_offers_the_card_instead_of_cancelling(qtbot, view, db,
                                                                          clinic):
    before = cards(db)
    dialog = new_dialog(qtbot, view, "Jose Nunez")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.offer.isVisible()
    assert dialog.name.text() == "Jose Nunez" and cards(db) == before
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Mara Lee")  # the offer is withdrawn: Enter adds again
    assert not dialog.offer.isVisible() and dialog.add_button.isDefault()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(cards(db)["Mara Lee"]) == 1


def test_enter_with_a_bad_field_shows_it_and_keeps_the_dialog(qtbot, view, db):
    dialog = new_dialog(qtbot, view, "Mara Lee", "12")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert dialog.isVisible() and "phone" in dialog.errors.text("phone")
    assert dialog.phone.text() == "12" and "Mara Lee" not in cards(db)


def test_after_a_merge_the_results_list_the_card_kept_only(qtbot, view, db, clinic, twin):
    other, _visit = twin
    jose = clinic["José Núñez"]
    view.search.setText("Jose")
    qtbot.waitUntil(lambda: {jose, other.id} <= {c.id for c in view.results_model.rows})
    dialog = merge_dialog(qtbot, view, jose)
    qtbot.keyClicks(dialog.client, f"#{other.id}")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: other.id not in {c.id for c in view.results_model.rows})
    assert jose in {c.id for c in view.results_model.rows}


def test_the_new_client_dialog_shows_every_field_whole_and_adds_other_flags(qtbot, view,
                                                                              db):
    from frontdesk.domain.contraindications import KNOWN_FLAGS

    dialog = new_dialog(qtbot, view, "Mara Lee")
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= screen.width()
    assert dialog.frameGeometry().height() <= screen.height()
    alert = dialog.alert
    assert alert.fontMetrics().horizontalAdvance(alert.placeholderText()) < \
        alert.contentsRect().width() - 8
    flags = dialog.flags
    last = flags.visualItemRect(flags.item(len(KNOWN_FLAGS) - 1))
    assert flags.viewport().rect().contains(last)  # the whole list, no row cut
    other = dialog.picker.other
    assert other.isVisible()
    qtbot.keyClicks(other, "Latex allergy")
    qtbot.keyClick(other, Qt.Key.Key_Return)  # adds the flag, does not add the card
    assert dialog.isVisible() and "Mara Lee" not in cards(db)
    assert dialog.checked_flags() == ("Latex allergy",)
    qtbot.keyClick(other, Qt.Key.Key_Return)  # an empty "Other…": Enter adds the card
    assert dialog.result() == dialog.DialogCode.Accepted
    [(mara, _active)] = cards(db)["Mara Lee"]
    opened(qtbot, view, mara)
    assert view.record.flag_names == ("Latex allergy",)


def test_a_fee_owed_is_waived_from_the_card_with_its_reason(qtbot, view, db, clinic,
                                                             bookings):
    """The card of a client who owes a no-show fee offers Waive fee…; waiving part of it
    with a reason leaves the rest owed, said on the card; with nothing owed it is gone."""
    from datetime import timedelta

    from frontdesk.domain.status import Status
    from frontdesk.services.fees import Fees

    jose = clinic["José Núñez"]
    visit = bookings.book(request(clinic, "2026-10-05 10:00", client="José Núñez"))
    later = visit.end + timedelta(minutes=5)
    Fees(db, "t", now=lambda: later).mark(visit.id, Status.NO_SHOW, fee=2500)
    view.open_client(jose)
    opened(qtbot, view, jose)
    assert view.card_actions.waive_button.isVisible()
    assert "owes $25.00" in view.summary.text()
    dialog = view.card_actions.waive()
    assert dialog is not None and dialog.amount.text() == "25.00"
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "10")
    dialog.ok.click()
    assert "needs a reason" in dialog.errors.text("reason")
    qtbot.keyClicks(dialog.reason, "first time")
    dialog.ok.click()
    qtbot.waitUntil(lambda: "owes $15.00" in view.summary.text())
    assert Fees(db, now=lambda: NOW).owed(jose)[0] == 1500
    assert "Fee waived" in view.saved_note.text()
    dialog = view.card_actions.waive()
    dialog.reason.setText("all of it")
    dialog.ok.click()
    qtbot.waitUntil(lambda: not view.card_actions.waive_button.isVisible())
