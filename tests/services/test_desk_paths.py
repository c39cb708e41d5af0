"""The engine behind the desk's fast paths, on a real SQLite file: caller lookup, the
waitlist, tomorrow's calls, contraindication acknowledgement, and find-a-time's filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.status import Status
from frontdesk.services import admin, availability, caller, calls, waitlist
from frontdesk.services.booking import BookingRequest, Bookings
from frontdesk.services.client_record import update_client
from tests.helpers import NOW, TZ, local

LATER = NOW + timedelta(days=10)


# -- caller lookup ----------------------------------------------------------------------

def test_the_last_four_digits_find_the_caller_with_next_last_and_counts(db, clinic, book):
    past = [book(f"2026-10-0{d} 10:00") for d in (5, 6, 7)]
    upcoming = book("2026-10-20 11:00", "Deep Tissue 60")
    later = Bookings(db, actor="tester", now=lambda: LATER)
    later.set_status(past[0].id, Status.NO_SHOW)
    later.cancel(past[1].id, "called an hour before", late=True)
    with db.read() as s:
        cards = caller.lookup(s, "0101", LATER)
    assert [c.name for c in cards] == ["José Núñez"]
    card = cards[0]
    assert (card.no_shows, card.late_cancels) == (1, 1)
    assert card.next.id == upcoming.id
    assert card.last.id == past[2].id
    assert card.phone.endswith("555-0101")


@pytest.mark.parametrize("text, who", [("zo", "Zoë Brontë"), ("bronte", "Zoë Brontë"),
                                      ("212 555", "José Núñez"), ("5550102", "Zoë Brontë")])
def test_any_part_of_a_name_or_number_finds_the_caller(db, clinic, text, who):
    with db.read() as s:
        assert [c.name for c in caller.lookup(s, text, NOW)] == [who]


def test_a_caller_with_nothing_booked_has_no_next_or_last(db, clinic):
    with db.read() as s:
        card = caller.lookup(s, "zoe", NOW)[0]
    assert (card.next, card.last, card.no_shows, card.visits) == (None, None, 0, 0)


# -- waitlist ---------------------------------------------------------------------------

def _wish(clinic, **kw):
    kw.setdefault("client_id", clinic["Zoë Brontë"])
    kw.setdefault("service_id", clinic["Swedish 60"])
    return waitlist.Wish(**kw)


def test_a_cancellation_matches_the_waiting_client_and_booking_removes_the_entry(
        db, clinic, bookings, book):
    taken = book("2026-10-05 14:00", therapist="Ana", room="Cedar")
    entry_id = waitlist.add(db, _wish(clinic, therapist_id=clinic["Ana"],
                                      weekdays=frozenset({0}), earliest=time(13),
                                      latest=time(16)), now=lambda: NOW)
    waitlist.add(db, _wish(clinic, client_id=clinic["李小龍"], weekdays=frozenset({2})),
                 now=lambda: NOW)  # Wednesdays only: no match on a Monday
    bookings.cancel(taken.id, "ill")
    found = waitlist.matches(db, taken.start, taken.end, taken.therapist_id, taken.room_id,
                             now=lambda: NOW)
    assert [(x.entry.client, x.entry.phone) for x in found] == [("Zoë Brontë",
                                                                 "+1 917-555-0102")]
    x = found[0]
    bookings.book(BookingRequest(service_id=x.entry.service_id, start=x.start,
                                 client_id=x.entry.client_id, therapist_id=x.therapist_id,
                                 room_id=x.room_id, waitlist_id=x.entry.id))
    with db.read() as s:
        assert [e.client for e in waitlist.entries(s)] == ["李小龍"]
        assert s.get(m.WaitlistEntry, entry_id) is None
        assert s.scalar(select(m.AuditEntry.action).where(
            m.AuditEntry.entity == "waitlist", m.AuditEntry.entity_id == entry_id)
            .order_by(m.AuditEntry.id.desc())) == "waitlist:booked"


def test_a_slot_too_short_or_with_the_wrong_therapist_matches_nobody(db, clinic, bookings,
                                                                     book):
    taken = book("2026-10-05 14:00", "Trigger Point 30", therapist="Ana", room="Cedar")
    waitlist.add(db, _wish(clinic), now=lambda: NOW)  # Swedish 60 needs an hour
    waitlist.add(db, _wish(clinic, client_id=clinic["李小龍"], service_id=clinic[
        "Trigger Point 30"], therapist_id=clinic["Ben"]), now=lambda: NOW)
    bookings.cancel(taken.id, "ill")
    assert waitlist.matches(db, taken.start, taken.end, taken.therapist_id, taken.room_id,
                            now=lambda: NOW) == []


def test_openings_respect_the_wish(db, clinic):
    waitlist.add(db, _wish(clinic, therapist_id=clinic["Ben"], weekdays=frozenset({1, 3}),
                           earliest=time(15), latest=time(16)), now=lambda: NOW)
    with db.read() as s:
        entry = waitlist.entries(s)[0]
    found = waitlist.openings(db, entry, now=lambda: NOW)
    assert found
    for o in found:
        t = clock.to_local(o.start, TZ)
        assert t.weekday() in (1, 3) and time(15) <= t.time() <= time(16)
        assert o.therapist == "Ben"


def test_bad_wishes_are_refused_at_the_field(db, clinic):
    with pytest.raises(BadInput) as caught:
        waitlist.add(db, _wish(clinic, earliest=time(15), latest=time(9)))
    assert caught.value.field == "latest"
    with pytest.raises(BadInput) as caught:
        waitlist.add(db, _wish(clinic, client_id=99999))
    assert caught.value.field == "client"
    with db.read() as s:
        assert waitlist.entries(s) == []


def test_removing_an_entry_and_entries_past_their_last_day(db, clinic):
    old = waitlist.add(db, _wish(clinic, until=date(2026, 10, 2)), now=lambda: NOW)
    keep = waitlist.add(db, _wish(clinic, client_id=clinic["José Núñez"]), now=lambda: NOW)
    with db.read() as s:
        assert [e.id for e in waitlist.entries(s, date(2026, 10, 3))] == [keep]
    waitlist.remove(db, old)
    with pytest.raises(BadInput):
        waitlist.remove(db, old)


# -- confirmation calls -----------------------------------------------------------------

def test_tomorrows_calls_list_active_visits_with_phones_and_confirming_ticks(db, clinic,
                                                                            bookings, book):
    a = book("2026-10-02 10:00")
    b = book("2026-10-02 09:00", client="Zoë Brontë", room="Willow")
    gone = book("2026-10-02 15:00", client="李小龍")
    bookings.cancel(gone.id, "ill")
    book("2026-10-03 10:00")  # another day
    bookings.set_status(a.id, Status.CONFIRMED)
    with db.read() as s:
        found = calls.calls_for(s, date(2026, 10, 2), TZ)
    assert [(c.appointment_id, c.confirmed) for c in found] == [(b.id, False), (a.id, True)]
    assert found[0].phone == "+1 917-555-0102"
    html = calls.as_html(found, date(2026, 10, 2), TZ, "Test <Clinic>")
    assert "Zoë Brontë" in html and "Test &lt;Clinic&gt;" in html and "1 confirmed" in html


# -- contraindications ------------------------------------------------------------------

def _pregnant(db, clinic):
    admin.update_service(db, clinic["Deep Tissue 60"], cautions=["pregnancy",
                                                                 "anticoagulants"])
    update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="+1 917 555 0102",
                  email="", notes="", alert="", flags=[("pregnancy", "due in March")])


def test_a_contraindicated_service_needs_an_acknowledgement_which_is_recorded(db, clinic,
                                                                            bookings):
    _pregnant(db, clinic)
    req = BookingRequest(service_id=clinic["Deep Tissue 60"], start=local("2026-10-05 10:00"),
                         client_id=clinic["Zoë Brontë"], therapist_id=clinic["Ana"])
    assert bookings.cautions(req.service_id, req.client_id) == ["pregnancy"]
    with pytest.raises(Refused) as caught:
        bookings.book(req)
    assert caught.value.violations[0].code == "contraindicated"
    assert "pregnancy" in str(caught.value)
    view = bookings.book(replace(req, acknowledge=True))
    with db.read() as s:
        assert s.get(m.Appointment, view.id).cautions_acknowledged == "pregnancy"
        after = s.scalar(select(m.AuditEntry.after).where(
            m.AuditEntry.entity == "appointments", m.AuditEntry.entity_id == view.id))
    assert after["cautions_acknowledged"] == "pregnancy"


def test_a_service_without_cautions_or_a_client_without_flags_books_as_before(db, clinic,
                                                                           bookings):
    _pregnant(db, clinic)
    assert bookings.cautions(clinic["Swedish 60"], clinic["Zoë Brontë"]) == []
    assert bookings.cautions(clinic["Deep Tissue 60"], clinic["José Núñez"]) == []
    view = bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                        start=local("2026-10-05 10:00"),
                                        client_id=clinic["Zoë Brontë"]))
    assert view.id


def test_a_new_service_gets_the_cautions_its_name_suggests(db, clinic):
    sid = admin.add_service(db, "Deep Tissue Massage 30", 30)
    with db.read() as s:
        assert s.get(m.Service, sid).cautions.split(",")[:2] == ["anticoagulants",
                                                                 "recent surgery"]


# -- find-a-time filters ----------------------------------------------------------------

def _find(db, clinic, **kw):
    return availability.find(db, availability.Query(service_id=clinic["Swedish 60"],
                                                    count=40, **kw), lambda: NOW)


def test_today_only_part_of_day_and_weekdays_narrow_the_search(db, clinic):
    _, end_of_today = clock.day_bounds(date(2026, 10, 1), TZ)
    today = _find(db, clinic, latest=end_of_today)
    assert today and all(clock.to_local(o.start, TZ).date() == date(2026, 10, 1)
                         for o in today)
    afternoon = _find(db, clinic, window=availability.PARTS_OF_DAY["afternoon"])
    assert afternoon and all(12 <= clock.to_local(o.start, TZ).hour < 17 for o in afternoon)
    mondays = _find(db, clinic, weekdays=frozenset({0}))
    assert mondays and all(clock.to_local(o.start, TZ).weekday() == 0 for o in mondays)
