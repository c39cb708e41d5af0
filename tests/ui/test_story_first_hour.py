"""A receptionist's first hour on the demo clinic, through the real window (offscreen, at
1366x768), by keyboard as at the desk.

The demo clinic is built for Mon 30 Nov 2026 with the clock at 09:50 in New York; the clock
moves on as the morning does. After every step the test reads what the desk would see: the
day in the book, the client's card in the Clients window and the day's CSV export (written
by the export the window uses and read back with Python's csv module).
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from frontdesk.domain import clock
from frontdesk.domain.status import Status
from frontdesk.export import writer
from frontdesk.services import schedule
from frontdesk.services.catalog import load_catalog
from frontdesk.services.daysheet import gather
from frontdesk.services.demo import build_demo
from tests.ui.conftest import answer_question, when_up

TODAY = date(2026, 11, 30)
START = datetime(2026, 11, 30, 14, 50, tzinfo=clock.UTC)  # 09:50 in the clinic


class Clock:
    """The desk's clock, moved on by the story."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def local(self, hh_mm: str) -> None:
        hour, minute = map(int, hh_mm.split(":"))
        self.at = (datetime(2026, 11, 30, hour, minute, tzinfo=clock.UTC)
                   + timedelta(hours=5))  # New York is UTC-5 in November


@pytest.fixture
def desk(qtbot, db):
    """The window on the demo clinic's Monday, active, and its clock."""
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow

    build_demo(db, start=TODAY, now=START)
    now = Clock(START)
    w = MainWindow(Door(db, actor="reception", now=now, watch_ms=200))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    _activate(qtbot, w)
    w.book.show_day(TODAY)
    return w, now


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _alt(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


def csv_rows(db, tmp_path, day: date, now: datetime) -> dict[int, dict[str, str]]:
    """The day's CSV export, read back: each appointment's row by its number."""
    with db.read() as session:
        sheet = gather(session, load_catalog(session), day, 1, layout=False, now=now)
    path = tmp_path / f"{day}.csv"
    writer.write(sheet, "csv", path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {int(r["id"]): r for r in csv.DictReader(f)}


def card(qtbot, window, client_id: int, ready=lambda rec: True):
    """The Clients window on ``client_id`` once its record reads as ``ready`` says."""
    clients = window.open_clients(client_id)
    if qtbot not in getattr(clients, "_story_owner", ()):
        qtbot.addWidget(clients)
        clients._story_owner = (qtbot,)
    qtbot.waitUntil(lambda: clients.record is not None and clients.record.id == client_id
                    and ready(clients.record))
    return clients.record


def in_book(window, appointment_id: int):
    """The visit as the shown day has it (None when the book does not show it)."""
    found = window.book.plan.find(appointment_id) if window.book.plan else None
    return found[1].appt if found else None


def answer_reason(window, reason: str, late: bool) -> None:
    def fill(dialog) -> None:
        dialog.reason.setEditText(reason)
        dialog.late.setChecked(late)
        dialog.accept()
    when_up(lambda: dialog if (dialog := window.editing.reason_dialog) is not None
            and dialog.isVisible() else None, fill)


def find_time(qtbot, window, service: str):
    """F2, a few letters of the service and Enter: the dialog with its times found."""
    qtbot.keyClick(window, Qt.Key.Key_F2)
    find = window.desk.find_time_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is find)
    qtbot.keyClicks(find.service, service)
    qtbot.keyClick(find.service, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: find.selected() is not None)
    return find


def visit_of(window, client: str):
    """The shown day's visit of ``client``."""
    return next(a for a in window.book.plan.appointments if a.client == client)


def test_a_receptionists_first_hour(qtbot, desk, db, tmp_path):
    window, now = desk

    # 1. A walk-in, named at the desk: F2, "deep", Enter, Alt+M name, Tab phone, Alt+W.
    find = find_time(qtbot, window, "deep")
    offered = find.selected()
    _alt(qtbot, Qt.Key.Key_M)
    assert QApplication.focusWidget() is find.walk_in_name
    qtbot.keyClicks(find.walk_in_name, "Mia Walker")
    qtbot.keyClick(find.walk_in_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "646 555 0123")
    _alt(qtbot, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: not find.isVisible())
    walk_in = find.result
    assert (walk_in.client, walk_in.source, walk_in.start) == ("Mia Walker", "walk-in",
                                                                offered.start)
    assert in_book(window, walk_in.id).client == "Mia Walker"
    row = csv_rows(db, tmp_path, TODAY, now())[walk_in.id]
    assert (row["client"], row["phone"], row["source"]) == ("Mia Walker", "+1 646-555-0123",
                                                            "walk-in")
    assert card(qtbot, window, walk_in.client_id).next.id == walk_in.id
    _activate(qtbot, window)

    # 2. A caller gives the last four digits and moves the next visit: F3, 7840, Alt+M, Enter.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    caller = window.desk.caller_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is caller)
    qtbot.keyClicks(caller.search, "7840")
    benjamin = caller.current()
    assert benjamin.name == "Benjamin Hall"
    before = benjamin.next
    _alt(qtbot, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.desk.reschedule_dialog is not None
                    and window.desk.reschedule_dialog.selected() is not None)
    move = window.desk.reschedule_dialog
    to = move.selected()
    assert (to.therapist_id, to.end - to.start) == (before.therapist_id,
                                                    before.end - before.start)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not move.isVisible())
    moved = window.door.read(schedule.appointment, before.id)
    assert (moved.start, moved.room_id) == (to.start, to.room_id)
    day = clock.to_local(to.start, window.book.tz).date()
    assert window.book.day == day and in_book(window, before.id).start == to.start
    row = csv_rows(db, tmp_path, day, now())[before.id]
    assert (row["client"], row["start_iso"]) == ("Benjamin Hall",
                                                 clock.iso(to.start, window.book.tz))
    assert card(qtbot, window, benjamin.id,
                lambda rec: rec.next is not None and rec.next.start == to.start)
    _activate(qtbot, window)
    window.book.show_day(TODAY)

    # 3. A contraindicated booking, acknowledged: F3 Addison, Enter, "hot", Enter, Enter, Yes.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    caller = window.desk.caller_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is caller)
    qtbot.keyClicks(caller.search, "Addison")
    addison = caller.current()
    assert addison.name == "Addison Kelly" and addison.flags
    qtbot.keyClick(caller.search, Qt.Key.Key_Return)
    find = window.desk.find_time_dialog
    qtbot.waitUntil(lambda: find is not None and QApplication.activeWindow() is find)
    qtbot.keyClicks(find.service, "hot")
    qtbot.keyClick(find.service, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: find.selected() is not None)
    asked: list[str] = []
    answer_question(QMessageBox.StandardButton.Yes, asked)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not find.isVisible())
    assert asked and "Hot Stone" in asked[0]
    hot = find.result
    assert hot.client == "Addison Kelly"
    day = clock.to_local(hot.start, window.book.tz).date()
    row = csv_rows(db, tmp_path, day, now())[hot.id]
    assert row["service"] == "Hot Stone Massage 90" and row["contraindications"]
    record = card(qtbot, window, addison.id)
    assert record.next.id == hot.id  # her next visit now: the hot stone, warning and all
    assert "diabetes" in record.flag_names
    _activate(qtbot, window)
    window.book.show_day(TODAY)

    # 4. Arrived, then completed: Penelope Gray's 11:00 (A at 10:15, D at 12:05).
    now.local("10:15")
    penelope = visit_of(window, "Penelope Gray")
    window.day_view.select(penelope.id)
    qtbot.keyClick(window.day_view, Qt.Key.Key_A)
    assert in_book(window, penelope.id).status == Status.ARRIVED
    now.local("12:05")
    qtbot.keyClick(window.day_view, Qt.Key.Key_D)
    assert in_book(window, penelope.id).status == Status.COMPLETED
    assert csv_rows(db, tmp_path, TODAY, now())[penelope.id]["status"] == "completed"
    record = card(qtbot, window, penelope.client_id,
                  lambda rec: rec.last_visit is not None and rec.last_visit.id == penelope.id)
    visits = record.counts.visits
    _activate(qtbot, window)

    # 5. A no-show: Arjun Morales's 11:00 never came (N).
    arjun = visit_of(window, "Arjun Morales")
    window.day_view.select(arjun.id)
    no_shows = card(qtbot, window, arjun.client_id).counts.no_shows
    _activate(qtbot, window)
    window.day_view.select(arjun.id)
    qtbot.keyClick(window.day_view, Qt.Key.Key_N)
    assert in_book(window, arjun.id).status == Status.NO_SHOW
    _close_offer(qtbot, window)
    assert csv_rows(db, tmp_path, TODAY, now())[arjun.id]["status"] == "no_show"
    assert card(qtbot, window, arjun.client_id,
                lambda rec: rec.counts.no_shows == no_shows + 1)
    _activate(qtbot, window)

    # 6. A late cancellation: Carter Zhang calls off his 13:45 (Del, reason, late).
    carter = visit_of(window, "Carter Zhang")
    late_before = card(qtbot, window, carter.client_id).counts.late_cancels
    _activate(qtbot, window)
    window.day_view.select(carter.id)
    answer_reason(window, "called at noon", late=True)
    qtbot.keyClick(window.day_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.door.read(schedule.appointment, carter.id).status
                    == Status.LATE_CANCEL)
    _close_offer(qtbot, window)
    row = csv_rows(db, tmp_path, TODAY, now())[carter.id]
    assert (row["status"], row["client"]) == ("late_cancel", "Carter Zhang")
    assert card(qtbot, window, carter.client_id,
                lambda rec: rec.counts.late_cancels == late_before + 1)
    _activate(qtbot, window)

    # 7. An undo: Ctrl+Z takes the late cancellation back; a booking undone leaves no trace.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.door.read(schedule.appointment, carter.id).status == Status.BOOKED
    assert csv_rows(db, tmp_path, TODAY, now())[carter.id]["status"] == "booked"
    find = find_time(qtbot, window, "swe")
    _alt(qtbot, Qt.Key.Key_W)  # no name: booked for nobody, to be named later
    qtbot.waitUntil(lambda: not find.isVisible())
    nameless = find.result
    assert nameless.client_id is None
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.door.read(schedule.appointment, nameless.id) is None
    window.book.show_day(clock.to_local(nameless.start, window.book.tz).date())
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # cancelled visits shown too
    assert window.act_cancelled.isChecked()
    assert in_book(window, nameless.id) is None
    day = clock.to_local(nameless.start, window.book.tz).date()
    assert nameless.id not in csv_rows(db, tmp_path, day, now())
    # What the morning left: the completed visit counted on Penelope's card.
    assert card(qtbot, window, penelope.client_id).counts.visits == visits


def _close_offer(qtbot, window) -> None:
    """A freed slot may be offered to the waitlist: the receptionist closes the offer."""
    qtbot.wait(50)
    offer = window.desk.matches_dialog
    if offer is not None and offer.isVisible():
        offer.reject()
    _activate(qtbot, window)
