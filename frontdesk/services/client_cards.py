"""Client cards of their own: add, find duplicates, deactivate, reactivate, merge.

One person with two cards splits the history, the no-shows and the contraindications, so
every way a card is made (the editor, the walk-in, the command line, importers) asks
:func:`duplicates_of` first: the same phone (E.164), the same e-mail in any case, or a
near-identical name (:mod:`frontdesk.domain.names`). Each is an index look-up (phone digits,
``email_key``, name-key prefixes), so the check costs the same on 100,000 cards.

Editing a card is :func:`frontdesk.services.client_record.update_client`. A deactivated card
leaves searches and type-aheads and keeps its history; a merged card is deactivated and
points at the card kept, which its number then finds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput, Refused, Violation
from frontdesk.domain.names import email_key, near_identical, slip_prefixes
from frontdesk.domain.status import ACTIVE, Status
from frontdesk.domain.text import display_phone, name_keys, normalise_phone
from frontdesk.services import audit, clients, permits
from frontdesk.services.client_record import card_state, check_details, load_card
from frontdesk.services.clients import ClientView

_HIGH = "\U0010ffff"
#: Rows read per name-key range: a bound, so a very common first name costs no more.
_RANGE_LIMIT = 200


@dataclass(frozen=True)
class Duplicate(ClientView):
    """A card that looks like the one being made, and why: "same phone", "same e-mail",
    "similar name" (the strongest reason first)."""

    reason: str = ""

    def describe(self) -> str:
        """"Jana Novak #302 (same phone)", as the desk and the command line say it."""
        return f"{self.name} #{self.id} ({self.reason})"


class DuplicateClient(BadInput):
    """A new card would duplicate existing ones (``matches``, best first). Exit code 2."""

    def __init__(self, matches: list[Duplicate]):
        self.matches = matches
        more = f" and {len(matches) - 1} more" if len(matches) > 1 else ""
        super().__init__(f"a client like this exists: {matches[0].describe()}{more}; use that "
                         "card, or add anyway (--allow-duplicate)", "client")


def duplicates_of(session: Session, name: str, phone: str = "", email: str = "",
                  country: str = "US", exclude_id: int | None = None) -> list[Duplicate]:
    """Active cards that may be the same person as ``name`` / ``phone`` / ``email``: the
    same phone number (any format the desk types; compared in E.164, ``country`` for
    national numbers), the same e-mail ignoring case, or a near-identical name. Phone
    matches first, then e-mail, then name; ``exclude_id`` (the card being edited) is left
    out. A phone that is not a number is ignored here (the card's own check reports it)."""
    found: dict[int, str] = {}
    c, p = m.Client, m.ClientPhone
    number = _number(phone, country)
    if number is not None:
        e164, national = number
        ids = session.scalars(select(p.client_id).where(p.digits == national,
                                                        p.e164 == e164))
        found.update((i, "same phone") for i in ids)
    key = email_key(email)
    if key:
        for i in session.scalars(select(c.id).where(c.email_key == key)):
            found.setdefault(i, "same e-mail")
    if " ".join((name or "").split()):
        for i in _similar_names(session, name):
            found.setdefault(i, "similar name")
    found.pop(exclude_id, None)  # type: ignore[arg-type]
    if not found:
        return []
    rows = session.scalars(select(c).where(c.id.in_(found), c.active.is_(True))
                           .options(selectinload(c.phones), selectinload(c.flags))).all()
    order = {"same phone": 0, "same e-mail": 1, "similar name": 2}
    rows = sorted(rows, key=lambda r: (order[found[r.id]], r.search_key, r.id))
    return [Duplicate(**vars(clients.view(r)), reason=found[r.id]) for r in rows]


def refuse_duplicates(session: Session, name: str, phone: str = "", email: str = "",
                      country: str = "US") -> None:
    """Raise :class:`DuplicateClient` when :func:`duplicates_of` finds any."""
    matches = duplicates_of(session, name, phone, email, country)
    if matches:
        raise DuplicateClient(matches)


def _number(phone: str, country: str) -> tuple[str, str] | None:
    if not (phone or "").strip():
        return None
    try:
        return normalise_phone(phone, country)
    except BadInput:
        return None


def _similar_names(session: Session, name: str) -> set[int]:
    """Ids of cards with a near-identical name: exact folded keys either way round, and the
    few cards in each of :func:`slip_prefixes`' index ranges, judged in Python."""
    c = m.Client
    key, key2 = name_keys(" ".join(w.strip(".,;:") for w in name.split()))
    conditions = [c.search_key == key, c.search_key == key2, c.search_key2 == key]
    ids = set(session.scalars(select(c.id).where(or_(*conditions), c.active.is_(True))
                              .limit(_RANGE_LIMIT)))
    # Either prefix in either key: the card may have the words the other way round.
    for prefix in slip_prefixes(name):
        for column in (c.search_key, c.search_key2):
            rows = session.execute(select(c.id, c.name).where(
                column.between(prefix, prefix + _HIGH), c.active.is_(True))
                .limit(_RANGE_LIMIT)).all()
            ids.update(i for i, other in rows if near_identical(name, other))
    return ids


# -- writing ------------------------------------------------------------------------------

def add(db: Database, name: str, *, phone: str = "", email: str = "", notes: str = "",
        alert: str = "", flags: tuple[str, ...] = (), allow_duplicate: bool = False,
        actor: str = "desk", now: Callable[[], datetime] = clock.utcnow) -> ClientView:
    """A new card, in its own write transaction; DuplicateClient (nothing written) when one
    like it exists, unless ``allow_duplicate``. The details are checked like an edit's."""
    with db.write() as session:
        permits.require(session, Action.CLIENT_CARDS)
        country = _country(session)
        name, _number, email, alert, notes = check_details(
            name=name, phone=phone, email=email, alert=alert, notes=notes, country=country)
        client = clients.new_client(session, name, phone=phone, email=email, country=country,
                                    actor=actor, at=now(), notes=notes, alert=alert,
                                    flags=flags, allow_duplicate=allow_duplicate)
        session.flush()
        return clients.view(client)


def set_active(db: Database, client_id: int, active: bool, *, actor: str = "desk",
               now: Callable[[], datetime] = clock.utcnow) -> ClientView:
    """Deactivate (``active=False``) or reactivate a card; audited. A merged card cannot be
    reactivated (its number finds the card kept)."""
    with db.write() as session:
        permits.require(session, Action.CLIENT_CARDS)
        client = load_card(session, client_id)
        if client.merged_into_id is not None:
            raise BadInput(f"#{client.id} was merged into #{client.merged_into_id}; "
                           "open that card instead", "client")
        switch_active(session, client, active, actor, now())
        return clients.view(client)


def switch_active(session: Session, client: m.Client, active: bool, actor: str,
                  at: datetime) -> None:
    """Set ``client.active`` in ``session``, audited, when it is not so already (the
    caller has checked the account may, and that the card is not merged)."""
    if client.active != active:
        before = card_state(client)
        client.active = active
        session.flush()
        audit.add(session, m.AuditEntry(at=at, actor=actor[:100],
                                 action="reactivate" if active else "deactivate",
                                 entity=m.Client.__tablename__, entity_id=client.id,
                                 before=before, after=card_state(client)))


@dataclass(frozen=True)
class Merged:
    """What a merge moved onto the card kept."""

    kept: ClientView
    merged_id: int
    appointment_ids: tuple[int, ...]
    waitlist: int
    phones: int
    flags: int

    @property
    def appointments(self) -> int:
        return len(self.appointment_ids)


def merge(db: Database, kept_id: int, merged_id: int, *, actor: str = "desk",
          now: Callable[[], datetime] = clock.utcnow) -> Merged:
    """Merge card ``merged_id`` into ``kept_id`` in one write transaction: its appointments,
    waitlist entries, phones and contraindication flags move to the card kept (flags as a
    union), its e-mail fills an empty one, its notes and alert are appended; it is
    deactivated and points at the card kept. Each moved visit and both cards are audited.

    Refused: a card into itself, into a deactivated or merged card, a card already merged,
    and (Refused, exit 3) when the two cards have visits at the same time, since a client is
    never in two places."""
    at = now()
    with db.write() as session:
        permits.require(session, Action.CLIENT_CARDS)
        session.execute(select(m.Clinic.id).with_for_update()).all()
        if kept_id == merged_id:
            raise BadInput("a card cannot be merged into itself", "client")
        kept, gone = load_card(session, kept_id), load_card(session, merged_id)
        if kept.merged_into_id is not None or not kept.active:
            raise BadInput(f"#{kept.id} {kept.name} is not an active card; merge into an "
                           "active one", "client")
        if gone.merged_into_id is not None:
            raise BadInput(f"#{gone.id} was already merged into #{gone.merged_into_id}",
                           "client")
        _refuse_overlaps(session, kept, gone)
        kept_before, gone_before = card_state(kept), card_state(gone)
        a = m.Appointment
        moved = session.scalars(select(a).where(a.client_id == gone.id)).all()
        for appt in moved:
            before = audit.snapshot(appt)
            appt.client_id, appt.version = kept.id, appt.version + 1
            appt.updated_at, appt.updated_by = at, actor[:100]
            session.flush()
            audit.add(session, m.AuditEntry(at=at, actor=actor[:100], action="merge client",
                                     entity=a.__tablename__, entity_id=appt.id,
                                     before=before, after=audit.snapshot(appt)))
        entries = session.scalars(select(m.WaitlistEntry)
                                  .where(m.WaitlistEntry.client_id == gone.id)).all()
        for entry in entries:
            entry.client_id = kept.id
        have = {ph.e164 for ph in kept.phones}
        new_phones = [ph for ph in gone.phones if ph.e164 not in have]
        for ph in new_phones:
            kept.phones.append(m.ClientPhone(e164=ph.e164, label=ph.label, digits=ph.digits,
                                             digits_reversed=ph.digits_reversed))
        flags = {f.flag: f for f in kept.flags}
        new_flags = [f for f in gone.flags if f.flag not in flags]
        for f in gone.flags:
            if f.flag in flags and not flags[f.flag].note and f.note:
                flags[f.flag].note = f.note
        kept.flags.extend(m.ClientFlag(flag=f.flag, note=f.note) for f in new_flags)
        if not kept.email and gone.email:
            kept.email, kept.email_key = gone.email, gone.email_key
        kept.notes = _joined(kept.notes, gone.notes, "\n\n", 5000,
                             f"(from #{gone.id} {gone.name}) ")
        kept.alert = _joined(kept.alert, gone.alert, " · ", 500, "")
        gone.active, gone.merged_into_id = False, kept.id
        for earlier in session.scalars(select(m.Client).where(
                m.Client.merged_into_id == gone.id)):
            earlier.merged_into_id = kept.id  # cards merged into this one follow it
        session.flush()
        summary = {"appointments": [x.id for x in moved], "waitlist": [e.id for e in entries],
                   "merged": gone.id}
        audit.add(session, m.AuditEntry(at=at, actor=actor[:100], action="merge",
                                 entity=m.Client.__tablename__, entity_id=kept.id,
                                 before=kept_before, after=card_state(kept) | summary))
        audit.add(session, m.AuditEntry(at=at, actor=actor[:100], action="merged",
                                 entity=m.Client.__tablename__, entity_id=gone.id,
                                 before=gone_before, after=card_state(gone)))
        return Merged(clients.view(kept), gone.id, tuple(x.id for x in moved), len(entries),
                      len(new_phones), len(new_flags))


def what_moves(session: Session, merged_id: int) -> tuple[int, int]:
    """(appointments, waitlist entries) of a card: what a merge would move, for its
    confirmation."""
    from sqlalchemy import func

    visits = session.scalar(select(func.count()).where(m.Appointment.client_id == merged_id))
    waiting = session.scalar(select(func.count()).where(
        m.WaitlistEntry.client_id == merged_id))
    return int(visits or 0), int(waiting or 0)


def booked_ahead(session: Session, client_id: int, now: datetime) -> int:
    """Visits of a card still to come (booked or confirmed, starting from ``now`` on): what
    the desk is told before deactivating or merging the card, since they stay booked."""
    from sqlalchemy import func

    a = m.Appointment
    waiting = [s.value for s in (Status.BOOKED, Status.CONFIRMED)]
    return int(session.scalar(select(func.count()).where(
        a.client_id == client_id, a.starts_at >= now, a.status.in_(waiting))) or 0)


@dataclass(frozen=True)
class MergePreview:
    """The card a merge would fold in, as its confirmation shows it: who it is (number,
    phones, e-mail, alert, flags), what moves (``appointments`` of which ``booked_ahead``
    are still to come, ``waitlist`` entries), and ``refusal``, the reason the merge would be
    refused ("" when it would not)."""

    id: int
    name: str
    active: bool
    phones: tuple[str, ...]
    email: str
    alert: str
    flags: tuple[str, ...]
    appointments: int
    booked_ahead: int
    waitlist: int
    refusal: str


def merge_preview(session: Session, kept_id: int, merged_id: int,
                  now: datetime) -> MergePreview:
    """What merging ``merged_id`` into ``kept_id`` would do, read before anything is written
    (the checks of :func:`merge`, without its write)."""
    kept, gone = load_card(session, kept_id), load_card(session, merged_id)
    refusal = ""
    if kept.id == gone.id:
        refusal = "that is the card kept; choose the other one"
    elif gone.merged_into_id is not None:
        refusal = f"#{gone.id} was already merged into #{gone.merged_into_id}"
    else:
        try:
            _refuse_overlaps(session, kept, gone)
        except Refused as error:
            refusal = str(error)
    visits, waiting = what_moves(session, gone.id)
    return MergePreview(
        gone.id, gone.name, bool(gone.active),
        tuple(display_phone(p.e164) for p in gone.phones), gone.email or "",
        gone.alert or "", tuple(sorted(f.flag for f in gone.flags)), visits,
        booked_ahead(session, gone.id, now), waiting, refusal)


def _refuse_overlaps(session: Session, kept: m.Client, gone: m.Client) -> None:
    a, b = m.Appointment.__table__.alias("a"), m.Appointment.__table__.alias("b")
    busy = [s.value for s in ACTIVE]
    clash = session.execute(select(a.c.id, b.c.id).where(
        a.c.client_id == gone.id, b.c.client_id == kept.id,
        a.c.status.in_(busy), b.c.status.in_(busy),
        and_(a.c.starts_at < b.c.ends_at, b.c.starts_at < a.c.ends_at)).limit(1)).first()
    if clash is not None:
        raise Refused([Violation(
            "client-busy", "client",
            f"#{gone.id}'s appointment #{clash[0]} is at the same time as #{kept.id}'s "
            f"#{clash[1]}; cancel or move one before merging", appointment_id=clash[0],
            clash_id=clash[1], client_id=kept.id, client=kept.name)])


def _joined(mine: str, theirs: str, sep: str, limit: int, label: str) -> str:
    mine, theirs = (mine or "").strip(), (theirs or "").strip()
    if not theirs or theirs in mine:
        return mine
    text = f"{mine}{sep}{label}{theirs}" if mine else theirs
    return text[:limit]


def _country(session: Session) -> str:
    return session.scalar(select(m.Clinic.country).order_by(m.Clinic.id).limit(1)) or "US"
