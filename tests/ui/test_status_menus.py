"""Status menus and keys offer what the domain allows for the selected visit now (issue 12):
the Appointment menu and the right-click menu enable only ``status.choices``; a status key
on a visit that cannot take it says why in the status bar and changes nothing.

The window on Monday 2026-10-05; the clock at Thursday 2026-10-01 (visits are days away).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from frontdesk.domain.status import Status
from frontdesk.services import schedule


def stored(db, appointment_id):
    with db.read() as session:
        return schedule.appointment(session, appointment_id)


def appointment_menu(window):
    return next(a.menu() for a in window.menuBar().actions()
                if a.text().replace("&", "") == "Appointment")


def enabled(actions) -> set[str]:
    return {a.text().replace("&", "") for a in actions if a.isEnabled()}


def select(window, appt) -> None:
    window.book.reload()
    window.day_view.select(appt.id)
    assert window.book.selected_view().id == appt.id


def test_the_appointment_menu_offers_only_what_the_visit_allows(qtbot, window, book,
                                                                bookings):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    bookings.set_status(appt.id, Status.CONFIRMED)
    select(window, appt)
    menu = appointment_menu(window)
    menu.aboutToShow.emit()
    offered = enabled(menu.actions())
    assert "Confirm" not in offered  # already confirmed
    assert not offered & {"Arrived", "In session", "Completed", "No-show"}  # days away
    assert "Cancel appointment…" in offered
    assert "Cancel this and following visits…" not in offered  # not a series
    menu.aboutToHide.emit()
    # Closed again, the keys are live: they answer for themselves.
    assert all(a.isEnabled() for a in window.editing.status_actions.values())


def test_the_context_menu_opens_the_editor_for_a_visit_in_session(qtbot, db, clinic, book):
    from frontdesk.services.booking import Bookings
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow
    from tests.helpers import local
    from tests.ui.conftest import MONDAY

    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    during = local("2026-10-05 10:10")
    desk = Bookings(db, actor="tester", now=lambda: during)
    desk.set_status(appt.id, Status.ARRIVED)
    desk.set_status(appt.id, Status.IN_SESSION)
    w = MainWindow(Door(db, actor="tester", now=lambda: during, watch_ms=10_000))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.book.show_day(MONDAY)
    w.editing.show_context_menu(appt.id, w.mapToGlobal(QPoint(100, 100)))
    menu = w.editing.context_menu
    offered = enabled(menu.actions())
    assert "Completed" in offered and "Arrived" in offered  # a step back is allowed
    assert "No-show" not in offered and "Cancel appointment…" not in offered
    assert "Edit appointment…" in offered  # its notes may still be written
    menu.close()


def test_a_status_key_on_a_visit_days_away_says_why_and_changes_nothing(qtbot, db, window,
                                                                       book):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    select(window, appt)
    window.day_view.setFocus()
    qtbot.keyClick(window.day_view, Qt.Key.Key_N)
    message = window.statusBar().currentMessage()
    assert message.startswith("Zoë Brontë not marked no-show:") and "not started" in message
    qtbot.keyClick(window.day_view, Qt.Key.Key_A)
    assert "an hour before" in window.statusBar().currentMessage()
    assert stored(db, appt.id).status == Status.BOOKED
    assert stored(db, appt.id).version == appt.version  # the engine was not even asked


def test_cancel_on_a_late_cancellation_says_it_stays_one_without_asking(qtbot, db, window,
                                                                        book, bookings):
    appt = book("2026-10-05 10:00", client="Zoë Brontë")
    bookings.cancel(appt.id, "called late", late=True)
    window.act_cancelled.setChecked(True)  # cancelled visits shown
    select(window, appt)
    asked = []
    window.editing.ask_reason = lambda *args, **kw: asked.append(args)  # never a modal
    window.editing.cancel_selected()
    assert asked == []  # no reason was asked for a cancellation that cannot be
    assert "late cancellation" in window.statusBar().currentMessage()
    assert stored(db, appt.id).status == Status.LATE_CANCEL
    assert QApplication.activeModalWidget() is None
