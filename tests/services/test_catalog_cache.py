"""The catalogue kept between searches and bookings (services.catalog.shared_catalog).

Two desks are two Database objects on one file: a set-up change made at one desk must reach
the other's next search or booking, whichever change it is; bookings and client changes,
which are not set-up, must not make a desk read the catalogue again.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.services import admin, clients
from frontdesk.services.catalog import load_catalog, shared_catalog
from tests.helpers import NOW, local


@pytest.fixture
def other_desk(db_url, clinic):
    database = open_database(db_url, create=False)
    yield database
    database.close()


def _shared(db):
    with db.read() as s:
        return shared_catalog(db, s)


def _fresh(db):
    with db.read() as s:
        return load_catalog(s)


CHANGES = {
    "service renamed": lambda db, c: admin.update_service(db, c["Swedish 60"], name="Swedish"),
    "service buffers": lambda db, c: admin.update_service(db, c["Swedish 60"], rest_after=5),
    "service added": lambda db, c: admin.add_service(db, "Reflexology 45", 45),
    "room features": lambda db, c: admin.update_room(db, c["Cedar"], features=["hot stone"]),
    "room added": lambda db, c: admin.add_room(db, "Oak"),
    "therapist inactive": lambda db, c: admin.update_therapist(db, c["Ben"], active=False),
    "therapist skills": lambda db, c: admin.update_therapist(db, c["Ben"],
                                                             service_ids=[c["Swedish 60"]]),
    "therapist hours": lambda db, c: admin.set_therapist_hours(
        db, c["Ana"], [(0, time(7), time(15))], []),
    "time off": lambda db, c: admin.add_time_off(db, c["Ana"], local("2026-10-05 09:00"),
                                                 local("2026-10-05 13:00"), "dentist"),
    "opening hours": lambda db, c: admin.set_opening_hours(db, [(0, time(6), time(22))]),
    "clinic settings": lambda db, c: admin.save_clinic(
        db, name="Renamed", timezone="America/Chicago", country="CA", slot_minutes=30),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_set_up_change_at_another_desk_reaches_this_one(db, other_desk, clinic, change):
    before = _shared(db)
    assert before == _fresh(db)
    CHANGES[change](other_desk, clinic)
    after = _shared(db)
    assert after != before
    assert after == _fresh(db)


def test_removing_time_off_reaches_this_desk(db, other_desk, clinic):
    off = admin.add_time_off(other_desk, clinic["Ana"], local("2026-10-05 09:00"),
                             local("2026-10-05 13:00"))
    assert _shared(db).therapists[clinic["Ana"]].time_off
    admin.remove_time_off(other_desk, off)
    assert not _shared(db).therapists[clinic["Ana"]].time_off


def test_bookings_and_clients_do_not_make_a_desk_read_the_catalogue_again(db, other_desk,
                                                                           clinic, book):
    kept = _shared(db)
    book("2026-10-05 10:00")
    with other_desk.write() as s:
        clients.new_client(s, "Ada Lovelace", phone="212-555-0199", at=NOW + timedelta(days=1))
    assert _shared(db) is kept  # the same object: nothing was read again
    admin.update_service(other_desk, clinic["Swedish 60"], minutes=50)
    assert _shared(db) is not kept


def test_each_open_database_keeps_its_own(db, other_desk, clinic):
    assert _shared(db) is not _shared(other_desk)
    assert _shared(db) == _shared(other_desk)
