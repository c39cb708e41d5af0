"""Reading the book: appointments as flat, immutable rows for views, lists and exports.

Rows are read with one Core query (no ORM objects, nothing lazy), because a day view, the
command line and an export want names and times, not live entities.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.length import MAX_LENGTH
from frontdesk.domain.status import CANCELLATIONS, Status
from frontdesk.services import permits


class AppointmentView(NamedTuple):
    """One appointment as every reader shows it. A named tuple, not a dataclass: a busy day
    builds hundreds of them per view switch, and tuples are made several times faster."""

    id: int
    start: datetime
    end: datetime
    status: Status
    therapist_id: int
    therapist: str
    room_id: int
    room: str
    service_id: int
    service: str
    client_id: int | None
    client: str
    client_alert: str
    source: str
    notes: str
    override_reason: str
    overridden: str
    cancel_reason: str
    therapist_until: datetime
    room_until: datetime
    version: int
    #: The client carries contraindication flags (which ones: clients' own records).
    client_flagged: bool = False
    #: The standing appointment this visit belongs to (None for a one-off).
    series_id: int | None = None
    #: The couples session (party) this visit is one of (None for a visit alone).
    party_id: int | None = None

    def as_json(self, tz) -> dict:
        return {
            "id": self.id,
            "start": clock.iso(self.start, tz),
            "end": clock.iso(self.end, tz),
            "status": self.status.value,
            "therapist": self.therapist,
            "room": self.room,
            "service": self.service,
            "client": self.client,
            "client_id": self.client_id,
            "source": self.source,
            "notes": self.notes,
            "override_reason": self.override_reason,
            "overridden": self.overridden,
            "cancel_reason": self.cancel_reason,
            "version": self.version,
            "series_id": self.series_id,
            "party_id": self.party_id,
        }


#: Whether the client has any contraindication flag: an indexed look-up per row. Not
#: ``EXISTS``: PostgreSQL's planner may run that as a hashed subplan, reading and hashing
#: every client's flags (thousands) for each day shown, which cost a day's read more than
#: half again; a scalar look-up with LIMIT is always the probe per row, on both engines.
_FLAGGED = (select(literal_column("1")).where(m.ClientFlag.client_id == m.Appointment.client_id)
            .limit(1).scalar_subquery().is_not(None).label("client_flagged"))


def view_query():
    """The select every appointment reader builds on (add a where clause; read with to_view)."""
    a = m.Appointment
    return (
        select(a.id, a.starts_at, a.ends_at, a.status, a.therapist_id, m.Therapist.name,
               a.room_id, m.Room.name, a.service_id, m.Service.name, a.client_id,
               m.Client.name, m.Client.alert, a.source, a.notes, a.override_reason, a.overridden,
               a.cancel_reason, a.therapist_until, a.room_until, a.version, _FLAGGED,
               a.series_id, a.party_id)
        .join(m.Therapist, m.Therapist.id == a.therapist_id)
        .join(m.Room, m.Room.id == a.room_id)
        .join(m.Service, m.Service.id == a.service_id)
        .outerjoin(m.Client, m.Client.id == a.client_id)
    )


_STATUS = {s.value: s for s in Status}


def to_view(r) -> AppointmentView:
    return AppointmentView(
        r[0], r[1], r[2], _STATUS[r[3]], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
        r[11] or "", r[12] or "", r[13], r[14], r[15], r[16], r[17], r[18], r[19], r[20],
        bool(r[21]), r[22], r[23],
    )


def screened(session: Session, views: list[AppointmentView]) -> list[AppointmentView]:
    """``views`` as the signed-in account may see them: to a therapist, the alert and
    contraindication mark of clients not theirs and the notes of visits not theirs are
    withheld (blank). Anyone else sees them as they are, at no cost."""
    staff = permits.therapist(session)
    if staff is None or not views:
        return views
    hidden = permits.hidden_clients(session, (v.client_id for v in views))
    out = []
    for v in views:
        if v.client_id in hidden:
            v = v._replace(client_alert="", client_flagged=False)
        if v.therapist_id != staff.therapist_id and v.notes:
            v = v._replace(notes="")
        out.append(v)
    return out


def as_written(appt: m.Appointment, therapist: str, room: str, service: str, *,
               client: str = "", alert: str = "", flagged: bool = False) -> AppointmentView:
    """The view of a visit just written (flushed) by this program, made from the row in
    memory and the names it was written with, as :func:`appointment` would read it back."""
    return AppointmentView(
        appt.id, appt.starts_at.astimezone(UTC), appt.ends_at.astimezone(UTC),
        _STATUS[appt.status], appt.therapist_id, therapist, appt.room_id, room,
        appt.service_id, service, appt.client_id, client, alert, appt.source, appt.notes,
        appt.override_reason, appt.overridden, appt.cancel_reason,
        appt.therapist_until.astimezone(UTC), appt.room_until.astimezone(UTC), appt.version,
        flagged, appt.series_id, appt.party_id)


def appointment(session: Session, appointment_id: int) -> AppointmentView | None:
    row = session.execute(view_query().where(m.Appointment.id == appointment_id)).first()
    return screened(session, [to_view(row)])[0] if row else None


def between(session: Session, start: datetime, end: datetime, *,
            therapist_id: int | None = None, room_id: int | None = None,
            include_cancelled: bool = True) -> list[AppointmentView]:
    """Appointments overlapping [start, end), in time order.

    The lower bound on ``starts_at`` (no appointment is longer than MAX_LENGTH) lets the
    database use the start index instead of scanning every row that ends after ``start``.
    """
    q = _between_query(therapist_id is not None, room_id is not None, include_cancelled)
    params: dict[str, object] = {"start": start, "end": end, "earliest": start - MAX_LENGTH}
    if therapist_id is not None:
        params["therapist_id"] = therapist_id
    if room_id is not None:
        params["room_id"] = room_id
    return screened(session, [to_view(r) for r in session.connection().execute(q, params).all()])


@cache
def _between_query(by_therapist: bool, by_room: bool, include_cancelled: bool):
    """The statement of :func:`between`, built once per combination of filters (eight at
    most): building it costs a third of a day's read, the bound values change, it does not."""
    a = m.Appointment
    q = view_query().where(a.starts_at < bindparam("end"), a.starts_at > bindparam("earliest"),
                           a.ends_at > bindparam("start"))
    if by_therapist:
        q = q.where(a.therapist_id == bindparam("therapist_id"))
    if by_room:
        q = q.where(a.room_id == bindparam("room_id"))
    if not include_cancelled:
        q = q.where(a.status.not_in([s.value for s in CANCELLATIONS]))
    return q.order_by(a.starts_at, m.Therapist.name)


def days(session: Session, first: date, count: int, tz, **filters) -> list[AppointmentView]:
    """Appointments on ``count`` local days from ``first`` (each day 23, 24 or 25 hours)."""
    start, _ = clock.day_bounds(first, tz)
    _, end = clock.day_bounds(first + timedelta(days=count - 1), tz)
    return between(session, start, end, **filters)


def starts_between(session: Session, start: datetime, end: datetime
                   ) -> list[tuple[datetime, int]]:
    """(start instant, how many) of active appointments in [start, end), grouped by instant
    in the database: a busy clinic starts dozens of visits on each quarter hour, so this is a
    fraction of the rows, and enough to mark busy days in any time zone."""
    a = m.Appointment
    active = [s.value for s in Status if s.occupies_time]
    q = (select(a.starts_at, func.count()).where(a.starts_at >= start, a.starts_at < end,
                                                 a.status.in_(active))
         .group_by(a.starts_at))
    return [(r[0], r[1]) for r in session.execute(q)]


def by_ids(session: Session, ids: list[int]) -> dict[int, AppointmentView]:
    """Appointments by id, in one query (a change notice names only a few)."""
    if not ids:
        return {}
    rows = session.connection().execute(view_query().where(m.Appointment.id.in_(ids)))
    return {v.id: v for v in screened(session, [to_view(r) for r in rows])}


def partners(session: Session, views: list[AppointmentView]
             ) -> dict[int, list[AppointmentView]]:
    """The other visits of each of ``views``' couples sessions, by the visit's number
    (visits of no party left out), read in one query: what "with <partner>" names."""
    wanted = {v.party_id for v in views if v.party_id is not None}
    if not wanted:
        return {}
    rows = screened(session, [to_view(r) for r in session.execute(
        view_query().where(m.Appointment.party_id.in_(wanted)).order_by(m.Appointment.id))])
    return {v.id: [p for p in rows if p.party_id == v.party_id and p.id != v.id]
            for v in views if v.party_id is not None}


def with_partners(others: list[AppointmentView]) -> str:
    """"with Zoë Brontë (Ben)": a couples visit's partners as the book names them (an
    unnamed client as "a guest": :data:`frontdesk.domain.text.GUEST` in a sentence)."""
    if not others:
        return ""
    return "with " + ", ".join(f"{p.client or 'a guest'} ({p.therapist})" for p in others)
