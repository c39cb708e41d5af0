"""The database's own double-booking guard (migrations 0007 and 0012), as the program recognises it.

Beneath the booking rules the database refuses two active visits holding one room at once,
and one therapist unless a visit carries an override reason: PostgreSQL with exclusion
constraints, SQLite with triggers. When it fires under the booking engine (a race the lock
missed, a row written around the program that the rules' reads did not see), the services
turn it back into the engine's own refusal; this module only says which guard fired, from
the constraint's name or the trigger's fixed message, never from the row's values.
"""

from __future__ import annotations

from sqlalchemy import exc

ROOM, THERAPIST = "room", "therapist"

#: PostgreSQL's exclusion constraints (and the party count's trigger, migration 0012, which
#: raises as one), by what they guard: a room over its capacity is a room taken.
CONSTRAINTS = {"ex_appointments_room": ROOM, "ex_appointments_therapist": THERAPIST,
               "tr_appointments_room_capacity": ROOM}
#: The start of each SQLite trigger's message (``RAISE(ABORT, ...)``), by what it guards.
MESSAGES = {"room double-booked": ROOM, "therapist double-booked": THERAPIST,
            "room over capacity": ROOM}
#: A room's capacity lowered below a party still to come (0012's trigger on rooms).
CAPACITY_LOWERED = ("tr_rooms_capacity_lowered", "room capacity below a booked party")
EXCLUSION_VIOLATION = "23P01"


def tripped(error: exc.DBAPIError) -> str | None:
    """Which guard (:data:`ROOM` or :data:`THERAPIST`) refused the write that raised
    ``error``, or None when the error is something else."""
    orig = error.orig
    if getattr(orig, "sqlstate", None) == EXCLUSION_VIOLATION:
        name = getattr(getattr(orig, "diag", None), "constraint_name", None)
        return CONSTRAINTS.get(name or "")
    first = (str(orig).strip().splitlines() or [""])[0]
    return next((kind for head, kind in MESSAGES.items() if first.startswith(head)), None)


def capacity_lowered(error: exc.DBAPIError) -> bool:
    """Whether ``error`` is the database refusing a room's capacity below a booked party."""
    orig = error.orig
    name = getattr(getattr(orig, "diag", None), "constraint_name", None)
    first = (str(orig).strip().splitlines() or [""])[0]
    return name == CAPACITY_LOWERED[0] or first.startswith(CAPACITY_LOWERED[1])
