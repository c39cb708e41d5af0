"""The clinic's wall clock inside SQL, on both engines: what the reports group by.

Instants are stored in UTC; a report groups visits by the clinic's *local* week, month,
weekday and hour. PostgreSQL converts with ``timezone(zone, instant)`` (``AT TIME ZONE``)
from its own zone database. SQLite knows no zones: it is given the zone's UTC offsets over
the range as pieces (:func:`frontdesk.domain.reports.offsets`, one per DST change) and adds
the offset of the piece each instant falls in, a ``CASE`` of a few branches. Either way the
local values come out as the same Python types (:func:`as_date`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, case, cast, extract, func, literal
from sqlalchemy.sql.elements import ColumnElement

from frontdesk.domain import reports as rules

#: A margin around the range for the SQLite offsets: an instant at either end reads right.
_MARGIN = timedelta(days=2)


class Wall:
    """Local-time SQL expressions of a UTC instant column, for one engine and zone, valid
    for instants in [start, end)."""

    def __init__(self, dialect: str, tz: ZoneInfo, start: datetime, end: datetime):
        self.postgres = dialect == "postgresql"
        self.tz = tz
        self.pieces = rules.offsets(tz, start - _MARGIN, end + _MARGIN)

    def local(self, column) -> ColumnElement:
        """The instant as the clinic's wall clock (a naive timestamp, or SQLite's text)."""
        if self.postgres:
            return func.timezone(self.tz.key, column)
        modifiers = [f"{minutes:+d} minutes" for _, minutes in self.pieces]
        if len(modifiers) == 1:
            return func.datetime(column, modifiers[0])
        whens = [(column < at, modifier) for (at, _), modifier
                 in zip(self.pieces[1:], modifiers, strict=False)]
        return func.datetime(column, case(*whens, else_=modifiers[-1]))

    def period(self, column, period: str) -> ColumnElement:
        """The first local day of the instant's week (Monday) or month."""
        if period not in rules.PERIODS:
            raise ValueError(period)
        local = self.local(column)
        if self.postgres:
            return cast(func.date_trunc(period, local), Date)
        if period == "week":  # forward to Sunday (or stay), back six days: that Monday
            return func.date(local, "weekday 0", "-6 days")
        return func.strftime("%Y-%m-01", local)

    def weekday(self, column) -> ColumnElement:
        """0 Monday to 6 Sunday."""
        local = self.local(column)
        if self.postgres:
            return cast(extract("isodow", local), Integer) - 1
        return (cast(func.strftime("%w", local), Integer) + 6) % 7

    def hour(self, column) -> ColumnElement:
        local = self.local(column)
        if self.postgres:
            return cast(extract("hour", local), Integer)
        return cast(func.strftime("%H", local), Integer)


def minutes_between(dialect: str, start, end) -> ColumnElement:
    """Whole minutes from ``start`` to ``end`` (instant columns), summed by the caller."""
    if dialect == "postgresql":
        return extract("epoch", end - start) / 60
    return (func.julianday(end) - func.julianday(start)) * literal(1440)


def as_date(value) -> date:
    """A period's first day as the engine gave it: SQLite's text, PostgreSQL's date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])

