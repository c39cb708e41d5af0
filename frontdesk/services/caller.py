"""Who is calling? Any part of a phone number or of a name, and what the desk needs to know.

A caller often gives only the last four digits of their number, or a first name. Each card
holds what a receptionist asks next: when the client comes next and came last, how often
they did not show or cancelled late, and the alert and contraindications the therapist must
know. Everything is read with a few index look-ups for all the cards at once, so a lookup
answers within a keystroke on a book of 100,000 clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.domain.rules import MAX_LENGTH
from frontdesk.domain.status import Status
from frontdesk.domain.text import display_phone
from frontdesk.services import clients, schedule
from frontdesk.services.client_record import OPEN
from frontdesk.services.schedule import AppointmentView


@dataclass(frozen=True)
class CallerCard:
    id: int
    name: str
    phones: tuple[str, ...]
    email: str
    alert: str
    flags: tuple[str, ...]
    next: AppointmentView | None
    last: AppointmentView | None  # the latest visit that has started, whatever became of it
    no_shows: int
    late_cancels: int
    visits: int

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""


def lookup(session: Session, text: str, now: datetime, limit: int = 8) -> list[CallerCard]:
    """Clients matching ``text`` (name prefix, or three or more digits anywhere at the start
    or end of a number), each with the facts the desk asks about."""
    found = clients.search(session, text, limit=limit)
    if not found:
        return []
    ids = [c.id for c in found]
    a = m.Appointment
    conn = session.connection()
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    for client_id, status, n in conn.execute(
            select(a.client_id, a.status, func.count()).where(a.client_id.in_(ids))
            .group_by(a.client_id, a.status)):
        counts[client_id][status] = n
    full = {c.id: c for c in session.scalars(
        select(m.Client).where(m.Client.id.in_(ids)).options(selectinload(m.Client.phones)))}
    open_ = [s.value for s in OPEN]
    out = []
    for c in found:
        nxt = conn.execute(schedule.view_query().where(
            a.client_id == c.id, a.status.in_(open_), a.ends_at > now,
            a.starts_at > now - MAX_LENGTH).order_by(a.starts_at, a.id).limit(1)).first()
        last = conn.execute(schedule.view_query().where(
            a.client_id == c.id, a.starts_at <= now)
            .order_by(a.starts_at.desc(), a.id.desc()).limit(1)).first()
        n = counts[c.id]
        client = full[c.id]
        out.append(CallerCard(
            id=c.id, name=c.name,
            phones=tuple(display_phone(p.e164) for p in client.phones), email=c.email,
            alert=c.alert, flags=c.flags,
            next=schedule.to_view(nxt) if nxt else None,
            last=schedule.to_view(last) if last else None,
            no_shows=n.get(Status.NO_SHOW.value, 0),
            late_cancels=n.get(Status.LATE_CANCEL.value, 0),
            visits=n.get(Status.COMPLETED.value, 0)))
    return out
