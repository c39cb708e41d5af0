"""Who is signed in on a session, and the checks the services make with it.

The account signed in on a book rides on every session it hands out
(``session.info["staff"]``, see :class:`~frontdesk.db.engine.Database`). A service asks here
before it acts, with the visit or client at hand, so a therapist may set their own visit's
status but not another's; :mod:`frontdesk.db.signed` checks every change once more before it
is written. The rule itself is :mod:`frontdesk.domain.access`'s.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.signed import NOBODY, has_accounts
from frontdesk.domain.access import Action, Role, Staff
from frontdesk.domain.errors import Forbidden

__all__ = ["has_accounts", "hidden_clients", "require", "require_on_client",
           "require_on_visit", "signed_in", "therapist"]


def signed_in(session: Session) -> Staff | None:
    """The account signed in; None on a book with no accounts (everyone may do everything
    there). :class:`Forbidden` when the book has accounts and nobody signed in."""
    staff: Staff | None = session.info.get("staff")
    if staff is None and has_accounts(session):
        raise Forbidden(NOBODY)
    return staff


def require(session: Session, action: Action,
            therapist_ids: Collection[int] | None = None) -> Staff | None:
    """:class:`Forbidden` unless whoever is signed in may take ``action`` (on a visit or
    client of ``therapist_ids``, where it matters); returns the account."""
    staff = signed_in(session)
    if staff is not None:
        staff.require(action, therapist_ids)
    return staff


def require_on_visit(session: Session, action: Action, appointment_id: int) -> None:
    """``require`` for one visit: a therapist only on their own."""
    staff = signed_in(session)
    if staff is None:
        return
    therapist = session.scalar(select(m.Appointment.therapist_id)
                               .where(m.Appointment.id == appointment_id))
    staff.require(action, () if therapist is None else (therapist,))


def client_therapists(session: Session, client_ids: Iterable[int]) -> dict[int, set[int]]:
    """{client: the therapists of their visits, past and to come} (clients with none left
    out): whose clients they are."""
    ids = sorted(set(client_ids))
    found: dict[int, set[int]] = {}
    a = m.Appointment
    for start in range(0, len(ids), 500):
        for client_id, therapist_id in session.execute(
                select(a.client_id, a.therapist_id).distinct()
                .where(a.client_id.in_(ids[start:start + 500]))):
            if client_id is not None:
                found.setdefault(client_id, set()).add(therapist_id)
    return found


def require_on_client(session: Session, action: Action, client_id: int) -> None:
    """``require`` for one client: a therapist only on their own clients."""
    staff = signed_in(session)
    if staff is None:
        return
    staff.require(action, client_therapists(session, [client_id]).get(client_id, set())
                  if staff.role == Role.THERAPIST else None)


def therapist(session: Session) -> Staff | None:
    """The therapist signed in, whose reads are screened; None for anyone else (asked of
    every read, so it costs no query: a read nobody signed in to is the front end's to
    refuse, and on a book without accounts nothing is withheld)."""
    staff: Staff | None = session.info.get("staff")
    return staff if staff is not None and staff.role == Role.THERAPIST else None


def hidden_clients(session: Session, client_ids: Iterable[int | None]) -> set[int]:
    """Of ``client_ids``, those whose notes, alert and contraindications the signed-in
    account may not see (a therapist: all but their own clients). Empty for anyone else."""
    staff = therapist(session)
    ids = {c for c in client_ids if c is not None}
    if staff is None or not ids:
        return set()
    theirs = client_therapists(session, ids)
    return {c for c in ids if not staff.sees_details(theirs.get(c, set()))}
