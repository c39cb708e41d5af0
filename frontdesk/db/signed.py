"""The last check before a change is written: may the signed-in account make it?

Every change writes its audit entry in its own transaction (:mod:`frontdesk.services.audit`),
so the entries about to be flushed say what kind of record is changing. Before each flush of
a write session they are checked against the account signed in on the book
(``session.info["staff"]``, see :class:`~frontdesk.db.engine.Database`) with the rule of
:mod:`frontdesk.domain.access`; a change the account may not make raises
:class:`~frontdesk.domain.errors.Forbidden` and the whole transaction rolls back.

The services check first, with the visit or client at hand (a therapist's own); this is what
catches a path that forgot to. On a book nobody has signed in to, a change is allowed only
while the book has no staff accounts.
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from frontdesk.db import models as m
from frontdesk.domain.access import Staff, change_actions, refusal
from frontdesk.domain.errors import Forbidden

#: What a change on a book with accounts says when nobody signed in.
NOBODY = ("this book has staff accounts: sign in first (--user NAME or FRONTDESK_USER, and "
          "the password); nothing was changed")


def has_accounts(session: Session) -> bool:
    """Whether the book has any staff account (then everything needs a signed-in one).
    Asked once per session (a session is one user action): a booking asks before it takes
    the booking lock, and its writes are checked without asking the database again."""
    known = session.info.get("has_accounts")
    if known is None:
        with session.no_autoflush:
            known = session.scalar(select(m.StaffAccount.id).limit(1)) is not None
        session.info["has_accounts"] = known
    return known


def watch(writes: sessionmaker) -> None:
    """Check every flush of the sessions ``writes`` makes."""
    event.listen(writes, "before_flush", _check)


def _check(session: Session, _context, _instances) -> None:
    entities = {e.entity for e in session.new if isinstance(e, m.AuditEntry)}
    if not entities:
        return
    staff: Staff | None = session.info.get("staff")
    if staff is None:
        if has_accounts(session):
            raise Forbidden(NOBODY)
        return
    for entity in sorted(entities):
        if not staff.may_change(entity):
            raise Forbidden(refusal(staff, change_actions(entity)[0]))
