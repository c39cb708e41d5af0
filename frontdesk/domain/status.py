"""Appointment statuses, booking sources and which status may follow which."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    BOOKED = "booked"
    CONFIRMED = "confirmed"
    ARRIVED = "arrived"
    IN_SESSION = "in_session"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    LATE_CANCEL = "late_cancel"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return {"in_session": "in session"}.get(self.value, self.value.replace("_", "-"))

    @property
    def occupies_time(self) -> bool:
        """Whether an appointment in this status holds its therapist, room and client."""
        return self in ACTIVE

    @classmethod
    def parse(cls, text: str) -> Status:
        """Accept "no-show", "No show", "no_show" alike."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            from frontdesk.domain.errors import BadInput

            names = ", ".join(s.value.replace("_", "-") for s in cls)
            raise BadInput(f"unknown status {text!r} (one of: {names})", "status") from None


ACTIVE = frozenset(
    {Status.BOOKED, Status.CONFIRMED, Status.ARRIVED, Status.IN_SESSION, Status.COMPLETED}
)
#: Statuses in which the time, therapist and room of a visit may still change.
MOVABLE = frozenset({Status.BOOKED, Status.CONFIRMED, Status.ARRIVED})

# Each status maps to the ones a desk may set next. Backward steps exist so that a slip of the
# hand (and the window's undo) can be put right; a visit that happened never becomes a no-show
# or a cancellation, and a cancelled visit comes back only as "booked" (and is checked again).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.BOOKED: frozenset(
        {Status.CONFIRMED, Status.ARRIVED, Status.CANCELLED, Status.LATE_CANCEL, Status.NO_SHOW}
    ),
    Status.CONFIRMED: frozenset(
        {Status.BOOKED, Status.ARRIVED, Status.CANCELLED, Status.LATE_CANCEL, Status.NO_SHOW}
    ),
    Status.ARRIVED: frozenset(
        {Status.BOOKED, Status.CONFIRMED, Status.IN_SESSION, Status.COMPLETED, Status.CANCELLED}
    ),
    Status.IN_SESSION: frozenset({Status.ARRIVED, Status.COMPLETED}),
    Status.COMPLETED: frozenset({Status.IN_SESSION}),
    Status.CANCELLED: frozenset({Status.BOOKED}),
    Status.LATE_CANCEL: frozenset({Status.BOOKED, Status.CANCELLED}),
    Status.NO_SHOW: frozenset({Status.BOOKED, Status.ARRIVED, Status.LATE_CANCEL}),
}

#: The two cancellations: hidden from the book unless asked for, and set only with a reason
#: (kept on the appointment).
CANCELLATIONS = frozenset({Status.CANCELLED, Status.LATE_CANCEL})
NEEDS_REASON = CANCELLATIONS


def transition_problem(current: Status, new: Status) -> str | None:
    """Why ``current`` may not become ``new``, or None when it may."""
    if current == new:
        return f"the appointment is already {new.label}"
    if new not in TRANSITIONS[current]:
        return f"a {current.label} appointment cannot become {new.label}"
    return None


class Source(StrEnum):
    WALK_IN = "walk-in"
    PHONE = "phone"
    WEB = "web"
    IMPORT = "import"
    DESK = "desk"
