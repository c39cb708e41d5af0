"""Undo covers every change the window makes: standing appointments, "this and following",
the waitlist and client cards, each one Ctrl+Z, over a real database.

The test clinic's clock stands at Thursday 2026-10-01; Ana works 09:00-17:00 every day.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from frontdesk.domain.errors import Refused
from frontdesk.domain.status import Status
from frontdesk.services import client_record, schedule, waitlist
from frontdesk.services.booking import Change
from tests.helpers import TZ, local, request

MONDAYS = ["2026-10-05 10:00", "2026-10-12 10:00", "2026-10-19 10:00"]


def views(door, ids) -> list:
    found = door.read(schedule.by_ids, list(ids))
    return [found[i] for i in ids]


def series_of_three(door, clinic) -> list:
    outcomes = door.ops.book_series(request(clinic, MONDAYS[0]), [local(m) for m in MONDAYS])
    assert all(o.booked for o in outcomes)
    return [o.appointment.id for o in outcomes]


def test_one_undo_takes_back_a_whole_standing_appointment_and_redo_brings_it(door, clinic):
    ids = series_of_three(door, clinic)
    stack = door.ops.stack
    assert stack.count() == 1 and "3 visits" in stack.text(0)
    stack.undo()
    assert door.read(schedule.by_ids, ids) == {}  # out of the book, not cancelled
    stack.redo()
    assert {v.status for v in views(door, ids)} == {Status.BOOKED}


def test_undo_of_this_and_following_puts_every_visit_back(door, clinic):
    ids = series_of_three(door, clinic)
    door.ops.change_following(ids[1], Change(start=local("2026-10-12 14:00")))
    assert [v.start for v in views(door, ids)] == [
        local(MONDAYS[0]), local("2026-10-12 14:00"), local("2026-10-19 14:00")]
    door.ops.stack.undo()
    assert [v.start for v in views(door, ids)] == [local(m) for m in MONDAYS]


def test_an_undo_one_visit_cannot_take_changes_none_of_them(door, clinic, bookings):
    ids = series_of_three(door, clinic)
    door.ops.change_following(ids[0], Change(start=local("2026-10-05 14:00")))
    failures = []
    door.ops.failed.connect(lambda what, error: failures.append((what, str(error))))
    # Another desk takes Ana's old Monday 19 October slot meanwhile.
    bookings.book(request(clinic, MONDAYS[2], client="Zoë Brontë", room="Willow"))

    door.ops.stack.undo()

    assert failures and failures[0][0].startswith("Undo")
    assert [v.start.astimezone(TZ).time() for v in views(door, ids)] == [time(14)] * 3
    assert door.ops.stack.count() == 1  # the series remains; the change no longer matches


def test_undo_of_cancel_this_and_following_restores_each_status(door, clinic):
    ids = series_of_three(door, clinic)
    door.ops.set_status(views(door, ids)[2], Status.CONFIRMED)
    first = views(door, ids)[0]
    door.ops.cancel_following(first, "moving away")
    assert {v.status for v in views(door, ids)} == {Status.CANCELLED}
    door.ops.stack.undo()
    assert [v.status for v in views(door, ids)] == [Status.BOOKED, Status.BOOKED,
                                                   Status.CONFIRMED]


def test_the_waitlist_add_and_remove_are_undone(door, clinic):
    wish = waitlist.Wish(client_id=clinic["José Núñez"], service_id=clinic["Swedish 60"],
                         earliest=time(9), latest=time(12))
    door.ops.add_to_waitlist(wish)
    [entry] = door.read(waitlist.entries)
    door.ops.stack.undo()
    assert door.read(waitlist.entries) == []
    door.ops.stack.redo()
    [again] = door.read(waitlist.entries)
    door.ops.remove_from_waitlist(again)
    assert door.read(waitlist.entries) == []
    door.ops.stack.undo()
    [back] = door.read(waitlist.entries)
    assert back.wish() == entry.wish() == wish


def test_a_client_card_edit_is_undone_unless_another_desk_changed_it(door, clinic, db):
    client_id = clinic["Zoë Brontë"]
    shown = door.read(client_record.record, client_id, TZ)
    door.ops.update_client(shown, name=shown.name, phone=shown.phone, email=shown.email,
                           notes=shown.notes, alert="Latex allergy", flags=[])
    assert door.read(client_record.record, client_id, TZ).alert == "Latex allergy"
    door.ops.stack.undo()
    assert door.read(client_record.record, client_id, TZ).alert == shown.alert
    door.ops.stack.redo()

    client_record.update_client(db, client_id, name=shown.name, phone=shown.phone,
                                email="zoe@example.org", notes="", alert="Latex allergy",
                                flags=[])
    failures = []
    door.ops.failed.connect(lambda what, error: failures.append(str(error)))
    door.ops.stack.undo()
    assert failures and "another desk" in failures[0]
    assert door.read(client_record.record, client_id, TZ).email == "zoe@example.org"


def test_every_change_says_what_it_touched(door, clinic):
    said = []
    door.ops.changed.connect(said.append)
    ids = series_of_three(door, clinic)
    door.ops.change_following(ids[0], Change(therapist_id=clinic["Ben"]))
    booked, moved = said
    assert booked.appointment_ids == set(ids) and booked.client_ids == {clinic["José Núñez"]}
    assert moved.therapist_ids == {clinic["Ana"], clinic["Ben"]}
    door.ops.stack.undo()
    assert said[-1].appointment_ids == set(ids)
    assert said[-1].therapist_ids == {clinic["Ana"], clinic["Ben"]}
    assert timedelta(0) == views(door, ids)[0].start - local(MONDAYS[0])


def test_undoing_a_booking_for_a_waiting_client_puts_them_back_on_the_list(door, clinic):
    wish = waitlist.Wish(client_id=clinic["Zoë Brontë"], service_id=clinic["Swedish 60"])
    door.ops.add_to_waitlist(wish)
    [entry] = door.read(waitlist.entries)
    door.ops.book(request(clinic, MONDAYS[0], client="Zoë Brontë", waitlist_id=entry.id))
    assert door.read(waitlist.entries) == []
    door.ops.stack.undo()
    [back] = door.read(waitlist.entries)
    assert back.wish() == wish
    door.ops.stack.redo()
    assert door.read(waitlist.entries) == []
    door.ops.stack.undo()
    door.ops.stack.undo()  # and the wish itself, added before the booking
    assert door.read(waitlist.entries) == []


def test_a_waiting_client_put_back_by_an_undo_keeps_their_entry_number(door, clinic):
    """The entry an undone booking puts back is the one the waitlist's own undo step names,
    even where a new row would get a new number (another entry made since; PostgreSQL)."""
    zoe = waitlist.Wish(client_id=clinic["Zoë Brontë"], service_id=clinic["Swedish 60"])
    jose = waitlist.Wish(client_id=clinic["José Núñez"], service_id=clinic["Swedish 60"])
    door.ops.add_to_waitlist(zoe)
    door.ops.add_to_waitlist(jose)
    first = next(e for e in door.read(waitlist.entries) if e.wish() == zoe)
    door.ops.book(request(clinic, MONDAYS[0], client="Zoë Brontë", waitlist_id=first.id))
    door.ops.stack.undo()  # the booking: Zoë is back on the list, under her number
    assert {e.id for e in door.read(waitlist.entries) if e.wish() == zoe} == {first.id}
    door.ops.stack.undo()  # José's wish
    door.ops.stack.undo()  # Zoë's wish
    assert door.read(waitlist.entries) == []
    door.ops.stack.redo()
    door.ops.stack.redo()
    door.ops.stack.redo()  # the booking again takes Zoë off the list
    assert [e.wish() for e in door.read(waitlist.entries)] == [jose]


def test_a_database_failure_in_an_undo_changes_nothing_and_is_said_calmly(door, clinic,
                                                                          monkeypatch):
    ids = series_of_three(door, clinic)
    failures = []
    door.ops.failed.connect(lambda what, error: failures.append(str(error)))
    versions = dict(door.ops.versions)

    def broken(*_args, **_kw):
        raise RuntimeError("database is locked: José Núñez")
    monkeypatch.setattr(door.ops.bookings, "transaction", broken)
    door.ops.stack.undo()
    assert failures == ["the book could not be changed; see the log"]
    assert door.ops.versions == versions
    assert {v.status for v in views(door, ids)} == {Status.BOOKED}


def test_cancel_this_and_following_is_refused_when_the_visit_is_already_cancelled(door,
                                                                                  clinic):
    ids = series_of_three(door, clinic)
    last = views(door, ids)[2]
    door.ops.cancel_following(last, "moving away")
    with pytest.raises(Refused):
        door.ops.cancel_following(views(door, ids)[2], "again")
    assert door.ops.stack.count() == 2


# -- issue 12: what happens to a booked visit -----------------------------------------------


def test_undoing_a_booking_leaves_no_ghost_and_redo_brings_the_same_visit(door, clinic):
    said = []
    door.ops.changed.connect(said.append)
    walk_in = door.ops.book(request(clinic, MONDAYS[0], client=None))
    day = local("2026-10-05 00:00")
    door.ops.stack.undo()
    assert said[-1].views == {walk_in.id: None}  # the day drops the block
    assert said[-1].therapist_ids == {walk_in.therapist_id}
    shown = door.read(schedule.between, day, day + timedelta(days=1), include_cancelled=True)
    assert walk_in.id not in {v.id for v in shown}
    door.ops.stack.redo()
    [back] = views(door, [walk_in.id])
    assert (back.start, back.status, back.client_id) == (walk_in.start, Status.BOOKED, None)
    door.ops.stack.undo()  # and again: the versions seen follow the redo
    assert door.read(schedule.by_ids, [walk_in.id]) == {}


def test_undo_of_naming_a_walk_in_puts_back_no_client_and_the_notes(door, clinic):
    walk_in = door.ops.book(request(clinic, MONDAYS[0], client=None))
    named = door.ops.change(walk_in, Change(
        client_id=clinic["Zoë Brontë"], notes="first visit",
        service_id=clinic["Deep Tissue 60"], expected_version=walk_in.version))
    assert (named.client, named.notes, named.service) == ("Zoë Brontë", "first visit",
                                                          "Deep Tissue 60")
    assert "Change" in door.ops.stack.text(door.ops.stack.count() - 1)
    door.ops.stack.undo()
    [back] = views(door, [walk_in.id])
    assert (back.client_id, back.notes, back.service_id, back.end) == (
        None, "", walk_in.service_id, walk_in.end)
    door.ops.stack.redo()
    [again] = views(door, [walk_in.id])
    assert (again.client_id, again.notes) == (clinic["Zoë Brontë"], "first visit")


def test_undo_of_a_note_written_during_the_session_does_not_try_to_move_it(door, clinic,
                                                                          db):
    from frontdesk.services.booking import Bookings

    visit = door.ops.book(request(clinic, MONDAYS[0]))
    during = Bookings(db, actor="tester", now=lambda: local("2026-10-05 10:10"))
    door.ops.bookings = during  # the desk's clock moves on to the session itself
    visit = door.ops.set_status(visit, Status.ARRIVED)
    visit = door.ops.set_status(visit, Status.IN_SESSION)
    noted = door.ops.change(visit, Change(notes="tight calves", start=visit.start,
                                          expected_version=visit.version))
    failures = []
    door.ops.failed.connect(lambda what, error: failures.append(str(error)))
    door.ops.stack.undo()
    assert failures == []
    assert views(door, [noted.id])[0].notes == ""
