"""Appointment statuses, booking sources, which status may follow which, and when."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from frontdesk.domain.errors import BadInput, Violation


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
    # A late cancellation stays one: it is what the client's record counts, so no later
    # "cancel" may soften it into a plain cancellation (undo goes back through "booked").
    Status.LATE_CANCEL: frozenset({Status.BOOKED}),
    Status.NO_SHOW: frozenset({Status.BOOKED, Status.ARRIVED, Status.LATE_CANCEL}),
}

#: The two cancellations: hidden from the book unless asked for, and set only with a reason
#: (kept on the appointment).
CANCELLATIONS = frozenset({Status.CANCELLED, Status.LATE_CANCEL})
NEEDS_REASON = CANCELLATIONS


def transition_problem(current: Status, new: Status) -> str | None:
    """Why ``current`` may not become ``new``, or None when it may."""
    if current == new:
        return f"the appointment is already marked {new.label}"
    if current is Status.LATE_CANCEL and new is Status.CANCELLED:
        return "the appointment is already a late cancellation, which stays one"
    if new not in TRANSITIONS[current]:
        hint = (": mark the client arrived first" if Status.ARRIVED in TRANSITIONS[current]
                and new in (Status.IN_SESSION, Status.COMPLETED) else "")
        return f"a {current.label} appointment cannot become {new.label}{hint}"
    return None


#: How long before its start a visit may be given each of these statuses: a visit that has
#: not started cannot be a no-show or completed, a client may be taken in up to half an hour
#: early and is marked arrived from an hour before (a client in the waiting room, never one
#: for a visit days away). The other statuses may be set at any time.
EARLIEST: dict[Status, timedelta] = {
    Status.NO_SHOW: timedelta(0),
    Status.COMPLETED: timedelta(0),
    Status.IN_SESSION: timedelta(minutes=30),
    Status.ARRIVED: timedelta(hours=1),
}

#: How long after its end a visit may still be given each of these statuses. In session
#: belongs to the visit's own day (12 hours leave room to put a slip right, or undo it,
#: that evening); completed and no-show may be recorded while the week's book is
#: reconciled, not months later, and so may arrived, the step on the way to completed for a
#: visit nobody marked at the time.
LATEST: dict[Status, timedelta] = {
    Status.ARRIVED: timedelta(days=7),
    Status.IN_SESSION: timedelta(hours=12),
    Status.COMPLETED: timedelta(days=7),
    Status.NO_SHOW: timedelta(days=7),
}


def timing_problem(current: Status, new: Status, start: datetime, end: datetime,
                   now: datetime, appointment_id: int | None = None) -> Violation | None:
    """Why a visit from ``start`` to ``end`` may not go from ``current`` to ``new`` at
    ``now``, or None when the moment is right (whether the step exists at all is
    :func:`transition_problem`'s question)."""
    if new in EARLIEST and start - EARLIEST[new] > now:
        if new is Status.ARRIVED:
            message = "a client is marked arrived only from an hour before the visit"
        elif new is Status.IN_SESSION:
            message = "a visit can be in session only from half an hour before its start"
        else:
            message = f"a visit that has not started cannot be marked {new.label}"
        return Violation("transition", "status", message, appointment_id=appointment_id)
    if new in LATEST and end + LATEST[new] < now:
        return Violation("transition", "status",
                         f"the visit is long over; it can no longer be marked {new.label}",
                         appointment_id=appointment_id)
    if new.occupies_time and not current.occupies_time and end <= now:
        # Coming back from a cancellation or no-show: a visit that is over is not booked again.
        return Violation("in-past", "start", "the visit is over; book a new one instead",
                         appointment_id=appointment_id)
    return None


def status_problem(current: Status, new: Status, start: datetime, end: datetime,
                   now: datetime, appointment_id: int | None = None) -> Violation | None:
    """Why ``current`` may not become ``new`` for a visit from ``start`` to ``end`` at ``now``
    (the step itself first, then its timing), or None when it may."""
    problem = transition_problem(current, new)
    if problem:
        return Violation("transition", "status", problem, appointment_id=appointment_id)
    return timing_problem(current, new, start, end, now, appointment_id)


def choices(current: Status, start: datetime, end: datetime,
            now: datetime) -> frozenset[Status]:
    """The statuses a visit from ``start`` to ``end`` in ``current`` may be given at ``now``
    (what a menu offers; a cancellation back to "booked" is still checked against the book)."""
    return frozenset(s for s in TRANSITIONS[current]
                     if timing_problem(current, s, start, end, now) is None)


#: The parts of a booked visit a desk may change (see :func:`edit_problem`).
PARTS = ("client", "service", "start", "minutes", "therapist", "room", "notes", "source")
#: The parts that place a visit in the book: changing any of them asks every booking rule.
PLACING = frozenset({"client", "service", "start", "minutes", "therapist", "room"})

# While which statuses each part may change. Who comes, for what, when, with whom and where
# (and how the booking came in) may change until the visit is under way: once in session it
# is what happened. Notes may be written as long as the visit stands, during and after it
# too (what the therapist found); a cancelled visit or a no-show keeps them as they were.
_EDITABLE: dict[str, frozenset[Status]] = {part: MOVABLE for part in PARTS}
_EDITABLE["notes"] = ACTIVE

#: How a desk calls each part.
PART_LABELS = {"start": "time", "minutes": "length"}


def edit_problem(part: str, status: Status) -> str | None:
    """Why ``part`` (one of :data:`PARTS`) of a visit in ``status`` may not be changed, in
    words a desk can show beside the field, or None when it may."""
    allowed = _EDITABLE[part]
    if Status(status) in allowed:
        return None
    what = PART_LABELS.get(part, part)
    if allowed is MOVABLE:
        return (f"the visit is {Status(status).label}: its {what} stays as it is "
                "(only a booked, confirmed or arrived visit can be changed)")
    return f"the visit is {Status(status).label}: its {what} stay as they were"


def editable(status: Status) -> dict[str, str | None]:
    """Each part of :data:`PARTS` with why it is fixed in ``status`` (None: it may change);
    what the editor asks to decide which fields to open."""
    return {part: edit_problem(part, status) for part in PARTS}


class Source(StrEnum):
    WALK_IN = "walk-in"
    PHONE = "phone"
    WEB = "web"
    IMPORT = "import"
    DESK = "desk"
