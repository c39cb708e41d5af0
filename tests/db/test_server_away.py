"""The server goes away: a booking while it cannot be reached, or whose connection drops in
the middle of its transaction, is refused in one line of our own and leaves nothing
half-written; the next booking after it came back reconnects by itself.

"Away" is real: the desk reaches the PostgreSQL server through a TCP relay the test closes
(every connection dropped, new ones refused), or the server ends the desk's backend
(``pg_terminate_backend``, as an administrator or a restart would)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import event, func, select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import LOST_AT_COMMIT, UNREACHABLE, Unreachable
from frontdesk.services.booking import Bookings
from tests.forwarder import Forwarder
from tests.helpers import NOW, ClinicBuilder, request

pytestmark = pytest.mark.pg


@pytest.fixture
def clinic_url(pg_url):
    db = open_database(pg_url)
    clinic = ClinicBuilder(db).standard()
    db.close()
    return pg_url, clinic


@pytest.fixture
def relay(clinic_url):
    forwarder = Forwarder(clinic_url[0])
    yield forwarder
    forwarder.close()


def counts(url: str) -> tuple[int, int]:
    """Appointments and audit entries in the book, read straight from the server."""
    db = open_database(url, migrate=False)
    try:
        with db.read() as s:
            return (s.scalar(select(func.count()).select_from(m.Appointment)),
                    s.scalar(select(func.count()).select_from(m.AuditEntry)))
    finally:
        db.close()


def test_a_booking_while_the_server_is_away_is_refused_and_the_next_one_reconnects(
        clinic_url, relay):
    url, clinic = clinic_url
    desk = open_database(relay.url)
    told: list[bool] = []
    desk.on_reach = told.append
    bookings = Bookings(desk, actor="desk", now=lambda: NOW)
    before = counts(url)
    try:
        bookings.book(request(clinic, "2026-10-05 10:00"))  # a pooled connection now
        relay.close()
        with pytest.raises(Unreachable) as refused:
            bookings.book(request(clinic, "2026-10-05 11:00", therapist="Ben"))
        assert str(refused.value) == UNREACHABLE
        assert told[-1] is False
        assert counts(url) == (before[0] + 1, before[1] + 1)  # only the first booking
        relay.open()
        bookings.book(request(clinic, "2026-10-05 11:00", therapist="Ben"))
        assert told[-1] is True
        assert counts(url)[0] == before[0] + 2
    finally:
        desk.close()


def _terminate(url: str, pid: int) -> None:
    admin = open_database(url, migrate=False)
    try:
        with admin.read() as s:
            s.execute(select(func.pg_terminate_backend(pid)))
    finally:
        admin.close()


@pytest.mark.parametrize("how", ["relay closed", "backend terminated"])
def test_a_connection_dropped_in_the_middle_of_a_booking_leaves_nothing_half_written(
        clinic_url, relay, how):
    """The visit's INSERT has reached the server when the connection goes (its audit entry,
    the booking's last statement before the COMMIT, has not): the server rolls it back, the
    desk says so in one line, nothing stays."""
    url, clinic = clinic_url
    desk = open_database(relay.url)
    before = counts(url)

    @event.listens_for(desk.engine, "after_cursor_execute")
    def drop(conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO APPOINTMENTS"):
            if how == "relay closed":
                relay.close()
            else:
                _terminate(url, conn.connection.dbapi_connection.info.backend_pid)

    try:
        with pytest.raises(Unreachable) as refused:
            Bookings(desk, actor="desk", now=lambda: NOW).book(
                request(clinic, "2026-10-05 10:00"))
        assert str(refused.value) == UNREACHABLE
        assert counts(url) == before
        event.remove(desk.engine, "after_cursor_execute", drop)
        relay.open()
        Bookings(desk, actor="desk", now=lambda: NOW).book(request(clinic, "2026-10-05 10:00"))
        assert counts(url)[0] == before[0] + 1
    finally:
        desk.close()


def test_a_connection_lost_during_the_commit_says_the_outcome_is_unknown(clinic_url, relay):
    """Only the COMMIT was left to send: whether the server committed is not known to the
    desk, and it does not claim that nothing was changed."""
    _url, clinic = clinic_url
    desk = open_database(relay.url)
    event.listen(desk.engine, "commit", lambda _conn: relay.close())
    try:
        with pytest.raises(Unreachable) as lost:
            Bookings(desk, actor="desk", now=lambda: NOW).book(
                request(clinic, "2026-10-05 10:00"))
        assert str(lost.value) == LOST_AT_COMMIT
    finally:
        desk.close()


def test_the_command_line_says_the_server_cannot_be_reached_in_one_line(
        clinic_url, relay, tmp_path):
    url, _clinic = clinic_url
    relay.close()
    before = counts(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env |= {"FRONTDESK_DB": relay.url, "FRONTDESK_NOW": NOW.isoformat(),
            "FRONTDESK_HOME": str(tmp_path / "desk")}
    done = subprocess.run(
        [sys.executable, "-m", "frontdesk", "book", "--client", "José Núñez", "--service",
         "Swedish 60", "--start", "2026-10-05 15:00", "--therapist", "Ben"],
        env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "the server cannot be reached" in lines[0], done.stderr
    assert "Connection refused" not in lines[0]
    assert counts(url) == before
