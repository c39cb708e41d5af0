
"""The "Find a time" dialog offscreen, over a real database and the real availability search.

The standard test clinic (tests/helpers.py) with the clock at Thursday 2026-10-01 08:00 local:
Ana works 09:00-17:00 (break 12:00-12:30), Ben 10:00-18:00; rooms Cedar and Willow.
Keys go to whichever widget has the focus, as a receptionist's would.
"""

from __future__ import annotations

import time
from datetime import UTC, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import Refused
from frontdesk.services import availability
from frontdesk.services.admin import update_service
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk.find_time_dialog import NOTHING_FREE, FindTimeDialog
from frontdesk.ui.desk.phrasing import from_now, matching
from frontdesk.ui.editing.prefill import EditorPrefill
from tests.helpers import NOW, TZ, local
from tests.ui.conftest import answer_question

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def opened():
    """What the dialog handed to the appointment editor."""
    return []


@pytest.fixture
def dialog(qtbot, db, clinic, bookings, opened):
    """``dialog(client="Zoë Brontë")``: a shown, active dialog booking through the engine.
    Afterwards every search still running (one a later keystroke overtook) is waited for
    before the book is closed: a connection still out when the engine is disposed would be
    left open, and surface later as a ResourceWarning in another test."""
    doors: list[Door] = []

    def make(client: str | None = None, book=None) -> FindTimeDialog:
        doors.append(Door(db, actor="tester", now=lambda: NOW))
        d = FindTimeDialog(doors[-1], book=book or bookings.book, open_editor=opened.append,
                           client_id=clinic[client] if client else None,
                           client_name=client or "")
        qtbot.addWidget(d)
        with qtbot.waitActive(d):
            d.show()
            d.activateWindow()
        return d
    yield make
    for door in doors:
        door.wait(5000)


class Keyboard:
    """Presses keys on the focused widget and counts them."""

    def __init__(self, qtbot):
        self.qtbot, self.count = qtbot, 0

    def type(self, text: str) -> None:
        for ch in text:
            self.press(ch)

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        focus = QApplication.focusWidget()
        assert focus is not None
        self.qtbot.keyClick(focus, key, modifier)
        self.count += 1
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FindTimeDialog):
                settle(widget)


def settle(d: FindTimeDialog) -> FindTimeDialog:
    """Wait for the search running off the GUI thread to show its answer."""
    deadline = time.monotonic() + 10
    while d.searching and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    assert not d.searching, "the search did not answer"
    return d


def shown(d: FindTimeDialog) -> list[tuple]:
    settle(d)
    items = [d.results.topLevelItem(i) for i in range(d.results.topLevelItemCount())]
    return [(o.start, o.therapist_id, o.room_id)
            for o in (item.data(0, Qt.ItemDataRole.UserRole) for item in items)]


def found(db, service_id: int, **kw) -> list[tuple]:
    query = availability.Query(service_id, **{"earliest": NOW, "count": 10, "days": 14, **kw})
    return [(o.start, o.therapist_id, o.room_id)
            for o in availability.find(db, query, lambda: NOW)]


def appointments(db) -> list[m.Appointment]:
    with db.read() as session:
        return list(session.scalars(select(m.Appointment)))


def utc(stored):
    """A stored instant as an aware UTC one (SQLite gives it back naive)."""
    return stored if stored.tzinfo else stored.replace(tzinfo=UTC)


def pick(box, value) -> None:
    box.setCurrentIndex(box.findData(value))


# -- the walk-in ------------------------------------------------------------------------

def test_a_walk_in_is_booked_three_keystrokes_after_the_service(qtbot, dialog, db, clinic):
    d = dialog()
    keys = Keyboard(qtbot)
    keys.type("swe")
    keys.press(Qt.Key.Key_Return)
    assert d.service.text() == "Swedish 60"
    settle(d)
    assert d.results.hasFocus() and d.results.currentItem() is d.results.topLevelItem(0)
    first = shown(d)[0]
    keys.count = 0  # the service is chosen: from here on the walk-in is counted
    keys.press(Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: d.result is not None)  # the button's mnemonic clicks animated
    assert keys.count <= 3
    [appt] = appointments(db)
    assert appt.source == "walk-in" and appt.client_id is None
    assert (utc(appt.starts_at), appt.therapist_id, appt.room_id) == first
    assert appt.service_id == clinic["Swedish 60"]
    assert d.result.id == appt.id and d.result.source == "walk-in"
    assert not d.isVisible()  # accepted


def test_ctrl_enter_on_a_time_books_the_walk_in_for_the_client(qtbot, dialog, db, clinic):
    d = dialog(client="José Núñez")
    keys = Keyboard(qtbot)
    keys.type("deep")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Down)
    second = shown(d)[1]
    keys.press(Qt.Key.Key_Return, CTRL)
    [appt] = appointments(db)
    assert appt.source == "walk-in" and appt.client_id == clinic["José Núñez"]
    assert (utc(appt.starts_at), appt.therapist_id, appt.room_id) == second


# -- the list of times ------------------------------------------------------------------

def test_services_match_a_prefix_of_the_name_or_of_any_word(dialog, clinic):
    d = dialog()
    with_names = lambda text: [s.name for s in matching(d.catalog.services.values(), text)]  # noqa: E731
    assert with_names("deep") == ["Deep Tissue 60"]
    assert with_names("SWE") == ["Swedish 60"]
    assert with_names("sto") == ["Hot Stone 90"]  # a later word
    assert with_names("60") == ["Deep Tissue 60", "Swedish 60"]
    assert with_names("xyz") == []


def test_results_follow_every_keystroke_and_filter(qtbot, dialog, db, clinic):
    d = dialog()
    assert shown(d) == [] and "service" in d.hint.text()  # nothing chosen: a hint
    keys = Keyboard(qtbot)
    keys.type("h")  # Hot Stone 90: only Ana, only Willow
    assert shown(d) == found(db, clinic["Hot Stone 90"])
    assert {room for _s, _t, room in shown(d)} == {clinic["Willow"]}
    keys.press(Qt.Key.Key_Backspace)
    keys.type("t")  # Trigger Point 30
    assert shown(d) == found(db, clinic["Trigger Point 30"])
    keys.press(Qt.Key.Key_Backspace)
    keys.type("deep")
    deep = clinic["Deep Tissue 60"]
    assert len(shown(d)) == 10 and shown(d) == found(db, deep)
    settle(d)
    assert d.results.topLevelItem(0).text(0) == "Thu 1 Oct 09:00"
    settle(d)
    assert d.results.topLevelItem(0).text(1) == "in 1 h"

    pick(d.therapist, clinic["Ben"])
    assert shown(d) == found(db, deep, therapist_id=clinic["Ben"])
    assert {t for _s, t, _r in shown(d)} == {clinic["Ben"]}
    pick(d.room, clinic["Willow"])
    assert shown(d) == found(db, deep, therapist_id=clinic["Ben"], room_id=clinic["Willow"])
    assert {r for _s, _t, r in shown(d)} == {clinic["Willow"]}
    pick(d.room, None)
    pick(d.therapist, None)

    d.today_only.setChecked(True)
    end_of_today = local("2026-10-02 00:00")
    assert shown(d) == found(db, deep, days=1, latest=end_of_today)
    assert shown(d) and all(s < end_of_today for s, _t, _r in shown(d))

    pick(d.part_of_day, "afternoon")
    afternoon = availability.PARTS_OF_DAY["afternoon"]
    assert shown(d) == found(db, deep, days=1, latest=end_of_today, window=afternoon)
    starts = [clock.to_local(s, TZ).time() for s, _t, _r in shown(d)]
    assert starts and all(afternoon[0] <= t < afternoon[1] for t in starts)

    pick(d.part_of_day, "evening")  # nobody works after 18:00 and Ben's last hour is 17:00
    assert shown(d) == found(db, deep, days=1, latest=end_of_today,
                             window=availability.PARTS_OF_DAY["evening"])
    pick(d.therapist, clinic["Ana"])
    assert shown(d) == [] and d.hint.text() == NOTHING_FREE
    assert not d.walk_in.isEnabled()


def test_the_earliest_time_moves_the_search(dialog, db, clinic):
    d = dialog()
    d.service.setText("swe")
    d._typed("swe")
    d.earliest.setDateTime(d.earliest.dateTime().addDays(4))  # Monday 08:00
    monday = local("2026-10-05 08:00")
    expected = found(db, clinic["Swedish 60"], earliest=monday)
    assert shown(d) == expected and expected[0][0] == local("2026-10-05 09:00")
    settle(d)
    assert d.results.topLevelItem(0).text(1) == "in 4 days"


def test_the_times_skip_when_the_client_is_already_booked(dialog, db, clinic, book):
    book("2026-10-01 09:00", "Swedish 60", therapist="Ana", room="Cedar", client="Zoë Brontë")
    d = dialog(client="Zoë Brontë")
    d.service.setText("swe")
    d._typed("swe")
    assert shown(d) == found(db, clinic["Swedish 60"], client_id=clinic["Zoë Brontë"],
                             client_name="Zoë Brontë")
    assert shown(d)[0][0] == local("2026-10-01 10:00")
    assert d.findChild(type(d.hint), "client").text() == "Zoë Brontë"


# -- Enter on a time --------------------------------------------------------------------

def test_enter_with_a_client_books_it_by_phone(qtbot, dialog, db, clinic, opened):
    d = dialog(client="Zoë Brontë")
    keys = Keyboard(qtbot)
    keys.type("swe")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Down)
    second = shown(d)[1]
    keys.press(Qt.Key.Key_Return)
    [appt] = appointments(db)
    assert appt.source == "phone" and appt.client_id == clinic["Zoë Brontë"]
    assert (utc(appt.starts_at), appt.therapist_id, appt.room_id) == second
    assert d.result.id == appt.id and opened == [] and not d.isVisible()


def test_enter_without_a_client_opens_the_editor_on_that_time(qtbot, dialog, db, clinic,
                                                              opened):
    d = dialog()
    keys = Keyboard(qtbot)
    keys.type("deep")
    keys.press(Qt.Key.Key_Return)
    start, therapist, room = shown(d)[0]
    keys.press(Qt.Key.Key_Return)
    assert opened == [EditorPrefill(start=start, therapist_id=therapist, room_id=room,
                                    minutes=None, service_id=clinic["Deep Tissue 60"],
                                    client_id=None)]
    assert appointments(db) == [] and d.result is None and not d.isVisible()


def test_a_refusal_is_shown_in_the_dialog(qtbot, dialog, db):
    def taken(_req):
        raise Refused("Ana was booked by another desk a moment ago")
    d = dialog(client="José Núñez", book=taken)
    keys = Keyboard(qtbot)
    keys.type("swe")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: d.error.isVisible())
    assert "another desk" in d.error.text()
    assert d.isVisible() and d.result is None


# -- contraindications ------------------------------------------------------------------

@pytest.fixture
def pregnant(db, clinic):
    """Deep Tissue 60 is advised against in pregnancy, and Zoë Brontë is pregnant."""
    update_service(db, clinic["Deep Tissue 60"], cautions=["pregnancy"])
    with db.write() as session:
        session.add(m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="pregnancy"))
    return clinic["Zoë Brontë"]


@pytest.mark.parametrize("yes", [True, False])
def test_a_contraindication_is_asked_before_booking(qtbot, dialog, db, pregnant, yes):
    d = dialog(client="Zoë Brontë")
    keys = Keyboard(qtbot)
    keys.type("deep")
    keys.press(Qt.Key.Key_Return)
    asked: list[str] = []
    answer_question(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No,
                    asked)
    keys.press(Qt.Key.Key_Return)
    assert len(asked) == 1 and "pregnancy" in asked[0] and "warning was read" in asked[0]
    if yes:
        [appt] = appointments(db)
        assert appt.client_id == pregnant and appt.cautions_acknowledged == "pregnancy"
        assert appt.source == "phone" and not d.isVisible()
    else:
        assert appointments(db) == []
        assert d.isVisible() and d.result is None
        assert d.error.isVisible() and "pregnancy" in d.error.text()


# -- "how long from now" ----------------------------------------------------------------

@pytest.mark.parametrize(("later", "text"), [
    (timedelta(0), "now"),
    (timedelta(seconds=40), "now"),
    (timedelta(minutes=-5), "now"),
    (timedelta(minutes=25), "in 25 min"),
    (timedelta(minutes=59, seconds=59), "in 59 min"),
    (timedelta(hours=1), "in 1 h"),
    (timedelta(hours=2, minutes=10), "in 2 h 10 min"),
    (timedelta(hours=15, minutes=59), "in 15 h 59 min"),  # 23:59 local, still today
    (timedelta(hours=16), "tomorrow"),  # midnight local
    (timedelta(days=1, hours=10), "tomorrow"),
    (timedelta(days=3), "in 3 days"),
])
def test_how_long_from_now(later, text):
    assert from_now(NOW + later, NOW, TZ) == text


def test_how_long_from_now_late_in_the_evening_is_minutes_not_tomorrow():
    late = local("2026-10-01 23:30")
    assert from_now(late + timedelta(minutes=45), late, TZ) == "in 45 min"
    assert from_now(late + timedelta(hours=2), late, TZ) == "tomorrow"


def test_the_walk_in_button_says_when_the_time_is_not_now(qtbot, dialog):
    """At 08:00 (before anyone works) the first Swedish is at 09:00: the button says so; a
    time days ahead gives its day."""
    dialog = dialog()
    qtbot.keyClicks(dialog.service, "swe")
    qtbot.keyClick(dialog.service, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.selected() is not None)
    assert dialog.walk_in.text() == "&Walk-in at 09:00"
    dialog.earliest.setDateTime(dialog.earliest.dateTime().addDays(3))
    qtbot.waitUntil(lambda: not dialog.searching and dialog.selected() is not None
                    and dialog.selected().start.day == 4)
    assert dialog.walk_in.text() == "&Walk-in Sun 4 Oct"
