"""The clinic's fixed parts as plain values: settings, therapists, rooms, services.

Rows become the frozen domain types the rules work on, and names typed by a person become
ids (unknown or ambiguous names are bad input that says what would have matched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, DatabaseError
from frontdesk.domain.hours import TimeOff, WeeklySpan
from frontdesk.domain.rules import RoomInfo, ServiceInfo, TherapistInfo


@dataclass(frozen=True)
class ClinicInfo:
    id: int
    name: str
    tz: ZoneInfo
    country: str
    slot_minutes: int
    opening: tuple[WeeklySpan, ...]


@dataclass(frozen=True)
class Catalog:
    """Everything the rules need that changes rarely, read in one go."""

    clinic: ClinicInfo
    therapists: dict[int, TherapistInfo]
    rooms: dict[int, RoomInfo]
    services: dict[int, ServiceInfo]

    def therapist(self, name: str) -> TherapistInfo:
        return _by_name(self.therapists.values(), name, "therapist")

    def room(self, name: str) -> RoomInfo:
        return _by_name(self.rooms.values(), name, "room")

    def service(self, name: str) -> ServiceInfo:
        return _by_name(self.services.values(), name, "service")


def _by_name(items, name: str, kind: str):
    """Exact (case-insensitive) name first, then a unique prefix; otherwise bad input."""
    key = " ".join(name.split()).casefold()
    items = list(items)
    exact = [i for i in items if i.name.casefold() == key]
    if len(exact) == 1:
        return exact[0]
    prefix = [i for i in items if i.name.casefold().startswith(key)] if key else []
    if len(prefix) == 1:
        return prefix[0]
    if prefix:
        names = ", ".join(sorted(i.name for i in prefix)[:6])
        raise BadInput(f"{kind} {name!r} is ambiguous: {names}", kind)
    known = ", ".join(sorted(i.name for i in items if getattr(i, "active", True))[:12])
    raise BadInput(f"no {kind} named {name!r} (known: {known or 'none yet'})", kind)


def clinic_info(session: Session) -> ClinicInfo:
    clinic = session.scalars(
        select(m.Clinic).options(selectinload(m.Clinic.opening_hours)).order_by(m.Clinic.id)
    ).first()
    if clinic is None:
        raise DatabaseError("the database has no clinic yet; run `frontdesk init` first")
    return ClinicInfo(
        id=clinic.id,
        name=clinic.name,
        tz=clock.zone(clinic.timezone),
        country=clinic.country,
        slot_minutes=clinic.slot_minutes,
        opening=tuple(WeeklySpan(h.weekday, h.opens, h.closes) for h in clinic.opening_hours),
    )


def service_info(s: m.Service) -> ServiceInfo:
    return ServiceInfo(
        id=s.id, name=s.name, minutes=s.minutes, rest_after=s.rest_after,
        turnover_after=s.turnover_after, required_feature=s.required_feature, active=s.active,
    )


def therapist_info(t: m.Therapist) -> TherapistInfo:
    return TherapistInfo(
        id=t.id,
        name=t.name,
        active=t.active,
        service_ids=frozenset(s.id for s in t.services),
        shifts=tuple(WeeklySpan(h.weekday, h.starts, h.ends) for h in t.hours if h.kind == "work"),
        breaks=tuple(WeeklySpan(h.weekday, h.starts, h.ends) for h in t.hours if h.kind == "break"),
        time_off=tuple(TimeOff(o.starts_at, o.ends_at, o.reason) for o in t.time_off),
    )


def load_catalog(session: Session) -> Catalog:
    clinic = clinic_info(session)
    therapists = session.scalars(
        select(m.Therapist)
        .options(selectinload(m.Therapist.services), selectinload(m.Therapist.hours),
                 selectinload(m.Therapist.time_off))
        .order_by(m.Therapist.name)
    ).all()
    features: dict[int, set[str]] = {}
    for room_id, feature in session.execute(select(m.room_features)):
        features.setdefault(room_id, set()).add(feature)
    rooms = session.scalars(select(m.Room).order_by(m.Room.name)).all()
    services = session.scalars(select(m.Service).order_by(m.Service.name)).all()
    return Catalog(
        clinic=clinic,
        therapists={t.id: therapist_info(t) for t in therapists},
        rooms={r.id: RoomInfo(r.id, r.name, frozenset(features.get(r.id, ())), r.active)
               for r in rooms},
        services={s.id: service_info(s) for s in services},
    )


def active(items: Sequence) -> list:
    return [i for i in items if i.active]
