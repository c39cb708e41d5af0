"""One client's file as the desk reads it: details, alert, contraindications, history, counts.

A receptionist opening a client wants, at one glance, what the therapist must know (the alert
and the contraindication flags) and how reliable the client is (visits, no-shows, late
cancellations, what is booked next). Everything is read with a handful of index look-ups on
``appointments(client_id, starts_at)`` so it stays instant on a book of a million visits.

Editing goes through :func:`update_client`: validated like a new client, written with its
audit entry in one write transaction, and refused when another desk changed the client since
this one read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, money
from frontdesk.domain.access import Action
from frontdesk.domain.contraindications import KNOWN_FLAGS
from frontdesk.domain.errors import BadInput, StaleEdit
from frontdesk.domain.length import MAX_LENGTH
from frontdesk.domain.names import email_key
from frontdesk.domain.status import Status
from frontdesk.domain.text import display_phone, fold, name_keys, normalise_phone, readable
from frontdesk.services import audit, ledger_store, permits, schedule
from frontdesk.services.schedule import AppointmentView

#: Contraindications the desk offers as check boxes (others may be typed in as well).

#: The newest visits loaded into a record; the counts always cover the whole history.
HISTORY_LIMIT = 1000

#: A visit still to come (or under way): what "upcoming" and "next" count.
OPEN = (Status.BOOKED, Status.CONFIRMED, Status.ARRIVED, Status.IN_SESSION)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Counts:
    visits: int = 0  # completed
    no_shows: int = 0
    late_cancels: int = 0
    cancelled: int = 0
    upcoming: int = 0  # open and not over yet
    total: int = 0  # every appointment, whatever its status


@dataclass(frozen=True)
class ClientRecord:
    id: int
    name: str
    phones: tuple[str, ...]  # display form, the primary number first
    email: str
    notes: str
    alert: str
    flags: tuple[tuple[str, str], ...]  # (flag, note), known flags first
    history: tuple[AppointmentView, ...]  # newest first, at most HISTORY_LIMIT
    counts: Counts
    next: AppointmentView | None
    last_visit: AppointmentView | None
    summary: str  # "12 visits · 2 no-shows · 1 late cancel · next: Tue 3 Nov 10:00"
    active: bool = True  # False: deactivated (or merged), found by its number only
    merged_into: int | None = None  # the card kept, when this one was merged into it
    #: Notes, alert and contraindications are withheld from the account reading it (a
    #: therapist reading another's client).
    withheld: bool = False
    #: What the client owes in fees, in the currency's minor units (0: nothing).
    owed: int = 0

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""

    @property
    def flag_names(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.flags)


def record(session: Session, client_id: int, tz, *, now: datetime | None = None,
           limit: int = HISTORY_LIMIT) -> ClientRecord:
    """The client's file as of ``now``; BadInput when there is no such client."""
    now = now or clock.utcnow()
    client = load_card(session, client_id)
    a = m.Appointment
    conn = session.connection()
    history = tuple(schedule.to_view(r) for r in conn.execute(
        schedule.view_query().where(a.client_id == client_id)
        .order_by(a.starts_at.desc(), a.id.desc()).limit(limit)))
    by_status = dict(conn.execute(
        select(a.status, func.count()).where(a.client_id == client_id).group_by(a.status)).all())
    open_ = [s.value for s in OPEN]
    upcoming = conn.execute(select(func.count()).where(
        a.client_id == client_id, a.status.in_(open_), a.ends_at > now,
        a.starts_at > now - MAX_LENGTH)).scalar_one()
    next_row = conn.execute(schedule.view_query().where(
        a.client_id == client_id, a.status.in_(open_), a.ends_at > now,
        a.starts_at > now - MAX_LENGTH).order_by(a.starts_at, a.id).limit(1)).first()
    last = conn.execute(schedule.view_query().where(
        a.client_id == client_id, a.status == Status.COMPLETED.value)
        .order_by(a.starts_at.desc(), a.id.desc()).limit(1)).first()
    counts = Counts(
        visits=by_status.get(Status.COMPLETED.value, 0),
        no_shows=by_status.get(Status.NO_SHOW.value, 0),
        late_cancels=by_status.get(Status.LATE_CANCEL.value, 0),
        cancelled=by_status.get(Status.CANCELLED.value, 0),
        upcoming=upcoming, total=sum(by_status.values()))
    nxt = schedule.to_view(next_row) if next_row else None
    # A therapist reads another's client without their notes, alert, contraindications and
    # the notes of visits not theirs (the card shows that they are withheld).
    withheld = bool(permits.hidden_clients(session, [client_id]))
    history = tuple(schedule.screened(session, list(history)))
    nxt = schedule.screened(session, [nxt])[0] if nxt else None
    lst = schedule.screened(session, [schedule.to_view(last)])[0] if last else None
    owed = ledger_store.balances(session, [client.id]).get(client.id, 0)
    return ClientRecord(
        id=client.id, name=client.name,
        phones=tuple(display_phone(p.e164) for p in client.phones),
        email=client.email or "", notes="" if withheld else client.notes or "",
        alert="" if withheld else client.alert or "",
        flags=() if withheld else _sorted_flags((f.flag, f.note or "") for f in client.flags),
        history=history, counts=counts, next=nxt, withheld=withheld,
        last_visit=lst,
        summary=summary(counts, nxt, tz, now) + _owes(session, owed),
        active=bool(client.active), merged_into=client.merged_into_id, owed=max(owed, 0))


def _owes(session: Session, owed: int) -> str:
    """" · owes $25.00" when the client owes fees (collected at their next checkout)."""
    if owed <= 0:
        return ""
    return f" · owes {money.format_amount(owed, ledger_store.till(session).currency)}"


def summary(counts: Counts, nxt: AppointmentView | None, tz, now: datetime) -> str:
    """One line for the desk; zero no-shows and cancellations are left out as noise."""
    parts = [_plural(counts.visits, "visit")]
    for n, word in ((counts.no_shows, "no-show"), (counts.late_cancels, "late cancel")):
        if n:
            parts.append(_plural(n, word))
    if counts.cancelled:
        parts.append(f"{counts.cancelled} cancelled")
    if nxt is None:
        parts.append("nothing booked")
    else:
        parts.append(f"next: {short_time(nxt.start, tz, now)}")
    return " · ".join(parts)


def short_time(instant: datetime, tz, now: datetime) -> str:
    """"Tue 3 Nov 10:00" (with the year when it is not this year's)."""
    t = clock.to_local(instant, tz)
    year = f" {t.year}" if t.year != clock.to_local(now, tz).year else ""
    return f"{t:%a} {t.day} {t:%b}{year} {t:%H:%M}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _sorted_flags(flags: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    order = {f: i for i, f in enumerate(KNOWN_FLAGS)}
    return tuple(sorted(flags, key=lambda f: (order.get(f[0], len(order)), fold(f[0]))))


def load_card(session: Session, client_id: int) -> m.Client:
    """A client row with its phones and flags loaded (for a record, an edit or a merge);
    BadInput when there is none."""
    client = session.get(m.Client, client_id, options=[
        selectinload(m.Client.phones), selectinload(m.Client.flags)])
    if client is None:
        raise BadInput(f"no client #{client_id}", "client")
    return client


def update_client(db: Database, client_id: int, *, name: str, phone: str, email: str,
                  notes: str, alert: str, flags: Iterable[str | tuple[str, str]],
                  actor: str = "desk", at: datetime | None = None,
                  expected: ClientRecord | None = None) -> None:
    """Replace a client's details, with an audit entry, in one write transaction.

    ``phone`` is the primary number (other numbers are kept; "" removes it). ``flags`` are
    names or (name, note) pairs; a bare name keeps the note the flag already has. With
    ``expected`` (the record the desk is showing) the change is refused as stale when another
    desk changed the client meanwhile, instead of silently undoing that desk's edit.
    BadInput names the field at fault: "name", "phone", "email", "notes", "alert", "flags".
    """
    at = at or clock.utcnow()
    with db.write() as session:
        country = session.scalar(select(m.Clinic.country).order_by(m.Clinic.id).limit(1))
        name, number, email, alert, notes = check_details(
            name=name, phone=phone, email=email, alert=alert, notes=notes,
            country=country or "US")
        wanted = _clean_flags(flags)
        client = load_card(session, client_id)
        permits.require_on_client(session, Action.CLIENT_NOTES, client_id)
        if (name, number[0] if number else None, email or None) != (
                client.name, client.phones[0].e164 if client.phones else None,
                client.email or None):
            permits.require(session, Action.CLIENT_CARDS)  # contact details: the desk's
        if client.merged_into_id is not None:
            raise BadInput(f"#{client.id} was merged into #{client.merged_into_id}; edit that "
                           "card instead", "name")
        if expected is not None and _shown(client) != _shown_in(expected):
            raise StaleEdit(f"{client.name}'s details were changed at another desk since you "
                            "opened them; look again before saving")
        before = card_state(client)
        client.name, client.email, client.notes, client.alert = name, email or None, notes, alert
        client.email_key = email_key(email)
        client.search_key, client.search_key2 = name_keys(name)
        _set_primary_phone(client, number)
        _set_flags(client, wanted)
        session.flush()
        after = card_state(client)
        if after != before:
            audit.add(session, m.AuditEntry(at=at, actor=(actor or "desk")[:100], action="update",
                                     entity=m.Client.__tablename__, entity_id=client.id,
                                     before=before, after=after))


def check_details(*, name: str, phone: str, email: str, alert: str, notes: str,
                  country: str) -> tuple[str, tuple[str, str] | None, str, str, str]:
    """A card's details cleaned (name, (E.164, national digits) or None, e-mail, alert,
    notes); BadInput at the first field at fault, in the form's order."""
    name = " ".join(readable(name or "", "name").split())
    if not name:
        raise BadInput("a client needs a name", "name")
    _check_length(name, 200, "name", "the name")
    email, alert = readable(email or "", "email"), readable(alert or "", "alert")
    notes = readable(notes or "", "notes", lines=True)
    number = normalise_phone(phone, country) if (phone or "").strip() else None
    email = _check_length((email or "").strip(), 200, "email", "the e-mail address")
    if email and not _EMAIL.match(email):
        raise BadInput(f"{email!r} is not an e-mail address", "email")
    alert = _check_length(" ".join((alert or "").split()), 500, "alert", "the alert")
    notes = _check_length((notes or "").strip(), 5000, "notes", "the notes")
    return name, number, email, alert, notes


def _check_length(text: str, limit: int, field: str, what: str) -> str:
    if len(text) > limit:
        raise BadInput(f"{what} may have at most {limit} characters ({len(text)} given)", field)
    return text


def _clean_flags(flags: Iterable[str | tuple[str, str]]) -> dict[str, str | None]:
    """{flag: note or None (keep the stored note)}; a known flag in any case is that flag."""
    known = {fold(f): f for f in KNOWN_FLAGS}
    out: dict[str, str | None] = {}
    for item in flags:
        flag, note = (item, None) if isinstance(item, str) else item
        flag = " ".join(flag.split())
        if not flag:
            continue
        flag = known.get(fold(flag), flag)
        _check_length(flag, 40, "flags", f"a contraindication ({flag[:20]}…)")
        if note is not None:
            note = _check_length(note.strip(), 200, "flags", f"the note on {flag}")
        out[flag] = note
    return out


def _set_primary_phone(client: m.Client, number: tuple[str, str] | None) -> None:
    primary = client.phones[0] if client.phones else None
    if number is None:
        if primary is not None:
            client.phones.remove(primary)
        return
    e164, national = number
    if primary is None:
        primary = m.ClientPhone()
        client.phones.append(primary)
    if primary.e164 != e164:
        primary.e164, primary.digits, primary.digits_reversed = e164, national, national[::-1]


def _set_flags(client: m.Client, wanted: dict[str, str | None]) -> None:
    """Reconcile in place (same primary keys stay the same rows; no delete-and-insert)."""
    for row in list(client.flags):
        if row.flag not in wanted:
            client.flags.remove(row)
        elif (note := wanted[row.flag]) is not None:
            row.note = note
    have = {row.flag for row in client.flags}
    client.flags.extend(m.ClientFlag(flag=f, note=n or "") for f, n in wanted.items()
                        if f not in have)


def card_state(client: m.Client) -> dict:
    """The audit picture: the client's columns plus its phones and flags."""
    return audit.snapshot(client) | {
        "phones": [p.e164 for p in client.phones],
        "flags": sorted([f.flag, f.note] for f in client.flags),
    }


def _shown(client: m.Client) -> tuple:
    return (client.name, tuple(display_phone(p.e164) for p in client.phones),
            client.email or "", client.notes or "", client.alert or "",
            _sorted_flags((f.flag, f.note or "") for f in client.flags))


def _shown_in(rec: ClientRecord) -> tuple:
    return rec.name, rec.phones, rec.email, rec.notes, rec.alert, rec.flags
