"""The booking engine at work inside one database session: every step of a booking or a change.

:class:`frontdesk.services.booking.Bookings` is the front door: each of its calls opens a
session, takes the lock when it writes, and runs the steps below. A use case that places
several visits in one write transaction (a series, "this and following") opens the same
session with :meth:`Bookings.transaction` and calls the steps itself, so its visits are
checked and written exactly as single bookings are: the rules, the override record, the
audit entry and the version number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock, contraindications
from frontdesk.domain.access import Action, status_action
from frontdesk.domain.errors import BadInput, Refused, StaleEdit, Violation
from frontdesk.domain.party import alone as alone_problem
from frontdesk.domain.rules import ClientInfo, Proposal, RoomInfo, ServiceInfo, TherapistInfo, check
from frontdesk.domain.status import (
    NEEDS_REASON,
    PLACING,
    Source,
    Status,
    status_problem,
)
from frontdesk.services import audit, clients, party, permits, schedule
from frontdesk.services.booking_checks import (
    check_minutes,
    parts_changed,
    record_override,
    refuse_fixed_parts,
    refuse_unless_overridden,
)
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.services.choosing import choose
from frontdesk.services.clients import Card
from frontdesk.services.schedule import AppointmentView
from frontdesk.services.world import SessionWorld

if TYPE_CHECKING:
    from frontdesk.services.booking import BookingRequest, Change, NewClient


class BookingSession:
    """The catalogue and the book as the rules see them in ``session``, and the steps that
    check and write visits there.

    With ``lock`` the session must be a write transaction; the lock that serializes booking
    transactions is taken before the book is read (PostgreSQL: the clinic row ``FOR UPDATE``;
    SQLite's ``BEGIN IMMEDIATE`` already has it), so what the rules see stays true until
    commit. Without it the session only judges (a preview), and nothing may be written.

    Read before the lock, so that the locked part of a booking (which every other desk's
    booking waits for) is short: the catalogue and the cards of ``clients``. The lock does
    not guard them (set-up and card changes do not take it), so reading them a wait earlier
    promises nothing less than reading them after it; what the lock guards, the book itself
    and the visits to change, is read only after it.
    """

    def __init__(self, session: Session, *, actor: str, now: Callable[[], datetime],
                 lock: bool = False,
                 read_catalog: Callable[[Session], Catalog] = load_catalog,
                 clients: Iterable[int] = ()):
        self.session = session
        self.actor = actor
        self.now = now
        # read_catalog: the kept catalogue of Bookings (catalog.shared_catalog) by default
        # there; read before anything is written.
        self.catalog: Catalog = read_catalog(session)
        self._cards: dict[int, Card] = {}
        self.cards(clients)
        if lock:
            permits.signed_in(session)  # whether anyone must be: asked before the lock
            session.execute(_LOCK).all()
        self.world = SessionWorld(session, self.catalog, now())
        #: Partners given a status with their party's visit in this transaction.
        self.with_party: set[int] = set()

    # -- new appointments -------------------------------------------------------------

    def client_for(self, req: BookingRequest) -> int | None:
        """The request's client id, creating the new client it names (in this transaction)."""
        if req.new_client is None:
            return req.client_id
        return self.new_client(req.new_client)

    def new_client(self, nc: NewClient) -> int:
        """A client created in this transaction (gone again if the transaction is refused)."""
        return clients.new_client(self.session, nc.name, phone=nc.phone, email=nc.email,
                                  country=self.catalog.clinic.country, actor=self.actor,
                                  at=self.now(), allow_duplicate=nc.allow_duplicate).id

    def book(self, req: BookingRequest, client_id: int | None,
             series_id: int | None = None, *, party_id: int | None = None,
             exclude: frozenset[int] = frozenset()) -> m.Appointment:
        """Check and write one new appointment for ``client_id`` (see :meth:`client_for`);
        Refused (nothing written) when a rule says no and no override covers it. A visit of
        a party (``party_id``; :mod:`frontdesk.services.party` books the whole) takes none
        of the therapists ``exclude`` unnamed."""
        permits.require(self.session, Action.BOOK)
        service = self.get("service", req.service_id)
        minutes = req.minutes if req.minutes is not None else service.minutes
        check_minutes(minutes)
        client = self.client(client_id)
        acknowledged = self.acknowledged(service, client, req.acknowledge)
        if single := alone_problem(service, party_id):
            raise Refused(single)
        proposal, problems = choose(self, req, service, client,
                                    req.start + timedelta(minutes=minutes),
                                    party_id=party_id, exclude=exclude)
        at = self.now()
        appt = m.Appointment(
            id=next_id(self.session), client_id=client_id, service_id=service.id,
            therapist_id=proposal.therapist.id, room_id=proposal.room.id,
            starts_at=proposal.start, ends_at=proposal.end,
            therapist_until=proposal.therapist_until, room_until=proposal.room_until,
            status=Status.BOOKED.value, source=Source(req.source).value,
            notes=req.notes.strip(), price_cents=self._price(service.id),
            series_id=series_id, party_id=party_id, cautions_acknowledged=acknowledged,
            created_at=at, created_by=self.actor, updated_at=at, updated_by=self.actor,
            version=1,
        )
        record_override(appt, problems, req.override)
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
        check_minutes(minutes)
        return choose(self, req, service, self.client(req.client_id),
                      req.start + timedelta(minutes=minutes))

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
        return contraindications.conflicts(service.cautions,
                                           [f for f, _note in self.card(client_id).flags])

    # -- changes to existing appointments ---------------------------------------------

    def load(self, appointment_id: int, expected_version: int | None = None) -> m.Appointment:
        """The appointment to change; StaleEdit when it is no longer the version expected."""
        appt = self.session.get(m.Appointment, appointment_id)
        if appt is None and expected_version is not None:  # the desk had it open
            raise StaleEdit(f"appointment #{appointment_id} was taken out of the book since "
                            "you opened it", appointment_id)
        if appt is None:
            raise BadInput(f"no appointment #{appointment_id}", "appointment")
        if expected_version is not None and appt.version != expected_version:
            raise StaleEdit(
                f"appointment #{appt.id} was changed by {appt.updated_by or 'someone'} at "
                f"{clock.format_local(appt.updated_at, self.catalog.clinic.tz)} since you "
                "opened it; look again before changing it", appt.id,
                changed_by=appt.updated_by or "", changed_at=appt.updated_at)
        return appt

    def changed(self, appt: m.Appointment, change: Change,
                client_id: int | None = None) -> Proposal:
        """The proposal ``change`` makes of ``appt`` (Refused when its status forbids a part
        it changes); the rules are not asked yet (see :meth:`check`). ``client_id`` is the
        new client a change names by card (:meth:`change` creates a new one first)."""
        refuse_fixed_parts(appt, change)
        service = self.get("service", change.service_id or appt.service_id)
        start = change.start or appt.starts_at
        if change.minutes is not None:
            minutes = change.minutes
        elif service.id != appt.service_id:  # a new service brings its own length
            minutes = service.minutes
        else:
            minutes = int((appt.ends_at - appt.starts_at).total_seconds() // 60)
        check_minutes(minutes)
        client = (None if change.no_client else
                  self.client(client_id or change.client_id or appt.client_id))
        return Proposal(
            start, start + timedelta(minutes=minutes), service,
            self.get("therapist", change.therapist_id or appt.therapist_id),
            self.get("room", change.room_id or appt.room_id),
            client, replaces=appt.id, original_start=appt.starts_at, party_id=appt.party_id,
        )

    def change(self, appointment_id: int, change: Change, *,
               alone: bool = False) -> AppointmentView:
        """Change one visit in this transaction. A change of its place, client or service
        re-checks every rule against the book as the earlier steps of the transaction left
        it (a new client or service also the contraindication warning); notes and source
        alone are written as they are. A visit of a party moves with its partners (see
        :func:`frontdesk.services.party.change`) unless ``alone`` (that function's steps)."""
        permits.require(self.session, Action.BOOK)
        appt = self.load(appointment_id, change.expected_version)
        if appt.party_id is not None and not alone:
            return party.change(self, appt, change)
        before = audit.snapshot(appt)
        changed = parts_changed(appt, change)
        refuse_fixed_parts(appt, change)
        if changed & PLACING:
            client_id = (self.new_client(change.new_client)
                         if change.new_client is not None else None)
            proposal = self.changed(appt, change, client_id)
            if single := alone_problem(proposal.service, appt.party_id, appt.id):
                raise Refused(single)
            if changed & {"client", "service"}:
                appt.cautions_acknowledged = self.acknowledged(
                    proposal.service, proposal.client, change.acknowledge)
            problems = self.check(proposal)
            refuse_unless_overridden(problems, change.override)
            self.place(appt, proposal, problems, change.override)
        if change.notes is not None:
            appt.notes = change.notes.strip()
        if change.source is not None:
            appt.source = Source(change.source).value
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
        appt.client_id = proposal.client.id if proposal.client else None
        if proposal.service.id != appt.service_id:
            appt.service_id = proposal.service.id
            appt.price_cents = self._price(proposal.service.id)
        record_override(appt, problems, override)

    def set_status(self, appointment_id: int, status: Status, reason: str,
                   expected_version: int | None, override: str, *,
                   alone: bool = False) -> AppointmentView:
        """Give one appointment ``status`` (the step, its timing and, coming back from a
        cancellation, every booking rule are checked); the reason is kept for cancellations.
        A therapist may set their own visits' statuses, not cancel them. A cancellation of
        a party's visit (and the way back) is the whole party's, unless ``alone``; a
        partner given it already in this transaction is left as it is."""
        permits.require_on_visit(self.session, status_action(status), appointment_id)
        if appointment_id in self.with_party and expected_version is None:
            appt = self.load(appointment_id)
            if appt.status == status.value:
                return self.view(appt.id)
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
                party_id=appt.party_id,
            )
            problems = check(proposal, self.world)
            refuse_unless_overridden(problems, override)
            record_override(appt, problems, override)
            appt.therapist_until = proposal.therapist_until
            appt.room_until = proposal.room_until
            appt.cancel_reason = ""
        if status in NEEDS_REASON:
            appt.cancel_reason = reason.strip()
        if appt.party_id is not None and not alone:
            self.with_party.update(party.set_status(self, appt, status, reason, override))
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

    def written(self, appt: m.Appointment) -> AppointmentView:
        """A visit this transaction has just booked (flushed), as :meth:`view` would read it
        back, made from what the session knows instead: the catalogue's names and the card
        read for the rules. A booking's locked part ends with its write."""
        card = self.card(appt.client_id) if appt.client_id is not None else None
        return schedule.as_written(
            appt, self.catalog.therapists[appt.therapist_id].name,
            self.catalog.rooms[appt.room_id].name, self.catalog.services[appt.service_id].name,
            client=card.name if card else "", alert=card.alert if card else "",
            flagged=bool(card and card.flags))

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
        return ClientInfo(client_id, self.card(client_id).name)

    def card(self, client_id: int) -> Card:
        """The card of ``client_id`` (read once a session); BadInput when there is none."""
        found = self._cards.get(client_id) or self.cards([client_id]).get(client_id)
        if found is None:
            raise BadInput(f"no client #{client_id}", "client")
        return found

    def cards(self, client_ids: Iterable[int]) -> dict[int, Card]:
        """The cards of ``client_ids`` not read yet, in one query, kept for the session."""
        wanted = {i for i in client_ids if i is not None and i not in self._cards}
        if wanted:
            self._cards |= clients.cards(self.session, wanted)
        return self._cards

    def _price(self, service_id: int) -> int:
        price = self.catalog.prices.get(service_id)
        return price if price is not None else self.session.scalar(
            select(m.Service.price_cents).where(m.Service.id == service_id)) or 0


#: The booking lock (PostgreSQL; on SQLite the write transaction holds it already).
_LOCK = select(m.Clinic.id).with_for_update()


def next_id(session: Session) -> int | None:
    """The number for a new appointment on SQLite, past every number ever given (which the
    audit trail remembers), or None to let the database choose. SQLite would otherwise
    give the number of a withdrawn booking at the end of the table to the next one, and
    its redo, its audit history and a phone's calendar would meet a stranger under it.
    PostgreSQL's sequences never give a number twice."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    audited = session.scalar(select(func.max(m.AuditEntry.entity_id))
                             .where(m.AuditEntry.entity == m.Appointment.__tablename__)) or 0
    stored = session.scalar(select(func.max(m.Appointment.id))) or 0
    return audited + 1 if audited > stored else None
