"""The line the series dialog shows when a standing appointment crosses a DST change.

A series keeps its time on the clock (the engine steps local dates), so its UTC instants
move at each change; a receptionist who sees the note knows that is meant. Plain Python,
without Qt, so the wording is tested on its own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from frontdesk.domain import clock


def dst_note(starts: list[datetime], tz) -> str:
    """What to tell the desk when a series crosses a DST change (empty when it does not):
    found by comparing the UTC offset of each start with the one before it."""
    if not starts:
        return ""
    first = prev = clock.to_local(starts[0], tz)
    changes = []
    for start in starts[1:]:
        cur = clock.to_local(start, tz)
        if cur.utcoffset() != prev.utcoffset():
            day = _change_day(prev.date(), cur.date(), tz)
            kind = ("standard time" if cur.utcoffset() < prev.utcoffset()
                    else "daylight saving time")
            year = f" {day.year}" if day.year != first.year else ""
            changes.append(f"to {kind} on {day:%a} {day.day} {day:%b}{year}")
        prev = cur
    if len(changes) > 2:  # a long series: the first change says enough
        return (f"Times stay at {first:%H:%M} on the clock across {len(changes)} daylight "
                f"saving changes, the first {changes[0]}.")
    return (f"Times stay at {first:%H:%M} on the clock across the "
            f"change{'s' if len(changes) > 1 else ''} {' and '.join(changes)}."
            if changes else "")


def _change_day(after: date, until: date, tz) -> date:
    """The local day between two visits on which the clocks change."""
    def offset(d: date):
        return datetime.combine(d, time(0), tzinfo=tz).utcoffset()
    day = after + timedelta(days=1)
    while day < until and offset(day) == offset(day + timedelta(days=1)):
        day += timedelta(days=1)
    return day
