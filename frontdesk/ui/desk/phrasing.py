"""How the desk's dialogs say when a free time is, and which services match a few letters.

Plain functions over the catalogue and the clock, kept apart from the widgets so that what a
receptionist reads ("in 25 min", "Walk-in Tue 1 Dec") is one decision, tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from frontdesk.domain import clock
from frontdesk.domain.rules import ServiceInfo
from frontdesk.domain.text import fold


def from_now(start: datetime, now: datetime, tz) -> str:
    """How soon ``start`` is, as said at the desk: "now", "in 25 min", "in 2 h 10 min"
    (later today), then "tomorrow" and "in 3 days" by the clinic's calendar days."""
    minutes = int((start - now).total_seconds() // 60)
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"in {minutes} min"
    days = (clock.to_local(start, tz).date() - clock.to_local(now, tz).date()).days
    if days < 1:
        hours, rest = divmod(minutes, 60)
        return f"in {hours} h" + (f" {rest} min" if rest else "")
    return "tomorrow" if days == 1 else f"in {days} days"


def matching(services: Iterable[ServiceInfo], text: str) -> list[ServiceInfo]:
    """Active services whose folded name, or any word of it, starts with the folded ``text``
    (all of them for no text); whole-name matches first."""
    key, active = fold(text), [s for s in services if s.active]
    first = [s for s in active if fold(s.name).startswith(key)]
    return first + [s for s in active if s not in first
                    and any(w.startswith(key) for w in fold(s.name).split())]


def walk_in_text(start: datetime | None, now: datetime, tz) -> str:
    """The walk-in button's words for a time at ``start``: "book now", else the time later
    today or the day (a walk-in booked for tomorrow by Alt+W must not come as a surprise)."""
    if start is None or from_now(start, now, tz) == "now":
        return "&Walk-in: book now"
    local = clock.to_local(start, tz)
    if local.date() == clock.to_local(now, tz).date():
        return f"&Walk-in at {local:%H:%M}"
    return f"&Walk-in {local:%a} {local.day} {local:%b}"
