"""The owner's reports: figures over a range of local dates, aggregated by the database.

Each report is one or two ``GROUP BY`` queries over the appointments of the range (through
the ``starts_at`` index), so a year of a busy clinic returns a few hundred rows, never a
year of visits; what is counted is :mod:`frontdesk.domain.reports`' to say. Local weeks,
weekdays and hours come from :mod:`frontdesk.services.report_sql` on either engine. Only a
manager reads them (:data:`~frontdesk.domain.access.Action.REPORTS`); reading logs nothing.

:data:`REPORTS` names each report for the command line and the window; :func:`run` gives any
of them as a :class:`Report`, the one shape the writers (CSV, PDF, PNG) and the window's
table and chart read. Revenue and tips per therapist come from the money ledger: see
:func:`revenue`, the one report that reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db import models as m
from frontdesk.domain import ledger
from frontdesk.domain import reports as rules
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import WEEKDAYS
from frontdesk.domain.status import Status
from frontdesk.services import ledger_store, permits
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.services.report_sql import Wall, as_date, minutes_between

_VISITED = sorted(s.value for s in rules.VISITED)
_DUE = sorted(s.value for s in rules.DUE)


def _wall(session: Session, catalog: Catalog, r: rules.Range) -> tuple[Wall, tuple]:
    start, end = r.bounds(catalog.clinic.tz)
    return Wall(session.get_bind().dialect.name, catalog.clinic.tz, start, end), (start, end)


def _in_range(bounds, statuses) -> list:
    a = m.Appointment
    return [a.starts_at >= bounds[0], a.starts_at < bounds[1], a.status.in_(statuses)]


# -- the reports -----------------------------------------------------------------------------

def utilisation(session: Session, r: rules.Range) -> list[rules.Utilisation]:
    """Each therapist's and each room's booked minutes over their working minutes: the
    active ones, and any other that had visits in the range. Therapists first, by name. A
    room's booked minutes are the time it is in use: a couples session counts once."""
    permits.require(session, Action.REPORTS)
    catalog = load_catalog(session)
    tz = catalog.clinic.tz
    _, bounds = _wall(session, catalog, r)
    a = m.Appointment
    length = minutes_between(session.get_bind().dialect.name, a.starts_at, a.ends_at)
    booked: dict[tuple[str, int], int] = {}
    for kind, column in (("therapist", a.therapist_id), ("room", a.room_id)):
        # A couples session holds its room once, however many clients share it.
        alone = [a.party_id.is_(None)] if kind == "room" else []
        for key, minutes in session.execute(
                select(column, func.sum(length)).where(*_in_range(bounds, _VISITED), *alone)
                .group_by(column)):
            booked[kind, key] = round(minutes or 0)
    for key, minutes in session.execute(  # the sessions: each one's length, once
            select(a.room_id, func.max(length)).where(*_in_range(bounds, _VISITED),
                                                      a.party_id.is_not(None))
            .group_by(a.room_id, a.party_id)):
        booked["room", key] = booked.get(("room", key), 0) + round(minutes or 0)
    rows = [rules.Utilisation("therapist", t.id, t.name, booked.get(("therapist", t.id), 0),
                              rules.working_minutes(r, tz, t.shifts, t.breaks, t.time_off))
            for t in catalog.therapists.values()
            if t.active or ("therapist", t.id) in booked]
    open_minutes = rules.working_minutes(r, tz, catalog.clinic.opening)
    rows += [rules.Utilisation("room", room.id, room.name, booked.get(("room", room.id), 0),
                               open_minutes)
             for room in catalog.rooms.values() if room.active or ("room", room.id) in booked]
    return rows


def no_shows(session: Session, r: rules.Range) -> list[rules.Missed]:
    """Each local week the range touches: visits due, no-shows, late cancellations."""
    permits.require(session, Action.REPORTS)
    catalog = load_catalog(session)
    wall, bounds = _wall(session, catalog, r)
    a = m.Appointment
    week = wall.period(a.starts_at, "week").label("week")
    counts = {as_date(row.week): row for row in session.execute(
        select(week, func.count().label("due"),
               func.sum(_is(a.status, Status.NO_SHOW)).label("no_shows"),
               func.sum(_is(a.status, Status.LATE_CANCEL)).label("late"))
        .where(*_in_range(bounds, _DUE)).group_by(week))}
    out = []
    for start in rules.periods(r, "week"):
        row = counts.get(start)
        out.append(rules.Missed(start, row.due, int(row.no_shows or 0), int(row.late or 0))
                   if row else rules.Missed(start, 0, 0, 0))
    return out


def _is(column, status: Status):
    return case((column == status.value, 1), else_=0)


def busiest_hours(session: Session, r: rules.Range) -> list[rules.HourCell]:
    """Visits by local weekday and starting hour: only the cells that had any, in order."""
    permits.require(session, Action.REPORTS)
    catalog = load_catalog(session)
    wall, bounds = _wall(session, catalog, r)
    a = m.Appointment
    weekday, hour = wall.weekday(a.starts_at).label("weekday"), wall.hour(a.starts_at).label("hour")
    rows = session.execute(select(weekday, hour, func.count())
                           .where(*_in_range(bounds, _VISITED)).group_by(weekday, hour))
    return sorted((rules.HourCell(int(d), int(h), n) for d, h, n in rows),
                  key=lambda c: (c.weekday, c.hour))


def new_returning(session: Session, r: rules.Range,
                  period: str = "month") -> list[rules.NewReturning]:
    """Clients seen in each period of the range: new (no visit ever before their first one
    in the period) and returning. Walk-ins without a card are not counted."""
    permits.require(session, Action.REPORTS)
    if period not in rules.PERIODS:
        raise BadInput(f"no period {period!r} (week or month)", "period")
    catalog = load_catalog(session)
    wall, bounds = _wall(session, catalog, r)
    a = m.Appointment
    label = wall.period(a.starts_at, period).label("period")
    seen = (select(label, a.client_id.label("client_id"),
                   func.min(a.starts_at).label("first"))
            .where(*_in_range(bounds, _VISITED), a.client_id.is_not(None))
            .group_by(label, a.client_id).subquery())
    earlier = aliased(m.Appointment)
    before = exists().where(earlier.client_id == seen.c.client_id,
                            earlier.starts_at < seen.c.first,
                            earlier.status.in_(_VISITED))
    counts = {as_date(p): (n, new or 0) for p, n, new in session.execute(
        select(seen.c.period, func.count(), func.sum(_flag(~before)))
        .group_by(seen.c.period))}
    out = []
    for start in rules.periods(r, period):
        total, new = counts.get(start, (0, 0))
        out.append(rules.NewReturning(start, int(new), int(total) - int(new)))
    return out


def _flag(condition):
    return case((condition, 1), else_=0)


def revenue(session: Session, r: rules.Range) -> list[rules.Revenue]:
    """Service revenue (charges less discounts and refund credits) and tips per therapist,
    summed by the ledger's business day (the clinic's date when an entry was written: a
    void on Tuesday of Monday's checkout is Tuesday's), in minor units of the clinic's
    currency. One ``GROUP BY`` over the ledger's (day, kind) index; a void's negated
    entries cancel what they reverse without a join (see :mod:`frontdesk.domain.ledger`)."""
    permits.require(session, Action.REPORTS)
    e = m.LedgerEntry
    kinds = sorted(k.value for k in (*ledger.REVENUE, ledger.Kind.TIP))
    rows = session.execute(
        select(e.therapist_id, e.kind, func.sum(e.amount_cents))
        .where(e.day >= r.first, e.day <= r.last, e.kind.in_(kinds),
               e.therapist_id.is_not(None))
        .group_by(e.therapist_id, e.kind)).all()
    got: dict[int, list[int]] = {}
    for therapist_id, kind, total in rows:
        if therapist_id is None:
            continue
        pair = got.setdefault(therapist_id, [0, 0])
        pair[1 if kind == ledger.Kind.TIP.value else 0] += int(total or 0)
    names = dict(session.execute(select(m.Therapist.id, m.Therapist.name)).all())
    currency = ledger_store.till(session).currency
    out = [rules.Revenue(t, names.get(t, f"#{t}"), cents, tips, currency)
           for t, (cents, tips) in got.items()]
    return sorted(out, key=lambda x: (-x.revenue_cents, x.name.casefold()))


# -- one shape for every report --------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """A report's figures as a table: what CSV, PDF and PNG write and the window shows.

    ``cells`` hold numbers as numbers (rates as percentages rounded to 0.1, None where
    there is nothing to divide by); ``records`` are the domain rows they came from, for a
    chart."""

    name: str
    title: str
    first: date
    last: date
    columns: tuple[str, ...]
    cells: tuple[tuple, ...]
    records: tuple
    #: How a chart shows it: "bars" (a horizontal bar per row), "lines" (series over
    #: periods), "stacked" (stacked columns over periods) or "heat" (weekday x hour).
    chart: str
    #: The column naming each bar or period, and the columns a chart draws.
    label: str
    series: tuple[str, ...]
    clinic: str = ""

    def values(self, column: str) -> list[float]:
        """A numeric column as floats (None and blanks as 0), for a chart."""
        i = self.columns.index(column)
        return [float(row[i]) if row[i] not in (None, "") else 0.0 for row in self.cells]

    def labels(self, *, shown: bool = True) -> list[str]:
        """Each row's label (a name, a week, a period), as shown or as stored."""
        i = self.columns.index(self.label)
        return [self.text(self.label, row[i]) if shown else str(row[i]) for row in self.cells]

    @staticmethod
    def heading(column: str) -> str:
        """A column as people read it: "utilisation_percent" is "Utilisation %"."""
        words = column.replace("_", " ").replace(" percent", " %")
        return words[:1].upper() + words[1:]

    def text(self, column: str, value) -> str:
        """A cell as the window and the pictures show it (the CSV keeps the plain value):
        numbers grouped ("1,234", "32,166.50"), a period's first day as its week or month
        ("Sep 2026", "5 Oct 2026"), nothing to divide by as a dash."""
        if value is None:
            return "–"
        if isinstance(value, int | Decimal):
            return f"{value:,}"
        if column in ("week", "period") and isinstance(value, str):
            day = date.fromisoformat(value)
            if column == "period" and self.title.endswith("by month"):
                return f"{day:%b %Y}"
            return f"{day.day} {day:%b %Y}"
        return str(value)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _utilisation_table(records) -> tuple[tuple[str, ...], list[tuple]]:
    return (("kind", "name", "booked_minutes", "working_minutes", "utilisation_percent"),
            [(u.kind, u.name, u.booked_minutes, u.working_minutes, _percent(u.rate))
             for u in records])


def _missed_table(records) -> tuple[tuple[str, ...], list[tuple]]:
    return (("week", "due", "no_shows", "no_show_percent", "late_cancels",
             "late_cancel_percent"),
            [(w.week.isoformat(), w.due, w.no_shows, _percent(w.no_show_rate), w.late_cancels,
              _percent(w.late_cancel_rate)) for w in records])


def _hours_table(records) -> tuple[tuple[str, ...], list[tuple]]:
    return (("weekday", "hour", "visits"),
            [(WEEKDAYS[c.weekday], f"{c.hour:02d}:00", c.visits) for c in records])


def _new_table(records) -> tuple[tuple[str, ...], list[tuple]]:
    return (("period", "new", "returning", "clients"),
            [(p.period.isoformat(), p.new, p.returning, p.clients) for p in records])


def _revenue_table(records) -> tuple[tuple[str, ...], list[tuple]]:
    """Amounts as numbers in the currency's major unit (Decimal: exact, never a float)."""
    return (("therapist", "revenue", "tips"),
            [(x.name, x.revenue, x.tips) for x in records])


@dataclass(frozen=True)
class Kind:
    title: str
    compute: Callable[..., list]
    table: Callable[[list], tuple[tuple[str, ...], list[tuple]]]
    chart: str
    label: str
    series: tuple[str, ...]


#: Every report by the name the command line takes.
REPORTS: dict[str, Kind] = {
    "utilisation": Kind("Utilisation per therapist and room", utilisation,
                        _utilisation_table, "bars", "name", ("utilisation_percent",)),
    "no-shows": Kind("No-shows and late cancellations by week", no_shows, _missed_table,
                     "lines", "week", ("no_show_percent", "late_cancel_percent")),
    "busiest-hours": Kind("Busiest hours (visits by weekday and hour)", busiest_hours,
                          _hours_table, "heat", "weekday", ("visits",)),
    "new-returning": Kind("New and returning clients", new_returning, _new_table, "stacked",
                          "period", ("new", "returning")),
    "revenue": Kind("Revenue and tips per therapist", revenue, _revenue_table, "bars",
                    "therapist", ("revenue", "tips")),
}


def run(session: Session, name: str, r: rules.Range, *, period: str = "month") -> Report:
    """Report ``name`` (a key of :data:`REPORTS`) over ``r``."""
    kind = REPORTS.get(name)
    if kind is None:
        raise BadInput(f"no report {name!r} (one of: {', '.join(REPORTS)})", "report")
    records = (kind.compute(session, r, period) if name == "new-returning"
               else kind.compute(session, r))
    columns, cells = kind.table(records)
    clinic = session.scalar(select(m.Clinic.name).order_by(m.Clinic.id).limit(1)) or ""
    title = kind.title + (f" by {period}" if name == "new-returning" else "")
    return Report(name, title, r.first, r.last, columns, tuple(cells), tuple(records),
                  kind.chart, kind.label, kind.series, clinic)

