"""The waitlist: clients who want a service at a time nothing was free, and the slots that
open for them.

An entry names a client, a service and what they would accept: a therapist (or any), some
weekdays (or any), a window of start times (or any) and a last day. When a slot opens — a
cancellation, a no-show, new hours — :func:`matches` lists the entries that could take it,
each checked by the booking rules themselves, with the client's phone to call; booking from
an entry (``BookingRequest.waitlist_id``) removes it in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import WEEKDAYS
from frontdesk.domain.rules import ClientInfo, Proposal, check
from frontdesk.domain.text import display_phone
from frontdesk.services import audit, availability, permits
from frontdesk.services.booking import check_text
from frontdesk.services.catalog import load_catalog
from frontdesk.services.world import SessionWorld


@dataclass(frozen=True)
class Wish:
    """What a waiting client would accept."""

    client_id: int
    service_id: int
    therapist_id: int | None = None
    weekdays: frozenset[int] = frozenset()  # empty: any day
    earliest: time | None = None
    latest: time | None = None  # the latest start
    until: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Entry:
    id: int
    client_id: int
    client: str
    phones: tuple[str, ...]
    alert: str
    service_id: int
    service: str
    therapist_id: int | None
    therapist: str  # "" for any
    weekdays: frozenset[int]
    earliest: time | None
    latest: time | None
    until: date | None
    note: str
    created_at: datetime

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""

    def wants(self) -> str:
        """"Deep Tissue 60 with Ana · Mon, Wed · 09:00-12:00 · until 20 Dec"."""
        parts = [self.service + (f" with {self.therapist}" if self.therapist else "")]
        if self.weekdays:
            parts.append(", ".join(WEEKDAYS[d][:3] for d in sorted(self.weekdays)))
        if self.earliest or self.latest:
            parts.append(f"{_hm(self.earliest) or 'any time'}-{_hm(self.latest) or ''}"
                         .rstrip("-"))
        if self.until:
            parts.append(f"until {self.until:%a %d %b}")
        return " · ".join(parts)

    def wish(self) -> Wish:
        """What the client asked for: puts them back on the list as they were (undo)."""
        return Wish(self.client_id, self.service_id, self.therapist_id, self.weekdays,
                    self.earliest, self.latest, self.until, self.note)

    def accepts(self, start_local: datetime) -> bool:
        """Whether a visit starting at local ``start_local`` is within the client's wish."""
        if self.weekdays and start_local.weekday() not in self.weekdays:
            return False
        if self.until is not None and start_local.date() > self.until:
            return False
        t = start_local.time()
        return ((self.earliest is None or t >= self.earliest)
                and (self.latest is None or t <= self.latest))


def _hm(t: time | None) -> str:
    return f"{t:%H:%M}" if t else ""


def add(db: Database, wish: Wish, *, actor: str = "desk",
        now: Callable[[], datetime] = clock.utcnow, entry_id: int | None = None) -> int:
    """Put a client on the waitlist; BadInput names the field at fault. ``entry_id`` puts
    back an entry taken off (an undo) under its own number."""
    note = check_text(wish.note, 300, "note")
    if wish.earliest and wish.latest and wish.latest < wish.earliest:
        raise BadInput("the latest start is before the earliest", "latest")
    if any(not 0 <= d <= 6 for d in wish.weekdays):
        raise BadInput("weekdays run from 0 (Monday) to 6 (Sunday)", "weekdays")
    with db.write() as session:
        permits.require(session, Action.WAITLIST)
        return add_in(session, replace(wish, note=note), actor=actor, at=now(),
                      entry_id=entry_id)


def add_in(session: Session, wish: Wish, *, actor: str, at: datetime,
           entry_id: int | None = None) -> int:
    """:func:`add` inside the caller's write transaction (an undone booking puts the client
    back on the list in the same transaction that cancels the visit). An entry put back
    keeps its number, so every undo step that names it still finds it (a database that
    never reuses a number, as PostgreSQL's sequences do not, would otherwise lose it)."""
    for model, key, kind in ((m.Client, wish.client_id, "client"),
                             (m.Service, wish.service_id, "service"),
                             (m.Therapist, wish.therapist_id, "therapist")):
        if key is not None and session.get(model, key) is None:
            raise BadInput(f"no {kind} #{key}", kind)
    entry = m.WaitlistEntry(
        id=entry_id, client_id=wish.client_id, service_id=wish.service_id,
        therapist_id=wish.therapist_id,
        weekdays="".join(str(d) for d in sorted(wish.weekdays)),
        earliest=wish.earliest, latest=wish.latest, until=wish.until, note=wish.note,
        created_at=at, created_by=actor)
    session.add(entry)
    session.flush()
    audit.record(session, actor=actor, at=at, action="create", row=entry)
    return entry.id


def remove(db: Database, entry_id: int, *, actor: str = "desk",
           now: Callable[[], datetime] = clock.utcnow) -> None:
    with db.write() as session:
        permits.require(session, Action.WAITLIST)
        entry = session.get(m.WaitlistEntry, entry_id)
        if entry is None:
            raise BadInput(f"no waitlist entry #{entry_id}", "waitlist")
        before = audit.snapshot(entry)
        session.delete(entry)
        audit.record(session, actor=actor, at=now(), action="delete",
                     entity=m.WaitlistEntry.__tablename__, entity_id=entry_id, before=before)


def entries(session: Session, today: date | None = None) -> list[Entry]:
    """Every entry still wanted (``until`` not before ``today``), oldest first."""
    w = m.WaitlistEntry
    q = (select(w, m.Client, m.Service.name, m.Therapist.name)
         .join(m.Client, m.Client.id == w.client_id)
         .join(m.Service, m.Service.id == w.service_id)
         .outerjoin(m.Therapist, m.Therapist.id == w.therapist_id)
         .options(selectinload(m.Client.phones))
         .order_by(w.created_at, w.id))
    if today is not None:
        q = q.where((w.until.is_(None)) | (w.until >= today))
    found = [_entry(e, c, service, therapist) for e, c, service, therapist in session.execute(q)]
    hidden = permits.hidden_clients(session, (e.client_id for e in found))
    return [replace(e, alert="") if e.client_id in hidden else e for e in found]


def wish_of(session: Session, entry_id: int) -> Wish | None:
    """What entry ``entry_id`` asks for, or None when it is gone."""
    e = session.get(m.WaitlistEntry, entry_id)
    if e is None:
        return None
    return Wish(e.client_id, e.service_id, e.therapist_id,
                frozenset(int(d) for d in e.weekdays), e.earliest, e.latest, e.until, e.note)


def _entry(e: m.WaitlistEntry, c: m.Client, service: str, therapist: str | None) -> Entry:
    return Entry(
        id=e.id, client_id=c.id, client=c.name,
        phones=tuple(display_phone(p.e164) for p in c.phones), alert=c.alert or "",
        service_id=e.service_id, service=service, therapist_id=e.therapist_id,
        therapist=therapist or "", weekdays=frozenset(int(d) for d in e.weekdays),
        earliest=e.earliest, latest=e.latest, until=e.until, note=e.note,
        created_at=e.created_at)


@dataclass(frozen=True)
class Match:
    """A waiting client who could take an opened slot, as the booking rules say."""

    entry: Entry
    start: datetime
    end: datetime
    therapist_id: int
    therapist: str
    room_id: int
    room: str


def matches(db: Database, start: datetime, end: datetime, therapist_id: int, room_id: int,
            now: Callable[[], datetime] = clock.utcnow) -> list[Match]:
    """Entries that could be booked into the slot [start, end) just freed with this therapist
    and room: the wish accepts it, the service fits in it, and every booking rule agrees."""
    with db.read() as session:
        catalog = load_catalog(session)
        tz = catalog.clinic.tz
        world = SessionWorld(session, catalog, now())
        therapist = catalog.therapists.get(therapist_id)
        room = catalog.rooms.get(room_id)
        if therapist is None or room is None or end <= world.now:
            return []
        start = max(start, world.now)
        local = clock.to_local(start, tz)
        out = []
        for entry in entries(session, local.date()):
            service = catalog.services.get(entry.service_id)
            if (service is None or not entry.accepts(local)
                    or entry.therapist_id not in (None, therapist_id)
                    or start + timedelta(minutes=service.minutes) > end):
                continue
            p = Proposal(start, start + timedelta(minutes=service.minutes), service, therapist,
                         room, ClientInfo(entry.client_id, entry.client))
            if not check(p, world):
                out.append(Match(entry, p.start, p.end, therapist.id, therapist.name, room.id,
                                 room.name))
        return out


def openings(db: Database, entry: Entry, *, days: int = 28, count: int = 3,
             now: Callable[[], datetime] = clock.utcnow) -> list[availability.Option]:
    """The next free times that suit an entry (new hours, a therapist back from leave)."""
    window = None
    if entry.earliest or entry.latest:
        window = (entry.earliest or time(0), _after(entry.latest))
    with db.read() as session:
        tz = load_catalog(session).clinic.tz
    latest = clock.day_bounds(entry.until, tz)[1] if entry.until is not None else None
    query = availability.Query(
        service_id=entry.service_id, therapist_id=entry.therapist_id,
        client_id=entry.client_id, client_name=entry.client, days=days, count=count,
        window=window, weekdays=entry.weekdays or None, latest=latest)
    return availability.find(db, query, now)


def _after(latest: time | None) -> time:
    """The window's open end for a latest start (inclusive) of ``latest``."""
    if latest is None:
        return time(23, 59, 59)
    moment = datetime.combine(date(2000, 1, 1), latest) + timedelta(seconds=1)
    return moment.time() if moment.date().day == 1 else time(23, 59, 59)
