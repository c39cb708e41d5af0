"""Erasing a client's data on request, in one write transaction, audited without the data.

What is erased and what is kept is :mod:`frontdesk.domain.erasure`'s rule; this module applies
it to the book: the card and the cards merged into it, their visits (those to come cancelled),
their waitlist entries, the customer's name, phone and e-mail in the website's bookings the
LatePoint import kept about them (:func:`client_file.web_bookings_of`), other visits'
override texts that name them, and every earlier audit entry about them (through
:func:`frontdesk.services.audit.redact`, the one way an audit entry changes once written).

**Manager only.** Erasing cannot be undone, so it is a manager's act: the role check belongs
at the top of :func:`erase` (the one way data is erased, whichever front end asks), once
sign-in gives the services who is at the desk and in what role. Until then the command line
asks for confirmation (``--yes`` for scripts) and the audit trail names who erased.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, erasure
from frontdesk.domain.access import Action
from frontdesk.domain.errors import Refused, Violation
from frontdesk.domain.status import Status
from frontdesk.domain.text import name_keys
from frontdesk.services import audit, permits
from frontdesk.services.client_file import cards_of, entries_about, web_bookings_of
from frontdesk.services.client_record import card_state, load_card

#: The audit action of an erase (on the card, each visit it changed, each entry removed).
ACTION = "erase"


@dataclass(frozen=True)
class Preview:
    """What erasing a card would do, for its confirmation: read before anything is written."""

    id: int
    name: str
    cards: tuple[int, ...]  # the card and those merged into it
    kept: int  # past visits kept as counts
    to_cancel: tuple[int, ...]  # visits still to come, cancelled
    under_way: tuple[int, ...]  # visits that refuse the erase until closed
    waitlist: int
    web: int = 0  # the website's bookings kept by the LatePoint import

    def describe(self) -> str:
        merged = (f" and the cards merged into it ({', '.join(f'#{c}' for c in self.cards[1:])})"
                  if len(self.cards) > 1 else "")
        return (f"#{self.id} {self.name}{merged}: becomes \"{erasure.erased_name(self.id)}\"; "
                f"name, phones, e-mail, notes, alert and contraindications are erased; "
                f"{_n(self.kept, 'past visit')} kept as counts, without notes; "
                f"{_n(len(self.to_cancel), 'visit')} to come cancelled; "
                f"{_n(self.waitlist, 'waitlist entry', 'waitlist entries')} removed; "
                + (f"{_n(self.web, 'web booking')} from the website's import lose the "
                   "customer's name, phone and e-mail; " if self.web else "")
                + "the audit trail keeps that it was erased, not what")


def _n(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


@dataclass(frozen=True)
class Erased:
    id: int
    name: str  # "Erased client #ID"
    cards: tuple[int, ...]
    kept: int
    cancelled: tuple[int, ...]
    waitlist: int
    mentions: int  # other visits whose override text named the client
    redacted: int  # earlier audit entries redacted
    web: int = 0  # the website's bookings whose customer details were cleared

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "cards": list(self.cards),
                "visits_kept": self.kept, "cancelled": list(self.cancelled),
                "waitlist_removed": self.waitlist, "mentions": self.mentions,
                "audit_entries_redacted": self.redacted, "web_bookings_cleared": self.web}


def preview(session: Session, client_id: int, now: datetime) -> Preview:
    client = load_card(session, client_id)
    cards = cards_of(session, client.id)
    visits = _visits(session, cards)
    fates = _fates(visits, now)
    waiting = session.scalars(select(m.WaitlistEntry.id).where(
        m.WaitlistEntry.client_id.in_(cards))).all()
    return Preview(client.id, client.name, tuple(cards), len(fates["keep"]),
                   tuple(v.id for v in fates["cancel"]),
                   tuple(v.id for v in fates["refuse"]), len(waiting),
                   len(web_bookings_of(session, cards, [v.id for v in visits])))


def erase(db: Database, client_id: int, *, actor: str = "desk",
          now: Callable[[], datetime] = clock.utcnow) -> Erased:
    """Erase card ``client_id`` (and the cards merged into it) by the rule of
    :mod:`frontdesk.domain.erasure`; Refused (nothing written) while one of its visits is
    under way. Manager only: see the module docstring."""
    at, actor = now(), (actor or "desk")[:100]
    with db.write() as session:
        permits.require(session, Action.CLIENT_FILE)
        session.execute(select(m.Clinic.id).with_for_update()).all()  # as a merge does
        client = load_card(session, client_id)
        cards = cards_of(session, client.id)
        visits = _visits(session, cards)
        fates = _fates(visits, at)
        if fates["refuse"]:
            first = fates["refuse"][0]
            raise Refused([Violation(
                "visit-under-way", "client",
                f"#{client.id}'s appointment #{first.id} is {Status(first.status).label} now; "
                "close it (completed, or back to booked) before erasing the card",
                appointment_id=first.id, client_id=client.id)])
        wishes = session.scalars(select(m.WaitlistEntry).where(
            m.WaitlistEntry.client_id.in_(cards))).all()
        names = {c: load_card(session, c).name for c in cards}
        web = web_bookings_of(session, cards, [v.id for v in visits])  # before the cards go
        # Earlier entries first: the ones this erase writes below are redacted already.
        redacted = sum(audit.redact(session, entity, ids, partial(erasure.redact, entity))
                       for entity, ids in _audited(session, cards, visits, wishes).items())
        for v in visits:
            _erase_visit(session, v, fates, actor, at)
        for entry in wishes:
            before = erasure.redact("waitlist", audit.snapshot(entry))
            session.delete(entry)
            audit.add(session, m.AuditEntry(at=at, actor=actor, action=ACTION, entity="waitlist",
                                     entity_id=entry.id, before=before))
        mentions = _unname_elsewhere(session, names, set(cards), actor, at)
        _clear_web(session, web, names.values(), client.id)
        done = Erased(client.id, erasure.erased_name(client.id), tuple(cards),
                      len(fates["keep"]), tuple(v.id for v in fates["cancel"]), len(wishes),
                      mentions, redacted, len(web))
        for card_id in reversed(cards):  # the card asked for last, with what was done
            _erase_card(session, load_card(session, card_id), actor, at,
                        done.as_json() if card_id == client.id else {"merged_into_erased":
                                                                     client.id})
    _settle(db)
    return done


def _settle(db: Database) -> None:
    """SQLite: copy the write-ahead log into the book and empty it, so the erased data's old
    pages linger in no -wal file (best effort: a desk still reading an older snapshot keeps
    the log for now; the book itself zeroes what it frees, ``secure_delete``)."""
    if not db.is_sqlite:
        return
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.fetchall()
        cursor.close()
    finally:
        raw.close()


def _visits(session: Session, cards: list[int]) -> list[m.Appointment]:
    return list(session.scalars(select(m.Appointment).where(
        m.Appointment.client_id.in_(cards)).order_by(m.Appointment.starts_at,
                                                     m.Appointment.id)))


def _fates(visits: list[m.Appointment], now: datetime) -> dict[str, list[m.Appointment]]:
    out: dict[str, list[m.Appointment]] = {"keep": [], "cancel": [], "refuse": []}
    for v in visits:
        out[erasure.fate(Status(v.status), v.starts_at, v.ends_at, now)].append(v)
    return out


def _audited(session: Session, cards: list[int], visits: list[m.Appointment],
             wishes) -> dict[str, set[int]]:
    """The ids of earlier audit entries' subjects, by entity (see
    :func:`client_file.entries_about`, which finds the same entries for an export)."""
    out: dict[str, set[int]] = {}
    for e in entries_about(session, cards, [v.id for v in visits], [w.id for w in wishes]):
        if e.entity_id is not None:
            out.setdefault(e.entity, set()).add(e.entity_id)
    return out


def _erase_card(session: Session, card: m.Client, actor: str, at: datetime,
                summary: dict) -> None:
    before = erasure.redact("clients", card_state(card))
    card.name = erasure.erased_name(card.id)
    card.search_key, card.search_key2 = name_keys(card.name)
    card.email = card.email_key = None
    card.notes = card.alert = ""
    card.phones.clear()
    card.flags.clear()
    card.active = False
    session.flush()
    audit.add(session, m.AuditEntry(at=at, actor=actor, action=ACTION, entity="clients",
                             entity_id=card.id, before=before,
                             after=card_state(card) | {"erase": summary}))


def _erase_visit(session: Session, v: m.Appointment, fates, actor: str,
                 at: datetime) -> None:
    before = audit.snapshot(v)
    texts = erasure.visit_texts({k: getattr(v, k) for k in erasure.VISIT_FIELDS})
    for key, value in texts.items():
        setattr(v, key, value)
    if v in fates["cancel"]:
        v.status, v.cancel_reason = Status.CANCELLED.value, erasure.CANCEL_REASON
    if audit.snapshot(v) == before:  # nothing of the client's on it
        return
    v.version, v.updated_at, v.updated_by = v.version + 1, at, actor
    session.flush()
    audit.add(session, m.AuditEntry(at=at, actor=actor, action=ACTION, entity="appointments",
                             entity_id=v.id, before=erasure.redact("appointments", before),
                             after=audit.snapshot(v)))


def _clear_web(session: Session, rows: list[m.WebBooking], names, client_id: int) -> None:
    """The website's bookings about the client keep what happened (when, what, with whom,
    taken or refused), not who: the customer becomes the card's number, the phone and
    e-mail go, and a refusal's words no longer name them (by the card's names or the
    website's); another web booking's refusal that names the card (a similar name) names
    the number. A later import of an older file writes back only what that file holds."""
    for row in rows:
        for name in {*names, row.customer}:
            row.reason = erasure.unnamed(row.reason, name, client_id)
        row.customer, row.phone, row.email = erasure.erased_name(client_id), "", ""
    for name in names:
        for row in session.scalars(select(m.WebBooking).where(
                m.WebBooking.reason.like(_like(name), escape="\\"))):
            row.reason = erasure.unnamed(row.reason, name, client_id)


def _like(name: str) -> str:
    """A LIKE pattern finding ``name`` anywhere in a text."""
    return "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _unnamed(name: str, card_id: int, snapshot: dict | None) -> dict | None:
    if snapshot is None:
        return None
    return {k: erasure.unnamed(x, name, card_id) if isinstance(x, str) else x
            for k, x in snapshot.items()}


def _unname_elsewhere(session: Session, names: dict[int, str], cards: set[int], actor: str,
                      at: datetime) -> int:
    """Other clients' visits whose override text names an erased card (booked over the
    client's visit): the name becomes "Erased client #ID"; their earlier entries too."""
    a = m.Appointment
    changed = 0
    for card_id, name in names.items():
        for v in session.scalars(select(a).where(a.overridden.like(_like(name), escape="\\"),
                                                 a.client_id.notin_(cards))):
            v.overridden = erasure.unnamed(v.overridden, name, card_id)
            v.version, v.updated_at, v.updated_by = v.version + 1, at, actor
            audit.redact(session, "appointments", [v.id], partial(_unnamed, name, card_id))
            session.flush()
            audit.add(session, m.AuditEntry(at=at, actor=actor, action=ACTION,
                                            entity="appointments", entity_id=v.id,
                                            after=audit.snapshot(v)))
            changed += 1
    return changed
