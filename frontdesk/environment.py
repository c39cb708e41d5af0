"""Who is at the desk and what time it is: read from the environment, shared by the
command line and the window (``FRONTDESK_USER``, ``FRONTDESK_NOW`` for tests and training)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import UTC, datetime

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput


def now_source() -> Callable[[], datetime]:
    """The clock: real time, or ``FRONTDESK_NOW`` (an ISO instant) for tests and training."""
    fixed = os.environ.get("FRONTDESK_NOW")
    if not fixed:
        return clock.utcnow
    try:
        instant = datetime.fromisoformat(fixed)
    except ValueError:
        raise BadInput(f"FRONTDESK_NOW={fixed!r} is not an ISO date and time", "now") from None
    if not clock.FIRST_YEAR <= instant.year <= clock.LAST_YEAR:  # every date sum stays valid
        raise BadInput(f"FRONTDESK_NOW={fixed!r} is outside the years the book accepts "
                       f"({clock.FIRST_YEAR}-{clock.LAST_YEAR})", "now")
    instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return lambda: instant


def actor() -> str:
    try:
        return os.environ.get("FRONTDESK_USER") or getpass.getuser()
    except Exception:
        return "desk"
