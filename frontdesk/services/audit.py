"""The audit trail: every change is recorded in the transaction that makes it.

The trail's ids are also the desks' change counter: a desk reads "what changed after id N"
(see :mod:`frontdesk.services.changes`). That needs ids to become visible in their order.
SQLite writes one transaction at a time, so they do; on PostgreSQL two transactions could
draw ids 10 and 11 and commit 11 first, and a desk reading then would pass 10 by for good.
So on PostgreSQL a transaction takes one transaction-scoped advisory lock before it draws
its first audit id, and holds it to its commit: ids are drawn and committed in one order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from enum import Enum

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from frontdesk.db import models as m


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
    session.add(m.AuditEntry(
        at=at, actor=actor, action=action, entity=entity or "", entity_id=entity_id,
        before=before, after=snapshot(row) if row is not None else None,
    ))


def redact(session: Session, entity: str, entity_ids: Iterable[int],
           rule: Callable[[dict | None], dict | None]) -> int:
    """Rewrite the entries already written about rows ``entity_ids`` of ``entity``: their
    before and after through ``rule``. The one way an entry changes once written (erasing a
    client's data, :mod:`frontdesk.services.erasure`: the trail must not keep what was
    erased), so that a trail which seals its entries has one place to learn of it. Returns
    how many entries changed."""
    ids, changed = sorted(set(entity_ids)), 0
    for start in range(0, len(ids), 900):  # below SQLite's limit on bound parameters
        for entry in session.scalars(select(m.AuditEntry).where(
                m.AuditEntry.entity == entity, m.AuditEntry.entity_id.in_(ids[start:start + 900]))):
            before, after = rule(entry.before), rule(entry.after)
            if (before, after) != (entry.before, entry.after):
                entry.before, entry.after = before, after
                changed += 1
    return changed


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
