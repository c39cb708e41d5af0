"""What opens the appointment dialog, and what it sends: plain values, no widgets.

The book, the desk's tools and the waitlist open the dialog with an :class:`EditorPrefill`;
the dialog hands the editing controller a :data:`Request`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from frontdesk.services.booking import BookingRequest, Change
from frontdesk.services.catalog import Catalog
from frontdesk.services.schedule import AppointmentView


class FollowingChange(NamedTuple):
    """A change to a series visit that is to apply to every later visit of the series too."""

    appointment_id: int
    change: Change


Request = BookingRequest | tuple[int, Change] | FollowingChange


@dataclass(frozen=True)
class EditorPrefill:
    """Where the editor opens: the column and time clicked, or whatever the caller knows."""

    start: datetime
    therapist_id: int | None = None
    room_id: int | None = None
    minutes: int | None = None
    service_id: int | None = None
    client_id: int | None = None
    #: Booking for this waitlist entry (removed when the booking is made).
    waitlist_id: int | None = None
    #: A couples service's second therapist (a time find-a-time offered for the pair).
    partner_therapist_id: int | None = None


def opening(prefill: EditorPrefill | None, appointment: AppointmentView | None,
            catalog: Catalog) -> EditorPrefill:
    """What the editor opens with, every field settled: a booked visit as it is, with the
    start (and therapist, room and length when set) the caller proposes over it, e.g. a drop
    on another column; a new visit as prefilled, its length the service's unless given."""
    if appointment is not None:
        a, p = appointment, prefill
        minutes = int((a.end - a.start).total_seconds() // 60)
        if p is None:
            return EditorPrefill(a.start, a.therapist_id, a.room_id, minutes, a.service_id,
                                 a.client_id)
        return EditorPrefill(p.start, p.therapist_id or a.therapist_id, p.room_id or a.room_id,
                             p.minutes or minutes, a.service_id, a.client_id)
    assert prefill is not None  # a new visit always opens somewhere
    service = catalog.services.get(prefill.service_id or -1)
    return replace(prefill, minutes=prefill.minutes or (service.minutes if service else 60))
