"""What happens to a booked visit (issue 12): who, what, notes and source changed through the
engine; a booking undone leaves the book (and comes back on redo); a late cancellation stays
one. Real SQLite, the standard test clinic (tests/helpers.py) on Monday 2026-10-05.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import delete, select

from frontdesk.db import models as m
from frontdesk.domain.errors import Refused, StaleEdit
from frontdesk.domain.status import Source, Status
from frontdesk.services import admin, schedule
from frontdesk.services.booking import Bookings, Change, NewClient
from tests.helpers import local, request


def at(hm: str, day: str = "2026-10-05") -> datetime:
    return local(f"{day} {hm}")


def stored(db, appointment_id: int) -> m.Appointment | None:
    with db.read() as s:
        return s.get(m.Appointment, appointment_id)


def audit(db, appointment_id: int) -> list[m.AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "appointments", m.AuditEntry.entity_id == appointment_id)
            .order_by(m.AuditEntry.id)))


def at_clock(db, when: datetime) -> Bookings:
    return Bookings(db, actor="tester", now=lambda: when)


@pytest.fixture
def walk_in(clinic, bookings):
    """A walk-in booked as F2, Enter, Alt+W books one: no client, source walk-in."""
    return bookings.book(request(clinic, "2026-10-05 10:00", client=None,
                                 source=Source.WALK_IN))


# -- naming a walk-in, and other changes of who, what and why ---------------------------------


def test_a_walk_in_is_named_afterwards(db, clinic, bookings, walk_in):
    named = bookings.change(walk_in.id, Change(client_id=clinic["Zoë Brontë"],
                                               expected_version=walk_in.version))
    assert (named.client, named.client_id) == ("Zoë Brontë", clinic["Zoë Brontë"])
    assert named.version == walk_in.version + 1
    entry = audit(db, walk_in.id)[-1]
    assert entry.action == "change"
    assert entry.before["client_id"] is None and entry.after["client_id"] == clinic["Zoë Brontë"]


def test_a_walk_in_is_named_with_a_new_card_in_the_same_transaction(db, clinic, bookings,
                                                                    walk_in):
    named = bookings.change(walk_in.id, Change(new_client=NewClient("Ines Vale", "646-555-0199")))
    assert named.client == "Ines Vale"
    with db.read() as s:
        assert s.scalar(select(m.Client.name).where(m.Client.id == named.client_id)) \
            == "Ines Vale"


def test_naming_runs_the_contraindication_check(db, clinic, bookings):
    admin.update_service(db, clinic["Swedish 60"], cautions=["pregnancy"])
    with db.write() as s:
        s.add(m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="pregnancy"))
    visit = bookings.book(request(clinic, "2026-10-05 10:00", client=None))
    with pytest.raises(Refused) as refused:
        bookings.change(visit.id, Change(client_id=clinic["Zoë Brontë"]))
    assert [v.code for v in refused.value.violations] == ["contraindicated"]
    assert stored(db, visit.id).client_id is None  # nothing changed
    named = bookings.change(visit.id, Change(client_id=clinic["Zoë Brontë"], acknowledge=True))
    assert named.client_id == clinic["Zoë Brontë"]
    assert stored(db, visit.id).cautions_acknowledged == "pregnancy"


def test_another_client_is_checked_against_the_book(db, clinic, bookings, walk_in):
    bookings.book(request(clinic, "2026-10-05 10:30", therapist="Ben", room="Willow",
                          client="José Núñez"))
    with pytest.raises(Refused) as refused:
        bookings.change(walk_in.id, Change(client_id=clinic["José Núñez"]))
    assert "client-busy" in [v.code for v in refused.value.violations]


def test_a_new_service_brings_its_length_and_price(db, clinic, bookings):
    a = bookings.book(request(clinic, "2026-10-05 10:00", "Swedish 60", room="Willow"))
    changed = bookings.change(a.id, Change(service_id=clinic["Hot Stone 90"]))
    assert changed.service == "Hot Stone 90"
    assert changed.end - changed.start == timedelta(minutes=90)
    with db.read() as s:
        price = s.scalar(select(m.Service.price_cents).where(
            m.Service.id == clinic["Hot Stone 90"]))
    assert stored(db, a.id).price_cents == price
    given = bookings.change(a.id, Change(service_id=clinic["Swedish 60"], minutes=45))
    assert given.end - given.start == timedelta(minutes=45)


def test_a_new_service_is_checked_by_the_rules(clinic, bookings):
    a = bookings.book(request(clinic, "2026-10-05 10:00", "Swedish 60", room="Cedar"))
    with pytest.raises(Refused) as refused:  # Cedar has no hot stones
        bookings.change(a.id, Change(service_id=clinic["Hot Stone 90"]))
    assert "room-feature" in [v.code for v in refused.value.violations]


def test_notes_and_source_change_and_are_audited(db, clinic, bookings, walk_in):
    changed = bookings.change(walk_in.id, Change(notes="  left shoulder  ",
                                                 source=Source.PHONE))
    assert (changed.notes, changed.source) == ("left shoulder", "phone")
    entry = audit(db, walk_in.id)[-1]
    assert (entry.before["notes"], entry.after["notes"]) == ("", "left shoulder")


def test_notes_may_be_written_during_and_after_the_visit_but_not_the_service(db, clinic,
                                                                             bookings, walk_in):
    desk = at_clock(db, at("10:05"))
    desk.set_status(walk_in.id, Status.ARRIVED)
    desk.set_status(walk_in.id, Status.IN_SESSION)
    noted = desk.change(walk_in.id, Change(notes="tight calves", start=walk_in.start))
    assert noted.notes == "tight calves"
    with pytest.raises(Refused) as refused:
        desk.change(walk_in.id, Change(service_id=clinic["Deep Tissue 60"]))
    v = refused.value.violations[0]
    assert (v.code, v.field) == ("not-movable", "service")
    assert "in session" in v.message


def test_a_cancelled_visit_keeps_its_notes(db, bookings, walk_in):
    bookings.cancel(walk_in.id, "ill")
    with pytest.raises(Refused) as refused:
        bookings.change(walk_in.id, Change(notes="x"))
    assert refused.value.violations[0].field == "notes"


def test_a_stale_change_is_refused(clinic, bookings, walk_in):
    bookings.change(walk_in.id, Change(notes="first"))
    with pytest.raises(StaleEdit):
        bookings.change(walk_in.id, Change(client_id=clinic["Zoë Brontë"],
                                           expected_version=walk_in.version))


def test_undo_of_naming_takes_the_client_off_again(clinic, bookings, walk_in):
    named = bookings.change(walk_in.id, Change(client_id=clinic["Zoë Brontë"]))
    back = bookings.change(walk_in.id, Change(no_client=True, expected_version=named.version))
    assert back.client_id is None


# -- undoing a booking ------------------------------------------------------------------------


def day_ids(db, day="2026-10-05") -> set[int]:
    with db.read() as s:
        start = local(f"{day} 00:00")
        return {a.id for a in schedule.between(s, start, start + timedelta(days=1),
                                                  include_cancelled=True)}


def test_a_withdrawn_booking_leaves_the_book_but_not_the_audit_trail(db, clinic, bookings,
                                                                      walk_in):
    bookings.withdraw(walk_in.id, expected_version=walk_in.version)
    assert stored(db, walk_in.id) is None
    assert walk_in.id not in day_ids(db)
    entries = audit(db, walk_in.id)
    assert [e.action for e in entries] == ["book", "withdraw"]
    assert entries[-1].before["id"] == walk_in.id and entries[-1].after is None


def test_a_reinstated_booking_comes_back_under_its_own_number(db, clinic, bookings, walk_in):
    bookings.withdraw(walk_in.id)
    back = bookings.reinstate(walk_in.id)
    assert back.id == walk_in.id
    assert (back.start, back.therapist_id, back.room_id, back.status) == \
        (walk_in.start, walk_in.therapist_id, walk_in.room_id, Status.BOOKED)
    assert back.version > walk_in.version  # a phone's calendar sees a newer event
    assert [e.action for e in audit(db, walk_in.id)] == ["book", "withdraw", "reinstate"]


def test_a_withdrawn_number_is_not_given_again(db, clinic, bookings, walk_in):
    bookings.withdraw(walk_in.id)
    other = bookings.book(request(clinic, "2026-10-05 14:00", client="Zoë Brontë"))
    assert other.id != walk_in.id
    assert bookings.reinstate(walk_in.id).id == walk_in.id


def test_reinstating_over_a_slot_taken_since_is_refused(db, clinic, bookings, walk_in):
    bookings.withdraw(walk_in.id)
    bookings.book(request(clinic, "2026-10-05 10:00", client="Zoë Brontë"))  # Ana, Cedar
    with pytest.raises(Refused):
        bookings.reinstate(walk_in.id)
    assert stored(db, walk_in.id) is None


def test_only_a_booking_nothing_happened_to_is_withdrawn(db, clinic, bookings, walk_in):
    confirmed = bookings.set_status(walk_in.id, Status.CONFIRMED)
    with pytest.raises(Refused) as refused:
        bookings.withdraw(walk_in.id, expected_version=confirmed.version)
    assert refused.value.violations[0].code == "not-withdrawable"
    assert stored(db, walk_in.id) is not None


# -- who is blamed when nothing is free -------------------------------------------------------


def test_nothing_free_never_blames_a_therapist_who_is_off_that_day(db, clinic, bookings):
    with db.write() as s:  # Saturday: Ana off, Ben 10:00-18:00
        s.execute(delete(m.TherapistHours).where(
            m.TherapistHours.therapist_id == clinic["Ana"], m.TherapistHours.weekday == 5))
        s.add(m.TherapistHours(therapist_id=clinic["Ben"], weekday=5, starts=time(10),
                               ends=time(18)))
    with pytest.raises(Refused) as refused:
        bookings.book(request(clinic, "2026-10-03 18:30", therapist=None, room=None))
    messages = [v.message for v in refused.value.violations]
    assert not any("Ana" in text for text in messages), messages
    assert any("Ben's hours" in text for text in messages), messages


def test_nobody_offering_the_service_works_that_day(db, clinic, bookings):
    with db.write() as s:  # Sunday: Ana off too (Ben works Monday to Friday)
        s.execute(delete(m.TherapistHours).where(
            m.TherapistHours.therapist_id == clinic["Ana"], m.TherapistHours.weekday == 6))
    with pytest.raises(Refused) as refused:
        bookings.book(request(clinic, "2026-10-04 11:00", therapist=None, room=None,
                              override="favour"))
    v = refused.value.violations[0]
    assert v.message == "no therapist offering Swedish 60 works on Sun 4 Oct"
    assert (v.code, v.field, v.soft) == ("nothing-free", "therapist", False)


def test_a_walk_in_not_named_is_called_a_guest_on_paper_as_on_screen(db, walk_in, tmp_path):
    """One word for a visit with no client card (domain/text.GUEST): the printed day and the
    calendar file say it as the day view and the lists do; the CSV, data for a spreadsheet,
    leaves the client's cells empty as it leaves client_id."""
    import csv

    from frontdesk.domain.text import GUEST
    from frontdesk.export import writer
    from frontdesk.services.catalog import load_catalog
    from frontdesk.services.daysheet import gather

    with db.read() as session:
        sheet = gather(session, load_catalog(session), walk_in.start.date(), 1,
                       now=walk_in.start)
    writer.write(sheet, "csv", tmp_path / "day.csv")
    writer.write(sheet, "ics", tmp_path / "day.ics")
    writer.write(sheet, "html", tmp_path / "day.html")
    with open(tmp_path / "day.csv", encoding="utf-8-sig", newline="") as f:
        [row] = [r for r in csv.DictReader(f) if int(r["id"]) == walk_in.id]
    assert row["client"] == row["client_id"] == ""
    assert f"<td class=''>{GUEST}</td>" in (tmp_path / "day.html").read_text(encoding="utf-8")
    assert f"Client: {GUEST}" in (tmp_path / "day.ics").read_text(encoding="utf-8")
