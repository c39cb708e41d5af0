"""The schedule leaving the book through the real window: File > Export… to a file read back,
a long export cancelled, a refused file name, the print preview, and the therapists'
calendars published after a change, off the GUI thread (real SQLite file)."""

from __future__ import annotations

import csv
import threading
from types import SimpleNamespace

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QPushButton

from frontdesk.export import ics
from frontdesk.ui.core.settings import DeskPreferences
from frontdesk.ui.printing import controller as printing_controller

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _choose(box, data) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


def _export_dialog(qtbot, window):
    dialog = window.printing.open_export()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _uids(path) -> set[str]:
    return {str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


# -- export --------------------------------------------------------------------------------


def test_anas_day_exported_as_csv_reads_back_as_the_book(qtbot, window, clinic, book,
                                                          tmp_path):
    mine = book("2026-10-05 10:00", "Swedish 60", therapist="Ana", notes="left shoulder")
    book("2026-10-05 11:00", "Deep Tissue 60", therapist="Ben", room="Willow",
         client="Zoë Brontë")
    dialog = _export_dialog(qtbot, window)
    _choose(dialog.whose, f"therapist:{clinic['Ana']}")
    _choose(dialog.span, "day")
    _choose(dialog.format, "csv")
    assert dialog.file.text().endswith("2026-10-05 Ana.csv")  # suggested, suffix followed
    assert not dialog.paper.isEnabled() and not dialog.layout_choice.isEnabled()
    target = tmp_path / "ana.csv"
    dialog.file.setText(str(target))
    dialog.ok.click()

    assert not dialog.isVisible()
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["id"], r["date"], r["start"], r["end"], r["therapist"], r["room"],
             r["client"], r["service"], r["notes"]) for r in rows] == [
        (str(mine.id), "2026-10-05", "10:00", "11:00", "Ana", "Cedar", "José Núñez",
         "Swedish 60", "left shoulder")]
    assert window.statusBar().currentMessage() == f"Exported 1 appointment to {target}"
    assert window.printing.open_exported.isVisible()  # "Open" beside the message

    again = _export_dialog(qtbot, window)  # the choices are remembered
    assert (again.whose.currentData(), again.format.currentData()) == (
        f"therapist:{clinic['Ana']}", "csv")
    assert again.file.text() == str(tmp_path / "2026-10-05 Ana.csv")
    again.reject()


@pytest.mark.parametrize("fmt", ["ics", "pdf"])
def test_a_month_export_cancelled_after_the_first_day_writes_nothing(
        qtbot, window, book, tmp_path, monkeypatch, fmt):
    book("2026-10-05 10:00")
    monkeypatch.setattr(printing_controller, "PROGRESS_DELAY_MS", 0)
    out = tmp_path / "out"
    out.mkdir()
    dialog = _export_dialog(qtbot, window)
    _choose(dialog.whose, "clinic")
    _choose(dialog.span, "month")
    _choose(dialog.format, fmt)
    dialog.file.setText(str(out / f"october.{fmt}"))
    seen = []

    def press_cancel():  # runs while the modal progress dialog lets events through
        box = window.printing.export_progress
        if box is not None and box.isVisible() and box.value() >= 1 and not seen:
            seen.append((box.value(), box.maximum(), box.labelText()))
            box.findChild(QPushButton).click()
    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(0)
    try:
        dialog.ok.click()
    finally:
        timer.stop()

    [(value, total, label)] = seen
    assert total == 31 and value < 31
    assert label == f"Exporting day {value + 1} of 31…"
    assert list(out.iterdir()) == []  # no file, no half-written temporary either
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."
    assert not dialog.isVisible()


def test_the_progress_callback_says_stop_once_cancel_is_pressed(window):
    box, step = window.printing._progress(31)
    assert step(1, 31) is True
    box.cancel()
    assert step(2, 31) is False
    box.close()


def test_a_file_in_a_folder_that_is_not_there_is_refused_at_the_field(qtbot, window,
                                                                      tmp_path):
    dialog = _export_dialog(qtbot, window)
    _choose(dialog.format, "csv")
    dialog.file.setText(str(tmp_path / "missing" / "monday.csv"))
    dialog.ok.click()

    assert dialog.isVisible()
    reason = dialog.errors.text("output")
    assert reason == f"No folder {tmp_path / 'missing'} to write monday.csv in."
    assert dialog.file.property("invalid") is True
    assert not (tmp_path / "missing").exists()
    dialog.file.clear()
    dialog.ok.click()
    assert dialog.errors.text("output") == "Give the file to export to (or choose one)."
    assert dialog.isVisible()
    dialog.reject()


def test_a_name_without_suffix_gets_the_formats(qtbot, window, tmp_path):
    dialog = _export_dialog(qtbot, window)
    _choose(dialog.format, "html")
    assert dialog.paper.isEnabled() and dialog.paper.currentData() == "Letter"  # US clinic
    dialog.file.setText(str(tmp_path / "monday"))
    dialog.ok.click()
    assert (tmp_path / "monday.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- printing ------------------------------------------------------------------------------


def test_print_preview_shows_the_day_on_the_clinics_paper(qtbot, window, book, monkeypatch):
    book("2026-10-05 10:00")
    printed = []
    real = printing_controller.PrintingController._paint

    def spy(self, sheet, device):
        printed.append((sheet.scope, [d.day.isoformat() for d in sheet.days]))
        real(self, sheet, device)
    monkeypatch.setattr(printing_controller.PrintingController, "_paint", spy)
    dialog = window.printing.print_schedule()
    qtbot.waitUntil(dialog.isVisible)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() >= 1)
    assert printed[0] == ("clinic", ["2026-10-05"])
    size = window.printing.print_printer.pageLayout().pageSize().id()
    assert size == QPageSize.PageSizeId.Letter
    dialog.close()


def test_print_preview_of_a_week_is_the_chosen_therapists(qtbot, window, clinic,
                                                          monkeypatch):
    DeskPreferences(window.state).paper = "A4"  # this desk's printer has A4
    printed = []
    monkeypatch.setattr(printing_controller.PrintingController, "_paint",
                        lambda self, sheet, device: printed.append(sheet))
    window.book.set_view("week")
    window.target.setCurrentIndex(window.target.findData(f"therapist:{clinic['Ben']}"))
    window.book.reload()
    dialog = window.printing.print_schedule()
    qtbot.waitUntil(lambda: bool(printed))
    sheet = printed[0]
    assert (sheet.scope, sheet.name, len(sheet.days), sheet.days[0].day.isoformat()) == (
        "therapist", "Ben", 7, "2026-10-05")
    assert window.printing.print_printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    dialog.close()


def test_ctrl_p_and_ctrl_shift_e_reach_their_actions(qtbot, window):
    assert window.printing.act_print.shortcut().toString() == "Ctrl+P"
    assert window.printing.act_export.shortcut().toString() == "Ctrl+Shift+E"
    assert {window.printing.act_print, window.printing.act_export} <= set(window.actions())
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.printing.export_dialog is not None
                    and window.printing.export_dialog.isVisible())
    window.printing.export_dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: window.printing.print_dialog is not None
                    and window.printing.print_dialog.isVisible())
    window.printing.print_dialog.close()


# -- publishing ----------------------------------------------------------------------------


def test_calendars_are_published_after_a_change_off_the_gui_thread(
        qtbot, window, book, tmp_path, monkeypatch):
    threads, asked = [], []
    from frontdesk.export import publish as publishing

    real = publishing.publish

    def spy(*args, **kw):
        threads.append(threading.current_thread() is threading.main_thread())
        asked.append(kw.get("therapist_ids"))
        return real(*args, **kw)
    monkeypatch.setattr(publishing, "publish", spy)  # looked up when publishing starts
    monkeypatch.setattr(printing_controller, "PUBLISH_DELAY_MS", 100)
    folder = tmp_path / "calendars"
    folder.mkdir()

    dialog = window.printing.open_publish()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.on.setChecked(True)
    dialog.folder_edit.setText(str(tmp_path / "nowhere"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "nowhere" in dialog.errors.text("folder")
    dialog.folder_edit.setText(str(folder))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert DeskPreferences(window.state).publish_folder == str(folder)

    qtbot.waitUntil(lambda: (folder / "ana.ics").exists())  # at once
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == f"Published 2 calendars to {folder}")
    visit = book("2026-10-05 10:00")  # as another desk would
    uid = ics.uid(SimpleNamespace(calendar_id=window.door.catalog.clinic.calendar_id), visit.id)
    qtbot.waitUntil(lambda: uid in _uids(folder / "ana.ics"), timeout=10000)
    assert uid not in _uids(folder / "ben.ics")
    assert threads and not any(threads)  # every run was in a worker thread
    # Everyone's calendar at first; after the booking, only Ana's was made again.
    assert asked[0] is None and asked[-1] == {window.door.catalog.therapist("Ana").id}


def test_a_publishing_failure_is_a_status_message(qtbot, window, tmp_path):
    folder = tmp_path / "calendars"
    folder.mkdir()
    window.printing.set_publishing(folder)
    # The message comes once the whole run has ended (the first file is written while the
    # others are not yet); nothing starts another run meanwhile (no change, no timer).
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == f"Published 2 calendars to {folder}")
    assert sorted(f.name for f in folder.iterdir()) == ["ana.ics", "ben.ics"]
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()  # the shared drive went away
    window.printing.publish_now()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(
        "Could not publish calendars: no folder"))
    window.printing.set_publishing(None)
    assert DeskPreferences(window.state).publish_folder == ""
