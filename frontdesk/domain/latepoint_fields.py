"""LatePoint's bookings export, column by column: its header, statuses, prices, lengths.

The export's header row is fixed by the plugin (an "agent" is a therapist); a file without
these columns is not a LatePoint export and is refused whole. Statuses are labels a site may
add its own to: the known ones map to the book's, an unknown one is booked (the slot stays
held, so nothing can be double-booked over it) and said so. Dates are
:mod:`frontdesk.domain.latepoint_dates`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontdesk.domain.errors import BadInput
from frontdesk.domain.length import MAX_MINUTES
from frontdesk.domain.status import Status

#: The export's columns, as its header row names them.
COLUMNS = ("ID", "Service", "Start Date & Time", "Duration", "Customer", "Customer Phone",
           "Customer Email", "Agent", "Agent Phone", "Agent Email", "Status", "Price",
           "Booked On")


def missing_columns(header: list[str]) -> list[str]:
    """The export's columns ``header`` lacks (none: it is a LatePoint export). Compared
    without case and surrounding blanks; more columns (a site's custom fields) are fine."""
    have = {h.strip().lower() for h in header}
    return [c for c in COLUMNS if c.lower() not in have]


@dataclass(frozen=True)
class WebStatus:
    """What a LatePoint status means to the book: the status a visit takes, and whether the
    website had it pending (booked, not approved yet) or did not know the label."""

    status: Status
    pending: bool = False
    unknown: bool = False
    label: str = ""

    @property
    def note(self) -> str:
        """What the visit's notes say of it ("" for a plain approved booking)."""
        if self.pending:
            return "pending approval on the website"
        if self.unknown:
            return f"website status {self.label!r} (not known here: booked)"
        return ""


_STATUSES = {
    "approved": Status.BOOKED,
    "pending": Status.BOOKED,
    "pending approval": Status.BOOKED,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "no show": Status.NO_SHOW,
    "no-show": Status.NO_SHOW,
    "completed": Status.COMPLETED,
}


def web_status(label: str) -> WebStatus:
    """The book's reading of a LatePoint status label (any case, any blanks)."""
    key = " ".join((label or "").lower().replace("_", " ").split())
    if key in _STATUSES:
        return WebStatus(_STATUSES[key], pending=key.startswith("pending"), label=label)
    return WebStatus(Status.BOOKED, unknown=True, label=(label or "").strip())


_PRICE = re.compile(r"^[^\d.,-]*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?[^\d.,-]*$")


def price_cents(text: str) -> int | None:
    """``$1,090.00`` as 109000 cents (any currency sign, before or after); None for an
    empty price; BadInput naming the text otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    match = _PRICE.match(text.replace("\u00a0", "").replace(" ", ""))
    if not match:
        raise BadInput(f"cannot read the price {text!r}", "price")
    cents = (match[2] or "0").ljust(2, "0")
    return int(match[1].replace(",", "")) * 100 + int(cents)


def duration_minutes(text: str) -> int | None:
    """"Duration" in minutes ("60", "60 min"); None when empty (the service's length)."""
    text = (text or "").strip()
    if not text:
        return None
    match = re.match(r"^(\d{1,4})\s*(?:min(?:utes?|s)?\.?)?$", text, re.IGNORECASE)
    if not match or not 0 < int(match[1]) <= MAX_MINUTES:
        raise BadInput(f"cannot read the duration {text!r} (minutes, up to {MAX_MINUTES})",
                       "minutes")
    return int(match[1])
