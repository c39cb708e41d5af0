"""A booking holds the booking lock for a few statements only, and gives what it always gave.

Every other desk's booking waits while one holds the lock (PostgreSQL's clinic row, SQLite's
write lock), so what a booking does under it is kept to the book itself: the catalogue and
the client's card are read before it, the rules' clash questions are answered by one read,
and the visit returned is made from what the booking knows, not read back. The visit
returned must still be the one the book reads back, field for field.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.services import admin, schedule
from frontdesk.services.audit import AUDIT_LOCK
from frontdesk.services.booking import Bookings, NewClient
from frontdesk.services.client_record import update_client
from tests.helpers import NOW, TZ, ClinicBuilder, local, request

#: What a booking may still send once it holds the lock: the read of what is booked around
#: the visit, the visit and its audit entry with the read of the trail's last seal it is
#: chained to, and on PostgreSQL the audit trail's turn (on SQLite the two reads of the
#: highest numbers given instead, see booking_session.next_id).
UNDER_LOCK = 6


def _statements(db):
    sent: list[str] = []

    def seen(_conn, _cursor, statement, _parameters, _context, _many):
        sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", seen)
    return sent


def _after_lock(sent: list[str]) -> list[str]:
    lock = next(i for i, s in enumerate(sent) if s.startswith("SELECT clinic.id FROM clinic"))
    return [s for s in sent[lock + 1:] if not s.startswith(("COMMIT", "ROLLBACK"))]


def test_a_booking_reads_the_catalogue_and_the_card_before_it_takes_the_lock(db, clinic,
                                                                             bookings):
    bookings.book(request(clinic, "2026-10-05 09:00"))  # the catalogue is kept from here on
    sent = _statements(db)
    bookings.book(request(clinic, "2026-10-05 10:00", room=None, client="Zoë Brontë"))
    under = _after_lock(sent)
    assert len(under) <= UNDER_LOCK, "\n".join(s[:110] for s in under)
    assert not [s for s in under if "FROM clients" in s or "FROM services" in s], under
    sent.clear()
    # Ana is busy, and Cedar too: the engine tries her in each room and Ben in each, all
    # answered by the one read of what is booked then.
    view = bookings.book(request(clinic, "2026-10-05 10:00", therapist=None, room=None,
                                 client="李小龍"))
    assert (view.therapist, view.room) == ("Ben", "Willow")
    assert len(_after_lock(sent)) <= UNDER_LOCK


def test_a_refusal_under_the_lock_still_names_what_is_in_the_way(db, clinic, bookings):
    bookings.book(request(clinic, "2026-10-05 10:00"))
    with pytest.raises(Refused) as caught:
        bookings.book(request(clinic, "2026-10-05 10:30", client="Zoë Brontë"))
    codes = {v.code for v in caught.value.violations}
    assert codes == {"room-taken", "therapist-busy"}, caught.value.violations
    with pytest.raises(Refused) as caught:
        bookings.book(request(clinic, "2026-10-05 10:30", therapist="Ben", room="Willow"))
    assert [v.code for v in caught.value.violations] == ["client-busy"]


def test_the_visit_a_booking_returns_is_the_one_the_book_reads_back(db, clinic, bookings):
    admin.update_service(db, clinic["Deep Tissue 60"], cautions=["pregnancy"])
    update_client(db, clinic["Zoë Brontë"], name="Zoë Brontë", phone="+1 917 555 0102",
                  email="", notes="", alert="bad knee", flags=[("pregnancy", "due in May")])
    made = [
        bookings.book(request(clinic, "2026-10-05 10:00", "Deep Tissue 60", room=None,
                              client="Zoë Brontë", acknowledge=True, notes="  upstairs  ")),
        bookings.book(request(clinic, "2026-10-05 14:00", client=None)),  # a walk-in
        # Over Ana's break, with a reason, given as a local time.
        bookings.book(request(clinic, local("2026-10-05 12:00").astimezone(TZ),
                              "Trigger Point 30", room="Willow", client="李小龍",
                              override="she asked")),
        bookings.book(request(clinic, "2026-10-06 15:00", "Hot Stone 90", room=None,
                              client=None, new_client=NewClient("Rafael Quintero"))),
    ]
    assert made[2].overridden and made[2].override_reason == "she asked"
    with db.read() as s:
        for view in made:
            assert view == schedule.appointment(s, view.id)
            assert view.start.tzinfo == view.end.tzinfo == schedule.appointment(
                s, view.id).start.tzinfo


def test_a_price_changed_at_another_desk_is_the_one_booked(db, clinic, bookings):
    req = request(clinic, "2026-10-05 10:00", "Deep Tissue 60")
    bookings.book(req)
    admin.update_service(db, clinic["Deep Tissue 60"], price_cents=12500)
    view = bookings.book(replace(req, start=req.start + timedelta(hours=3)))
    with db.read() as s:
        assert s.get(m.Appointment, view.id).price_cents == 12500


def test_an_unknown_client_is_refused_before_anything_is_written(db, clinic, bookings):
    with pytest.raises(BadInput) as caught:
        bookings.book(request(clinic, "2026-10-05 10:00", client=987654))
    assert caught.value.field == "client"
    with db.read() as s:
        assert schedule.days(s, local("2026-10-05 00:00").date(), 1, TZ) == []



def _psycopg(url: str):
    import psycopg

    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(
        hide_password=False), autocommit=True)


@pytest.mark.pg
def test_a_booking_waiting_for_the_lock_does_not_hold_the_audit_trails_turn(pg_url):
    """A booking waiting for another desk's booking holds nothing else: the audit trail's
    turn (PostgreSQL) is asked for only under the lock, so every other writer of the trail
    (a card edited, the set-up) goes on meanwhile, and nothing can wait in a circle."""
    db = open_database(pg_url)
    clinic = ClinicBuilder(db).standard()
    done: list = []
    holder, other = _psycopg(pg_url), _psycopg(pg_url)
    try:
        with holder.transaction():
            holder.execute("SELECT id FROM clinic FOR UPDATE")  # another desk's booking
            worker = threading.Thread(target=lambda: done.append(
                Bookings(db, now=lambda: NOW).book(request(clinic, "2026-10-05 10:00"))))
            worker.start()
            deadline = time.monotonic() + 10
            while not other.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()").fetchone()[0]:
                assert time.monotonic() < deadline, "the booking never waited for the lock"
                time.sleep(0.02)
            with other.transaction():
                assert other.execute("SELECT pg_try_advisory_xact_lock(%s)",
                                     (AUDIT_LOCK,)).fetchone()[0]
        worker.join(10)
    finally:
        holder.close()
        other.close()
        db.close()
    assert len(done) == 1 and done[0].therapist == "Ana"
