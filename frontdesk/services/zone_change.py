"""The clinic's time zone changed on a book with visits: keep the wall-clock times or the
instants, as the user said (the rule: :mod:`frontdesk.domain.zone_change`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from frontdesk.db import models as m
from frontdesk.domain import clock, zone_change
from frontdesk.domain.zone_change import Keep


def rezone(session: Session, clinic: m.Clinic, timezone: str, keep: str | None) -> None:
    """Give ``clinic`` the zone ``timezone`` inside the caller's write transaction; with
    ``keep="wall-clock"`` every visit moves so that it shows the same clock time as before
    (BadInput, nothing changed, when one of those times does not exist in the new zone)."""
    old, new = ZoneInfo(clinic.timezone), clock.zone(timezone)
    visits = session.scalar(select(func.count()).select_from(m.Appointment)) or 0
    if zone_change.which(keep, visits, old, new) == Keep.WALL_CLOCK:
        _keep_wall_clock(session, old, new)
    clinic.timezone = timezone


def _keep_wall_clock(session: Session, old: ZoneInfo, new: ZoneInfo) -> None:
    rows = session.execute(select(m.Appointment.id, m.Appointment.starts_at,
                                  m.Appointment.ends_at, m.Appointment.therapist_until,
                                  m.Appointment.room_until, m.Appointment.version)).all()
    moves = [(r, zone_change.same_wall_clock(r.starts_at, old, new)) for r in rows]
    # Every visit moves by about the same amount: moving the latest first when they move
    # later (the earliest first when earlier) never puts one onto a place another still
    # holds, which the database's guard would refuse.
    later = sum(d.total_seconds() for _, d in moves) > 0
    moves.sort(key=lambda move: move[0].starts_at, reverse=later)
    session.execute(update(m.Appointment), [
        {"id": r.id, "starts_at": r.starts_at + d, "ends_at": r.ends_at + d,
         "therapist_until": r.therapist_until + d, "room_until": r.room_until + d,
         "version": r.version + 1}
        for r, d in moves if d])
