"""The server's change notices (PostgreSQL LISTEN/NOTIFY): sent by the audit trail's trigger
in the change's own transaction, so heard once it commits and never for one rolled back."""

from __future__ import annotations

import pytest

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
