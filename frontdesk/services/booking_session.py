"""The booking engine at work inside one database session: every step of a booking or a change.

:class:`frontdesk.services.booking.Bookings` is the front door: each of its calls opens a
session, takes the lock when it writes, and runs the steps below. A use case that places
several visits in one write transaction (a series, "this and following") opens the same
session with :meth:`Bookings.transaction` and calls the steps itself, so its visits are
checked and written exactly as single bookings are: the rules, the override record, the
audit entry and the version number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock, contraindications
from frontdesk.domain.errors import BadInput, Refused, StaleEdit, Violation
from frontdesk.domain.length import minutes_violation
from frontdesk.domain.rules import ClientInfo, Proposal, RoomInfo, ServiceInfo, TherapistInfo, check
from frontdesk.domain.status import MOVABLE, NEEDS_REASON, Source, Status, status_problem
from frontdesk.services import audit, clients, schedule
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.services.schedule import AppointmentView
from frontdesk.services.world import SessionWorld

if TYPE_CHECKING:
    from frontdesk.services.booking import BookingRequest, Change


class BookingSession:
    """The catalogue and the book as the rules see them in ``session``, and the steps that
    check and write visits there.

    With ``lock`` the session must be a write transaction; the lock that serializes booking
    transactions is taken before anything is read (PostgreSQL: the clinic row ``FOR UPDATE``;
    SQLite's ``BEGIN IMMEDIATE`` already has it), so what the rules see stays true until
    commit. Without it the session only judges (a preview), and nothing may be written.
    """

    def __init__(self, session: Session, *, actor: str, now: Callable[[], datetime],
                 lock: bool = False,
                 read_catalog: Callable[[Session], Catalog] = load_catalog):
        if lock:
            session.execute(select(m.Clinic.id).with_for_update()).all()
        self.session = session
        self.actor = actor
        self.now = now
        # read_catalog: the kept catalogue of Bookings (catalog.shared_catalog) by default
        # there; read after the lock and before anything is written.
        self.catalog: Catalog = read_catalog(session)
        self.world = SessionWorld(session, self.catalog, now())

    # -- new appointments -------------------------------------------------------------

    def client_for(self, req: BookingRequest) -> int | None:
        """The request's client id, creating the new client it names (in this transaction)."""
        if req.new_client is None:
            return req.client_id
        nc = req.new_client
        return clients.new_client(self.session, nc.name, phone=nc.phone, email=nc.email,
                                  country=self.catalog.clinic.country, actor=self.actor,
                                  at=self.now(), allow_duplicate=nc.allow_duplicate).id

    def book(self, req: BookingRequest, client_id: int | None,
             series_id: int | None = None) -> m.Appointment:
        """Check and write one new appointment for ``client_id`` (see :meth:`client_for`);
        Refused (nothing written) when a rule says no and no override covers it."""
        service = self.get("service", req.service_id)
        minutes = req.minutes if req.minutes is not None else service.minutes
        _check_minutes(minutes)
        client = self.client(client_id)
        acknowledged = self.acknowledged(service, client, req.acknowledge)
        proposal = self.choose(req, service, client, req.start + timedelta(minutes=minutes))
        at = self.now()
        appt = m.Appointment(
            client_id=client_id, service_id=service.id,
            therapist_id=proposal.therapist.id, room_id=proposal.room.id,
            starts_at=proposal.start, ends_at=proposal.end,
            therapist_until=proposal.therapist_until, room_until=proposal.room_until,
            status=Status.BOOKED.value, source=Source(req.source).value,
            notes=req.notes.strip(), price_cents=self._price(service.id),
            series_id=series_id, cautions_acknowledged=acknowledged,
            created_at=at, created_by=self.actor, updated_at=at, updated_by=self.actor,
            version=1,
        )
        _record_override(appt, check(proposal, self.world), req.override)
        self.session.add(appt)
        audit.record(self.session, actor=self.actor, at=at, action="book", row=appt)
        if req.waitlist_id is not None:
            self.drop_waitlist(req.waitlist_id)
        return appt

    def judge(self, req: BookingRequest) -> tuple[Proposal, list[Violation]]:
        """The proposal booking ``req`` would make and every rule in its way (Refused or
        BadInput when there is not even a proposal); nothing is written."""
        service = self.get("service", req.service_id)
        minutes = req.minutes if req.minutes is not None else service.minutes
        _check_minutes(minutes)
        p = self.choose(req, service, self.client(req.client_id),
                        req.start + timedelta(minutes=minutes))
        return p, check(p, self.world)

    def drop_waitlist(self, entry_id: int) -> None:
        """Remove a waitlist entry that has just been booked (gone already: nothing to do)."""
        entry = self.session.get(m.WaitlistEntry, entry_id)
        if entry is not None:
            before = audit.snapshot(entry)
            self.session.delete(entry)
            audit.record(self.session, actor=self.actor, at=self.now(),
                         action="waitlist:booked", entity=m.WaitlistEntry.__tablename__,
                         entity_id=entry_id, before=before)

    def acknowledged(self, service: ServiceInfo, client: ClientInfo | None,
                     acknowledge: bool) -> str:
        """The contraindications booked over ("" when none); refused unless acknowledged."""
        if client is None:
            return ""
        found = self.cautions(service, client.id)
        if found and not acknowledge:
            warning = contraindications.warning(service.name, client.name, found)
            raise Refused([Violation(
                "contraindicated", "client", warning + "; acknowledge the warning to book",
                detail=warning, client_id=client.id, client=client.name)])
        return "; ".join(found)[:300]

    def cautions(self, service: ServiceInfo, client_id: int) -> list[str]:
        """The client's flags ``service`` is advised against (none read when it has none)."""
        if not service.cautions:
            return []
        flags = [f for f, _note in clients.flags_of(self.session, client_id)]
        return contraindications.conflicts(service.cautions, flags)

    def choose(self, req: BookingRequest, service: ServiceInfo, client: ClientInfo | None,
               end: datetime) -> Proposal:
        """The proposal to book: the one asked for, or the first free therapist and room."""
        catalog, world = self.catalog, self.world
        therapists = ([self.get("therapist", req.therapist_id)]
                      if req.therapist_id is not None else
                      [t for t in catalog.therapists.values()
                       if t.active and service.id in t.service_ids])
        rooms = ([self.get("room", req.room_id)] if req.room_id is not None else
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
        assert first is not None  # there was at least one therapist and one room
        problems = first[1]
        if req.therapist_id is not None and req.room_id is not None:
            raise Refused(problems)
        # What no other therapist or room would change (the client is elsewhere, the time is
        # past or the clinic closed) is the whole answer.
        general = [v for v in problems if v.field not in ("therapist", "room")]
        if general:
            raise Refused(general)
        raise Refused([Violation("nothing-free", "start", free_msg), *problems])

    # -- changes to existing appointments ---------------------------------------------

    def load(self, appointment_id: int, expected_version: int | None = None) -> m.Appointment:
        """The appointment to change; StaleEdit when it is no longer the version expected."""
        appt = self.session.get(m.Appointment, appointment_id)
        if appt is None:
            raise BadInput(f"no appointment #{appointment_id}", "appointment")
        if expected_version is not None and appt.version != expected_version:
            raise StaleEdit(
                f"appointment #{appt.id} was changed by {appt.updated_by or 'someone'} at "
                f"{clock.format_local(appt.updated_at, self.catalog.clinic.tz)} since you "
                "opened it; look again before changing it", appt.id)
        return appt

    def changed(self, appt: m.Appointment, change: Change) -> Proposal:
        """The proposal ``change`` makes of ``appt`` (Refused when its status forbids a
        change); the rules are not asked yet (see :meth:`check`)."""
        status = Status(appt.status)
        if status not in MOVABLE:
            raise Refused([Violation("not-movable", "status",
                                     f"a {status.label} appointment cannot be changed",
                                     appointment_id=appt.id)])
        service = self.get("service", appt.service_id)
        start = change.start or appt.starts_at
        minutes = (change.minutes if change.minutes is not None
                   else int((appt.ends_at - appt.starts_at).total_seconds() // 60))
        _check_minutes(minutes)
        return Proposal(
            start, start + timedelta(minutes=minutes), service,
            self.get("therapist", change.therapist_id or appt.therapist_id),
            self.get("room", change.room_id or appt.room_id),
            self.client(appt.client_id), replaces=appt.id, original_start=appt.starts_at,
        )

    def change(self, appointment_id: int, change: Change) -> AppointmentView:
        """Move, resize or reassign one visit in this transaction, every rule re-checked
        against the book as the earlier steps of the transaction left it."""
        appt = self.load(appointment_id, change.expected_version)
        before = audit.snapshot(appt)
        proposal = self.changed(appt, change)
        problems = self.check(proposal)
        refuse_unless_overridden(problems, change.override)
        self.place(appt, proposal, problems, change.override)
        return self.finish(appt, "change", before)

    def check(self, proposal: Proposal) -> list[Violation]:
        """Every rule ``proposal`` breaks against the book as this session sees it."""
        return check(proposal, self.world)

    def place(self, appt: m.Appointment, proposal: Proposal, problems: list[Violation],
              override: str) -> None:
        """Put ``appt`` where ``proposal`` says, with the soft rules ``problems`` booked over
        for ``override`` (the caller has refused whatever may not be booked over)."""
        appt.starts_at, appt.ends_at = proposal.start, proposal.end
        appt.therapist_until, appt.room_until = proposal.therapist_until, proposal.room_until
        appt.therapist_id, appt.room_id = proposal.therapist.id, proposal.room.id
        _record_override(appt, problems, override)

    def set_status(self, appointment_id: int, status: Status, reason: str,
                   expected_version: int | None, override: str) -> AppointmentView:
        """Give one appointment ``status`` (the step, its timing and, coming back from a
        cancellation, every booking rule are checked); the reason is kept for cancellations."""
        appt = self.load(appointment_id, expected_version)
        current = Status(appt.status)
        problem = status_problem(current, status, appt.starts_at, appt.ends_at,
                                 self.world.now, appt.id)
        if problem:
            raise Refused([problem])
        before = audit.snapshot(appt)
        if status.occupies_time and not current.occupies_time:
            # Coming back from a cancellation: the slot may have been taken since.
            proposal = Proposal(
                appt.starts_at, appt.ends_at, self.get("service", appt.service_id),
                self.get("therapist", appt.therapist_id), self.get("room", appt.room_id),
                self.client(appt.client_id), replaces=appt.id, original_start=appt.starts_at,
            )
            problems = check(proposal, self.world)
            refuse_unless_overridden(problems, override)
            _record_override(appt, problems, override)
            appt.therapist_until = proposal.therapist_until
            appt.room_until = proposal.room_until
            appt.cancel_reason = ""
        if status in NEEDS_REASON:
            appt.cancel_reason = reason.strip()
        appt.status = status.value
        return self.finish(appt, f"status:{status.value}", before)

    def finish(self, appt: m.Appointment, action: str, before: dict) -> AppointmentView:
        """Stamp a changed appointment (version, who, when), audit it against ``before``
        (:func:`audit.snapshot` taken before the change) and return it as the book shows it."""
        appt.version += 1
        appt.updated_at = self.now()
        appt.updated_by = self.actor
        audit.record(self.session, actor=self.actor, at=appt.updated_at, action=action,
                     row=appt, before=before)
        return self.view(appt.id)

    # -- look-ups ---------------------------------------------------------------------

    def view(self, appointment_id: int) -> AppointmentView:
        """An appointment this transaction has written, as the book shows it."""
        view = schedule.appointment(self.session, appointment_id)
        assert view is not None  # written in this very transaction
        return view

    def get(self, kind: str, key: int):
        """The catalogue's service, therapist or room ``key``; BadInput naming it if none."""
        by_kind: dict[str, Mapping[int, ServiceInfo | TherapistInfo | RoomInfo]] = {
            "service": self.catalog.services, "therapist": self.catalog.therapists,
            "room": self.catalog.rooms}
        items = by_kind[kind]
        try:
            return items[key]
        except KeyError:
            raise BadInput(f"no {kind} #{key}", kind) from None

    def client(self, client_id: int | None) -> ClientInfo | None:
        if client_id is None:
            return None
        name = self.session.scalar(select(m.Client.name).where(m.Client.id == client_id))
        if name is None:
            raise BadInput(f"no client #{client_id}", "client")
        return ClientInfo(client_id, name)

    def _price(self, service_id: int) -> int:
        return self.session.scalar(
            select(m.Service.price_cents).where(m.Service.id == service_id)) or 0


def refuse_unless_overridden(problems: list[Violation], override: str) -> None:
    """Hard rules always refuse; soft ones refuse unless a reason to book over them is given."""
    if not problems:
        return
    if any(not v.soft for v in problems) or not override.strip():
        raise Refused(problems)


def _check_minutes(minutes: int) -> None:
    problem = minutes_violation(minutes)
    if problem:
        raise BadInput(problem.message, problem.field)


def _record_override(appt: m.Appointment, problems: list[Violation], override: str) -> None:
    """Record which soft rules were booked over, and why (cleared when none are)."""
    if problems:
        appt.override_reason = override.strip()
        appt.overridden = "; ".join(v.message for v in problems)[:1000]
    else:
        appt.override_reason = appt.overridden = ""
