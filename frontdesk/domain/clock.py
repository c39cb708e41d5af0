"""Wall-clock time in the clinic's zone, and the instants it stands for.

Appointments are stored as UTC instants; people enter and read local wall-clock times. On DST
days a local day has 23 or 25 hours, a local time may not exist (02:30 on a spring-forward
day) or may happen twice (01:30 on a fall-back day). These helpers are the one place where
that is decided:

* a time that does not exist is bad input;
* a time that happens twice means its first occurrence (the earlier instant), as a person
  reading a clock for the first time that night would mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from frontdesk.domain.errors import BadInput


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or BadInput naming it."""
    try:
        if name not in _zone_names():
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(f"unknown time zone {name!r} (use an IANA name such as America/New_York)",
                       "timezone") from None


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def exists(naive: datetime, tz: ZoneInfo) -> bool:
    """Whether the wall-clock time ``naive`` happens at all in ``tz`` (not skipped by DST)."""
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def gap_end(naive: datetime, tz: ZoneInfo) -> datetime:
    """For a wall time DST skips, the UTC instant the clocks jump (when they "resume").

    PEP 495 gives the gap's two readings (fold 0 with the old offset, fold 1 with the new);
    the jump lies between them and is found minute by minute (a gap is at most a few hours).
    """
    after = naive.replace(tzinfo=tz, fold=1)
    instant = min(after.astimezone(UTC), naive.replace(tzinfo=tz, fold=0).astimezone(UTC))
    instant = instant.replace(second=0, microsecond=0)
    while instant.astimezone(tz).utcoffset() != after.utcoffset():
        instant += timedelta(minutes=1)
    return instant


def to_instant(naive: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of local wall-clock ``naive``; BadInput if DST skips it."""
    if not exists(naive, tz):
        raise BadInput(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key} (the clocks skip it for "
            "daylight saving time)",
            "start",
        )
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def to_local(instant: datetime, tz: ZoneInfo) -> datetime:
    """The aware local datetime of a UTC instant."""
    return instant.astimezone(tz)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which local ``day`` starts and the next one starts (23-25 h apart)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def local_span(day: date, start: time, end: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of a wall-clock span on ``day`` (hours, breaks); end 00:00 means midnight.

    A bound that DST skips is moved forward to when the clock resumes, which is what a shift
    "from 02:30" means on a spring-forward day.
    """
    def at(t: time, on: date) -> datetime:
        naive = datetime.combine(on, t)
        if not exists(naive, tz):
            return gap_end(naive, tz)
        return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)

    end_day = day + timedelta(days=1) if end == time(0) else day
    return at(start, day), at(end, end_day)


def slot_grid(day: date, tz: ZoneInfo, step_minutes: int) -> Iterator[datetime]:
    """Every UTC instant on ``day`` whose wall-clock time is a whole number of steps after
    midnight, in time order; a wall time that happens twice gives both instants, one DST
    skips gives none."""
    day_start, day_end = day_bounds(day, tz)
    seen: set[datetime] = set()
    minute = 0
    while minute < 26 * 60:
        naive = datetime.combine(day, time(0)) + timedelta(minutes=minute)
        minute += step_minutes
        if naive.date() != day:
            break
        if not exists(naive, tz):
            continue
        for fold in (0, 1):
            instant = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
            if day_start <= instant < day_end:
                seen.add(instant)
    yield from sorted(seen)


#: Years the book accepts; anything else is a typing slip, and stays clear of datetime's limits.
FIRST_YEAR, LAST_YEAR = 1900, 2199

_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DATETIME = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})\s*$")


def parse_date(text: str, field: str = "date") -> date:
    """A YYYY-MM-DD date, or BadInput saying what was wrong."""
    match = _DATE.match(text or "")
    if not match:
        raise BadInput(f"{field} {text!r} is not a date of the form YYYY-MM-DD", field)
    try:
        day = date(*map(int, match.groups()))
    except ValueError as exc:
        raise BadInput(f"{field} {text!r} is not a real date ({exc})", field) from None
    _check_year(day.year, text, field)
    return day


def _check_year(year: int, text: str, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(f"{field} {text!r} is out of range (years {FIRST_YEAR}-{LAST_YEAR})",
                       field)


def parse_local(text: str, tz: ZoneInfo, field: str = "start") -> datetime:
    """A local "YYYY-MM-DD HH:MM" as a UTC instant; BadInput if malformed or skipped by DST."""
    match = _DATETIME.match(text or "")
    if not match:
        raise BadInput(f"{field} {text!r} is not of the form \"YYYY-MM-DD HH:MM\"", field)
    try:
        year, month, day, hour, minute = map(int, match.groups())
        naive = datetime(year, month, day, hour, minute)
    except ValueError as exc:
        raise BadInput(f"{field} {text!r} is not a real date and time ({exc})", field) from None
    _check_year(naive.year, text, field)
    try:
        return to_instant(naive, tz)
    except BadInput as exc:
        raise BadInput(str(exc), field) from None


def format_local(instant: datetime, tz: ZoneInfo) -> str:
    """"YYYY-MM-DD HH:MM" in the clinic's zone, for people."""
    return f"{to_local(instant, tz):%Y-%m-%d %H:%M}"


def ambiguous(local: datetime) -> bool:
    """Whether a local time happens twice (the hour the clocks go back): on paper it then
    needs its zone's name to say which of the two it is."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def iso(instant: datetime, tz: ZoneInfo) -> str:
    """ISO 8601 in the clinic's zone with its UTC offset, for machines."""
    return to_local(instant, tz).isoformat(timespec="minutes")


def utcnow() -> datetime:
    return datetime.now(UTC)
