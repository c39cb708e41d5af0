"""The audit trail: every change is recorded in the transaction that makes it."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from frontdesk.db import models as m


def snapshot(row) -> dict:
    """A JSON-safe copy of an ORM row's columns."""
    out = {}
    for attr in inspect(row).mapper.column_attrs:
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
    if row is not None:
        session.flush()
        entity = entity or row.__tablename__
        entity_id = entity_id if entity_id is not None else row.id
    session.add(m.AuditEntry(
        at=at, actor=actor, action=action, entity=entity or "", entity_id=entity_id,
        before=before, after=snapshot(row) if row is not None else None,
    ))
