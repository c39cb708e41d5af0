"""Clients: creating them, finding them by name or phone digits, resolving "who is this?".

Searches are index range look-ups on folded keys (see :class:`frontdesk.db.models.Client`)
so they stay fast on a book of 100,000 clients: a name prefix (first or last name), the
start of a phone number, or its last digits. Deactivated and merged cards are left out of
searches; their number ("#302") still finds them (a merged card's number, the card kept).
A new card is checked for duplicates first (:mod:`frontdesk.services.client_cards`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.domain.names import email_key
from frontdesk.domain.text import (
    digits,
    display_phone,
    fold,
    name_keys,
    normalise_phone,
    readable,
)
from frontdesk.services import audit, permits

_HIGH = "\U0010ffff"
#: A card's number as lists print it: "#302" always; bare "302" when no phone ends so.
_NUMBER = re.compile(r"^\s*(#)?\s*([1-9]\d{0,17})\s*$")
#: Card numbers are INTEGER keys: 32 bits on PostgreSQL, where asking for a larger one is an
#: error ("integer out of range") rather than no row. A longer number is a phone, not a card.
_LARGEST_ID = 2**31 - 1


@dataclass(frozen=True)
class ClientView:
    id: int
    name: str
    phone: str
    email: str
    alert: str
    flags: tuple[str, ...] = ()
    #: False for a deactivated or merged card (found only by its number).
    active: bool = True

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "phone": self.phone, "email": self.email,
                "alert": self.alert, "flags": list(self.flags)}


def new_client(session: Session, name: str, *, phone: str = "", email: str = "",
               country: str = "US", actor: str = "desk", at: datetime | None = None,
               notes: str = "", alert: str = "", flags: tuple[str, ...] = (),
               allow_duplicate: bool = False) -> m.Client:
    """Add a client (flushed, audited); BadInput for an empty name or a bad phone, and
    :class:`~frontdesk.services.client_cards.DuplicateClient` (a BadInput naming the card)
    when a card with the same phone or e-mail or a near-identical name exists, unless
    ``allow_duplicate``."""
    name = " ".join(readable(name or "", "name").split())
    email, alert = readable(email or "", "email"), readable(alert or "", "alert")
    notes = readable(notes or "", "notes", lines=True)
    if not name:
        raise BadInput("a client needs a name", "name")
    if len(name) > 200 or len(email or "") > 200:
        raise BadInput("a client's name and e-mail may have at most 200 characters", "name")
    at = at or clock.utcnow()
    number = normalise_phone(phone, country) if phone.strip() else None
    if not allow_duplicate:
        # Imported here: client_cards builds on this module (views, searches).
        from frontdesk.services.client_cards import refuse_duplicates

        refuse_duplicates(session, name, number[0] if number else "", email, country)
    key, key2 = name_keys(name)
    client = m.Client(name=name, email=email.strip() or None, email_key=email_key(email),
                      notes=notes, alert=alert, search_key=key, search_key2=key2,
                      created_at=at, active=True)
    if number is not None:
        e164, national = number
        client.phones.append(m.ClientPhone(e164=e164, digits=national,
                                           digits_reversed=national[::-1]))
    client.flags = [m.ClientFlag(flag=f) for f in dict.fromkeys(flags)]
    session.add(client)
    audit.record(session, actor=actor, at=at, action="create", row=client)
    return client


def search(session: Session, text: str, limit: int = 20) -> list[ClientView]:
    """Active clients whose first or last name starts with ``text`` or whose phone number
    starts or ends with its digits (three or more), best matches first; "#302" is card 302
    (or the card it was merged into), deactivated or not."""
    text = text.strip()
    if text.startswith("#") and (number := _NUMBER.match(text)):
        found = _kept(session, int(number.group(2)))
        return screened(session, [view(found)]) if found is not None else []
    conditions = []
    num = digits(text)
    if len(num) >= 3 and len(num) >= len(text.replace(" ", "")) - 4:
        national = num[1:] if len(num) == 11 and num.startswith("1") else num
        ids = select(m.ClientPhone.client_id).where(or_(
            m.ClientPhone.digits.between(national, national + _HIGH),
            m.ClientPhone.digits_reversed.between(num[::-1], num[::-1] + _HIGH),
        ))
        conditions.append(m.Client.id.in_(ids))
    key = fold(text)
    if key and not num:
        conditions.append(m.Client.search_key.between(key, key + _HIGH))
        conditions.append(m.Client.search_key2.between(key, key + _HIGH))
    if not conditions:
        return []
    rows = session.scalars(
        select(m.Client).where(or_(*conditions), m.Client.active.is_(True))
        .order_by(m.Client.search_key, m.Client.id)
        .options(selectinload(m.Client.phones), selectinload(m.Client.flags)).limit(limit)
    ).all()
    return screened(session, [view(c) for c in rows])


def screened(session: Session, cards: list[ClientView]) -> list[ClientView]:
    """``cards`` as the signed-in account may see them: a therapist sees the alert and
    contraindications of their own clients only (see :mod:`frontdesk.services.permits`)."""
    hidden = permits.hidden_clients(session, (c.id for c in cards))
    return [replace(c, alert="", flags=()) if c.id in hidden else c for c in cards]


def view(client: m.Client) -> ClientView:
    phone = display_phone(client.phones[0].e164) if client.phones else ""
    return ClientView(client.id, client.name, phone, client.email or "", client.alert,
                      tuple(f.flag for f in client.flags), bool(client.active))


def resolve(session: Session, text: str) -> m.Client:
    """The one client a name, phone or card number typed at the desk means; BadInput if none
    or several.

    A card number as lists print it ("#302") is that card, or the card it was merged into;
    a bare "302" too, unless a phone number also ends in those digits (then ambiguous)."""
    number = _NUMBER.match(text or "")
    if number and number.group(1):
        return by_number(session, int(number.group(2)))
    matches = search(session, text, limit=501)
    if number:
        kept = _kept(session, int(number.group(2)))
        if kept is not None and matches:
            raise BadInput(f"{text!r} is card #{kept.id} ({kept.name}) and matches the phone "
                           f"of {matches[0].name}; write #{kept.id} for the card, or more "
                           "digits of the phone", "client")
        if kept is not None:
            return kept
    key = fold(text)
    exact = [c for c in matches if fold(c.name) == key]
    if len(exact) == 1:
        matches = exact
    if not matches:
        asleep = _deactivated(session, text)
        if asleep is not None:
            raise BadInput(f"{asleep.name} (#{asleep.id}) is deactivated; reactivate the card "
                           "to book or change their visits", "client")
        raise BadInput(f"no client matches {text!r}", "client")
    if len(matches) > 1:
        shown = "; ".join(f"#{c.id} {c.name} {c.phone}".strip() for c in matches[:5])
        count = f"{len(matches)}" if len(matches) <= 500 else "over 500"
        more = f" and {count if len(matches) > 500 else len(matches) - 5} more" \
            if len(matches) > 5 else ""
        raise BadInput(f"{text!r} matches {count} clients ({shown}{more}); "
                       f"give the full name, phone number or card number (#{matches[0].id})",
                       "client")
    client = session.get(m.Client, matches[0].id)
    assert client is not None  # the search found it in this very transaction
    return client


def _deactivated(session: Session, text: str) -> m.Client | None:
    """The deactivated card whose whole name is ``text`` (searches leave such cards out,
    so "no client matches" would mislead)."""
    key = name_keys(" ".join(text.split()))[0] if text.strip() else ""
    return session.scalars(select(m.Client).where(
        m.Client.search_key == key, m.Client.active.is_(False),
        m.Client.merged_into_id.is_(None)).limit(1)).first() if key else None


def by_number(session: Session, client_id: int) -> m.Client:
    """The card numbered ``client_id`` (deactivated ones too), or the card it was merged
    into; BadInput when there is none."""
    client = _kept(session, client_id)
    if client is None:
        raise BadInput(f"no client #{client_id}", "client")
    return client


def _kept(session: Session, client_id: int) -> m.Client | None:
    if not 0 < client_id <= _LARGEST_ID:
        return None
    client = session.get(m.Client, client_id)
    seen = set()
    while client is not None and client.merged_into_id is not None and client.id not in seen:
        seen.add(client.id)
        client = session.get(m.Client, client.merged_into_id)
    return client


def card(session: Session, client_id: int) -> ClientView | None:
    """One client's card by id, or None when there is no such client."""
    row = session.get(m.Client, client_id)
    return screened(session, [view(row)])[0] if row is not None else None


def resolve_id(session: Session, text: str) -> int:
    """The id of the one client ``text`` names (see :func:`resolve`)."""
    return resolve(session, text).id


class Card(NamedTuple):
    """What a booking needs of a client's card: the name the rules and refusals give, the
    alert and the contraindication flags (with their notes) the book shows and warns of."""

    name: str
    alert: str
    flags: tuple[tuple[str, str], ...]


def cards(session: Session, client_ids: Iterable[int]) -> dict[int, Card]:
    """The cards of ``client_ids`` that exist, in one query."""
    c, f = m.Client, m.ClientFlag
    rows = session.execute(select(c.id, c.name, c.alert, f.flag, f.note)
                           .outerjoin(f, f.client_id == c.id)
                           .where(c.id.in_(set(client_ids))).order_by(c.id, f.flag))
    names: dict[int, tuple[str, str]] = {}
    flags: dict[int, list[tuple[str, str]]] = {}
    for key, name, alert, flag, note in rows:
        names[key] = (name, alert or "")
        if flag is not None:
            flags.setdefault(key, []).append((flag, note or ""))
    return {key: Card(name, alert, tuple(flags.get(key, ())))
            for key, (name, alert) in names.items()}


def flags_of(session: Session, client_id: int) -> list[tuple[str, str]]:
    """A client's contraindication flags with their notes, e.g. ("pregnancy", "due in May")."""
    if permits.hidden_clients(session, [client_id]):
        return []
    f = m.ClientFlag
    rows = session.execute(select(f.flag, f.note).where(f.client_id == client_id)
                           .order_by(f.flag))
    return [(flag, note or "") for flag, note in rows]


def phones_of(session: Session, client_ids) -> dict[int, list[str]]:
    """Each client's phones for display, first added first, in one query per 900 clients
    (below SQLite's limit on bound parameters): lists and sheets of many visits want them
    without loading a client object each."""
    ids = sorted(set(client_ids))
    out: dict[int, list[str]] = {i: [] for i in ids}
    p = m.ClientPhone
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for client_id, e164 in session.execute(
                select(p.client_id, p.e164).where(p.client_id.in_(chunk)).order_by(p.id)):
            out[client_id].append(display_phone(e164))
    return out
