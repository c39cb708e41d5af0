"""Desks starting together, real processes, on the suite's engine: a new book, an old book,
two demos, many desks booking one slot, and a lock held longer than a desk will wait.

Every process imports frontdesk, says it is ready, then waits for a shared "go" file, so
they reach the database at the same moment instead of one at a time. A process may first
shorten how long it waits for a lock (``wait=``), so a lock held "too long" is a second or
two, not the half minute a desk really waits.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from frontdesk.db import migrate
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import HEAD, alembic_config, sqlite_path
from tests.cli.conftest import Result, query, table_contents
from tests.cli.together import together

pytestmark = pytest.mark.slow

def _said(results: list[Result]) -> str:
    return "".join(r.stdout + r.stderr for r in results)


def _backups(url: str) -> list[Path]:
    path = sqlite_path(url)
    return [] if path is None else sorted(path.parent.glob(f"{path.name}.*.bak"))


def _old_book(url: str, revision: str = "0001") -> None:
    """A book as an old frontdesk left it: at ``revision``, with its clinic."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
            conn.execute(text(
                "INSERT INTO clinic (id, name, timezone, country, slot_minutes) "
                "VALUES (1, 'Old Clinic', 'America/New_York', 'US', 15)"))
    finally:
        engine.dispose()


def _at_head(url: str) -> None:
    assert query(url, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            command.check(alembic_config(conn))  # the schema is the models', whole
    finally:
        engine.dispose()


@pytest.fixture
def new_env(cli_env, empty_db_url) -> dict[str, str]:
    return {**cli_env, "FRONTDESK_DB": empty_db_url}


def test_eight_desks_start_a_new_book_together(new_env, tmp_path):
    results = together(tmp_path, new_env, [["init", "--json"]] * 8)
    assert [r.returncode for r in results] == [0] * 8, results
    assert "locked" not in _said(results) and "Traceback" not in _said(results)
    url = new_env["FRONTDESK_DB"]
    _at_head(url)
    assert query(url, "SELECT id, name FROM clinic") == [(1, "My Clinic")]
    assert _backups(url) == []  # a new book has nothing to back up


def test_eight_desks_open_an_old_book_together_and_one_upgrades_it(new_env, tmp_path):
    url = new_env["FRONTDESK_DB"]
    _old_book(url)
    results = together(tmp_path, new_env, [["list", "rooms", "--json"]] * 8)
    assert [r.returncode for r in results] == [0] * 8, results
    assert all(r.json == [] for r in results)
    assert "locked" not in _said(results) and "Traceback" not in _said(results)
    _at_head(url)
    assert query(url, "SELECT name FROM clinic") == [("Old Clinic",)]
    if sqlite_path(url) is not None:
        backups = _backups(url)
        assert len(backups) == 1, backups  # one upgrade, one backup
        conn = sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True)
        try:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0001",)]
        finally:
            conn.close()


def test_two_demos_at_once_one_builds_the_other_is_refused(new_env, tmp_path):
    results = together(tmp_path, new_env, [["demo", "--start", "2026-10-01", "--json"]] * 2)
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 2], results
    built = next(r for r in results if r.returncode == 0).json
    line = next(r for r in results if r.returncode == 2).assert_one_line_error(2)
    assert "already has a clinic book" in line
    url = new_env["FRONTDESK_DB"]
    assert query(url, "SELECT count(*) FROM therapists") == [(built["therapists"],)]
    assert query(url, "SELECT count(*) FROM appointments") == [(built["appointments"],)]
    assert query(url, "SELECT count(*) FROM clinic") == [(1,)]


# Sixteen clients, none like another, for the desks booking one slot with a new client each.
NEWCOMERS = ["Amara Okafor", "Bjorn Lindqvist", "Chiara Bellini", "Dmitri Volkov",
             "Esther Adeyemi", "Farid Haddad", "Greta Thorsen", "Hiroshi Tanaka",
             "Isabela Moreira", "Jakub Nowicki", "Kalani Akana", "Leopold Fairbanks",
             "Mireille Dubois", "Nkechi Obi", "Oskar Wennberg", "Priya Raman"]


@pytest.mark.parametrize("desks", [8, 16])
def test_many_desks_book_one_slot_one_wins(desks, standard_db, cli_env, tmp_path):
    results = together(tmp_path, cli_env, [
        ["book", "--new-client", name, "--service", "Swedish 60", "--start",
         "2026-10-05 10:00", "--therapist", "Ana", "--room", "Cedar", "--json"]
        for name in NEWCOMERS[:desks]])
    assert "locked" not in _said(results) and "Traceback" not in _said(results)
    assert sorted(r.returncode for r in results) == [0] + [3] * (desks - 1), results
    for lost in (r for r in results if r.returncode == 3):
        line = lost.assert_one_line_error(3)
        assert "Cedar is taken" in line or "Ana is busy" in line, line
    won = next(r for r in results if r.returncode == 0).json
    booked = query(cli_env["FRONTDESK_DB"],
                   "SELECT a.id, c.name FROM appointments a JOIN clients c ON c.id = a.client_id "
                   "WHERE a.status = 'booked'")
    assert len(booked) == 1 and booked[0][0] == won["id"], booked
    names = {n for (n,) in query(cli_env["FRONTDESK_DB"], "SELECT name FROM clients")}
    assert names & set(NEWCOMERS) == {booked[0][1]}  # no loser's new client is left behind


def test_two_desks_moving_different_visits_into_one_room_slot_one_wins(standard_db, cli_env,
                                                                     tmp_path):
    """José with Ana at 10:00 and Zoë with Ben at 13:00 (Willow), both moved to 15:00 in
    Cedar at once: one move stands, the other is refused in one line; Cedar holds one."""
    from frontdesk.db.migrate import open_database
    from frontdesk.services.booking import Bookings
    from tests.helpers import NOW, request

    db = open_database(standard_db.url)
    try:
        bookings = Bookings(db, actor="tester", now=lambda: NOW)
        jose = bookings.book(request(standard_db, "2026-10-05 10:00")).id
        zoe = bookings.book(request(standard_db, "2026-10-05 13:00", therapist="Ben",
                                    room="Willow", client="Zoë Brontë")).id
    finally:
        db.close()
    results = together(tmp_path, cli_env, [
        ["move", str(visit), "--start", "2026-10-05 15:00", "--room", "Cedar", "--json"]
        for visit in (jose, zoe)])
    assert "locked" not in _said(results) and "Traceback" not in _said(results)
    assert sorted(r.returncode for r in results) == [0, 3], results
    line = next(r for r in results if r.returncode == 3).assert_one_line_error(3)
    assert "Cedar" in line, line
    from frontdesk.services import schedule
    from tests.helpers import TZ, local

    db = open_database(standard_db.url)
    try:
        with db.read() as s:
            day = schedule.days(s, local("2026-10-05 00:00").astimezone(TZ).date(), 1, TZ)
    finally:
        db.close()
    at_three = [v.id for v in day if v.room == "Cedar" and v.start == local("2026-10-05 15:00")]
    assert len(at_three) == 1 and at_three[0] in (jose, zoe), at_three


@contextlib.contextmanager
def _writing(url: str) -> Iterator[None]:
    """Another program in the middle of a write to the book, holding its write lock."""
    path = sqlite_path(url)
    if path is not None:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE clinic SET name = name")
            yield
            conn.execute("ROLLBACK")
        finally:
            conn.close()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT id FROM clinic FOR UPDATE"))
            yield
    finally:
        engine.dispose()


def test_a_writer_holding_the_book_too_long_is_named_and_nothing_is_written(
        standard_db, cli_env, tmp_path):
    before = table_contents(standard_db.url)
    with _writing(standard_db.url):
        [result] = together(tmp_path, cli_env, [[
            "book", "--client", "José Núñez", "--service", "Swedish 60", "--start",
            "2026-10-05 10:00", "--therapist", "Ana", "--room", "Cedar"]], wait=1)
    line = result.assert_one_line_error(1)
    assert "another program is writing to the book" in line, line
    assert "locked" not in line
    assert table_contents(standard_db.url) == before


@contextlib.contextmanager
def _upgrading(url: str) -> Iterator[None]:
    """Another desk in the middle of upgrading the book, holding the upgraders' lock."""
    path = sqlite_path(url)
    if path is not None:
        conn = sqlite3.connect(migrate.lock_path(path), isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            yield
            conn.execute("ROLLBACK")
        finally:
            conn.close()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                         {"k": migrate.UPGRADE_LOCK_KEY})
            yield
    finally:
        engine.dispose()


def test_a_desk_waiting_too_long_for_an_upgrade_says_so_and_changes_nothing(
        new_env, tmp_path):
    url = new_env["FRONTDESK_DB"]
    _old_book(url, "0004")
    before = table_contents(url)
    with _upgrading(url):
        [result] = together(tmp_path, new_env, [["list", "rooms"]], wait=1)
    line = result.assert_one_line_error(1)
    assert "another desk is upgrading the book" in line, line
    assert table_contents(url) == before
    assert _backups(url) == []



@pytest.mark.sqlite_only("SQLite's rollback journal: an exclusive lock keeps even readers out")
def test_a_program_locking_even_readers_out_is_named_when_the_book_opens(
        standard_db, cli_env, tmp_path):
    path = standard_db.path
    assert path is not None
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # as another SQLite program may leave it
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("UPDATE clinic SET name = name")
        [result] = together(tmp_path, cli_env, [["list", "rooms"]], wait=1)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    line = result.assert_one_line_error(1)
    assert "another program is writing to the book" in line, line


@pytest.mark.sqlite_only("the upgraders' lock file beside an SQLite book")
def test_an_upgrade_without_its_lock_file_is_refused_in_one_line(new_env, tmp_path):
    url = new_env["FRONTDESK_DB"]
    path = sqlite_path(url)
    assert path is not None
    _old_book(url, "0004")
    migrate.lock_path(path).mkdir()  # something that is no database stands in its place
    before = table_contents(url)
    [result] = together(tmp_path, new_env, [["list", "rooms"]])
    line = result.assert_one_line_error(1)
    assert "cannot upgrade the book" in line and "nothing was changed" in line, line
    assert table_contents(url) == before
    assert _backups(url) == []
