"""The confirmation-call list offscreen, over a real database and the real booking engine.

The clock stands at Thu 2026-10-01 12:00 UTC, so "tomorrow" is Fri 2026-10-02 in New York.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.errors import Refused
from frontdesk.domain.status import Status
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk import calls_dialog
from frontdesk.ui.desk.calls_dialog import CLIENT, PHONE, TICK, TIME, CallsDialog
from tests.helpers import NOW
from tests.ui.conftest import shown_active

TOMORROW = "2026-10-02"


@pytest.fixture
def day_of_calls(book, bookings):
    """Tomorrow: José at 10:00 (booked), Zoë at 11:00 (confirmed), José at 14:00 cancelled."""
    first = book(f"{TOMORROW} 10:00", client="José Núñez")
    second = book(f"{TOMORROW} 11:00", therapist="Ben", room="Willow", client="Zoë Brontë")
    bookings.set_status(second.id, Status.CONFIRMED)
    gone = book(f"{TOMORROW} 14:00", client="José Núñez")
    bookings.cancel(gone.id, "Client is unwell")
    return first, second, gone


@pytest.fixture
def calls(qtbot, db, bookings):
    def make(**kw) -> CallsDialog:
        dialog = CallsDialog(Door(db, actor="tester", now=lambda: NOW), **kw)
        return shown_active(qtbot, dialog)
    return make


def status_of(db, appointment_id: int) -> str:
    with db.read() as s:
        return s.scalar(select(m.Appointment.status).where(m.Appointment.id == appointment_id))


def pdf_text(path) -> str:
    """The PDF's words, single-spaced (Qt writes tabs between words and "fi" ligatures)."""
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def rows(dialog: CallsDialog) -> list[tuple[str, str, str, bool]]:
    out = []
    for i in range(dialog.table.topLevelItemCount()):
        item = dialog.table.topLevelItem(i)
        out.append((item.text(TIME), item.text(CLIENT), item.text(PHONE),
                    item.checkState(TICK) == Qt.CheckState.Checked))
    return out


def test_tomorrow_lists_the_booked_and_confirmed_visits_but_not_the_cancelled(
        calls, day_of_calls):
    dialog = calls()
    assert dialog.day == date(2026, 10, 2)
    assert rows(dialog) == [("10:00", "José Núñez", "+1 212-555-0101", False),
                            ("11:00", "Zoë Brontë", "+1 917-555-0102", True)]
    assert dialog.summary.text() == "2 to call, 1 confirmed"
    assert "Friday 2 October 2026" in dialog.heading.text()


def test_space_confirms_the_current_call_and_again_puts_it_back_to_booked(
        qtbot, db, calls, day_of_calls):
    first = day_of_calls[0]
    dialog = calls()
    assert dialog.table.currentItem() is dialog.table.topLevelItem(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert status_of(db, first.id) == "confirmed"
    qtbot.waitUntil(lambda: dialog.summary.text() == "2 to call, 2 confirmed")
    assert rows(dialog)[0][3] is True
    assert dialog.table.currentItem() is dialog.table.topLevelItem(0)  # still on José

    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert status_of(db, first.id) == "booked"
    qtbot.waitUntil(lambda: dialog.summary.text() == "2 to call, 1 confirmed")


def test_down_then_space_unticks_the_second_call(qtbot, db, calls, day_of_calls):
    second = day_of_calls[1]
    dialog = calls()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert status_of(db, second.id) == "booked"
    qtbot.waitUntil(lambda: dialog.summary.text() == "2 to call, 0 confirmed")


def test_a_refusal_is_shown_and_the_tick_put_back(qtbot, db, calls, day_of_calls):
    def refuse(_i, _s):
        raise Refused("the appointment changed at another desk")
    dialog = calls(set_status=refuse)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert "another desk" in dialog.status.text() and dialog.status.isVisible()
    qtbot.waitUntil(lambda: rows(dialog)[0][3] is False)
    assert status_of(db, day_of_calls[0].id) == "booked"


def test_another_day_is_chosen_with_the_day_buttons(qtbot, calls, book):
    book("2026-10-03 09:00", client="Zoë Brontë")
    dialog = calls()
    assert dialog.summary.text() == "No calls to make for Friday 2 October 2026"
    assert not dialog.pdf_button.isEnabled()
    qtbot.mouseClick(dialog.next_day, Qt.MouseButton.LeftButton)
    assert dialog.day == date(2026, 10, 3)
    assert dialog.date_edit.date().toString("yyyy-MM-dd") == "2026-10-03"
    assert rows(dialog) == [("09:00", "Zoë Brontë", "+1 917-555-0102", False)]
    qtbot.mouseClick(dialog.prev_day, Qt.MouseButton.LeftButton)
    assert dialog.day == date(2026, 10, 2) and rows(dialog) == []


def test_a_day_can_be_given(calls, book):
    book("2026-10-03 09:00", client="Zoë Brontë")
    assert calls(day=date(2026, 10, 3)).summary.text() == "1 to call, 0 confirmed"


def test_the_call_sheet_is_saved_as_a_pdf_with_names_and_phones(tmp_path, calls,
                                                                 day_of_calls):
    dialog = calls()
    flat = pdf_text(dialog.save_pdf(tmp_path / "calls.pdf"))
    for expected in ("José Núñez", "Zoë Brontë", "+1 212-555-0101", "+1 917-555-0102",
                     "2 to call, 1 confirmed", "Test Clinic"):
        assert expected in flat


def test_save_as_pdf_asks_for_a_file_and_adds_the_extension(tmp_path, monkeypatch, calls,
                                                           day_of_calls):
    asked = []

    def ask(parent, title, name, filters):
        asked.append(name)
        return str(tmp_path / "friday"), filters
    monkeypatch.setattr(calls_dialog.QFileDialog, "getSaveFileName", ask)
    dialog = calls()
    dialog.pdf_button.click()
    assert asked == ["calls-2026-10-02.pdf"]
    assert (tmp_path / "friday.pdf").stat().st_size > 0
    assert "friday.pdf" in dialog.status.text()


def test_print_sends_the_sheet_to_the_chosen_printer(tmp_path, monkeypatch, calls,
                                                     day_of_calls):
    class ChosenPrinter:  # stands in for the modal print dialog: the user picks "PDF"
        def __init__(self, printer, parent):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(tmp_path / "printed.pdf"))

        def setWindowTitle(self, title):
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted
    monkeypatch.setattr(calls_dialog, "QPrintDialog", ChosenPrinter)
    dialog = calls()
    dialog.print_button.click()
    assert "Zoë Brontë" in pdf_text(tmp_path / "printed.pdf")
    assert "Sent to the printer" in dialog.status.text()
