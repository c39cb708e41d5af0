"""Hostile input, generated: more than 10,000 inputs through the engine and the command line
(odd and impossible dates, huge and empty strings, control characters, NUL, bytes that are
not UTF-8, SQL fragments, right-to-left and non-ASCII names, huge ids), on the suite's
engine (SQLite, or PostgreSQL on its run). Each meets our own answer (a bad input, a refusal)
or is done; none raises anything else, and the book's invariants hold at the end."""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.cli import main
from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import book_check, caller, clients
from frontdesk.services.booking import BookingRequest, Bookings
from tests.helpers import NOW

NASTY = ["", " ", "\x00", "\x1b[2J", "\x07", "\ud800", "\udcff", "'; DROP TABLE clients; --",
         "\" OR 1=1 --", "%s", "{0}", "\\", "\n\r\t", "مرحبا", "שלום", "😀🙂", "李小龍",
         "Zoë", "\u202e", "\ufeff", "a" * 5000, "9" * 40, "-1", "0", "#302", "+1 212",
         "2026-02-30", "9999-12-31", "0000-00-00 25:61", "2027-03-14 02:30"]

text = st.one_of(st.text(max_size=60), st.sampled_from(NASTY),
                 st.lists(st.sampled_from(NASTY) | st.text(max_size=5),
                          max_size=4).map("".join))
ids = st.one_of(st.integers(min_value=-3, max_value=12),
                st.sampled_from([2**31, 2**63 - 1, 2**63, -(2**63), 10**30]))
instants = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.just(UTC)),
    st.integers(min_value=-400 * 24, max_value=400 * 24).map(
        lambda h: NOW + timedelta(hours=h)))
def quiet(examples: int) -> settings:
    """Reproducible runs (the same inputs each time), no timing, no example database."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def test_client_cards_from_hostile_text(db, clinic):
    @quiet(3000)
    @given(name=text, phone=text, email=text, notes=text)
    def card(name, phone, email, notes):
        with contextlib.suppress(FrontdeskError), db.write() as session:
            made = clients.new_client(session, name, phone=phone, email=email, notes=notes,
                                      allow_duplicate=True)
            assert made.name.strip() and "\x00" not in made.name and "\x1b" not in made.name
    card()


def test_searches_from_hostile_text(db, clinic):
    @quiet(3000)
    @given(typed=text)
    def search(typed):
        with contextlib.suppress(FrontdeskError), db.read() as session:
            clients.search(session, typed, limit=5)
            caller.lookup(session, typed, NOW, limit=5)
    search()


def test_dates_and_times_from_hostile_text():
    tz = clock.zone("America/New_York")

    @quiet(2000)
    @given(typed=text)
    def parse(typed):
        with contextlib.suppress(FrontdeskError):
            clock.parse_date(typed)
        with contextlib.suppress(FrontdeskError):
            clock.parse_local(typed, tz)
    parse()


def test_bookings_from_hostile_requests_keep_the_book_sound(db, clinic, db_url):
    bookings = Bookings(db, actor="fuzz", now=lambda: NOW)

    @quiet(2000)
    @given(service=ids, start=instants, client=ids, therapist=ids, room=ids,
           minutes=st.one_of(st.none(), ids), notes=text)
    def book(service, start, client, therapist, room, minutes, notes):
        asked = BookingRequest(service_id=service, start=start, client_id=client,
                               therapist_id=therapist, room_id=room, minutes=minutes,
                               notes=notes, acknowledge=True)
        with contextlib.suppress(FrontdeskError):
            bookings.book(asked)
    book()
    report = book_check.check(db_url)
    assert report.sound, report.as_json()


COMMANDS = [["list", "appointments", "--date"], ["list", "clients", "--search"],
            ["find", "--service"], ["cancel"], ["status"], ["client", "add"],
            ["book", "--client", "zoe", "--service", "Swedish 60", "--start"],
            ["export", "--format", "csv", "-o", "-", "--date"], ["move"]]


@pytest.mark.usefixtures("standard_db")
def test_the_command_line_from_hostile_arguments(cli_env, monkeypatch):
    for key, value in cli_env.items():
        monkeypatch.setenv(key, value)

    @quiet(600)
    @given(command=st.sampled_from(COMMANDS), value=text.filter(lambda t: "\x00" not in t),
           more=st.lists(st.sampled_from(["--days", "--json", "--therapist", "--reason",
                                          "x", "0", "-5", "999999999999"]), max_size=3))
    def run(command, value, more):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*command, value, *more])
        assert code in (0, 2, 3), (code, err.getvalue())
        assert "unexpected error" not in err.getvalue()
    run()
