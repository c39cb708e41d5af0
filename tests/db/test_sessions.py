"""Sessions as db.engine hands them out on PostgreSQL: no ping before a connection just
used, while a connection the server dropped is still replaced before use; and a day's read
that looks each visit's flags up instead of scanning them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, insert, text

from frontdesk.db import engine as engines
from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.services import schedule
from tests.helpers import NOW, TZ, ClinicBuilder, local


@pytest.fixture
def pg_db(pg_url):
    database = open_database(pg_url)
    yield database
    database.close()


def _pings(db, monkeypatch) -> list[int]:
    pinged: list[int] = []
    ping = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping",
                        lambda conn: pinged.append(1) or ping(conn))
    return pinged


def test_a_connection_used_a_moment_ago_is_not_pinged_an_idle_one_is(pg_db, monkeypatch):
    with pg_db.read() as s:
        s.execute(text("SELECT 1"))
    pinged = _pings(pg_db, monkeypatch)
    for _ in range(3):
        with pg_db.read() as s:
            s.execute(text("SELECT 1"))
    assert pinged == []
    monkeypatch.setattr(engines, "PING_IDLE_S", 0.0)
    with pg_db.read() as s:
        s.execute(text("SELECT 1"))
    assert pinged == [1]


def test_a_connection_the_server_dropped_is_replaced_before_use(pg_db, monkeypatch):
    with pg_db.read() as s:
        pid = s.scalar(text("SELECT pg_backend_pid()"))
    other = open_database(pg_db.url, migrate=False)
    try:
        with other.read() as s:
            assert s.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        other.close()
    monkeypatch.setattr(engines, "PING_IDLE_S", 0.0)  # as after a while at the desk
    with pg_db.read() as s:
        assert s.scalar(text("SELECT pg_backend_pid()")) != pid



def test_a_days_read_looks_each_visits_flags_up_and_never_scans_them(pg_db):
    """Whether each visit's client has contraindication flags is an index look-up per visit:
    PostgreSQL planned the EXISTS it was as a hashed scan of every client's flags, which
    cost a day's read more as the clinic's clients grew than its visits did."""
    clinic = ClinicBuilder(pg_db).standard()
    start = local("2026-10-05 08:00")
    visits = [dict(client_id=clinic[who], service_id=clinic["Trigger Point 30"],
                   therapist_id=clinic[therapist], room_id=clinic[room],
                   starts_at=start + timedelta(minutes=30 * n),
                   ends_at=start + timedelta(minutes=30 * (n + 1)),
                   therapist_until=start + timedelta(minutes=30 * (n + 1)),
                   room_until=start + timedelta(minutes=30 * (n + 1)), status="booked",
                   source="desk", created_at=NOW, updated_at=NOW)
              for n in range(20) for therapist, room, who in (("Ana", "Cedar", "José Núñez"),
                                                               ("Ben", "Willow", "李小龍"))]
    with pg_db.write() as s:
        s.execute(insert(m.Appointment), visits)
        s.add(m.ClientFlag(client_id=clinic["José Núñez"], flag="pregnancy", note=""))
    with pg_db.write() as s:
        s.execute(text("ANALYZE"))
    sent: list[tuple] = []
    event.listen(pg_db.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, parameters, _x, _m: sent.append(
                     (statement, parameters)))
    with pg_db.read() as s:
        views = schedule.days(s, date(2026, 10, 5), 1, TZ)
        assert {(v.client, v.client_flagged) for v in views} == {("José Núñez", True),
                                                               ("李小龍", False)}
        statement, parameters = sent[-1]
        cursor = s.connection().connection.dbapi_connection.cursor()
        plan = "\n".join(r[0] for r in cursor.execute("EXPLAIN " + statement, parameters))
    # Looked up by the visit's client (a filter or an index condition on it), not scanned
    # whole once and hashed (a scan with no condition).
    assert "(client_id = appointments.client_id)" in plan, plan


def _closed(raw) -> bool:
    """Whether a DBAPI connection (psycopg's or sqlite3's) is closed."""
    import sqlite3

    if hasattr(raw, "closed"):
        return bool(raw.closed)
    try:
        raw.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_a_connection_out_when_the_book_closes_is_closed_when_it_comes_back(db_url):
    """A read still running on a worker thread when its window closed the book: its
    connection must not stay open in the disposed pool until the collector finds it."""
    database = open_database(db_url)
    conn = database.engine.connect()
    raw = conn.connection.dbapi_connection
    conn.execute(text("SELECT 1"))
    database.close()
    assert not _closed(raw)  # still in use: not pulled from under its reader
    conn.close()
    assert _closed(raw)
    database.close()  # closing twice is harmless


def test_a_book_whose_pool_takes_a_freed_pools_place_still_closes_a_late_connection(tmp_path):
    """SQLAlchemy's event.contains keys on id(pool): a new book's pool at the address of a
    closed book's freed pool (whose listeners the closed book's new pool still shares) was
    taken for one already closing its late connections, and one stayed open (once in CI).
    Books are opened and closed until a pool lands on such an address; skipped if none does
    (the allocator's choice, not the book's)."""
    import gc

    from sqlalchemy import create_engine

    from frontdesk.db.engine import Database

    url = f"sqlite:///{tmp_path / 'book.sqlite3'}"
    kept, freed = [], set()
    for _ in range(5000):
        closed = Database(create_engine(url), url)
        freed.add(id(closed.engine.pool))
        closed.close()  # listens on that pool, then replaces it: the old one is freed
        kept.append(closed)
        gc.collect()
        book = Database(create_engine(url), url)
        kept.append(book)
        if id(book.engine.pool) not in freed:
            continue
        conn = book.engine.connect()
        raw = conn.connection.dbapi_connection
        conn.execute(text("SELECT 1"))
        book.close()
        conn.close()
        assert _closed(raw)
        break
    else:
        pytest.skip("no pool took a freed pool's address")
    for database in kept:
        database.close()
