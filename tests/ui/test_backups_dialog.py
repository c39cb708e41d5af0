"""Tools > Backups…: the list, a backup taken by hand, and a restore into the open book,
which the window then reads again with its undo history forgotten; a restore at another
desk on this computer is noticed by the change watcher."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from frontdesk.services import backups, changes
from frontdesk.services.booking import Bookings
from frontdesk.ui import tools_menu
from tests.helpers import NOW, request
from tests.ui.conftest import answer_question

pytestmark = pytest.mark.sqlite_only("the window's backups are of its SQLite file")

MONDAY_10 = "2026-10-05 10:00"


def _open(qtbot, window):
    dialog = tools_menu.open_backups(window)
    qtbot.waitUntil(lambda: (dialog.found is not None and dialog.table.topLevelItemCount()
                    == len(dialog.found) and "No backups" in dialog.status.text())
                    or bool(dialog.found), timeout=10_000)
    return dialog


def test_a_backup_taken_by_hand_is_listed_and_restored_into_the_open_book(qtbot, window,
                                                                          clinic):
    dialog = _open(qtbot, window)
    assert dialog.found == [] and not dialog.restore_button.isEnabled()
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: len(dialog.found) == 1, timeout=20_000)
    taken = dialog.found[0]
    assert taken.why == "manual" and "Backed up and checked" in dialog.status.text()
    assert dialog.table.topLevelItem(0).text(1) == "taken by hand"

    booked = window.door.ops.book(request(clinic, MONDAY_10, client="Zoë Brontë"))
    qtbot.waitUntil(lambda: any(r.id == booked.id for r in window.book.rows))
    assert window.door.ops.stack.count() == 1

    asked: list[str] = []
    answer_question(QMessageBox.StandardButton.Ok, asked)
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "Restored" in dialog.status.text(), timeout=20_000)
    assert "in the book's place" in asked[0]
    assert "Restored the backup" in window.statusBar().currentMessage()
    # The window shows the restored book: the visit booked after the backup is gone, and
    # its undo would be of another book.
    qtbot.waitUntil(lambda: all(r.id != booked.id for r in window.book.rows))
    assert window.door.ops.stack.count() == 0
    # The book as it was is kept, and listed.
    qtbot.waitUntil(lambda: [b.why for b in dialog.found] == ["replaced", "manual"],
                    timeout=10_000)
    assert dialog.table.topLevelItem(0).text(1) == "the book before a restore"
    # Changes after the restore are followed as before.
    again = window.door.ops.book(request(clinic, MONDAY_10, client="Zoë Brontë"))
    qtbot.waitUntil(lambda: any(r.id == again.id for r in window.book.rows))


def test_cancelling_the_question_restores_nothing(qtbot, window, db):
    made = backups.back_up(db.url, window.door.now())
    dialog = _open(qtbot, window)
    asked: list[str] = []
    answer_question(QMessageBox.StandardButton.Cancel, asked)
    dialog.restore_chosen()
    assert asked and dialog.status.text() != "Restoring…"
    assert backups.list_backups(db.url) == [made]


def test_a_book_replaced_under_the_watcher_is_read_again(db, clinic):
    """Another desk on this computer restores a backup: the trail is shorter than what this
    desk has seen, which says the book was replaced."""
    made = backups.back_up(db.url, NOW)
    Bookings(db, "tester", lambda: NOW).book(request(clinic, MONDAY_10, client="Zoë Brontë"))
    with db.read() as session:
        seen = changes.last_id(session)
    backups.restore(db.url, made.path, NOW)
    with db.read() as session:
        found = changes.since(session, seen)
        same = changes.since(session, changes.last_id(session))
    assert found.replaced and found.catalog and found.last_id < seen
    assert not same.replaced and not same
