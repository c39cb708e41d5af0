"""Booking, moving, resizing, reassigning, cancelling and status changes.

Every change runs in one write transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: the
clinic row is locked ``FOR UPDATE``), in which the rules are checked against what is booked at
that moment and the change and its audit entry are written. Two desks booking the same slot
at once are therefore serialized: one books, the other is refused with a reason.

The steps themselves (choose a therapist and room, check, write, audit) are
:class:`~frontdesk.services.booking_session.BookingSession`'s; :meth:`Bookings.transaction`
hands one to a use case that places several visits in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exc

from frontdesk.db import guard
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.rules import Proposal
from frontdesk.domain.status import NEEDS_REASON, Source, Status
from frontdesk.services import party, permits, withdrawal
from frontdesk.services.booking_session import BookingSession
from frontdesk.services.catalog import Catalog, shared_catalog
from frontdesk.services.guard_refusal import Tripped, refusal, watch
from frontdesk.services.schedule import AppointmentView


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
    #: A couples service's other clients and therapists (see :class:`Partner`); the ones
    #: not given are booked unnamed with the first free qualified therapist.
    partners: tuple[Partner, ...] = ()


@dataclass(frozen=True)
class Partner:
    """The second client (and their therapist) of a couples booking: the client by card,
    new, or unnamed; the therapist named, or the first free and qualified one."""

    client_id: int | None = None
    therapist_id: int | None = None
    new_client: NewClient | None = None
    #: The desk has read this client's own contraindication warning: the first client's
    #: acknowledgement never covers another's.
    acknowledge: bool = False


@dataclass(frozen=True)
class NewClient:
    name: str
    phone: str = ""
    email: str = ""
    #: Make the card although one like it exists (same phone or e-mail, similar name);
    #: without it the booking is refused with DuplicateClient naming that card.
    allow_duplicate: bool = False


@dataclass(frozen=True)
class Change:
    """A change to an existing appointment: its time, length, therapist or room, its client
    or service, its notes or source. None (and ``False``) leaves a part as it is; what may
    change while the visit is in its status is :func:`frontdesk.domain.status.edit_problem`'s
    question. A new service brings its own length unless ``minutes`` is given."""

    start: datetime | None = None
    minutes: int | None = None
    therapist_id: int | None = None
    room_id: int | None = None
    override: str = ""
    expected_version: int | None = None
    client_id: int | None = None
    #: Create this client in the same transaction and give the visit to them (a walk-in
    #: named once they are at the desk); nothing is kept if the change is refused.
    new_client: NewClient | None = None
    #: Take the client off the visit: only what undoing the naming of a walk-in asks.
    no_client: bool = False
    service_id: int | None = None
    notes: str | None = None
    source: Source | None = None
    #: The desk has read the contraindication warning for the new client or service.
    acknowledge: bool = False


class Bookings:
    """The booking engine's entry point for every front end.

    ``actor`` is recorded on every change; ``now`` is the clock (tests pass a fixed one).
    """

    def __init__(self, db: Database, actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow):
        self.db = db
        self.actor = (actor or "desk")[:100]
        self.now = now

    def _catalog(self, session) -> Catalog:
        """The catalogue kept for this database, read again only after a set-up change
        (every search and booking starts here: see catalog.CatalogKeeper)."""
        return shared_catalog(self.db, session)

    @contextmanager
    def transaction(self, clients: Iterable[int] = ()) -> Iterator[BookingSession]:
        """A write transaction with the booking lock taken, for a use case that places
        several visits at once (a series): each visit placed through the session is checked
        against the book as the earlier ones left it, and the whole is committed when the
        block ends (rolled back if it raises). This is the one way in besides the calls
        below. The database's own double-booking guard, should it ever fire beneath the
        rules, rolls it back and is told as the engine's refusal naming the clash
        (:mod:`frontdesk.services.guard_refusal`), never as a database error.
        ``clients``: the cards the block will need, read before the lock is taken."""
        try:
            with self.db.write() as session:
                writing = watch(session)
                try:
                    yield BookingSession(session, actor=self.actor, now=self.now, lock=True,
                                         read_catalog=self._catalog, clients=clients)
                    session.flush()
                except exc.IntegrityError as error:
                    kind = guard.tripped(error)
                    if kind is None:
                        raise
                    raise Tripped(kind, list(writing)) from None
        except Tripped as tripped:
            with self.db.read() as session:
                raise refusal(session, self._catalog(session), self.now(),
                              tripped) from None

    @contextmanager
    def _judging(self) -> Iterator[BookingSession]:
        """A read session for previews: no lock, nothing written."""
        with self.db.read() as session:
            yield BookingSession(session, actor=self.actor, now=self.now,
                                 read_catalog=self._catalog)

    # -- new appointments -------------------------------------------------------------

    def book(self, req: BookingRequest) -> AppointmentView:
        """Book ``req``; a couples service books its whole party (the first visit is
        returned: :meth:`book_party` returns them all)."""
        return self.book_party(req)[0]

    def book_party(self, req: BookingRequest) -> list[AppointmentView]:
        """Book ``req`` and, for a couples service, its partners (``req.partners``) with it
        in one transaction: all the visits, or none."""
        check_text(req.override, 500, "override")
        check_text(req.notes, 5000, "notes")
        cards = [i for i in (req.client_id, *(p.client_id for p in req.partners)) if i]
        with self.transaction(clients=cards) as tx:
            if tx.get("service", req.service_id).party_size > 1:
                return [tx.written(a) for a in party.book(tx, req)]
            if req.partners:
                raise BadInput(f"{tx.get('service', req.service_id).name} is not a couples "
                               "service: book one client", "client")
            appt = tx.book(req, tx.client_for(req))
            return [tx.written(appt)]

    def cautions(self, service_id: int, client_id: int | None) -> list[str]:
        """The client's flags ``service_id`` is advised against: what the editor warns of."""
        if client_id is None:
            return []
        with self._judging() as bs:
            return bs.cautions(bs.get("service", service_id), client_id)

    def judge(self, req: BookingRequest) -> tuple[Proposal | None, list[Violation]]:
        """What booking ``req`` would give (the therapist and room it would take) and every
        rule in its way, without writing or taking the write lock: a series' preview."""
        try:
            with self._judging() as bs:
                return bs.judge(req)
        except Refused as refused:
            return None, list(refused.violations)
        except BadInput as bad:
            return None, [Violation("bad-input", bad.field or "", str(bad))]

    # -- changes ----------------------------------------------------------------------

    def change(self, appointment_id: int, change: Change) -> AppointmentView:
        """Move, resize, reassign, give another client or service, or write the notes or
        source (any of them at once); every rule is re-checked when the visit's place in
        the book (or its client or service) changes."""
        check_text(change.override, 500, "override")
        check_text(change.notes or "", 5000, "notes")
        with self.transaction() as tx:
            return tx.change(appointment_id, change)

    def withdraw(self, appointment_id: int, expected_version: int | None = None) -> None:
        """Take a booking just made out of the book, as if never made (the audit trail keeps
        it): what undoing a booking does. See :mod:`frontdesk.services.withdrawal`."""
        with self.transaction() as tx:
            permits.require(tx.session, Action.BOOK)
            withdrawal.withdraw(tx, appointment_id, expected_version)

    def reinstate(self, appointment_id: int) -> AppointmentView:
        """Put a withdrawn booking back under its own number, every rule checked again."""
        with self.transaction() as tx:
            permits.require(tx.session, Action.BOOK)
            return withdrawal.reinstate(tx, appointment_id)

    def preview(self, appointment_id: int, change: Change) -> list[Violation]:
        """The rules ``change`` would break, without changing anything or taking the write
        lock: what a drag in the window shows before the drop."""
        try:
            with self._judging() as bs:
                appt = bs.load(appointment_id, change.expected_version)
                if appt.party_id is not None:  # its partners move with it
                    return party.preview(bs, appt, change)
                return bs.check(bs.changed(appt, change))
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
        with self.transaction() as tx:
            return [tx.set_status(i, status, reason, expected_version, override)
                    for i in appointment_ids]


def check_text(text: str, limit: int, field: str) -> str:
    """Trimmed ``text``, or BadInput when it is longer than its column holds."""
    text = (text or "").strip()
    if len(text) > limit:
        raise BadInput(f"{field} is too long ({len(text)} characters; at most {limit})", field)
    return text
