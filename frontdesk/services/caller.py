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

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain.length import MAX_LENGTH
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
    conn = session.connection()
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    for client_id, status, n in conn.execute(_COUNTS, {"ids": ids}):
        counts[client_id][status] = n
    marks = {row.id: (row.next_id, row.last_id) for row in conn.execute(
        _NEXT_AND_LAST, {"ids": ids, "now": now, "since": now - MAX_LENGTH})}
    wanted = [i for pair in marks.values() for i in pair if i is not None]
    views = schedule.by_ids(session, wanted)
    out = []
    for c in found:
        next_id, last_id = marks.get(c.id, (None, None))
        n = counts[c.id]
        client = session.get(m.Client, c.id)  # loaded by the search: no second query
        assert client is not None
        out.append(CallerCard(
            id=c.id, name=c.name,
            phones=tuple(display_phone(p.e164) for p in client.phones), email=c.email,
            alert=c.alert, flags=c.flags, next=views.get(next_id), last=views.get(last_id),
            no_shows=n.get(Status.NO_SHOW.value, 0),
            late_cancels=n.get(Status.LATE_CANCEL.value, 0),
            visits=n.get(Status.COMPLETED.value, 0)))
    return out


def _statements():
    """The two look-ups every card needs, built once: a keystroke should pay for running
    them, not for putting SQL together."""
    a, c = m.Appointment, m.Client
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    counts = (select(a.client_id, a.status, func.count()).where(a.client_id.in_(ids))
              .group_by(a.client_id, a.status))
    # For each client, the id of the next open visit and of the latest one that has started:
    # correlated sub-queries, each an index range on appointments(client_id, starts_at).
    nxt = (select(a.id).where(a.client_id == c.id, a.status.in_([s.value for s in OPEN]),
                              a.ends_at > bindparam("now"), a.starts_at > bindparam("since"))
           .order_by(a.starts_at, a.id).limit(1).scalar_subquery())
    last = (select(a.id).where(a.client_id == c.id, a.starts_at <= bindparam("now"))
            .order_by(a.starts_at.desc(), a.id.desc()).limit(1).scalar_subquery())
    both = select(c.id, nxt.label("next_id"), last.label("last_id")).where(c.id.in_(ids))
    return counts, both


_COUNTS, _NEXT_AND_LAST = _statements()
