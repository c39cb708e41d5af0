"""The web bookings the LatePoint import could not take, kept for the receptionist: each
with the booking engine's reason, until it is resolved at the desk (see
:mod:`frontdesk.services.latepoint`, which keeps them and tries them again at each import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.services import permits


@dataclass(frozen=True)
class Waiting:
    """A web booking the import could not take (or a website change it could not apply),
    as the receptionist's list shows it."""

    id: int
    web_id: str
    row: int
    start: datetime
    minutes: int
    service: str
    therapist: str
    customer: str
    phone: str
    email: str
    reason: str
    #: The visit in the book a refused change concerns (None: never booked).
    appointment_id: int | None
    #: Our service and therapist the website's names stand for (what the editor opens with).
    service_id: int | None = None
    therapist_id: int | None = None

    def as_json(self, tz) -> dict:
        return {"id": self.web_id, "row": self.row, "start": clock.iso(self.start, tz),
                "minutes": self.minutes, "service": self.service,
                "therapist": self.therapist, "customer": self.customer,
                "phone": self.phone, "email": self.email, "reason": self.reason,
                "appointment": self.appointment_id}


def waiting(session: Session) -> list[Waiting]:
    """The refused web bookings still to resolve, soonest first."""
    from frontdesk.domain.text import fold
    from frontdesk.services.latepoint import name_map

    w, names = m.WebBooking, name_map(session)
    return [Waiting(r.id, r.web_id, r.row_number, r.starts_at, r.minutes, r.service,
                    r.therapist, r.customer, r.phone, r.email, r.reason, r.appointment_id,
                    names.get(("service", fold(r.service))),
                    names.get(("therapist", fold(r.therapist))))
            for r in session.scalars(select(w).where(w.state == "refused")
                                     .order_by(w.starts_at, w.id))]


def resolve(db: Database, waiting_id: int) -> None:
    """The receptionist has dealt with a refused web booking by hand (booked it elsewhere,
    called the client): it leaves the list, and a later import leaves it alone unless the
    website changes it again."""
    with db.write() as session:
        permits.require(session, Action.BOOK)
        row = session.get(m.WebBooking, waiting_id)
        if row is None or row.state != "refused":
            raise BadInput("that web booking is no longer waiting to be resolved", "web")
        row.state = "resolved"
