"""Erasing a client's data on request: what it takes away, what it keeps, and why.

A client may ask the clinic to forget them. Their card cannot simply be deleted: their visits
are part of the therapists' days and of the clinic's counts (utilisation, no-shows, takings),
and a deleted row would change last month's figures. So erasing keeps a number where a person
was, and the visits as facts without a story:

- **the card** becomes "Erased client #ID", deactivated; its phones, e-mail (and the key the
  duplicate check finds it by), notes, alert and contraindication flags are gone. Cards
  merged into it are the same person and are erased alike.
- **past visits** are kept with their times, service, therapist, room, status and price, so
  every count stays; their notes are emptied, and the texts that may tell something about the
  client (a cancellation's reason, the contraindications acknowledged, an override's reason
  and what it booked over) become :data:`MARK` where they held anything (a recorded reason
  still excuses a double-booking in ``frontdesk check``).
- **visits still to come** (booked or confirmed, not started) are cancelled, with
  :data:`CANCEL_REASON`: a slot held for someone the clinic can no longer name or call helps
  nobody, and the desk sees the time free at once. A visit **under way** (arrived or in
  session and not over) refuses the erase until the desk has closed it.
- **waitlist entries** are removed (a wish is not a count).
- **the audit trail** says that an erase happened, by whom and when, and what became of the
  visits, but never what was erased: the erase's own entry holds the card's fields as
  :data:`MARK`, and the earlier entries about the card, its visits and its waitlist entries
  are redacted by the same rule (:func:`redact`). Other visits whose override text named the
  client name "Erased client #ID" instead (:func:`unnamed`).

The rule is plain Python; :mod:`frontdesk.services.erasure` applies it to the book.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from frontdesk.domain.status import Status

#: What an erased text becomes where it held something (an empty one stays empty).
MARK = "(erased)"
#: The reason given to the visits still to come that erasing cancels.
CANCEL_REASON = "cancelled when the client's data was erased"

#: A card's fields that say who the client is (as the card's audit snapshot names them).
CARD_FIELDS = ("name", "email", "email_key", "notes", "alert", "search_key", "search_key2",
               "phones", "flags")
#: A visit's texts that may say something about the client; ``notes`` is emptied on the
#: visit, the others marked.
VISIT_FIELDS = ("notes", "cancel_reason", "cautions_acknowledged", "override_reason",
                "overridden")
#: A waitlist entry's text.
WAITLIST_FIELDS = ("note",)
#: Each audited entity's fields an erase redacts.
FIELDS = {"clients": CARD_FIELDS, "appointments": VISIT_FIELDS, "waitlist": WAITLIST_FIELDS}

#: Visits erasing cancels when they have not started yet.
TO_CANCEL = frozenset({Status.BOOKED, Status.CONFIRMED})
#: Visits that stop an erase while they are not over.
UNDER_WAY = frozenset({Status.ARRIVED, Status.IN_SESSION})


def erased_name(client_id: int) -> str:
    return f"Erased client #{client_id}"


def fate(status: Status, start: datetime, end: datetime, now: datetime) -> str:
    """What erasing does to one of the client's visits: "cancel" (still to come), "refuse"
    (under way: the erase waits for the desk to close it) or "keep" (a past visit, or one
    already cancelled: kept as a count, its texts erased)."""
    if status in TO_CANCEL and start >= now:
        return "cancel"
    if status in UNDER_WAY and end > now:
        return "refuse"
    return "keep"


def visit_texts(texts: dict[str, str]) -> dict[str, str]:
    """A visit's texts (:data:`VISIT_FIELDS`) as erasing leaves them on the visit."""
    return {k: "" if k == "notes" or not v else MARK for k, v in texts.items()}


def redact(entity: str, snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """An audit snapshot of ``entity`` ("clients", "appointments", "waitlist") with every
    field that may tell who the client is replaced by :data:`MARK` (lists by one mark each
    entry: the number of phones or flags is no secret, what they were is), so an entry keeps
    what happened and not to whom. Other fields (ids, times, statuses) are kept."""
    if snapshot is None:
        return None
    fields = FIELDS.get(entity, ())
    return {k: (_marked(v) if k in fields else v) for k, v in snapshot.items()}


def unnamed(text: str, name: str, client_id: int) -> str:
    """``text`` with the client's ``name`` replaced by "Erased client #ID" (an override's
    record of the visit it was booked over names that visit's client): the whole name only,
    so erasing "Al" leaves "Alicia" alone."""
    if not name.strip():
        return text
    whole = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return whole.sub(lambda _m: erased_name(client_id), text)


def _marked(value: object) -> object:
    if isinstance(value, list):
        return [MARK for _ in value]
    if value is None or value == "":
        return value
    return MARK
