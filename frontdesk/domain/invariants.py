"""What must hold of every book, whatever wrote it, and how a breach is worded.

``frontdesk check`` reads the book and asks these; the rules that keep a booking from ever
breaking them are in :mod:`frontdesk.domain.rules` and, beneath them, in the database's own
guard. Here only what a book at rest must show:

- no two active visits hold one room at once (its turnover included), but the visits of one
  couples session (party), which share their room, and never more of them than the room
  holds clients at once (its capacity);
- no two active visits hold one therapist at once (rest included) unless one of them carries
  a recorded reason (an override);
- every visit's client (when it has one), therapist and room exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from frontdesk.domain.clash import overlaps


@dataclass(frozen=True)
class Held:
    """One active visit as far as one resource goes: from its start until it lets the room
    or therapist go."""

    id: int
    resource_id: int
    start: datetime
    until: datetime
    reason: str = ""
    #: The couples session (party) the visit is one of: its partners share its room.
    party: int | None = None


@dataclass(frozen=True)
class Breach:
    """One invariant a book breaks, named for a person: ``code`` for programs, ``message``
    naming the visits (by number) and what they share."""

    code: str
    message: str


def clashes(held: Iterable[Held], *, reason_excuses: bool,
            parties_share: bool = False) -> Iterator[tuple[Held, Held]]:
    """Pairs of visits holding one resource at once, from ``held`` sorted by resource then
    start. Each visit is compared with the earlier ones still holding the resource, so every
    clashing pair is found in one pass. With ``reason_excuses`` a pair where either visit
    carries a reason is no clash (the therapist rule); with ``parties_share`` two visits of
    one party are none (the room rule)."""
    current: int | None = None
    open_: list[Held] = []
    for h in held:
        if h.resource_id != current:
            current, open_ = h.resource_id, []
        open_ = [o for o in open_ if o.until > h.start]
        for o in open_:
            if overlaps(o.start, o.until, h.start, h.until) and not (
                    reason_excuses and (o.reason or h.reason)) and not (
                    parties_share and o.party is not None and o.party == h.party):
                yield o, h
        open_.append(h)


def room_clash(a: Held, b: Held, room: str) -> Breach:
    return Breach("room_clash", f"appointments #{a.id} and #{b.id} hold room {room} at once")


def over_capacity(appointment_ids: list[int], room: str, capacity: int) -> Breach:
    """The active visits of one party sharing a room that holds fewer clients at once."""
    visits = ", ".join(f"#{i}" for i in appointment_ids)
    return Breach("room_capacity", f"appointments {visits} put {len(appointment_ids)} clients "
                  f"in room {room} at once, which holds {capacity}")


def therapist_clash(a: Held, b: Held, therapist: str) -> Breach:
    return Breach("therapist_clash", f"appointments #{a.id} and #{b.id} hold therapist "
                  f"{therapist} at once, and neither records a reason")


def missing(appointment_id: int, what: str, missing_id: int) -> Breach:
    """``what`` is "client", "therapist" or "room"."""
    return Breach(f"missing_{what}", f"appointment #{appointment_id} names {what} "
                  f"#{missing_id}, which does not exist")
