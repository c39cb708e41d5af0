"""The server's change notices (PostgreSQL LISTEN/NOTIFY): sent by the audit trail's trigger
in the change's own transaction, so heard once it commits and never for one rolled back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import Refused
from frontdesk.services import notices
from frontdesk.services.booking import Bookings
from tests.helpers import NOW, ClinicBuilder, request


def test_sqlite_books_have_no_notices():
    assert notices.listener("sqlite:///clinic.sqlite3") is None


@pytest.mark.pg
def test_a_committed_change_is_heard_once_and_a_refused_one_not_at_all(pg_url):
    db = open_database(pg_url)
    try:
        clinic = ClinicBuilder(db).standard()
        listener = notices.listener(pg_url)
        assert listener is not None
        while listener.wait(0.2):  # the set-up's own notices
            pass
        bookings = Bookings(db, actor="desk 2", now=lambda: NOW)
        bookings.book(request(clinic, "2026-10-05 10:00"))
        assert listener.wait(10)
        assert not listener.wait(0.3)  # one change, one notice
        with pytest.raises(Refused):
            bookings.book(request(clinic, "2026-10-05 10:00"))  # the room is taken
        assert not listener.wait(0.5)
        listener.close()
    finally:
        db.close()


@pytest.mark.pg
def test_audit_ids_commit_in_their_order_so_a_desk_reading_after_an_id_misses_none(pg_url):
    """Desk A draws an audit id and is still open; desk B's change waits for A's commit,
    so B's id (drawn later) is higher and becomes visible after A's, never before."""
    import threading
    from datetime import UTC, datetime

    from frontdesk.services import audit, changes

    db = open_database(pg_url)
    try:
        ClinicBuilder(db).standard()
        with db.read() as s:
            start = changes.last_id(s)
        at = datetime(2026, 10, 1, tzinfo=UTC)
        done = threading.Event()

        def desk_b() -> None:
            with db.write() as s:
                audit.record(s, actor="B", at=at, action="b", entity="clients", entity_id=2)
                s.flush()
            done.set()

        with db.write() as s:
            audit.record(s, actor="A", at=at, action="a", entity="clients", entity_id=1)
            s.flush()
            other = threading.Thread(target=desk_b)
            other.start()
            assert not done.wait(0.5)  # B waits for A's commit
            with db.read() as look:
                assert changes.since(look, start).last_id == start  # nothing visible yet
        other.join(10)
        assert done.is_set()
        with db.read() as s:
            entry = m.AuditEntry
            actors = s.scalars(select(entry.actor).where(entry.id > start)
                               .order_by(entry.id)).all()
        assert actors == ["A", "B"]
    finally:
        db.close()
