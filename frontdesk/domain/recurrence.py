"""Standing appointments: the wall-clock times of a weekly series.

A client who comes "every Tuesday at 10:00" comes at 10:00 on the clock on the wall, in
summer and in winter: the series is stepped in local dates and turned into instants one by
one, never by adding 7 x 24 hours to an instant (which would drift an hour at every DST
change). A wall time the clocks skip (02:30 on the spring-forward night) is read with the
offset from before the gap, as RFC 5545 does, which lands it just after the jump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput

#: The longest series booked in one go: two years of weekly visits.
MAX_OCCURRENCES = 104


@dataclass(frozen=True)
class Repeat:
    """Every ``every_weeks`` weeks, ``count`` times or until ``until`` (inclusive)."""

    every_weeks: int = 1
    count: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.every_weeks <= 52:
            raise BadInput("a series repeats every 1 to 52 weeks", "every")
        if (self.count is None) == (self.until is None):
            raise BadInput("say how long the series runs: a number of times or an end date",
                           "count")
        if self.count is not None and not 1 <= self.count <= MAX_OCCURRENCES:
            raise BadInput(f"a series has 1 to {MAX_OCCURRENCES} visits", "count")

    def describe(self) -> str:
        every = "weekly" if self.every_weeks == 1 else f"every {self.every_weeks} weeks"
        if self.count is not None:
            return f"{every}, {self.count} times"
        return f"{every} until {self.until:%a %d %b %Y}"


def wall_times(first: datetime, repeat: Repeat) -> list[datetime]:
    """The naive local start of every visit, the first being ``first`` (naive, local)."""
    if repeat.until is not None and repeat.until < first.date():
        raise BadInput(f"the series would end ({repeat.until}) before it starts "
                       f"({first.date()})", "until")
    step = timedelta(weeks=repeat.every_weeks)
    out: list[datetime] = []
    day = first.date()
    while len(out) < (repeat.count or MAX_OCCURRENCES + 1):
        if repeat.until is not None and day > repeat.until:
            break
        out.append(datetime.combine(day, first.time()))
        day += step
    if len(out) > MAX_OCCURRENCES:
        raise BadInput(f"a series has at most {MAX_OCCURRENCES} visits; end it sooner",
                       "until")
    return out


def instant(naive: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``naive``: the first of a repeated hour, and for a skipped
    one the reading with the offset before the gap (02:30 -> 03:30 on spring-forward day)."""
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def instants(first_local: datetime, repeat: Repeat, tz: ZoneInfo) -> list[datetime]:
    return [instant(t, tz) for t in wall_times(first_local, repeat)]


def skipped_note(start: datetime, wall: time, tz: ZoneInfo) -> str:
    """What to tell about a visit of a series kept at wall-clock ``wall`` that starts at
    instant ``start``: "" normally; when the clocks skip ``wall`` that day (spring forward),
    that the visit was read after the jump, so the desk can call the client."""
    local = start.astimezone(tz)
    naive = datetime.combine(local.date(), wall)
    if clock.exists(naive, tz) or instant(naive, tz) != start:
        return ""
    return (f"{wall:%H:%M} does not exist on {local:%a %d %b %Y} in {tz.key} (the clocks "
            f"go forward): this visit is at {local:%H:%M}")
