"""The audit trail as a manager reads it: who changed what, when, before and after,
filtered by appointment, client or staff member (``frontdesk audit`` and the window's
Audit trail alike).

- an appointment: the entries about it;
- a client (named as anywhere else: a name, phone digits, ``#302``): the entries about the
  card (and the cards merged into it) and every entry whose state before or after names
  it as the client — its visits, waitlist entries, phones and flags, also those since moved
  to another card;
- a staff member: the entries made under that name (any case).

Newest first, at most ``limit`` of them. Only reads; it logs nothing (entries hold client
data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import audit_chain, clock
from frontdesk.domain.access import Action
from frontdesk.services import clients, permits

#: Entries shown when no limit is given.
LIMIT = 200
#: Columns every snapshot carries that say nothing a person asked about.
QUIET = frozenset({"version", "updated_at", "updated_by"})
#: How entities are named for people ("appointment #12").
NOUNS = {"appointments": "appointment", "clients": "client", "client_phones": "client phone",
         "client_flags": "client flag", "series": "series", "waitlist": "waitlist entry",
         "clinic": "clinic", "rooms": "room", "services": "service",
         "therapists": "therapist", "therapist_hours": "therapist hours",
         "time_off": "time off", "opening_hours": "opening hours"}
#: Entities whose snapshots name a client in ``client_id``.
CLIENT_HELD = ("appointments", "waitlist", "client_phones", "client_flags")


@dataclass(frozen=True)
class Filter:
    """What to show: ``None`` for any. ``client`` as typed (resolved when read)."""

    appointment_id: int | None = None
    client: str | None = None
    actor: str | None = None
    limit: int = LIMIT


@dataclass(frozen=True)
class Wording:
    """How a recorded value is shown to people: instants in the clinic's zone (``tz``), a
    therapist, room or service by name with its number (``names``: field -> id -> name)."""

    tz: Any = None
    names: dict[str, dict[int, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog) -> Wording:
        """Wording for a book whose set-up is ``catalog``."""
        return cls(catalog.clinic.tz, {
            "therapist_id": {t.id: t.name for t in catalog.therapists.values()},
            "room_id": {r.id: r.name for r in catalog.rooms.values()},
            "service_id": {v.id: v.name for v in catalog.services.values()}})

    def value(self, key: str, value: Any) -> Any:
        named = self.names.get(key, {}).get(value) if isinstance(value, int) else None
        if named is not None:
            return f"{named} (#{value})"
        if self.tz is not None and isinstance(value, str) and len(value) >= 19 \
                and value[4] == "-" and value[10] == "T":
            try:
                instant = datetime.fromisoformat(value)
            except ValueError:
                return value
            if instant.tzinfo is not None:
                return f"{clock.to_local(instant, self.tz):%Y-%m-%d %H:%M}"
        return value


@dataclass(frozen=True)
class Entry(audit_chain.Link):
    """An entry as the trail's readers show it (the chain's own fields, and what it says)."""

    @property
    def subject(self) -> str:
        noun = NOUNS.get(self.entity, self.entity.replace("_", " ") or "book")
        return f"{noun} #{self.entity_id}" if self.entity_id is not None else noun

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field that changed, the quiet ones left out; a
        creation or removal lists nothing (its whole state is in ``after`` or ``before``)."""
        if not isinstance(self.before, dict) or not isinstance(self.after, dict):
            return []
        keys = [k for k in self.after if k not in QUIET] + [
            k for k in self.before if k not in self.after and k not in QUIET]
        return [(k, self.before.get(k), self.after.get(k)) for k in keys
                if self.before.get(k) != self.after.get(k)]

    def summary(self, wording: Wording | None = None) -> str:
        """One line: the fields changed, or what became of the row."""
        say = wording or Wording()
        changed = self.changes()
        if changed:
            return "; ".join(f"{k}: {_short(say.value(k, old))} → {_short(say.value(k, new))}"
                             for k, old, new in changed)
        if self.before is None and self.after is not None:
            return "created"
        if self.after is None and self.before is not None:
            return "removed"
        return ""

    def as_json(self, tz) -> dict:
        """The fields ``frontdesk audit --json`` prints (documented in the README)."""
        return {"id": self.id, "at": clock.to_local(self.at, tz).isoformat(),
                "actor": self.actor, "action": self.action, "entity": self.entity,
                "entity_id": self.entity_id, "before": self.before, "after": self.after,
                "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass(frozen=True)
class Found:
    entries: list[Entry]
    #: More entries matched than ``limit``.
    more: bool
    #: The client the filter named, as "#3 José Núñez" (empty without one).
    client: str = ""


def find(session: Session, flt: Filter) -> Found:
    """The entries ``flt`` names, newest first: a manager's to read, once staff sign in."""
    permits.require(session, Action.AUDIT)
    a = m.AuditEntry
    query = select(a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after,
                   a.prev_hash, a.hash)
    named = ""
    if flt.appointment_id is not None:
        query = query.where(a.entity == "appointments", a.entity_id == flt.appointment_id)
    if flt.client is not None and flt.client.strip():
        client = clients.resolve(session, flt.client)
        named = f"#{client.id} {client.name}"
        query = query.where(_about_client(session, client.id))
    if flt.actor is not None and flt.actor.strip():
        query = query.where(func.lower(a.actor) == flt.actor.strip().lower())
    rows = session.execute(query.order_by(a.id.desc()).limit(flt.limit + 1)).all()
    return Found([Entry(*row) for row in rows[:flt.limit]], len(rows) > flt.limit, named)


def _about_client(session: Session, client_id: int):
    a = m.AuditEntry
    cards = [client_id, *session.scalars(select(m.Client.id).where(
        m.Client.merged_into_id == client_id))]
    return or_(and_(a.entity == "clients", a.entity_id.in_(cards)),
               and_(a.entity.in_(CLIENT_HELD),
                    or_(a.before["client_id"].as_integer().in_(cards),
                        a.after["client_id"].as_integer().in_(cards))))


def actors(session: Session) -> list[str]:
    """Everyone who changed the book, by name, for a filter to offer."""
    permits.require(session, Action.AUDIT)
    a = m.AuditEntry
    return sorted(session.scalars(select(a.actor).distinct()), key=str.casefold)


def _short(value: Any, width: int = 40) -> str:
    text = "—" if value is None or value == "" else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
