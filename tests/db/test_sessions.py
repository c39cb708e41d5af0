"""Sessions as db.engine hands them out: reads that cannot write, and on PostgreSQL reads
that send only their queries (no transaction around them, no ping before a connection just
used), while a connection the server dropped is still replaced before use."""

from __future__ import annotations

import pytest
from psycopg import pq
from sqlalchemy import func, select, text, update

from frontdesk.db import engine as engines
from frontdesk.db import models as m
from frontdesk.db.migrate import open_database


def test_a_read_session_refuses_to_write(db, clinic):
    with pytest.raises(RuntimeError, match="read session"), db.read() as s:
        s.add(m.Room(name="Maple"))
        s.flush()
    with pytest.raises(RuntimeError, match="read session"), db.read() as s:
        s.execute(update(m.Room).values(name="Maple"))
    with db.read() as s:
        assert s.scalar(select(func.count()).where(m.Room.name == "Maple")) == 0
    with db.write() as s:  # a write session writes as ever
        s.add(m.Room(name="Maple"))
    with db.read() as s:
        assert s.scalar(select(func.count()).where(m.Room.name == "Maple")) == 1


@pytest.fixture
def pg_db(pg_url):
    database = open_database(pg_url)
    yield database
    database.close()


def test_a_read_on_postgres_opens_no_transaction(pg_db):
    with pg_db.read() as s:
        assert s.scalar(text("SELECT 1")) == 1
        status = s.connection().connection.dbapi_connection.info.transaction_status
    assert status == pq.TransactionStatus.IDLE  # no BEGIN was sent, no ROLLBACK is owed
    with pg_db.write() as s:
        s.execute(text("SELECT 1"))
        status = s.connection().connection.dbapi_connection.info.transaction_status
    assert status == pq.TransactionStatus.INTRANS


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


