"""Booking, moving, resizing, reassigning, cancelling and status changes.

Every change runs in one write transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: the
clinic row is locked ``FOR UPDATE``), in which the rules are checked against what is booked at
that moment and the change and its audit entry are written. Two desks booking the same slot
at once are therefore serialized: one books, the other is refused with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exc, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, contraindications
from frontdesk.domain.errors import BadInput, Refused, StaleEdit, Violation
from frontdesk.domain.rules import MAX_LENGTH, ClientInfo, Proposal, check
from frontdesk.domain.status import (
    MOVABLE,
    NEEDS_REASON,
    Source,
    Status,
    transition_problem,
)
from frontdesk.services import audit, clients, schedule
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.services.schedule import AppointmentView
from frontdesk.services.world import SessionWorld


@dataclass(frozen=True)
class BookingRequest:
    """A new appointment. Without a therapist or room the first that fits is taken."""

    service_id: int
    start: datetime
    client_id: int | None = None
    therapist_id: int | None = None
    room_id: int | None = None
    minutes: int | None = None
    source: Source = Source.DESK
    notes: str = ""
    override: str = ""
    #: Create this client in the same transaction (nothing is kept if the booking is refused).
    new_client: NewClient | None = None
    #: The desk has read the contraindication warning (see :meth:`Bookings.cautions`).
    acknowledge: bool = False
    #: Booked from this waitlist entry, which is removed in the same transaction.
    waitlist_id: int | None = None


@dataclass(frozen=True)
class NewClient:
    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Change:
    """A change to an existing appointment's time, length, therapist or room."""

    start: datetime | None = None
    minutes: int | None = None
    therapist_id: int | None = None
    room_id: int | None = None
    override: str = ""
    expected_version: int | None = None


class Bookings:
    """The booking engine's entry point for every front end.

    ``actor`` is recorded on every change; ``now`` is the clock (tests pass a fixed one).
    """

    def __init__(self, db: Database, actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow):
        self.db = db
        self.actor = (actor or "desk")[:100]
        self.now = now

    # -- new appointments -------------------------------------------------------------

    def book(self, req: BookingRequest) -> AppointmentView:
        check_text(req.override, 500, "override")
        check_text(req.notes, 5000, "notes")
        with self._write() as session:
            catalog, world = self._begin(session)
            client_id = self._client_for(session, catalog, req)
            appt = self._book_in(session, catalog, world, req, client_id)
            return self._view(session, appt.id)

    def _client_for(self, session: Session, catalog: Catalog, req: BookingRequest) -> int | None:
        """The request's client id, creating the new client it names (in this transaction)."""
        if req.new_client is None:
            return req.client_id
        nc = req.new_client
        return clients.new_client(session, nc.name, phone=nc.phone, email=nc.email,
                                  country=catalog.clinic.country, actor=self.actor,
                                  at=self.now()).id

    def _book_in(self, session: Session, catalog: Catalog, world, req: BookingRequest,
                 client_id: int | None, series_id: int | None = None) -> m.Appointment:
        """Check and write one new appointment inside the caller's write transaction."""
        service = _get(catalog.services, req.service_id, "service")
        minutes = req.minutes if req.minutes is not None else service.minutes
        _check_minutes(minutes)
        client = _client(session, client_id)
        acknowledged = self._acknowledged(session, service, client, req.acknowledge)
        end = req.start + timedelta(minutes=minutes)
        proposal = self._choose(catalog, world, req, service, client, end)
        at = self.now()
        appt = m.Appointment(
            client_id=client_id, service_id=service.id,
            therapist_id=proposal.therapist.id, room_id=proposal.room.id,
            starts_at=proposal.start, ends_at=proposal.end,
            therapist_until=proposal.therapist_until, room_until=proposal.room_until,
            status=Status.BOOKED.value, source=Source(req.source).value,
            notes=req.notes.strip(), price_cents=_price(session, service.id),
            series_id=series_id, cautions_acknowledged=acknowledged,
            created_at=at, created_by=self.actor, updated_at=at, updated_by=self.actor,
            version=1,
        )
        _apply_override(appt, proposal, world, req.override)
        session.add(appt)
        audit.record(session, actor=self.actor, at=at, action="book", row=appt)
        if req.waitlist_id is not None:
            self._drop_waitlist(session, req.waitlist_id)
        return appt

    def _drop_waitlist(self, session: Session, entry_id: int) -> None:
        """Remove a waitlist entry that has just been booked (gone already: nothing to do)."""
        entry = session.get(m.WaitlistEntry, entry_id)
        if entry is not None:
            before = audit.snapshot(entry)
            session.delete(entry)
            audit.record(session, actor=self.actor, at=self.now(), action="waitlist:booked",
                         entity=m.WaitlistEntry.__tablename__, entity_id=entry_id,
                         before=before)

    def _acknowledged(self, session: Session, service, client: ClientInfo | None,
                      acknowledge: bool) -> str:
        """The contraindications booked over ("" when none); refused unless acknowledged."""
        if client is None:
            return ""
        found = _cautions(session, service, client.id)
        if found and not acknowledge:
            raise Refused([Violation(
                "contraindicated", "client",
                contraindications.warning(service.name, client.name, found)
                + "; acknowledge the warning to book")])
        return "; ".join(found)[:300]

    def cautions(self, service_id: int, client_id: int | None) -> list[str]:
        """The client's flags ``service_id`` is advised against: what the editor warns of."""
        if client_id is None:
            return []
        with self.db.read() as session:
            service = _get(load_catalog(session).services, service_id, "service")
            return _cautions(session, service, client_id)

    def judge(self, req: BookingRequest) -> tuple[Proposal | None, list[Violation]]:
        """What booking ``req`` would give (the therapist and room it would take) and every
        rule in its way, without writing or taking the write lock: a series' preview."""
        try:
            with self.db.read() as session:
                catalog = load_catalog(session)
                world = SessionWorld(session, catalog, self.now())
                service = _get(catalog.services, req.service_id, "service")
                minutes = req.minutes if req.minutes is not None else service.minutes
                _check_minutes(minutes)
                client = _client(session, req.client_id)
                p = self._choose(catalog, world, req, service, client,
                                 req.start + timedelta(minutes=minutes))
                return p, check(p, world)
        except Refused as refused:
            return None, list(refused.violations)
        except BadInput as bad:
            return None, [Violation("bad-input", bad.field or "", str(bad))]

    def _choose(self, catalog: Catalog, world, req: BookingRequest, service, client, end):
        """The proposal to book: the one asked for, or the first free therapist and room."""
        therapists = ([_get(catalog.therapists, req.therapist_id, "therapist")]
                      if req.therapist_id is not None else
                      [t for t in catalog.therapists.values()
                       if t.active and service.id in t.service_ids])
        rooms = ([_get(catalog.rooms, req.room_id, "room")] if req.room_id is not None else
                 [r for r in catalog.rooms.values() if r.active and
                  (not service.required_feature or service.required_feature in r.features)])
        if not therapists:
            raise Refused([Violation("not-qualified", "therapist",
                                     f"no active therapist offers {service.name}")])
        if not rooms:
            raise Refused([Violation("room-feature", "room",
                                     f"no room in use is suitable for {service.name}")])
        first: tuple[Proposal, list[Violation]] | None = None
        soft_only: Proposal | None = None
        for therapist in therapists:
            for room in rooms:
                p = Proposal(req.start, end, service, therapist, room, client)
                problems = check(p, world)
                if not problems:
                    return p
                first = first or (p, problems)
                # An override never double-books a therapist the desk did not name.
                if soft_only is None and all(v.soft for v in problems) and (
                        req.therapist_id is not None
                        or all(v.code != "therapist-busy" for v in problems)):
                    soft_only = p
        if req.override.strip() and soft_only is not None:
            return soft_only
        what = " or ".join(x for x, n in (("therapist", req.therapist_id is None),
                                           ("room", req.room_id is None)) if n)
        when = clock.format_local(req.start, world.tz)
        free_msg = f"no {what} is free for {service.name} at {when}"
        if soft_only is not None:  # bookable with a reason: say what the reason must cover
            # With the therapist given, what stands in the way is about that therapist.
            head = ([Violation("nothing-free", "start", free_msg, soft=True)]
                    if req.therapist_id is None else [])
            raise Refused([*head, *check(soft_only, world)])
        assert first is not None  # both lists have an item, so the loops checked one
        problems = first[1]
        if req.therapist_id is not None and req.room_id is not None:
            raise Refused(problems)
        # What no other therapist or room would change (the client is elsewhere, the time is
        # past or the clinic closed) is the whole answer.
        general = [v for v in problems if v.field not in ("therapist", "room")]
        if general:
            raise Refused(general)
        raise Refused([Violation("nothing-free", "start", free_msg), *problems])

    # -- changes ----------------------------------------------------------------------

    def change(self, appointment_id: int, change: Change) -> AppointmentView:
        """Move, resize or reassign (any of them at once), re-checking every rule."""
        check_text(change.override, 500, "override")
        with self._write() as session:
            catalog, world = self._begin(session)
            appt = self._load(session, appointment_id, change.expected_version)
            before = audit.snapshot(appt)
            proposal = _changed(session, catalog, appt, change)
            problems = check(proposal, world)
            _refuse_unless_overridden(problems, change.override)
            place(appt, proposal, problems, change.override)
            return self._finish(session, appt, "change", before)

    def preview(self, appointment_id: int, change: Change) -> list[Violation]:
        """The rules ``change`` would break, without changing anything or taking the write
        lock: what a drag in the window shows before the drop."""
        try:
            with self.db.read() as session:
                catalog = load_catalog(session)
                world = SessionWorld(session, catalog, self.now())
                appt = self._load(session, appointment_id, change.expected_version)
                return check(_changed(session, catalog, appt, change), world)
        except Refused as refused:
            return list(refused.violations)
        except BadInput as bad:
            return [Violation("bad-input", bad.field or "", str(bad))]

    def move(self, appointment_id: int, start: datetime, **kw) -> AppointmentView:
        return self.change(appointment_id, Change(start=start, **kw))

    def resize(self, appointment_id: int, minutes: int, **kw) -> AppointmentView:
        return self.change(appointment_id, Change(minutes=minutes, **kw))

    def reassign(self, appointment_id: int, *, therapist_id: int | None = None,
                 room_id: int | None = None, **kw) -> AppointmentView:
        return self.change(appointment_id, Change(therapist_id=therapist_id, room_id=room_id, **kw))

    def cancel(self, appointment_id: int, reason: str, *, late: bool = False,
               expected_version: int | None = None) -> AppointmentView:
        status = Status.LATE_CANCEL if late else Status.CANCELLED
        return self.set_status(appointment_id, status, reason=reason,
                               expected_version=expected_version)

    def set_status(self, appointment_id: int, status: Status, *, reason: str = "",
                   expected_version: int | None = None, override: str = "") -> AppointmentView:
        return self.set_statuses([appointment_id], status, reason=reason,
                                 expected_version=expected_version, override=override)[0]

    def set_statuses(self, appointment_ids: list[int], status: Status, *, reason: str = "",
                     expected_version: int | None = None,
                     override: str = "") -> list[AppointmentView]:
        """Give every appointment of ``appointment_ids`` the same status, all or nothing
        (a series cancelled from one visit on)."""
        status = Status(status)
        reason = check_text(reason, 300, "reason")
        override = check_text(override, 500, "override")
        if status in NEEDS_REASON and not reason.strip():
            raise BadInput(f"a reason is needed to mark an appointment {status.label}", "reason")
        with self._write() as session:
            catalog, world = self._begin(session)
            return [self._set_status_in(session, catalog, world, i, status, reason,
                                        expected_version, override)
                    for i in appointment_ids]

    def _set_status_in(self, session: Session, catalog: Catalog, world, appointment_id: int,
                       status: Status, reason: str, expected_version: int | None,
                       override: str) -> AppointmentView:
        appt = self._load(session, appointment_id, expected_version)
        current = Status(appt.status)
        problem = transition_problem(current, status)
        if problem:
            raise Refused([Violation("transition", "status", problem)])
        too_early = {Status.NO_SHOW: timedelta(0), Status.COMPLETED: timedelta(0),
                     Status.IN_SESSION: timedelta(minutes=30)}
        if status in too_early and appt.starts_at - too_early[status] > world.now:
            raise Refused([Violation("transition", "status",
                                     f"a visit that has not started cannot be {status.label}")])
        before = audit.snapshot(appt)
        if status.occupies_time and not current.occupies_time:
            # Coming back from a cancellation: the slot may have been taken since, and a
            # visit that is over cannot be booked again.
            if appt.ends_at <= world.now:
                raise Refused([Violation("in-past", "start",
                                         "the visit is over; book a new one instead")])
            proposal = Proposal(
                appt.starts_at, appt.ends_at,
                _get(catalog.services, appt.service_id, "service"),
                _get(catalog.therapists, appt.therapist_id, "therapist"),
                _get(catalog.rooms, appt.room_id, "room"),
                _client(session, appt.client_id), replaces=appt.id,
                original_start=appt.starts_at,
            )
            _refuse_unless_overridden(check(proposal, world), override)
            _apply_override(appt, proposal, world, override)
            appt.therapist_until = proposal.therapist_until
            appt.room_until = proposal.room_until
            appt.cancel_reason = ""
        if status in NEEDS_REASON:
            appt.cancel_reason = reason.strip()
        appt.status = status.value
        return self._finish(session, appt, f"status:{status.value}", before)

    # -- plumbing ---------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A write transaction; the database's own room guard, should it ever fire beneath
        the rules, is reported as the refusal it is rather than as a crash."""
        try:
            with self.db.write() as session:
                yield session
        except exc.IntegrityError as error:
            if "double-booked" not in str(error.orig):
                raise
            raise Refused([Violation("room-taken", "room",
                                     "the room is taken at that time")]) from None

    def _begin(self, session: Session) -> tuple[Catalog, SessionWorld]:
        # On PostgreSQL this row lock serializes booking transactions; SQLite's
        # BEGIN IMMEDIATE already has (FOR UPDATE is not rendered there).
        session.execute(select(m.Clinic.id).with_for_update()).all()
        catalog = load_catalog(session)
        return catalog, SessionWorld(session, catalog, self.now())

    def _load(self, session: Session, appointment_id: int,
              expected_version: int | None) -> m.Appointment:
        appt = session.get(m.Appointment, appointment_id)
        if appt is None:
            raise BadInput(f"no appointment #{appointment_id}", "appointment")
        if expected_version is not None and appt.version != expected_version:
            tz = load_catalog(session).clinic.tz
            raise StaleEdit(
                f"appointment #{appt.id} was changed by {appt.updated_by or 'someone'} at "
                f"{clock.format_local(appt.updated_at, tz)} since you opened it; "
                "look again before changing it"
            )
        return appt

    def _finish(self, session: Session, appt: m.Appointment, action: str,
                before: dict) -> AppointmentView:
        appt.version += 1
        appt.updated_at = self.now()
        appt.updated_by = self.actor
        audit.record(session, actor=self.actor, at=appt.updated_at, action=action, row=appt,
                     before=before)
        return self._view(session, appt.id)

    @staticmethod
    def _view(session: Session, appointment_id: int) -> AppointmentView:
        """What this transaction has just written, as the front ends see it."""
        view = schedule.appointment(session, appointment_id)
        assert view is not None  # written in this very transaction
        return view


def check_text(text: str, limit: int, field: str) -> str:
    """Trimmed ``text``, or BadInput when it is longer than its column holds."""
    text = (text or "").strip()
    if len(text) > limit:
        raise BadInput(f"{field} is too long ({len(text)} characters; at most {limit})", field)
    return text


def _check_minutes(minutes: int) -> None:
    if minutes <= 0:
        raise BadInput(f"the appointment ends before it starts ({minutes} minutes long)", "end")
    if minutes > MAX_LENGTH.total_seconds() // 60:
        raise BadInput("an appointment cannot last over 12 hours", "end")


def _get(items: dict, key: int, kind: str):
    try:
        return items[key]
    except KeyError:
        raise BadInput(f"no {kind} #{key}", kind) from None


def _changed(session: Session, catalog: Catalog, appt: m.Appointment,
             change: Change) -> Proposal:
    """The proposal ``change`` makes of ``appt`` (Refused when its status forbids a change)."""
    status = Status(appt.status)
    if status not in MOVABLE:
        raise Refused([Violation("not-movable", "status",
                                 f"a {status.label} appointment cannot be changed")])
    service = _get(catalog.services, appt.service_id, "service")
    start = change.start or appt.starts_at
    minutes = (change.minutes if change.minutes is not None
               else int((appt.ends_at - appt.starts_at).total_seconds() // 60))
    _check_minutes(minutes)
    return Proposal(
        start, start + timedelta(minutes=minutes), service,
        _get(catalog.therapists, change.therapist_id or appt.therapist_id, "therapist"),
        _get(catalog.rooms, change.room_id or appt.room_id, "room"),
        _client(session, appt.client_id), replaces=appt.id, original_start=appt.starts_at,
    )


def _client(session: Session, client_id: int | None) -> ClientInfo | None:
    if client_id is None:
        return None
    name = session.scalar(select(m.Client.name).where(m.Client.id == client_id))
    if name is None:
        raise BadInput(f"no client #{client_id}", "client")
    return ClientInfo(client_id, name)


def _cautions(session: Session, service, client_id: int) -> list[str]:
    """The client's flags ``service`` is advised against (none read when it has no cautions)."""
    if not service.cautions:
        return []
    flags = [f for f, _note in clients.flags_of(session, client_id)]
    return contraindications.conflicts(service.cautions, flags)


def _price(session: Session, service_id: int) -> int:
    return session.scalar(select(m.Service.price_cents).where(m.Service.id == service_id)) or 0


def _refuse_unless_overridden(problems: list[Violation], override: str) -> None:
    """Hard rules always refuse; soft ones refuse unless a reason to book over them is given."""
    if not problems:
        return
    if any(not v.soft for v in problems) or not override.strip():
        raise Refused(problems)


def place(appt: m.Appointment, proposal: Proposal, problems: list[Violation],
          override: str) -> None:
    """Put ``appt`` where ``proposal`` says, with the soft rules ``problems`` booked over."""
    appt.starts_at, appt.ends_at = proposal.start, proposal.end
    appt.therapist_until, appt.room_until = proposal.therapist_until, proposal.room_until
    appt.therapist_id, appt.room_id = proposal.therapist.id, proposal.room.id
    _record_override(appt, problems, override)


def _apply_override(appt: m.Appointment, proposal: Proposal, world, override: str) -> None:
    """Record which soft rules were booked over, and why (cleared when none are)."""
    _record_override(appt, check(proposal, world), override)


def _record_override(appt: m.Appointment, problems: list[Violation], override: str) -> None:
    if problems:
        appt.override_reason = override.strip()
        appt.overridden = "; ".join(v.message for v in problems)[:1000]
    else:
        appt.override_reason = appt.overridden = ""

