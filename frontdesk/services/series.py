"""Standing appointments: preview a series, book it, and change or cancel its later visits.

Every visit is an ordinary appointment booked through the booking engine's in-transaction
interface (:meth:`Bookings.transaction`: same rules, same audit), carrying the ``series_id``
that ties it to the others. The desk first sees every visit with what would stand in its way
(:func:`preview`), skips or moves the ones it must, and then books them in one transaction
(:func:`book`): each visit is booked or refused on its own, and the answer lists both, so a
series of twelve with one clash books eleven and says why the twelfth was not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.clash import CLIENT, ROOM, THERAPIST, clashes, until
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.recurrence import Repeat, instant, instants, skipped_note
from frontdesk.domain.rules import Proposal
from frontdesk.domain.status import MOVABLE, Status
from frontdesk.services import audit
from frontdesk.services.booking import BookingRequest, Bookings, Change
from frontdesk.services.booking_session import BookingSession
from frontdesk.services.catalog import clinic_info
from frontdesk.services.schedule import AppointmentView


@dataclass(frozen=True)
class Visit:
    """One visit of a series as previewed: where it would go, or what stands in its way."""

    start: datetime
    end: datetime
    therapist_id: int | None
    therapist: str
    room_id: int | None
    room: str
    problems: tuple[Violation, ...] = ()

    @property
    def free(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return "; ".join(v.message for v in self.problems)


@dataclass(frozen=True)
class Outcome:
    """What became of one visit when the series was booked."""

    start: datetime
    appointment: AppointmentView | None = None
    reason: str = ""
    #: The refusal, rule by rule, when the visit was not booked.
    problems: tuple[Violation, ...] = ()
    #: Said of a visit whose wall-clock time the clocks skip that day (see skipped_note).
    note: str = ""

    @property
    def booked(self) -> bool:
        return self.appointment is not None

    def as_json(self, tz) -> dict:
        out = {"start": clock.iso(self.start, tz), "booked": self.booked}
        if self.appointment is not None:
            out["id"] = self.appointment.id
        else:
            out["reason"] = self.reason
        if self.note:
            out["note"] = self.note
        return out


def starts(bookings: Bookings, first: datetime, repeat: Repeat) -> list[datetime]:
    """The instants of a series whose first visit starts at instant ``first``, at the same
    wall-clock time in the clinic's zone whatever DST does in between."""
    tz = _tz(bookings)
    return instants(clock.to_local(first, tz).replace(tzinfo=None), repeat, tz)


def preview(bookings: Bookings, req: BookingRequest, when: list[datetime]) -> list[Visit]:
    """Each start of ``when`` as ``req`` would book it, with its problems (nothing written)."""
    out = []
    for start in when:
        proposal, problems = bookings.judge(replace(req, start=start))
        minutes = req.minutes or (proposal.service.minutes if proposal else 0)
        if proposal is None:
            out.append(Visit(start, start + timedelta(minutes=minutes), None, "", None, "",
                             tuple(problems)))
        else:
            out.append(Visit(start, proposal.end, proposal.therapist.id, proposal.therapist.name,
                             proposal.room.id, proposal.room.name, tuple(problems)))
    return out


def book(bookings: Bookings, req: BookingRequest, when: list[datetime],
         every_weeks: int = 1) -> list[Outcome]:
    """Book a visit at each start of ``when`` (the ones kept after skips and moves) in one
    transaction; each is booked or refused on its own. Nothing is written when none books."""
    if not when:
        raise BadInput("a series needs at least one visit", "count")
    with bookings.transaction() as tx:
        session = tx.session
        client_id = tx.client_for(req)
        at = bookings.now()
        row = m.Series(every_weeks=every_weeks, created_at=at, created_by=bookings.actor)
        session.add(row)
        audit.record(session, actor=bookings.actor, at=at, action="create", row=row)
        outcomes = []
        tz = _tz(bookings)
        wall = clock.to_local(req.start, tz).time()  # the series' time on the clock
        for start in sorted(when):
            note = skipped_note(start, wall, tz)
            try:
                with session.begin_nested():
                    appt = tx.book(replace(req, start=start, waitlist_id=None), client_id,
                                   row.id)
                outcomes.append(Outcome(start, tx.view(appt.id), note=note))
            except Refused as refusal:
                outcomes.append(Outcome(start, reason=str(refusal),
                                        problems=tuple(refusal.violations), note=note))
            except BadInput as bad:
                outcomes.append(Outcome(start, reason=str(bad), problems=(
                    Violation("bad-input", bad.field or "", str(bad)),), note=note))
        if not any(o.booked for o in outcomes):
            session.rollback()
        elif req.waitlist_id is not None:  # removed once, with the first visit booked
            tx.drop_waitlist(req.waitlist_id)
        return outcomes


def following(session, appointment_id: int) -> list[m.Appointment]:
    """This visit and the later visits of its series that are still to happen."""
    appt = session.get(m.Appointment, appointment_id)
    if appt is None:
        raise BadInput(f"no appointment #{appointment_id}", "appointment")
    if appt.series_id is None:
        return [appt]
    a = m.Appointment
    return list(session.scalars(
        select(a).where(a.series_id == appt.series_id, a.starts_at >= appt.starts_at,
                        a.status.in_([s.value for s in MOVABLE]))
        .order_by(a.starts_at)))


def cancel_following(bookings: Bookings, appointment_id: int, reason: str, *,
                     late: bool = False) -> list[AppointmentView]:
    """Cancel a visit and every later one of its series, in one transaction; Refused when
    the visit itself can no longer be cancelled (it is over, or cancelled already)."""
    ids = _following_ids(bookings, appointment_id)
    if not ids or ids[0] != appointment_id:
        raise Refused([Violation("not-movable", "status",
                                 "this visit can no longer be cancelled",
                                 appointment_id=appointment_id)])
    status = Status.LATE_CANCEL if late else Status.CANCELLED
    return bookings.set_statuses(ids, status, reason=reason)


def change_following(bookings: Bookings, appointment_id: int,
                     change: Change) -> list[AppointmentView]:
    """Apply ``change`` to a visit and every later one of its series, all or nothing.

    A new start moves each visit to the same new wall-clock time, shifted by the same number
    of days; a new therapist, room or length applies to each. Refused (naming each visit at
    fault) when any of them would break a rule. Who comes, for what, the notes and the
    source are each visit's own: they change one visit at a time."""
    if (change.client_id or change.new_client or change.no_client or change.service_id
            or change.notes is not None or change.source is not None):
        raise BadInput("the client, service, notes and source change one visit at a time; "
                       "untick “also the following visits”", "following")
    with bookings.transaction() as tx:
        tz = tx.catalog.clinic.tz
        visits = following(tx.session, appointment_id)
        if not visits or visits[0].id != appointment_id:
            first = tx.session.get(m.Appointment, appointment_id)
            label = Status(first.status).label if first else "missing"
            raise Refused([Violation("not-movable", "status",
                                     f"a {label} appointment cannot be changed",
                                     appointment_id=appointment_id)])
        shift_days, new_time = 0, None
        if change.start is not None:
            old = clock.to_local(visits[0].starts_at, tz)
            new = clock.to_local(change.start, tz)
            shift_days, new_time = (new.date() - old.date()).days, new.time()
        problems: list[Violation] = []
        plans = []
        for appt in visits:
            start = None
            if new_time is not None:
                local = clock.to_local(appt.starts_at, tz)
                day = local.date() + timedelta(days=shift_days)
                start = instant(datetime.combine(day, new_time), tz)
            one = replace(change, start=start, expected_version=None)
            proposal = tx.changed(appt, one)
            found = _check_among(tx, proposal, visits)
            if found and (any(not v.soft for v in found) or not change.override.strip()):
                when = clock.format_local(proposal.start, tz)
                problems += [replace(v, message=f"{when}: {v.message}") for v in found]
            plans.append((appt, proposal, found))
        if problems:
            raise Refused(problems)
        out = []
        for appt, proposal, found in plans:
            before = audit.snapshot(appt)
            tx.place(appt, proposal, found, change.override)
            out.append(tx.finish(appt, "change", before))
        return out


#: The clash each busy rule reports, as the kind of hold it is about.
_CLASH_KIND = {"therapist-busy": THERAPIST, "room-taken": ROOM, "client-busy": CLIENT}


def _check_among(tx: BookingSession, proposal: Proposal, visits) -> list[Violation]:
    """The rules ``proposal`` breaks, ignoring the other visits being moved with it (a weekly
    series never clashes with itself, but a shift by days could cross an old slot)."""
    moving = {v.id for v in visits}
    return [v for v in tx.check(proposal)
            if not (v.code in _CLASH_KIND
                    and _only_moving(tx, proposal, moving, _CLASH_KIND[v.code]))]


def _only_moving(tx: BookingSession, proposal: Proposal, moving: set[int], kind: str) -> bool:
    """Whether everything ``proposal`` clashes with over its ``kind`` is among ``moving``."""
    key = {THERAPIST: proposal.therapist.id, ROOM: proposal.room.id,
           CLIENT: proposal.client.id if proposal.client else -1}[kind]
    end = until(proposal, kind)
    in_way = clashes(tx.world.booked(kind, key, proposal.start, end), kind,
                     proposal.start, end, proposal.replaces)
    return all(b.id in moving for b in in_way)


def _following_ids(bookings: Bookings, appointment_id: int) -> list[int]:
    with bookings.db.read() as session:
        return [a.id for a in following(session, appointment_id)]


def _tz(bookings: Bookings):
    with bookings.db.read() as session:
        return clinic_info(session).tz
