"""Weekly patterns (opening hours, shifts, breaks) turned into real spans of time on a day.

A pattern is written in wall-clock time ("Mondays 09:00-17:00"); a span is a pair of UTC
instants. The conversion goes through :mod:`frontdesk.domain.clock`, so a shift on a DST day
is as long as the clock on the wall says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk.domain import clock
from frontdesk.domain.clash import overlaps

Span = tuple[datetime, datetime]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class WeeklySpan:
    """A wall-clock span on one weekday (0 = Monday); ``end`` 00:00 means midnight."""

    weekday: int
    start: time
    end: time

    def describe(self) -> str:
        return f"{WEEKDAYS[self.weekday]}s {self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class TimeOff:
    """A dated absence of a therapist, as UTC instants."""

    start: datetime
    end: datetime
    reason: str = ""


def spans_on(day: date, pattern: Iterable[WeeklySpan], tz: ZoneInfo) -> list[Span]:
    """The UTC spans a weekly pattern gives on local ``day``, in time order."""
    return sorted(
        clock.local_span(day, w.start, w.end, tz) for w in pattern if w.weekday == day.weekday()
    )


def days_touched(start: datetime, end: datetime, tz: ZoneInfo) -> list[date]:
    """The local dates the span [start, end) falls on."""
    first = clock.to_local(start, tz).date()
    last = clock.to_local(end - timedelta(microseconds=1), tz).date()
    out = [first]
    while out[-1] < last:
        out.append(out[-1] + timedelta(days=1))
    return out


def covered(start: datetime, end: datetime, spans: Sequence[Span]) -> bool:
    """Whether [start, end) lies inside the union of ``spans`` (sorted, may touch)."""
    cursor = start
    for s, e in spans:
        if s > cursor:
            break
        if e > cursor:
            cursor = e
        if cursor >= end:
            return True
    return cursor >= end


def overlapping(start: datetime, end: datetime, spans: Iterable[Span]) -> Span | None:
    """The first span that overlaps [start, end), or None. Touching is not overlapping."""
    for s, e in spans:
        if overlaps(start, end, s, e):
            return s, e
    return None


#: The parts of the day a desk offers when finding a time, as wall-clock windows [from, to)
#: for a visit's start.
PARTS_OF_DAY = {
    "morning": (time(0, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(23, 59, 59)),
}
