"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class Instant(TypeDecorator[datetime]):
    """An aware UTC instant.

    PostgreSQL keeps it as ``timestamptz``; SQLite has no zone-aware type, so the value is
    stored as naive UTC text in one fixed format, which keeps comparisons and indexes right.
    Naive datetimes are refused: they are the start of every DST bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware instant is needed")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def result_processor(self, dialect, coltype):
        """On SQLite, parse the stored text straight into an aware UTC instant; on
        PostgreSQL, keep what the driver gives when it is UTC already.

        A day's read turns about a thousand of these per view switch; the general path (the
        dialect's parse, then ``replace(tzinfo=UTC)``, which is slow with keywords) costs
        as much as the query. Appending the offset lets ``fromisoformat`` give the aware
        value in one C call; anything it cannot read goes the general way. PostgreSQL
        sessions use UTC (db.engine), so psycopg's instants need no conversion at all."""
        general = super().result_processor(dialect, coltype)
        driver = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)
        if dialect.name == "postgresql" and driver is None:
            def as_utc(value):
                if value is None or value.tzinfo is UTC:
                    return value
                return self.process_result_value(value, dialect)

            return as_utc
        if dialect.name != "sqlite" or general is None:
            return general
        parse = datetime.fromisoformat

        def process(value):
            if value is None:
                return None
            try:
                return parse(value + "+00:00")
            except (TypeError, ValueError):
                return general(value)

        return process
