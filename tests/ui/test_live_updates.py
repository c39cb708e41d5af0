"""A change made at another desk appears in an open window on PostgreSQL through the
server's notice: the window's own timer is set far beyond the test, so nothing else could
bring it (SQLite's once-a-second read is tested in test_main_window). The other desk is a
real `frontdesk book` process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.ui.core.door import Door
from frontdesk.ui.main_window import MainWindow
from tests.helpers import NOW, ClinicBuilder
from tests.ui.conftest import MONDAY


@pytest.mark.pg
def test_a_booking_at_another_desk_reaches_an_open_window_by_the_servers_notice(
        qtbot, pg_url, tmp_path):
    db = open_database(pg_url)
    ClinicBuilder(db).standard()
    window = MainWindow(Door(db, actor="desk 1", now=lambda: NOW, watch_ms=3_600_000))
    qtbot.addWidget(window)
    window.show()
    window.book.show_day(MONDAY)
    assert window.door.watcher.listening is not None
    qtbot.waitUntil(window.door.watcher.listening.isRunning)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env |= {"FRONTDESK_DB": pg_url, "FRONTDESK_NOW": NOW.isoformat(),
            "FRONTDESK_HOME": str(tmp_path / "other desk")}
    subprocess.run([sys.executable, "-m", "frontdesk", "book", "--client", "José Núñez",
                    "--service", "Swedish 60", "--start", "2026-10-05 15:00", "--therapist",
                    "Ben", "--room", "Willow"], env=env, check=True, capture_output=True)
    try:
        qtbot.waitUntil(lambda: any(b.appt.client == "José Núñez"
                                    for c in window.book.plan.columns for b in c.blocks),
                        timeout=10_000)
    finally:
        window.close()
        db.close()
