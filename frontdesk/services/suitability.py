"""Which therapists and rooms suit a proposed appointment, suitable ones first.

The appointment editor lists therapists and rooms so that a receptionist picks a good one
without trial and error. It must never disagree with the booking engine, so nothing here
judges anything: each candidate is put to :func:`frontdesk.domain.rules.check` and the rules'
own violations about that candidate (field ``"therapist"`` or ``"room"``) decide whether it is
offered as suitable, and give the reason shown when it is not.

The world is the availability search's :class:`DayCacheWorld`: it reads the day's bookings
once and answers the rules exactly as the engine's per-query world does, so one call costs one
read of the book however many therapists and rooms there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, Violation
from frontdesk.domain.rules import ClientInfo, Proposal, RoomInfo, TherapistInfo, check
from frontdesk.domain.text import fold
from frontdesk.services.catalog import Catalog
from frontdesk.services.world import DayCacheWorld


@dataclass(frozen=True)
class Choice:
    """One therapist or room. ``reason`` is the rules' first objection ("" when ``ok``) and
    ``detail`` the same without the candidate's name at its head, for a list that shows the
    name already ("is busy 10:00-11:00 (...)"); ``overridable`` says every objection is a
    soft rule, so "book anyway" could take it."""

    id: int
    name: str
    ok: bool
    reason: str = ""
    overridable: bool = True
    detail: str = ""


@dataclass(frozen=True)
class Ranking:
    """Active therapists and rooms, suitable ones first, each group by name."""

    therapists: list[Choice] = field(default_factory=list)
    rooms: list[Choice] = field(default_factory=list)


def rank(session: Session, catalog: Catalog, *, service_id: int, start: datetime,
         minutes: int, client_id: int | None = None, replaces: int | None = None,
         therapist_id: int | None = None, room_id: int | None = None,
         now: datetime | None = None) -> Ranking:
    """Rank every active therapist and room for ``service_id`` at ``start`` for ``minutes``.

    ``replaces`` is the appointment being edited (its own time is not a clash). A therapist is
    checked with the chosen room (``room_id``, else the first active one) and a room with the
    chosen therapist, so each list reflects the other choice where a rule ever links them.
    """
    service = catalog.services.get(service_id)
    if service is None:
        raise BadInput(f"no service #{service_id}", "service")
    world = DayCacheWorld(session, catalog, now or clock.utcnow())
    end = start + timedelta(minutes=minutes)
    therapists = [t for t in catalog.therapists.values() if t.active]
    rooms = [r for r in catalog.rooms.values() if r.active]
    client = ClientInfo(client_id, "") if client_id is not None else None

    def proposal(therapist: TherapistInfo, room: RoomInfo) -> Proposal:
        return Proposal(start, end, service, therapist, room, client, replaces=replaces)

    room = _pick(catalog.rooms, room_id, rooms, RoomInfo(0, ""))
    therapist = _pick(catalog.therapists, therapist_id, therapists, TherapistInfo(0, ""))
    return Ranking(
        therapists=_order(_choice(t, check(proposal(t, room), world), "therapist")
                          for t in therapists),
        rooms=_order(_choice(r, check(proposal(therapist, r), world), "room") for r in rooms),
    )


def _pick(items: dict, chosen: int | None, active: list, placeholder):
    """The partner a candidate is checked with: the chosen one, else any active one. The
    placeholder only stands in when there is none; its own objections are filtered out."""
    if chosen is not None and chosen in items:
        return items[chosen]
    return active[0] if active else placeholder


def _choice(item: TherapistInfo | RoomInfo, problems: list[Violation], kind: str) -> Choice:
    mine = [v for v in problems if v.field == kind]
    return Choice(item.id, item.name, ok=not mine, reason=mine[0].message if mine else "",
                  overridable=all(v.soft for v in mine),
                  detail=mine[0].detail if mine else "")


def _order(choices: Iterable[Choice]) -> list[Choice]:
    return sorted(choices, key=lambda c: (not c.ok, fold(c.name), c.id))
