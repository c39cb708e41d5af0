"""Importing the website's LatePoint bookings into the book, through the booking engine.

The whole file is one unit of work: one write transaction of the booking engine
(:meth:`Bookings.transaction`, its lock held from the first row to the commit), in which
each row is booked, moved or cancelled with its LatePoint ID beside it (``web_bookings``)
inside a savepoint of its own. A row the engine refuses (its rules, or the database's
double-booking guard beneath them, told as the engine's refusal) rolls back to its savepoint
alone, and its refusal is written down in the same transaction; the rows after it go on.
Whatever stops the import before its end (the window's Cancel between rows, Ctrl+C, a lost
server) rolls the whole transaction back: the book is as it was, and the file imported again
starts afresh. The price: every other desk's booking waits for the import's commit (the
README says how long a file takes).

Each row gets a fresh :class:`BookingSession` on the shared transaction, so nothing it
keeps (the cards it read, the visits around a time) outlives a row that was rolled back.

A row is matched on LatePoint's ID:

* new (or refused before): booked like any desk booking (the rules, a room chosen by the
  engine, the client found by phone or e-mail or made with the cards' duplicate check);
  cancelled rows and visits already over are not booked (``skipped``: the book takes no
  new visits in the past).
* taken: what the *website* changed since the last import (its time, length, service, agent
  or status) is applied to the visit; a change made at the desk is left alone.
* refused by the engine (a clash with a desk booking, no room free, a similar client card):
  kept, with the engine's reason, in the list the receptionist resolves
  (:func:`waiting`), and tried again at the next import. Never dropped, never booked over.

Service and agent names are matched to ours by name (case and accents aside), or by the
mapping the clinic gave once (``web_names``, :func:`remember`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exc, select
from sqlalchemy.orm import Session

from frontdesk.db import guard
from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.latepoint_fields import web_status
from frontdesk.domain.names import email_key, near_identical
from frontdesk.domain.status import Source, Status, status_problem
from frontdesk.domain.text import fold, normalise_phone
from frontdesk.services import permits
from frontdesk.services.booking import BookingRequest, Bookings, Change, NewClient
from frontdesk.services.booking_session import BookingSession
from frontdesk.services.guard_refusal import Tripped, refusal, watch
from frontdesk.services.latepoint_file import WebRow

KINDS = ("service", "therapist")
#: (kind, folded name) -> the id of our service or therapist of that name.
Names = dict[tuple[str, str], int]


@dataclass(frozen=True)
class RowResult:
    """What became of one row: ``outcome`` is booked, moved, cancelled, status, unchanged,
    skipped or refused; ``message`` says it in words (a refusal: the engine's reasons)."""

    row: int
    web_id: str
    outcome: str
    message: str
    start: datetime
    appointment_id: int | None = None

    @property
    def refused(self) -> bool:
        return self.outcome == "refused"

    def as_json(self, tz) -> dict:
        return {"row": self.row, "id": self.web_id, "outcome": self.outcome,
                "message": self.message, "start": clock.iso(self.start, tz),
                "appointment": self.appointment_id}


@dataclass
class Report:
    results: list[RowResult] = field(default_factory=list)
    #: Stopped before the end (Cancel): everything rolled back, ``results`` empty.
    stopped: bool = False
    total: int = 0
    #: The rows gone through when it was stopped (none of them kept).
    reached: int = 0

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.results)

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.results if r.refused]

    def summary(self) -> str:
        if self.stopped:
            return (f"stopped after {self.reached} of {self.total} rows: nothing was "
                    "imported (the book is as it was)")
        parts = [f"{self.count(o)} {o}" for o in
                 ("booked", "moved", "cancelled", "status", "unchanged", "skipped", "refused")
                 if self.count(o)]
        return f"{self.total} row{'s' * (self.total != 1)}: {', '.join(parts) or 'nothing to do'}"


# -- names ----------------------------------------------------------------------------------

def unknown_names(db: Database, rows: list[WebRow]) -> dict[str, list[str]]:
    """The website's service and agent names the book cannot match, by kind: each needs a
    mapping (:func:`remember`) before the import."""
    with db.read() as session:
        known = name_map(session)
    out: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for row in rows:
        for kind, name in (("service", row.service), ("therapist", row.agent)):
            if name and (kind, fold(name)) not in known and name not in out[kind]:
                out[kind].append(name)
    return out


def remember(db: Database, kind: str, web_name: str, our_name: str,
             actor: str = "desk") -> str:
    """Map the website's ``web_name`` to our service or therapist ``our_name`` (a name as
    the command line takes it) from now on; returns our full name."""
    if kind not in KINDS:
        raise BadInput(f"no kind of name {kind!r}", "kind")
    web_name = " ".join((web_name or "").split())
    if not web_name or len(web_name) > 200:
        raise BadInput("say the website's name before the '='", kind)
    with db.write() as session:
        permits.require(session, Action.BOOK)
        from frontdesk.services.catalog import load_catalog

        catalog = load_catalog(session)
        ours = catalog.service(our_name) if kind == "service" else catalog.therapist(our_name)
        row = session.scalar(select(m.WebName).where(m.WebName.kind == kind,
                                                     m.WebName.web_key == fold(web_name)))
        if row is None:
            session.add(m.WebName(kind=kind, web_key=fold(web_name), web_name=web_name,
                                  target_id=ours.id))
        else:
            row.web_name, row.target_id = web_name, ours.id
        return ours.name


def name_map(session: Session) -> Names:
    """(kind, folded name) -> id: our own names, then the mappings (which win)."""
    out = {("service", fold(n)): i for i, n in session.execute(
        select(m.Service.id, m.Service.name))}
    out |= {("therapist", fold(n)): i for i, n in session.execute(
        select(m.Therapist.id, m.Therapist.name))}
    out |= {(k, key): i for k, key, i in session.execute(
        select(m.WebName.kind, m.WebName.web_key, m.WebName.target_id))}
    return out


# -- the import -----------------------------------------------------------------------------

class _Stopped(Exception):
    """Cancel between rows: raised inside the import's transaction to roll it back."""


def run(db: Database, rows: list[WebRow], *, actor: str = "desk",
        now: Callable[[], datetime] = clock.utcnow,
        progress: Callable[[int, int], bool] | None = None) -> Report:
    """Import ``rows`` in one transaction (see the module's doc); ``progress(done, total)``
    is called after each row, and stops the import, rolling everything back, when it
    returns False. BadInput before any row when a service or agent name is unknown (see
    :func:`unknown_names`). Ctrl+C or a lost server inside: raised, nothing written."""
    missing = unknown_names(db, rows)
    if any(missing.values()):
        raise BadInput(unknown_message(missing), "service" if missing["service"] else
                       "therapist")
    bookings = Bookings(db, actor=actor, now=now)
    with db.read() as session:  # before the lock: the less it holds, the better
        names = name_map(session)
        lengths = dict(session.execute(select(m.Service.id, m.Service.minutes)).all())
        tz = clock.zone(session.scalar(select(m.Clinic.timezone)) or "UTC")
    report = Report(total=len(rows))
    try:
        with bookings.transaction() as tx:
            writing = watch(tx.session)
            for done, row in enumerate(rows, 1):
                minutes = row.minutes or lengths[names[("service", fold(row.service))]]
                report.results.append(_import_row(tx, writing, row, minutes, names, tz))
                if progress is not None and not progress(done, len(rows)) and done < len(rows):
                    report.reached = done
                    raise _Stopped
    except _Stopped:
        report.results.clear()
        report.stopped = True
    return report


def unknown_message(missing: dict[str, list[str]]) -> str:
    options = {"service": "--map-service", "therapist": "--map-therapist"}
    what = {"service": "service", "therapist": "agent (therapist)"}
    parts = [f"the website's {what[k]} {', '.join(repr(n) for n in names)} "
             f"{'is' if len(names) == 1 else 'are'} not known here: say which of ours "
             f"with {options[k]} \"{names[0]}=OUR NAME\""
             for k, names in missing.items() if names]
    return "; ".join(parts) + " (remembered for later imports)"


def _import_row(tx: BookingSession, writing: list, row: WebRow, minutes: int, names: Names,
                tz) -> RowResult:
    """One row in a savepoint of the import's transaction ``tx``; a refusal rolls back to
    it and is written down after it. ``writing``: what the last flush wrote (the guard's)."""
    session = tx.session
    try:
        start = clock.to_instant(row.start, tz)
    except BadInput as bad:
        return _refuse(session, row, row.start.replace(tzinfo=tz), minutes, None, str(bad))
    try:
        try:
            with session.begin_nested():
                here = BookingSession(session, actor=tx.actor, now=tx.now,
                                      read_catalog=lambda _session: tx.catalog)
                result = _apply(here, row, start, minutes, names)
                session.flush()  # the database's guard speaks now, inside the savepoint
            return result
        except exc.IntegrityError as error:  # rolled back to the savepoint already
            kind = guard.tripped(error)
            if kind is None:
                raise
            raise refusal(session, tx.catalog, tx.now(), Tripped(kind, list(writing))) \
                from None
    except (Refused, BadInput) as error:  # the engine's no: kept; a lost server is raised
        link = _link(session, row.web_id)
        return _refuse(session, row, start, minutes, link.appointment_id if link else None,
                       str(error))


def _apply(tx: BookingSession, row: WebRow, start: datetime, minutes: int,
           names: Names) -> RowResult:
    session = tx.session
    link = _link(session, row.web_id)
    service_id = names[("service", fold(row.service))]
    therapist_id = names.get(("therapist", fold(row.agent))) if row.agent else None
    wanted = row.status.status
    appt = session.get(m.Appointment, link.appointment_id) if link and \
        link.appointment_id else None

    def result(outcome: str, message: str, appointment_id: int | None = None) -> RowResult:
        return RowResult(row.number, row.web_id, outcome, message, start, appointment_id)

    if link is not None and link.state == "resolved":
        if _same(link, row, start, minutes):
            return result("unchanged", "resolved at the desk before", link.appointment_id)
        raise BadInput("changed on the website since it was resolved at the desk: look at "
                       "it again")
    if link is not None and link.state == "taken" and appt is None:
        return result("skipped", "taken out of the book at the desk")
    if appt is None:  # new, or refused before: book it
        if wanted in (Status.CANCELLED, Status.LATE_CANCEL):
            _write_link(session, link, row, start, minutes, "resolved" if link else None)
            return result("skipped", "cancelled on the website")
        if start < tx.world.now:
            return result("skipped", "over already: the book takes no new visits in the "
                          "past")
        client_id, new = _client(session, row, tx.catalog.clinic.country)
        req = BookingRequest(service_id=service_id, start=start, therapist_id=therapist_id,
                             minutes=minutes, source=Source.WEB, notes=_notes(row),
                             client_id=client_id, new_client=new)
        made = tx.book(req, tx.client_for(req))
        _write_link(session, link, row, start, minutes, "taken", made.id)
        return result("booked", "booked", made.id)
    # In the book: apply what the website changed (a refused change: what differs).
    assert link is not None  # a visit is found through its link
    base = _WebState.of_visit(appt) if link.state == "refused" else \
        _WebState.of_link(link, names)
    outcome, message = "unchanged", "no change on the website"
    current = Status(appt.status)
    if wanted in (Status.CANCELLED, Status.LATE_CANCEL):
        if current.occupies_time and base.status != wanted:
            tx.set_status(appt.id, Status.CANCELLED, "cancelled on the website", None, "")
            outcome, message = "cancelled", "cancelled on the website"
    else:
        if not current.occupies_time and base.status in (Status.CANCELLED, Status.LATE_CANCEL):
            tx.set_status(appt.id, Status.BOOKED, "", None, "")
            outcome, message = "status", "booked again on the website"
        change = Change(
            start=start if start != base.start else None,
            minutes=minutes if minutes != base.minutes else None,
            service_id=service_id if service_id != base.service_id else None,
            therapist_id=therapist_id if therapist_id and therapist_id != base.therapist_id
            else None)
        if change != Change():
            tx.change(appt.id, change)
            outcome, message = "moved", "changed on the website: " + ", ".join(
                p for p, v in (("time", change.start), ("length", change.minutes),
                               ("service", change.service_id),
                               ("therapist", change.therapist_id)) if v is not None)
        if wanted != base.status and wanted in (Status.NO_SHOW, Status.COMPLETED):
            # The desk keeps its own record of who came: the website's no-show or
            # completion is taken only where the book's own steps allow it now.
            if status_problem(Status(appt.status), wanted, appt.starts_at, appt.ends_at,
                              tx.world.now) is None:
                tx.set_status(appt.id, wanted, "", None, "")
                outcome, message = "status", f"marked {wanted.label} on the website"
            elif outcome == "unchanged":
                message = (f"the website marks it {wanted.label}; the book keeps its own "
                           f"status ({Status(appt.status).label})")
    _write_link(session, link, row, start, minutes, "taken", appt.id)
    return result(outcome, message, appt.id)


@dataclass(frozen=True)
class _WebState:
    """What the book last took from the website for a visit (or, after a refused change,
    the visit as it stands): the parts a newer file is compared with."""

    start: datetime
    minutes: int
    service_id: int | None
    therapist_id: int | None
    status: Status

    @classmethod
    def of_visit(cls, appt: m.Appointment) -> _WebState:
        return cls(appt.starts_at, int((appt.ends_at - appt.starts_at).total_seconds() // 60),
                   appt.service_id, appt.therapist_id, Status(appt.status))

    @classmethod
    def of_link(cls, link: m.WebBooking, names: Names) -> _WebState:
        return cls(link.starts_at, link.minutes, names.get(("service", fold(link.service))),
                   names.get(("therapist", fold(link.therapist))),
                   web_status(link.web_status).status)


def _same(link: m.WebBooking, row: WebRow, start: datetime, minutes: int) -> bool:
    return (link.starts_at == start and link.minutes == minutes and link.service == row.service
            and link.therapist == row.agent and link.web_status == row.status.label)


def _client(session: Session, row: WebRow, country: str) -> tuple[int | None, NewClient | None]:
    """The card the row's customer has (same phone in E.164, else same e-mail), or a new
    one to make (the cards' duplicate check then refuses one like an existing card)."""
    c, p = m.Client, m.ClientPhone
    try:
        number = normalise_phone(row.phone, country) if row.phone else None
    except BadInput:
        number = None  # a number no phone has: matched and kept by the e-mail alone
    alive = (c.active.is_(True), c.merged_into_id.is_(None))
    if number is not None:
        found = session.execute(select(c.id, c.name).join(p, p.client_id == c.id).where(
            p.e164 == number[0], p.digits == number[1], *alive).order_by(c.id)).all()
        if found:
            named = [i for i, name in found if near_identical(name, row.customer)]
            return (named or [found[0][0]])[0], None
    key = email_key(row.email)
    if key:
        found_id = session.scalar(select(c.id).where(c.email_key == key, *alive).order_by(c.id))
        if found_id is not None:
            return found_id, None
    if not row.customer:
        return None, None
    return None, NewClient(row.customer, phone=row.phone if number else "",
                           email=row.email if "@" in row.email else "")


def _notes(row: WebRow) -> str:
    extra = row.status.note
    return f"Web booking (LatePoint #{row.web_id})" + (f"; {extra}" if extra else "")


def _link(session: Session, web_id: str) -> m.WebBooking | None:
    return session.scalar(select(m.WebBooking).where(m.WebBooking.web_id == web_id))


def _write_link(session: Session, link: m.WebBooking | None, row: WebRow, start: datetime,
                minutes: int, state: str | None, appointment_id: int | None = None,
                reason: str = "") -> None:
    """Keep the row as the website has it, and what became of it (``state`` None: a row
    nothing was kept for, e.g. a cancelled web booking never in the book)."""
    if state is None:
        return
    if link is None:
        link = m.WebBooking(web_id=row.web_id)
        session.add(link)
    link.appointment_id, link.state, link.reason = appointment_id, state, reason[:1000]
    link.row_number, link.starts_at, link.minutes = row.number, start, minutes
    link.service, link.therapist, link.customer = row.service, row.agent, row.customer
    link.phone, link.email, link.web_status = row.phone, row.email, row.status.label[:60]
    link.price_cents, link.imported_at = row.price_cents, clock.utcnow()
    session.flush()


def _refuse(session: Session, row: WebRow, start: datetime, minutes: int,
            appointment_id: int | None, reason: str) -> RowResult:
    """Keep a refused row for the receptionist (in the import's transaction)."""
    _write_link(session, _link(session, row.web_id), row, start, minutes, "refused",
                appointment_id, reason)
    return RowResult(row.number, row.web_id, "refused", reason, start, appointment_id)
