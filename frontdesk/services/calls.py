"""Tomorrow's confirmation calls: who to ring, on which number, about what.

The list holds every visit of the day still to be confirmed or already confirmed (cancelled
ones are not called), in time order. Ticking one marks the appointment confirmed through the
booking engine; unticking puts it back to booked. :func:`as_html` is the printable sheet (a
plain HTML table, so the window prints it with Qt's own printing and a test reads it back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from sqlalchemy.orm import Session

from frontdesk.domain import clock
from frontdesk.domain.status import Status
from frontdesk.domain.text import client_label
from frontdesk.services import clients, schedule

#: The statuses a confirmation call is about.
TO_CALL = (Status.BOOKED, Status.CONFIRMED)


@dataclass(frozen=True)
class Call:
    appointment_id: int
    version: int
    start: datetime
    client_id: int | None
    client: str
    phones: tuple[str, ...]
    service: str
    therapist: str
    room: str
    confirmed: bool
    alert: str

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""


def calls_for(session: Session, day: date, tz) -> list[Call]:
    """The day's visits to confirm by phone (booked or confirmed), in time order."""
    rows = [a for a in schedule.days(session, day, 1, tz, include_cancelled=False)
            if a.status in TO_CALL and clock.to_local(a.start, tz).date() == day]
    phones = clients.phones_of(session, (a.client_id for a in rows
                                         if a.client_id is not None))
    return [Call(a.id, a.version, a.start, a.client_id, client_label(a.client),
                 tuple(phones.get(a.client_id, ()) if a.client_id is not None else ()),
                 a.service, a.therapist, a.room,
                 a.status == Status.CONFIRMED, a.client_alert) for a in rows]


def as_html(calls: list[Call], day: date, tz, clinic: str) -> str:
    """The printable call sheet: one row per call with a box to tick by hand."""
    rows = "".join(
        f"<tr><td>{'&#9745;' if c.confirmed else '&#9744;'}</td>"
        f"<td>{clock.to_local(c.start, tz):%H:%M}</td><td>{escape(c.client)}</td>"
        f"<td>{escape(', '.join(c.phones) or '-')}</td><td>{escape(c.service)}</td>"
        f"<td>{escape(c.therapist)}</td><td>{escape(c.alert)}</td></tr>" for c in calls)
    done = sum(c.confirmed for c in calls)
    return (
        f"<html><head><meta charset='utf-8'><title>Calls {day}</title></head><body>"
        f"<h2>{escape(clinic)}: confirmation calls for {day:%A %d %B %Y}</h2>"
        f"<p>{len(calls)} to call, {done} confirmed</p>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        "<tr><th></th><th>Time</th><th>Client</th><th>Phone</th><th>Service</th>"
        f"<th>Therapist</th><th>Alert</th></tr>{rows}</table></body></html>")
