"""Changing the clinic's time zone on a book that already holds visits.

The book keeps instants; the clinic's zone says what clock time each one is. Changing the
zone therefore moves every visit on the clock unless the visits move too, and which of the
two a clinic means is not ours to guess: one that set the wrong zone at first wants its
10:00 visits to stay at 10:00 (keep the wall-clock times: each instant moves); one that
really moved wants the moments kept (keep the instants: the clock times change).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput


class Keep(StrEnum):
    WALL_CLOCK = "wall-clock"
    INSTANTS = "instants"


class WhichToKeep(BadInput):
    """The user must say which to keep (the window asks, with these facts)."""

    def __init__(self, message: str, visits: int, old: ZoneInfo, new: ZoneInfo):
        super().__init__(message, "timezone")
        self.visits, self.old, self.new = visits, old, new


def which(keep: str | None, visits: int, old: ZoneInfo, new: ZoneInfo) -> Keep | None:
    """How to change from ``old`` to ``new`` on a book with ``visits`` appointments: None
    when nothing moves either way; :class:`WhichToKeep` asking, when the user did not say."""
    if old.key == new.key or visits == 0:
        return None
    if keep is None:
        raise WhichToKeep(
            f"the book holds {visits:,} appointment{'s' * (visits != 1)}: changing the time "
            f"zone from {old.key} to {new.key} would move them on the clock; say which to "
            "keep: the wall-clock times (10:00 stays 10:00) or the instants (the same "
            "moments, at other clock times)", visits, old, new)
    try:
        return Keep(keep)
    except ValueError:
        raise BadInput(f"keep is {Keep.WALL_CLOCK} or {Keep.INSTANTS}, not {keep!r}",
                       "timezone") from None


def same_wall_clock(instant: datetime, old: ZoneInfo, new: ZoneInfo) -> timedelta:
    """How far ``instant`` moves to show the same clock time in ``new`` as in ``old``;
    BadInput naming it when that clock time does not exist in ``new`` (a DST gap)."""
    wall = clock.to_local(instant, old).replace(tzinfo=None)
    try:
        return clock.to_instant(wall, new) - instant
    except BadInput:
        raise BadInput(f"the visit at {wall:%Y-%m-%d %H:%M} has no such clock time in "
                       f"{new.key} (daylight saving time skips it); nothing was changed",
                       "timezone") from None
