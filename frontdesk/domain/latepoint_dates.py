"""LatePoint's dates as its bookings export writes them: text for people, not data.

The website's export writes "Start Date & Time" in the site's wall-clock time with no zone,
and in whichever form the site's date settings give: ``Today, 02:30pm`` for the day of the
export, ``March 10, 02:30pm`` within the export's year (no year written), ``Mar 10, 2027,
02:30pm`` otherwise, ``14:30`` on 24-hour sites, and the day before the month (``10 March``)
or the year first (``2027, Mar 10``) for other orders. "Booked On" reads like ``Mar 5, 2026
2:30 pm``. So a date is read against the day the file was exported, which the desk says.

Read here as a naive wall-clock datetime; the clinic's zone is the service's to apply
(:func:`frontdesk.domain.clock.to_instant`). Anything else is refused with the text, never
guessed at: a slash date (``03/10/2027``) could be either month first or day first.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from frontdesk.domain.errors import BadInput

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
_WEEKDAYS = frozenset({"monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed",
                       "thursday", "thu", "thur", "thurs", "friday", "fri", "saturday",
                       "sat", "sunday", "sun"})
#: The words that name a day by its distance from the export day.
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}

#: The time at the end: "02:30pm", "2:30 PM", "2:30 p.m.", "14:30".
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})\s*(?:([ap])\.?\s*m\.?)?\s*$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
#: What a date part may hold besides its words and numbers.
_PUNCTUATION = re.compile(r"^[\s,.]*$")


def read_date_time(text: str, exported_on: date, field: str = "start") -> datetime:
    """The wall-clock date and time ``text`` names, read against the export day
    ``exported_on``; BadInput naming the text when it is not one of LatePoint's forms."""
    raw = (text or "").strip()
    match = _TIME.search(raw)
    if not match:
        raise _unreadable(text, field, "no time of day")
    clock_time = _time_of_day(match, text, field)
    day = read_date(raw[:match.start()].strip(" ,"), exported_on, text, field)
    return datetime.combine(day, clock_time)


def read_date(part: str, exported_on: date, text: str | None = None,
              field: str = "start") -> date:
    """The day ``part`` (a date without its time) names, read against ``exported_on``."""
    whole = part if text is None else text
    iso = _ISO.match(part)
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]), whole, field)
    tokens = _TOKEN.findall(part)
    if _PUNCTUATION.match(_TOKEN.sub("", part)) is None:
        raise _unreadable(whole, field, "not a date LatePoint writes")
    words = [t.lower() for t in tokens if not t.isdigit() and t.lower() not in _WEEKDAYS]
    numbers = [t for t in tokens if t.isdigit()]
    if not tokens:
        raise _unreadable(whole, field, "no date")
    if len(words) == 1 and words[0] in _RELATIVE and not numbers:
        return exported_on + timedelta(days=_RELATIVE[words[0]])
    if len(words) != 1 or words[0] not in _MONTHS:
        raise _unreadable(whole, field, "no month named")
    month = _MONTHS[words[0]]
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) > 1 or len(days) != 1 or len(years) + len(days) != len(numbers):
        raise _unreadable(whole, field, "not one day and at most one year")
    year = int(years[0]) if years else exported_on.year
    return _day(year, month, int(days[0]), whole, field)


def _time_of_day(match: re.Match[str], text: str, field: str) -> time:
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if minute > 59:
        raise _unreadable(text, field, "no such minute")
    if half:
        if not 1 <= hour <= 12:
            raise _unreadable(text, field, "no such hour")
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        raise _unreadable(text, field, "no such hour")
    return time(hour, minute)


def _day(year: int, month: int, day: int, text: str, field: str) -> date:
    if not 1900 <= year <= 2999:
        raise _unreadable(text, field, "no such year")
    try:
        return date(year, month, day)
    except ValueError:
        raise _unreadable(text, field, "no such day") from None


def _unreadable(text: str | None, field: str, why: str) -> BadInput:
    return BadInput(f"cannot read the date {text!r} ({why})", field)
