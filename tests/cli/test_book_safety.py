"""A book that is not sound is never written to, in real processes on real files: a file
damaged in its middle, an empty file, a file marked read-only, and an upgrade killed while it
copies the book (its ``.bak`` is a backup or is not there at all)."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from frontdesk.db import sqlite_files
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import alembic_config, sqlite_path
from tests.cli.conftest import SUBPROCESS_TIMEOUT_S, spawn_env

pytestmark = pytest.mark.sqlite_only("the book's file itself")

BOOK = ["book", "--client", "#1", "--service", "Swedish Massage 60",
        "--start", "2026-10-20 10:00", "--override", "test"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wal_is_empty(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _damage_middle(path: Path) -> None:
    """Overwrite one page in the middle of the file with bytes no page holds."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    pages = path.stat().st_size // page
    with open(path, "r+b") as f:
        f.seek((pages // 2) * page)
        f.write(b"\xa5" * page)


@pytest.fixture
def demo_copy(demo_db, copy_db, cli_env, monkeypatch) -> Path:
    """A copy of the small demo, the file FRONTDESK_DB names for ``run_cli``."""
    path = sqlite_path(copy_db(demo_db.url))
    assert path is not None
    monkeypatch.setitem(cli_env, "FRONTDESK_DB", f"sqlite:///{path}")
    return path


@pytest.mark.parametrize("args", [["list", "rooms"], ["init"], BOOK],
                         ids=["list", "init", "book"])
def test_a_book_damaged_in_its_middle_is_refused_and_not_written_to(demo_copy, run_cli, args):
    assert run_cli("list", "rooms").returncode == 0  # sound before
    _damage_middle(demo_copy)
    before = _digest(demo_copy)
    line = run_cli(*args).assert_one_line_error(1)
    assert str(demo_copy) in line and "no sound book" in line
    assert "frontdesk check" in line and "frontdesk restore" in line
    assert _digest(demo_copy) == before and _wal_is_empty(demo_copy)


@pytest.mark.parametrize("args", [["list", "rooms"], ["init"], BOOK],
                         ids=["list", "init", "book"])
def test_an_empty_file_is_not_a_book(tmp_path, run_cli, cli_env, monkeypatch, args):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    monkeypatch.setitem(cli_env, "FRONTDESK_DB", f"sqlite:///{empty}")
    line = run_cli(*args).assert_one_line_error(1)
    assert "empty (0 bytes)" in line and "frontdesk restore" in line
    assert empty.stat().st_size == 0


def test_a_book_marked_read_only_opens_read_only_saying_so(demo_copy, run_cli, contents):
    before = contents(demo_copy)
    os.chmod(demo_copy, 0o444)
    try:
        listed = run_cli("list", "rooms")
        assert listed.returncode == 0, listed
        assert "Willow" in listed.stdout
        assert "read-only" in listed.stderr and len(listed.stderr.splitlines()) == 1
        line = run_cli(*BOOK).assert_one_line_error(1)
        assert "read-only" in line and "nothing was changed" in line
        assert "unexpected" not in line
    finally:
        os.chmod(demo_copy, 0o644)
    assert contents(demo_copy) == before


def _old_padded_book(path: Path) -> None:
    """A book an old frontdesk left (schema 0001, its clinic) with 48 MB of rows beside,
    so copying it before the upgrade takes long enough to be killed half-way."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0001")
            conn.execute(text(
                "INSERT INTO clinic (id, name, timezone, country, slot_minutes) "
                "VALUES (1, 'Old Clinic', 'America/New_York', 'US', 15)"))
            conn.execute(text("CREATE TABLE padding (b BLOB)"))
            conn.execute(text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1536)"
                " INSERT INTO padding SELECT randomblob(32768) FROM n"))
    finally:
        engine.dispose()


def _kill_at_first_copy(folder: Path, env: dict[str, str], known: set[str]) -> bool:
    """Start an upgrading ``frontdesk list rooms`` and kill it the moment a new file named
    after the book (``clinic.sqlite3.…``: a copy of it, under whatever name) appears in
    ``folder``; True when it was killed (not finished first)."""
    proc = subprocess.Popen([sys.executable, "-m", "frontdesk", "list", "rooms"],
                            env=spawn_env(env), cwd=folder, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + SUBPROCESS_TIMEOUT_S
    prefix = "clinic.sqlite3."
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if {e.name for e in os.scandir(folder) if e.name.startswith(prefix)} - known:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.0005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_an_upgrade_killed_while_it_copies_the_book_leaves_no_false_backup(tmp_path, cli_env):
    folder = tmp_path / "books"
    folder.mkdir()
    book = folder / "clinic.sqlite3"
    _old_padded_book(book)
    env = {**cli_env, "FRONTDESK_DB": f"sqlite:///{book}"}
    kills = 0
    for _ in range(3):
        left = {e.name for e in os.scandir(folder) if e.name.endswith(".partial")}
        if not _kill_at_first_copy(folder, env, left):
            break
        kills += 1
        for bak in folder.glob("*.bak"):  # whatever bears the name is a backup
            assert sqlite_files.verify(bak) is None, (bak, bak.stat().st_size)
    assert kills, "the upgrade finished before anything was seen to copy the book"
    # Let it finish: one verified backup of the book as it was, no half-made copy left.
    done = subprocess.run([sys.executable, "-m", "frontdesk", "list", "rooms"],
                          env=spawn_env(env), cwd=folder, capture_output=True, text=True,
                          timeout=SUBPROCESS_TIMEOUT_S)
    assert done.returncode == 0, done.stderr
    baks = list(folder.glob("*.bak"))
    assert len(baks) == 1, baks
    assert sqlite_files.verify(baks[0]) is None
    con = sqlite3.connect(f"file:{baks[0]}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert con.execute("SELECT count(*) FROM padding").fetchone() == (1536,)
    finally:
        con.close()
    assert not list(folder.glob("*.partial"))
