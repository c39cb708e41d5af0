"""What changed since a point in the audit trail (frontdesk.services.changes).

Each test notes ``last_id`` first, makes changes through the real services (booking engine,
client record, admin, setup) against a real SQLite file, and asks ``since`` what happened.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.domain.status import Status
from frontdesk.services import admin, changes, client_record
from frontdesk.services.booking import BookingRequest, Bookings, NewClient
from frontdesk.services.changes import Changes
from frontdesk.services.setup import init_clinic
from tests.helpers import local


def mark(db) -> int:
    with db.read() as s:
        return changes.last_id(s)


def since(db, after: int, **kw) -> Changes:
    with db.read() as s:
        return changes.since(s, after, **kw)


# -- nothing ------------------------------------------------------------------------------


def test_an_empty_book_has_no_changes(db):
    assert mark(db) == 0
    assert since(db, 0) == Changes(0)
    assert not since(db, 0)


def test_nothing_after_the_last_id(db, clinic):
    n = mark(db)
    assert n > 0  # the clinic and its clients were recorded
    c = since(db, n)
    assert c == Changes(n) and not c
    assert c.appointment_ids == frozenset() and c.client_ids == frozenset() and not c.catalog


# -- the book -----------------------------------------------------------------------------


def test_a_booking_is_reported_by_appointment_id(db, book):
    before = mark(db)
    a = book("2026-10-05 10:00")
    c = since(db, before)
    assert c.appointment_ids == {a.id}
    assert c.client_ids == frozenset() and not c.catalog
    assert c and c.last_id == mark(db) > before
    # Asking again from where the answer left off gives nothing.
    assert since(db, c.last_id) == Changes(c.last_id)


def test_a_visit_given_to_another_therapist_names_both(db, book, bookings, clinic):
    from frontdesk.services.booking import Change

    a = book("2026-10-05 10:00")
    before = mark(db)
    bookings.change(a.id, Change(therapist_id=clinic["Ben"]))
    assert since(db, before).therapist_ids == {clinic["Ana"], clinic["Ben"]}


def test_moves_cancellations_and_status_changes_are_reported(db, book, bookings):
    a = book("2026-10-05 10:00")
    b = book("2026-10-05 14:00", client="Zoë Brontë")
    before = mark(db)
    bookings.move(a.id, local("2026-10-05 11:00"))
    assert since(db, before).appointment_ids == {a.id}
    assert since(db, before).therapist_ids == {a.therapist_id}
    middle = mark(db)
    bookings.cancel(b.id, "client ill")
    assert since(db, middle).appointment_ids == {b.id}
    assert since(db, before).appointment_ids == {a.id, b.id}
    after_cancel = mark(db)
    bookings.resize(a.id, 45)
    bookings.set_status(a.id, Status.CONFIRMED)
    c = since(db, after_cancel)
    assert c.appointment_ids == {a.id} and not c.catalog and not c.client_ids


def test_a_checkout_names_its_visits_and_clients_not_the_catalogue(db, book, clinic):
    """Another desk's checkout or void is read back as its visits (paid or not), not as a
    set-up change that would read the whole catalogue again."""
    from datetime import timedelta

    from frontdesk.domain.ledger import Method, Payment
    from frontdesk.services.checkout import CheckoutRequest, Checkouts

    a = book("2026-10-05 10:00", "Deep Tissue 60")
    after = Bookings(db, "t", now=lambda: a.end + timedelta(minutes=5))
    after.set_status(a.id, Status.ARRIVED)
    after.set_status(a.id, Status.COMPLETED)
    before = mark(db)
    desk = Checkouts(db, "Rosa", now=lambda: a.end + timedelta(minutes=10))
    due = desk.quote([a.id]).price
    receipt = desk.checkout(CheckoutRequest([a.id], [Payment(Method.CASH, due)]))
    paid = since(db, before)
    assert paid.appointment_ids == {a.id} and paid.client_ids == {clinic["José Núñez"]}
    assert not paid.catalog
    middle = mark(db)
    desk.void(receipt.number, "wrong visit")
    assert since(db, middle).appointment_ids == {a.id} and not since(db, middle).catalog


def test_only_changes_after_the_point_asked_about(db, book):
    a = book("2026-10-05 10:00")
    n = mark(db)
    b = book("2026-10-05 14:00", client="Zoë Brontë")
    assert since(db, n).appointment_ids == {b.id}
    assert since(db, n - 1).appointment_ids == {a.id, b.id}


def test_a_new_client_made_with_a_booking_is_reported(db, book):
    before = mark(db)
    a = book("2026-10-05 10:00", client=None, new_client=NewClient("Mia Wong", "212-555-0199"))
    c = since(db, before)
    assert c.appointment_ids == {a.id}
    assert c.client_ids == {a.client_id} and a.client_id is not None
    assert not c.catalog


def test_a_client_edit_is_reported(db, clinic):
    before = mark(db)
    client_record.update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="",
                                email="zoe@example.com", notes="", alert="", flags=())
    c = since(db, before)
    assert c.client_ids == {clinic["Zoë Brontë"]}
    assert c.appointment_ids == frozenset() and not c.catalog


def test_another_desk_sees_the_change(db_url, db, clinic, book, now):
    other = open_database(db_url)
    try:
        n = mark(other)
        desk2 = Bookings(other, actor="desk 2", now=lambda: now)
        a = desk2.book(BookingRequest(
            service_id=clinic["Swedish 60"], start=local("2026-10-05 10:00"),
            therapist_id=clinic["Ana"], room_id=clinic["Cedar"]))
        assert since(db, n).appointment_ids == {a.id}
    finally:
        other.close()


# -- the catalogue ------------------------------------------------------------------------


def test_setting_up_the_clinic_changes_the_catalogue(db):
    init_clinic(db, name="New Clinic", timezone="America/New_York")
    c = since(db, 0)
    assert c.catalog and c
    assert c.appointment_ids == frozenset() and c.client_ids == frozenset()
    n = mark(db)
    init_clinic(db, name="New Clinic")  # nothing new: no audit row, no change
    assert since(db, n) == Changes(n)
    init_clinic(db, name="Renamed Clinic")
    assert since(db, n).catalog


def test_the_standard_clinic_from_scratch(db, clinic):
    c = since(db, 0)
    assert c.catalog
    assert c.client_ids == {clinic["José Núñez"], clinic["Zoë Brontë"], clinic["李小龍"]}


@pytest.mark.parametrize("change", [
    lambda db, ids: admin.update_therapist(db, ids["Ben"], name="Benjamin"),
    lambda db, ids: admin.update_therapist(db, ids["Cleo"], active=True),
    lambda db, ids: admin.add_time_off(db, ids["Ana"], datetime(2026, 10, 5, 14),
                                       datetime(2026, 10, 5, 16), "dentist"),
    lambda db, ids: admin.update_room(db, ids["Birch"], active=True),
    lambda db, ids: admin.add_service(db, "Reflexology 45", 45),
], ids=["rename-therapist", "activate-therapist", "time-off", "room", "service"])
def test_catalogue_changes_are_flagged(db, clinic, change):
    before = mark(db)
    change(db, clinic.ids)
    c = since(db, before)
    assert c.catalog and c
    assert c.appointment_ids == frozenset() and c.client_ids == frozenset()
    assert c.last_id == mark(db)


def test_removing_time_off_changes_the_catalogue(db, clinic):
    off = admin.add_time_off(db, clinic["Ana"], datetime(2026, 10, 5, 14),
                             datetime(2026, 10, 5, 16))
    before = mark(db)
    admin.remove_time_off(db, off)
    assert since(db, before).catalog


def test_book_and_catalogue_changes_together(db, clinic, book):
    before = mark(db)
    a = book("2026-10-05 10:00")
    admin.update_therapist(db, clinic["Ben"], name="Benjamin")
    c = since(db, before)
    assert c.appointment_ids == {a.id} and c.catalog


# -- too much to list ---------------------------------------------------------------------


def test_past_the_limit_everything_is_stale(db, book):
    before = mark(db)
    for hour in ("09:00", "10:00", "11:00"):
        book(f"2026-10-05 {hour}")
    c = since(db, before, limit=2)
    assert c == Changes(mark(db), catalog=True)
    full = since(db, before, limit=10)
    assert len(full.appointment_ids) == 3 and not full.catalog
    assert full.last_id == mark(db)
