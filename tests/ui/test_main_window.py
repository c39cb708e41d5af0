"""The first window over a real database: it shows the day's appointments and moves by day."""

from datetime import timedelta

from PySide6.QtCore import Qt

from frontdesk.domain import clock
from frontdesk.services.booking import BookingRequest
from frontdesk.ui.main_window import MainWindow
from tests.helpers import local


def test_window_lists_a_days_appointments_and_navigates(qtbot, db, clinic, bookings):
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                        start=local("2026-10-05 10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                        client_id=clinic["Zoë Brontë"]))
    window = MainWindow(db)
    qtbot.addWidget(window)
    day = clock.to_local(appt.start, window.tz).date()
    window.show_day(day)
    assert window.model.rowCount() == 1
    index = window.model.index(0, 1)
    assert window.model.data(index, Qt.ItemDataRole.DisplayRole) == "Zoë Brontë"
    assert "1 appointment" in window.title.text()
    assert "appointments" not in window.title.text()
    window.show_day(day + timedelta(days=1))
    assert window.model.rowCount() == 0


def test_gui_start_up_opens_the_window_on_a_new_database(qapp, db_url):
    """`frontdesk gui` start-up: new database -> migrated -> clinic row -> window shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from frontdesk.app import run_gui

    seen = []

    def look_and_quit():
        seen.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                    if isinstance(w, MainWindow) and w.isVisible())
        qapp.quit()

    QTimer.singleShot(300, look_and_quit)
    assert run_gui(db_url) == 0
    assert seen == ["My Clinic — frontdesk"]
