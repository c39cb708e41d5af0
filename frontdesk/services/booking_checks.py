"""The small checks every change of a visit goes through, whichever use case makes it: which
parts a change touches, whether the visit's status lets them change, whether soft rules were
booked over with a reason (and recording it), the length's bounds. Kept apart from
:mod:`frontdesk.services.booking_session` for its length; imported from there too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.length import minutes_violation
from frontdesk.domain.status import Source, Status, edit_problem

if TYPE_CHECKING:
    from frontdesk.services.booking import Change


def parts_changed(appt: m.Appointment, change: Change) -> set[str]:
    """The parts of ``appt`` (:data:`frontdesk.domain.status.PARTS`) that ``change`` gives
    another value; a part sent as it already is (the editor sends every field) is no change."""
    length = int((appt.ends_at - appt.starts_at).total_seconds() // 60)
    given = {
        "start": change.start is not None and change.start != appt.starts_at,
        "minutes": change.minutes is not None and change.minutes != length,
        "therapist": bool(change.therapist_id) and change.therapist_id != appt.therapist_id,
        "room": bool(change.room_id) and change.room_id != appt.room_id,
        "client": (change.new_client is not None
                   or (change.no_client and appt.client_id is not None)
                   or (bool(change.client_id) and change.client_id != appt.client_id)),
        "service": bool(change.service_id) and change.service_id != appt.service_id,
        "notes": change.notes is not None and change.notes.strip() != (appt.notes or ""),
        "source": change.source is not None and Source(change.source).value != appt.source,
    }
    return {part for part, changed in given.items() if changed}


def refuse_fixed_parts(appt: m.Appointment, change: Change) -> None:
    """Refused, naming the field and why, when ``change`` touches a part the visit's status
    keeps as it is (the domain's :func:`edit_problem`)."""
    status = Status(appt.status)
    problems = [Violation("not-movable", part, why, appointment_id=appt.id)
                for part in sorted(parts_changed(appt, change))
                if (why := edit_problem(part, status))]
    if problems:
        raise Refused(problems)


def refuse_unless_overridden(problems: list[Violation], override: str) -> None:
    """Hard rules always refuse; soft ones refuse unless a reason to book over them is given."""
    if not problems:
        return
    if any(not v.soft for v in problems) or not override.strip():
        raise Refused(problems)


def check_minutes(minutes: int) -> None:
    problem = minutes_violation(minutes)
    if problem:
        raise BadInput(problem.message, problem.field)


def record_override(appt: m.Appointment, problems: list[Violation], override: str) -> None:
    """Record which soft rules were booked over, and why (cleared when none are)."""
    if problems:
        appt.override_reason = override.strip()
        appt.overridden = "; ".join(v.message for v in problems)[:1000]
    else:
        appt.override_reason = appt.overridden = ""
