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
