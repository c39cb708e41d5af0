"""Creating the clinic and its fixed parts (rooms, services, therapists)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.services import audit, zone_change

#: Opening hours of a new clinic until someone sets its own: weekdays 9-20, Sat 9-17, Sun 10-16.
DEFAULT_OPENING = (
    [(d, time(9), time(20)) for d in range(5)] + [(5, time(9), time(17)), (6, time(10), time(16))]
)


def init_clinic(db: Database, name: str | None = None, timezone: str | None = None,
                actor: str = "setup", keep: str | None = None) -> m.Clinic:
    """Create the clinic's settings row if there is none; change name or zone if given
    (on a book with visits, ``keep`` says how: :mod:`frontdesk.services.zone_change`)."""
    if timezone is not None:
        clock.zone(timezone)
    if name is not None and not name.strip():
        raise BadInput("the clinic needs a name", "name")
    with db.write() as session:
        db.lock_book(session)  # desks starting a new book at once make one clinic row
        clinic = put_clinic(session, name, timezone, actor, keep)
        session.expunge(clinic)
        return clinic


def put_clinic(session, name: str | None, timezone: str | None, actor: str,
               keep: str | None = None) -> m.Clinic:
    """init_clinic's writing, in a write transaction that holds the book
    (:meth:`~frontdesk.db.engine.Database.lock_book`), for callers that write more in it."""
    clinic = session.scalars(select(m.Clinic).order_by(m.Clinic.id)).first()
    before = audit.snapshot(clinic) if clinic is not None else None
    if clinic is None:
        clinic = m.Clinic(id=1, name=(name or "My Clinic").strip(),
                          timezone=timezone or "America/New_York", country="US",
                          slot_minutes=15)
        clinic.opening_hours = [m.OpeningHours(weekday=d, opens=o, closes=c)
                                for d, o, c in DEFAULT_OPENING]
        session.add(clinic)
    else:
        if name is not None:
            clinic.name = name.strip()
        if timezone is not None:
            zone_change.rezone(session, clinic, timezone, keep)
    session.flush()
    if before != audit.snapshot(clinic):  # a repeated init changes nothing, not even this
        audit.record(session, actor=actor, at=clock.utcnow(), action="init", row=clinic,
                     before=before)
    return clinic


def ensure_clinic(db: Database) -> None:
    """Give a new database its clinic row; an existing one is only read (no write lock)."""
    with db.read() as session:
        if session.scalar(select(m.Clinic.id).limit(1)) is not None:
            return
    init_clinic(db)


@dataclass(frozen=True)
class FirstStart:
    """What the first-start screen may do to a database without a clinic: set one up, or
    fill it with the demo. The screen gets this, not the database."""

    db: Database
    actor: str = "desk"

    def create(self, name: str, timezone: str, opening, *, manager: str = "",
               password: str = "", again: str | None = None) -> None:
        """Set up the clinic; with ``manager`` (and ``password``, typed ``again``) also its
        first account, a manager's, who is then signed in: the book has staff accounts
        from its first day. Everything is checked before anything is written."""
        from frontdesk.domain import access
        from frontdesk.domain.access import Role
        from frontdesk.services import accounts, admin  # they build on this module

        if manager.strip() or password:
            try:
                access.check_name(manager)
            except BadInput as error:  # the form's field is the manager's, not the clinic's
                raise BadInput(str(error), "manager") from None
            access.check_password(password)
            if again is not None and again != password:
                raise BadInput("the two passwords differ", "again")
        actor = access.check_name(manager) if manager.strip() else self.actor
        init_clinic(self.db, name=name, timezone=timezone, actor=actor)
        admin.set_opening_hours(self.db, opening, actor=actor)
        if manager.strip():  # last: a refusal above leaves no account behind to retry into
            accounts.add(self.db, manager, Role.MANAGER, password)
            accounts.sign_in(self.db, manager, password)

    def demo(self):
        from frontdesk.services.demo import build_demo

        return build_demo(self.db, "small")
