"""The rest of what the window promises: locale times, markers, month marks, agenda and
client screens from the book, opening on now, background tasks, the icon, the screenshots."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from frontdesk.db import models as m
from frontdesk.ui.core.door import Door
from frontdesk.ui.core.tasks import Tasks
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.widgets import theme
from tests.helpers import NOW, local

MONDAY = date(2026, 10, 5)
ROOT = Path(__file__).resolve().parents[2]



def open_window(qtbot, db, now=NOW, size=(1366, 768)) -> MainWindow:
    w = MainWindow(Door(db, actor="tester", now=lambda: now, watch_ms=10_000))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()  # window shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def test_time_labels_follow_the_locale(qtbot, db, clinic, us_locale):
    w = open_window(qtbot, db)
    w.book.show_day(MONDAY)
    labels = [w.day_view._time(t).replace("\u202f", " ")  # ICU puts a narrow space before AM
              for _, t in w.day_view.grid.hour_labels()]
    assert labels[:3] == ["8:00 AM", "9:00 AM", "10:00 AM"]
    assert "1:00 PM" in labels


def test_a_client_with_an_alert_gets_a_red_corner(qtbot, db, clinic, book):
    with db.write() as s:
        s.get(m.Client, clinic["Zoë Brontë"]).alert = "Latex allergy"
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    plain = book("2026-10-05 10:00", therapist="Ben", room="Willow", client="José Núñez")
    w = open_window(qtbot, db)
    w.book.show_day(MONDAY)
    view = w.day_view
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()

    def corner(appointment_id) -> QColor:
        column, block = w.book.plan.find(appointment_id)
        r = view.grid.block_rect(column, block)
        p = view.body_to_viewport(r.x + r.w - 3, r.y + 2)
        return QColor(image.pixel(int(p.x() * ratio), int(p.y() * ratio)))

    assert corner(appt.id) == theme.ALERT
    assert corner(plain.id) != theme.ALERT


def test_the_month_navigator_marks_days_with_appointments(qtbot, db, clinic, book):
    book("2026-10-05 10:00")
    book("2026-10-05 14:00", client="Zoë Brontë")
    w = open_window(qtbot, db)
    w.book.show_day(MONDAY)
    qtbot.waitUntil(lambda: w.navigator.marks.get(MONDAY) == 2, timeout=3000)
    assert date(2026, 10, 6) not in w.navigator.marks
    fmt = w.navigator.dateTextFormat().get(w.navigator.selectedDate())
    assert fmt is not None and fmt.toolTip() == "2 appointments"


def test_today_opens_scrolled_to_the_current_time(qtbot, db, clinic):
    w = open_window(qtbot, db, now=local("2026-10-01 16:00"), size=(1366, 600))
    qtbot.waitUntil(lambda: w.day_view.verticalScrollBar().value() > 0, timeout=2000)
    top = w.day_view.verticalScrollBar().value()
    column = w.book.plan.columns[0]
    assert top < w.day_view.grid.y_of(column, local("2026-10-01 16:00"))


def test_the_agenda_lists_the_therapists_day_with_alerts(qtbot, db, clinic, book):
    with db.write() as s:
        s.get(m.Client, clinic["José Núñez"]).alert = "Bruises easily"
    book("2026-10-05 10:00")
    w = open_window(qtbot, db)
    w.book.show_day(MONDAY)
    qtbot.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    w.target.setCurrentIndex(w.target.findText("Ana"))
    w.book.reload()
    text = w.book.agenda_view.toPlainText()
    assert "José Núñez" in text and "Bruises easily" in text
    assert w.stack.currentWidget() is w.book.agenda_view


def test_open_client_from_the_book(qtbot, db, clinic, book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    w = open_window(qtbot, db)
    w.book.show_day(MONDAY)
    w.day_view.select(appt.id)
    qtbot.keyClick(w, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    clients = w.clients_window
    qtbot.addWidget(clients)
    qtbot.waitUntil(lambda: clients.record is not None and clients.record.id == appt.client_id,
                    timeout=3000)
    assert clients.isVisible()


def test_the_window_has_an_icon_and_fits_a_small_laptop(qtbot, db, clinic):
    w = open_window(qtbot, db)
    assert not w.windowIcon().isNull()
    hint = w.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768


def test_tasks_deliver_on_the_gui_thread_and_drop_outdated_answers(qtbot):
    import threading
    import time

    tasks = Tasks()
    got, errors, threads = [], [], []

    def slow(value, pause):
        def run():
            time.sleep(pause)
            return value
        return run

    def done(value):
        threads.append(threading.current_thread() is threading.main_thread())
        got.append(value)

    tasks.run(slow("old", 0.3), done, key="search")
    tasks.run(slow("new", 0.0), done, key="search")
    tasks.run(lambda: 1 / 0, got.append, errors.append)
    qtbot.waitUntil(lambda: not tasks.busy, timeout=3000)
    assert got == ["new"]  # the older answer came last and was dropped
    assert all(threads)
    assert isinstance(errors[0], ZeroDivisionError)


@pytest.mark.slow
def test_the_screenshot_script_makes_the_readme_pictures(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out",
                          str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    from PySide6.QtGui import QImage
    for name in ("day.png", "agenda.png", "editor.png", "day-dark.png"):
        image = QImage(str(tmp_path / name))
        assert not image.isNull() and image.width() >= 500, name


def test_a_refused_field_is_outlined_by_the_style_sheet(qtbot, qapp):
    from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

    from frontdesk.domain.errors import BadInput
    from frontdesk.ui.widgets.forms import FieldErrors

    assert "invalid" in theme.style_sheet()
    form_widget = QWidget()
    qtbot.addWidget(form_widget)
    form_widget.setStyleSheet(theme.style_sheet())
    form = QFormLayout(form_widget)
    errors = FieldErrors()
    name = QLineEdit()
    errors.add_row(form, "name", "Name:", name)
    errors.show_error(BadInput("a client needs a name", "name"))
    assert name.property("invalid") is True
    assert errors.text("name") == "a client needs a name"
    errors.clear()
    assert name.property("invalid") is False


def test_contraindications_mark_the_block_and_show_in_the_details(qtbot, db, clinic, book):
    with db.write() as s:
        s.add(m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="pregnancy", note="due in May"))
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    w = open_window(qtbot, db)
    w.book.show_day(MONDAY)
    assert w.book.plan.find(appt.id)[1].appt.client_flagged
    w.day_view.select(appt.id)
    assert "Contraindications: pregnancy (due in May)" in w.details.toPlainText()
    image = w.day_view.viewport().grab().toImage()
    column, block = w.book.plan.find(appt.id)
    r = w.day_view.grid.block_rect(column, block)
    p = w.day_view.body_to_viewport(r.x + r.w - 3, r.y + 2)
    ratio = image.devicePixelRatio()
    assert QColor(image.pixel(int(p.x() * ratio), int(p.y() * ratio))) == theme.ALERT
