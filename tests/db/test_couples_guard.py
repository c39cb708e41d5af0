"""The database's own guard for couples rooms (migration 0012): a party's visits share a
room up to its capacity, a stranger never goes in beside them, and a room's capacity is
never lowered below a party to come, even for a writer that goes around the booking engine
(raw SQL, as psql or a script would write). Runs on the suite's engine (SQLite, or
PostgreSQL on its run); the refusal of a race beneath the engine is told as its own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc, insert, inspect, select, update

from frontdesk.db import guard
from frontdesk.db import models as m
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import open_database
from tests.helpers import ClinicBuilder, set_schema
from tests.services.test_couples import add_couples

T = datetime(2026, 10, 5, 14, tzinfo=UTC)


@pytest.fixture
def couples(db, clinic):
    add_couples(db, clinic)
    return clinic


def _party(db) -> int:
    with db.write() as s:
        return s.execute(insert(m.Party).returning(m.Party.id),
                         [{"size": 2, "created_at": T, "created_by": ""}]).scalar()


def _row(clinic, start, *, client="José Núñez", therapist="Ana", room="Oak", party=None,
         minutes=60, status="booked"):
    end = start + timedelta(minutes=minutes)
    return dict(client_id=clinic[client] if client else None, service_id=clinic["Couples 60"],
                therapist_id=clinic[therapist], room_id=clinic[room], starts_at=start,
                ends_at=end, therapist_until=end, room_until=end, status=status,
                source="desk", override_reason="", party_id=party, created_at=T,
                updated_at=T)


def _insert(db, row) -> int:
    with db.write() as s:
        return s.execute(insert(m.Appointment).returning(m.Appointment.id), [row]).scalar()


def _refused_as_room(info) -> None:
    assert guard.tripped(info.value) == guard.ROOM


def test_a_pair_shares_its_couples_room(db, couples):
    party = _party(db)
    _insert(db, _row(couples, T, party=party))
    _insert(db, _row(couples, T, client="Zoë Brontë", therapist="Ben", party=party))
    with db.read() as s:
        assert len(s.scalars(select(m.Appointment.id)
                             .where(m.Appointment.party_id == party)).all()) == 2


def test_a_third_client_of_the_party_is_refused(db, couples):
    party = _party(db)
    _insert(db, _row(couples, T, party=party))
    _insert(db, _row(couples, T, client="Zoë Brontë", therapist="Ben", party=party))
    with pytest.raises(exc.IntegrityError) as info:
        _insert(db, _row(couples, T + timedelta(minutes=30), client="李小龍",
                         therapist="Cleo", party=party))
    _refused_as_room(info)


@pytest.mark.parametrize("party_of_stranger", [False, True])
def test_a_stranger_beside_a_couple_is_refused(db, couples, party_of_stranger):
    party = _party(db)
    _insert(db, _row(couples, T, party=party))
    other = _party(db) if party_of_stranger else None
    with pytest.raises(exc.IntegrityError) as info:
        _insert(db, _row(couples, T + timedelta(minutes=15), client="李小龍",
                         therapist="Ben", party=other))
    _refused_as_room(info)


def test_a_couple_beside_a_stranger_is_refused_and_so_is_a_move_in(db, couples):
    _insert(db, _row(couples, T, client="李小龍"))
    party = _party(db)
    with pytest.raises(exc.IntegrityError) as info:
        _insert(db, _row(couples, T, client="Zoë Brontë", therapist="Ben", party=party))
    _refused_as_room(info)
    later = _insert(db, _row(couples, T + timedelta(hours=3), client="Zoë Brontë",
                             therapist="Ben", party=party))
    with pytest.raises(exc.IntegrityError) as info, db.write() as s:
        s.execute(update(m.Appointment).where(m.Appointment.id == later)
                  .values(starts_at=T + timedelta(minutes=30),
                          ends_at=T + timedelta(minutes=90),
                          therapist_until=T + timedelta(minutes=90),
                          room_until=T + timedelta(minutes=90)))
    _refused_as_room(info)


def test_a_pair_in_a_single_room_is_refused(db, couples):
    party = _party(db)
    _insert(db, _row(couples, T, room="Cedar", party=party))
    with pytest.raises(exc.IntegrityError) as info:
        _insert(db, _row(couples, T, client="Zoë Brontë", therapist="Ben", room="Cedar",
                         party=party))
    _refused_as_room(info)


def test_a_cancelled_visit_holds_nothing_and_coming_back_is_counted(db, couples):
    party = _party(db)
    _insert(db, _row(couples, T, party=party))
    _insert(db, _row(couples, T, client="Zoë Brontë", therapist="Ben", party=party))
    third = _insert(db, _row(couples, T, client="李小龍", therapist="Cleo", party=party,
                             status="cancelled"))
    with pytest.raises(exc.IntegrityError) as info, db.write() as s:
        s.execute(update(m.Appointment).where(m.Appointment.id == third)
                  .values(status="booked"))
    _refused_as_room(info)


def test_a_capacity_lowered_below_a_party_to_come_is_refused(db, couples):
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)  # the database's now
    party = _party(db)
    _insert(db, _row(couples, soon, party=party))
    _insert(db, _row(couples, soon, client="Zoë Brontë", therapist="Ben", party=party))
    with pytest.raises(exc.IntegrityError) as info, db.write() as s:
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=1))
    assert guard.capacity_lowered(info.value)
    with db.write() as s:  # raising it, or lowering another room, is nothing to refuse
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=3))
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=2))


def test_a_party_in_the_past_does_not_hold_the_capacity(db, couples):
    long_ago = datetime(2020, 1, 6, 15, tzinfo=UTC)
    party = _party(db)
    _insert(db, _row(couples, long_ago, party=party, status="completed"))
    _insert(db, _row(couples, long_ago, client="Zoë Brontë", therapist="Ben", party=party,
                     status="completed"))
    with db.write() as s:
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=1))


def test_downgrade_restores_0007s_room_guard_and_upgrade_brings_couples_back(db_url):
    """A book without parties taken down to 0011 (as a downgrade leaves it): a room holds
    one client again, by 0007's guard; opened again, it is upgraded with every room
    holding one and the couples guard in place."""
    db = open_database(db_url)
    try:
        clinic = ClinicBuilder(db).standard()
        _insert(db, _row_plain(clinic, T))
    finally:
        db.close()
    set_schema(db_url, "0011", down=True)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            seen = inspect(conn)
            assert "parties" not in seen.get_table_names()
            assert "capacity" not in {c["name"] for c in seen.get_columns("rooms")}
        with pytest.raises(exc.IntegrityError) as info, engine.begin() as conn:
            conn.execute(insert(m.Appointment), [_row_plain(
                clinic, T + timedelta(minutes=15), client="李小龍", therapist="Ben")])
        _refused_as_room(info)
    finally:
        engine.dispose()
    db = open_database(db_url)  # upgraded again
    try:
        with pytest.raises(exc.IntegrityError) as info:
            _insert(db, _row_plain(clinic, T + timedelta(minutes=30), client="Zoë Brontë",
                                   therapist="Ben"))
        _refused_as_room(info)
        with db.read() as s:
            assert set(s.scalars(select(m.Room.capacity))) == {1}
    finally:
        db.close()


def _row_plain(clinic, start, *, client="José Núñez", therapist="Ana"):
    """A Swedish hour in Cedar, as any book before 0012 could hold it."""
    end = start + timedelta(hours=1)
    return dict(client_id=clinic[client], service_id=clinic["Swedish 60"],
                therapist_id=clinic[therapist], room_id=clinic["Cedar"], starts_at=start,
                ends_at=end, therapist_until=end, room_until=end, status="booked",
                source="desk", override_reason="", created_at=T, updated_at=T)


def test_frontdesk_check_names_a_party_to_come_above_its_rooms_capacity(db, db_url, couples):
    """``frontdesk check`` counts a couples room's clients: a party still to come above
    the room's capacity is named (the guard lets the capacity be lowered below one in the
    past, which is history, not a breach)."""
    from frontdesk.services import book_check

    long_ago = datetime(2020, 1, 6, 15, tzinfo=UTC)
    party = _party(db)
    first = _insert(db, _row(couples, long_ago, party=party))
    second = _insert(db, _row(couples, long_ago, client="Zoë Brontë", therapist="Ben",
                              party=party))
    assert book_check.check(db_url, now=long_ago - timedelta(days=1)).sound
    with db.write() as s:  # allowed: by the server's clock the party is long past
        s.execute(update(m.Room).where(m.Room.id == couples["Oak"]).values(capacity=1))
    before = book_check.check(db_url, now=long_ago - timedelta(days=1))
    assert [(p.code, p.message) for p in before.problems] == [
        ("room_capacity", f"appointments #{first}, #{second} put 2 clients in room Oak at "
                          "once, which holds 1")]
    assert book_check.check(db_url, now=long_ago + timedelta(days=1)).sound
