"""Every file frontdesk makes is its owner's only (0600) and every folder 0700: the book and
its -wal, -shm and lock, backups (the .bak of an upgrade, encrypted ones, pg_dump's), the log
(after a rotation too), exports and published calendars. Files an older version made 0644 are
tightened when frontdesk opens them.

Checked as the file's mode bits on POSIX (root reads any file whatever its mode; the bits are
still what keeps other accounts out). Windows keeps permissions in ACLs: skipped there.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from frontdesk import logs, paths, private
from frontdesk.db import models as m
from frontdesk.db.migrate import open_database, sqlite_path
from frontdesk.export import publish, writer
from frontdesk.services import backups
from tests.helpers import NOW, set_schema

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
sqlite_only = pytest.mark.sqlite_only("the book's own file")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def made_public(path: Path, bits: int = 0o644) -> None:
    """As an older frontdesk (or the usual umask) left it."""
    os.chmod(path, bits)


@sqlite_only
def test_a_new_book_and_its_wal_shm_and_lock_are_the_owners_only(tmp_path, clinic, db):
    book = sqlite_path(db.url)
    assert book is not None
    with db.write() as s:  # the write-ahead log is in use
        s.add(m.Room(name="Oak"))
    companions = [book.with_name(book.name + t) for t in ("-wal", "-shm", "-lock")]
    assert all(p.exists() for p in companions)
    assert {p.name: mode(p) for p in [book, *companions]} == {
        p.name: 0o600 for p in [book, *companions]}


def test_the_data_log_and_backup_folders_are_0700_and_the_log_0600(tmp_path):
    home = tmp_path / "home"
    assert not home.exists()
    logfile = logs.setup()
    logging.getLogger("frontdesk.test").info("opened")
    folders = [home, paths.data_dir(), paths.log_dir(), paths.data_dir() / "backups",
               backups.folder_for(f"sqlite:///{tmp_path / 'clinic.sqlite3'}")]
    assert {str(f): mode(f) for f in folders} == {str(f): 0o700 for f in folders}
    assert mode(logfile) == 0o600


def test_a_rotated_log_starts_a_new_file_0600_and_older_ones_are_tightened(tmp_path):
    logfile = logs.setup()
    older = logfile.with_name("frontdesk.log.3")
    older.write_text("an older version's log\n")
    made_public(older)
    made_public(logfile)
    made_public(logfile.parent, 0o755)
    for handler in logging.getLogger("frontdesk").handlers:  # as a new process starts
        handler.close()
    logging.getLogger("frontdesk").handlers.clear()
    logs.setup()
    assert (mode(logfile), mode(older), mode(logfile.parent)) == (0o600, 0o600, 0o700)
    handler = logging.getLogger("frontdesk").handlers[0]
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    logging.getLogger("frontdesk.test").info("after the rollover")
    assert mode(logfile) == 0o600 and mode(logfile.with_name("frontdesk.log.1")) == 0o600


@sqlite_only
def test_an_older_versions_public_book_is_tightened_when_opened(tmp_path, clinic, db):
    book = sqlite_path(db.url)
    assert book is not None
    with db.write() as s:
        s.add(m.Room(name="Oak"))
    db.close()
    companions = [book.with_name(book.name + t) for t in ("-wal", "-shm")]
    for p in [book, *companions]:
        if not p.exists():
            p.touch()
        made_public(p)
    again = open_database(db.url)
    try:
        with again.read() as s:
            assert s.scalar(select(m.Room.id).where(m.Room.name == "Oak"))
    finally:
        again.close()
    assert {p.name: mode(p) for p in [book, *companions] if p.exists()} == {
        p.name: 0o600 for p in [book, *companions] if p.exists()}


@sqlite_only
def test_a_book_marked_read_only_stays_read_only_when_tightened(tmp_path, clinic, db):
    book = sqlite_path(db.url)
    assert book is not None
    db.close()
    made_public(book, 0o444)
    again = open_database(db.url, create=False)
    try:
        assert again.read_only
    finally:
        again.close()
    assert mode(book) == 0o400


@sqlite_only
def test_the_copy_taken_before_an_upgrade_is_the_owners_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    set_schema(url, "0007")
    made_public(tmp_path / "old.sqlite3")
    open_database(url).close()
    baks = list(tmp_path.glob("old.sqlite3.*.bak"))
    assert len(baks) == 1 and mode(baks[0]) == 0o600


@sqlite_only
def test_backups_plain_encrypted_and_elsewhere_are_the_owners_only(tmp_path, clinic, db):
    made = backups.back_up(db.url, NOW)
    sealed = backups.back_up(db.url, NOW, passphrase="correct horse")
    stick = tmp_path / "stick"
    stick.mkdir()
    outside = backups.back_up(db.url, NOW, stick)
    assert [mode(b.path) for b in (made, sealed, outside)] == [0o600] * 3
    assert mode(made.path.parent) == 0o700


@sqlite_only
def test_older_backups_are_tightened_when_the_backups_are_rotated(tmp_path, clinic, db):
    made = backups.back_up(db.url, NOW)
    made_public(made.path)
    made_public(made.path.parent, 0o755)
    backups.rotate(db.url)
    assert (mode(made.path), mode(made.path.parent)) == (0o600, 0o700)


@pytest.mark.pg
def test_a_postgresql_books_dump_is_the_owners_only(pg_url, tmp_path):
    import shutil

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed here")
    from tests.helpers import ClinicBuilder

    db = open_database(pg_url)
    try:
        ClinicBuilder(db).standard()
    finally:
        db.close()
    made = backups.back_up(pg_url, NOW)
    assert mode(made.path) == 0o600 and mode(made.path.parent) == 0o700


@pytest.mark.parametrize("fmt", ["pdf", "csv", "ics", "html"])
def test_exports_are_the_owners_only_even_over_a_public_file(fmt, tmp_path, clinic, db):
    target = tmp_path / f"day.{fmt}"
    target.write_bytes(b"an older export")
    made_public(target)
    from frontdesk.services.catalog import load_catalog
    from frontdesk.services.daysheet import gather

    with db.read() as session:
        sheet = gather(session, load_catalog(session), date(2026, 10, 5), 1, now=NOW,
                       layout=fmt == "pdf")
    writer.write(sheet, fmt, target)
    fresh = tmp_path / f"new.{fmt}"
    writer.write(sheet, fmt, fresh)
    assert (mode(target), mode(fresh)) == (0o600, 0o600)
    assert target.read_bytes() != b"an older export"


def test_published_calendars_are_the_owners_only_and_old_ones_tightened(tmp_path, clinic,
                                                                         book, db):
    book("2026-10-05 10:00")
    folder = tmp_path / "calendars"
    folder.mkdir()
    done = publish.publish(db, folder, NOW)
    assert done and all(mode(p.path) == 0o600 for p in done)
    for p in done:
        made_public(p.path)
    again = publish.publish(db, folder, NOW)
    assert not any(p.written for p in again)  # nothing changed, yet the files were tightened
    assert all(mode(p.path) == 0o600 for p in again)


def test_private_folder_makes_missing_parents_0700_and_leaves_existing_parents(tmp_path):
    made_public(tmp_path, 0o755)
    deep = private.folder(tmp_path / "a" / "b" / "c")
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", deep)] == [0o700] * 3
    assert mode(tmp_path) == 0o755  # not frontdesk's folder


def test_private_create_and_writing_make_0600_files(tmp_path):
    assert private.create(tmp_path / "new") and mode(tmp_path / "new") == 0o600
    old = tmp_path / "old"
    old.write_text("x")
    made_public(old)
    assert not private.create(old) and mode(old) == 0o600 and old.read_text() == "x"
    made_public(old)
    private.write_bytes(old, b"y")
    assert mode(old) == 0o600 and old.read_bytes() == b"y"


@sqlite_only
def test_the_sqlite_lock_database_of_an_older_version_is_tightened(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    set_schema(url, "0007")
    lock = tmp_path / "old.sqlite3-lock"
    sqlite3.connect(lock).close()
    made_public(lock)
    open_database(url).close()
    assert mode(lock) == 0o600
