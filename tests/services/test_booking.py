"""The booking engine through its front door (``Bookings``) against a real SQLite file.

Every test books into the standard test clinic (tests/helpers.py) on Monday 2026-10-05, when
Ana works 09:00-17:00 with a break 12:00-12:30 and Ben 10:00-18:00; the clinic is open
08:00-20:00 and the clock stands at 2026-10-01 08:00 local.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, Refused, StaleEdit
from frontdesk.domain.status import Status
from frontdesk.services import admin
from frontdesk.services.booking import BookingRequest, Bookings, Change, NewClient
from tests.helpers import NOW, local, request

DAY = "2026-10-05"  # a Monday


def at(hm: str, day: str = DAY) -> datetime:
    return local(f"{day} {hm}")


@pytest.fixture
def refuse(bookings, clinic):
    """Try a booking that must be refused (asked as ``book`` asks); give back the Refused."""
    def do(*args, **kw) -> Refused:
        with pytest.raises(Refused) as exc:
            bookings.book(request(clinic, *args, **kw))
        return exc.value
    return do


def codes(exc: Refused) -> list[str]:
    return [v.code for v in exc.violations]


def single(exc: Refused, code: str, field: str):
    assert codes(exc) == [code], exc.violations
    v = exc.violations[0]
    assert v.field == field
    return v


def stored(db, appointment_id: int) -> m.Appointment:
    with db.read() as s:
        return s.get(m.Appointment, appointment_id)


def appointment_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(m.Appointment))


def client_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(m.Client))


def audit_rows(db, appointment_id: int) -> list[m.AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "appointments", m.AuditEntry.entity_id == appointment_id,
        ).order_by(m.AuditEntry.id)))


def later(db, hm: str, actor: str = "tester") -> Bookings:
    """The engine with the clock moved to ``hm`` on the booking day."""
    moment = at(hm)
    return Bookings(db, actor=actor, now=lambda: moment)


# -- a plain booking ----------------------------------------------------------------------


def test_booking_is_stored_with_its_buffers(db, book):
    a = book(at("10:00"), "Deep Tissue 60")
    assert (a.therapist, a.room, a.client, a.service) == ("Ana", "Cedar", "José Núñez",
                                                          "Deep Tissue 60")
    assert a.status is Status.BOOKED and a.version == 1
    row = stored(db, a.id)
    assert row.starts_at == at("10:00") and row.ends_at == at("11:00")
    assert row.therapist_until == at("11:15") and row.room_until == at("11:10")
    assert row.created_by == row.updated_by == "tester"
    assert row.price_cents == 11000
    assert row.override_reason == "" and row.overridden == ""


def test_booking_with_own_length(book):
    a = book(at("10:00"), "Swedish 60", minutes=45)
    assert a.end - a.start == timedelta(minutes=45)


@pytest.mark.parametrize("minutes", [0, -15])
def test_booking_without_length_is_bad_input(db, book, minutes):
    with pytest.raises(BadInput) as exc:
        book(at("10:00"), "Swedish 60", minutes=minutes)
    assert exc.value.field == "end"
    assert appointment_count(db) == 0


def test_unknown_ids_are_bad_input(clinic, bookings):
    with pytest.raises(BadInput) as exc:
        bookings.book(BookingRequest(service_id=999, start=at("10:00")))
    assert exc.value.field == "service"
    with pytest.raises(BadInput) as exc:
        bookings.book(BookingRequest(service_id=clinic["Swedish 60"], start=at("10:00"),
                                     therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                     client_id=999))
    assert exc.value.field == "client"


# -- each refusal -------------------------------------------------------------------------


def test_therapist_busy(book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("10:30"), "Swedish 60", therapist="Ana", room="Willow", client="Zoë Brontë")
    v = single(exc, "therapist-busy", "therapist")
    assert v.soft and exc.overridable
    assert "José Núñez" in v.message and "10:00-11:00" in v.message


def test_therapist_resting_after_deep_tissue(book, refuse):
    book(at("10:00"), "Deep Tissue 60", therapist="Ana", room="Cedar")
    v = single(refuse(at("11:05"), "Trigger Point 30", therapist="Ana", room="Willow",
                      client="Zoë Brontë"), "therapist-busy", "therapist")
    assert "resting until 11:15" in v.message


def test_room_taken_including_turnover(book, refuse):
    book(at("10:00"), "Deep Tissue 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("11:00"), "Swedish 60", therapist="Ben", room="Cedar", client="Zoë Brontë")
    v = single(exc, "room-taken", "room")
    assert not v.soft and not exc.overridable
    assert "10:00-11:00" in v.message and "turnover until 11:10" in v.message
    assert "José Núñez" in v.message


def test_room_free_after_turnover(book):
    book(at("10:00"), "Deep Tissue 60", therapist="Ana", room="Cedar", client="José Núñez")
    b = book(at("11:10"), "Swedish 60", therapist="Ben", room="Cedar", client="Zoë Brontë")
    assert b.room == "Cedar"


def test_client_booked_elsewhere(book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("10:30"), "Swedish 60", therapist="Ben", room="Willow", client="José Núñez")
    v = single(exc, "client-busy", "client")
    assert not v.soft
    assert "José Núñez" in v.message and "10:00-11:00" in v.message


def test_outside_therapist_hours(refuse):
    v = single(refuse(at("09:00"), "Swedish 60", therapist="Ben"), "therapist-hours", "therapist")
    assert "10:00-18:00" in v.message


def test_therapist_not_working_on_saturday(refuse):
    v = single(refuse(at("11:00", "2026-10-03"), "Swedish 60", therapist="Ben"),
               "therapist-hours", "therapist")
    assert "not working that day" in v.message


def test_in_break(refuse):
    v = single(refuse(at("11:45"), "Swedish 60"), "therapist-break", "therapist")
    assert "12:00-12:30" in v.message


def test_on_time_off(db, clinic, refuse):
    with db.write() as s:
        s.add(m.TimeOff(therapist_id=clinic["Ana"], starts_at=at("13:00"),
                        ends_at=at("15:00"), reason="dentist"))
    v = single(refuse(at("14:30"), "Swedish 60"), "therapist-off", "therapist")
    assert "dentist" in v.message and "2026-10-05 13:00" in v.message


def test_time_off_on_another_day_does_not_matter(db, clinic, book):
    with db.write() as s:
        s.add(m.TimeOff(therapist_id=clinic["Ana"], starts_at=at("09:00", "2026-10-06"),
                        ends_at=at("17:00", "2026-10-06"), reason="dentist"))
    assert book(at("14:00"), "Swedish 60").therapist == "Ana"


def test_outside_opening_hours(db, refuse):
    with db.write() as s:  # Ana works round the clock on Mondays, so only the clinic is shut
        ana = s.scalars(select(m.Therapist).where(m.Therapist.name == "Ana")).one()
        for h in ana.hours:
            if h.weekday == 0 and h.kind == "work":
                h.starts, h.ends = h.starts.replace(hour=0), h.ends.replace(hour=0)
    v = single(refuse(at("19:30"), "Swedish 60"), "clinic-closed", "start")
    assert "08:00-20:00" in v.message


def test_outside_opening_and_therapist_hours_reports_both(refuse):
    exc = refuse(at("07:00"), "Swedish 60")
    assert set(codes(exc)) == {"clinic-closed", "therapist-hours"}
    assert exc.overridable


def test_not_qualified(refuse):
    v = single(refuse(at("10:00"), "Hot Stone 90", therapist="Ben", room="Willow"),
               "not-qualified", "therapist")
    assert "Ben" in v.message and "Hot Stone 90" in v.message


def test_room_lacks_feature(refuse):
    exc = refuse(at("10:00"), "Hot Stone 90", therapist="Ana", room="Cedar")
    v = single(exc, "room-feature", "room")
    assert not v.soft and "hot stone" in v.message


def test_starts_in_the_past(refuse):
    v = single(refuse(at("10:00", "2026-09-30"), "Swedish 60"), "in-past", "start")
    assert not v.soft


def test_start_earlier_today_is_in_the_past(refuse):
    # NOW is 08:00 local on 2026-10-01; the clinic is open, Ana is not at work yet.
    exc = refuse(at("07:45", "2026-10-01"), "Swedish 60")
    assert codes(exc)[0] == "in-past"


def test_inactive_therapist(refuse):
    exc = refuse(at("10:00"), "Swedish 60", therapist="Cleo")
    v = single(exc, "inactive", "therapist")
    assert "Cleo" in v.message


def test_inactive_room(refuse):
    v = single(refuse(at("10:00"), "Swedish 60", room="Birch"), "inactive", "room")
    assert "Birch" in v.message


def test_refusal_books_nothing_and_audits_nothing(db, refuse):
    with db.read() as s:
        audits = s.scalar(select(func.count()).select_from(m.AuditEntry))
    refuse(at("10:00"), "Hot Stone 90", room="Cedar")
    assert appointment_count(db) == 0
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.AuditEntry)) == audits


# -- override -----------------------------------------------------------------------------


def test_override_books_outside_hours_and_records_it(db, book):
    a = book(at("17:00"), "Swedish 60", override="regular client, Ana agreed")
    assert a.override_reason == "regular client, Ana agreed"
    row = stored(db, a.id)
    assert row.override_reason == "regular client, Ana agreed"
    assert "outside Ana's hours" in row.overridden


def test_override_books_unqualified_therapist(db, book):
    a = book(at("10:00"), "Hot Stone 90", therapist="Ben", room="Willow", override="training")
    assert a.therapist == "Ben"
    row = stored(db, a.id)
    assert row.override_reason == "training"
    assert "not qualified" in row.overridden


def test_override_books_therapist_twice(db, book):
    first = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    second = book(at("10:00"), "Swedish 60", therapist="Ana", room="Willow", client="Zoë Brontë",
                  override="couple's massage, Ana alternates")
    assert appointment_count(db) == 2
    assert stored(db, second.id).overridden.startswith("Ana is busy 10:00-11:00")
    assert stored(db, first.id).overridden == ""


@pytest.mark.parametrize("reason", ["", "   "])
def test_blank_override_does_not_override(db, refuse, reason):
    exc = refuse(at("17:00"), "Swedish 60", override=reason)
    assert codes(exc) == ["therapist-hours"]
    assert appointment_count(db) == 0


def test_override_reason_is_trimmed(db, book):
    a = book(at("17:00"), "Swedish 60", override="  agreed  ")
    assert stored(db, a.id).override_reason == "agreed"


def test_override_never_books_over_room_taken(db, book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("10:30"), "Swedish 60", therapist="Ben", room="Cedar", client="Zoë Brontë",
                 override="please")
    assert codes(exc) == ["room-taken"]
    assert appointment_count(db) == 1


def test_override_never_books_over_client_busy(db, book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("10:30"), "Swedish 60", therapist="Ben", room="Willow", client="José Núñez",
                 override="please")
    assert codes(exc) == ["client-busy"]
    assert appointment_count(db) == 1


def test_override_never_books_over_missing_room_feature(db, refuse):
    exc = refuse(at("10:00"), "Hot Stone 90", room="Cedar", override="please")
    assert codes(exc) == ["room-feature"]
    assert appointment_count(db) == 0


def test_override_never_books_inactive_or_past(refuse):
    assert codes(refuse(at("10:00"), "Swedish 60", therapist="Cleo", override="x")) == ["inactive"]
    assert codes(refuse(at("10:00"), "Swedish 60", room="Birch", override="x")) == ["inactive"]
    assert codes(refuse(at("10:00", "2026-09-30"), "Swedish 60", override="x")) == ["in-past"]


def test_override_with_hard_and_soft_problems_is_refused_hard_first(refuse):
    exc = refuse(at("10:00"), "Hot Stone 90", therapist="Ben", room="Cedar", override="x")
    assert codes(exc) == ["room-feature", "not-qualified"]
    assert not exc.overridable


def test_room_never_holds_two_clients_even_with_override(db, book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    # Same therapist and same room: the therapist clash could be overridden, the room cannot.
    exc = refuse(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="Zoë Brontë",
                 override="couple's massage")
    assert "room-taken" in codes(exc)
    # Nor when the engine picks the therapist.
    exc = refuse(at("10:00"), "Swedish 60", therapist=None, room="Cedar", client="Zoë Brontë",
                 override="couple's massage")
    assert "room-taken" in codes(exc)
    # Nor a walk-in without a client.
    exc = refuse(at("10:00"), "Swedish 60", therapist="Ben", room="Cedar", client=None,
                 override="x")
    assert codes(exc) == ["room-taken"]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Appointment).where(
            m.Appointment.room_id == s.scalar(
                select(m.Room.id).where(m.Room.name == "Cedar")))) == 1


# -- back to back -------------------------------------------------------------------------


def test_back_to_back_without_buffers(book):
    first = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    after = book(at("11:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    before = book(at("09:30"), "Trigger Point 30", therapist="Ana", room="Cedar",
                  client="José Núñez")
    assert before.end == first.start and first.end == after.start


def test_back_to_back_after_buffered_service_is_refused(book, refuse):
    book(at("10:00"), "Deep Tissue 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("11:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    assert codes(exc) == ["room-taken", "therapist-busy"]


# -- automatic therapist and room ---------------------------------------------------------


def test_automatic_choice_takes_qualified_therapist_and_suitable_room(book):
    a = book(at("10:00"), "Hot Stone 90", therapist=None, room=None)
    assert (a.therapist, a.room) == ("Ana", "Willow")


def test_automatic_choice_skips_busy_therapist_and_taken_room(book):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    a = book(at("10:00"), "Swedish 60", therapist=None, room=None, client="Zoë Brontë")
    assert (a.therapist, a.room) == ("Ben", "Willow")


def test_automatic_room_for_given_therapist(book):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    a = book(at("10:00"), "Swedish 60", therapist="Ben", room=None, client="Zoë Brontë")
    assert a.room == "Willow"


def test_automatic_therapist_for_given_room(book):
    a = book(at("09:00"), "Swedish 60", therapist=None, room="Willow")
    assert a.therapist == "Ana"  # Ben starts at 10:00


def test_automatic_choice_never_takes_inactive_therapist_or_room(book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("10:00"), "Swedish 60", therapist="Ben", room="Willow", client="Zoë Brontë")
    exc = refuse(at("10:00"), "Swedish 60", therapist=None, room=None, client="李小龍")
    assert exc.violations[0].code == "nothing-free"


def test_nothing_free_names_the_service(book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("10:00"), "Swedish 60", therapist="Ben", room="Willow", client="Zoë Brontë")
    exc = refuse(at("10:30"), "Swedish 60", therapist=None, room=None, client="李小龍")
    first = exc.violations[0]
    assert first.code == "nothing-free" and first.field == "start"
    assert "Swedish 60" in first.message and "2026-10-05 10:30" in first.message
    assert "therapist or room" in first.message
    assert "room-taken" in codes(exc)  # the reasons of the first option tried follow


def test_nothing_free_even_when_one_therapist_and_room_could_do_it(book, refuse):
    # Only Ana offers Hot Stone 90 and only Willow has hot stones: asked for "any therapist,
    # any room", the answer must still say that nothing is free for Hot Stone 90.
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    exc = refuse(at("10:00"), "Hot Stone 90", therapist=None, room=None, client="Zoë Brontë")
    first = exc.violations[0]
    assert first.code == "nothing-free", exc.violations
    assert "Hot Stone 90" in first.message
    assert "therapist-busy" in codes(exc)


def test_nothing_free_with_given_room_names_only_therapist(book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Willow", client="José Núñez")
    exc = refuse(at("10:00"), "Swedish 60", therapist=None, room="Willow", client="Zoë Brontë")
    assert exc.violations[0].code == "nothing-free"
    assert "no therapist is free for Swedish 60" in exc.violations[0].message


def test_automatic_choice_with_override_takes_a_soft_only_option(db, book, refuse):
    exc = refuse(at("18:30"), "Swedish 60", therapist=None, room=None)
    assert exc.violations[0].code == "nothing-free"
    a = book(at("18:30"), "Swedish 60", therapist=None, room=None, override="late favour")
    assert a.therapist in ("Ana", "Ben") and a.room in ("Cedar", "Willow")
    assert stored(db, a.id).override_reason == "late favour"


# -- a new client with the booking --------------------------------------------------------


def test_new_client_is_created_with_the_booking(db, book):
    before = client_count(db)
    a = book(at("10:00"), "Swedish 60", client=None,
             new_client=NewClient("Aiyana Redcloud", phone="212-555-0199"))
    assert client_count(db) == before + 1
    assert a.client == "Aiyana Redcloud" and a.client_id is not None
    with db.read() as s:
        entry = s.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "clients", m.AuditEntry.entity_id == a.client_id)).one()
    assert entry.actor == "tester"


def test_new_client_is_not_kept_when_booking_is_refused(db, refuse):
    before = client_count(db)
    refuse(at("10:00"), "Hot Stone 90", room="Cedar", client=None,
           new_client=NewClient("Aiyana Redcloud", phone="212-555-0199"))
    assert client_count(db) == before
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Client).where(
            m.Client.name == "Aiyana Redcloud")) == 0


def test_new_client_is_not_kept_when_nothing_is_free(db, book, refuse):
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("10:00"), "Swedish 60", therapist="Ben", room="Willow", client="Zoë Brontë")
    before = client_count(db)
    refuse(at("10:00"), "Swedish 60", therapist=None, room=None, client=None,
           new_client=NewClient("Aiyana Redcloud"))
    assert client_count(db) == before


# -- move, resize, reassign ---------------------------------------------------------------


def test_move_ignores_the_appointment_itself_and_recomputes_buffers(db, book, bookings):
    a = book(at("10:00"), "Deep Tissue 60")
    moved = bookings.move(a.id, at("10:30"))
    assert (moved.start, moved.end) == (at("10:30"), at("11:30"))
    row = stored(db, a.id)
    assert row.therapist_until == at("11:45") and row.room_until == at("11:40")
    assert moved.version == 2


def test_move_onto_another_visit_of_the_therapist_is_refused(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("14:00"), "Swedish 60", therapist="Ana", room="Willow", client="Zoë Brontë")
    with pytest.raises(Refused) as exc:
        bookings.move(a.id, at("14:30"))
    v = single(exc.value, "therapist-busy", "therapist")
    assert "Zoë Brontë" in v.message
    row = stored(db, a.id)
    assert row.starts_at == at("10:00") and row.version == 1


def test_move_with_override_books_over_soft_rule(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("14:00"), "Swedish 60", therapist="Ana", room="Willow", client="Zoë Brontë")
    moved = bookings.move(a.id, at("14:30"), override="Ana said fine")
    assert moved.override_reason == "Ana said fine"
    assert "Ana is busy" in stored(db, a.id).overridden


def test_move_clean_again_clears_override(db, book, bookings):
    a = book(at("17:00"), "Swedish 60", override="late")
    assert stored(db, a.id).overridden
    moved = bookings.move(a.id, at("15:00"))
    assert moved.override_reason == ""
    assert stored(db, a.id).overridden == ""


def test_move_into_the_past_is_refused(book, bookings):
    a = book(at("10:00"), "Swedish 60")
    with pytest.raises(Refused) as exc:
        bookings.move(a.id, at("10:00", "2026-09-30"))
    assert codes(exc.value) == ["in-past"]


def test_move_into_a_break_is_refused(book, bookings):
    a = book(at("10:00"), "Swedish 60")
    with pytest.raises(Refused) as exc:
        bookings.move(a.id, at("11:45"))
    assert codes(exc.value) == ["therapist-break"]


def test_move_into_taken_room_is_refused_even_with_override(book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("14:00"), "Swedish 60", therapist="Ben", room="Cedar", client="Zoë Brontë")
    with pytest.raises(Refused) as exc:
        bookings.move(a.id, at("14:30"), override="please")
    assert codes(exc.value) == ["room-taken"]


def test_resize_rechecks_and_ignores_itself(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("11:30"), "Swedish 60", therapist="Ben", room="Cedar", client="Zoë Brontë")
    assert bookings.resize(a.id, 90).end == at("11:30")
    with pytest.raises(Refused) as exc:
        bookings.resize(a.id, 105)
    assert codes(exc.value) == ["room-taken"]
    shorter = bookings.resize(a.id, 30)
    assert (shorter.start, shorter.end) == (at("10:00"), at("10:30"))
    assert stored(db, a.id).version == 3


@pytest.mark.parametrize("minutes", [0, -30])
def test_resize_to_nothing_is_bad_input(book, bookings, minutes):
    a = book(at("10:00"), "Swedish 60")
    with pytest.raises(BadInput) as exc:
        bookings.resize(a.id, minutes)
    assert exc.value.field == "end"


def test_resize_of_visit_under_way_is_not_in_the_past(db, book):
    a = book(at("10:00"), "Swedish 60")
    longer = later(db, "10:30").resize(a.id, 90)
    assert longer.end == at("11:30")


def test_reassign_therapist_and_room(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    b = bookings.reassign(a.id, therapist_id=db_id(db, m.Therapist, "Ben"))
    assert (b.therapist, b.room, b.start) == ("Ben", "Cedar", at("10:00"))
    c = bookings.reassign(a.id, room_id=db_id(db, m.Room, "Willow"))
    assert (c.therapist, c.room) == ("Ben", "Willow")
    assert c.version == 3


def test_reassign_to_unqualified_therapist_is_refused_unless_overridden(clinic, book,
                                                                        bookings):
    a = book(at("10:00"), "Hot Stone 90", therapist="Ana", room="Willow")
    with pytest.raises(Refused) as exc:
        bookings.reassign(a.id, therapist_id=clinic["Ben"])
    assert codes(exc.value) == ["not-qualified"]
    assert bookings.reassign(a.id, therapist_id=clinic["Ben"], override="trainee").therapist \
        == "Ben"


def test_reassign_to_room_without_feature_or_inactive_is_refused(clinic, book, bookings):
    a = book(at("10:00"), "Hot Stone 90", therapist="Ana", room="Willow")
    with pytest.raises(Refused) as exc:
        bookings.reassign(a.id, room_id=clinic["Cedar"], override="x")
    assert codes(exc.value) == ["room-feature"]
    b = book(at("14:00"), "Swedish 60", room="Cedar", client="Zoë Brontë")
    with pytest.raises(Refused) as exc:
        bookings.reassign(b.id, room_id=clinic["Birch"], override="x")
    assert codes(exc.value) == ["inactive"]
    with pytest.raises(Refused) as exc:
        bookings.reassign(b.id, therapist_id=clinic["Cleo"], override="x")
    assert codes(exc.value) == ["inactive"]


def test_reassign_to_taken_room_is_refused(clinic, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book(at("10:30"), "Swedish 60", therapist="Ben", room="Willow", client="Zoë Brontë")
    with pytest.raises(Refused) as exc:
        bookings.reassign(a.id, room_id=clinic["Willow"])
    v = single(exc.value, "room-taken", "room")
    assert "Zoë Brontë" in v.message


def test_change_moves_and_reassigns_at_once(clinic, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    c = bookings.change(a.id, Change(start=at("15:00"), minutes=45,
                                     therapist_id=clinic["Ben"], room_id=clinic["Willow"]))
    assert (c.start, c.end, c.therapist, c.room) == (at("15:00"), at("15:45"), "Ben", "Willow")


def test_change_of_unknown_appointment_is_bad_input(clinic, bookings):
    with pytest.raises(BadInput) as exc:
        bookings.move(999, at("10:00"))
    assert exc.value.field == "appointment"


def test_cancelled_appointment_cannot_be_moved(book, bookings):
    a = book(at("10:00"), "Swedish 60")
    bookings.cancel(a.id, "ill")
    with pytest.raises(Refused) as exc:
        bookings.move(a.id, at("11:00"))
    assert codes(exc.value) == ["not-movable"]


# -- stale edits --------------------------------------------------------------------------


def test_stale_edit_names_who_changed_it(db, book, bookings):
    a = book(at("10:00"), "Swedish 60")
    maria = Bookings(db, actor="maria", now=lambda: NOW)
    maria.move(a.id, at("11:00"), expected_version=1)
    with pytest.raises(StaleEdit) as exc:
        bookings.move(a.id, at("15:00"), expected_version=1)
    assert isinstance(exc.value, Refused)
    assert exc.value.violations[0].code == "stale"
    assert "maria" in str(exc.value) and f"#{a.id}" in str(exc.value)
    row = stored(db, a.id)
    assert row.starts_at == at("11:00") and row.version == 2 and row.updated_by == "maria"


def test_current_expected_version_is_accepted(book, bookings):
    a = book(at("10:00"), "Swedish 60")
    b = bookings.move(a.id, at("11:00"), expected_version=1)
    c = bookings.move(a.id, at("13:00"), expected_version=b.version)
    assert c.version == 3


def test_stale_cancel_is_refused(db, book, bookings):
    a = book(at("10:00"), "Swedish 60")
    bookings.move(a.id, at("11:00"))
    with pytest.raises(StaleEdit):
        bookings.cancel(a.id, "ill", expected_version=1)
    assert stored(db, a.id).status == Status.BOOKED.value


# -- cancelling and reinstating -----------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "  \t"])
def test_cancel_needs_a_reason(db, book, bookings, reason):
    a = book(at("10:00"), "Swedish 60")
    with pytest.raises(BadInput) as exc:
        bookings.cancel(a.id, reason)
    assert exc.value.field == "reason"
    with pytest.raises(BadInput):
        bookings.cancel(a.id, reason, late=True)
    assert stored(db, a.id).status == Status.BOOKED.value
    assert len(audit_rows(db, a.id)) == 1


def test_cancel_keeps_reason_and_frees_the_slot(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    c = bookings.cancel(a.id, "  client has flu ")
    assert c.status is Status.CANCELLED and c.cancel_reason == "client has flu"
    b = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="Zoë Brontë")
    assert b.status is Status.BOOKED
    # The client is free again too.
    book(at("10:00"), "Swedish 60", therapist="Ben", room="Willow", client="José Núñez")


def test_late_cancel_frees_the_slot(book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    assert bookings.cancel(a.id, "forgot", late=True).status is Status.LATE_CANCEL
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="Zoë Brontë")


def test_reinstating_is_refused_when_slot_was_taken(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    bookings.cancel(a.id, "ill")
    book(at("10:00"), "Swedish 60", therapist="Ben", room="Cedar", client="Zoë Brontë")
    with pytest.raises(Refused) as exc:
        bookings.set_status(a.id, Status.BOOKED)
    assert codes(exc.value) == ["room-taken"]
    assert stored(db, a.id).status == Status.CANCELLED.value


def test_reinstating_over_a_soft_clash_needs_override(db, book, bookings):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    bookings.cancel(a.id, "ill")
    book(at("10:00"), "Swedish 60", therapist="Ana", room="Willow", client="Zoë Brontë")
    with pytest.raises(Refused) as exc:
        bookings.set_status(a.id, Status.BOOKED)
    assert codes(exc.value) == ["therapist-busy"]
    back = bookings.set_status(a.id, Status.BOOKED, override="Ana takes both")
    assert back.status is Status.BOOKED and back.override_reason == "Ana takes both"


def test_reinstating_a_free_slot_clears_cancel_reason(book, bookings):
    a = book(at("10:00"), "Swedish 60")
    bookings.cancel(a.id, "ill")
    back = bookings.set_status(a.id, Status.BOOKED)
    assert back.status is Status.BOOKED and back.cancel_reason == ""


def test_cancelled_cannot_become_confirmed(book, bookings):
    a = book(at("10:00"), "Swedish 60")
    bookings.cancel(a.id, "ill")
    with pytest.raises(Refused) as exc:
        bookings.set_status(a.id, Status.CONFIRMED)
    assert codes(exc.value) == ["transition"]


# -- no-shows and completed visits --------------------------------------------------------


def test_no_show_refused_before_start(db, book, bookings):
    a = book(at("10:00"), "Swedish 60")
    with pytest.raises(Refused) as exc:
        bookings.set_status(a.id, Status.NO_SHOW)
    v = single(exc.value, "transition", "status")
    assert "not started" in v.message
    with pytest.raises(Refused):
        later(db, "09:59").set_status(a.id, Status.NO_SHOW)
    assert stored(db, a.id).status == Status.BOOKED.value


def test_no_show_after_start(db, book):
    a = book(at("10:00"), "Swedish 60")
    assert later(db, "10:20").set_status(a.id, Status.NO_SHOW).status is Status.NO_SHOW


def test_no_show_frees_the_slot(db, book):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    desk = later(db, "10:20")
    desk.set_status(a.id, Status.NO_SHOW)
    walk_in = desk.book(BookingRequest(service_id=stored(db, a.id).service_id,
                                       start=at("10:30"), therapist_id=a.therapist_id,
                                       room_id=a.room_id, minutes=30))
    assert walk_in.start == at("10:30")


def test_completed_visit_cannot_become_no_show_or_cancelled(db, book):
    a = book(at("10:00"), "Swedish 60")
    desk = later(db, "11:05")
    desk.set_status(a.id, Status.ARRIVED)
    desk.set_status(a.id, Status.IN_SESSION)
    assert desk.set_status(a.id, Status.COMPLETED).status is Status.COMPLETED
    with pytest.raises(Refused) as exc:
        desk.set_status(a.id, Status.NO_SHOW)
    assert codes(exc.value) == ["transition"]
    assert "completed" in exc.value.violations[0].message
    with pytest.raises(Refused):
        desk.cancel(a.id, "changed mind")
    assert stored(db, a.id).status == Status.COMPLETED.value


def test_completed_visit_still_holds_its_slot(db, book):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    desk = later(db, "10:05")
    desk.set_status(a.id, Status.ARRIVED)
    desk.set_status(a.id, Status.COMPLETED)
    with pytest.raises(Refused) as exc:
        desk.book(BookingRequest(service_id=stored(db, a.id).service_id, start=at("10:30"),
                                 therapist_id=a.therapist_id, room_id=a.room_id))
    assert "room-taken" in codes(exc.value)


def test_completed_visit_cannot_be_moved(db, book):
    a = book(at("10:00"), "Swedish 60")
    desk = later(db, "11:05")
    desk.set_status(a.id, Status.ARRIVED)
    desk.set_status(a.id, Status.COMPLETED)
    with pytest.raises(Refused) as exc:
        desk.move(a.id, at("13:00"))
    assert codes(exc.value) == ["not-movable"]


# -- audit and versions -------------------------------------------------------------------


def test_every_change_is_audited_and_bumps_version(db, clinic, book, bookings):
    a = book(at("10:00"), "Swedish 60")
    assert [e.action for e in audit_rows(db, a.id)] == ["book"]
    steps = [
        lambda: bookings.move(a.id, at("11:00")),
        lambda: bookings.resize(a.id, 45),
        lambda: bookings.reassign(a.id, therapist_id=clinic["Ben"]),
        lambda: bookings.set_status(a.id, Status.CONFIRMED),
        lambda: bookings.cancel(a.id, "ill"),
        lambda: bookings.set_status(a.id, Status.BOOKED),
    ]
    for n, step in enumerate(steps, start=2):
        assert step().version == n
        assert stored(db, a.id).version == n
    rows = audit_rows(db, a.id)
    assert [e.action for e in rows] == ["book", "change", "change", "change",
                                        "status:confirmed", "status:cancelled", "status:booked"]
    assert {e.actor for e in rows} == {"tester"}
    assert all(e.at == NOW for e in rows)
    assert rows[0].before is None and rows[0].after["version"] == 1
    for n, e in enumerate(rows[1:], start=2):
        assert e.before["version"] == n - 1 and e.after["version"] == n
    assert rows[1].after["starts_at"].startswith("2026-10-05T15:00")  # 11:00 EDT in UTC
    assert rows[5].after["cancel_reason"] == "ill"


def test_refused_change_is_not_audited_and_keeps_version(db, book, bookings):
    a = book(at("10:00"), "Swedish 60")
    with pytest.raises(Refused):
        bookings.move(a.id, at("11:45"))
    with pytest.raises(Refused):
        bookings.set_status(a.id, Status.COMPLETED)
    assert stored(db, a.id).version == 1
    assert len(audit_rows(db, a.id)) == 1


def db_id(db, model, name: str) -> int:
    with db.read() as s:
        return s.scalar(select(model.id).where(model.name == name))


def test_no_show_can_be_put_right_when_the_client_turns_up_late(db, book):
    # A no-show can only be set once the visit has started, and the desk may take it back
    # (no-show -> arrived / booked); the visit's own start being past must not stop that.
    a = book(at("10:00"), "Swedish 60")
    later(db, "10:15").set_status(a.id, Status.NO_SHOW)
    arrived = later(db, "10:20").set_status(a.id, Status.ARRIVED)
    assert arrived.status is Status.ARRIVED


def test_cancel_by_mistake_after_start_can_be_undone(db, book):
    a = book(at("10:00"), "Swedish 60")
    desk = later(db, "10:10")
    desk.set_status(a.id, Status.ARRIVED)
    desk.cancel(a.id, "wrong row clicked")
    assert desk.set_status(a.id, Status.BOOKED).status is Status.BOOKED


def test_a_visit_cannot_be_completed_before_it_starts(db, book):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    desk = later(db, "09:00")
    desk.set_status(a.id, Status.ARRIVED)  # early arrivals are fine
    with pytest.raises(Refused, match="not started"):
        desk.set_status(a.id, Status.COMPLETED)


def test_a_cancelled_visit_that_is_over_cannot_be_reinstated(db, book):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    bookings_now = later(db, "09:00")
    bookings_now.cancel(a.id, "client ill")
    with pytest.raises(Refused, match="over"):
        later(db, "11:30").set_status(a.id, Status.BOOKED)


def test_reinstating_stores_the_buffers_it_checked(db, book):
    a = book(at("10:00"), "Deep Tissue 60", therapist="Ana", room="Cedar")
    desk = later(db, "09:00")
    desk.cancel(a.id, "rescheduling")
    admin.update_service(db, a.service_id, rest_after=0, turnover_after=0)
    back = desk.set_status(a.id, Status.BOOKED)
    assert back.therapist_until == back.end and back.room_until == back.end


def test_overlong_text_is_bad_input_not_a_database_error(db, book):
    a = book(at("10:00"), "Swedish 60", therapist="Ana", room="Cedar")
    with pytest.raises(BadInput, match="too long"):
        later(db, "09:00").cancel(a.id, "x" * 301)


def test_an_override_never_double_books_a_therapist_nobody_named(clinic, bookings):
    """"Book anyway" without a therapist must not land on top of someone's client or rest:
    Ana (the only one offering Trigger Point) rests until 10:15, so the desk is told, and
    books her over it only by naming her."""
    from frontdesk.domain.errors import Refused
    from tests.helpers import local as at

    bookings.book(BookingRequest(service_id=clinic["Deep Tissue 60"],
                                 start=at("2026-10-05 09:00"), therapist_id=clinic["Ana"],
                                 room_id=clinic["Cedar"], client_id=clinic["José Núñez"]))
    request = dict(service_id=clinic["Trigger Point 30"], start=at("2026-10-05 10:10"),
                   client_id=clinic["Zoë Brontë"], override="squeeze in")
    with pytest.raises(Refused, match="Ana is busy"):
        bookings.book(BookingRequest(**request))
    named = bookings.book(BookingRequest(**request, therapist_id=clinic["Ana"]))
    assert named.therapist == "Ana" and named.override_reason == "squeeze in"
