"""Couples (and group) sessions in the booking engine: booked, changed and cancelled whole.

A party's visits are written by the same steps as any visit
(:class:`~frontdesk.services.booking_session.BookingSession`: the rules, overrides, audit
entries, versions), one after another in ONE write transaction, so a refusal of any visit
rolls back the whole: a pair is never booked, moved or cancelled half. The rules of the
party as a whole are :func:`frontdesk.domain.party.check_party`'s; which parts and statuses
go to the whole party is :mod:`frontdesk.domain.party`'s too.

Each visit is placed with the party's id, so the rules' room check lets its partners share
the room (up to its capacity) while each therapist's and client's clashes are checked as
for any visit. Placing visit after visit works because partners never clash with each
other but over the room they may share.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.party import FIXED, TOGETHER, check_party, together
from frontdesk.domain.status import ACTIVE, Status
from frontdesk.services import audit
from frontdesk.services.booking_checks import parts_changed
from frontdesk.services.catalog import clinic_info
from frontdesk.services.schedule import AppointmentView

if TYPE_CHECKING:
    from frontdesk.domain.rules import ServiceInfo
    from frontdesk.services.booking import BookingRequest, Change
    from frontdesk.services.booking_session import BookingSession

ENTITY = m.Appointment.__tablename__


def book(bs: BookingSession, req: BookingRequest) -> list[m.Appointment]:
    """Book the whole party ``req`` asks for, in ``bs``'s transaction: the first visit as
    ``req`` says, each partner (``req.partners``; unnamed ones added up to the service's
    party size) in the same room at the same time with a therapist of their own, chosen
    among the qualified and free ones when not given. Refused, nothing written, when any
    visit or the party as a whole breaks a rule."""
    service = bs.get("service", req.service_id)
    partners = list(req.partners)
    if len(partners) > service.party_size - 1:
        raise BadInput(f"{service.name} is for {service.party_size} clients together; "
                       f"{len(partners) + 1} given", "client")
    from frontdesk.services.booking import Partner  # the request types: a cycle at import
    partners += [Partner()] * (service.party_size - 1 - len(partners))
    _cautions_read(bs, service, [(req.client_id, req.acknowledge, "client")]
                   + [(p.client_id, p.acknowledge, "partner") for p in partners])
    party = m.Party(size=service.party_size, created_at=bs.now(), created_by=bs.actor)
    bs.session.add(party)
    bs.session.flush()
    named = {p.therapist_id for p in partners if p.therapist_id is not None}
    first = bs.book(req, bs.client_for(req), party_id=party.id, exclude=frozenset(named))
    written = [first]
    for partner in partners:
        partner_req = replace(
            req, client_id=partner.client_id, new_client=partner.new_client,
            therapist_id=partner.therapist_id, room_id=first.room_id, partners=(),
            waitlist_id=None, acknowledge=partner.acknowledge)
        if partner.therapist_id is not None or partner.client_id is not None:
            # Named twice: said as the party's rule, not as the therapist or client being
            # busy with the visit just written.
            _refuse_party(bs, written, partner.therapist_id, partner.client_id)
        taken = frozenset(a.therapist_id for a in written) | named
        written.append(bs.book(partner_req, bs.client_for(partner_req), party_id=party.id,
                               exclude=taken))
    _refuse_party(bs, written)
    audit.record(bs.session, actor=bs.actor, at=bs.now(), action="book", row=party)
    return written


def _cautions_read(bs: BookingSession, service: ServiceInfo,
                   clients: list[tuple[int | None, bool, str]]) -> None:
    """Every client of the party with a contraindication warning the desk has not
    acknowledged, in one refusal (``field`` "client" for the first, "partner" for the
    others): the desk reads them all before it books, and one client's acknowledgement
    never covers another's."""
    found: list[Violation] = []
    for client_id, acknowledged, field in clients:
        if client_id is None:
            continue
        try:
            bs.acknowledged(service, bs.client(client_id), acknowledged)
        except Refused as refused:
            found += [replace(v, field=field) for v in refused.violations]
    if found:
        raise Refused(found)


def _refuse_party(bs: BookingSession, written: list[m.Appointment],
                  therapist_id: int | None = None, client_id: int | None = None) -> None:
    """Refused when the party of ``written`` (with one more visit by ``therapist_id`` for
    ``client_id``, where given) breaks a rule of the party as a whole."""
    proposals = [bs.changed(a, _no_change()) for a in written]
    if therapist_id is not None or client_id is not None:
        first = proposals[0]
        # A therapist not named stands for "another one": only the client is compared.
        therapist = (bs.get("therapist", therapist_id) if therapist_id is not None
                     else replace(first.therapist, id=-1))
        proposals.append(replace(first, therapist=therapist, client=bs.client(client_id),
                                 replaces=None))
    problems = check_party(proposals)
    if problems:
        raise Refused(problems)


def _no_change() -> Change:
    from frontdesk.services.booking import Change
    return Change()


def members(bs: BookingSession, appt: m.Appointment) -> list[m.Appointment]:
    """The visits of ``appt``'s party, ``appt`` first, then by number (the window's undo
    reads them the same way)."""
    if appt.party_id is None:
        return [appt]
    others = bs.session.scalars(
        select(m.Appointment).where(m.Appointment.party_id == appt.party_id,
                                    m.Appointment.id != appt.id)
        .order_by(m.Appointment.id)).all()
    return [appt, *others]


def change(bs: BookingSession, appt: m.Appointment, change: Change) -> AppointmentView:
    """Change a visit of a party: its time, length or room for the whole party (each
    partner moved with it, or none), its therapist, client, notes or source for itself
    alone; the party's own rules are checked on the party as the change leaves it."""
    parts = parts_changed(appt, change)
    if parts & FIXED:
        raise Refused([Violation(
            "party-service", "service",
            "a couples visit keeps its service: cancel the pair and book again",
            appointment_id=appt.id)])
    shared = parts & TOGETHER
    partners = [p for p in members(bs, appt)[1:]
                if Status(p.status).occupies_time == Status(appt.status).occupies_time]
    moves = _moves(change, shared)
    if change.new_client is None:
        proposed = [bs.changed(appt, change)] + [bs.changed(p, moves) for p in partners]
        problems = check_party(proposed)
        if problems:
            raise Refused(problems)
    view = bs.change(appt.id, change, alone=True)
    if shared:
        for partner in partners:
            bs.change(partner.id, moves, alone=True)
    return view


def _moves(change: Change, shared: set[str]) -> Change:
    """The part of ``change`` a partner takes with the visit changed: its time, length and
    room (none of its own therapist, client or notes)."""
    from frontdesk.services.booking import Change  # the request types: a cycle at import
    return Change(start=change.start if "start" in shared else None,
                  minutes=change.minutes if "minutes" in shared else None,
                  room_id=change.room_id if "room" in shared else None,
                  override=change.override)


def preview(bs: BookingSession, appt: m.Appointment, change: Change) -> list[Violation]:
    """Every rule ``change`` of a party's visit would break, its partners' too (they move
    with it), without writing: what a drag of a couples visit shows before the drop."""
    shared = parts_changed(appt, change) & TOGETHER
    proposals = [bs.changed(appt, change)] + [
        bs.changed(p, _moves(change, shared)) for p in members(bs, appt)[1:]
        if Status(p.status).occupies_time]
    problems = check_party(proposals)
    for p in proposals:
        problems += [v for v in bs.check(p) if v not in problems]
    return problems


def set_status(bs: BookingSession, appt: m.Appointment, status: Status, reason: str,
               override: str) -> list[int]:
    """The partners of ``appt`` to give ``status`` with it (a cancellation, or the way back
    from one: :func:`frontdesk.domain.party.together`), given it in this transaction; their
    numbers. ``appt`` itself is the caller's (it has not changed yet)."""
    current = Status(appt.status)
    done = []
    for partner in members(bs, appt)[1:]:
        if together(status, current, Status(partner.status)):
            bs.set_status(partner.id, status, reason, None, override, alone=True)
            done.append(partner.id)
    return done


def withdrawn_partners(bs: BookingSession, appointment_id: int, party_id: int | None,
                       at: datetime, actor: str) -> list[int]:
    """The partners withdrawn with ``appointment_id`` (the same undo: one transaction's
    audit entries, at one instant by one actor) and not back in the book yet."""
    if party_id is None:
        return []
    rows = bs.session.execute(
        select(m.AuditEntry.entity_id, m.AuditEntry.before)
        .where(m.AuditEntry.entity == ENTITY, m.AuditEntry.action == "withdraw",
               m.AuditEntry.at == at, m.AuditEntry.actor == actor,
               m.AuditEntry.entity_id != appointment_id)).all()
    return [i for i, before in rows
            if (before or {}).get("party_id") == party_id
            and bs.session.get(m.Appointment, i) is None]


def capacity_refusal(session, room_id: int, capacity: int, now: datetime) -> BadInput | None:
    """Why room ``room_id`` cannot hold only ``capacity`` clients at once: a party still to
    come booked there for more (None when nothing stands in the way). The database refuses
    it too (migration 0012); asked first so the set-up says which visit and when."""
    a = m.Appointment
    row = session.execute(
        select(a.party_id, func.min(a.starts_at), func.count())
        .where(a.room_id == room_id, a.party_id.is_not(None), a.room_until > now,
               a.status.in_([s.value for s in ACTIVE]))
        .group_by(a.party_id).having(func.count() > capacity)
        .order_by(func.min(a.starts_at)).limit(1)).first()
    if row is None:
        return None
    when = clock.format_local(row[1], clinic_info(session).tz)
    return BadInput(f"the room has a booking for {row[2]} clients together at {when}; move "
                    f"or cancel it before the room holds {capacity}", "capacity")
