"""What changed in the book since a point in the audit trail.

Every change (from this window, another desk, the command line) writes an audit row in its
own transaction, so the audit id is a cheap, ordered change counter for any database. A view
asks "what changed since id N?" and reads back only those appointments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m

#: Entities of the book itself (appointments, clients, series, the waitlist, the money
#: ledger's groups, certificates and day closes); a change to anything else (clinic, rooms,
#: services, therapists, hours, time off) means the catalogue must be read again.
BOOK_ENTITIES = frozenset({"appointments", "clients", "client_phones", "client_flags",
                           "series", "waitlist", "checkouts", "gift_certificates",
                           "day_closes"})


@dataclass(frozen=True)
class Changes:
    last_id: int
    appointment_ids: frozenset[int] = frozenset()
    client_ids: frozenset[int] = frozenset()
    catalog: bool = False
    #: The therapists whose visits changed, before and after (a visit moved from Ana to Ben
    #: changes both their days): what a published calendar must be rewritten for.
    therapist_ids: frozenset[int] = frozenset()
    #: The book was replaced by a restored backup: what was seen before says nothing.
    replaced: bool = False

    def __bool__(self) -> bool:
        return bool(self.appointment_ids or self.client_ids or self.catalog)


def last_id(session: Session) -> int:
    return session.scalar(select(func.max(m.AuditEntry.id))) or 0


def since(session: Session, after: int, limit: int = 5000) -> Changes:
    """Changes recorded after audit id ``after``; past ``limit`` rows, say "everything"."""
    a = m.AuditEntry
    rows = session.execute(select(a.id, a.entity, a.entity_id, a.before, a.after)
                           .where(a.id > after).order_by(a.id).limit(limit)).all()
    if not rows:
        last = last_id(session)
        # A trail shorter than what was seen: the book was replaced (a backup restored, at
        # this desk or another on this computer): everything is read again.
        return Changes(last, catalog=True, replaced=True) if last < after else Changes(after)
    if len(rows) == limit:
        return Changes(last_id(session), catalog=True)
    appts = frozenset(r.entity_id for r in rows if r.entity == "appointments" and r.entity_id)
    clients = frozenset(r.entity_id for r in rows if r.entity == "clients" and r.entity_id)
    paid = [e for r in rows if r.entity == "checkouts"  # a visit paid, voided, a fee charged
            for e in (r.after or {}).get("entries", ()) if isinstance(e, dict)]
    appts |= {e["appointment_id"] for e in paid if isinstance(e.get("appointment_id"), int)}
    clients |= {e["client_id"] for e in paid if isinstance(e.get("client_id"), int)}
    catalog = any(r.entity not in BOOK_ENTITIES for r in rows)
    therapists = frozenset(
        t for r in rows if r.entity == "appointments"
        for t in ((r.before or {}).get("therapist_id"), (r.after or {}).get("therapist_id"))
        if isinstance(t, int))
    return Changes(rows[-1].id, appts, clients, catalog, therapists)
