"""``frontdesk backup``, ``restore``, ``backups`` and ``check`` on real files (and pg_dump on
a real server): what they write, what they refuse, and that a refusal changes nothing."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from frontdesk import paths
from frontdesk.db import sqlite_files
from frontdesk.db.migrate import open_database
from frontdesk.services import backup_crypto, backups
from tests.helpers import ClinicBuilder

sqlite_only = pytest.mark.sqlite_only("the book's file, its backups beside it")

BOOK = ["book", "--client", "#{client}", "--service", "Swedish 60",
        "--start", "2026-10-05 10:00", "--therapist", "Ana", "--room", "Willow"]


def _booking(standard_db) -> list[str]:
    return [a.format(client=standard_db["José Núñez"]) if "{" in a else a for a in BOOK]


@sqlite_only
def test_backup_writes_a_verified_copy_in_the_books_backup_folder(standard_db, cli, contents):
    done = cli("backup", "--json")
    assert done.returncode == 0, done
    made = Path(done.json["file"])
    assert made.parent.parent == paths.data_dir() / "backups"
    assert made.name.endswith("-manual.sqlite3")
    assert sqlite_files.verify(made) is None
    assert contents(made) == contents(standard_db)
    listed = cli("backups", "--json").json
    assert [b["file"] for b in listed] == [str(made)]


@sqlite_only
def test_restore_puts_the_backup_back_and_keeps_the_book_it_replaced(standard_db, cli,
                                                                     contents):
    saved = Path(cli("backup", "--json").json["file"])
    before = contents(standard_db)
    assert cli(*_booking(standard_db)).returncode == 0
    after_booking = contents(standard_db)
    assert after_booking != before
    done = cli("restore", saved, "--json")
    assert done.returncode == 0, done
    assert contents(standard_db) == before  # the booking is gone again
    kept = Path(done.json["kept"]["file"])
    assert done.json["kept"]["why"] == "replaced" and sqlite_files.verify(kept) is None
    assert contents(kept) == after_booking  # the replaced book, booking and all


@sqlite_only
@pytest.mark.parametrize("what", ["empty database", "text file", "newer schema"])
def test_restore_refuses_a_file_that_is_no_backup_and_changes_nothing(standard_db, cli,
                                                                      contents, tmp_path,
                                                                      what):
    bad = tmp_path / "bad.sqlite3"
    if what == "empty database":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    elif what == "text file":
        bad.write_text("not a book at all\n" * 100)
    else:
        bad = Path(cli("backup", tmp_path, "--json").json["file"])
        con = sqlite3.connect(bad)
        with con:
            con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.close()
    before = contents(standard_db)
    line = cli("restore", bad).assert_one_line_error(1)
    assert "cannot be restored" in line and "left as it was" in line
    assert contents(standard_db) == before


@sqlite_only
def test_an_encrypted_backup_outside_the_data_folder_needs_its_passphrase(standard_db, cli,
                                                                         contents, tmp_path,
                                                                         monkeypatch):
    import io

    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    done = cli("backup", stick, "--encrypt", "--passphrase-stdin", "--json")
    assert done.returncode == 0, done
    sealed = Path(done.json["file"])
    assert sealed.parent == stick and sealed.name.endswith(".sqlite3.enc")
    assert backup_crypto.is_encrypted(sealed)
    raw = sealed.read_bytes()
    assert "Núñez".encode() not in raw and b"SQLite format" not in raw
    assert list(stick.iterdir()) == [sealed]  # no plain copy left on the stick
    before = contents(standard_db)
    assert cli(*_booking(standard_db)).returncode == 0

    monkeypatch.setattr("sys.stdin", io.StringIO("wrong horse\n"))
    line = cli("restore", sealed, "--passphrase-stdin").assert_one_line_error(2)
    assert "passphrase is wrong" in line
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert cli("restore", sealed, "--passphrase-stdin").returncode == 0
    assert contents(standard_db) == before


@sqlite_only
def test_rotation_keeps_seven_daily_four_weekly_and_twelve_monthly(standard_db):
    first = datetime(2026, 1, 1, 14, tzinfo=UTC)
    for day in range(90):
        backups.back_up(standard_db.url, first + timedelta(days=day))
    kept = sorted(b.taken_at.date().isoformat() for b in backups.list_backups(standard_db.url))
    local = {(first + timedelta(days=d)).astimezone().date().isoformat() for d in range(90)}
    assert set(kept) <= local and len(kept) == 11, kept  # see tests/domain/test_retention.py


@sqlite_only
def test_check_says_a_sound_book_holds_together(standard_db, cli):
    done = cli("check")
    assert done.returncode == 0, done
    assert "holds together" in done.stdout and done.stderr == ""


def _raw(path: Path, *sql: str) -> None:
    """Write around the program and its guard, as a script or a damaged disk might."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("DROP TRIGGER tr_appointments_guard_insert")
        for statement in sql:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


@sqlite_only
def test_check_names_each_broken_rule_and_exits_1(standard_db, cli):
    booked = cli(*_booking(standard_db), "--json")
    assert booked.returncode == 0, booked
    first = booked.json["id"]
    columns = ("client_id, service_id, therapist_id, room_id, starts_at, ends_at, "
               "therapist_until, room_until, status, cancel_reason, source, notes, "
               "override_reason, overridden, price_cents, cautions_acknowledged, created_at, "
               "created_by, updated_at, updated_by, version")
    _raw(standard_db.path,
         f"INSERT INTO appointments (id, {columns}) SELECT 9001, {columns} "
         f"FROM appointments WHERE id = {first}",
         f"INSERT INTO appointments (id, {columns}) SELECT 9002, client_id, service_id, 999, "
         f"room_id, datetime(starts_at, '+5 days'), datetime(ends_at, '+5 days'), "
         f"datetime(therapist_until, '+5 days'), datetime(room_until, '+5 days'), status, "
         "cancel_reason, source, notes, override_reason, overridden, price_cents, "
         "cautions_acknowledged, created_at, created_by, updated_at, updated_by, version "
         f"FROM appointments WHERE id = {first}")
    done = cli("check")
    assert done.returncode == 1, done
    lines = done.stdout.splitlines()
    assert f"appointments #{first} and #9001 hold room Willow at once" in lines
    assert (f"appointments #{first} and #9001 hold therapist Ana at once, and neither "
            "records a reason") in lines
    assert "appointment #9002 names therapist #999, which does not exist" in lines
    assert len(lines) == 3, lines
    assert "3 problems" in done.stderr and "frontdesk restore" in done.stderr


@sqlite_only
def test_check_names_a_damaged_file_and_a_book_that_is_no_book(standard_db, cli, tmp_path):
    con = sqlite3.connect(standard_db.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(standard_db.path, "r+b") as f:
        f.seek((standard_db.path.stat().st_size // page // 2) * page)
        f.write(b"\x5a" * page)
    done = cli("check")
    assert done.returncode == 1 and "clinic.sqlite3:" in done.stdout, done
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    done = cli("check", "--db", f"sqlite:///{empty}")
    assert done.returncode == 1 and "empty (0 bytes)" in done.stdout, done


def _pg_book(url: str) -> None:
    db = open_database(url)
    try:
        ClinicBuilder(db).standard()
    finally:
        db.close()


@pytest.mark.pg
def test_backup_of_a_postgresql_book_is_pg_dumps_and_without_it_one_line(pg_url, cli,
                                                                        monkeypatch, tmp_path):
    import shutil
    import subprocess

    _pg_book(pg_url)
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed here")
    done = cli("backup", "--db", pg_url, "--json")
    assert done.returncode == 0, done
    dump = Path(done.json["file"])
    assert dump.name.endswith("-manual.dump") and dump.parent.parent.name == "backups"
    listed = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True,
                            text=True, check=True).stdout
    assert "TABLE DATA public appointments" in listed
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on it
    line = cli("backup", "--db", pg_url).assert_one_line_error(1)
    assert "pg_dump is not installed" in line
    assert not list(dump.parent.glob("*.partial"))
    # the dump, and the audit trail's end kept beside it (for frontdesk check)
    assert set(os.listdir(dump.parent)) == {dump.name, "audit-seal.json"}


@pytest.mark.pg
def test_check_on_a_postgresql_book_checks_its_rules(pg_url, cli):
    _pg_book(pg_url)
    done = cli("check", "--db", pg_url, "--json")
    assert done.returncode == 0, done
    assert done.json["sound"]
    assert "no room held twice at once, nor by more clients than it holds" \
        in done.json["checked"]
