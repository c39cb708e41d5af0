"""Migration 0007 on a book that already holds double bookings (made on purpose with a reason,
or by old bugs and raw writes): what it keeps, what it records, when it stops, on both
engines; and that it goes down and up again."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import insert, select, text

from frontdesk.db import models as m
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import HEAD, alembic_config, open_database, sqlite_path
from frontdesk.domain.errors import DatabaseError
from tests.db.test_double_booking_guard import _row
from tests.helpers import ClinicBuilder, local

OLD_TRIGGERS = ("tr_appointments_room_guard_insert", "tr_appointments_room_guard_update")


def _old_book(url: str, *rows_of) -> tuple[ClinicBuilder, list[int]]:
    """A book at 0006 (the test clinic) holding the rows ``rows_of(clinic)`` gives, written
    as old bugs could (SQLite's 0003 room guard is dropped for it)."""
    db = open_database(url)
    try:
        clinic = ClinicBuilder(db).standard()
    finally:
        db.close()
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0006")
            for name in OLD_TRIGGERS if conn.dialect.name == "sqlite" else ():
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
            ids = [conn.execute(insert(m.Appointment).returning(m.Appointment.id), [row])
                   .scalar_one() for make in rows_of for row in [make(clinic)]]
    finally:
        engine.dispose()
    return clinic, ids


def _state(url: str) -> tuple[str, list[tuple]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            rows = conn.execute(select(m.Appointment.id, m.Appointment.starts_at,
                                       m.Appointment.override_reason)
                                .order_by(m.Appointment.id)).all()
    finally:
        engine.dispose()
    return version, [tuple(r) for r in rows]


def _room_clash_stops_the_upgrade(url: str) -> None:
    _clinic, ids = _old_book(url,
                             lambda c: _row(c, local("2026-10-05 10:00"), 60),
                             lambda c: _row(c, local("2026-10-05 10:30"), 60, therapist="Ben",
                                            client="Zoë Brontë"),
                             lambda c: _row(c, local("2026-10-05 12:00"), 60))
    before = _state(url)
    engine = make_engine(url)  # (open_database leaves its engine open when this fails)
    try:
        with pytest.raises(DatabaseError, match=rf"appointments #{ids[0]} and #{ids[1]} share "
                                                "a room at the same time; move or cancel"), \
                engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()
    assert _state(url) == before and before[0] == "0006"


def test_a_room_shared_at_once_stops_the_upgrade_naming_them(empty_db_url):
    _room_clash_stops_the_upgrade(empty_db_url)


@pytest.mark.pg
def test_a_room_shared_at_once_stops_the_upgrade_on_postgresql(pg_url):
    _room_clash_stops_the_upgrade(pg_url)


def _therapist_twice(url: str) -> None:
    _clinic, ids = _old_book(
        url,
        lambda c: _row(c, local("2026-10-05 10:00"), 60),  # Ana, Cedar
        lambda c: _row(c, local("2026-10-05 10:30"), 60, room="Willow", client="Zoë Brontë"),
        lambda c: _row(c, local("2026-10-05 10:45"), 30, room="Birch", client="李小龍",
                       reason="squeezed in"),
        lambda c: _row(c, local("2026-10-05 10:00"), 60, therapist="Ben", room="Willow",
                       status="cancelled"))
    open_database(url).close()
    version, rows = _state(url)
    reasons = {i: why for i, _start, why in rows}
    assert version == HEAD
    # The later of the two without a reason gets one; the reasoned one keeps its own.
    assert reasons[ids[0]] == "" and "before the database's double-booking guard" in \
        reasons[ids[1]]
    assert reasons[ids[2]] == "squeezed in" and reasons[ids[3]] == ""


def test_a_therapist_booked_twice_without_a_reason_gets_one_recorded(empty_db_url):
    _therapist_twice(empty_db_url)


@pytest.mark.pg
def test_a_therapist_booked_twice_gets_a_reason_on_postgresql(pg_url):
    _therapist_twice(pg_url)


def _down_and_up(url: str) -> None:
    open_database(url).close()
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0006")
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                triggers = {r[0] for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
                assert triggers == set(OLD_TRIGGERS)
            else:
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_constraint WHERE contype = 'x'").scalar() == 0
            command.upgrade(alembic_config(conn), "head")
            if conn.dialect.name != "sqlite":
                names = set(conn.exec_driver_sql(
                    "SELECT conname FROM pg_constraint WHERE contype = 'x'").scalars())
                assert names == {"ex_appointments_room", "ex_appointments_therapist"}
    finally:
        engine.dispose()


def test_it_goes_down_to_0006_and_up_again(empty_db_url):
    _down_and_up(empty_db_url)


@pytest.mark.pg
def test_it_goes_down_and_up_on_postgresql(pg_url):
    _down_and_up(pg_url)


@pytest.mark.sqlite_only("text forms are SQLite's")
def test_times_written_in_other_forms_are_rewritten_in_the_programs(empty_db_url):
    url = empty_db_url
    _clinic, (odd,) = _old_book(url, lambda c: _row(c, local("2026-10-05 10:00"), 60))
    conn = sqlite3.connect(sqlite_path(url))
    try:
        # (A form the table's own checks, comparing text, still let through.)
        conn.execute("UPDATE appointments SET starts_at = '2026-10-05 10:00:00-04:00' "
                     "WHERE id = ?", (odd,))
        conn.commit()
    finally:
        conn.close()
    open_database(url).close()
    conn = sqlite3.connect(sqlite_path(url))
    try:
        stored = conn.execute("SELECT starts_at, ends_at FROM appointments").fetchone()
    finally:
        conn.close()
    assert stored == ("2026-10-05 14:00:00.000000", "2026-10-05 15:00:00.000000")
