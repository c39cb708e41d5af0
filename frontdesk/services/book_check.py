"""``frontdesk check``: does the book hold together, as a file and as a clinic's book?

On SQLite: the file's header, SQLite's full ``integrity_check`` and ``foreign_key_check``;
on either engine, the book's own invariants (:mod:`frontdesk.domain.invariants`): no room
and no therapist (without a recorded reason) held twice at once, every appointment's client,
therapist and room there. It only reads: a damaged file is opened read-only, never upgraded.
A book at another schema than this program's is checked as a file only, and says so.

And the audit trail's hash chain (:mod:`frontdesk.domain.audit_chain`): an entry edited
(its seal no longer matches), removed (the next does not follow the one before), or the
trail's last entries removed since the last backup kept its end (:mod:`.audit_seal`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, func, select, text

from frontdesk.db import models as m
from frontdesk.db import sqlite_files
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import HEAD, sqlite_path
from frontdesk.domain import audit_chain, clock, invariants
from frontdesk.domain.errors import BadInput
from frontdesk.domain.invariants import Breach, Held
from frontdesk.domain.status import ACTIVE
from frontdesk.services import audit_seal, backups

BATCH = 20_000
#: Breaks of the audit trail named one by one; past these, counted (a trail rewritten
#: wholesale breaks at every entry).
TRAIL_NAMED = 20


@dataclass
class Report:
    """What was checked and every problem found (none: the book holds together)."""

    book: str
    problems: list[Breach] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    appointments: int = 0

    @property
    def sound(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {"book": self.book, "sound": self.sound, "checked": self.checked,
                "appointments": self.appointments,
                "problems": [{"code": b.code, "message": b.message} for b in self.problems]}


def check(url: str, now: datetime | None = None) -> Report:
    """The book at ``url`` checked; ``now`` (default: the real time) tells the visits still
    to come, whose rooms must hold their couples (see :func:`_capacities`)."""
    path = sqlite_path(url)
    report = Report(str(path) if path is not None else url.split("@")[-1])
    if path is not None:
        if not path.exists():
            raise BadInput(f"no database at {path}", "db")
        if not _file(path, report):
            return report
    engine = make_engine(url, read_only=path is not None)
    try:
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision != HEAD:
                report.checked.append(f"not the book's own rules: it is at schema {revision}, "
                                      f"this frontdesk's is {HEAD} (opening it upgrades it)")
                return report
            _invariants(conn, report, now or clock.utcnow())
            _trail(conn, report, audit_seal.kept(backups.folder_for(url, make=False)))
    finally:
        engine.dispose()
    return report


def _file(path: Path, report: Report) -> bool:
    """The file's own checks; False when it cannot be read as a database at all."""
    problem = sqlite_files.header_problem(path)
    if problem is not None:
        report.problems.append(Breach("file", f"{path.name}: {problem}"))
        return False
    problem = sqlite_files.verify(path)
    report.checked.append("SQLite's integrity check")
    if problem is not None and "no schema revision" in problem:
        report.problems.append(Breach("not_a_book", f"{path.name}: {problem}"))
        return False
    if problem is not None:
        report.problems.append(Breach("integrity", f"{path.name}: {problem}"))
        return False
    con = sqlite_files.connect_ro(path)
    try:
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            if table == "appointments" and parent in ("clients", "therapists", "rooms"):
                continue  # said below, naming the appointment
            report.problems.append(Breach("reference", f"row {rowid} of {table} refers to a "
                                          f"row of {parent} that does not exist"))
    finally:
        con.close()
    report.checked.append("references between tables")
    return True


def _names(conn: Connection, table) -> dict[int, str]:
    return {row[0]: row[1] for row in conn.execute(select(table.id, table.name))}


def _held(conn: Connection, resource, until) -> Iterator[Held]:
    a = m.Appointment
    rows = conn.execution_options(yield_per=BATCH).execute(
        select(a.id, resource, a.starts_at, until, a.override_reason, a.party_id)
        .where(a.status.in_([s.value for s in ACTIVE])).order_by(resource, a.starts_at, a.id))
    for row in rows:
        yield Held(row[0], row[1], row[2], row[3], row[4] or "", row[5])


def _invariants(conn: Connection, report: Report, now: datetime) -> None:
    a = m.Appointment
    report.appointments = conn.execute(text("SELECT count(*) FROM appointments")).scalar() or 0
    rooms, therapists = _names(conn, m.Room), _names(conn, m.Therapist)
    for first, second in invariants.clashes(_held(conn, a.room_id, a.room_until),
                                            reason_excuses=False, parties_share=True):
        report.problems.append(invariants.room_clash(
            first, second, rooms.get(first.resource_id, f"#{first.resource_id}")))
    _capacities(conn, report, rooms, now)
    report.checked.append("no room held twice at once, nor by more clients than it holds")
    for first, second in invariants.clashes(_held(conn, a.therapist_id, a.therapist_until),
                                            reason_excuses=True):
        report.problems.append(invariants.therapist_clash(
            first, second, therapists.get(first.resource_id, f"#{first.resource_id}")))
    report.checked.append("no therapist held twice at once without a reason")
    for what, column, table in (("client", a.client_id, m.Client),
                                ("therapist", a.therapist_id, m.Therapist),
                                ("room", a.room_id, m.Room)):
        orphans = conn.execute(
            select(a.id, column).where(column.is_not(None))
            .where(~select(table.id).where(table.id == column).exists()).order_by(a.id))
        for appointment_id, missing_id in orphans:
            if missing_id is not None:  # the query asks for named ones only
                report.problems.append(invariants.missing(appointment_id, what, missing_id))
    report.checked.append("every appointment's client, therapist and room there")


def _capacities(conn: Connection, report: Report, rooms: dict[int, str],
                now: datetime) -> None:
    """A couples session still to come with more active visits in one room than the room
    holds at once (they share one time: a party's visits move together). One in the past
    was within the capacity the room had then: a room may hold fewer later."""
    a, r = m.Appointment, m.Room
    active = a.status.in_([s.value for s in ACTIVE])
    over = conn.execute(
        select(a.party_id, a.room_id, r.capacity).join(r, r.id == a.room_id)
        .where(active, a.party_id.is_not(None), a.room_until > now)
        .group_by(a.party_id, a.room_id, r.capacity).having(func.count() > r.capacity)
        .order_by(a.party_id)).all()
    for party_id, room_id, capacity in over:
        ids = list(conn.scalars(select(a.id).where(active, a.party_id == party_id,
                                                    a.room_id == room_id).order_by(a.id)))
        report.problems.append(invariants.over_capacity(
            ids, rooms.get(room_id, f"#{room_id}"), capacity))


def _trail(conn: Connection, report: Report, anchor: audit_chain.Anchor | None) -> None:
    tip = audit_chain.Tip()
    breaks = 0
    for breach in audit_chain.verify(audit_seal.links(conn), anchor, tip):
        breaks += 1
        if breaks <= TRAIL_NAMED:
            report.problems.append(breach)
    if breaks > TRAIL_NAMED:
        report.problems.append(Breach("audit_more", f"and {breaks - TRAIL_NAMED:,} more "
                                      "breaks in the audit trail"))
    report.checked.append(f"the audit trail's seals ({tip.entries:,} entries"
                          + (", and its end kept at the last backup)" if anchor else ")"))
