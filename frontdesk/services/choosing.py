"""Choosing the therapist and room for a new visit, and explaining a refusal.

When the desk names neither, the engine tries every qualified therapist who works that day
with every suitable room and takes the first pair no rule stands in the way of. When none is
free, the refusal says why for the pair tried first and, in a line each, what keeps every
other therapist from taking the visit, so the desk can offer the caller someone else. Kept
apart from :mod:`frontdesk.services.booking_session` because it is the one step that
searches rather than checks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.domain import clock
from frontdesk.domain.errors import Refused, Violation
from frontdesk.domain.hours import days_touched
from frontdesk.domain.rules import (
    ClientInfo,
    Proposal,
    RoomInfo,
    ServiceInfo,
    TherapistInfo,
    check,
)

if TYPE_CHECKING:
    from frontdesk.services.booking import BookingRequest
    from frontdesk.services.booking_session import BookingSession
    from frontdesk.services.world import SessionWorld


def choose(steps: BookingSession, req: BookingRequest, service: ServiceInfo,
           client: ClientInfo | None, end: datetime, *, party_id: int | None = None,
           exclude: frozenset[int] = frozenset()) -> tuple[Proposal, list[Violation]]:
    """The proposal to book (the one asked for, or the first free therapist and room) and the
    soft rules it breaks, which an override books over. Every pair tried is checked against
    one read of what is booked around the visit (see ``SessionWorld.around``). A visit of
    a party (``party_id``) shares its room with its partners and takes no therapist of
    ``exclude`` (theirs) unnamed; only rooms holding the service's party are tried."""
    catalog, world = steps.catalog, steps.world
    therapists = ([steps.get("therapist", req.therapist_id)]
                  if req.therapist_id is not None else
                  [t for t in catalog.therapists.values()
                   if t.active and service.id in t.service_ids and t.id not in exclude])
    if req.therapist_id is None and therapists:
        # Unnamed, only a therapist who works that day is taken, or blamed: one on her
        # day off is no answer to "who could do it then?".
        days = days_touched(req.start, end, world.tz)
        therapists = [t for t in therapists if any(world.shifts(t, d) for d in days)]
        if not therapists:
            on = " or ".join(f"{d:%a} {d.day} {d:%b}" for d in days)
            raise Refused([Violation(
                "nothing-free", "therapist",
                f"no therapist offering {service.name} works on {on}")])
    rooms = ([steps.get("room", req.room_id)] if req.room_id is not None else
             [r for r in catalog.rooms.values() if r.active
              and r.capacity >= service.party_size
              and (not service.required_feature or service.required_feature in r.features)])
    if not therapists:
        raise Refused([Violation("not-qualified", "therapist",
                                 f"no active therapist offers {service.name}")])
    if not rooms:
        raise Refused([Violation("room-feature", "room",
                                 f"no room in use is suitable for {service.name}")])
    with world.around(req.start, end + timedelta(minutes=max(service.rest_after,
                                                             service.turnover_after))):
        return _first_free(req, service, client, end, world, therapists, rooms, party_id)


def _first_free(req: BookingRequest, service: ServiceInfo, client: ClientInfo | None,
                end: datetime, world: SessionWorld, therapists: list[TherapistInfo],
                rooms: list[RoomInfo],
                party_id: int | None = None) -> tuple[Proposal, list[Violation]]:
    """The first pair no rule stands in the way of, or with an override the first that only
    soft rules do; Refused, saying why, when there is none."""
    first: tuple[Proposal, list[Violation]] | None = None
    soft_only: tuple[Proposal, list[Violation]] | None = None
    #: What stands in each therapist's way (the first room tried): the answer names
    #: every therapist who could take the visit, not only the first.
    firsts: dict[int, list[Violation]] = {}
    for therapist in therapists:
        for room in rooms:
            p = Proposal(req.start, end, service, therapist, room, client,
                         party_id=party_id)
            problems = check(p, world)
            if not problems:
                return p, problems
            first = first or (p, problems)
            firsts.setdefault(therapist.id, problems)
            # An override never double-books a therapist the desk did not name.
            if soft_only is None and all(v.soft for v in problems) and (
                    req.therapist_id is not None
                    or all(v.code != "therapist-busy" for v in problems)):
                soft_only = p, problems
    if req.override.strip() and soft_only is not None:
        return soft_only
    what = " or ".join(x for x, n in (("therapist", req.therapist_id is None),
                                       ("room", req.room_id is None)) if n)
    when = clock.format_local(req.start, world.tz)
    free_msg = f"no {what} is free for {service.name} at {when}"
    if soft_only is not None:  # bookable with a reason: say what the reason must cover
        # With the therapist given, what stands in the way is about that therapist.
        head = ([Violation("nothing-free", "start", free_msg, soft=True)]
                if req.therapist_id is None else [])
        raise Refused([*head, *soft_only[1],
                       *_others(firsts, soft_only[0].therapist.id, soft=True)])
    assert first is not None  # there was at least one therapist and one room
    problems = first[1]
    if req.therapist_id is not None and req.room_id is not None:
        raise Refused(problems)
    # What no other therapist or room would change (the client is elsewhere, the time is
    # past or the clinic closed) is the whole answer.
    general = [v for v in problems if v.field not in ("therapist", "room")]
    if general:
        raise Refused(general)
    raise Refused([Violation("nothing-free", "start", free_msg), *problems,
                   *_others(firsts, first[0].therapist.id)])



def _others(firsts: dict[int, list[Violation]], shown: int, *,
            soft: bool = False) -> list[Violation]:
    """Why each therapist but ``shown`` (whose reasons are given in full) cannot take the
    visit: the problems about the therapist herself (only the soft ones with ``soft``)."""
    out: list[Violation] = []
    for therapist_id, problems in firsts.items():
        if therapist_id != shown:
            out += [v for v in problems if v.field == "therapist" and (v.soft or not soft)
                    and v.message not in {o.message for o in out}]
    return out
