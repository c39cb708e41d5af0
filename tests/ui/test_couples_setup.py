"""Set-up for couples sessions in the real set-up dialog: a room's capacity, a service's
"couples service" box, and a capacity that would leave a booked pair without room refused
at its field."""

from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import Qt

from frontdesk.domain import clock
from frontdesk.services.booking import Bookings, Partner
from frontdesk.ui.core.door import Door
from frontdesk.ui.setup import SetupDialog
from tests.helpers import TZ, request
from tests.services.test_couples import add_couples
from tests.ui.test_setup_screens import catalog, click, dialog, pick, retype, tick

__all__ = ["dialog"]  # the set-up screens' fixture, used here too


def test_a_rooms_capacity_and_a_couples_service_are_set_and_saved(qtbot, dialog, db):
    rooms = dialog.rooms
    dialog.tabs.setCurrentWidget(rooms)
    pick(qtbot, rooms, "Cedar")
    assert rooms.capacity.value() == 1
    retype(qtbot, rooms.capacity, "2")
    click(qtbot, rooms.save_button)
    assert {r.name: r.capacity for r in catalog(db).rooms.values()}["Cedar"] == 2
    services = dialog.services
    dialog.tabs.setCurrentWidget(services)
    pick(qtbot, services, "Swedish 60")
    assert not services.couples.isChecked()
    tick(qtbot, services.couples)
    click(qtbot, services.save_button)
    assert catalog(db).service("Swedish 60").party_size == 2
    pick(qtbot, services, "Trigger Point 30")
    pick(qtbot, services, "Swedish 60")
    assert services.couples.isChecked()


def test_a_capacity_below_a_couple_to_come_is_refused_at_its_field(qtbot, db, clinic):
    add_couples(db, clinic)
    real_now = clock.utcnow()
    day = (real_now + timedelta(days=3)).astimezone(TZ).date()
    while day.weekday() > 4:  # Ben works Monday to Friday
        day += timedelta(days=1)
    start = datetime.combine(day, time(11), tzinfo=TZ).astimezone(UTC)
    Bookings(db, now=lambda: real_now).book_party(request(
        clinic, start, "Couples 60", room="Oak",
        partners=(Partner(client_id=clinic["Zoë Brontë"], therapist_id=clinic["Ben"]),)))
    dlg = SetupDialog(Door(db, actor="owner"))
    qtbot.addWidget(dlg)
    dlg.show()
    page = dlg.rooms
    dlg.tabs.setCurrentWidget(page)
    pick(qtbot, page, "Oak")
    assert page.capacity.value() == 2
    retype(qtbot, page.capacity, "1")
    qtbot.keyClick(page.capacity, Qt.Key.Key_Tab)
    click(qtbot, page.save_button)
    assert "a booking for 2 clients together" in page.errors.text("capacity")
    assert {r.name: r.capacity for r in catalog(db).rooms.values()}["Oak"] == 2
