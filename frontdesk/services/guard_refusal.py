"""The database's double-booking guard, told to the user as the booking engine's own refusal.

The rules refuse every double booking before anything is written; the database's guard
(:mod:`frontdesk.db.guard`) only fires when they did not see the visit in the way: a race
the booking lock missed, or a row written around the program (a visit longer than the rules
allow lies beyond the distance their reads look back). The user must still get one clear
line naming the clash, not a database error: so the visits the refused transaction was
writing are noted before it is rolled back, and the visit in their way is looked up again,
without the look-back, and judged by the rules' own clash checks, which word the refusal.
Nothing of the database's error text is shown or logged (it may hold client data).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from frontdesk.db import guard
from frontdesk.db import models as m
from frontdesk.domain.clash import ROOM, THERAPIST
from frontdesk.domain.errors import Refused, Violation
from frontdesk.domain.rules import Booked, Proposal, check_room, check_therapist_free
from frontdesk.domain.status import Status
from frontdesk.services.catalog import Catalog
from frontdesk.services.world import SessionWorld, _to_booked, booked_query

_KIND = {guard.ROOM: ROOM, guard.THERAPIST: THERAPIST}
_CODE = {ROOM: "room-taken", THERAPIST: "therapist-busy"}


@dataclass(frozen=True)
class Written:
    """A visit the refused transaction was writing, as it would have stood."""

    id: int | None
    new: bool
    service_id: int
    therapist_id: int
    room_id: int
    start: datetime
    end: datetime
    status: str
    override_reason: str
    party_id: int | None = None


class Tripped(Exception):
    """The guard refused a write: which one, and what was being written (raised inside the
    write transaction so that it rolls back; turned into :class:`Refused` outside it)."""

    def __init__(self, kind: str, written: list[Written]):
        super().__init__(kind)
        self.kind = kind
        self.written = written


def watch(session: Session) -> list[Written]:
    """The appointments each flush of ``session`` is about to write, kept up to date in the
    list returned: a failed flush rolls the session back, and what it was writing is gone
    from the session by the time the error is caught."""
    writing: list[Written] = []

    def note(session: Session, _context, _instances) -> None:
        writing[:] = [w for obj, new in [*((o, True) for o in session.new),
                                         *((o, False) for o in session.dirty)]
                      if isinstance(obj, m.Appointment) and (w := _written(obj, new))]

    event.listen(session, "before_flush", note)
    return writing


def _written(obj: m.Appointment, new: bool) -> Written | None:
    v = inspect(obj).dict  # what the object holds: nothing is loaded
    try:
        return Written(v.get("id"), new, v["service_id"], v["therapist_id"], v["room_id"],
                       v["starts_at"], v["ends_at"], v["status"],
                       v.get("override_reason") or "", v.get("party_id"))
    except KeyError:  # not all of it in memory: nothing to judge it by
        return None


class _Unbounded(SessionWorld):
    """The committed book without the rules' look-back (the visit in the way may be longer
    than any the rules allow), and for therapists only the visits the guard counts."""

    def booked(self, kind: str, key: int, start: datetime, end: datetime) -> Iterable[Booked]:
        a = m.Appointment
        column = a.room_id if kind == ROOM else a.therapist_id
        until = a.room_until if kind == ROOM else a.therapist_until
        extra = [a.override_reason == ""] if kind == THERAPIST else []
        rows = self.session.execute(booked_query(column == key, a.starts_at < end,
                                                 until > start, *extra))
        return [_to_booked(r) for r in rows]


def refusal(session: Session, catalog: Catalog, now: datetime, tripped: Tripped) -> Refused:
    """The engine's refusal for what the guard refused: the rules' own words for the first
    written visit found clashing with the book (read in ``session``, after the rollback);
    a plain one naming the guard when the clash is no longer there to name."""
    kind = _KIND[tripped.kind]
    world = _Unbounded(session, catalog, now)
    for w in tripped.written:
        if not Status(w.status).occupies_time or (kind == THERAPIST and w.override_reason):
            continue
        try:
            p = Proposal(w.start, w.end, catalog.services[w.service_id],
                         catalog.therapists[w.therapist_id], catalog.rooms[w.room_id],
                         replaces=None if w.new else w.id, party_id=w.party_id)
        except KeyError:
            continue
        found = check_room(p, world) if kind == ROOM else check_therapist_free(p, world)
        hits = [v for v in found if v.code == _CODE[kind]]
        if hits:
            return Refused(hits)
    if kind == ROOM:
        return Refused([Violation("room-taken", "room", "the room is taken at that time")])
    return Refused([Violation("therapist-busy", "therapist",
                              "the therapist is busy at that time", soft=True)])
