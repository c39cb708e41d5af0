"""A client's file (counts, history, next and last visit) and editing it, on real SQLite.

José Núñez has five appointments at 10:00 with Ana in Cedar, booked on 2026-10-01: Mon 5 Oct
(completed), Tue 6 (no-show), Wed 7 (late cancel), Thu 8 (cancelled) and Tue 20 (booked).
The file is read on 2026-10-10, between the last of the past ones and the booked one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, StaleEdit
from frontdesk.domain.status import Status
from frontdesk.services import clients
from frontdesk.services.booking import BookingRequest, Bookings
from frontdesk.services.client_record import record, update_client
from tests.helpers import TZ, local

LATER = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def history(db, clinic, bookings):
    """{day: appointment id} of José's five appointments, their statuses set on LATER."""
    ids = {}
    for day in ("05", "06", "07", "08", "20"):
        ids[day] = bookings.book(BookingRequest(
            service_id=clinic["Swedish 60"], start=local(f"2026-10-{day} 10:00"),
            therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
            client_id=clinic["José Núñez"])).id
    later = Bookings(db, actor="tester", now=lambda: LATER)
    later.set_status(ids["05"], Status.ARRIVED)
    later.set_status(ids["05"], Status.COMPLETED)
    later.set_status(ids["06"], Status.NO_SHOW)
    later.cancel(ids["07"], "called an hour before", late=True)
    later.cancel(ids["08"], "moved away for a week")
    # Someone else's visit must not count for José.
    bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                 start=local("2026-10-05 10:00"), therapist_id=clinic["Ben"],
                                 room_id=clinic["Willow"], client_id=clinic["Zoë Brontë"]))
    return ids


def read(db, client_id, now=LATER):
    with db.read() as session:
        return record(session, client_id, TZ, now=now)


def test_counts_no_shows_and_late_cancellations(db, clinic, history):
    rec = read(db, clinic["José Núñez"])
    c = rec.counts
    assert (c.visits, c.no_shows, c.late_cancels, c.cancelled, c.upcoming, c.total) == \
        (1, 1, 1, 1, 1, 5)
    assert rec.summary == \
        "1 visit · 1 no-show · 1 late cancel · 1 cancelled · next: Tue 20 Oct 10:00"


def test_history_is_newest_first_with_next_and_last_visit(db, clinic, history):
    rec = read(db, clinic["José Núñez"])
    assert [a.id for a in rec.history] == [history[d] for d in ("20", "08", "07", "06", "05")]
    assert [a.status for a in rec.history] == [
        Status.BOOKED, Status.CANCELLED, Status.LATE_CANCEL, Status.NO_SHOW, Status.COMPLETED]
    assert rec.next.id == history["20"]
    assert rec.last_visit.id == history["05"]
    assert rec.history[0].therapist == "Ana" and rec.history[0].room == "Cedar"


def test_a_visit_under_way_is_next_and_nothing_left_once_it_is_over(db, clinic, history):
    under_way = local("2026-10-20 10:30")
    assert read(db, clinic["José Núñez"], now=under_way).next.id == history["20"]
    rec = read(db, clinic["José Núñez"], now=under_way + timedelta(hours=1))
    assert rec.next is None and rec.counts.upcoming == 0
    assert rec.summary.endswith("nothing booked")


def test_history_limit_keeps_the_counts_whole(db, clinic, history):
    with db.read() as session:
        rec = record(session, clinic["José Núñez"], TZ, now=LATER, limit=2)
    assert [a.id for a in rec.history] == [history["20"], history["08"]]
    assert rec.counts.total == 5 and rec.last_visit.id == history["05"]


def test_details_phones_in_display_form_and_flags(db, clinic):
    rec = read(db, clinic["Zoë Brontë"])
    assert (rec.name, rec.phones, rec.email, rec.alert) == \
        ("Zoë Brontë", ("+1 917-555-0102",), "", "")
    assert rec.history == () and rec.next is None and rec.last_visit is None
    assert rec.summary == "0 visits · nothing booked"


def test_unknown_client_is_bad_input(db, clinic):
    with pytest.raises(BadInput) as exc:
        read(db, 9999)
    assert exc.value.field == "client"


def edit(db, client_id, **changes):
    rec = read(db, client_id)
    fields = {"name": rec.name, "phone": rec.phone, "email": rec.email, "notes": rec.notes,
              "alert": rec.alert, "flags": rec.flags, "actor": "tester", "at": LATER}
    update_client(db, client_id, **(fields | changes))
    return read(db, client_id)


def audit_rows(db, client_id):
    with db.read() as session:
        return session.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "clients", m.AuditEntry.entity_id == client_id,
            m.AuditEntry.action == "update")).all()


def test_update_writes_the_client_and_its_audit_entry(db, clinic):
    cid = clinic["José Núñez"]
    rec = edit(db, cid, name="José  Núñez Ruiz", phone="(646) 555-0199",
               email="jose@example.com", alert="Latex allergy", notes="Likes firm pressure",
               flags=[("anticoagulants", "warfarin"), "Pregnancy"])
    assert (rec.name, rec.phones, rec.email, rec.alert, rec.notes) == (
        "José Núñez Ruiz", ("+1 646-555-0199",), "jose@example.com", "Latex allergy",
        "Likes firm pressure")
    assert rec.flags == (("anticoagulants", "warfarin"), ("pregnancy", ""))
    with db.read() as session:  # the search keys follow the name and the number
        assert [c.id for c in clients.search(session, "ruiz")] == [cid]
        assert [c.id for c in clients.search(session, "0199")] == [cid]
        assert clients.search(session, "0101") == []
    [entry] = audit_rows(db, cid)
    assert (entry.actor, entry.at) == ("tester", LATER)
    assert entry.before["alert"] == "" and entry.after["alert"] == "Latex allergy"
    assert entry.before["phones"] == ["+12125550101"]
    assert entry.after["phones"] == ["+16465550199"]
    assert entry.after["flags"] == [["anticoagulants", "warfarin"], ["pregnancy", ""]]


def test_a_bare_flag_keeps_its_note_and_an_unchanged_save_is_not_audited(db, clinic):
    cid = clinic["Zoë Brontë"]
    edit(db, cid, flags=[("pregnancy", "due in spring"), "diabetes"])
    rec = edit(db, cid, flags=["pregnancy"])
    assert rec.flags == (("pregnancy", "due in spring"),)
    edit(db, cid)
    assert len(audit_rows(db, cid)) == 2


@pytest.mark.parametrize(("field", "value"), [
    ("phone", "12"), ("phone", "call me maybe"), ("name", "   "), ("name", "x" * 201),
    ("email", "jose.example.com"), ("alert", "x" * 501), ("flags", ["x" * 41]),
])
def test_bad_input_names_its_field_and_changes_nothing(db, clinic, field, value):
    cid = clinic["José Núñez"]
    before = read(db, cid)
    with pytest.raises(BadInput) as exc:
        edit(db, cid, **{field: value})
    assert exc.value.field == field
    assert read(db, cid) == before
    assert audit_rows(db, cid) == []


def test_an_edit_made_meanwhile_at_another_desk_is_not_overwritten(db, clinic):
    cid = clinic["José Núñez"]
    shown = read(db, cid)
    edit(db, cid, alert="Arrives early")
    with pytest.raises(StaleEdit):
        update_client(db, cid, name=shown.name, phone=shown.phone, email="", notes="",
                      alert="", flags=(), expected=shown)
    assert read(db, cid).alert == "Arrives early"


def test_removing_the_phone(db, clinic):
    rec = edit(db, clinic["José Núñez"], phone="")
    assert rec.phones == ()
