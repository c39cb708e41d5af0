"""Instants read back from SQLite: the fast parse gives what the general path gives, for
the text this program writes and for text written some other way."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.types import TypeDecorator

from frontdesk.db import models as m
from frontdesk.db.types import Instant


@pytest.mark.parametrize("stored", [
    "2026-11-01 05:30:00.000000",    # as SQLAlchemy writes it
    "2026-11-01 05:30:00",           # no fraction (a hand-written row)
    "2026-11-01T05:30:00.250000",    # ISO with a T
    "2026-11-01 05:30:00+00:00",     # already carrying an offset: the general path
])
@pytest.mark.sqlite_only("SQLite's text instants")
def test_sqlite_instants_parse_like_the_general_path(db, stored):
    dialect = db.engine.dialect
    instant = Instant().dialect_impl(dialect)  # as SQLAlchemy adapts it for SQLite
    processor = instant.result_processor(dialect, None)
    general = TypeDecorator.result_processor(instant, dialect, None)
    expected = general(stored)
    got = processor(stored)
    assert got == expected
    assert got.tzinfo is UTC
    assert processor(None) is None


def test_an_instant_written_is_read_back_aware_and_equal(db, clinic):
    at = datetime(2026, 3, 8, 7, 0, 0, 123456, tzinfo=UTC)
    with db.write() as s:
        s.execute(text("UPDATE clients SET created_at = :at"),
                  {"at": "2026-03-08 07:00:00.123456"})
    with db.read() as s:
        values = s.scalars(m.Client.__table__.select().with_only_columns(
            m.Client.created_at)).all()
    assert values and all(v == at and v.tzinfo is UTC for v in values)


def test_postgres_instants_in_utc_pass_through_and_others_are_converted():
    from zoneinfo import ZoneInfo

    from sqlalchemy.dialects import postgresql

    dialect = postgresql.psycopg.dialect()
    processor = Instant().dialect_impl(dialect).result_processor(dialect, None)
    utc = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert processor(utc) is utc  # what psycopg gives in a UTC session: nothing to do
    local = utc.astimezone(ZoneInfo("America/New_York"))  # a session in another zone
    assert processor(local) == utc and processor(local).tzinfo is UTC
    assert processor(None) is None
