"""How long a visit may be: the bounds the rules, the booking engine, the catalogue and the
editor all use.

The upper bound is also what lets every read of the book look back a fixed distance for
visits reaching into a window, so it is a promise the database queries rely on, not only a
check on input.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from frontdesk.domain.errors import Violation

#: No appointment may be longer than this; it also bounds the window searched for clashes.
MAX_LENGTH = timedelta(hours=12)
MAX_MINUTES = int(MAX_LENGTH.total_seconds() // 60)

#: The longest rest after a service (the therapist's) or turnover after it (the room's), in
#: minutes. With MAX_LENGTH it bounds how long before a moment a visit may start and still
#: hold its therapist or room then.
MAX_BUFFER_MINUTES = 240
MAX_REACH = MAX_LENGTH + timedelta(minutes=MAX_BUFFER_MINUTES)

#: The shortest a service may be, and the shortest length the editor offers. A booking made
#: another way (the command line, an import) need only end after it starts.
MIN_SERVICE_MINUTES = 5

_TOO_LONG = f"an appointment cannot last over {MAX_MINUTES // 60} hours"


def length_violation(start: datetime, end: datetime,
                     appointment_id: int | None = None) -> Violation | None:
    """What is wrong with a visit from ``start`` to ``end``, or None when its length is fine.

    ``appointment_id`` is the existing visit being changed, carried on the refusal."""
    return _violation(end - start, "the appointment ends before it starts", appointment_id)


def minutes_violation(minutes: int, appointment_id: int | None = None) -> Violation | None:
    """:func:`length_violation` for a length typed in minutes, saying the length given
    (any integer: one beyond what a timedelta holds is simply too long)."""
    if minutes > MAX_MINUTES:
        return Violation("too-long", "end", _TOO_LONG, appointment_id=appointment_id)
    return _violation(timedelta(minutes=max(minutes, 0)),
                      f"the appointment ends before it starts ({minutes} minutes long)",
                      appointment_id)


def _violation(length: timedelta, backwards: str,
               appointment_id: int | None) -> Violation | None:
    if length <= timedelta(0):
        return Violation("ends-before-start", "end", backwards, appointment_id=appointment_id)
    if length > MAX_LENGTH:
        return Violation("too-long", "end", _TOO_LONG, appointment_id=appointment_id)
    return None
