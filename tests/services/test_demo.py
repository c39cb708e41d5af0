"""The small demo clinic: its size, its names, and that every appointment in it obeys the rules.

The demo is built once per module (it is deterministic) into its own SQLite file.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import BadInput
from frontdesk.domain.rules import ClientInfo, Proposal, check
from frontdesk.domain.status import ACTIVE, Status
from frontdesk.services.catalog import load_catalog
from frontdesk.services.demo import build_demo
from frontdesk.services.world import SessionWorld
from tests.helpers import NOW

START = date(2026, 10, 1)
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
#: Built mid-morning (11:30 local), when visits are under way and clients are arriving.
DEMO_NOW = datetime(2026, 10, 1, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    database = open_database(f"sqlite:///{folder / 'demo.sqlite3'}")
    summary = build_demo(database, "small", start=START, now=DEMO_NOW)
    yield database, summary
    database.close()


@pytest.fixture(scope="module")
def demo_db(demo):
    return demo[0]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_size(demo):
    db, summary = demo
    with db.read() as s:
        therapists, rooms, clients = count(s, m.Therapist), count(s, m.Room), count(s, m.Client)
        appointments = count(s, m.Appointment)
    assert 5 <= therapists <= 6
    assert 4 <= rooms <= 5
    assert 200 <= clients <= 1000
    assert appointments > 500
    assert (summary.therapists, summary.rooms, summary.clients, summary.appointments) == (
        therapists, rooms, clients, appointments)
    assert summary.first_day < START < summary.last_day


def test_service_names(demo_db):
    with demo_db.read() as s:
        names = set(s.scalars(select(m.Service.name)))
    assert {"Deep Tissue Massage 60", "Trigger Point Therapy 30",
            "Hot Stone Massage 90"} <= names


def test_special_client_names(demo_db):
    with demo_db.read() as s:
        names = set(s.scalars(select(m.Client.name)))
    assert {"José Núñez", "Zoë Brontë", "李小龍"} <= names


def test_every_status_is_present(demo_db):
    """The demo promises "past and future appointments in every status"."""
    with demo_db.read() as s:
        statuses = Counter(s.scalars(select(m.Appointment.status)))
    missing = {st.value for st in Status} - set(statuses)
    assert not missing, f"no {sorted(missing)} appointments in the demo ({dict(statuses)})"


def test_every_active_appointment_obeys_the_rules(demo_db):
    """With the clock far in the past (so nothing is "in the past"), each active appointment,
    proposed again in place of itself, breaks no rule, hard or soft."""
    active = [st.value for st in ACTIVE]
    broken = []
    with demo_db.read() as s:
        catalog = load_catalog(s)
        world = SessionWorld(s, catalog, LONG_AGO)
        clients = dict(s.execute(select(m.Client.id, m.Client.name)).all())
        rows = s.scalars(select(m.Appointment).where(m.Appointment.status.in_(active))
                         .order_by(m.Appointment.starts_at)).all()
        assert len(rows) > 500
        for a in rows:
            service = catalog.services[a.service_id]
            assert a.therapist_until == a.ends_at + timedelta(minutes=service.rest_after)
            assert a.room_until == a.ends_at + timedelta(minutes=service.turnover_after)
            assert a.override_reason == ""
            client = ClientInfo(a.client_id, clients[a.client_id]) if a.client_id else None
            proposal = Proposal(a.starts_at, a.ends_at, service, catalog.therapists[a.therapist_id],
                                catalog.rooms[a.room_id], client, replaces=a.id,
                                party_id=a.party_id)
            problems = check(proposal, world)
            if problems:
                broken.append((a.id, [v.message for v in problems]))
    assert not broken, f"{len(broken)} demo appointments break the rules, e.g. {broken[:3]}"


def test_rule_check_sees_the_demo_clashes(demo_db):
    """The check above is not vacuous: the same appointment proposed as a new one (without
    ``replaces``) clashes with itself in room, client and therapist."""
    with demo_db.read() as s:
        catalog = load_catalog(s)
        world = SessionWorld(s, catalog, LONG_AGO)
        a = s.scalars(select(m.Appointment).where(m.Appointment.status == "completed",
                                                  m.Appointment.client_id.is_not(None))
                      .limit(1)).one()
        client = ClientInfo(a.client_id, s.get(m.Client, a.client_id).name)
        proposal = Proposal(a.starts_at, a.ends_at, catalog.services[a.service_id],
                            catalog.therapists[a.therapist_id], catalog.rooms[a.room_id], client)
        codes = {v.code for v in check(proposal, world)}
    assert {"room-taken", "client-busy", "therapist-busy"} <= codes


def test_cancelled_appointments_have_a_reason(demo_db):
    with demo_db.read() as s:
        reasons = s.scalars(select(m.Appointment.cancel_reason).where(
            m.Appointment.status.in_(["cancelled", "late_cancel"]))).all()
    assert reasons and all(r.strip() for r in reasons)


def test_hot_stone_only_in_hot_stone_rooms(demo_db):
    with demo_db.read() as s:
        hot = s.scalar(select(m.Service.id).where(m.Service.name == "Hot Stone Massage 90"))
        features = {}
        for room_id, feature in s.execute(select(m.room_features)):
            features.setdefault(room_id, set()).add(feature)
        rooms = s.scalars(select(m.Appointment.room_id).where(
            m.Appointment.service_id == hot)).all()
    assert len(rooms) > 10
    assert all("hot stone" in features.get(r, set()) for r in rooms)


def test_demo_times_past_and_future(demo_db):
    with demo_db.read() as s:
        first = s.scalar(select(func.min(m.Appointment.starts_at)))
        last = s.scalar(select(func.max(m.Appointment.starts_at)))
        future = set(s.scalars(select(m.Appointment.status).where(
            m.Appointment.starts_at > DEMO_NOW)))
        past = set(s.scalars(select(m.Appointment.status).where(m.Appointment.ends_at <= DEMO_NOW)))
    assert first < DEMO_NOW - timedelta(days=30) and last > DEMO_NOW + timedelta(days=14)
    # Nothing in the past is still waiting; nothing in the future has already happened.
    assert past <= {"completed", "no_show", "cancelled", "late_cancel"}
    assert future <= {"booked", "confirmed", "arrived", "cancelled"}


def test_building_twice_is_bad_input(db):
    build_demo(db, "small", start=START, now=DEMO_NOW)
    with db.read() as s:
        before = (count(s, m.Appointment), count(s, m.Client), count(s, m.Therapist))
    with pytest.raises(BadInput):
        build_demo(db, "small", start=START, now=DEMO_NOW)
    with db.read() as s:
        assert (count(s, m.Appointment), count(s, m.Client), count(s, m.Therapist)) == before


def test_demo_needs_an_empty_book(db, clinic):
    """A book with a clinic of its own (the test clinic) is not overwritten either."""
    with pytest.raises(BadInput):
        build_demo(db, "small", start=START, now=DEMO_NOW)
    with db.read() as s:
        assert count(s, m.Appointment) == 0 and count(s, m.Therapist) == 3


def test_unknown_scale_is_bad_input(db):
    with pytest.raises(BadInput):
        build_demo(db, "medium", start=START, now=DEMO_NOW)


def test_demo_built_before_opening_does_not_pretend_the_day_has_started(db):
    """At 08:00 local nothing of the day has happened yet: no visit is under way or done."""
    build_demo(db, "small", start=START, now=NOW)
    with db.read() as s:
        future = set(s.scalars(select(m.Appointment.status).where(
            m.Appointment.starts_at > NOW)))
        past = set(s.scalars(select(m.Appointment.status).where(m.Appointment.ends_at <= NOW)))
    assert future <= {"booked", "confirmed", "arrived", "cancelled"}
    assert past <= {"completed", "no_show", "cancelled", "late_cancel"}


@pytest.mark.pg
def test_a_demo_on_postgres_leaves_the_planner_its_statistics(pg_url):
    """A demo's load leaves PostgreSQL's statistics empty until autovacuum comes by, and
    the first days read would be planned as if the book were empty: the demo gathers them."""
    database = open_database(pg_url)
    try:
        build_demo(database, "small", start=START, now=DEMO_NOW)
        with database.read() as s:
            analyzed = s.scalar(text("SELECT count(*) FROM pg_stats "
                                     "WHERE tablename = 'appointments'"))
    finally:
        database.close()
    assert analyzed


def test_the_demo_has_a_couples_room_and_whole_couples_bookings(demo_db):
    """A couples room (capacity 2), a couples service, and pairs in that room: two visits
    each, at one time, with two therapists and two clients."""
    with demo_db.read() as s:
        catalog = load_catalog(s)
        rows = s.execute(select(m.Appointment.party_id, m.Appointment.starts_at,
                                m.Appointment.room_id, m.Appointment.therapist_id,
                                m.Appointment.client_id)
                         .where(m.Appointment.party_id.is_not(None))).all()
    assert [r.name for r in catalog.rooms.values() if r.capacity == 2] == ["Birch"]
    couples = [s for s in catalog.services.values() if s.party_size == 2]
    assert [s.name for s in couples] == ["Couples Swedish 60"]
    parties: dict[int, list] = {}
    for row in rows:
        parties.setdefault(row.party_id, []).append(row)
    assert len(parties) >= 3
    for pair in parties.values():
        assert len(pair) == 2
        assert len({(r.starts_at, r.room_id) for r in pair}) == 1
        assert catalog.rooms[pair[0].room_id].capacity == 2
        assert len({r.therapist_id for r in pair}) == len({r.client_id for r in pair}) == 2
