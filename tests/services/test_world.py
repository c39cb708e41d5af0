"""The availability search's day cache answers as the database does.

DayCacheWorld files each appointment under the local days its time and buffers touch, found
by bisecting the days' bounds; SessionWorld asks the database each time. For every window
over a week with overnight visits and a DST day, both must hold the same clashing bookings.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from frontdesk.db import models as m
from frontdesk.services.catalog import load_catalog
from frontdesk.services.world import DayCacheWorld, SessionWorld
from tests.helpers import NOW, local

#: (local start, minutes, therapist, room, client, buffer minutes after)
VISITS = [
    ("2026-10-30 10:00", 60, "Ana", "Cedar", "José Núñez", 15),
    ("2026-10-30 23:30", 90, "Ben", "Willow", "Zoë Brontë", 20),   # past midnight
    ("2026-10-31 23:00", 45, "Ana", "Cedar", "李小龍", 30),          # buffer past midnight
    ("2026-11-01 01:30", 60, "Ben", "Cedar", "José Núñez", 0),      # the repeated hour
    ("2026-11-01 09:00", 60, "Ana", "Willow", None, 10),
    ("2026-11-02 00:00", 30, "Ana", "Cedar", "Zoë Brontë", 0),       # at midnight sharp
    ("2026-11-03 19:45", 300, "Ben", "Willow", "李小龍", 15),        # five hours, overnight
    ("2026-11-04 22:45", 60, "Ana", "Cedar", "José Núñez", 15),     # buffer ends at midnight
]


@pytest.fixture
def week(db, clinic):
    rows = []
    for when, minutes, therapist, room, client, buffer in VISITS:
        start = local(when)
        end = start + timedelta(minutes=minutes)
        until = end + timedelta(minutes=buffer)
        rows.append(dict(
            client_id=clinic[client] if client else None, service_id=clinic["Swedish 60"],
            therapist_id=clinic[therapist], room_id=clinic[room], starts_at=start,
            ends_at=end, therapist_until=until, room_until=until, status="booked",
            source="desk", created_at=NOW, updated_at=NOW))
    with db.write() as s:
        s.execute(insert(m.Appointment), rows)
    return clinic


def _clashing(items, start, end, reach):
    return {b.id for b in items if b.start < end and start < getattr(b, reach)}


def test_the_day_cache_holds_what_the_database_holds(db, week):
    clinic = week
    keys = [("therapist", clinic["Ana"], "therapist_until"),
            ("therapist", clinic["Ben"], "therapist_until"),
            ("room", clinic["Cedar"], "room_until"), ("room", clinic["Willow"], "room_until"),
            ("client", clinic["José Núñez"], "end"), ("client", clinic["Zoë Brontë"], "end"),
            ("client", clinic["李小龍"], "end")]
    with db.read() as s:
        catalog = load_catalog(s)
        cached = DayCacheWorld(s, catalog, NOW, horizon=date(2026, 11, 5))
        unnamed = DayCacheWorld(s, catalog, NOW, horizon=date(2026, 11, 5), names=False)
        direct = SessionWorld(s, catalog, NOW)
        start = local("2026-10-29 20:00")
        checked = found = 0
        while start < local("2026-11-05 00:00"):
            for minutes in (30, 90, 360):
                end = start + timedelta(minutes=minutes)
                for kind, key, reach in keys:
                    want = _clashing(direct.booked(kind, key, start, end), start, end, reach)
                    got = _clashing(cached.booked(kind, key, start, end), start, end, reach)
                    assert got == want, (kind, key, start, end)
                    # The search's world, read without the clients' names, finds the same.
                    got = _clashing(unnamed.booked(kind, key, start, end), start, end, reach)
                    assert got == want, (kind, key, start, end)
                    checked += 1
                    found += bool(want)
            start += timedelta(minutes=45)
    assert checked > 1000 and found > 100  # the windows did meet the visits


def test_one_read_around_a_visit_answers_as_asking_each_time(db, week):
    """SessionWorld.around reads once what is booked near a visit; every question inside
    its window must find the same clashes as a query of its own would."""
    clinic = week
    keys = [("therapist", clinic["Ana"], "therapist_until"),
            ("therapist", clinic["Ben"], "therapist_until"),
            ("room", clinic["Cedar"], "room_until"), ("room", clinic["Willow"], "room_until"),
            ("client", clinic["José Núñez"], "end"), ("client", clinic["Zoë Brontë"], "end"),
            ("client", clinic["李小龍"], "end")]
    with db.read() as s:
        catalog = load_catalog(s)
        direct = SessionWorld(s, catalog, NOW)
        near = SessionWorld(s, catalog, NOW)
        start = local("2026-10-29 20:00")
        checked = found = 0
        while start < local("2026-11-05 00:00"):
            for minutes in (30, 90, 360):
                end = start + timedelta(minutes=minutes)
                with near.around(start, end + timedelta(minutes=30)):
                    for inner in (end, end + timedelta(minutes=30)):
                        for kind, key, reach in keys:
                            want = _clashing(direct.booked(kind, key, start, inner), start,
                                             inner, reach)
                            got = _clashing(near.booked(kind, key, start, inner), start,
                                            inner, reach)
                            assert got == want, (kind, key, start, inner)
                            checked += 1
                            found += bool(want)
            start += timedelta(minutes=45)
    assert checked > 1000 and found > 100  # the windows did meet the visits
