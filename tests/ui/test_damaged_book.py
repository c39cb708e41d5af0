"""A damaged book at the window's start: the newest good backup is offered and, accepted,
put in its place (the damaged book kept aside, never written to)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from frontdesk.db.migrate import open_database, sqlite_path
from frontdesk.domain.errors import DamagedBook
from frontdesk.services import backups
from tests.helpers import NOW
from tests.ui.conftest import answer_question

pytestmark = pytest.mark.sqlite_only("a damaged SQLite file")


def _damage(path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek((path.stat().st_size // page // 2) * page)
        f.write(b"\x33" * page)


@pytest.fixture
def damaged(db_url, clinic):
    """The test clinic's book, backed up twice, then damaged in its middle."""
    backups.back_up(db_url, NOW - timedelta(days=1))
    newest = backups.back_up(db_url, NOW)
    clinic.db.close()
    path = sqlite_path(db_url)
    _damage(path)
    with pytest.raises(DamagedBook) as refused:
        open_database(db_url)
    return path, newest, refused.value


def test_the_window_offers_the_newest_good_backup_and_restores_it(qtbot, db_url, damaged):
    from frontdesk.ui.setup.damaged_dialog import offer_backup

    path, newest, error = damaged
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    asked: list[str] = []
    answer_question(QMessageBox.StandardButton.Ok, asked)
    assert offer_backup(db_url, error, NOW)
    assert asked and "cannot be opened" in asked[0]
    kept = [b for b in backups.list_backups(db_url) if b.why == "damaged"]
    assert len(kept) == 1  # the damaged book, moved aside whole
    assert hashlib.sha256(kept[0].path.read_bytes()).hexdigest() == before
    db = open_database(db_url)  # the restored book opens
    db.close()
    assert newest.path.exists()


def test_declined_the_damaged_book_stays_as_it_was(qtbot, db_url, damaged):
    from frontdesk.ui.setup.damaged_dialog import offer_backup

    path, _newest, error = damaged
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    answer_question(QMessageBox.StandardButton.Close, [])
    assert not offer_backup(db_url, error, NOW)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not [b for b in backups.list_backups(db_url) if b.why == "damaged"]
