"""The availability search: the next free (therapist, room, start) options for a service.

It walks the clinic's slot grid (every ``slot_minutes`` of wall-clock time from midnight, so
DST days have the right slots) in time order and asks :func:`frontdesk.domain.rules.check` of
each candidate, with a world that reads each day's bookings once. The search offers only what
the rules accept, so every option books; and it tries every grid start in order, so no
earlier bookable start is missed. Each therapist appears at most once per start, with the
first room (by name) that fits. For a couples service an option is a room holding the
party with as many therapists free in it together (see :func:`_party_options`): booked as
offered, the pair books.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.clash import CLIENT, ROOM, THERAPIST, first_clash
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import PARTS_OF_DAY as PARTS_OF_DAY  # where the search reads them
from frontdesk.domain.hours import covered, days_touched, overlapping
from frontdesk.domain.rules import ClientInfo, Proposal, TherapistInfo, check
from frontdesk.domain.status import ACTIVE
from frontdesk.services.catalog import Catalog, load_catalog, shared_catalog
from frontdesk.services.world import DayCacheWorld


@dataclass(frozen=True)
class Query:
    service_id: int
    earliest: datetime | None = None
    therapist_id: int | None = None
    room_id: int | None = None
    client_id: int | None = None
    client_name: str = ""
    days: int = 14
    count: int = 5
    #: Nothing starting at or after this instant ("today only": the end of today).
    latest: datetime | None = None
    #: The start's wall-clock time within [from, to) ("mornings": 08:00-12:00).
    window: tuple[time, time] | None = None
    #: The start's local weekday among these (Monday 0); None for any day.
    weekdays: frozenset[int] | None = None
    #: The visit being moved: its own time holds nothing (its client, therapist and room are
    #: free for it), as the rules treat a change.
    replaces: int | None = None
    #: The length to find room for (default: the service's); a move keeps the visit's own.
    minutes: int | None = None
    #: The couples session the visit moved (``replaces``) is one of: its partners move with
    #: it, each with their own therapist, so a time is offered only when they are free too.
    party_id: int | None = None


@dataclass(frozen=True)
class Option:
    therapist_id: int
    therapist: str
    room_id: int
    room: str
    start: datetime
    end: datetime
    #: A couples service's other therapists, (id, name) each, free with the first.
    partners: tuple[tuple[int, str], ...] = ()

    def as_json(self, tz) -> dict:
        out: dict[str, object] = {"therapist": self.therapist, "room": self.room,
               "start": clock.iso(self.start, tz), "end": clock.iso(self.end, tz)}
        if self.partners:
            out["partners"] = [name for _i, name in self.partners]
        return out

    @property
    def therapists(self) -> str:
        """"Ana" or, for a couples service, "Ana & Ben"."""
        return " & ".join([self.therapist, *(name for _i, name in self.partners)])


def find(db: Database, query: Query, now: Callable[[], datetime] = clock.utcnow) -> list[Option]:
    """The first ``query.count`` options from ``query.earliest`` (default: now)."""
    out = []
    with db.read() as session:
        for option in search(session, query, now(), shared_catalog(db, session)):
            out.append(option)
            if len(out) >= query.count:
                break
    return out


def search(session, query: Query, now: datetime,
           catalog: Catalog | None = None) -> Iterator[Option]:
    """Options in time order (then therapist name) for up to ``query.days`` local days."""
    if query.count < 1 or query.days < 1:
        raise BadInput("count and days must be at least 1", "count")
    catalog = catalog or load_catalog(session)
    tz = catalog.clinic.tz
    service = catalog.services.get(query.service_id)
    if service is None:
        raise BadInput(f"no service #{query.service_id}", "service")
    therapists = [t for t in catalog.therapists.values()
                  if (t.id == query.therapist_id if query.therapist_id is not None
                      else t.active and service.id in t.service_ids)]
    rooms = [r for r in catalog.rooms.values()
             if (r.id == query.room_id if query.room_id is not None else r.active)]
    client = ClientInfo(query.client_id, query.client_name) if query.client_id else None
    earliest = max(query.earliest or now, now)
    length = timedelta(minutes=query.minutes or service.minutes)
    first_day = clock.to_local(earliest, tz).date()
    # The search shows no refusal's words: the visits in the way need no client names.
    world = DayCacheWorld(session, catalog, now,
                          horizon=first_day + timedelta(days=query.days - 1), names=False)
    if any(not t.active or service.id not in t.service_ids for t in therapists) or any(
            not r.active for r in rooms) or not service.active:
        # A named therapist who does not give the service, or anything out of use: every
        # start would break a rule, so there is nothing to offer (without 14 days of checks).
        return
    rest = timedelta(minutes=service.rest_after)
    turnover = timedelta(minutes=service.turnover_after)
    suitable = [r for r in rooms if r.capacity >= service.party_size and (
        not service.required_feature or service.required_feature in r.features)]
    if not suitable:
        return
    # A couples service's partners may be any qualified therapist, whoever the first is.
    pool = ([t for t in catalog.therapists.values()
             if t.active and service.id in t.service_ids and t.id != query.therapist_id]
            if service.party_size > 1 else [])
    moving = _moving(session, catalog, query) if service.party_size > 1 else []
    for offset in range(query.days):
        day = first_day + timedelta(days=offset)
        if query.weekdays is not None and day.weekday() not in query.weekdays:
            continue
        day_opening = world.opening(day)
        if not day_opening:
            continue
        for start in clock.slot_grid(day, tz, catalog.clinic.slot_minutes):
            if query.latest is not None and start >= query.latest:
                return
            if query.window is not None and not (
                    query.window[0] <= clock.to_local(start, tz).time() < query.window[1]):
                continue
            end = start + length
            days = days_touched(start, end, tz)
            # A visit past midnight needs the next day's hours too.
            opening = (day_opening if len(days) == 1
                       else [sp for d in days for sp in world.opening(d)])
            if start < earliest or not covered(start, end, opening):
                continue
            if client and _busy(world.booked(CLIENT, client.id, start, end), CLIENT, start, end,
                                query.replaces):
                continue
            if service.party_size > 1:
                yield from _party_options(world, service, start, end, days, therapists, pool,
                                          suitable, client, query.replaces, query.party_id,
                                          moving)
                continue
            for therapist in therapists:
                # Cheap necessary conditions first (the rules' own ones, on the same world);
                # check() below stays the judge of every option offered.
                if (not covered(start, end, [sp for d in days
                                             for sp in world.shifts(therapist, d)])
                        or overlapping(start, end, [sp for d in days
                                                    for sp in world.breaks(therapist, d)])
                        or _busy(world.booked(THERAPIST, therapist.id, start, end + rest),
                                 THERAPIST, start, end + rest, query.replaces)):
                    continue
                for room in suitable:
                    if _busy(world.booked(ROOM, room.id, start, end + turnover),
                             ROOM, start, end + turnover, query.replaces):
                        continue
                    problems = check(Proposal(start, end, service, therapist, room, client,
                                              replaces=query.replaces), world)
                    if not problems:
                        yield Option(therapist.id, therapist.name, room.id, room.name, start, end)
                        break
                    if any(v.field != "room" for v in problems):
                        break  # another room would not help


def _free(world, therapist, start: datetime, end: datetime, days, rest: timedelta,
          replaces: int | None) -> bool:
    """The rules' cheap necessary conditions for ``therapist`` at [start, end): working, not
    on a break, not busy; check() stays the judge."""
    return (covered(start, end, [sp for d in days for sp in world.shifts(therapist, d)])
            and not overlapping(start, end, [sp for d in days
                                             for sp in world.breaks(therapist, d)])
            and not _busy(world.booked(THERAPIST, therapist.id, start, end + rest),
                          THERAPIST, start, end + rest, replaces))


def _moving(session, catalog: Catalog, query: Query) -> list[tuple[int, TherapistInfo]]:
    """The partners (visit, therapist) that move with the party's visit being moved."""
    if query.party_id is None or query.replaces is None:
        return []
    a = m.Appointment
    rows = session.execute(select(a.id, a.therapist_id).where(
        a.party_id == query.party_id, a.id != query.replaces,
        a.status.in_([s.value for s in ACTIVE])).order_by(a.id)).all()
    return [(i, catalog.therapists[t]) for i, t in rows if t in catalog.therapists]


def _party_options(world, service, start: datetime, end: datetime, days, therapists, pool,
                   rooms, client, replaces: int | None, party_id: int | None = None,
                   moving: Sequence[tuple[int, TherapistInfo]] = ()) -> Iterator[Option]:
    """The first room holding the party, empty at [start, end) (but for the party moved),
    with ``party_size`` therapists free in it together: the first of ``therapists`` (the
    one named, or any) and partners from ``pool``, or, moving a party, its partners' own
    therapists (``moving``), each judged by check() as the visit booked or moved would be
    (the first with the query's client). One option a start."""
    rest = timedelta(minutes=service.rest_after)
    turnover = timedelta(minutes=service.turnover_after)
    for room in rooms:
        held = [b for b in world.booked(ROOM, room.id, start, end + turnover)
                if party_id is None or b.party_id != party_id]
        if _busy(held, ROOM, start, end + turnover, replaces):
            continue
        def fits(therapist, who, own=replaces, room=room) -> bool:
            return (_free(world, therapist, start, end, days, rest, own)
                    and not check(Proposal(start, end, service, therapist, room, who,
                                           replaces=own, party_id=party_id), world))

        first = next((t for t in therapists if fits(t, client)), None)
        if first is None:
            return
        if moving:
            if all(fits(t, None, own) for own, t in moving):
                yield Option(first.id, first.name, room.id, room.name, start, end,
                             tuple((t.id, t.name) for _own, t in moving))
            return
        chosen = [first]
        for therapist in dict.fromkeys([*therapists, *pool]):
            if therapist is not first and fits(therapist, None):
                chosen.append(therapist)
                if len(chosen) == service.party_size:
                    yield Option(first.id, first.name, room.id, room.name, start, end,
                                 tuple((t.id, t.name) for t in chosen[1:]))
                    return
        # Too few therapists free: another room gives no more of them.
        return


def _busy(items, kind: str, start: datetime, until: datetime, ignore: int | None) -> bool:
    """Whether any booked item but ``ignore`` holds ``kind`` in [start, until): the rules'
    own clash test, asked before the whole of check() as a cheap necessary condition."""
    return first_clash(items, kind, start, until, ignore) is not None
