"""Worlds for the booking rules: what is booked, read from the database.

:class:`SessionWorld` asks the database as the rules need it (one booking, inside its write
transaction): around one proposal it reads every visit near it in one query and answers the
rules' questions about it from that. :class:`DayCacheWorld` reads every active appointment
around a day once and answers from memory (the availability search, which asks thousands of
times). Both share the clinic's hours, so both give the rules the same answers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from sqlalchemy import BindParameter, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.hours import Span, spans_on
from frontdesk.domain.length import MAX_REACH
from frontdesk.domain.rules import Booked, TherapistInfo
from frontdesk.domain.status import ACTIVE
from frontdesk.services.catalog import Catalog

#: How far before a window an appointment may start and still reach into it (length + buffers).
REACH = MAX_REACH

_KIND_COLUMN = {
    "therapist": m.Appointment.therapist_id,
    "room": m.Appointment.room_id,
    "client": m.Appointment.client_id,
}
_ACTIVE = [s.value for s in ACTIVE]


def booked_query(*conditions):
    """Active appointments as :class:`Booked` rows, with client and service names."""
    a = m.Appointment
    return (
        select(a.id, a.starts_at, a.ends_at, a.therapist_id, a.room_id, a.client_id,
               a.therapist_until, a.room_until, m.Client.name, m.Service.name, a.party_id)
        .join(m.Service, m.Service.id == a.service_id)
        .outerjoin(m.Client, m.Client.id == a.client_id)
        .where(a.status.in_(_ACTIVE), *conditions)
        .order_by(a.starts_at)
    )


def _to_booked(row) -> Booked:
    return Booked(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                  row[8] or "", row[9], row[10])


class ClinicWorld:
    """Hours and clock shared by both worlds; spans are cached per therapist and day."""

    def __init__(self, catalog: Catalog, now: datetime):
        self.catalog = catalog
        self.tz = catalog.clinic.tz
        self.now = now
        self._opening = lru_cache(maxsize=64)(
            lambda day: spans_on(day, catalog.clinic.opening, self.tz))
        # Keyed by therapist id: hashing a whole TherapistInfo on every call costs more than
        # the spans themselves.
        self._shifts = lru_cache(maxsize=4096)(
            lambda tid, day: spans_on(day, catalog.therapists[tid].shifts, self.tz))
        self._breaks = lru_cache(maxsize=4096)(
            lambda tid, day: spans_on(day, catalog.therapists[tid].breaks, self.tz))

    def opening(self, day: date) -> Sequence[Span]:
        return self._opening(day)

    def shifts(self, therapist: TherapistInfo, day: date) -> Sequence[Span]:
        if self.catalog.therapists.get(therapist.id) is not therapist:
            return spans_on(day, therapist.shifts, self.tz)
        return self._shifts(therapist.id, day)

    def breaks(self, therapist: TherapistInfo, day: date) -> Sequence[Span]:
        if self.catalog.therapists.get(therapist.id) is not therapist:
            return spans_on(day, therapist.breaks, self.tz)
        return self._breaks(therapist.id, day)


class SessionWorld(ClinicWorld):
    """Reads clashes straight from the session: right for checks inside a transaction.

    Each question is a query of its own, except inside :meth:`around`: a booking asks about
    a room, a client and a therapist over one window (and, choosing, about several rooms and
    therapists), and every one of those questions is answered by the one read made there."""

    def __init__(self, session: Session, catalog: Catalog, now: datetime):
        super().__init__(catalog, now)
        self.session = session
        #: Inside around(): its window and what holds time in it, by (kind, key).
        self._near: tuple[datetime, datetime, dict[tuple[str, int], list[Booked]]] | None = None

    @contextmanager
    def around(self, start: datetime, until: datetime) -> Iterator[None]:
        """Read every active visit holding anything in [start, until) at once; questions
        about windows inside it are answered from that read until the block ends. The block
        must not write: what it answers is the book as it stood when the block began."""
        rows = self.session.execute(_near_between(), {
            "start": start, "until": until, "earliest": start - REACH}).all()
        index: dict[tuple[str, int], list[Booked]] = defaultdict(list)
        for row in rows:
            b = _to_booked(row)
            index["therapist", b.therapist_id].append(b)
            index["room", b.room_id].append(b)
            if b.client_id is not None:
                index["client", b.client_id].append(b)
        self._near = (start, until, index)
        try:
            yield
        finally:
            self._near = None

    def booked(self, kind: str, key: int, start: datetime, end: datetime) -> Iterable[Booked]:
        near = self._near
        if near is not None and near[0] <= start and end <= near[1]:
            # What the query below would give, less visits whose every hold ended before
            # the window began (they cannot clash with anything in it).
            earliest = start - REACH
            return [b for b in near[2].get((kind, key), ()) if earliest < b.start < end]
        a = m.Appointment
        rows = self.session.execute(booked_query(
            _KIND_COLUMN[kind] == key, a.starts_at < end, a.starts_at > start - REACH))
        return [_to_booked(r) for r in rows]


class DayCacheWorld(ClinicWorld):
    """Loads the active appointments touching each local day once, indexed by resource.

    Days are read in growing runs (1, 2, 4, then 8 days a query, never past ``horizon``) so
    a search that stops on its first day reads one day, and a long one few queries. Each
    appointment is filed under every local day its time and buffers touch: a proposal on a
    day can only clash with what touches that day.

    Without ``names`` the visits come without their clients' names (service names are the
    catalogue's), so the clients' table is not read: for a caller that only asks whether
    anything stands in the way and never shows the rules' words (the availability search).
    Looking up each visit's client cost an 8-day read on PostgreSQL most of its time."""

    def __init__(self, session: Session, catalog: Catalog, now: datetime,
                 horizon: date | None = None, *, names: bool = True):
        super().__init__(catalog, now)
        self.session = session
        self.horizon = horizon
        self.names = names
        self._run = 1
        self._days: dict[date, dict[tuple[str, int], list[Booked]]] = {}
        #: The UTC bounds of the day last asked about, and its index: a search asks
        #: thousands of times about one day before it moves to the next.
        self._last: tuple[datetime, datetime, dict] | None = None

    def load_day(self, day: date) -> dict[tuple[str, int], list[Booked]]:
        if day not in self._days:
            last = day + timedelta(days=self._run - 1)
            if self.horizon is not None and day <= self.horizon:
                last = min(last, self.horizon)
            self._run = min(self._run * 2, 8)
            self._load(day, last)
        return self._days[day]

    def _load(self, first: date, last: date) -> None:
        """Read [first, last] in one query; file each appointment under the local days from
        its start's to its last buffer's, found among the days' UTC bounds by bisection
        (two zone conversions a row cost more than the query)."""
        count = (last - first).days + 1
        dates = [first + timedelta(days=n) for n in range(count)]
        # bounds[i] is the instant local day i starts; bounds[count] the end of the last
        bounds = [clock.day_bounds(d, self.tz)[0] for d in dates]
        bounds.append(clock.day_bounds(last, self.tz)[1])
        index: list[dict[tuple[str, int], list[Booked]] | None] = [
            None if d in self._days else defaultdict(list) for d in dates]
        rows = self.session.connection().execute(
            _booked_between(self.names), {"end": bounds[-1], "earliest": bounds[0] - REACH,
                                          "start": bounds[0]}).all()
        services = self.catalog.services
        for row in rows:
            if self.names:
                b = Booked(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                           row[8] or "", row[9], row[10])
            else:
                service = services.get(row[8])
                b = Booked(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                           "", service.name if service else "", row[9])
            i = max(bisect_right(bounds, b.start) - 1, 0)
            j = min(bisect_right(bounds, max(b.therapist_until, b.room_until)) - 1, count - 1)
            for k in range(i, j + 1):
                filed = index[k]
                if filed is not None:
                    filed["therapist", b.therapist_id].append(b)
                    filed["room", b.room_id].append(b)
                    if b.client_id is not None:
                        filed["client", b.client_id].append(b)
        for d, filed in zip(dates, index, strict=True):
            if filed is not None:
                self._days[d] = filed

    def booked(self, kind: str, key: int, start: datetime, end: datetime) -> Iterable[Booked]:
        last_asked = self._last
        if last_asked is not None and last_asked[0] <= start and end < last_asked[1]:
            return last_asked[2].get((kind, key), ())
        first = clock.to_local(start, self.tz).date()
        last = clock.to_local(end, self.tz).date()
        if first == last:
            found = self.load_day(first)
            self._last = (*clock.day_bounds(first, self.tz), found)
            return found.get((kind, key), ())
        seen: dict[int, Booked] = {}
        day = first
        while day <= last:
            for b in self.load_day(day).get((kind, key), ()):
                seen[b.id] = b
            day += timedelta(days=1)
        return list(seen.values())


@cache
def _near_between() -> Select:
    """Active appointments starting in (earliest, until) whose therapist or room (and so
    client: both holds last at least to the visit's end) is held past ``start``, built once:
    everything that can clash with a visit in [start, until)."""
    a = m.Appointment
    start: BindParameter[datetime] = bindparam("start")
    return booked_query(a.starts_at < bindparam("until"), a.starts_at > bindparam("earliest"),
                        or_(a.therapist_until > start, a.room_until > start))


@cache
def _booked_between(names: bool = True) -> Select:
    """Active appointments starting in (earliest, end) that reach ``start`` (a buffer ending
    at midnight touches the day), built once (see booked_query); without ``names``, the
    appointments' own columns and the service's id instead of the names. The reach is tested
    by the database: most of the rows the start index gives are the day before's, done
    with."""
    a = m.Appointment
    start: BindParameter[datetime] = bindparam("start")
    where = (a.starts_at < bindparam("end"), a.starts_at > bindparam("earliest"),
             or_(a.therapist_until >= start, a.room_until >= start))
    if names:
        return booked_query(*where)
    return (select(a.id, a.starts_at, a.ends_at, a.therapist_id, a.room_id, a.client_id,
                   a.therapist_until, a.room_until, a.service_id, a.party_id)
            .where(a.status.in_(_ACTIVE), *where).order_by(a.starts_at))
