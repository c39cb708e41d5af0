"""A therapist's day, as a list read at a glance before each client walks in.

The therapist needs more than the day view shows: each client's alert, contraindication
flags and notes, and how much free time lies between visits. Appointments come from
:func:`frontdesk.services.schedule.days`; the flags and notes of every client on the day come
from one more query, so a full day costs two queries, not one per client.

Local times are aware datetimes in the clinic's zone, for showing. Durations and gaps are
computed on the UTC instants: two aware datetimes sharing a ZoneInfo subtract as wall-clock
times, which is an hour off across a DST change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import Span, spans_on
from frontdesk.domain.rules import TherapistInfo
from frontdesk.domain.status import CANCELLATIONS
from frontdesk.services import permits, schedule
from frontdesk.services.catalog import Catalog


@dataclass(frozen=True)
class Period:
    """A shift, a break or time off, as aware local datetimes (``note``: time off's reason)."""

    start: datetime
    end: datetime
    note: str = ""

    @property
    def minutes(self) -> int:
        return _minutes(self.start, self.end)


@dataclass(frozen=True)
class AgendaItem:
    """One visit with what the therapist must know about its client.

    ``gap_before_minutes`` counts the working minutes (inside a shift, outside breaks and time
    off) between the end of the previous visit, or the day's start, and this one.
    """

    appointment: schedule.AppointmentView
    start_local: datetime
    end_local: datetime
    client_alert: str = ""
    client_notes: str = ""
    flags: tuple[tuple[str, str], ...] = ()
    gap_before_minutes: int = 0

    @property
    def minutes(self) -> int:
        """Real length in minutes (180 for 00:30-02:30 on a fall-back day)."""
        return _minutes(self.appointment.start, self.appointment.end)


@dataclass(frozen=True)
class Agenda:
    therapist: TherapistInfo
    day: date
    shifts: tuple[Period, ...]
    breaks: tuple[Period, ...]
    time_off: tuple[Period, ...]
    items: tuple[AgendaItem, ...]
    #: Working minutes left free after the last visit (or all day when there is none).
    free_after_minutes: int = 0

    @property
    def client_count(self) -> int:
        """Different clients expected (cancelled visits shown on request do not count); each
        visit without a client record counts as one."""
        visits = [i.appointment for i in self.items if i.appointment.status not in CANCELLATIONS]
        known = {v.client_id for v in visits if v.client_id is not None}
        return len(known) + sum(1 for v in visits if v.client_id is None)


def agenda(session: Session, catalog: Catalog, therapist_id: int, day: date, *,
           include_cancelled: bool = False) -> Agenda:
    """The agenda of ``therapist_id`` on local ``day`` (cancelled visits left out by default)."""
    therapist = catalog.therapists.get(therapist_id)
    if therapist is None:
        raise BadInput(f"no therapist with id {therapist_id}", "therapist")
    tz = catalog.clinic.tz
    day_start, day_end = clock.day_bounds(day, tz)
    shifts = spans_on(day, therapist.shifts, tz)
    breaks = spans_on(day, therapist.breaks, tz)
    time_off = [(o.start, o.end, o.reason) for o in therapist.time_off
                if o.start < day_end and day_start < o.end]
    free = _subtract(shifts, sorted([*breaks, *((s, e) for s, e, _ in time_off)]))

    rows = schedule.days(session, day, 1, tz, therapist_id=therapist_id,
                         include_cancelled=include_cancelled)
    details = _client_details(session, {r.client_id for r in rows if r.client_id is not None})
    items = []
    cursor = day_start
    for r in rows:
        cid = r.client_id
        notes, flags = details.get(cid, ("", ())) if cid is not None else ("", ())
        items.append(AgendaItem(
            appointment=r, start_local=clock.to_local(r.start, tz),
            end_local=clock.to_local(r.end, tz), client_alert=r.client_alert,
            client_notes=notes, flags=flags,
            gap_before_minutes=_free_minutes(free, cursor, r.start),
        ))
        cursor = max(cursor, r.end)

    def local(spans: Iterable[Span]) -> tuple[Period, ...]:
        return tuple(Period(clock.to_local(s, tz), clock.to_local(e, tz)) for s, e in spans)

    return Agenda(
        therapist=therapist, day=day, shifts=local(shifts), breaks=local(breaks),
        time_off=tuple(Period(clock.to_local(s, tz), clock.to_local(e, tz), why)
                       for s, e, why in time_off),
        items=tuple(items), free_after_minutes=_free_minutes(free, cursor, day_end),
    )


def _client_details(session: Session, client_ids: set[int]
                    ) -> dict[int, tuple[str, tuple[tuple[str, str], ...]]]:
    """Notes and flags of ``client_ids`` in one query (a client without flags still has a row);
    none of the clients whose details the signed-in account may not see."""
    client_ids = set(client_ids) - permits.hidden_clients(session, client_ids)
    if not client_ids:
        return {}
    c, f = m.Client, m.ClientFlag
    rows = session.connection().execute(
        select(c.id, c.notes, f.flag, f.note)
        .outerjoin(f, f.client_id == c.id)
        .where(c.id.in_(sorted(client_ids)))
        .order_by(c.id, f.flag))
    notes: dict[int, str] = {}
    flags: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for cid, client_notes, flag, note in rows:
        notes[cid] = client_notes or ""
        if flag is not None:
            flags[cid].append((flag, note or ""))
    return {cid: (text, tuple(flags[cid])) for cid, text in notes.items()}


def _subtract(spans: Sequence[Span], holes: Sequence[Span]) -> list[Span]:
    """``spans`` with every part covered by ``holes`` cut out."""
    out = []
    for s, e in spans:
        pieces = [(s, e)]
        for hs, he in holes:
            pieces = [p for ps, pe in pieces
                      for p in ((ps, min(pe, hs)), (max(ps, he), pe)) if p[0] < p[1]]
        out.extend(pieces)
    return out


def _free_minutes(free: Iterable[Span], start: datetime, end: datetime) -> int:
    return sum(_minutes(max(s, start), min(e, end)) for s, e in free if s < end and start < e)


def _minutes(start: datetime, end: datetime) -> int:
    """Real minutes between two instants, whatever zone they are written in."""
    return max(0, round((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 60))
