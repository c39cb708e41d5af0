"""A plausible demo clinic, for trying frontdesk out and for the benchmarks.

Modelled on a real city massage clinic: deep tissue, trigger point, Swedish, hot stone
(needs a hot-stone room), sports and prenatal massage; therapists with their own hours,
breaks and skills; rooms with features; clients with phones, alerts and contraindications;
past and future appointments in every status. Generated with a fixed seed, so a demo is the
same every time, and written with bulk inserts, so the large one (1,000,000 appointments)
takes well under two minutes. Every generated appointment obeys the booking rules.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from sqlalchemy import func, select, text, update

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.clash import Timeline
from frontdesk.domain.contraindications import KNOWN_FLAGS
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import overlapping, spans_on
from frontdesk.domain.status import Source, Status
from frontdesk.domain.text import name_keys
from frontdesk.services import audit, permits
from frontdesk.services.catalog import load_catalog
from frontdesk.services.demo_clinic import SERVICES, add_rooms, add_services, add_therapists, names
from frontdesk.services.demo_couples import book_couples
from frontdesk.services.demo_ledger import add_money
from frontdesk.services.setup import put_clinic

FLAGS = list(KNOWN_FLAGS)
ALERTS = ["Prefers firm pressure", "Latex allergy: use nitrile gloves", "Arrives early",
          "Hard of hearing: speak up", "No scented oils", "Left shoulder injury 2025",
          "Pays by invoice (employer)", "Likes a quiet session", "Needs ground-floor room"]
class Scale(TypedDict):
    therapists: int
    rooms: int
    clients: int
    days_back: int | None  # None: back from the last day until ``appointments`` are made
    days_ahead: int
    appointments: int | None  # None: whatever fills the days from days_back to days_ahead


SCALES: dict[str, Scale] = {
    "small": {"therapists": 6, "rooms": 5, "clients": 300, "days_back": 90, "days_ahead": 30,
              "appointments": None},
    "large": {"therapists": 30, "rooms": 30, "clients": 100_000, "days_back": None,
              "days_ahead": 60, "appointments": 1_000_000},
}


@dataclass(frozen=True)
class DemoSummary:
    therapists: int
    rooms: int
    services: int
    clients: int
    appointments: int
    first_day: date
    last_day: date


def build_demo(db: Database, scale: str = "small", start: date | None = None,
               now: datetime | None = None,
               progress: Callable[[str], None] = lambda _msg: None) -> DemoSummary:
    """Fill an empty database with the demo clinic; BadInput if it already has a book.

    The emptiness check and every write are one transaction holding the whole book, so of
    two demos started at once one builds and the other, waiting, finds the book full."""
    if scale not in SCALES:
        raise BadInput(f"unknown scale {scale!r} (small or large)", "scale")
    size = SCALES[scale]
    rng = random.Random(20261123)
    with db.write() as session:
        permits.require(session, Action.SET_UP)
        db.lock_book(session)
        used = sum(session.scalar(select(func.count()).select_from(t)) or 0
                   for t in (m.Appointment, m.Therapist, m.Room, m.Service, m.Client))
        if used:
            raise BadInput("the database already has a clinic book; the demo needs an empty "
                           "one", "db")
        put_clinic(session, "Kneaded Relief Massage Clinic" if scale == "small"
                   else "Kneaded Relief Massage (all locations)", None, "setup")
        tz = load_catalog(session).clinic.tz
        now = now or clock.utcnow()
        start = start or clock.to_local(now, tz).date()
        if start != clock.to_local(now, tz).date():
            now = datetime.combine(start, time(12), tzinfo=tz).astimezone(clock.UTC)
        progress("clinic, rooms, services and therapists")
        if scale == "large":  # a big clinic opens 08:00-21:00 every day
            clinic = session.get(m.Clinic, load_catalog(session).clinic.id)
            assert clinic is not None  # put_clinic made it
            clinic.opening_hours = [m.OpeningHours(weekday=d, opens=time(8), closes=time(21))
                                    for d in range(7)]
            session.flush()
        services = add_services(session)
        rooms = add_rooms(session, size["rooms"])
        add_therapists(session, rng, size["therapists"], services, tz, start)
        catalog = load_catalog(session)
        progress(f"{size['clients']:,} clients")
        n_clients = _clients(session, rng, size["clients"])
        progress("appointments")
        writer = _AppointmentWriter(session, rng, catalog, n_clients, now)
        # Indexes are built once after a million-row load, not kept up row by row; all but
        # the room and therapist indexes, which the database's guard looks up on every insert.
        guarded = (["room_id", "starts_at"], ["therapist_id", "starts_at"])
        indexes = [ix for ix in m.Base.metadata.tables[m.Appointment.__tablename__].indexes
                   if [c.name for c in ix.columns] not in guarded
                   ] if size["appointments"] else []
        for index in indexes:
            index.drop(session.connection())
        first = start - timedelta(days=size["days_back"] or 0)
        last = start + timedelta(days=size["days_ahead"])
        if size["appointments"]:
            day, report = last, 100_000
            while writer.count < size["appointments"]:
                writer.day(day)
                first, day = day, day - timedelta(days=1)
                if writer.count >= report:
                    progress(f"{report:,} appointments")
                    report += 100_000
        else:
            day = first
            while day <= last:
                writer.day(day)
                day += timedelta(days=1)
        writer.flush()
        _someone_arrived(session, now)
        progress("payments")
        ledger_indexes = (list(m.Base.metadata.tables[m.LedgerEntry.__tablename__].indexes)
                          if size["appointments"] else [])
        for index in ledger_indexes:
            index.drop(session.connection())
        add_money(session, rng, now, catalog.clinic.tz, _bulk, _after_explicit_ids)
        indexes += ledger_indexes
        if indexes:
            progress("indexes")
        for index in indexes:
            index.create(session.connection())
        progress("couples massages")
        writer.count += book_couples(session, rng, now, n_clients)
        audit.record(session, actor="demo", at=clock.utcnow(), action="demo", entity="clinic",
                     entity_id=catalog.clinic.id)
        if not db.is_sqlite:
            # PostgreSQL plans by its statistics, which a load this size leaves empty until
            # autovacuum comes by: the first days read would be planned as for empty tables.
            session.execute(text("ANALYZE"))
        return DemoSummary(len(catalog.therapists), len(rooms), len(services), n_clients,
                           writer.count, first, last)


def _clients(session, rng: random.Random, count: int) -> int:
    first, last = names()
    area = ["212", "347", "646", "718", "917", "929", "201", "516", "914", "973"]
    at = clock.utcnow()
    clients, phones, flags = [], [], []
    special = ["José Núñez", "Zoë Brontë", "李小龍"]
    numbers: set[str] = set()
    for cid in range(1, count + 1):
        name = special[cid - 1] if cid <= len(special) else (
            f"{rng.choice(first)} {rng.choice(last)}")
        key, key2 = name_keys(name)
        roll = rng.random()
        email = f"client{cid}@example.com" if roll < 0.7 else None
        clients.append({
            "id": cid, "name": name, "email": email, "email_key": email,
            "notes": "Regular; books every few weeks" if roll < 0.05 else "",
            "alert": rng.choice(ALERTS) if roll > 0.93 else "",
            "search_key": key, "search_key2": key2, "created_at": at,
        })
        national = ""
        while not national or national in numbers:
            national = rng.choice(area) + str(rng.randint(2_000_000, 9_999_999))
        numbers.add(national)
        phones.append({"client_id": cid, "e164": "+1" + national, "label": "mobile",
                       "digits": national, "digits_reversed": national[::-1]})
        if rng.random() < 0.08:
            flags.append({"client_id": cid, "flag": rng.choice(FLAGS), "note": ""})
        if cid == 2:
            flags.append({"client_id": cid, "flag": "pregnancy", "note": "due in spring"})
    for table, rows in ((m.Client, clients), (m.ClientPhone, phones), (m.ClientFlag, flags)):
        _bulk(session, table, rows)
    _after_explicit_ids(session, m.Client)
    return count


def _someone_arrived(session, now: datetime) -> None:
    """Make sure the next visit within the hour shows a client already in the waiting room.

    (Built outside opening hours the demo has no visit under way or about to start: it does
    not pretend that the future has happened.)"""
    a = m.Appointment
    if session.scalar(select(a.id).where(a.status == Status.ARRIVED.value).limit(1)):
        return
    first = session.scalar(select(a.id).where(
        a.starts_at > now, a.starts_at <= now + timedelta(hours=1),
        a.status.in_([Status.BOOKED.value, Status.CONFIRMED.value])).order_by(a.starts_at))
    if first is not None:
        session.execute(update(a).where(a.id == first).values(status=Status.ARRIVED.value))


class _AppointmentWriter:
    """Packs each working therapist's day with visits that obey the rules, then bulk-inserts."""

    def __init__(self, session, rng, catalog, n_clients, now):
        self.session, self.rng, self.catalog = session, rng, catalog
        self.n_clients, self.now, self.tz = n_clients, now, catalog.clinic.tz
        self.rows: list[dict] = []
        self.count = 0
        self.rooms = sorted(catalog.rooms.values(), key=lambda r: r.name)
        self.services = catalog.services
        self.suitable = {s.id: [r for r in self.rooms if not s.required_feature
                                or s.required_feature in r.features]
                         for s in catalog.services.values()}
        price = {name: dollars * 100 for name, _mins, dollars, *_ in SERVICES}
        self.prices = {s.id: price.get(s.name, 0) for s in catalog.services.values()}
        self.busy_client: dict[int, list[tuple[datetime, datetime]]] = {}

    def day(self, day: date) -> None:
        rng, tz = self.rng, self.tz
        opening = spans_on(day, self.catalog.clinic.opening, tz)
        if not opening:
            return
        room_busy = {r.id: Timeline() for r in self.rooms}
        # The past was busy; the future fills up as it comes closer, as a real book does.
        ahead = (day - clock.to_local(self.now, tz).date()).days
        fill = 0.9 if ahead <= 0 else max(0.25, 0.8 - 0.03 * ahead)
        day_clients: set[int] = set()
        for t in self.catalog.therapists.values():
            shifts = spans_on(day, t.shifts, tz)
            breaks = spans_on(day, t.breaks, tz)
            if not shifts or overlapping(shifts[0][0], shifts[-1][1],
                                         [(o.start, o.end) for o in t.time_off]):
                continue
            # Couples services are left to demo_couples (booked as pairs).
            skills = [self.services[i] for i in sorted(t.service_ids)
                      if self.services[i].party_size == 1]
            for s0, s1 in shifts:
                s0, s1 = max(s0, opening[0][0]), min(s1, opening[-1][1])
                cursor = s0
                while cursor < s1:
                    service = rng.choice(skills)
                    end = cursor + timedelta(minutes=service.minutes)
                    if (end > s1 or overlapping(cursor, end, breaks)
                            or rng.random() > fill):
                        cursor += timedelta(minutes=30)
                        continue
                    room = self._room(room_busy, service, cursor, end, t.id)
                    client = rng.randint(1, self.n_clients)
                    if room is None or client in day_clients:
                        cursor += timedelta(minutes=15)
                        continue
                    day_clients.add(client)
                    self._add(t, room, service, client, cursor, end)
                    # The next visit starts on the quarter hour after the rest.
                    free = end + timedelta(minutes=service.rest_after)
                    cursor = free + timedelta(minutes=-_minutes(free - s0) % 15)
        if len(self.rows) >= 20_000:
            self.flush()

    def _room(self, room_busy: dict[int, Timeline], service, start, end, therapist_id):
        """The first free suitable room, trying the therapist's usual one first, claimed until
        its turnover is over. Each room's day is a :class:`Timeline`: the rules' own clash
        test, asked by binary search. (Therapists need none: each one's day is packed in
        order, the next visit starting after the last one's rest.)"""
        until = end + timedelta(minutes=service.turnover_after)
        rooms = self.suitable[service.id]
        n = therapist_id % len(rooms)
        for room in rooms[n:] + rooms[:n]:
            if room_busy[room.id].claim(start, until):
                return room
        return None

    def _add(self, t, room, service, client, start, end) -> None:
        rng, now = self.rng, self.now
        roll = rng.random()
        if end <= now:
            status = (Status.COMPLETED if roll < 0.88 else Status.NO_SHOW if roll < 0.92
                      else Status.CANCELLED if roll < 0.97 else Status.LATE_CANCEL)
        elif start <= now:
            status = Status.IN_SESSION
        elif start - now < timedelta(hours=1):
            status = Status.ARRIVED if roll < 0.5 else Status.CONFIRMED
        else:
            status = (Status.BOOKED if roll < 0.55 else Status.CONFIRMED if roll < 0.95
                      else Status.CANCELLED)
        source = rng.choice([Source.PHONE, Source.PHONE, Source.WEB, Source.WEB, Source.WALK_IN])
        booked_at = start - timedelta(days=rng.randint(1, 30))
        self.rows.append({
            "client_id": client, "service_id": service.id, "therapist_id": t.id,
            "room_id": room.id, "starts_at": start, "ends_at": end,
            "therapist_until": end + timedelta(minutes=service.rest_after),
            "room_until": end + timedelta(minutes=service.turnover_after),
            "status": status.value,
            "cancel_reason": "Client called to cancel" if status in
            (Status.CANCELLED, Status.LATE_CANCEL) else "",
            "source": source.value, "notes": "Focus on lower back" if roll < 0.03 else "",
            "override_reason": "", "overridden": "", "price_cents": self.prices[service.id],
            "created_at": booked_at, "created_by": "demo", "updated_at": booked_at,
            "updated_by": "demo", "version": 1,
        })
        self.count += 1

    def flush(self) -> None:
        _bulk(self.session, m.Appointment, self.rows)
        self.rows = []


def _after_explicit_ids(session, model) -> None:
    """Rows inserted with their own ids leave PostgreSQL's id sequence behind; move it on so
    the next client added at the desk does not collide. (SQLite needs nothing.)"""
    if session.get_bind().dialect.name == "postgresql":
        table = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT max(id) FROM {table}))"))


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _bulk(session, model, rows: list[dict]) -> None:
    """Core executemany in chunks: one prepared statement for all rows (the ORM's bulk path
    would split batches wherever a value is None)."""
    table = model.__table__
    conn = session.connection()
    for i in range(0, len(rows), 20_000):
        conn.execute(table.insert(), rows[i:i + 20_000])
