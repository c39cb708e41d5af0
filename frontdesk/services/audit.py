"""The audit trail: every change is recorded in the transaction that makes it.

The trail's ids are also the desks' change counter: a desk reads "what changed after id N"
(see :mod:`frontdesk.services.changes`). That needs ids to become visible in their order.
SQLite writes one transaction at a time, so they do; on PostgreSQL two transactions could
draw ids 10 and 11 and commit 11 first, and a desk reading then would pass 10 by for good.
So on PostgreSQL a transaction takes one transaction-scoped advisory lock before it draws
its first audit id, and holds it to its commit: ids are drawn and committed in one order.

The same order makes the trail one hash chain (:mod:`frontdesk.domain.audit_chain`): each
entry is sealed as it is added, over its content and the hash of the entry before it, read
under that lock (SQLite's write lock, taken at ``BEGIN IMMEDIATE``, does the same there). Its
id is drawn then too (the next after the last on SQLite, the sequence's next on PostgreSQL),
since the seal covers it. Every entry goes through :func:`add`; the ``hash`` column refuses
an entry that did not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from enum import Enum

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import audit_chain


def snapshot(row) -> dict:
    """A JSON-safe copy of an ORM row's columns, less those marked secret (a password's
    hash never enters the trail)."""
    out = {}
    for attr in inspect(row).mapper.column_attrs:
        if any(column.info.get("secret") for column in attr.columns):
            continue
        value = getattr(row, attr.key)
        if isinstance(value, (datetime, date, time)):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        out[attr.key] = value
    return out


def record(session: Session, *, actor: str, at: datetime, action: str, row=None,
           entity: str | None = None, entity_id: int | None = None,
           before: dict | None = None) -> None:
    """Add one audit entry; ``row`` (flushed) gives entity, id and the state after."""
    _in_order(session)
    if row is not None:
        session.flush()
        entity = entity or row.__tablename__
        entity_id = entity_id if entity_id is not None else row.id
    add(session, m.AuditEntry(
        at=at, actor=actor, action=action, entity=entity or "", entity_id=entity_id,
        before=before, after=snapshot(row) if row is not None else None,
    ))


def add(session: Session, entry: m.AuditEntry) -> m.AuditEntry:
    """Seal ``entry`` as the trail's next link and add it to the session (after sealing
    the trail again where :func:`redact` rewrote it, and a note saying so)."""
    _in_order(session)
    kept = session.info.get(_RESEAL)
    if kept is not None and kept[0] is session.get_transaction() and kept[1]:
        session.info.pop(_RESEAL)
        add(session, m.AuditEntry(at=entry.at, actor=entry.actor, action=RESEALED,
                                  entity="audit_log", entity_id=None, before=None,
                                  after=_reseal(session, kept[1])))
    entry.actor = (entry.actor or "")[:100]
    entry.before, entry.after = audit_chain.plain(entry.before), audit_chain.plain(entry.after)
    entry.id, entry.prev_hash = _next(session)
    entry.hash = audit_chain.seal(link(entry))
    session.add(entry)
    return entry


def link(entry: m.AuditEntry) -> audit_chain.Link:
    return audit_chain.Link(entry.id, entry.at, entry.actor, entry.action, entry.entity,
                            entry.entity_id, entry.before, entry.after, entry.prev_hash,
                            entry.hash)


def _next(session: Session) -> tuple[int, str]:
    """The next entry's id and the hash it follows (the last entry's, written by this
    transaction or committed before it took the lock)."""
    if any(isinstance(o, m.AuditEntry) for o in session.new):
        session.flush()  # this transaction's own entries first: the last may be one of them
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(_PG_NEXT).one()
        return row[0], row[1] or audit_chain.GENESIS
    last = session.execute(_SQLITE_LAST).first()
    return (1, audit_chain.GENESIS) if last is None else (last[0] + 1,
                                                          last[1] or audit_chain.GENESIS)


_SQLITE_LAST = text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
_PG_NEXT = text("SELECT nextval(pg_get_serial_sequence('audit_log', 'id')), "
                "(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)")


def redact(session: Session, entity: str, entity_ids: Iterable[int],
           rule: Callable[[dict | None], dict | None]) -> int:
    """Rewrite the entries already written about rows ``entity_ids`` of ``entity``: their
    before and after through ``rule``. The one way an entry changes once written (erasing a
    client's data, :mod:`frontdesk.services.erasure`: the trail must not keep what was
    erased). A rewritten entry no longer matches its seal, so the trail is sealed again from
    the first entry rewritten, at the next entry added (the erasure's own, in the same
    transaction; see :func:`_reseal`). Returns how many entries changed."""
    ids, changed = sorted(set(entity_ids)), 0
    for start in range(0, len(ids), 900):  # below SQLite's limit on bound parameters
        for entry in session.scalars(select(m.AuditEntry).where(
                m.AuditEntry.entity == entity, m.AuditEntry.entity_id.in_(ids[start:start + 900]))):
            before, after = rule(entry.before), rule(entry.after)
            if (before, after) != (entry.before, entry.after):
                entry.before = audit_chain.plain(before)
                entry.after = audit_chain.plain(after)
                changed += 1
                _rewritten(session).add(entry.id)
    return changed


#: Where a transaction notes the entries :func:`redact` rewrote (session.info).
_RESEAL = "audit_rewritten"
RESEALED = audit_chain.RESEALED


def _rewritten(session: Session) -> set[int]:
    tx = session.get_transaction()
    kept = session.info.get(_RESEAL)
    if kept is None or kept[0] is not tx:
        kept = session.info[_RESEAL] = (tx, set())
    return kept[1]


def _reseal(session: Session, rewritten: set[int]) -> dict:
    """Seal the trail again from the first rewritten entry to its end (under the lock that
    orders it); what it says of that: the span, and how many breaks it had before (counted
    first, so that an erasure never hides an earlier edit or removal: ``frontdesk check``
    names them from this note)."""
    session.flush()
    a, first = m.AuditEntry, min(rewritten)
    prev = session.scalar(select(a.hash).where(a.id < first).order_by(a.id.desc()).limit(1)
                          ) or audit_chain.GENESIS
    old_prev, breaks, last = prev, 0, first
    for e in session.scalars(select(a).where(a.id >= first).order_by(a.id)):
        breaks += (e.prev_hash != old_prev) + (
            e.id not in rewritten and audit_chain.seal(link(e)) != e.hash)
        old_prev, e.prev_hash = e.hash, prev
        e.hash = prev = audit_chain.seal(link(e))
        last = e.id
    session.flush()
    return {"from": first, "to": last, "rewritten": len(rewritten), "breaks_before": breaks}


#: The advisory lock key that orders audit ids on PostgreSQL (any constant; "fdaudit").
AUDIT_LOCK = 0x6664617564697400


def _in_order(session: Session) -> None:
    """On PostgreSQL, once per transaction: wait for every other writer's trail to commit
    (see the module's docstring). SQLite needs nothing."""
    tx = session.get_transaction()
    if session.info.get("audit_order") is tx or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    session.info["audit_order"] = tx
