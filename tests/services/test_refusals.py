"""Refusals say whom they concern by id and name, and series place visits through the engine's
public in-transaction interface: against the standard test clinic (tests/helpers.py) on a
real SQLite file, Monday 2026-10-05 (Ana 09:00-17:00, Ben 10:00-18:00; the clock at
2026-10-01 08:00 local)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain.errors import Refused, StaleEdit, Violation
from frontdesk.domain.recurrence import Repeat
from frontdesk.domain.status import Status
from frontdesk.services import admin, audit, series
from frontdesk.services.booking import BookingRequest, Bookings, Change
from frontdesk.services.catalog import load_catalog
from frontdesk.services.client_record import update_client
from frontdesk.services.suitability import rank
from tests.helpers import NOW, local

DAY = "2026-10-05"


def at(hm: str, day: str = DAY):
    return local(f"{day} {hm}")


def refusal(call) -> Refused:
    with pytest.raises(Refused) as caught:
        call()
    return caught.value


def only(refused: Refused, code: str) -> Violation:
    assert [v.code for v in refused.violations] == [code], refused.violations
    return refused.violations[0]


# -- clashes name the visit in the way ----------------------------------------------------


def test_a_move_into_a_taken_room_names_both_visits_and_the_room(clinic, book, bookings):
    first = book(f"{DAY} 10:00", therapist="Ana", room="Cedar")
    second = book(f"{DAY} 14:00", therapist="Ben", room="Willow", client="Zoë Brontë")
    v = only(refusal(lambda: bookings.change(second.id, Change(start=at("10:30"),
                                                               room_id=clinic["Cedar"]))),
             "room-taken")
    assert (v.appointment_id, v.clash_id) == (second.id, first.id)
    assert (v.room_id, v.room, v.therapist_id) == (clinic["Cedar"], "Cedar", None)
    assert v.message == f"room Cedar {v.detail}"


def test_a_double_booked_therapist_is_named_with_the_visit_she_is_busy_with(clinic, book,
                                                                           bookings):
    first = book(f"{DAY} 10:00", therapist="Ana", room="Cedar")
    refused = refusal(lambda: bookings.book(BookingRequest(
        clinic["Swedish 60"], at("10:30"), clinic["Zoë Brontë"], clinic["Ana"],
        clinic["Willow"])))
    v = only(refused, "therapist-busy")
    assert (v.therapist_id, v.therapist, v.clash_id) == (clinic["Ana"], "Ana", first.id)
    assert v.appointment_id is None and v.soft
    assert v.detail.startswith("is busy 10:00-11:00")


def test_a_client_booked_elsewhere_is_named_by_id(clinic, book, bookings):
    first = book(f"{DAY} 10:00", therapist="Ana", room="Cedar")
    v = only(refusal(lambda: bookings.book(BookingRequest(
        clinic["Swedish 60"], at("10:30"), clinic["José Núñez"], clinic["Ben"],
        clinic["Willow"]))), "client-busy")
    assert (v.client_id, v.client, v.clash_id) == (clinic["José Núñez"], "José Núñez", first.id)


def test_a_drag_preview_names_the_visit_being_dragged(clinic, book, bookings):
    first = book(f"{DAY} 10:00", therapist="Ana", room="Cedar")
    second = book(f"{DAY} 14:00", therapist="Ana", room="Willow", client="Zoë Brontë")
    problems = bookings.preview(second.id, Change(start=at("10:30")))
    busy = [v for v in problems if v.code == "therapist-busy"]
    assert [(v.appointment_id, v.clash_id) for v in busy] == [(second.id, first.id)]


# -- refusals about one appointment name it -----------------------------------------------


def test_a_no_show_before_the_start_names_the_appointment(book, bookings):
    a = book(f"{DAY} 10:00")
    v = only(refusal(lambda: bookings.set_status(a.id, Status.NO_SHOW)), "transition")
    assert v.appointment_id == a.id and "not started" in v.message


def test_a_visit_over_is_not_reinstated_and_the_refusal_names_it(db, book, bookings):
    a = book(f"{DAY} 10:00")
    bookings.cancel(a.id, "ill")
    after = Bookings(db, actor="tester", now=lambda: at("11:00"))
    v = only(refusal(lambda: after.set_status(a.id, Status.BOOKED)), "in-past")
    assert v.appointment_id == a.id


def test_a_stale_edit_and_an_unmovable_visit_name_the_appointment(db, book, bookings):
    a = book(f"{DAY} 10:00")
    bookings.set_status(a.id, Status.CONFIRMED)
    stale = refusal(lambda: bookings.move(a.id, at("11:00"), expected_version=a.version))
    assert isinstance(stale, StaleEdit)
    assert only(stale, "stale").appointment_id == a.id
    bookings.cancel(a.id, "ill")
    assert only(refusal(lambda: bookings.move(a.id, at("11:00"))),
                "not-movable").appointment_id == a.id


def test_a_contraindication_gives_the_warning_apart_from_the_advice(db, clinic, bookings):
    admin.update_service(db, clinic["Deep Tissue 60"], cautions=["pregnancy"])
    update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="+1 917 555 0102",
                  email="", notes="", alert="", flags=[("pregnancy", "")])
    v = only(refusal(lambda: bookings.book(BookingRequest(
        clinic["Deep Tissue 60"], at("10:00"), clinic["Zoë Brontë"], clinic["Ana"]))),
        "contraindicated")
    assert (v.client_id, v.client) == (clinic["Zoë Brontë"], "Zoë Brontë")
    assert v.detail == "Deep Tissue 60 is advised against for Zoë Brontë: pregnancy"
    assert v.message.startswith(v.detail) and "acknowledge" not in v.detail


# -- the editor's lists -------------------------------------------------------------------


def test_a_ranked_candidate_carries_the_objection_without_its_name(db, clinic, book):
    book(f"{DAY} 10:00", therapist="Ana", room="Cedar")
    with db.read() as session:
        ranking = rank(session, load_catalog(session), service_id=clinic["Swedish 60"],
                       start=at("10:30"), minutes=60, room_id=clinic["Willow"], now=NOW)
    ana = next(c for c in ranking.therapists if c.name == "Ana")
    cedar = next(c for c in ranking.rooms if c.name == "Cedar")
    assert not ana.ok and ana.reason == f"Ana {ana.detail}"
    assert ana.detail.startswith("is busy 10:00-11:00")
    assert not cedar.ok and cedar.reason == f"room Cedar {cedar.detail}"


# -- series through the public in-transaction interface -----------------------------------


def _req(clinic, start, **kw):
    kw.setdefault("therapist_id", clinic["Ana"])
    kw.setdefault("client_id", clinic["José Núñez"])
    return BookingRequest(service_id=clinic["Swedish 60"], start=start, **kw)


def test_a_refused_series_visit_carries_its_violations(clinic, book, bookings):
    blocker = book("2026-10-27 10:30", therapist="Ana", room="Willow", client="Zoë Brontë")
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    outcomes = series.book(bookings, _req(clinic, when[0]), when)
    refused = outcomes[1]
    assert not refused.booked and refused.reason
    busy = [v for v in refused.problems if v.code == "therapist-busy"]
    assert [(v.therapist_id, v.clash_id) for v in busy] == [(clinic["Ana"], blocker.id)]
    assert all(o.problems == () for o in outcomes if o.booked)


def test_changing_this_and_following_names_the_visit_at_fault(clinic, book, bookings):
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    views = [o.appointment for o in series.book(bookings, _req(clinic, when[0]), when)]
    blocker = book("2026-11-03 15:00", therapist="Ana", room="Willow", client="Zoë Brontë")
    caught = refusal(lambda: series.change_following(
        bookings, views[0].id, Change(start=local("2026-10-20 15:00"))))
    assert {(v.appointment_id, v.clash_id) for v in caught.violations
            if v.code == "therapist-busy"} == {(views[2].id, blocker.id)}


def test_visits_placed_in_one_transaction_see_each_other(db, clinic, bookings):
    req = _req(clinic, at("10:00"), room_id=clinic["Cedar"])
    with bookings.transaction() as tx:
        first = tx.book(req, req.client_id)
        tx.session.flush()
        with pytest.raises(Refused) as caught:
            tx.book(replace(req, start=at("10:30"), client_id=clinic["Zoë Brontë"]),
                    clinic["Zoë Brontë"])
    assert {v.clash_id for v in caught.value.violations} == {first.id}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Appointment)) == 1


def test_a_transaction_that_raises_keeps_nothing(db, clinic, bookings):
    req = _req(clinic, at("10:00"))
    with pytest.raises(RuntimeError), bookings.transaction() as tx:
        tx.book(req, req.client_id)
        raise RuntimeError("the caller gave up")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Appointment)) == 0


def test_a_change_placed_in_a_transaction_is_stamped_and_audited(db, clinic, book, bookings):
    a = book(f"{DAY} 10:00")
    with bookings.transaction() as tx:
        appt = tx.load(a.id, a.version)
        before = audit.snapshot(appt)
        proposal = tx.changed(appt, Change(start=at("11:00")))
        assert tx.check(proposal) == []
        tx.place(appt, proposal, [], "")
        view = tx.finish(appt, "change", before)
    assert view.start == at("11:00") and view.version == a.version + 1
    assert view.end - view.start == timedelta(hours=1)
    with db.read() as s:
        actions = s.scalars(select(m.AuditEntry.action).where(
            m.AuditEntry.entity == "appointments", m.AuditEntry.entity_id == a.id)).all()
    assert actions == ["book", "change"]
