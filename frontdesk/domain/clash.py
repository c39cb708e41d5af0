"""When two visits clash: the one test the rules, the availability search, series and the
demo writer share.

A visit holds its therapist from its start until its end plus the service's rest, its room
until its end plus the room's turnover, and its client until its end. Holds are half-open,
``[start, until)``: a visit whose room is turned over at 11:10 and the next one starting at
11:10 do not clash, so back-to-back booking works and no slot is lost at a join. Because every
caller asks the functions below, the search never offers a time the rules would refuse, and
the demo never writes one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, TypeVar

THERAPIST, ROOM, CLIENT = "therapist", "room", "client"

#: The attribute saying when each kind of hold ends, on a booked visit and a proposal alike.
UNTIL = {THERAPIST: "therapist_until", ROOM: "room_until", CLIENT: "end"}


class Hold(Protocol):
    """A visit as far as clashes go (the rules' ``Booked`` and ``Proposal`` are ones)."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def therapist_until(self) -> datetime: ...
    @property
    def room_until(self) -> datetime: ...


class BookedHold(Hold, Protocol):
    @property
    def id(self) -> int: ...


B = TypeVar("B", bound=BookedHold)


def overlaps(start: datetime, until: datetime, other_start: datetime,
             other_until: datetime) -> bool:
    """Whether the half-open spans [start, until) and [other_start, other_until) share an
    instant. Touching is not overlapping."""
    return start < other_until and other_start < until


def until(visit: Hold, kind: str) -> datetime:
    """When ``visit`` lets go of its therapist, room or client (``kind``)."""
    held: datetime = getattr(visit, UNTIL[kind])
    return held


def first_clash(booked: Iterable[B], kind: str, start: datetime, until: datetime,
                ignore: int | None = None) -> B | None:
    """The first of ``booked`` whose hold of ``kind`` overlaps [start, until), leaving out
    the appointment ``ignore`` (the one being changed); None when nothing clashes."""
    reach = UNTIL[kind]
    for b in booked:
        if overlaps(start, until, b.start, getattr(b, reach)) and b.id != ignore:
            return b
    return None


def clashes(booked: Iterable[B], kind: str, start: datetime, until: datetime,
            ignore: int | None = None) -> list[B]:
    """Every one of ``booked`` whose hold of ``kind`` overlaps [start, until), but ``ignore``."""
    reach = UNTIL[kind]
    return [b for b in booked
            if overlaps(start, until, b.start, getattr(b, reach)) and b.id != ignore]


def holds_clash(a: Hold, b: Hold, kind: str) -> bool:
    """Whether two visits sharing a therapist, room or client (``kind``) clash over it."""
    return overlaps(a.start, until(a, kind), b.start, until(b, kind))


class Timeline:
    """The holds on one therapist, room or client, kept in time order, for writing a book with
    no clashes in it (the demo): asking a sorted timeline costs a binary search where asking
    a list of visits would look at every one.

    The holds taken never overlap, so their starts and their ends are both in order: the only
    hold that can clash with [start, until) is the first that ends after ``start``.
    """

    def __init__(self) -> None:
        self._starts: list[datetime] = []
        self._untils: list[datetime] = []

    def free(self, start: datetime, until: datetime) -> bool:
        """Whether [start, until) clashes with no hold taken."""
        i = bisect_right(self._untils, start)
        return i == len(self._untils) or not overlaps(start, until, self._starts[i],
                                                      self._untils[i])

    def claim(self, start: datetime, until: datetime) -> bool:
        """Take [start, until) if it is free; whether it was."""
        i = bisect_right(self._untils, start)
        if i < len(self._untils) and overlaps(start, until, self._starts[i], self._untils[i]):
            return False
        self._starts.insert(i, start)
        self._untils.insert(i, until)
        return True
