"""The caller lookup offscreen over a real database: type what the caller says, act on it.

José Núñez has four appointments with Ana in Cedar, booked on 2026-10-01 (NOW): Mon 5 Oct
(no-show), Tue 6 Oct (late cancel), Wed 7 Oct (completed) and Tue 20 Oct (booked). The
dialog's clock stands at LATER, 2026-10-10, between the past ones and the booked one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from frontdesk.domain.status import Status
from frontdesk.services.booking import Bookings
from frontdesk.services.client_record import update_client
from frontdesk.services.clients import new_client
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk.caller_dialog import (
    ALERT,
    CLIENT,
    LAST,
    LATE,
    NEXT,
    NO_SHOWS,
    VISITS,
    CallerDialog,
)
from tests.helpers import NOW

LATER = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def history(db, clinic, book):
    """José's visits, their outcomes set at LATER; his alert and one contraindication."""
    ids = {day: book(f"2026-10-{day} 10:00").id for day in ("05", "06", "07", "20")}
    later = Bookings(db, actor="tester", now=lambda: LATER)
    later.set_status(ids["05"], Status.NO_SHOW)
    later.cancel(ids["06"], "called an hour before", late=True)
    later.set_status(ids["07"], Status.ARRIVED)
    later.set_status(ids["07"], Status.COMPLETED)
    update_client(db, clinic["José Núñez"], name="José Núñez", phone="212-555-0101", email="",
                  notes="", alert="Latex allergy", flags=["anticoagulants"], at=LATER)
    return ids


@pytest.fixture
def dialog(qtbot, db, clinic):
    widget = CallerDialog(Door(db, actor="tester", now=lambda: LATER))
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def row(dialog: CallerDialog, index: int = 0) -> dict[int, str]:
    item = dialog.results.topLevelItem(index)
    return {column: item.text(column) for column in range(dialog.results.columnCount())}


def test_last_four_digits_find_the_client_with_his_visits_and_record(qtbot, dialog, clinic,
                                                                     history):
    assert dialog.search.hasFocus()
    qtbot.keyClicks(dialog.search, "0101")
    assert [c.name for c in dialog.cards] == ["José Núñez"]
    shown = row(dialog)
    assert shown[CLIENT] == "José Núñez\n+1 212-555-0101"
    assert shown[NEXT] == "Tue 20 Oct 10:00\nSwedish 60 with Ana"
    assert shown[LAST] == "Wed 7 Oct 10:00\nSwedish 60 · completed"
    assert (shown[VISITS], shown[NO_SHOWS], shown[LATE]) == ("1", "1", "1")
    item = dialog.results.topLevelItem(0)
    assert item.font(NO_SHOWS).bold() and item.font(LATE).bold()
    assert not item.font(VISITS).bold()
    assert dialog.results.currentItem() is item
    assert "1 client" in dialog.note.text()


def test_alert_and_contraindications_are_shown_in_red(qtbot, dialog, clinic, history):
    qtbot.keyClicks(dialog.search, "jose")
    item = dialog.results.topLevelItem(0)
    assert item.text(ALERT) == "⚠ Latex allergy · anticoagulants"
    assert item.foreground(ALERT).color().name() == "#b3261e"
    assert dialog.banner.isVisible()
    assert dialog.banner.text() == "⚠ José Núñez: Latex allergy · anticoagulants"
    assert "alert: Latex allergy" in item.data(CLIENT, Qt.ItemDataRole.AccessibleTextRole)


def test_a_name_prefix_finds_a_client_with_nothing_booked(qtbot, dialog, clinic):
    qtbot.keyClicks(dialog.search, "zo")
    assert [c.name for c in dialog.cards] == ["Zoë Brontë"]
    shown = row(dialog)
    assert shown[CLIENT] == "Zoë Brontë\n+1 917-555-0102"
    assert (shown[NEXT], shown[LAST]) == ("nothing booked", "never")
    assert (shown[NO_SHOWS], shown[LATE], shown[ALERT]) == ("0", "0", "")
    assert dialog.banner.isHidden()


def test_enter_asks_to_find_a_time_for_the_selected_client(qtbot, dialog, clinic):
    qtbot.keyClicks(dialog.search, "zo")
    with qtbot.waitSignal(dialog.find_time_requested) as asked:
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert asked.args == [clinic["Zoë Brontë"], "Zoë Brontë"]
    assert dialog.result() == CallerDialog.DialogCode.Accepted


def test_arrow_keys_in_the_search_field_move_the_selection(qtbot, db, dialog, clinic):
    with db.write() as session:
        new_client(session, "Zora Adams", phone="718-555-0177", at=NOW)
    qtbot.keyClicks(dialog.search, "zo")
    names = [c.name for c in dialog.cards]
    assert sorted(names) == ["Zora Adams", "Zoë Brontë"]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.current().name == names[1]
    assert dialog.search.text() == "zo"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)  # stays on the first
    assert dialog.current().name == names[0]
    with qtbot.waitSignal(dialog.waitlist_requested) as asked:
        qtbot.keyClick(dialog.search, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert asked.args[1] == names[0]


def test_open_client_button(qtbot, dialog, clinic):
    qtbot.keyClicks(dialog.search, "0102")
    with qtbot.waitSignal(dialog.client_requested) as asked:
        dialog.client_button.click()
    assert asked.args == [clinic["Zoë Brontë"]]


def test_no_match_says_so_and_disables_the_actions(qtbot, dialog, clinic):
    qtbot.keyClicks(dialog.search, "xyz")
    assert dialog.cards == [] and dialog.results.topLevelItemCount() == 0
    assert dialog.empty.text() == "No client matches “xyz”"
    assert dialog.empty.isVisible() and not dialog.results.isVisible()
    assert not dialog.find_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.find_time_requested):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible()
