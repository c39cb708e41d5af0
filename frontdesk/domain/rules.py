"""The booking rules: the one place that decides whether an appointment may stand.

``check`` takes a proposed appointment and a :class:`World` (what is already booked, the
clinic's hours, the clock) and returns every rule it breaks. It neither reads nor writes a
database: the booking service gives it a world read inside the write transaction, the
availability search gives it a world cached for a day. Because both ask the same function,
every option the search offers books.

Soft rules (outside hours, not qualified, therapist double-booked) may be booked over with an
explicit reason; hard ones (a room holding two clients, a client in two places, a missing room
feature, a start in the past, anything inactive) never.

Whether two visits clash is :mod:`frontdesk.domain.clash`'s one test (half-open, buffers
included); each refusal says by id and name whom it concerns (see :class:`Violation`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from frontdesk.domain import clock
from frontdesk.domain.clash import CLIENT, ROOM, THERAPIST, clashes, first_clash, overlaps
from frontdesk.domain.errors import Violation
from frontdesk.domain.hours import Span, TimeOff, WeeklySpan, covered, days_touched, overlapping
from frontdesk.domain.length import MAX_LENGTH as MAX_LENGTH  # where callers long found it
from frontdesk.domain.length import length_violation


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
    #: Clients booked together, each with a therapist of their own, in one room (2: a
    #: couples service; see domain.party).
    party_size: int = 1


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    features: frozenset[str] = frozenset()
    active: bool = True
    #: How many clients the room holds at once (the visits of one party: never strangers).
    capacity: int = 1


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
    #: The party (couples session) the visit is one of: its partners share its room.
    party_id: int | None = None


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
    #: The party the visit is (to be) one of: visits of that party may share its room.
    party_id: int | None = None

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
    length = length_violation(p.start, p.end, p.replaces)
    if length:
        out.append(length)
    if p.start < world.now and p.start != p.original_start:
        when = clock.format_local(p.start, world.tz)
        out.append(Violation("in-past", "start", f"{when} is in the past",
                             appointment_id=p.replaces))
    if not p.service.active:
        out.append(Violation("inactive", "service", f"{p.service.name} is no longer offered",
                             appointment_id=p.replaces))
    if not p.therapist.active:
        out.append(_therapist(p, "inactive", "no longer works here"))
    if not p.room.active:
        out.append(_room(p, "inactive", "is out of use"))
    return out


def check_room(p: Proposal, world: World) -> list[Violation]:
    """The room's feature, its capacity for the service's party, and nobody in it at the
    time but the visit's own party (up to the room's capacity)."""
    out = []
    need = p.service.required_feature
    if need and need not in p.room.features:
        out.append(_room(p, "room-feature", "",
                         f"{p.service.name} needs a {need} room; {p.room.name} is not one"))
    if p.service.party_size > p.room.capacity:
        out.append(_room(p, "room-capacity", "",
                         f"{p.service.name} is for {p.service.party_size} clients at once; "
                         f"room {p.room.name} holds {p.room.capacity}"))
    held = world.booked(ROOM, p.room.id, p.start, p.room_until)
    mine = p.party_id
    if mine is None:
        hit = first_clash(held, ROOM, p.start, p.room_until, p.replaces)
    else:  # the party's own visits share the room, up to its capacity; nobody else
        held = list(held)
        hit = first_clash([b for b in held if b.party_id != mine], ROOM, p.start,
                          p.room_until, p.replaces)
        partners = clashes([b for b in held if b.party_id == mine], ROOM, p.start,
                           p.room_until, p.replaces)
        if hit is None and len(partners) >= p.room.capacity:
            hit = partners[0]
    if hit:
        c = Clock(world.tz)
        out.append(_room(p, "room-taken",
                         f"is taken {c.span(hit.start, hit.end)} ({_who(hit)}{_turnover(hit, c)})",
                         clash_id=hit.id))
    return out


def check_client(p: Proposal, world: World) -> list[Violation]:
    if p.client is None:
        return []
    hit = first_clash(world.booked(CLIENT, p.client.id, p.start, p.end), CLIENT,
                      p.start, p.end, p.replaces)
    if not hit:
        return []
    c = Clock(world.tz)
    detail = f"is already booked {c.span(hit.start, hit.end)} for {hit.service_name}"
    return [Violation("client-busy", "client", f"{p.client.name} {detail}", detail=detail,
                      appointment_id=p.replaces, clash_id=hit.id, client_id=p.client.id,
                      client=p.client.name)]


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
        appointment_id=p.replaces,
    )]


def check_qualification(p: Proposal) -> list[Violation]:
    if p.service.id in p.therapist.service_ids:
        return []
    return [_therapist(p, "not-qualified", f"is not qualified for {p.service.name}",
                       soft=True)]


def check_therapist_hours(p: Proposal, world: World) -> list[Violation]:
    if p.end <= p.start:
        return []
    t, c, out = p.therapist, Clock(world.tz), []
    days = days_touched(p.start, p.end, world.tz)
    shifts = [s for day in days for s in world.shifts(t, day)]
    if not covered(p.start, p.end, shifts):
        hours = ", ".join(c.span(s, e) for s, e in shifts) or "not working that day"
        out.append(_therapist(
            p, "therapist-hours", "",
            f"{c.span(p.start, p.end)} is outside {t.name}'s hours ({hours})", soft=True))
    brk = overlapping(p.start, p.end, [s for day in days for s in world.breaks(t, day)])
    if brk:
        out.append(_therapist(p, "therapist-break", f"has a break {c.span(*brk)}", soft=True))
    off = next((o for o in t.time_off if overlaps(p.start, p.end, o.start, o.end)), None)
    if off:
        why = f" ({off.reason})" if off.reason else ""
        out.append(_therapist(
            p, "therapist-off",
            f"is off {clock.format_local(off.start, world.tz)} to "
            f"{clock.format_local(off.end, world.tz)}{why}", soft=True))
    return out


def check_therapist_free(p: Proposal, world: World) -> list[Violation]:
    hit = first_clash(world.booked(THERAPIST, p.therapist.id, p.start, p.therapist_until),
                      THERAPIST, p.start, p.therapist_until, p.replaces)
    if not hit:
        return []
    c = Clock(world.tz)
    rest = ""
    if hit.therapist_until > hit.end:
        rest = f", resting until {c.hm(hit.therapist_until)}"
    elif p.therapist_until > p.end and hit.start >= p.end:
        rest = f"; {p.service.name} needs rest until {c.hm(p.therapist_until)}"
    return [_therapist(p, "therapist-busy",
                       f"is busy {c.span(hit.start, hit.end)} ({_who(hit)}{rest})", soft=True,
                       clash_id=hit.id)]


def _therapist(p: Proposal, code: str, detail: str, message: str = "", *, soft: bool = False,
               clash_id: int | None = None) -> Violation:
    """A refusal about ``p``'s therapist: "<name> <detail>" unless the message is given."""
    return Violation(code, "therapist", message or f"{p.therapist.name} {detail}", soft=soft,
                     detail=detail, appointment_id=p.replaces, clash_id=clash_id,
                     therapist_id=p.therapist.id, therapist=p.therapist.name)


def _room(p: Proposal, code: str, detail: str, message: str = "", *,
          clash_id: int | None = None) -> Violation:
    """A refusal about ``p``'s room: "room <name> <detail>" unless the message is given."""
    return Violation(code, "room", message or f"room {p.room.name} {detail}", detail=detail,
                     appointment_id=p.replaces, clash_id=clash_id, room_id=p.room.id,
                     room=p.room.name)


def _who(b: Booked) -> str:
    parts = [x for x in (b.service_name, b.client_name) if x]
    return " for ".join(parts) if parts else f"appointment #{b.id}"


def _turnover(b: Booked, c: Clock) -> str:
    return f", turnover until {c.hm(b.room_until)}" if b.room_until > b.end else ""
