"""Undoing a booking: the visit leaves the book as if never made, and can come back.

A booking undone at the desk was a slip (the wrong client, the wrong day), not a visit that
was cancelled: kept as a cancelled row it would show among the cancelled visits, in every
export and calendar and in the therapist's counts. So :func:`withdraw` deletes the row, in
the booking transaction, and writes the whole of it to the audit trail (action
``withdraw``, the row as ``before``), which keeps the history. :func:`reinstate` (redo)
writes the same row back under the same number from that audit entry, as a new booking is
written: every rule asked again, the contraindication warning too.

Nothing else refers to an appointment (no foreign key points at one: a series row, a
client, a waitlist entry are referred to *by* it), and its calendar UID is made of its
number, so a visit put back is the same event to a phone. On SQLite a number is never
given out twice (see :func:`booking_session.next_id`), so the number stays free for the redo.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.rules import Proposal
from frontdesk.domain.status import Status
from frontdesk.services import audit, party
from frontdesk.services.booking_checks import record_override, refuse_unless_overridden
from frontdesk.services.booking_session import BookingSession
from frontdesk.services.schedule import AppointmentView

ENTITY = m.Appointment.__tablename__
ACTION = "withdraw"
#: Columns of the audit snapshot that hold instants (written there as ISO text).
_INSTANTS = ("starts_at", "ends_at", "therapist_until", "room_until", "created_at",
             "updated_at")


def withdraw(bs: BookingSession, appointment_id: int, expected_version: int | None) -> None:
    """Delete a booking that nothing has happened to yet (still "booked", and the version
    the desk last saw), recording the whole row in the audit trail; a couples booking's
    partners go with it (all, or none)."""
    appt = bs.load(appointment_id, expected_version)
    at = bs.now()  # one instant: how the redo finds the partners withdrawn together
    for partner in party.members(bs, appt)[1:]:
        _withdraw(bs, partner, at)
    _withdraw(bs, appt, at)


def _withdraw(bs: BookingSession, appt: m.Appointment, at: datetime) -> None:
    appointment_id = appt.id
    status = Status(appt.status)
    if status is not Status.BOOKED:
        raise Refused([Violation(
            "not-withdrawable", "status",
            f"the visit is {status.label} now; only a booking nothing has happened to yet "
            "can be taken back", appointment_id=appt.id)])
    before = audit.snapshot(appt)
    bs.session.delete(appt)
    bs.session.flush()
    audit.record(bs.session, actor=bs.actor, at=at, action=ACTION, entity=ENTITY,
                 entity_id=appointment_id, before=before)


def reinstate(bs: BookingSession, appointment_id: int) -> AppointmentView:
    """Write a withdrawn booking back as it was withdrawn, under its own number, checked
    like a new booking (a slot taken since, a start now past, a new contraindication);
    the partners of a couples booking withdrawn with it come back with it."""
    view = _reinstate(bs, appointment_id)
    entry = _withdrawal(bs, appointment_id)
    if entry is not None:
        for partner in party.withdrawn_partners(bs, appointment_id, view.party_id,
                                                entry.at, entry.actor):
            _reinstate(bs, partner)
    return view


def _withdrawal(bs: BookingSession, appointment_id: int) -> m.AuditEntry | None:
    return bs.session.scalar(
        select(m.AuditEntry).where(m.AuditEntry.entity == ENTITY,
                                   m.AuditEntry.entity_id == appointment_id,
                                   m.AuditEntry.action == ACTION)
        .order_by(m.AuditEntry.id.desc()).limit(1))


def _reinstate(bs: BookingSession, appointment_id: int) -> AppointmentView:
    if bs.session.get(m.Appointment, appointment_id) is not None:
        raise Refused([Violation("stale", "", f"appointment #{appointment_id} is in the book",
                                 appointment_id=appointment_id)])
    entry = _withdrawal(bs, appointment_id)
    row = entry.before if entry is not None else None
    if not row:
        raise BadInput(f"appointment #{appointment_id} was never taken back", "appointment")
    was: dict[str, Any] = {k: datetime.fromisoformat(v) if k in _INSTANTS and v else v
           for k, v in row.items()}
    service = bs.get("service", was["service_id"])
    client = bs.client(was["client_id"])
    acknowledged = set(filter(None, (was.get("cautions_acknowledged") or "").split("; ")))
    found = bs.cautions(service, client.id) if client else []
    cautions = bs.acknowledged(service, client, set(found) <= acknowledged)
    proposal = Proposal(was["starts_at"], was["ends_at"], service,
                        bs.get("therapist", was["therapist_id"]),
                        bs.get("room", was["room_id"]), client,
                        party_id=was.get("party_id"))
    problems = bs.check(proposal)
    override = (was.get("override_reason") or "") if was.get("overridden") else ""
    refuse_unless_overridden(problems, override)
    at = bs.now()
    appt = m.Appointment(**{**was, "status": Status.BOOKED.value,
                            "therapist_until": proposal.therapist_until,
                            "room_until": proposal.room_until,
                            "cautions_acknowledged": cautions, "updated_at": at,
                            "updated_by": bs.actor, "version": was["version"] + 1})
    record_override(appt, problems, override)
    bs.session.add(appt)
    audit.record(bs.session, actor=bs.actor, at=at, action="reinstate", row=appt)
    return bs.view(appointment_id)
