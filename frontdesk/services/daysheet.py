"""What an exported or printed schedule holds: the days, their visits, and who it is for.

Every export (PDF, CSV, iCalendar, HTML, the printer, the published calendars) reads one
:class:`Sheet` gathered here, so they agree on which visits a day holds and on what a private
copy leaves out. Privacy is applied here, not in the writers: a private sheet does not carry
phones, notes, alerts or contraindications at all, so no writer can let them slip.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import CANCELLATIONS
from frontdesk.services import clients as clients_service
from frontdesk.services import dayplan, permits, schedule
from frontdesk.services.catalog import Catalog
from frontdesk.services.schedule import AppointmentView

#: The longest export: a year of days (a month is the usual "long" one).
MAX_DAYS = 366

#: Countries whose paper is US Letter; everyone else prints on A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA",
                              "DO", "SV", "NI", "HN", "PR", "BZ"})


def paper_for(country: str) -> str:
    """``"Letter"`` or ``"A4"``: the paper a clinic in ``country`` has in its printer."""
    return "Letter" if (country or "").upper() in LETTER_COUNTRIES else "A4"


@dataclass(frozen=True)
class Visit:
    """One appointment with what a sheet adds to the book's row: the client's phones and
    contraindications, and when the row was made and last changed (for calendar updates)."""

    appt: AppointmentView
    phones: tuple[str, ...]
    cautions: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    #: A couples visit's partners, "with Zoë Brontë (Ben)" ("" for a visit of its own).
    partners: str = ""

    @property
    def active(self) -> bool:
        return self.appt.status not in CANCELLATIONS


@dataclass(frozen=True)
class SheetDay:
    day: date
    #: Every visit that starts this local day, cancelled ones included, in time order.
    visits: tuple[Visit, ...]
    #: The day laid out in therapist columns (active visits only), as the day view shows it;
    #: None when the sheet was gathered without layout (calendars and CSV need none).
    plan: dayplan.Plan | None = None

    @property
    def active(self) -> tuple[Visit, ...]:
        """The visits a paper sheet lists: all but cancellations (a no-show stays)."""
        return tuple(v for v in self.visits if v.active)


@dataclass(frozen=True)
class Sheet:
    clinic: str
    calendar_id: str
    tz: ZoneInfo
    country: str
    #: "clinic", "therapist" or "room", with the therapist's or room's name.
    scope: str
    name: str
    private: bool
    days: tuple[SheetDay, ...]
    made_at: datetime

    @property
    def title(self) -> str:
        """Who the sheet is for: "Whole clinic", a therapist's name, or "Room: Garden"."""
        return {"clinic": "Whole clinic", "therapist": self.name}.get(self.scope,
                                                                      f"Room: {self.name}")

    @property
    def visits(self) -> list[Visit]:
        return [v for d in self.days for v in d.visits]

    def local(self, instant: datetime) -> datetime:
        return clock.to_local(instant, self.tz)


def gather(session: Session, catalog: Catalog, first: date, days: int = 1, *,
           therapist_id: int | None = None, room_id: int | None = None,
           private: bool = False, layout: bool = True, now: datetime | None = None) -> Sheet:
    """The sheet for ``days`` local days from ``first``, for the clinic, a therapist or a room.

    Reads the days in one query and the phones, flags and change times of their clients and
    appointments in three more, however many days are asked for. ``layout`` also lays each
    day out in columns for a printed grid.
    """
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"an export covers 1 to {MAX_DAYS} days, not {days}", "days")
    if therapist_id is not None and room_id is not None:
        raise BadInput("export for a therapist or for a room, not both", "therapist")
    # A therapist exports (and publishes) their own schedule only.
    permits.require(session, Action.EXPORT, () if therapist_id is None else (therapist_id,))
    tz = catalog.clinic.tz
    filters = {"therapist_id": therapist_id, "room_id": room_id}
    rows = schedule.days(session, first, days, tz, **filters)
    extra = _extras(session, rows, private)
    linked = {i: schedule.with_partners(others)
              for i, others in schedule.partners(session, rows).items()}
    by_day: dict[date, list[Visit]] = {first + timedelta(days=i): [] for i in range(days)}
    for a in rows:
        d = clock.to_local(a.start, tz).date()
        if d in by_day:  # a visit running past midnight into the range belongs to its day
            by_day[d].append(replace(_visit(a, extra, private),
                                     partners=linked.get(a.id, "")))
    sheet_days = []
    for d, visits in by_day.items():
        plan = dayplan.build(catalog, d, [v.appt for v in visits], therapist_id=therapist_id,
                             room_id=room_id) if layout else None
        sheet_days.append(SheetDay(d, tuple(visits), plan))
    if therapist_id is not None:
        scope, name = "therapist", catalog.therapists[therapist_id].name
    elif room_id is not None:
        scope, name = "room", catalog.rooms[room_id].name
    else:
        scope, name = "clinic", ""
    return Sheet(clinic=catalog.clinic.name, calendar_id=catalog.clinic.calendar_id, tz=tz,
                 country=catalog.clinic.country, scope=scope, name=name, private=private,
                 days=tuple(sheet_days), made_at=now or clock.utcnow())


class _Extras:
    def __init__(self):
        self.phones: dict[int, list[str]] = {}
        self.flags: dict[int, list[str]] = {}
        self.stamps: dict[int, tuple[datetime, datetime]] = {}


def _extras(session: Session, rows: list[AppointmentView], private: bool) -> _Extras:
    extra = _Extras()
    ids = [a.id for a in rows]
    clients = sorted({a.client_id for a in rows if a.client_id is not None})
    a = m.Appointment
    for chunk in _chunks(ids):
        for i, created, updated in session.execute(
                select(a.id, a.created_at, a.updated_at).where(a.id.in_(chunk))):
            extra.stamps[i] = (created, updated)
    if private:
        return extra
    extra.phones = clients_service.phones_of(session, clients)
    f = m.ClientFlag
    hidden = permits.hidden_clients(session, clients)
    for chunk in _chunks([c for c in clients if c not in hidden]):
        for client_id, flag, note in session.execute(
                select(f.client_id, f.flag, f.note).where(f.client_id.in_(chunk))
                .order_by(f.client_id, f.flag)):
            extra.flags.setdefault(client_id, []).append(f"{flag} ({note})" if note else flag)
    return extra


def _chunks(ids: list[int], size: int = 900):
    """Id lists cut below SQLite's bound-parameter limit."""
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _visit(a: AppointmentView, extra: _Extras, private: bool) -> Visit:
    created, updated = extra.stamps.get(a.id, (a.start, a.start))
    if private:
        a = a._replace(notes="", client_alert="", client_flagged=False)
        return Visit(a, (), (), created, updated)
    cid = a.client_id
    if cid is None:  # a walk-in: no phones, no flags
        return Visit(a, (), (), created, updated)
    return Visit(a, tuple(extra.phones.get(cid, ())), tuple(extra.flags.get(cid, ())),
                 created, updated)
