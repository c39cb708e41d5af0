"""Everything the book holds about one client, for a client who asks to see it.

A client may ask the clinic for their data. The file gathers all of it, read in one
transaction: the card (phones, e-mail, notes, alert, contraindications), the cards merged
into it (the same person), every visit with its service, therapist, room, status and texts,
their waitlist entries, the website's bookings the LatePoint import kept about them, and
every audit entry about the card, its visits (those withdrawn too) and its waitlist entries.
:mod:`frontdesk.export.client_file` writes it as JSON or PDF.

:func:`entries_about` and :func:`web_bookings_of` are also what erasing clears
(:mod:`frontdesk.services.erasure`): what a client is shown of themselves and what is erased
are the same rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import WEEKDAYS
from frontdesk.domain.names import email_key
from frontdesk.domain.text import display_phone, normalise_phone
from frontdesk.services import permits
from frontdesk.services.client_record import Counts, load_card, record

#: Ids per ``IN (...)``: below SQLite's limit on bound parameters.
CHUNK = 900


@dataclass(frozen=True)
class Visit:
    id: int
    start: str  # ISO 8601 in the clinic's zone
    end: str
    status: str
    service: str
    therapist: str
    room: str
    source: str
    notes: str
    cancel_reason: str
    cautions_acknowledged: str
    override_reason: str
    price: str  # "110.00", in the clinic's currency
    series_id: int | None
    booked_at: str
    booked_by: str
    client_id: int  # this card, or one merged into it


@dataclass(frozen=True)
class Waiting:
    id: int
    service: str
    therapist: str  # "" for any
    weekdays: str  # "Monday, Wednesday" ("" for any day)
    earliest: str
    latest: str
    until: str
    note: str
    added_at: str
    added_by: str


@dataclass(frozen=True)
class WebBooking:
    """A booking from the website's LatePoint export as the import keeps it: the customer
    as the website had them, and what became of it (taken, refused with why, resolved)."""

    web_id: str
    start: str
    minutes: int
    service: str
    therapist: str
    customer: str
    phone: str
    email: str
    web_status: str
    state: str
    reason: str
    appointment_id: int | None
    imported_at: str


@dataclass(frozen=True)
class Entry:
    """One audit entry about the client, as it is stored."""

    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class ClientFile:
    clinic: str
    made_at: str
    id: int
    name: str
    active: bool
    created_at: str
    phones: tuple[dict, ...]  # {"number", "e164", "label"}
    email: str
    notes: str
    alert: str
    flags: tuple[dict, ...]  # {"flag", "note"}
    merged_cards: tuple[int, ...]
    counts: Counts
    visits: tuple[Visit, ...]
    waitlist: tuple[Waiting, ...]
    audit: tuple[Entry, ...]
    web_bookings: tuple[WebBooking, ...] = ()

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["phones"], out["flags"] = list(self.phones), list(self.flags)
        out["merged_cards"] = list(self.merged_cards)
        for key in ("visits", "waitlist", "audit", "web_bookings"):
            out[key] = list(out[key])
        return {"client_file": "frontdesk", **out}


def cards_of(session: Session, client_id: int) -> list[int]:
    """The card and every card merged into it (directly or through another), this one first."""
    found, todo = [client_id], [client_id]
    while todo:
        merged = session.scalars(select(m.Client.id).where(
            m.Client.merged_into_id.in_(todo), m.Client.id.notin_(found))).all()
        found += merged
        todo = list(merged)
    return found


def gather(session: Session, client_id: int, now: datetime) -> ClientFile:
    """The client's file as the book holds it now; BadInput when there is no such card."""
    permits.require(session, Action.CLIENT_FILE)
    client = load_card(session, client_id)
    clinic = session.scalars(select(m.Clinic).order_by(m.Clinic.id).limit(1)).one()
    tz = ZoneInfo(clinic.timezone)
    cards = cards_of(session, client.id)
    visits = _visits(session, cards, tz)
    waiting = _waitlist(session, cards, tz)
    entries = entries_about(session, cards, [v.id for v in visits], [w.id for w in waiting])
    web = web_bookings_of(session, cards, [v.id for v in visits])
    return ClientFile(
        clinic=clinic.name, made_at=clock.iso(now, tz), id=client.id, name=client.name,
        active=bool(client.active), created_at=clock.iso(client.created_at, tz),
        phones=tuple({"number": display_phone(p.e164), "e164": p.e164, "label": p.label}
                     for p in client.phones),
        email=client.email or "", notes=client.notes or "", alert=client.alert or "",
        flags=tuple({"flag": f.flag, "note": f.note or ""}
                    for f in sorted(client.flags, key=lambda f: f.flag)),
        merged_cards=tuple(cards[1:]),
        counts=record(session, client.id, tz, now=now, limit=0).counts,
        visits=visits, waitlist=waiting,
        audit=tuple(Entry(e.id, clock.iso(e.at, tz), e.actor, e.action, e.entity, e.entity_id,
                          e.before, e.after) for e in entries),
        web_bookings=tuple(WebBooking(
            w.web_id, clock.iso(w.starts_at, tz), w.minutes, w.service, w.therapist,
            w.customer, w.phone, w.email, w.web_status, w.state, w.reason, w.appointment_id,
            clock.iso(w.imported_at, tz)) for w in web))


def _visits(session: Session, cards: list[int], tz: ZoneInfo) -> tuple[Visit, ...]:
    a = m.Appointment
    rows = session.execute(
        select(a, m.Service.name, m.Therapist.name, m.Room.name)
        .join(m.Service, m.Service.id == a.service_id)
        .join(m.Therapist, m.Therapist.id == a.therapist_id)
        .join(m.Room, m.Room.id == a.room_id)
        .where(a.client_id.in_(cards)).order_by(a.starts_at, a.id)).all()
    return tuple(Visit(
        v.id, clock.iso(v.starts_at, tz), clock.iso(v.ends_at, tz), v.status, service,
        therapist, room, v.source, v.notes, v.cancel_reason, v.cautions_acknowledged,
        v.override_reason, f"{v.price_cents / 100:.2f}", v.series_id,
        clock.iso(v.created_at, tz), v.created_by, v.client_id or 0)
        for v, service, therapist, room in rows)


def _waitlist(session: Session, cards: list[int], tz: ZoneInfo) -> tuple[Waiting, ...]:
    w = m.WaitlistEntry
    rows = session.execute(
        select(w, m.Service.name, m.Therapist.name)
        .join(m.Service, m.Service.id == w.service_id)
        .outerjoin(m.Therapist, m.Therapist.id == w.therapist_id)
        .where(w.client_id.in_(cards)).order_by(w.id)).all()
    return tuple(Waiting(
        e.id, service, therapist or "", ", ".join(WEEKDAYS[int(d)] for d in e.weekdays),
        _text(e.earliest), _text(e.latest), _text(e.until), e.note,
        clock.iso(e.created_at, tz), e.created_by)
        for e, service, therapist in rows)


def _text(value: time | date | None) -> str:
    return "" if value is None else value.isoformat()


def entries_about(session: Session, cards: list[int], visit_ids: list[int],
                  waitlist_ids: list[int]) -> list[m.AuditEntry]:
    """The audit entries about the cards, their visits and their waitlist entries, oldest
    first: by entity and id (the trail's index), and, for visits withdrawn and waitlist
    entries gone since, by the client their last picture names."""
    a = m.AuditEntry
    gone_visits = session.scalars(select(a.entity_id).where(
        a.entity == "appointments", a.action == "withdraw",
        a.before["client_id"].as_integer().in_(cards))).all()
    gone_wishes = session.scalars(select(a.entity_id).where(
        a.entity == "waitlist", or_(a.before["client_id"].as_integer().in_(cards),
                                    a.after["client_id"].as_integer().in_(cards)))).all()
    wanted: dict[str, set[int]] = {
        "clients": set(cards),
        "appointments": {*visit_ids, *(i for i in gone_visits if i is not None)},
        "waitlist": {*waitlist_ids, *(i for i in gone_wishes if i is not None)}}
    found: dict[int, m.AuditEntry] = {}
    for entity, ids in wanted.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            for entry in session.scalars(select(a).where(
                    a.entity == entity, a.entity_id.in_(ordered[start:start + CHUNK]))):
                found[entry.id] = entry
    return [found[k] for k in sorted(found)]


def web_bookings_of(session: Session, cards: list[int],
                    visit_ids: list[int]) -> list[m.WebBooking]:
    """The website's bookings the LatePoint import kept about the client, by LatePoint ID:
    those linked to one of their visits, and those whose customer has one of the cards'
    phones (compared in E.164, as the import matches) or e-mails (a refused row, or one
    whose visit is gone, has no visit to link it)."""
    w, country = m.WebBooking, session.scalar(select(m.Clinic.country)) or "US"
    phones = set(session.scalars(select(m.ClientPhone.e164).where(
        m.ClientPhone.client_id.in_(cards))))
    emails = {k for k in session.scalars(select(m.Client.email_key).where(
        m.Client.id.in_(cards))) if k}
    visits = set(visit_ids)

    def theirs(appointment_id: int | None, phone: str, email: str) -> bool:
        if appointment_id in visits or (email and email_key(email) in emails):
            return True
        try:
            return bool(phone) and normalise_phone(phone, country)[0] in phones
        except BadInput:
            return False

    ids = [i for i, appt, phone, email in session.execute(
        select(w.id, w.appointment_id, w.phone, w.email)) if theirs(appt, phone, email)]
    found: list[m.WebBooking] = []
    for start in range(0, len(ids), CHUNK):
        found += session.scalars(select(w).where(w.id.in_(ids[start:start + CHUNK])))
    return sorted(found, key=lambda r: (r.starts_at, r.id))
