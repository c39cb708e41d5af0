"""What a resource calendar shows: columns (therapists, rooms or days), shading and blocks.

Built from the catalogue and flat appointment rows in plain Python, so the day view, the
week view, the benchmarks and tests share one answer. Time runs in real minutes from each
column's own origin (the local start of the visible hours on that column's day): on a DST
day the 01:00-02:00 hour that happens twice takes twice the room, and the skipped one none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property

from sqlalchemy.orm import Session

from frontdesk.domain import clock
from frontdesk.domain.layout import lanes
from frontdesk.domain.status import CANCELLATIONS
from frontdesk.services import schedule
from frontdesk.services.catalog import Catalog
from frontdesk.services.schedule import AppointmentView

#: Visible hours when nothing on a day says otherwise (a closed day with no one working).
DEFAULT_HOURS = (time(9), time(17))


class Mode(StrEnum):
    THERAPISTS = "therapists"
    ROOMS = "rooms"


class ShadeKind(StrEnum):
    CLOSED = "closed"        # the clinic is closed
    OFF = "off"              # outside the therapist's shift
    BREAK = "break"
    TIME_OFF = "time off"


@dataclass(frozen=True)
class Shade:
    start: datetime
    end: datetime
    kind: ShadeKind
    label: str = ""


@dataclass(frozen=True)
class Block:
    """One appointment placed in a column: its lane among overlapping ones, and the rest or
    turnover band that follows it (``band_end`` > appointment end when there is one)."""

    appt: AppointmentView
    lane: int
    lanes: int
    band_end: datetime


@dataclass(frozen=True)
class Column:
    kind: Mode
    id: int                 # therapist or room id
    title: str
    day: date
    origin: datetime        # instant at the top of the column
    end: datetime           # instant at its bottom
    shades: tuple[Shade, ...]
    #: The column's appointments (in time order) with the end of each one's rest or turnover.
    booked: tuple[tuple[AppointmentView, datetime], ...] = field(repr=False, default=())

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """The appointments placed in lanes, worked out when first asked for: a day of thirty
        columns shows about nine, and the others are laid out only when scrolled to."""
        placed = lanes([(r.start, r.end) for r, _ in self.booked])
        return tuple(Block(r, p.lane, p.lanes, max(band, r.end))
                     for (r, band), p in zip(self.booked, placed, strict=True))

    @property
    def occupied(self) -> int:
        """How many of its appointments take up time (a header's "n booked")."""
        return sum(1 for r, _ in self.booked if r.status.occupies_time)

    def minutes(self, instant: datetime) -> float:
        """Real minutes from the column's top to ``instant``."""
        return (instant - self.origin).total_seconds() / 60


@dataclass(frozen=True)
class Plan:
    """A day (or a week) laid out: the visible local hours and the columns."""

    mode: Mode
    first_day: date
    days: int
    hours: tuple[time, time]
    columns: tuple[Column, ...]
    tz: object
    slot_minutes: int
    appointments: tuple[AppointmentView, ...] = field(repr=False, default=())

    @property
    def length_minutes(self) -> float:
        return max((c.minutes(c.end) for c in self.columns), default=_span(self.hours))

    def column_index(self, kind_id: int, day: date) -> int | None:
        for i, c in enumerate(self.columns):
            if c.id == kind_id and c.day == day:
                return i
        return None

    @cached_property
    def _parties(self) -> dict[int, list[AppointmentView]]:
        found: dict[int, list[AppointmentView]] = {}
        for a in self.appointments:
            if a.party_id is not None:
                found.setdefault(a.party_id, []).append(a)
        return found

    def partners(self, appt: AppointmentView) -> list[AppointmentView]:
        """The other visits of ``appt``'s couples session shown in this plan: what the day
        view names beside it ("with Zoë (Ben)")."""
        if appt.party_id is None:
            return []
        return [a for a in self._parties.get(appt.party_id, ()) if a.id != appt.id]

    def find(self, appointment_id: int) -> tuple[int, Block] | None:
        for i, c in enumerate(self.columns):
            if any(r.id == appointment_id for r, _ in c.booked):  # no layout of the others
                return i, next(b for b in c.blocks if b.appt.id == appointment_id)
        return None


def _span(hours: tuple[time, time]) -> float:
    return (hours[1].hour * 60 + hours[1].minute) - (hours[0].hour * 60 + hours[0].minute)


def load(session: Session, catalog: Catalog, day: date, mode: Mode = Mode.THERAPISTS, *,
         days: int = 1, therapist_id: int | None = None, room_id: int | None = None,
         show_cancelled: bool = False) -> Plan:
    """Read the appointments of ``days`` days from ``day`` and lay them out.

    One therapist or one room with several days gives a week view (a column per day).
    """
    tz = catalog.clinic.tz
    rows = schedule.days(session, day, days, tz, therapist_id=therapist_id, room_id=room_id,
                         include_cancelled=show_cancelled)
    return build(catalog, day, rows, mode, days=days, therapist_id=therapist_id,
                 room_id=room_id, show_cancelled=show_cancelled)


def build(catalog: Catalog, day: date, rows: Sequence[AppointmentView],
          mode: Mode = Mode.THERAPISTS, *, days: int = 1, therapist_id: int | None = None,
          room_id: int | None = None, show_cancelled: bool = False) -> Plan:
    tz = catalog.clinic.tz
    dates = [day + timedelta(days=i) for i in range(days)]
    # Cancellations hidden unless asked for; a no-show stays (hatched): it is the day's history.
    rows = tuple(r for r in rows if show_cancelled or r.status not in CANCELLATIONS)
    hours = visible_hours(catalog, dates, rows)
    spans = _Spans(tz)
    columns: list[Column] = []
    one = therapist_id if therapist_id is not None else room_id
    if one is not None:
        mode = Mode.THERAPISTS if therapist_id is not None else Mode.ROOMS
        mine = _by_resource(mode, rows).get(one, [])
        for d in dates:
            columns.append(_column(catalog, mode, one, d, hours, mine, spans))
    else:
        by_resource = _by_resource(mode, rows)
        ids = _column_ids(catalog, mode, day, by_resource, spans)
        columns = [_column(catalog, mode, i, day, hours, by_resource.get(i, ()), spans)
                   for i in ids]
    return Plan(mode=mode, first_day=day, days=days, hours=hours, columns=tuple(columns), tz=tz,
                slot_minutes=catalog.clinic.slot_minutes, appointments=rows)


def _by_resource(mode: Mode, rows: Sequence[AppointmentView]
                 ) -> dict[int, list[AppointmentView]]:
    """Rows by therapist (or room), in their order: one pass instead of one per column."""
    out: dict[int, list[AppointmentView]] = {}
    for r in rows:
        out.setdefault(r.therapist_id if mode == Mode.THERAPISTS else r.room_id, []).append(r)
    return out


def visible_hours(catalog: Catalog, dates: Iterable[date],
                  rows: Sequence[AppointmentView]) -> tuple[time, time]:
    """Whole hours covering the opening hours, every shift and every appointment shown."""
    tz = catalog.clinic.tz
    dates = set(dates)
    weekdays = {d.weekday() for d in dates}
    starts: list[int] = []
    ends: list[int] = []

    def add(a: time, b: time) -> None:
        starts.append(a.hour * 60 + a.minute)
        ends.append(24 * 60 if b == time(0) else b.hour * 60 + b.minute)

    for span in catalog.clinic.opening:
        if span.weekday in weekdays:
            add(span.start, span.end)
    for t in catalog.therapists.values():
        for span in t.shifts:
            if t.active and span.weekday in weekdays:
                add(span.start, span.end)
    # A busy day starts dozens of visits on each quarter hour: each instant converted once.
    local: dict[datetime, datetime] = {}
    for r in rows:  # each local day an appointment touches: its part of that day
        s = local.get(r.start) or local.setdefault(r.start, clock.to_local(r.start, tz))
        e = local.get(r.end) or local.setdefault(r.end, clock.to_local(r.end, tz))
        if s.date() in dates:
            starts.append(s.hour * 60 + s.minute)
            ends.append(e.hour * 60 + e.minute if e.date() == s.date() else 24 * 60)
        if e.date() != s.date() and e.date() in dates and (e.hour or e.minute):
            starts.append(0)
            ends.append(e.hour * 60 + e.minute)
    if not starts:
        return DEFAULT_HOURS
    first = min(starts) // 60
    last = min(24, -(-max(ends) // 60))
    return time(first), (time(0) if last >= 24 else time(last))


class _Spans:
    """spans_on, remembered for one build: thirty therapists mostly share a few shift
    patterns, and each wall-clock bound costs a zone conversion."""

    def __init__(self, tz):
        self.tz = tz
        self._seen: dict[tuple, tuple[datetime, datetime]] = {}

    def span(self, day: date, start: time, end: time) -> tuple[datetime, datetime]:
        key = (day, start, end)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = clock.local_span(day, start, end, self.tz)
        return found

    def on(self, day: date, pattern) -> list[tuple[datetime, datetime]]:
        weekday = day.weekday()
        out = [self.span(day, w.start, w.end) for w in pattern if w.weekday == weekday]
        out.sort()
        return out


def _column_ids(catalog: Catalog, mode: Mode, day: date,
                by_resource: dict[int, list[AppointmentView]], spans: _Spans) -> list[int]:
    """Therapists working that day (or with something booked), or every active room."""
    if mode == Mode.ROOMS:
        return [i for i, r in catalog.rooms.items() if r.active or i in by_resource]
    return [i for i, t in catalog.therapists.items()
            if i in by_resource or (t.active and spans.on(day, t.shifts))]


def _column(catalog: Catalog, mode: Mode, item_id: int, day: date, hours: tuple[time, time],
            mine: Sequence[AppointmentView], spans: _Spans) -> Column:
    """One column; ``mine`` are the rows of its therapist or room (any day of the plan)."""
    origin, end = spans.span(day, hours[0], hours[1])
    clinic_open = spans.on(day, catalog.clinic.opening)
    shades = [Shade(s, e, ShadeKind.CLOSED) for s, e in _gaps(origin, end, clinic_open)]
    if mode == Mode.THERAPISTS:
        t = catalog.therapists[item_id]
        title = t.name
        shifts = spans.on(day, t.shifts)
        shades += [Shade(s, e, ShadeKind.OFF) for s, e in _gaps(origin, end, shifts)]
        shades += [Shade(s, e, ShadeKind.BREAK, "break") for s, e in spans.on(day, t.breaks)]
        shades += [Shade(max(o.start, origin), min(o.end, end), ShadeKind.TIME_OFF,
                         o.reason or "time off")
                   for o in t.time_off if o.start < end and o.end > origin]
        booked = tuple((r, r.therapist_until) for r in mine if r.start < end and r.end > origin)
    else:
        title = catalog.rooms[item_id].name
        booked = tuple((r, r.room_until) for r in mine if r.start < end and r.end > origin)
    return Column(kind=mode, id=item_id, title=title, day=day, origin=origin, end=end,
                  shades=tuple(shades), booked=booked)


def _gaps(start: datetime, end: datetime, spans) -> list[tuple[datetime, datetime]]:
    """The parts of [start, end) not covered by sorted ``spans``."""
    out = []
    cursor = start
    for s, e in spans:
        if s > cursor:
            out.append((cursor, min(s, end)))
        cursor = max(cursor, e)
        if cursor >= end:
            break
    if cursor < end:
        out.append((cursor, end))
    return [(s, e) for s, e in out if e > s]


def replace_rows(rows: Sequence[AppointmentView], changed: dict[int, AppointmentView | None]
                 ) -> list[AppointmentView]:
    """``rows`` with changed appointments swapped in (None: gone from this view), in order.

    How a change from another desk reaches an open view without reading the whole day again.
    """
    kept = [r for r in rows if r.id not in changed]
    kept += [r for r in changed.values() if r is not None]
    kept.sort(key=lambda r: (r.start, r.therapist))
    return kept


def month_counts(session: Session, catalog: Catalog, first: date, last: date) -> dict[date, int]:
    """Active appointments per local day in [first, last] (the month navigator's marks)."""
    tz = catalog.clinic.tz
    counts: dict[date, int] = {}
    start, _ = clock.day_bounds(first, tz)
    _, end = clock.day_bounds(last, tz)
    for starts_at, n in schedule.starts_between(session, start, end):
        d = clock.to_local(starts_at, tz).date()
        counts[d] = counts.get(d, 0) + n
    return counts
