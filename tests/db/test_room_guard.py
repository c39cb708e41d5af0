"""The database's own guard: an SQLite trigger refuses a room holding two clients, even for a
writer that goes around the booking engine."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc, insert, update

from frontdesk.db import models as m
from tests.pg import xfail_on_postgres

T = datetime(2026, 10, 5, 14, tzinfo=UTC)


def _row(clinic, start, minutes, *, client="José Núñez", therapist="Ana", turnover=0,
         status="booked"):
    end = start + timedelta(minutes=minutes)
    return dict(client_id=clinic[client], service_id=clinic["Swedish 60"],
                therapist_id=clinic[therapist], room_id=clinic["Cedar"], starts_at=start,
                ends_at=end, therapist_until=end, room_until=end + timedelta(minutes=turnover),
                status=status, source="desk", created_at=T, updated_at=T)


def _insert(db, row):
    with db.write() as s:
        return s.execute(insert(m.Appointment).returning(m.Appointment.id), [row]).scalar()


@xfail_on_postgres("no room guard in the database yet: the exclusion constraints of "
                   "issue 13 item 2 (branch guard) add it")
def test_overlap_in_a_room_is_refused_by_the_database(db, clinic):
    _insert(db, _row(clinic, T, 60, turnover=10))
    with pytest.raises(exc.IntegrityError, match="room double-booked"):
        _insert(db, _row(clinic, T + timedelta(minutes=65), 30, client="Zoë Brontë",
                         therapist="Ben"))


def test_back_to_back_after_turnover_and_cancelled_rows_pass(db, clinic):
    _insert(db, _row(clinic, T, 60, turnover=10))
    _insert(db, _row(clinic, T + timedelta(minutes=70), 30, client="Zoë Brontë",
                     therapist="Ben"))
    _insert(db, _row(clinic, T, 60, client="李小龍", therapist="Ben", status="cancelled"))


@xfail_on_postgres("no room guard in the database yet: the exclusion constraints of "
                   "issue 13 item 2 (branch guard) add it")
def test_update_into_a_clash_is_refused(db, clinic):
    _insert(db, _row(clinic, T, 60))
    later = _insert(db, _row(clinic, T + timedelta(hours=2), 60, client="Zoë Brontë",
                             therapist="Ben"))
    with pytest.raises(exc.IntegrityError, match="room double-booked"), db.write() as s:
        s.execute(update(m.Appointment).where(m.Appointment.id == later)
                  .values(starts_at=T + timedelta(minutes=30)))
