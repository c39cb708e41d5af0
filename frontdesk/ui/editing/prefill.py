"""What opens the appointment dialog, and what it sends: plain values, no widgets.

The book, the desk's tools and the waitlist open the dialog with an :class:`EditorPrefill`;
the dialog hands the editing controller a :data:`Request`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from frontdesk.services.booking import BookingRequest, Change


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
