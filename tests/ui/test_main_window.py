"""The appointment book window, driven by mouse and keyboard over a real SQLite file.

The clinic is tests/helpers.py's: Ana works 09:00-17:00 (break 12:00-12:30), Ben Mon-Fri
10:00-18:00. 2026-10-05 is a Monday; the clock stands at 2026-10-01 08:00 local.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import QApplication

from frontdesk.db import models as m
from frontdesk.domain.status import Status
from frontdesk.services import schedule
from frontdesk.services.dayplan import Mode
from frontdesk.ui.core.door import Door
from frontdesk.ui.main_window import MainWindow
from tests.helpers import NOW, local
from tests.ui.conftest import MONDAY


def stored(db, appointment_id):
    with db.read() as session:
        return schedule.appointment(session, appointment_id)


def column(window, name) -> int:
    return next(i for i, c in enumerate(window.book.plan.columns) if c.title == name)


def drag(qtbot, view, start: QPoint, end: QPoint, *, release: bool = True) -> None:
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    steps = 6
    for n in range(1, steps + 1):
        p = start + (end - start) * (n / steps)
        qtbot.mouseMove(vp, QPoint(int(p.x()), int(p.y())))
    if release:
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)


def test_columns_are_the_therapists_working_that_day(window):
    assert [c.title for c in window.book.plan.columns] == ["Ana", "Ben"]
    window.book.show_day(date(2026, 10, 10))  # a Saturday: Ben is off
    assert [c.title for c in window.book.plan.columns] == ["Ana"]


def test_double_click_on_an_empty_slot_opens_the_editor_there_and_books(qtbot, window, db,
                                                                         clinic):
    view = window.day_view
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view.slot_point(column(window, "Ben"), local("2026-10-05 11:00")))
    editor = window.editing.editor
    assert editor.isVisible()
    assert editor.therapist.currentData() == clinic["Ben"]
    assert editor.time.time().toString("HH:mm") == "11:00"
    qtbot.keyClicks(editor.client, "zo")  # QTest types ASCII only; the search folds accents
    popup = editor.type_ahead.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the first suggestion is highlighted
    assert editor.client_id == clinic["Zoë Brontë"]
    editor.service.setCurrentIndex(editor.service.findData(clinic["Swedish 60"]))
    qtbot.mouseClick(editor.ok, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    booked = editor.result
    assert booked.therapist == "Ben" and booked.start == local("2026-10-05 11:00")
    assert booked.client == "Zoë Brontë"
    assert window.book.plan.find(booked.id) is not None  # shown without a reload
    assert window.day_view.selected == booked.id


def test_a_refused_booking_shows_the_reason_at_the_therapist_field(qtbot, window, clinic, book):
    book("2026-10-05 10:00", therapist="Ben", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    # Drag across 13:00-14:00 in Ben's column opens the editor with that time and length...
    ben = column(window, "Ben")
    drag(qtbot, view, view.slot_point(ben, local("2026-10-05 13:00")),
         view.slot_point(ben, local("2026-10-05 13:45")))
    editor = window.editing.editor
    assert editor.time.time().toString("HH:mm") == "13:00"
    assert editor.length.value() == 60
    editor.close()
    # ...and asking for 10:30 there, where Ben is busy, is refused at the therapist field.
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view.slot_point(ben, local("2026-10-05 15:00")))
    editor = window.editing.editor
    editor.time.setTime(QTime(10, 30))
    editor.client_id = clinic["José Núñez"]
    editor.service.setCurrentIndex(editor.service.findData(clinic["Swedish 60"]))
    editor.therapist.setCurrentIndex(editor.therapist.findData(clinic["Ben"]))
    editor.room.setCurrentIndex(editor.room.findData(clinic["Willow"]))
    editor.send()
    assert editor.isVisible()
    assert "Ben" in editor.errors.text("therapist")


def test_drag_moves_an_appointment_and_undo_redo_put_it_back_and_again(qtbot, window, db, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    start = view.block_centre(appt.id)
    one_hour = int(60 * view.grid.ppm)
    drag(qtbot, view, start, start + QPoint(0, one_hour))
    assert stored(db, appt.id).start == local("2026-10-05 11:00")
    assert window.book.plan.find(appt.id)[1].appt.start == local("2026-10-05 11:00")

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, appt.id).start == local("2026-10-05 10:00")
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored(db, appt.id).start == local("2026-10-05 11:00")
    assert window.book.plan.find(appt.id)[1].appt.start == local("2026-10-05 11:00")


def test_drag_to_another_column_reassigns_the_therapist(qtbot, window, db, book):
    appt = book("2026-10-05 14:00", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    start = view.block_centre(appt.id)
    dx = int(view.grid.column_width) * (column(window, "Ben") - column(window, "Ana"))
    drag(qtbot, view, start, start + QPoint(dx, 0))
    after = stored(db, appt.id)
    assert after.therapist == "Ben" and after.start == appt.start


def test_dragging_the_lower_edge_changes_the_length(qtbot, window, db, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    ci, block = window.book.plan.find(appt.id)
    r = view.grid.block_rect(ci, block)
    edge = view.body_to_viewport(r.x + r.w / 2, r.y + r.h - 2)
    drag(qtbot, view, edge, edge + QPoint(0, int(30 * view.grid.ppm)))
    after = stored(db, appt.id)
    assert after.end - after.start == timedelta(minutes=90)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, appt.id).end - appt.start == timedelta(minutes=60)


def test_a_drop_that_would_be_refused_says_so_before_release_and_changes_nothing(
        qtbot, window, db, book):
    first = book("2026-10-05 10:00", client="Zoë Brontë")
    book("2026-10-05 13:00", therapist="Ben")
    window.book.reload()
    view = window.day_view
    start = view.block_centre(first.id)
    three_hours = int(180 * view.grid.ppm)
    drag(qtbot, view, start, start + QPoint(0, three_hours), release=False)
    assert view._drag is not None and view._drag.refusal  # shown while dragging
    assert "Cedar" in view._drag.refusal  # the room is taken: a hard rule, no way round
    picture = view.viewport().grab().toImage()
    assert not picture.isNull()
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       pos=start + QPoint(0, three_hours))
    assert stored(db, first.id).start == first.start
    assert "Not moved" in window.statusBar().currentMessage()


def test_status_keys_and_undo(qtbot, window, db, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.block_centre(appt.id))
    assert view.selected == appt.id
    assert "Zoë Brontë" in window.details.toPlainText()
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert stored(db, appt.id).status == Status.CONFIRMED
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, appt.id).status == Status.BOOKED


def test_cancel_with_a_reason_then_undo_brings_it_back_confirmed(qtbot, window, db, bookings, book):
    appt = bookings.set_status(book("2026-10-05 10:00", client="Zoë Brontë").id, Status.CONFIRMED)
    window.book.reload()
    window.day_view.select(appt.id)

    def answer():
        dialog = window.editing.reason_dialog
        dialog.reason.setEditText("Client is unwell")
        dialog.accept()

    from PySide6.QtCore import QTimer
    QTimer.singleShot(50, answer)
    window.editing.act_cancel.trigger()
    after = stored(db, appt.id)
    assert after.status == Status.CANCELLED and after.cancel_reason == "Client is unwell"
    assert window.book.plan.find(appt.id) is None  # cancelled ones are hidden by default
    window.act_cancelled.setChecked(True)
    assert window.book.plan.find(appt.id) is not None
    window.act_undo.trigger()
    assert stored(db, appt.id).status == Status.CONFIRMED


def test_context_menu_offers_only_allowed_statuses(qtbot, window, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    window.editing.show_context_menu(appt.id, window.mapToGlobal(QPoint(100, 100)))
    menu = window.editing.context_menu
    enabled = {a.text().replace("&", "") for a in menu.actions() if a.isEnabled()}
    assert "Confirm" in enabled
    # A visit days away: not happened yet, so neither completed nor a no-show (the status
    # timing is the engine's, domain/status.choices).
    assert "Completed" not in enabled and "No-show" not in enabled
    menu.close()


def test_day_navigation_by_keyboard_and_calendar(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.book.day == MONDAY + timedelta(days=1)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.book.day == MONDAY - timedelta(days=1)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.book.day == date(2026, 10, 1)
    window.navigator.day_chosen.emit(date(2026, 10, 20))
    assert window.book.day == date(2026, 10, 20)
    assert "October 20, 2026" in window.title.text()


def test_the_room_switch_and_the_week_view(qtbot, window, book):
    book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.book.plan.mode == Mode.ROOMS
    assert [c.title for c in window.book.plan.columns] == ["Cedar", "Willow"]
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert [c.title for c in window.book.plan.columns] == ["Ana", "Ben"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.book.plan.days == 7 and len(window.book.plan.columns) == 7
    assert {c.title for c in window.book.plan.columns} == {window.target.currentText()}
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.book.plan.days == 1


def test_a_booking_from_another_process_appears_without_any_action(qtbot, window, db_url):
    env = {**os.environ, "FRONTDESK_DB": db_url, "FRONTDESK_NOW": NOW.isoformat()}
    subprocess.run([sys.executable, "-m", "frontdesk", "book", "--client", "José Núñez",
                    "--service", "Swedish 60", "--start", "2026-10-05 15:00",
                    "--therapist", "Ben", "--room", "Willow"], env=env, check=True,
                   capture_output=True)
    qtbot.waitUntil(lambda: any(b.appt.client == "José Núñez"
                                for c in window.book.plan.columns for b in c.blocks), timeout=3000)


def test_view_choices_and_geometry_are_remembered(qtbot, db, clinic):
    first = MainWindow(Door(db, now=lambda: NOW, watch_ms=10_000))
    qtbot.addWidget(first)
    first.resize(760, 560)  # within the offscreen platform's 800x600 screen
    first.show()
    first.act_rooms.setChecked(True)
    first.act_cancelled.setChecked(True)
    first.close()
    second = MainWindow(Door(db, now=lambda: NOW, watch_ms=10_000))
    qtbot.addWidget(second)
    assert second.book.mode == Mode.ROOMS and second.book.show_cancelled
    assert second.act_rooms.isChecked()
    assert second.size().width() == 760


def test_keyboard_shortcuts_help_lists_the_actions(qtbot, window):
    window.act_shortcuts.trigger()
    table = window.shortcuts_dialog.table
    texts = {table.item(r, 1).text() for r in range(table.rowCount())}
    assert {"Previous day", "Next day", "Today", "Undo the last change", "New appointment"} <= texts
    window.shortcuts_dialog.close()


def test_controls_have_accessible_names(window):
    for widget in (window.day_view, window.navigator, window.title, window.details,
                   window.target):
        assert widget.accessibleName()


def test_dark_palette_keeps_text_readable(qtbot, window, book):
    from PySide6.QtGui import QColor, QPalette

    from frontdesk.ui.widgets import theme
    book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.WindowText, "#eeeeee")):
        dark.setColor(role, QColor(colour))
    window.day_view.setPalette(dark)
    paints = theme.Paints(window.day_view.palette())
    assert theme.is_dark(dark)
    assert paints.shades[next(iter(paints.shades))].lightness() < 100  # shading follows dark
    image = window.day_view.viewport().grab().toImage()
    assert QColor(image.pixel(5, 5)).lightness() < 80  # the gutter is dark, not white


def test_selection_walks_by_arrow_keys(qtbot, window, book):
    a = book("2026-10-05 10:00", client="Zoë Brontë")
    b = book("2026-10-05 13:00")
    window.book.reload()
    view = window.day_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected == a.id
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected == b.id
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.editing.editor.isVisible() and window.editing.editor.appointment.id == b.id
    window.editing.editor.close()



def test_start_up_on_an_empty_database_offers_set_up_or_demo(qapp, db_url, monkeypatch):
    from PySide6.QtCore import QTimer

    from frontdesk import app as app_module
    from frontdesk.ui.setup.first_start_dialog import FirstStartDialog

    seen = []

    def close_choice():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, FirstStartDialog) and w.isVisible():
                seen.append(w.windowTitle())
                w.reject()

    QTimer.singleShot(300, close_choice)
    _app, window, db = app_module.start(db_url)
    db.close()
    assert window is None and seen  # closing the choice quits, nothing half made
    from frontdesk.db.migrate import open_database
    from frontdesk.services.setup_view import needs_first_start
    again = open_database(db_url)
    assert needs_first_start(again)
    with again.read() as session:
        assert session.query(m.Clinic).count() == 0
    again.close()


def test_a_drop_over_a_soft_rule_asks_why_and_records_it(qtbot, window, db, book):
    from PySide6.QtCore import QTimer

    appt = book("2026-10-05 15:00", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    start = view.block_centre(appt.id)
    two_hours = int(120 * view.grid.ppm)  # 17:00: after Ana's shift ends

    def answer():
        window.editing.reason_dialog.reason.setEditText("Client can only come after work")
        window.editing.reason_dialog.accept()

    QTimer.singleShot(100, answer)
    drag(qtbot, view, start, start + QPoint(0, two_hours))
    after = stored(db, appt.id)
    assert after.start == local("2026-10-05 17:00")
    assert after.override_reason == "Client can only come after work" and after.overridden


def test_undo_walks_back_through_several_changes_to_one_appointment(qtbot, window, db, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    view = window.day_view
    start = view.block_centre(appt.id)
    drag(qtbot, view, start, start + QPoint(0, int(180 * view.grid.ppm)))  # 13:00
    ci, block = window.book.plan.find(appt.id)
    r = view.grid.block_rect(ci, block)
    edge = view.body_to_viewport(r.x + r.w / 2, r.y + r.h - 2)
    drag(qtbot, view, edge, edge + QPoint(0, int(30 * view.grid.ppm)))  # 90 minutes
    window.day_view.select(appt.id)
    qtbot.keyClick(view, Qt.Key.Key_C)  # confirmed
    assert stored(db, appt.id).status == Status.CONFIRMED
    for _ in range(3):
        window.act_undo.trigger()
    back = stored(db, appt.id)
    assert (back.start, back.end, back.status) == (appt.start, appt.end, Status.BOOKED)
    assert window.door.ops.stack.index() == 0 and window.door.ops.stack.count() == 3
    for _ in range(3):
        window.act_redo.trigger()
    again = stored(db, appt.id)
    assert again.start == local("2026-10-05 13:00") and again.status == Status.CONFIRMED
    assert again.end - again.start == timedelta(minutes=90)


def test_undo_over_a_change_from_another_desk_is_refused_and_says_so(qtbot, window, db,
                                                                     bookings, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    window.book.reload()
    window.day_view.select(appt.id)
    qtbot.keyClick(window.day_view, Qt.Key.Key_C)
    other = bookings.move(stored(db, appt.id).id, local("2026-10-05 14:00"))  # another desk
    window.act_undo.trigger()
    assert stored(db, appt.id).version == other.version  # nothing undone over their change
    assert "changed by tester" in window.statusBar().currentMessage()


def test_a_no_show_stays_in_the_book_and_success_is_said(qtbot, db, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    later = local("2026-10-05 12:00")
    w = MainWindow(Door(db, actor="tester", now=lambda: later, watch_ms=10_000))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.book.show_day(MONDAY)
    w.day_view.select(appt.id)
    w.editing.status_actions[Status.NO_SHOW].trigger()
    assert stored(db, appt.id).status == Status.NO_SHOW
    assert w.book.plan.find(appt.id) is not None  # hatched, not hidden: the day's history
    assert w.statusBar().currentMessage().startswith("Done: Mark Zoë Brontë no-show")
    w.act_today.trigger()
    assert w.book.day == date(2026, 10, 5)  # "today" by this clock


def test_the_week_and_the_agenda_open_on_the_selected_visits_therapist(qtbot, window, book):
    """Ana is first by name; with Ben's visit selected, Ctrl+2 and Ctrl+3 show Ben."""
    visit = book("2026-10-05 10:00", therapist="Ben", client="Zoë Brontë")
    window.book.reload()
    window.day_view.select(visit.id)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.target.currentText() == "Ben"
    assert {c.title for c in window.book.plan.columns} == {"Ben"}
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.day_view.select(None)
    window.target.setCurrentIndex(window.target.findText("Ana"))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.target.currentText() == "Ben"  # nothing selected: the one busy that day
