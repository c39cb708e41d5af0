"""The window's own backups: one at start (not again within the hour), each a verified copy
in the book's backup folder, off the GUI thread; and a read-only book says so."""

from __future__ import annotations

import os

import pytest

from frontdesk.db import sqlite_files
from frontdesk.services import backups

pytestmark = pytest.mark.sqlite_only("the window's backups are of its SQLite file")


def test_the_window_backs_the_book_up_at_start_and_not_again_within_the_hour(qtbot, door,
                                                                             db):
    from frontdesk.ui.core.backup_keeper import BackupKeeper

    said: list[str] = []
    keeper = BackupKeeper(door, start_ms=0)
    keeper.made.connect(said.append)
    keeper.start()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    keeper.stop()
    made = backups.list_backups(db.url)
    assert [b.why for b in made] == ["start"], made
    assert sqlite_files.verify(made[0].path) is None
    assert said == [f"Backed up the book ({made[0].path.name})"]

    again = BackupKeeper(door, start_ms=0)  # the window opened again at once
    again.start()
    qtbot.wait(50)
    door.wait(10_000)
    again.stop()
    assert backups.list_backups(db.url) == made


def test_a_read_only_book_says_so_in_the_window(qtbot, db_url, clinic):
    from frontdesk.db.migrate import open_database, sqlite_path
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow
    from tests.helpers import NOW

    path = sqlite_path(db_url)
    clinic.db.close()
    os.chmod(path, 0o444)
    ro = open_database(db_url)
    try:
        w = MainWindow(Door(ro, actor="tester", now=lambda: NOW, watch_ms=60_000))
        qtbot.addWidget(w)
        assert "read-only" in w.statusBar().currentMessage()
        w.close()
    finally:
        ro.close()
        os.chmod(path, 0o644)
