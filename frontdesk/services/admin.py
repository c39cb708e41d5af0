"""Setting the clinic up: its settings, rooms, services and therapists, as the set-up screens
change them.

Every change is one write transaction with its audit entry, so a watcher (another desk, the
day view) sees a catalogue change as an audit row whose ``entity`` is in
:data:`CATALOG_ENTITIES`. Input is checked here, not in the screens, and a refusal is a
``BadInput`` naming the form field at fault. Weekly patterns are wall-clock times; time off is
stored as UTC instants, converted from the clinic's wall clock here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.db.models_party import MAX_PARTY
from frontdesk.domain import clock, contraindications
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import WEEKDAYS, WeeklySpan
from frontdesk.domain.length import MAX_BUFFER_MINUTES, MAX_MINUTES, MIN_SERVICE_MINUTES
from frontdesk.domain.text import fold
from frontdesk.services import audit, party, permits, zone_change

SLOT_CHOICES = (5, 10, 15, 20, 30, 60)
CATALOG_ENTITIES = frozenset({"clinic", "rooms", "services", "therapists", "time_off"})
Week = Iterable[tuple[int, time, time]]






















# -- checks ---------------------------------------------------------------------------------

def _name(session: Session, model, name: str, own_id: int | None, kind: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise BadInput(f"the {kind} needs a name", "name")
    if len(name) > 100:
        raise BadInput(f"a {kind} name may have at most 100 characters", "name")
    for other_id, other in session.execute(select(model.id, model.name)):
        if other_id != own_id and fold(other) == fold(name):
            raise BadInput(f"there is already a {kind} named {other!r}", "name")
    return name


def _minutes(t: time, closing: bool) -> int:
    """Minutes after midnight; a closing time of 00:00 means midnight at the day's end."""
    return 24 * 60 if closing and t == time(0) else t.hour * 60 + t.minute


def _week(spans: Week, field: str, what: str) -> list[WeeklySpan]:
    """Weekly spans in order, each starting before it ends and none overlapping another."""
    out = sorted((WeeklySpan(d, s, e) for d, s, e in spans),
                 key=lambda w: (w.weekday, _minutes(w.start, False)))
    for i, w in enumerate(out):
        if not 0 <= w.weekday <= 6:
            raise BadInput(f"weekday {w.weekday} is not 0 (Monday) to 6 (Sunday)", field)
        if _minutes(w.start, False) >= _minutes(w.end, True):
            raise BadInput(f"{what} on {WEEKDAYS[w.weekday]} must start before they end "
                           f"({w.start:%H:%M}-{w.end:%H:%M})", field)
        if i and out[i - 1].weekday == w.weekday \
                and _minutes(out[i - 1].end, True) > _minutes(w.start, False):
            raise BadInput(f"{what} on {WEEKDAYS[w.weekday]} overlap", field)
    return out


def _int(value: int, low: int, high: int, field: str, what: str) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise BadInput(f"{what} must be a whole number from {low} to {high}", field)
    return value


def _feature(text: str | None, field: str) -> str | None:
    text = " ".join((text or "").split()).lower()
    if len(text) > 60:
        raise BadInput("a room feature may have at most 60 characters", field)
    return text or None


@contextmanager
def _setting_up(db: Database) -> Iterator[Session]:
    """A write transaction for the set-up: a manager's alone, once the book has accounts."""
    with db.write() as session:
        permits.require(session, Action.SET_UP)
        yield session


def _audit(session, actor: str, action: str, row, before: dict | None) -> None:
    audit.record(session, actor=actor, at=clock.utcnow(), action=action, row=row, before=before)


def _get(session: Session, model, row_id: int, kind: str):
    row = session.get(model, row_id)
    if row is None:
        raise BadInput(f"there is no {kind} with id {row_id}", kind)
    return row


# -- clinic ---------------------------------------------------------------------------------

def save_clinic(db: Database, *, name: str, timezone: str, country: str, slot_minutes: int,
                opening: Week | None = None, actor: str = "desk",
                keep: str | None = None) -> None:
    """Change the clinic's settings (and its weekly opening hours when given; a new zone
    on a book with visits as ``keep`` says: :mod:`frontdesk.services.zone_change`)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise BadInput("the clinic needs a name of at most 200 characters", "name")
    clock.zone(timezone)
    country = (country or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise BadInput("the country is a two-letter code such as US or CA", "country")
    if slot_minutes not in SLOT_CHOICES:
        raise BadInput(f"slots are {', '.join(map(str, SLOT_CHOICES))} minutes long",
                       "slot_minutes")
    week = None if opening is None else _week(opening, "hours", "opening hours")
    with _setting_up(db) as session:
        clinic = _clinic(session)
        before = _clinic_state(clinic)
        zone_change.rezone(session, clinic, timezone, keep)
        clinic.name, clinic.country = name, country
        clinic.slot_minutes = slot_minutes
        if week is not None:
            _set_opening(clinic, week)
        _audit(session, actor, "settings", clinic, before)


def set_opening_hours(db: Database, opening: Week, actor: str = "desk") -> None:
    week = _week(opening, "hours", "opening hours")
    with _setting_up(db) as session:
        clinic = _clinic(session)
        before = _clinic_state(clinic)
        _set_opening(clinic, week)
        _audit(session, actor, "opening_hours", clinic, before)


def _clinic(session: Session) -> m.Clinic:
    clinic = session.scalars(select(m.Clinic).order_by(m.Clinic.id)).first()
    if clinic is None:
        raise BadInput("the database has no clinic yet", "db")
    return clinic


def _clinic_state(clinic: m.Clinic) -> dict:
    return audit.snapshot(clinic) | {"opening": [
        [h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}"] for h in clinic.opening_hours]}


def _set_opening(clinic: m.Clinic, week: list[WeeklySpan]) -> None:
    clinic.opening_hours = [m.OpeningHours(weekday=w.weekday, opens=w.start, closes=w.end)
                            for w in week]


# -- rooms ----------------------------------------------------------------------------------

def add_room(db: Database, name: str, features: Iterable[str] = (), active: bool = True,
             actor: str = "desk", capacity: int = 1) -> int:
    with _setting_up(db) as session:
        room = m.Room(name=_name(session, m.Room, name, None, "room"), active=active,
                      capacity=_int(capacity, 1, MAX_PARTY, "capacity",
                                    "how many clients it holds at once"))
        session.add(room)
        session.flush()
        _set_features(session, room.id, features)
        _audit(session, actor, "create", room, None)
        return room.id


def update_room(db: Database, room_id: int, *, name: str | None = None,
                features: Iterable[str] | None = None, active: bool | None = None,
                actor: str = "desk", capacity: int | None = None) -> None:
    """Rename a room, replace its features, (de)activate it or say how many clients it
    holds at once (never fewer than a couples booking to come there); what is None
    stays."""
    with _setting_up(db) as session:
        room = _get(session, m.Room, room_id, "room")
        old = sorted(session.scalars(select(m.room_features.c.feature)
                                     .where(m.room_features.c.room_id == room_id)))
        before = audit.snapshot(room) | {"features": old}
        if name is not None:
            room.name = _name(session, m.Room, name, room_id, "room")
        if active is not None:
            room.active = active
        if features is not None:
            _set_features(session, room_id, features)
        if capacity is not None:
            capacity = _int(capacity, 1, MAX_PARTY, "capacity",
                            "how many clients it holds at once")
            refused = party.capacity_refusal(session, room_id, capacity, clock.utcnow())
            if refused is not None:
                raise refused
            room.capacity = capacity
        _audit(session, actor, "update", room, before)


def _set_features(session: Session, room_id: int, features: Iterable[str]) -> None:
    wanted = sorted({f for f in (_feature(x, "features") for x in features) if f})
    session.execute(m.room_features.delete().where(m.room_features.c.room_id == room_id))
    if wanted:
        session.execute(m.room_features.insert(),
                        [{"room_id": room_id, "feature": f} for f in wanted])


# -- services -------------------------------------------------------------------------------

def add_service(db: Database, name: str, minutes: int, *, price_cents: int = 0,
                rest_after: int = 0, turnover_after: int = 0,
                required_feature: str | None = None, active: bool = True,
                cautions: Iterable[str] | None = None, actor: str = "desk",
                party_size: int = 1) -> int:
    """A new service; without ``cautions`` it gets the defaults its name suggests."""
    with _setting_up(db) as session:
        service = m.Service(name=_name(session, m.Service, name, None, "service"))
        if cautions is None:
            cautions = contraindications.default_cautions(service.name)
        _service_fields(service, minutes=minutes, price_cents=price_cents,
                        rest_after=rest_after, turnover_after=turnover_after,
                        required_feature=required_feature, active=active, cautions=cautions,
                        party_size=party_size)
        session.add(service)
        _audit(session, actor, "create", service, None)
        return service.id


def update_service(db: Database, service_id: int, *, name: str | None = None,
                   actor: str = "desk", **fields) -> None:
    """Change any of add_service's fields (those not given stay; required_feature None or ""
    clears it). A new length or buffer leaves what is already booked as it is."""
    with _setting_up(db) as session:
        service = _get(session, m.Service, service_id, "service")
        before = audit.snapshot(service)
        if name is not None:
            service.name = _name(session, m.Service, name, service_id, "service")
        _service_fields(service, **fields)
        _audit(session, actor, "update", service, before)


_UNSET = object()


def _service_fields(service: m.Service, *, minutes=None, price_cents=None, rest_after=None,
                    turnover_after=None, required_feature=_UNSET, active=None,
                    cautions=None, party_size=None) -> None:
    for key, value, low, high, what in (
            ("minutes", minutes, MIN_SERVICE_MINUTES, MAX_MINUTES, "the length in minutes"),
            ("price_cents", price_cents, 0, 10**9, "the price in cents"),
            ("rest_after", rest_after, 0, MAX_BUFFER_MINUTES,
             "the therapist's rest after, in minutes,"),
            ("turnover_after", turnover_after, 0, MAX_BUFFER_MINUTES,
             "the room's turnover, in minutes,"),
            ("party_size", party_size, 1, MAX_PARTY, "how many clients it books together")):
        if value is not None:
            setattr(service, key, _int(value, low, high, key, what))
    if required_feature is not _UNSET:
        service.required_feature = _feature(required_feature, "required_feature")
    if active is not None:
        service.active = bool(active)
    if cautions is not None:
        text = contraindications.join(cautions)
        if len(text) > 400:
            raise BadInput("the cautions may have at most 400 characters", "cautions")
        service.cautions = text


# -- therapists -----------------------------------------------------------------------------

def add_therapist(db: Database, name: str, *, service_ids: Iterable[int] = (),
                  work: Week = (), breaks: Week = (), active: bool = True,
                  actor: str = "desk") -> int:
    with _setting_up(db) as session:
        therapist = m.Therapist(name=_name(session, m.Therapist, name, None, "therapist"),
                                active=active)
        _therapist_fields(session, therapist, service_ids, work, breaks)
        session.add(therapist)
        _audit(session, actor, "create", therapist, None)
        return therapist.id


def update_therapist(db: Database, therapist_id: int, *, name: str | None = None,
                     active: bool | None = None, service_ids: Iterable[int] | None = None,
                     work: Week | None = None, breaks: Week | None = None,
                     actor: str = "desk") -> None:
    """Rename, (de)activate, set the services given or the weekly hours; None stays. Work and
    breaks are replaced together (a break must lie inside the hours worked that day)."""
    if (work is None) != (breaks is None):
        raise TypeError("give both work and breaks, or neither")
    with _setting_up(db) as session:
        t = _get(session, m.Therapist, therapist_id, "therapist")
        before = audit.snapshot(t) | {
            "service_ids": sorted(s.id for s in t.services),
            "hours": [[h.kind, h.weekday, f"{h.starts:%H:%M}", f"{h.ends:%H:%M}"]
                      for h in t.hours]}
        if name is not None:
            t.name = _name(session, m.Therapist, name, therapist_id, "therapist")
        if active is not None:
            t.active = active
        _therapist_fields(session, t, service_ids, work, breaks)
        _audit(session, actor, "update", t, before)


def set_therapist_hours(db: Database, therapist_id: int, work: Week, breaks: Week,
                        actor: str = "desk") -> None:
    update_therapist(db, therapist_id, work=work, breaks=breaks, actor=actor)


def _therapist_fields(session: Session, t: m.Therapist, service_ids, work, breaks) -> None:
    if service_ids is not None:
        ids = set(service_ids)
        services = list(session.scalars(select(m.Service).where(m.Service.id.in_(ids))))
        if len(services) != len(ids):
            raise BadInput("one of the services chosen no longer exists", "services")
        t.services = services
    if work is None:
        return
    shifts = _week(work, "hours", "working hours")
    pauses = _week(breaks, "breaks", "breaks")
    for b in pauses:
        if not any(w.weekday == b.weekday and _minutes(w.start, False) <= _minutes(b.start, False)
                   and _minutes(b.end, True) <= _minutes(w.end, True) for w in shifts):
            raise BadInput(f"the break on {WEEKDAYS[b.weekday]} ({b.start:%H:%M}-{b.end:%H:%M})"
                           " is not inside the hours worked that day", "breaks")
    t.hours = [m.TherapistHours(weekday=w.weekday, starts=w.start, ends=w.end, kind=kind)
               for kind, spans in (("work", shifts), ("break", pauses)) for w in spans]


def add_time_off(db: Database, therapist_id: int, start: datetime, end: datetime,
                 reason: str = "", actor: str = "desk") -> int:
    """Book a therapist off; a naive start or end is the clinic's wall-clock time. Existing
    appointments in that time stay (the day view shows them as outside hours)."""
    reason = " ".join((reason or "").split())
    if len(reason) > 200:
        raise BadInput("the reason may have at most 200 characters", "reason")
    with _setting_up(db) as session:
        _get(session, m.Therapist, therapist_id, "therapist")
        tz = clock.zone(_clinic(session).timezone)
        start, end = _instant(start, tz, "start"), _instant(end, tz, "end")
        if end <= start:
            raise BadInput("time off must end after it starts", "end")
        off = m.TimeOff(therapist_id=therapist_id, starts_at=start, ends_at=end, reason=reason)
        session.add(off)
        _audit(session, actor, "create", off, None)
        return off.id


def remove_time_off(db: Database, time_off_id: int, actor: str = "desk") -> None:
    with _setting_up(db) as session:
        off = _get(session, m.TimeOff, time_off_id, "time_off")
        audit.record(session, actor=actor, at=clock.utcnow(), action="delete",
                     entity="time_off", entity_id=off.id, before=audit.snapshot(off))
        session.delete(off)


def _instant(value: datetime, tz: ZoneInfo, field: str) -> datetime:
    if value.tzinfo is not None:
        return value.astimezone(clock.UTC)
    try:
        return clock.to_instant(value, tz)
    except BadInput as exc:
        raise BadInput(str(exc), field) from None
