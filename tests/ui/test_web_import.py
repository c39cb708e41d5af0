"""File > Import LatePoint export… and Tools > Web bookings to resolve…, by real widgets
offscreen on the test clinic (the clock at 2026-10-01 08:00 New York)."""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import QDate

from frontdesk.services.latepoint_waiting import waiting
from frontdesk.ui.desk import web_menu
from tests.helpers import local, request
from tests.latepoint_files import web_row, write_export


def _export(tmp_path, rows):
    path = write_export(tmp_path / "web.csv", rows)
    stamp = datetime(2026, 10, 1, 9).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_the_menus_hold_the_import_and_the_list(window):
    texts = [a.text() for menu in window.menuBar().actions() for a in menu.menu().actions()]
    assert "&Import LatePoint export…" in texts and "&Web bookings to resolve…" in texts


def test_an_import_with_a_clash_and_an_unknown_name_then_the_list(qtbot, window, clinic,
                                                                  bookings, tmp_path):
    bookings.book(request(clinic, "2026-10-05 10:00", therapist="Ana", client="Zoë Brontë"))
    path = _export(tmp_path, [
        web_row("1", "October 5, 10:30am", agent="Ana"),
        web_row("2", "October 5, 02:00pm", "Relax 60", agent="Ana"),
    ])
    dialog = web_menu.import_export(window, str(path))
    assert dialog.day.date() == QDate(2026, 10, 1)  # the file's own day, offered
    qtbot.mouseClick(dialog.go, qtbot_left())
    qtbot.waitUntil(lambda: bool(dialog.combos) and dialog.go.isEnabled(), timeout=10_000)
    assert list(dialog.combos) == [("service", "Relax 60")]
    dialog.combos[("service", "Relax 60")].setCurrentText("Swedish 60")
    qtbot.mouseClick(dialog.go, qtbot_left())
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert [r.outcome for r in dialog.report.results] == ["refused", "booked"]
    assert "1 booked, 1 refused" in dialog.result.text()
    assert "Ana is busy" in dialog.result.text()
    qtbot.waitUntil(lambda: any(r.start == local("2026-10-05 14:00")
                                for r in window.book.rows), timeout=10_000)
    dialog.cancel.click()

    listed = web_menu.open_waiting(window)
    qtbot.waitUntil(lambda: listed.table.rowCount() == 1, timeout=10_000)
    assert "Ana is busy" in listed.table.item(0, 4).text()
    listed.table.selectRow(0)
    listed.open_selected()
    editor = window.editing.editor
    assert editor is not None and editor.isVisible()
    editor.reject()
    listed.resolve_selected()
    qtbot.waitUntil(lambda: listed.table.rowCount() == 0, timeout=10_000)
    assert window.door.read(waiting) == []


def test_cancel_between_rows_leaves_the_book_as_it_was(qtbot, window, db, tmp_path):
    from PySide6.QtCore import Qt
    from sqlalchemy import func, select

    from frontdesk.db import models as m

    path = _export(tmp_path, [web_row(str(i), f"October {6 + i}, 10:00am", agent="")
                              for i in range(8)])
    dialog = web_menu.import_export(window, str(path))
    # Cancel pressed as the third row is reached: told on the worker's own thread (a queued
    # signal could arrive after a busy machine's worker had finished all eight rows).
    dialog.progressed.connect(lambda done, total: done == 2 and dialog._stop.set(),
                              Qt.ConnectionType.DirectConnection)
    qtbot.mouseClick(dialog.go, qtbot_left())
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert dialog.report.stopped and dialog.report.results == []
    assert "nothing was imported" in dialog.result.text() and dialog.go.isEnabled()

    def in_book() -> int:
        with db.read() as s:
            return s.scalar(select(func.count()).select_from(m.Appointment))

    assert in_book() == 0
    again = web_menu.import_export(window, str(path))
    qtbot.mouseClick(again.go, qtbot_left())
    qtbot.waitUntil(lambda: again.report is not None, timeout=20_000)
    assert again.report.count("booked") == 8 and in_book() == 8


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
