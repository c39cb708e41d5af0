"""The clinic's fixed parts as plain values: settings, therapists, rooms, services.

Rows become the frozen domain types the rules work on, and names typed by a person become
ids (unknown or ambiguous names are bad input that says what would have matched).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, contraindications
from frontdesk.domain.errors import BadInput, DatabaseError
from frontdesk.domain.hours import TimeOff, WeeklySpan
from frontdesk.domain.rules import RoomInfo, ServiceInfo, TherapistInfo
from frontdesk.domain.text import fold


@dataclass(frozen=True)
class ClinicInfo:
    id: int
    name: str
    tz: ZoneInfo
    country: str
    slot_minutes: int
    opening: tuple[WeeklySpan, ...]
    #: The clinic's random calendar identity (see the migration 0005).
    calendar_id: str = ""


@dataclass(frozen=True)
class Catalog:
    """Everything the rules need that changes rarely, read in one go."""

    clinic: ClinicInfo
    therapists: dict[int, TherapistInfo]
    rooms: dict[int, RoomInfo]
    services: dict[int, ServiceInfo]
    #: Each service's price in cents, which a booking records (not a rule: kept apart).
    prices: dict[int, int] = field(default_factory=dict)

    def therapist(self, name: str) -> TherapistInfo:
        return _by_name(self.therapists.values(), name, "therapist")

    def room(self, name: str) -> RoomInfo:
        return _by_name(self.rooms.values(), name, "room")

    def service(self, name: str) -> ServiceInfo:
        return _by_name(self.services.values(), name, "service")


def _by_name(items, name: str, kind: str):
    """Exact (case-insensitive) name first, then a unique prefix; otherwise bad input."""
    key = fold(name)
    items = list(items)
    exact = [i for i in items if fold(i.name) == key]
    if len(exact) == 1:
        return exact[0]
    prefix = [i for i in items if fold(i.name).startswith(key)] if key else []
    if len(prefix) == 1:
        return prefix[0]
    if prefix:
        names = ", ".join(sorted(i.name for i in prefix)[:6])
        raise BadInput(f"{kind} {name!r} is ambiguous: {names}", kind)
    known = ", ".join(sorted(i.name for i in items if getattr(i, "active", True))[:12])
    raise BadInput(f"no {kind} named {name!r} (known: {known or 'none yet'})", kind)


def clinic_info(session: Session) -> ClinicInfo:
    conn = session.connection()
    clinic = conn.execute(
        select(m.Clinic.id, m.Clinic.name, m.Clinic.timezone, m.Clinic.country,
               m.Clinic.slot_minutes, m.Clinic.calendar_id).order_by(m.Clinic.id).limit(1)).first()
    if clinic is None:
        raise DatabaseError("the database has no clinic yet; run `frontdesk init` first")
    h = m.OpeningHours
    opening = conn.execute(select(h.weekday, h.opens, h.closes)
                              .where(h.clinic_id == clinic.id).order_by(h.weekday, h.opens))
    return ClinicInfo(
        id=clinic.id, name=clinic.name, tz=clock.zone(clinic.timezone), country=clinic.country,
        slot_minutes=clinic.slot_minutes, opening=tuple(WeeklySpan(*row) for row in opening),
        calendar_id=clinic.calendar_id or f"clinic{clinic.id}",
    )


def service_info(s) -> ServiceInfo:
    return ServiceInfo(
        id=s.id, name=s.name, minutes=s.minutes, rest_after=s.rest_after,
        turnover_after=s.turnover_after, required_feature=s.required_feature, active=s.active,
        cautions=contraindications.parse(getattr(s, "cautions", "")),
        party_size=getattr(s, "party_size", 1) or 1,
    )


def load_catalog(session: Session) -> Catalog:
    """Read the catalogue with a handful of Core queries (no ORM objects): the availability
    search and every booking start here, so it must take a millisecond, not ten."""
    clinic = clinic_info(session)
    conn = session.connection()  # plain Core rows: no ORM loading machinery
    skills: dict[int, set[int]] = defaultdict(set)
    for therapist_id, service_id in conn.execute(select(m.therapist_services)):
        skills[therapist_id].add(service_id)
    shifts: dict[int, list[WeeklySpan]] = defaultdict(list)
    breaks: dict[int, list[WeeklySpan]] = defaultdict(list)
    h = m.TherapistHours
    for tid, weekday, starts, ends, kind in conn.execute(
            select(h.therapist_id, h.weekday, h.starts, h.ends, h.kind)
            .order_by(h.therapist_id, h.weekday, h.starts)):
        (shifts if kind == "work" else breaks)[tid].append(WeeklySpan(weekday, starts, ends))
    off: dict[int, list[TimeOff]] = defaultdict(list)
    o = m.TimeOff
    for tid, starts_at, ends_at, reason in conn.execute(
            select(o.therapist_id, o.starts_at, o.ends_at, o.reason).order_by(o.starts_at)):
        off[tid].append(TimeOff(starts_at, ends_at, reason))
    therapists = {
        t.id: TherapistInfo(
            id=t.id, name=t.name, active=t.active, service_ids=frozenset(skills[t.id]),
            shifts=tuple(shifts[t.id]), breaks=tuple(breaks[t.id]), time_off=tuple(off[t.id]))
        for t in conn.execute(select(m.Therapist.id, m.Therapist.name, m.Therapist.active)
                              .order_by(m.Therapist.name))
    }
    features: dict[int, set[str]] = defaultdict(set)
    for room_id, feature in conn.execute(select(m.room_features)):
        features[room_id].add(feature)
    rooms = {r.id: RoomInfo(r.id, r.name, frozenset(features[r.id]), r.active, r.capacity)
             for r in conn.execute(select(m.Room.id, m.Room.name, m.Room.active,
                                          m.Room.capacity).order_by(m.Room.name))}
    s = m.Service
    rows = conn.execute(select(s.id, s.name, s.minutes, s.rest_after, s.turnover_after,
                               s.required_feature, s.active, s.cautions, s.price_cents,
                               s.party_size)
                        .order_by(s.name)).all()
    return Catalog(clinic=clinic, therapists=therapists, rooms=rooms,
                   services={row.id: service_info(row) for row in rows},
                   prices={row.id: row.price_cents or 0 for row in rows})



#: The tables the catalogue is read from. Every change to them writes an audit entry named
#: after its table in the same transaction (services/admin.py, setup.py, the demo).
CATALOG_TABLES = (
    m.Clinic.__tablename__, m.OpeningHours.__tablename__, m.Room.__tablename__,
    m.room_features.name, m.Service.__tablename__, m.Therapist.__tablename__,
    m.therapist_services.name, m.TherapistHours.__tablename__, m.TimeOff.__tablename__)


class CatalogKeeper:
    """The catalogue kept between transactions, good while the audit trail's set-up entries
    are the ones it was read with.

    The audit trail only grows, so the number of its set-up entries (with the last id) names
    one state of the set-up: a change from any desk or process adds an entry and so a new
    key, whatever order transactions commit in. Asking costs one indexed count of those
    few entries instead of reading six tables (the availability search and every booking
    start here). One instance per open database: see ``Database.shared``.
    """

    def __init__(self):
        self._kept: tuple[tuple[int, int], Catalog] | None = None

    def get(self, session: Session) -> Catalog:
        """The catalogue as ``session`` sees it. Call it before the session writes anything:
        what a transaction has not committed must not be kept."""
        count, last = session.connection().execute(_SETUP_ENTRIES).one()
        key = (count, last or 0)
        kept = self._kept
        if kept is not None and kept[0] == key:
            return kept[1]
        catalog = load_catalog(session)
        self._kept = (key, catalog)  # one assignment: other threads see old or new, whole
        return catalog


_SETUP_ENTRIES = (select(func.count(), func.max(m.AuditEntry.id))
                  .where(m.AuditEntry.entity.in_(CATALOG_TABLES)))


def shared_catalog(db: Database, session: Session) -> Catalog:
    """The catalogue, read again only when the set-up changed (see :class:`CatalogKeeper`)."""
    return db.shared(CatalogKeeper).get(session)
