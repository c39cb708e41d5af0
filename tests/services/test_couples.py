"""Couples sessions in the booking engine: two clients, two therapists, one couples room,
booked, moved, resized, cancelled, taken back and put back together, or refused together.

The test clinic (tests/helpers.py) gains a couples room "Oak" (capacity 2) and a couples
service "Couples 60" (party size 2) that Ana and Ben both give.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc, insert, select, update

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.status import Status
from frontdesk.services import availability, schedule
from frontdesk.services.booking import Change, Partner
from tests.helpers import local, request

MON = "2026-10-05"


def add_couples(db, clinic) -> None:
    """The couples room and service, written as set-up would (before any catalogue read)."""
    with db.write() as s:
        oak = m.Room(name="Oak", capacity=2)
        couples = m.Service(name="Couples 60", minutes=60, party_size=2, turnover_after=10)
        s.add_all([oak, couples])
        s.flush()
        s.execute(insert(m.therapist_services), [
            {"therapist_id": clinic["Ana"], "service_id": couples.id},
            {"therapist_id": clinic["Ben"], "service_id": couples.id}])
        clinic.ids |= {"Oak": oak.id, "Couples 60": couples.id}


@pytest.fixture
def couples(db, clinic):
    add_couples(db, clinic)
    return clinic


def pair(clinic, when=f"{MON} 10:00", *, room="Oak", therapist="Ana", therapist2="Ben",
         client="José Núñez", client2="Zoë Brontë", **kw):
    return request(clinic, when, "Couples 60", therapist=therapist, room=room, client=client,
                   partners=(Partner(client_id=clinic[client2] if client2 else None,
                                     therapist_id=clinic[therapist2] if therapist2 else None),),
                   **kw)


def visits(db, party_id: int) -> list[m.Appointment]:
    with db.read() as s:
        rows = s.scalars(select(m.Appointment).where(m.Appointment.party_id == party_id)
                         .order_by(m.Appointment.id)).all()
        s.expunge_all()
        return list(rows)


def test_a_couples_booking_books_both_visits_in_one_room_at_one_time(db, couples, bookings):
    a, b = bookings.book_party(pair(couples))
    assert a.party_id == b.party_id is not None
    assert (a.start, a.end, a.room) == (b.start, b.end, b.room) == (
        local(f"{MON} 10:00"), local(f"{MON} 11:00"), "Oak")
    assert {a.therapist, b.therapist} == {"Ana", "Ben"}
    assert {a.client, b.client} == {"José Núñez", "Zoë Brontë"}


def test_therapists_not_given_are_chosen_two_different_and_free(db, couples, bookings):
    bookings.book(request(couples, f"{MON} 10:00", therapist="Ana", room="Cedar"))
    with pytest.raises(Refused):  # Ana is busy: only Ben is free, and a pair needs two
        bookings.book_party(pair(couples, therapist=None, therapist2=None))
    a, b = bookings.book_party(pair(couples, f"{MON} 11:00", therapist=None, therapist2=None,
                                    room=None))
    assert {a.therapist, b.therapist} == {"Ana", "Ben"} and a.room == b.room == "Oak"


def test_one_therapist_for_both_clients_is_refused(db, couples, bookings):
    with pytest.raises(Refused) as refused:
        bookings.book_party(pair(couples, therapist="Ana", therapist2="Ana"))
    assert [v.code for v in refused.value.violations] == ["party-therapist"]
    assert visits_in_book(db) == 0


def test_one_client_twice_is_refused_and_an_unnamed_partner_is_not(db, couples, bookings):
    with pytest.raises(Refused) as refused:
        bookings.book_party(pair(couples, client2="José Núñez"))
    # Said as the party's rule, not as the client being busy with the visit just written.
    assert [v.code for v in refused.value.violations] == ["party-client"]
    assert "booked twice in one Couples 60" in str(refused.value)
    assert visits_in_book(db) == 0
    a, b = bookings.book_party(pair(couples, client2=None))
    assert {a.client, b.client} == {"José Núñez", ""}


def test_a_couples_service_needs_a_room_holding_two(db, couples, bookings):
    with pytest.raises(Refused) as refused:
        bookings.book_party(pair(couples, room="Cedar"))
    assert "room-capacity" in {v.code for v in refused.value.violations}
    assert visits_in_book(db) == 0


def test_a_stranger_is_never_put_beside_a_couple_nor_a_couple_beside_a_stranger(
        db, couples, bookings):
    bookings.book_party(pair(couples))
    with pytest.raises(Refused) as refused:
        bookings.book(request(couples, f"{MON} 10:30", therapist="Ana", room="Oak",
                              client="李小龍", override="squeeze in"))
    assert "room-taken" in {v.code for v in refused.value.violations}
    bookings.book(request(couples, f"{MON} 13:00", "Swedish 60", therapist="Ana", room="Oak",
                          client="李小龍"))
    with pytest.raises(Refused):
        bookings.book_party(pair(couples, f"{MON} 13:30"))


def test_one_members_clash_refuses_both(db, couples, bookings):
    bookings.book(request(couples, f"{MON} 14:00", therapist="Ben", room="Cedar",
                          client="李小龍"))
    with pytest.raises(Refused) as refused:
        bookings.book_party(pair(couples, f"{MON} 14:00"))
    assert {v.therapist for v in refused.value.violations if v.code == "therapist-busy"} \
        == {"Ben"}
    assert visits_in_book(db) == 1  # the single visit only: not half a pair


def test_a_move_moves_both_or_neither(db, couples, bookings):
    a, _b = bookings.book_party(pair(couples))
    bookings.move(a.id, local(f"{MON} 15:00"))
    assert {v.starts_at for v in visits(db, a.party_id)} == {local(f"{MON} 15:00")}
    # Ben is busy at 10:00 now: moving Ana's visit there is refused for both.
    bookings.book(request(couples, f"{MON} 10:00", therapist="Ben", room="Cedar",
                          client="李小龍"))
    with pytest.raises(Refused):
        bookings.move(a.id, local(f"{MON} 10:00"))
    assert {v.starts_at for v in visits(db, a.party_id)} == {local(f"{MON} 15:00")}
    assert [v.version for v in visits(db, a.party_id)] == [2, 2]


def test_a_resize_and_a_room_change_go_to_both(db, couples, bookings):
    a, b = bookings.book_party(pair(couples))
    bookings.resize(b.id, 90)
    assert {v.ends_at for v in visits(db, a.party_id)} == {local(f"{MON} 11:30")}
    with pytest.raises(Refused) as refused:
        bookings.reassign(a.id, room_id=couples["Cedar"])
    assert "room-capacity" in {v.code for v in refused.value.violations}
    assert {v.room_id for v in visits(db, a.party_id)} == {couples["Oak"]}


def test_one_members_therapist_or_client_changes_that_visit_alone(db, couples, bookings):
    a, b = bookings.book_party(pair(couples, client2=None))
    with pytest.raises(Refused) as refused:  # Ben has Zoë's partner already
        bookings.reassign(a.id, therapist_id=couples["Ben"])
    assert "party-therapist" in {v.code for v in refused.value.violations}
    bookings.change(b.id, Change(client_id=couples["Zoë Brontë"]))
    found = {v.id: v for v in visits(db, a.party_id)}
    assert found[b.id].client_id == couples["Zoë Brontë"]
    assert found[a.id].client_id == couples["José Núñez"] and found[a.id].version == 1
    with pytest.raises(Refused):
        bookings.change(b.id, Change(service_id=couples["Swedish 60"]))


def test_cancel_cancels_both_and_putting_back_puts_back_both(db, couples, bookings):
    a, b = bookings.book_party(pair(couples))
    bookings.cancel(a.id, "flu", late=True)
    assert {v.status for v in visits(db, a.party_id)} == {Status.LATE_CANCEL.value}
    bookings.set_status(b.id, Status.BOOKED)
    assert {v.status for v in visits(db, a.party_id)} == {Status.BOOKED.value}


def test_putting_back_is_refused_for_both_when_one_slot_was_taken(db, couples, bookings):
    a, _b = bookings.book_party(pair(couples))
    bookings.cancel(a.id, "flu")
    bookings.book(request(couples, f"{MON} 10:00", therapist="Ben", room="Cedar",
                          client="李小龍"))
    with pytest.raises(Refused):
        bookings.set_status(a.id, Status.BOOKED)
    assert {v.status for v in visits(db, a.party_id)} == {Status.CANCELLED.value}


def test_arrival_and_no_show_are_each_visits_own(db, couples, bookings, now):
    a, b = bookings.book_party(pair(couples))
    bookings.set_status(a.id, Status.CONFIRMED)
    found = {v.id: v.status for v in visits(db, a.party_id)}
    assert found == {a.id: "confirmed", b.id: "booked"}


def test_cancelling_a_listed_pair_together_is_no_double_cancellation(db, couples, bookings):
    a, b = bookings.book_party(pair(couples))
    bookings.set_statuses([a.id, b.id], Status.CANCELLED, reason="closed")
    assert {v.status for v in visits(db, a.party_id)} == {"cancelled"}


def test_undoing_a_booking_takes_back_both_and_redo_puts_back_both(db, couples, bookings):
    a, b = bookings.book_party(pair(couples))
    bookings.withdraw(b.id)
    with db.read() as s:
        assert s.scalar(select(m.Appointment.id).where(
            m.Appointment.id.in_([a.id, b.id]))) is None
    bookings.reinstate(b.id)
    assert {v.id for v in visits(db, a.party_id)} == {a.id, b.id}


def test_a_single_service_with_partners_is_bad_input(db, couples, bookings):
    with pytest.raises(BadInput):
        bookings.book_party(request(couples, f"{MON} 10:00", partners=(Partner(),)))


def test_the_view_carries_the_party(db, couples, bookings):
    a, b = bookings.book_party(pair(couples))
    with db.read() as s:
        assert schedule.appointment(s, b.id).party_id == a.party_id


def test_lowering_a_rooms_capacity_below_a_party_to_come_is_refused_by_the_database(
        db, couples, bookings):
    """Written around the program (the set-up refuses it first): the rows are put in the
    real clock's future, as the database's own ``now`` reads it."""
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    with db.write() as s:
        party = m.Party(size=2, created_at=soon)
        s.add(party)
        s.flush()
        for therapist, client in (("Ana", "José Núñez"), ("Ben", "Zoë Brontë")):
            s.add(m.Appointment(
                client_id=couples[client], service_id=couples["Couples 60"],
                therapist_id=couples[therapist], room_id=couples["Oak"], starts_at=soon,
                ends_at=soon + timedelta(hours=1), therapist_until=soon + timedelta(hours=1),
                room_until=soon + timedelta(hours=1), party_id=party.id, created_at=soon,
                updated_at=soon))
    with pytest.raises(exc.IntegrityError), db.write() as s:
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=1))
    with db.write() as s:
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=3))


def visits_in_book(db) -> int:
    with db.read() as s:
        return len(s.scalars(select(m.Appointment.id)).all())


# -- find a time --------------------------------------------------------------------------


def test_find_a_time_offers_only_pair_times_that_book(db, couples, bookings, now):
    """Ana works 09:00-17:00 with a break at 12:00, Ben Mon-Fri 10:00-18:00: a couples
    hour needs both, in Oak. Ben is taken 10:00-11:00 on Monday: 10:00 is no pair time.
    Every option offered books as a pair; no pair time before the first is missed."""
    bookings.book(request(couples, f"{MON} 10:00", therapist="Ben", room="Cedar",
                          client="李小龍"))
    query = availability.Query(service_id=couples["Couples 60"], earliest=local(f"{MON} 08:00"),
                               count=6, client_id=couples["José Núñez"])
    options = availability.find(db, query, lambda: now)
    # 11:15 to 12:15 would reach into Ana's break (12:00-12:30).
    assert [o.start for o in options] == [
        local(f"{MON} {t}") for t in ("11:00", "12:30", "12:45", "13:00", "13:15", "13:30")]
    for o in options:
        assert o.room == "Oak" and len(o.partners) == 1
        assert {o.therapist, o.partners[0][1]} == {"Ana", "Ben"}
        a, b = bookings.book_party(request(  # booked as offered, then taken back
            couples, o.start, "Couples 60", therapist=o.therapist, room=o.room,
            partners=(Partner(client_id=couples["Zoë Brontë"],
                              therapist_id=o.partners[0][0]),)))
        assert a.party_id == b.party_id
        bookings.withdraw(a.id)


def test_find_a_time_for_a_couples_service_with_one_therapist_free_offers_nothing(
        db, couples, bookings, now):
    query = availability.Query(service_id=couples["Couples 60"],
                               earliest=local("2026-10-03 08:00"), days=2)  # Sat and Sun
    assert availability.find(db, query, lambda: now) == []  # Ben works Mon-Fri only


def test_a_couples_service_is_never_booked_or_given_to_one_visit_alone(db, couples, bookings):
    """Half a couples booking would hold the couples room with no partner to share it: a
    step that places one visit (a series, an import) is refused, as is another service."""
    with pytest.raises(Refused) as refused, bookings.transaction() as tx:
        tx.book(pair(couples, room=None, therapist=None), couples["José Núñez"])
    assert [v.code for v in refused.value.violations] == ["party-size"]
    single = bookings.book(request(couples, f"{MON} 10:00"))
    with pytest.raises(Refused) as refused:
        bookings.change(single.id, Change(service_id=couples["Couples 60"],
                                          room_id=couples["Oak"]))
    assert [v.code for v in refused.value.violations] == ["party-size"]
    assert visits_in_book(db) == 1


def test_a_drag_preview_of_one_visit_names_its_partners_clash(db, couples, bookings):
    a, _b = bookings.book_party(pair(couples, f"{MON} 15:00"))
    bookings.book(request(couples, f"{MON} 11:00", therapist="Ben", room="Cedar",
                          client="李小龍"))
    problems = bookings.preview(a.id, Change(start=local(f"{MON} 11:00")))
    assert [(v.code, v.therapist) for v in problems] == [("therapist-busy", "Ben")]
    assert bookings.preview(a.id, Change(start=local(f"{MON} 13:00"))) == []


def test_moving_a_pair_is_offered_only_when_both_its_therapists_are_free(db, couples,
                                                                          bookings, now):
    """The search for a move of a couples visit (the caller's reschedule) treats the pair's
    own time as free and offers only times when the partner's own therapist is free too:
    each option moves the pair."""
    a, _b = bookings.book_party(pair(couples, f"{MON} 13:00"))
    bookings.book(request(couples, f"{MON} 15:00", therapist="Ben", room="Cedar",
                          client="李小龍"))
    query = availability.Query(service_id=couples["Couples 60"],
                               earliest=local(f"{MON} 12:30"), therapist_id=couples["Ana"],
                               count=8, replaces=a.id, party_id=a.party_id, days=1)
    options = availability.find(db, query, lambda: now)
    starts = [o.start for o in options]
    assert local(f"{MON} 13:00") in starts  # its own time is free for it
    assert not any(local(f"{MON} 14:15") <= s < local(f"{MON} 16:00") for s in starts)
    assert all(o.partners == ((couples["Ben"], "Ben"),) for o in options)
    for o in options[1:3]:
        moved = bookings.move(a.id, o.start)
        assert {v.starts_at for v in visits(db, a.party_id)} == {moved.start}


def test_the_exported_day_names_each_visits_partner(db, clinic, bookings, tmp_path):
    """A therapist's printed or exported day says the visit is a couples session and with
    whom: the CSV's ``with`` column, the printed client cell, the calendar event."""
    import csv

    from frontdesk.export import writer
    from frontdesk.services.catalog import load_catalog
    from frontdesk.services.daysheet import gather

    add_couples(db, clinic)
    first, partner = bookings.book_party(request(
        clinic, "2026-10-05 10:00", "Couples 60", room="Oak",
        partners=(Partner(client_id=clinic["Zoë Brontë"], therapist_id=clinic["Ben"]),)))
    with db.read() as session:
        sheet = gather(session, load_catalog(session), first.start.date(), 1, now=first.start)
    for kind in ("csv", "html", "ics"):
        writer.write(sheet, kind, tmp_path / f"day.{kind}")
    with open(tmp_path / "day.csv", encoding="utf-8-sig", newline="") as f:
        said = {int(r["id"]): r["with"] for r in csv.DictReader(f)}
    assert said == {first.id: "with Zoë Brontë (Ben)", partner.id: "with José Núñez (Ana)"}
    html = (tmp_path / "day.html").read_text(encoding="utf-8")
    assert "José Núñez (with Zoë Brontë (Ben))" in html
    ics = (tmp_path / "day.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Couples session with Zoë Brontë (Ben)" in ics


def test_each_clients_contraindication_is_acknowledged_for_that_client(db, clinic, bookings):
    """Both clients of a couple with a warning are named in one refusal, each at its own
    field; the first client's acknowledgement does not cover the partner's, and what each
    acknowledged is kept on their own visit."""
    from frontdesk.services import admin

    add_couples(db, clinic)
    admin.update_service(db, clinic["Couples 60"], cautions=["pregnancy", "anticoagulants"])
    with db.write() as s:
        s.add(m.ClientFlag(client_id=clinic["José Núñez"], flag="anticoagulants"))
        s.add(m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="pregnancy"))

    def pair(first: bool, second: bool):
        return replace(request(
            clinic, "2026-10-05 10:00", "Couples 60", room="Oak", partners=(Partner(
                client_id=clinic["Zoë Brontë"], therapist_id=clinic["Ben"],
                acknowledge=second),)), acknowledge=first)

    with pytest.raises(Refused) as refused:
        bookings.book_party(pair(False, False))
    assert [(v.code, v.field, v.client) for v in refused.value.violations] == [
        ("contraindicated", "client", "José Núñez"), ("contraindicated", "partner", "Zoë Brontë")]
    with pytest.raises(Refused) as refused:
        bookings.book_party(pair(True, False))
    assert [(v.field, v.client) for v in refused.value.violations] == [
        ("partner", "Zoë Brontë")]
    first, partner = bookings.book_party(pair(True, True))
    with db.read() as s:
        assert [s.get(m.Appointment, v.id).cautions_acknowledged
                for v in (first, partner)] == ["anticoagulants", "pregnancy"]
