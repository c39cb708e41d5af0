"""What the set-up screens show: the clinic, rooms, services with prices and cautions, and
therapists with their hours and time off, read in one session (no ORM objects leave it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import contraindications
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import WeeklySpan
from frontdesk.domain.rules import RoomInfo
from frontdesk.domain.text import fold
from frontdesk.services import ledger_store
from frontdesk.services.catalog import ClinicInfo, load_catalog
from frontdesk.services.money_setup import MoneySettings


@dataclass(frozen=True)
class ServiceRow:
    id: int
    name: str
    minutes: int
    price_cents: int
    rest_after: int
    turnover_after: int
    required_feature: str | None
    active: bool
    cautions: tuple[str, ...] = ()
    #: Clients booked together (2: a couples service).
    party_size: int = 1


@dataclass(frozen=True)
class TimeOffRow:
    id: int
    start: datetime
    end: datetime
    reason: str


@dataclass(frozen=True)
class TherapistRow:
    id: int
    name: str
    active: bool
    service_ids: frozenset[int]
    work: tuple[WeeklySpan, ...]
    breaks: tuple[WeeklySpan, ...]
    time_off: tuple[TimeOffRow, ...]


@dataclass(frozen=True)
class SetupData:
    """Everything the set-up screens show, read in one session; rows sorted by name."""

    clinic: ClinicInfo
    rooms: tuple[RoomInfo, ...]
    services: tuple[ServiceRow, ...]
    therapists: tuple[TherapistRow, ...]
    #: The book's money settings (services/money_setup.py).
    money: MoneySettings = field(default_factory=lambda: MoneySettings("USD", 0, 0))

    @property
    def tz(self) -> ZoneInfo:
        return self.clinic.tz

    @property
    def features(self) -> tuple[str, ...]:
        """Every room feature in use, by a room or as a service's need."""
        found = {f for r in self.rooms for f in r.features}
        found |= {s.required_feature for s in self.services if s.required_feature}
        return tuple(sorted(found, key=fold))


def needs_first_start(db: Database) -> bool:
    """True for a database without a clinic row: the window offers set-up or the demo."""
    with db.read() as session:
        return session.scalar(select(m.Clinic.id).limit(1)) is None


def load_setup(db: Database) -> SetupData:
    """What the set-up screens show: the catalogue's clinic and rooms, with the services'
    prices and the therapists' time off (by id, so an entry can be removed)."""
    with db.read() as s:
        return setup_data(s)


def setup_data(s: Session) -> SetupData:
    """:func:`load_setup` in the caller's session."""
    if s.scalar(select(m.Clinic.id).limit(1)) is None:
        raise BadInput("the database has no clinic yet", "db")
    catalog = load_catalog(s)
    services = [ServiceRow(x.id, x.name, x.minutes, x.price_cents, x.rest_after,
                           x.turnover_after, x.required_feature, x.active,
                           contraindications.parse(x.cautions), x.party_size)
                for x in s.scalars(select(m.Service))]
    therapists = [
        TherapistRow(
            t.id, t.name, t.active, frozenset(x.id for x in t.services),
            tuple(WeeklySpan(h.weekday, h.starts, h.ends) for h in t.hours if h.kind == "work"),
            tuple(WeeklySpan(h.weekday, h.starts, h.ends) for h in t.hours if h.kind != "work"),
            tuple(TimeOffRow(o.id, o.starts_at, o.ends_at, o.reason) for o in t.time_off))
        for t in s.scalars(select(m.Therapist).options(
            selectinload(m.Therapist.services), selectinload(m.Therapist.hours),
            selectinload(m.Therapist.time_off)))]
    till = ledger_store.till(s)
    return SetupData(catalog.clinic, _by_name(catalog.rooms.values()), _by_name(services),
                     _by_name(therapists), MoneySettings(till.currency.code, till.no_show_fee,
                                                         till.late_cancel_fee))


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


def _by_name(rows: Iterable[N]) -> tuple[N, ...]:
    return tuple(sorted(rows, key=lambda r: fold(r.name)))
