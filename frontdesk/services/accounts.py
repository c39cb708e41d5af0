"""Staff accounts: adding them, their passwords, signing in.

Passwords are kept only as argon2id hashes (argon2-cffi's :class:`PasswordHasher`, its
recommended memory-hard parameters); a password is never stored, logged or put in the audit
trail, nor is its hash (the column is marked secret, see :func:`audit.snapshot`).

The first account of a book must be a manager's: from then on every command and the window
need a signed-in account (:mod:`frontdesk.domain.access` says who may do what). A wrong name
and a wrong password are refused alike (:class:`Forbidden`, nothing changed), and take the
same time: an unknown name is checked against a hash too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import access, clock
from frontdesk.domain.access import Action, Role, Staff
from frontdesk.domain.errors import BadInput, Forbidden
from frontdesk.domain.text import fold
from frontdesk.services import audit, permits

log = logging.getLogger(__name__)

#: What a refused sign-in says, whichever of name and password was wrong.
WRONG = "wrong name or password; nothing was changed"


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _decoy() -> str:
    """A hash to check an unknown name's password against, so that it takes as long."""
    return _hasher().hash("not anyone's password")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    therapist_id: int | None
    therapist: str
    active: bool

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role.value,
                "therapist": self.therapist or None, "active": self.active}


def has_accounts(session: Session) -> bool:
    """Whether the book has staff accounts (then everything needs a signed-in one)."""
    return permits.has_accounts(session)


def _view(row: m.StaffAccount, therapist: str) -> Account:
    return Account(row.id, row.name, Role(row.role), row.therapist_id, therapist,
                   bool(row.active))


def _find(session: Session, name: str) -> m.StaffAccount | None:
    return session.scalar(select(m.StaffAccount).where(
        m.StaffAccount.name_key == fold(" ".join(name.split()))))


def accounts(session: Session) -> list[Account]:
    """Every account, by name (a manager's to read)."""
    permits.require(session, Action.STAFF)
    rows = session.execute(
        select(m.StaffAccount, m.Therapist.name)
        .outerjoin(m.Therapist, m.Therapist.id == m.StaffAccount.therapist_id)
        .order_by(m.StaffAccount.name_key)).all()
    return [_view(row, therapist or "") for row, therapist in rows]


def add(db: Database, name: str, role: Role, password: str, *,
        therapist_id: int | None = None,
        now: Callable[[], datetime] = clock.utcnow) -> Account:
    """Add an account. The book's first must be a manager's (and needs no signed-in one);
    after that only a manager adds accounts. BadInput for a name taken (in any case), a
    short password, a therapist's account without its therapist."""
    name = access.check_name(name)
    access.check_password(password)
    access.check_link(role, therapist_id)
    with db.write() as session:
        db.lock_book(session)  # two desks adding the first account at once: one of them
        first = not has_accounts(session)
        if first and role != Role.MANAGER:
            raise BadInput("the first account must be a manager's (--role manager): it is "
                           "the one that adds the others", "role")
        if not first:
            permits.require(session, Action.STAFF)
        if _find(session, name) is not None:
            raise BadInput(f"there is already an account named {name!r}", "name")
        therapist = ""
        if therapist_id is not None:
            found = session.get(m.Therapist, therapist_id)
            if found is None:
                raise BadInput(f"no therapist #{therapist_id}", "therapist")
            therapist = found.name
        at = now()
        row = m.StaffAccount(name=name, name_key=fold(name), role=role.value,
                             therapist_id=therapist_id, password_hash=_hasher().hash(password),
                             active=True, created_at=at, changed_at=at)
        session.add(row)
        if first:  # the first manager records their own arrival
            session.info["staff"] = Staff(name, role)
        audit.record(session, actor=name if first else _actor(session), at=at,
                     action="add", row=row)
        log.info("staff account added (%s)", role.value)
        return _view(row, therapist)


def set_password(db: Database, name: str, password: str, *,
                 now: Callable[[], datetime] = clock.utcnow) -> Account:
    """A new password for ``name``: one's own, or anyone's for a manager."""
    access.check_password(password)
    with db.write() as session:
        row = _find(session, name)
        staff = permits.signed_in(session)
        own = staff is not None and row is not None and fold(staff.name) == row.name_key
        permits.require(session, Action.OWN_PASSWORD if own else Action.STAFF)
        if row is None:
            raise BadInput(f"no account named {name!r}", "name")
        row.password_hash = _hasher().hash(password)
        row.changed_at = now()
        audit.record(session, actor=_actor(session), at=row.changed_at, action="password",
                     row=row)
        therapist = session.get(m.Therapist, row.therapist_id) if row.therapist_id else None
        return _view(row, therapist.name if therapist else "")


def sign_in(db: Database, name: str, password: str) -> Staff:
    """Check ``name`` and ``password``; on success the account is signed in on ``db``
    (every session it hands out then carries it) and returned. :class:`Forbidden`, with
    nothing changed, for a wrong name or password or an account no longer active."""
    staff = check(db, name, password)
    db.staff = staff
    log.info("signed in (%s)", staff.role.value)
    return staff


def check(db: Database, name: str, password: str) -> Staff:
    """The account ``name`` and ``password`` sign in as (nobody is signed in by it: the
    window checks off its own thread, then signs in on its own); :class:`Forbidden` as
    :func:`sign_in`."""
    with db.read() as session:
        row = _find(session, name or "")
        stored = row.password_hash if row is not None else _decoy()
        good: bool
        try:
            good = _hasher().verify(stored, password or "")
        except (VerificationError, InvalidHashError):
            good = False
        if not good or row is None or not row.active:
            log.warning("sign-in refused")  # no name, no password: the log is not a list
            raise Forbidden(WRONG)
        return Staff(row.name, Role(row.role), row.therapist_id)


def _actor(session: Session) -> str:
    staff = session.info.get("staff")
    return staff.name if staff is not None else "desk"
