"""The booking rules: the one place that decides whether an appointment may stand.

``check`` takes a proposed appointment and a :class:`World` (what is already booked, the
clinic's hours, the clock) and returns every rule it breaks. It neither reads nor writes a
database: the booking service gives it a world read inside the write transaction, the
availability search gives it a world cached for a day. Because both ask the same function,
every option the search offers books.

Soft rules (outside hours, not qualified, therapist double-booked) may be booked over with an
explicit reason; hard ones (a room holding two clients, a client in two places, a missing room
feature, a start in the past, anything inactive) never.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from frontdesk.domain import clock
from frontdesk.domain.errors import Violation
from frontdesk.domain.hours import Span, TimeOff, WeeklySpan, covered, days_touched, overlapping

#: No appointment may be longer than this; it also bounds the window searched for clashes.
MAX_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    name: str
    minutes: int
    rest_after: int = 0
    turnover_after: int = 0
    required_feature: str | None = None
    active: bool = True
    #: Client flags the service is advised against (see domain.contraindications).
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    features: frozenset[str] = frozenset()
    active: bool = True


@dataclass(frozen=True)
class TherapistInfo:
    id: int
    name: str
    service_ids: frozenset[int] = frozenset()
    shifts: tuple[WeeklySpan, ...] = ()
    breaks: tuple[WeeklySpan, ...] = ()
    time_off: tuple[TimeOff, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class ClientInfo:
    id: int
    name: str


@dataclass(frozen=True)
class Booked:
    """An appointment that holds time, as the rules see it.

    ``therapist_until`` and ``room_until`` are its end plus the therapist's rest and the room's
    turnover: the moments its therapist and room are free again.
    """

    id: int
    start: datetime
    end: datetime
    therapist_id: int
    room_id: int
    client_id: int | None
    therapist_until: datetime
    room_until: datetime
    client_name: str = ""
    service_name: str = ""


@dataclass(frozen=True)
class Proposal:
    """An appointment someone wants to stand: new, or an existing one (``replaces``) moved."""

    start: datetime
    end: datetime
    service: ServiceInfo
    therapist: TherapistInfo
    room: RoomInfo
    client: ClientInfo | None = None
    replaces: int | None = None
    #: For a change to an existing appointment: its start before the change. A visit already
    #: under way may be lengthened or given another room without "starting in the past".
    original_start: datetime | None = None

    @property
    def therapist_until(self) -> datetime:
        return self.end + timedelta(minutes=self.service.rest_after)

    @property
    def room_until(self) -> datetime:
        return self.end + timedelta(minutes=self.service.turnover_after)


class World(Protocol):
    """What the rules need to know besides the proposal itself."""

    tz: ZoneInfo
    now: datetime

    def opening(self, day: date) -> Sequence[Span]:
        """The clinic's open spans on local ``day``."""

    def shifts(self, therapist: TherapistInfo, day: date) -> Sequence[Span]:
        """The therapist's working spans on local ``day`` (breaks not taken out)."""

    def breaks(self, therapist: TherapistInfo, day: date) -> Sequence[Span]:
        """The therapist's breaks on local ``day``."""

    def booked(self, kind: str, key: int, start: datetime, end: datetime) -> Iterable[Booked]:
        """Active appointments of therapist / room / client ``key`` (``kind`` names which)
        that start before ``end`` and may reach past ``start`` (buffers included)."""


@dataclass
class Clock:
    """Local-time formatting bound to a zone, for messages."""

    tz: ZoneInfo

    def hm(self, instant: datetime) -> str:
        return f"{clock.to_local(instant, self.tz):%H:%M}"

    def span(self, start: datetime, end: datetime) -> str:
        return f"{self.hm(start)}-{self.hm(end)}"


def check(p: Proposal, world: World) -> list[Violation]:
    """Every rule ``p`` breaks in ``world``, hard ones first; empty when it may be booked."""
    out: list[Violation] = []
    out += check_basics(p, world)
    out += check_room(p, world)
    out += check_client(p, world)
    out += check_opening(p, world)
    out += check_qualification(p)
    out += check_therapist_hours(p, world)
    out += check_therapist_free(p, world)
    return sorted(out, key=lambda v: v.soft)


def check_basics(p: Proposal, world: World) -> list[Violation]:
    out = []
    if p.end <= p.start:
        out.append(Violation("ends-before-start", "end", "the appointment ends before it starts"))
    elif p.end - p.start > MAX_LENGTH:
        out.append(Violation("too-long", "end", "an appointment cannot last over 12 hours"))
    if p.start < world.now and p.start != p.original_start:
        when = clock.format_local(p.start, world.tz)
        out.append(Violation("in-past", "start", f"{when} is in the past"))
    if not p.service.active:
        out.append(Violation("inactive", "service", f"{p.service.name} is no longer offered"))
    if not p.therapist.active:
        out.append(Violation("inactive", "therapist", f"{p.therapist.name} no longer works here"))
    if not p.room.active:
        out.append(Violation("inactive", "room", f"room {p.room.name} is out of use"))
    return out


def check_room(p: Proposal, world: World) -> list[Violation]:
    out = []
    need = p.service.required_feature
    if need and need not in p.room.features:
        out.append(Violation(
            "room-feature", "room",
            f"{p.service.name} needs a {need} room; {p.room.name} is not one",
        ))
    hit = _first_clash(world.booked("room", p.room.id, p.start, p.room_until), p,
                       lambda b: p.start < b.room_until and b.start < p.room_until)
    if hit:
        c = Clock(world.tz)
        out.append(Violation(
            "room-taken", "room",
            f"room {p.room.name} is taken {c.span(hit.start, hit.end)} "
            f"({_who(hit)}{_turnover(hit, c)})",
        ))
    return out


def check_client(p: Proposal, world: World) -> list[Violation]:
    if p.client is None:
        return []
    hit = _first_clash(world.booked("client", p.client.id, p.start, p.end), p,
                       lambda b: p.start < b.end and b.start < p.end)
    if not hit:
        return []
    c = Clock(world.tz)
    return [Violation(
        "client-busy", "client",
        f"{p.client.name} is already booked {c.span(hit.start, hit.end)} for {hit.service_name}",
    )]


def check_opening(p: Proposal, world: World) -> list[Violation]:
    days = days_touched(p.start, p.end, world.tz) if p.end > p.start else []
    spans = [s for day in days for s in world.opening(day)]
    if not days or covered(p.start, p.end, spans):
        return []
    c = Clock(world.tz)
    hours = ", ".join(c.span(s, e) for s, e in spans) or "closed"
    return [Violation(
        "clinic-closed", "start",
        f"{c.span(p.start, p.end)} is outside opening hours ({hours})", soft=True,
    )]


def check_qualification(p: Proposal) -> list[Violation]:
    if p.service.id in p.therapist.service_ids:
        return []
    return [Violation(
        "not-qualified", "therapist",
        f"{p.therapist.name} is not qualified for {p.service.name}", soft=True,
    )]


def check_therapist_hours(p: Proposal, world: World) -> list[Violation]:
    if p.end <= p.start:
        return []
    t, c, out = p.therapist, Clock(world.tz), []
    days = days_touched(p.start, p.end, world.tz)
    shifts = [s for day in days for s in world.shifts(t, day)]
    if not covered(p.start, p.end, shifts):
        hours = ", ".join(c.span(s, e) for s, e in shifts) or "not working that day"
        out.append(Violation(
            "therapist-hours", "therapist",
            f"{c.span(p.start, p.end)} is outside {t.name}'s hours ({hours})", soft=True,
        ))
    brk = overlapping(p.start, p.end, [s for day in days for s in world.breaks(t, day)])
    if brk:
        out.append(Violation(
            "therapist-break", "therapist", f"{t.name} has a break {c.span(*brk)}", soft=True,
        ))
    for off in t.time_off:
        if off.start < p.end and p.start < off.end:
            why = f" ({off.reason})" if off.reason else ""
            out.append(Violation(
                "therapist-off", "therapist",
                f"{t.name} is off {clock.format_local(off.start, world.tz)} to "
                f"{clock.format_local(off.end, world.tz)}{why}", soft=True,
            ))
            break
    return out


def check_therapist_free(p: Proposal, world: World) -> list[Violation]:
    hit = _first_clash(world.booked("therapist", p.therapist.id, p.start, p.therapist_until), p,
                       lambda b: p.start < b.therapist_until and b.start < p.therapist_until)
    if not hit:
        return []
    c = Clock(world.tz)
    rest = ""
    if hit.therapist_until > hit.end:
        rest = f", resting until {c.hm(hit.therapist_until)}"
    elif p.therapist_until > p.end and hit.start >= p.end:
        rest = f"; {p.service.name} needs rest until {c.hm(p.therapist_until)}"
    return [Violation(
        "therapist-busy", "therapist",
        f"{p.therapist.name} is busy {c.span(hit.start, hit.end)} ({_who(hit)}{rest})", soft=True,
    )]


def _first_clash(items: Iterable[Booked], p: Proposal,
                 clashes: Callable[[Booked], bool]) -> Booked | None:
    for b in items:
        if b.id != p.replaces and clashes(b):
            return b
    return None


def _who(b: Booked) -> str:
    parts = [x for x in (b.service_name, b.client_name) if x]
    return " for ".join(parts) if parts else f"appointment #{b.id}"


def _turnover(b: Booked, c: Clock) -> str:
    return f", turnover until {c.hm(b.room_until)}" if b.room_until > b.end else ""
