"""The database's own double-booking guard (migration 0007): it refuses a room holding two
clients at once, and a therapist booked twice without a reason, even for a writer that goes
around the booking engine; and beneath the engine it reaches the user as the engine's refusal.

The first tests run on the suite's engine (SQLite, or PostgreSQL on its run); those marked
``pg`` write through psycopg as psql would, those ``sqlite_only`` through the sqlite3 module
with the text forms a hand-written row may take.
"""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc, insert, select, update

from frontdesk.db import guard
from frontdesk.db import models as m
from frontdesk.db.migrate import open_database, sqlite_path
from frontdesk.domain.errors import Refused
from frontdesk.services.booking import Bookings
from tests.helpers import NOW, ClinicBuilder, local, request

T = datetime(2026, 10, 5, 14, tzinfo=UTC)


def _row(clinic, start, minutes, *, client="José Núñez", therapist="Ana", room="Cedar",
         turnover=0, rest=0, status="booked", reason=""):
    end = start + timedelta(minutes=minutes)
    return dict(client_id=clinic[client] if client else None, service_id=clinic["Swedish 60"],
                therapist_id=clinic[therapist], room_id=clinic[room], starts_at=start,
                ends_at=end, therapist_until=end + timedelta(minutes=rest),
                room_until=end + timedelta(minutes=turnover), status=status, source="desk",
                override_reason=reason, created_at=T, updated_at=T)


def _insert(db, row):
    with db.write() as s:
        return s.execute(insert(m.Appointment).returning(m.Appointment.id), [row]).scalar()


def _refused(kind: str):
    """The write is refused by the guard of ``kind`` (room or therapist)."""
    class _Check:
        def __enter__(self):
            self.raised = pytest.raises(exc.IntegrityError)
            self.info = self.raised.__enter__()

        def __exit__(self, *args):
            handled = self.raised.__exit__(*args)
            assert guard.tripped(self.info.value) == kind
            return handled
    return _Check()


def test_overlap_in_a_room_is_refused_by_the_database(db, clinic):
    _insert(db, _row(clinic, T, 60, turnover=10))
    with _refused(guard.ROOM):
        _insert(db, _row(clinic, T + timedelta(minutes=65), 30, client="Zoë Brontë",
                         therapist="Ben"))


def test_back_to_back_after_turnover_and_cancelled_rows_pass(db, clinic):
    _insert(db, _row(clinic, T, 60, turnover=10))
    _insert(db, _row(clinic, T + timedelta(minutes=70), 30, client="Zoë Brontë",
                     therapist="Ben"))
    _insert(db, _row(clinic, T, 60, client="李小龍", therapist="Ben", status="cancelled"))


def test_update_into_a_clash_is_refused(db, clinic):
    _insert(db, _row(clinic, T, 60))
    later = _insert(db, _row(clinic, T + timedelta(hours=2), 60, client="Zoë Brontë",
                             therapist="Ben"))
    with _refused(guard.ROOM), db.write() as s:
        s.execute(update(m.Appointment).where(m.Appointment.id == later)
                  .values(starts_at=T + timedelta(minutes=30)))


def test_a_cancelled_visit_cannot_come_back_into_a_taken_room(db, clinic):
    _insert(db, _row(clinic, T, 60))
    gone = _insert(db, _row(clinic, T, 60, client="Zoë Brontë", therapist="Ben",
                            status="cancelled"))
    with _refused(guard.ROOM), db.write() as s:
        s.execute(update(m.Appointment).where(m.Appointment.id == gone)
                  .values(status="booked"))


def test_a_therapist_booked_twice_needs_a_reason_on_the_row(db, clinic):
    _insert(db, _row(clinic, T, 60, rest=15))
    with _refused(guard.THERAPIST):  # in her rest, in another room
        _insert(db, _row(clinic, T + timedelta(minutes=70), 30, client="Zoë Brontë",
                         room="Willow"))
    _insert(db, _row(clinic, T + timedelta(minutes=75), 30, client="Zoë Brontë",
                     room="Willow"))  # rest over: fine
    # Booked over with a reason (the rules' soft clash): fine, on either row.
    with_reason = _insert(db, _row(clinic, T + timedelta(minutes=30), 30, client="李小龍",
                                   room="Birch", reason="regular, squeezed in"))
    with _refused(guard.THERAPIST), db.write() as s:  # taking the reason away again
        s.execute(update(m.Appointment).where(m.Appointment.id == with_reason)
                  .values(override_reason=""))


def _long_visit(db, clinic, hours=20) -> int:
    """A visit written around the program, longer than the rules allow (12 hours): it lies
    beyond the distance the rules' reads look back."""
    return _insert(db, _row(clinic, local("2026-10-05 09:00"), hours * 60))


def test_a_clash_the_rules_cannot_see_is_the_engines_refusal_naming_it(db, clinic, caplog):
    long = _long_visit(db, clinic)
    bookings = Bookings(db, now=lambda: NOW)
    req = request(clinic, "2026-10-06 04:00", therapist="Ben", room="Cedar",
                  client="Zoë Brontë", override="a late event")
    with pytest.raises(Refused) as refused:
        bookings.book(req)
    (v,) = refused.value.violations
    assert (v.code, v.field, v.clash_id, v.room) == ("room-taken", "room", long, "Cedar")
    assert v.message.startswith("room Cedar is taken ")
    assert "José Núñez" in v.message and not v.soft
    with db.read() as s:  # nothing written
        assert s.scalars(select(m.Appointment.id)).all() == [long]
    assert "Zoë" not in caplog.text and "parameters" not in caplog.text


def test_a_therapist_clash_the_rules_cannot_see_is_refused_as_hers(db, clinic):
    long = _long_visit(db, clinic)
    bookings = Bookings(db, now=lambda: NOW)
    # The series path: placed through the session, without an override reason.
    with pytest.raises(Refused) as refused, bookings.transaction() as tx:
        tx.session.add(m.Appointment(**_row(clinic, local("2026-10-06 04:00"), 30,
                                            client="Zoë Brontë", room="Willow")))
    (v,) = refused.value.violations
    assert (v.code, v.clash_id, v.therapist, v.soft) == ("therapist-busy", long, "Ana", True)


def test_the_command_line_says_it_in_one_line_exit_3(tmp_path, db_url, monkeypatch):
    from tests.cli.conftest import base_env, run_subprocess

    db = open_database(db_url)
    try:
        clinic = ClinicBuilder(db).standard()
        _long_visit(db, clinic)
    finally:
        db.close()
    env = base_env(tmp_path, db_url)
    result = run_subprocess(["book", "--client", "Zoë", "--service", "Swedish",
                             "--start", "2026-10-06 04:00", "--therapist", "Ben", "--room",
                             "Cedar", "--override", "a late event"], env, tmp_path)
    line = result.assert_one_line_error(3)
    assert line.startswith("frontdesk: room Cedar is taken "), line
    logs = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "home").rglob("*.log*"))
    assert "Zoë" not in logs and "double-booked" not in logs


# -- PostgreSQL, written as psql would ------------------------------------------------------

def _psql(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(dbname=u.database, host=u.host, port=u.port, user=u.username,
                           password=u.password, autocommit=True)


@pytest.fixture
def pg_book(pg_url):
    """A PostgreSQL book with the test clinic and one visit: Cedar, Ana 10:00-11:00 (local),
    turnover until 11:10."""
    db = open_database(pg_url)
    try:
        clinic = ClinicBuilder(db).standard()
        first = _insert(db, _row(clinic, local("2026-10-05 10:00"), 60, turnover=10, rest=15))
    finally:
        db.close()
    return pg_url, clinic, first


_RAW = ("INSERT INTO appointments (client_id, service_id, therapist_id, room_id, starts_at, "
        "ends_at, therapist_until, room_until, status, cancel_reason, source, notes, "
        "override_reason, overridden, price_cents, cautions_acknowledged, created_at, "
        "created_by, updated_at, updated_by, version) VALUES (NULL, %(service)s, "
        "%(therapist)s, %(room)s, %(start)s, %(end)s, %(end)s, %(end)s, 'booked', '', 'desk', "
        "'', %(reason)s, '', 0, '', now(), 'psql', now(), 'psql', 1) RETURNING id")


@pytest.mark.pg
def test_psql_insert_and_update_of_an_overlap_are_refused(pg_book):
    import psycopg

    url, clinic, _first = pg_book
    ids = dict(service=clinic["Swedish 60"], therapist=clinic["Ben"], room=clinic["Cedar"],
               reason="")
    with _psql(url) as conn:
        with pytest.raises(psycopg.errors.ExclusionViolation) as raised:  # in its turnover
            conn.execute(_RAW, {**ids, "start": "2026-10-05 11:05-04",
                                "end": "2026-10-05 12:00-04"})
        assert raised.value.diag.constraint_name == "ex_appointments_room"
        # A reason lets a therapist be booked twice, never a room.
        with pytest.raises(psycopg.errors.ExclusionViolation):
            conn.execute(_RAW, {**ids, "start": "2026-10-05 10:30-04",
                                "end": "2026-10-05 11:00-04", "reason": "squeezed in"})
        later = conn.execute(_RAW, {**ids, "start": "2026-10-05 11:10-04",
                                    "end": "2026-10-05 12:00-04"}).fetchone()[0]
        with pytest.raises(psycopg.errors.ExclusionViolation):
            conn.execute("UPDATE appointments SET starts_at = starts_at - interval '30 min' "
                         "WHERE id = %s", (later,))
        # Ana in Willow during her rest after the 10:00 visit: refused without a reason.
        ana = {**ids, "therapist": clinic["Ana"], "room": clinic["Willow"]}
        with pytest.raises(psycopg.errors.ExclusionViolation) as raised:
            conn.execute(_RAW, {**ana, "start": "2026-10-05 11:10-04",
                                "end": "2026-10-05 12:00-04"})
        assert raised.value.diag.constraint_name == "ex_appointments_therapist"
        conn.execute(_RAW, {**ana, "start": "2026-10-05 11:10-04", "end": "2026-10-05 12:00-04",
                            "reason": "her regular"})
        rows = conn.execute("SELECT count(*) FROM appointments").fetchone()[0]
    assert rows == 3


# -- SQLite, written through the sqlite3 module ---------------------------------------------

@pytest.fixture
def sqlite_book(db, clinic):
    """An SQLite book with one visit: Cedar, Ana 14:00-15:00 UTC, turnover until 15:10."""
    _insert(db, _row(clinic, T, 60, turnover=10))
    path = sqlite_path(db.url)
    conn = sqlite3.connect(path, isolation_level=None)
    yield conn, clinic
    conn.close()


def _raw_sqlite(conn, clinic, start, end, *, therapist="Ben", room="Cedar", reason=""):
    return conn.execute(
        "INSERT INTO appointments (service_id, therapist_id, room_id, starts_at, ends_at, "
        "therapist_until, room_until, status, cancel_reason, source, notes, override_reason, "
        "overridden, price_cents, cautions_acknowledged, created_at, created_by, updated_at, "
        "updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', '', 'desk', '', ?, '', 0, "
        "'', '2026-10-01 12:00:00.000000', 'raw', '2026-10-01 12:00:00.000000', 'raw', 1)",
        (clinic["Swedish 60"], clinic[therapist], clinic[room], start, end, end, end, reason),
    ).lastrowid


@pytest.mark.sqlite_only("the sqlite3 module's text forms")
@pytest.mark.parametrize("start, end", [
    ("2026-10-05T14:30:00", "2026-10-05T15:00:00"),          # a T separator
    ("2026-10-05 14:30", "2026-10-05 15:00"),                # no seconds
    ("2026-10-05T15:05:00Z", "2026-10-05T15:30:00Z"),        # Z, in the turnover
    ("2026-10-05T10:30:00-04:00", "2026-10-05T11:00:00-04:00"),  # New York's offset
])
def test_odd_text_forms_of_an_overlap_are_refused(sqlite_book, start, end):
    conn, clinic = sqlite_book
    with pytest.raises(sqlite3.IntegrityError, match=r"^room double-booked"):
        _raw_sqlite(conn, clinic, start, end)


@pytest.mark.sqlite_only("the sqlite3 module's text forms")
def test_an_update_in_an_odd_form_is_refused_and_only_one_form_is_stored(sqlite_book):
    conn, clinic = sqlite_book
    later = _raw_sqlite(conn, clinic, "2026-10-05 15:10:00.000000", "2026-10-05 16:00:00.000000")
    with pytest.raises(sqlite3.IntegrityError, match=r"^room double-booked"):
        conn.execute("UPDATE appointments SET starts_at = '2026-10-05T14:59:00' WHERE id = ?",
                     (later,))
    # No clash, but not the form the program writes and sorts by: refused too.
    with pytest.raises(sqlite3.IntegrityError, match=r"^appointment times must be UTC text"):
        _raw_sqlite(conn, clinic, "2026-10-06T10:00:00", "2026-10-06T11:00:00")
    with pytest.raises(sqlite3.IntegrityError, match=r"^appointment times must be UTC text"):
        _raw_sqlite(conn, clinic, "next tuesday", "2026-10-06 11:00:00.000000")


@pytest.mark.sqlite_only("the trigger's look-back")
def test_inside_a_long_visit_is_refused_and_over_a_day_is_not_stored(sqlite_book):
    conn, clinic = sqlite_book
    # 20 hours (beyond the rules' 16-hour look-back, within the guard's day).
    _raw_sqlite(conn, clinic, "2026-10-06 00:00:00.000000", "2026-10-06 20:00:00.000000",
                room="Willow")
    with pytest.raises(sqlite3.IntegrityError, match=r"^room double-booked"):
        _raw_sqlite(conn, clinic, "2026-10-06 18:00:00.000000", "2026-10-06 19:00:00.000000",
                    therapist="Cleo", room="Willow")
    with pytest.raises(sqlite3.IntegrityError, match=r"^therapist double-booked"):
        _raw_sqlite(conn, clinic, "2026-10-06 18:00:00.000000", "2026-10-06 19:00:00.000000")
    _raw_sqlite(conn, clinic, "2026-10-06 18:00:00.000000", "2026-10-06 19:00:00.000000",
                reason="on call")
    with pytest.raises(sqlite3.IntegrityError, match=r"^appointment too long"):  # 30 hours
        _raw_sqlite(conn, clinic, "2026-10-08 00:00:00.000000", "2026-10-09 06:00:00.000000",
                    room="Willow")
