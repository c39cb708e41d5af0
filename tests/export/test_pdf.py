"""The PDF day sheet, read back as a reader sees it (pdftotext or pypdf) and compared with
the sheet gathered from the database: names, times, notes and alerts as text, the privacy of
a private copy, pages, paper and orientation, and the grid's real-minute hours."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPageLayout, QPageSize, QPdfWriter

from frontdesk.domain.status import Status
from frontdesk.export import base, pdf, pdf_grid
from frontdesk.export.base import Cancelled
from tests.export.conftest import FALL_BACK, SPRING_FORWARD, Book, pdf_text

CJK = "李小龍"


@pytest.fixture(autouse=True)
def _gui(qapp):
    """Every test paints: the application pytest-qt makes (pdf.ensure_gui keeps it)."""


def pages(path) -> list[str]:
    """Each page's text: pdftotext's pages are split by form feeds; pypdf reads them one
    by one."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
        return out.split("\f")[:-1]
    return [p.extract_text() for p in PdfReader(path).pages]


def sizes(path) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


def has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.TraditionalChinese)
                or QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def names(sheet) -> set[str]:
    return {v.appt.client for d in sheet.days for v in d.active}


def test_a_therapists_day_holds_every_visit_its_notes_and_alerts(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"])
    path = tmp_path / "ana.pdf"
    assert pdf.write(sheet, path) == 1
    text = pdf_text(path)
    visits = sheet.days[0].active
    assert len(visits) == 5
    for name in names(sheet) - {CJK}:
        assert name in text
    for visit in visits:
        cells = base.cells(sheet, visit)
        assert cells["Time"] in text
        if cells["Notes"]:
            assert cells["Notes"] in text
    # 01:30 before and 01:30 after the clocks go back: two visits, both printed.
    night = [v for v in visits if f"{sheet.local(v.appt.start):%H:%M}" == "01:30"]
    assert len({v.appt.id for v in night}) == 2
    assert text.count("01:30") >= 2
    assert "10:00" in text
    assert "warfarin" in text and "Hard of hearing" in text and "pregnancy" in text
    assert "Focus on the left shoulder" in text
    head = text.split("Time")[0]
    assert "Test Clinic" in head and "Ana" in head and "Sunday 1 November 2026" in head
    assert "Clocks go back 1 h at 02:00" in head
    assert "Page 1 of 1" in text
    assert "Printed 1 Oct 2026, 08:00 EDT" in text      # NOW in the clinic's zone
    assert "private copy" not in text


def test_a_chinese_name_prints_where_a_font_has_it(dst_book, clinic, tmp_path):
    if not has_cjk_font():
        pytest.skip("no font with Chinese characters on this machine")
    path = tmp_path / "ana.pdf"
    pdf.write(dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"]), path)
    assert pdf_text(path).count(CJK) == 2


def test_a_private_copy_has_names_and_times_but_nothing_private(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"], private=True)
    path = tmp_path / "private.pdf"
    pdf.write(sheet, path)
    text = pdf_text(path)
    for name in names(sheet) - {CJK}:
        assert name in text
    for visit in sheet.days[0].active:
        assert base.cells(sheet, visit)["Time"] in text
    assert text.count("01:30") >= 2
    for secret in ("warfarin", "Hard of hearing", "pregnancy", "Focus on the left shoulder",
                   "Prenatal pillow", "555", "Notes", "Alerts"):
        assert secret not in text
    assert "private copy" in text


def test_the_clinic_on_both_clock_change_days_is_a_landscape_grid_a_page(dst_book, tmp_path):
    fall, spring = dst_book.sheet(FALL_BACK), dst_book.sheet(SPRING_FORWARD)
    sheet = dataclasses.replace(fall, days=fall.days + spring.days)
    path = tmp_path / "clinic.pdf"
    assert pdf.write(sheet, path) == len(sheet.days) == 2
    assert all(w > h for w, h in sizes(path))
    texts = pages(path)
    assert len(texts) == 2
    for day, text in zip(sheet.days, texts, strict=True):
        assert 1 <= len(day.plan.columns) <= pdf.GRID_MAX_COLUMNS
        for column in day.plan.columns:
            assert column.title in text
        for visit in day.active:
            assert f"{sheet.local(visit.appt.start):%H:%M}" in text
        assert "Page" in text and "of 2" in text
    assert "warfarin" in texts[0] and "Sunday 1 November 2026" in texts[0]
    assert "Sunday 14 March 2027" in texts[1]
    axis = [[line.split()[0] for line in t.splitlines() if line.strip()[:1].isdigit()]
            for t in texts]
    assert axis[0].count("01:00") == 2                     # the hour that happens twice
    assert "EDT" in texts[0] and "EST" in texts[0]
    assert "02:00" not in axis[1] and "03:00" in axis[1]   # the hour that never happens


def test_the_grid_measures_real_minutes(dst_book):
    fall = dst_book.sheet(FALL_BACK).days[0].plan
    marks = pdf_grid.hour_marks(fall.columns[0], fall.tz)
    repeated = [m for m, local in marks if f"{local:%H:%M}" == "01:00"]
    assert len(repeated) == 2 and repeated[1] - repeated[0] == 60
    assert [f"{local:%H}" for _m, local in marks].count("02") == 1
    spring = dst_book.sheet(SPRING_FORWARD).days[0].plan
    marks = dict((f"{local:%H:%M}", m) for m, local in
                 pdf_grid.hour_marks(spring.columns[0], spring.tz))
    assert "02:00" not in marks and marks["03:00"] - marks["01:00"] == 60


def test_two_therapists_are_two_columns_with_their_own_visits(book, db, clinic, tmp_path):
    book("2026-11-02 10:00", therapist="Ana", client="José Núñez")
    book("2026-11-02 10:00", therapist="Ben", room="Willow", client="Zoë Brontë")
    sheet = Book(db, clinic, {}).sheet(date(2026, 11, 2))
    assert [c.title for c in sheet.days[0].plan.columns] == ["Ana", "Ben"]
    path = tmp_path / "monday.pdf"
    assert pdf.write(sheet, path) == 1
    text = pdf_text(path)
    assert "Ana" in text and "Ben" in text and "Zoë Brontë" in text and "José Núñez" in text
    assert "+1 212-555-0101" in text                       # a front-desk copy: phones


def test_a_listed_clinic_shows_phones_and_statuses(dst_book, bookings, tmp_path):
    bookings.set_status(dst_book.ids["fall_jose"], Status.CONFIRMED)
    sheet = dst_book.sheet(FALL_BACK)
    path = tmp_path / "list.pdf"
    pdf.write(sheet, path, layout="list")
    text = pdf_text(path)
    for column in base.list_columns(sheet):
        assert column.split()[0] in text
    for visit in sheet.days[0].active:
        cells = base.cells(sheet, visit)
        for phone in visit.phones:
            assert phone in text
        assert cells["Status"] in text
    assert "✓ confirmed" in text
    assert "555" in text and "booked" in text


def test_a_week_is_a_page_a_day_at_least_and_reports_each_day(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, 7, therapist_id=clinic["Ana"])
    seen: list[tuple[int, int]] = []
    path = tmp_path / "week.pdf"
    n = pdf.write(sheet, path, progress=lambda done, total: seen.append((done, total)) or True)
    assert n >= 7 and len(PdfReader(path).pages) == n
    assert seen == [(d, 7) for d in range(1, 8)]
    text = pdf_text(path)
    assert f"Page 7 of {n}" in text
    texts = pages(path)
    for i, day in enumerate(sheet.days):   # a day on its own page, with its own date
        assert pdf.long_date(day.day) in texts[i]
    assert "No appointments" in texts[1]   # Monday 2 November: nothing for Ana


def test_stopping_after_the_second_day_raises_cancelled(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, 7, therapist_id=clinic["Ana"])
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 2

    with pytest.raises(Cancelled):
        pdf.write(sheet, tmp_path / "week.pdf", progress=progress)
    assert seen == [1, 2]


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_paper_is_the_one_asked_for_upright(dst_book, clinic, tmp_path, paper, size):
    path = tmp_path / f"{paper}.pdf"
    pdf.write(dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"]), path, paper=paper)
    (w, h), = sizes(path)
    assert w == pytest.approx(size[0], abs=1) and h == pytest.approx(size[1], abs=1)


def test_a_long_list_repeats_its_heading_row_on_the_next_page(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"])
    day = sheet.days[0]
    many = dataclasses.replace(day, visits=day.visits * 20)     # a hundred rows
    sheet = dataclasses.replace(sheet, days=(many,))
    path = tmp_path / "long.pdf"
    n = pdf.write(sheet, path)
    assert n >= 2
    texts = pages(path)
    for page, text in enumerate(texts, 1):
        assert f"Page {page} of {n}" in text
        assert "Sunday 1 November 2026" in text
        heading = next(line for line in text.splitlines() if line.strip().startswith("Time"))
        assert "Client" in heading and "Service" in heading and "Room" in heading
    rows = sum(t.count("Trigger Point 30") for t in texts)
    assert rows == 2 * 20                                    # every row once, none cut
    assert "100 appointments" in texts[-1]


def test_a_note_longer_than_a_page_goes_on_over_the_next(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"])
    day = sheet.days[0]
    words = [f"w{n:04d}" for n in range(900)]            # 5000 characters: the most a note has
    long = dataclasses.replace(day.visits[2], appt=day.visits[2].appt._replace(
        notes=" ".join(words)))
    sheet = dataclasses.replace(sheet, days=(dataclasses.replace(
        day, visits=(*day.visits[:2], long, *day.visits[3:])),))
    path = tmp_path / "long-note.pdf"
    n = pdf.write(sheet, path)
    assert n >= 2
    found = [w for t in pages(path) for line in t.splitlines() for w in line.split()
             if w.startswith("w0")]
    assert found == words                                   # every word once, in order
    assert "Prenatal pillow, please" in pages(path)[-1]     # the rows after it follow


def test_an_empty_day_and_cancelled_visits_are_said_so(dst_book, clinic, tmp_path):
    empty = dst_book.sheet(FALL_BACK + timedelta(days=1), therapist_id=clinic["Ana"])
    path = tmp_path / "empty.pdf"
    assert pdf.write(empty, path) == 1
    assert "No appointments" in pdf_text(path)

    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"])
    day = sheet.days[0]
    first = day.visits[0]
    gone = dataclasses.replace(first, appt=first.appt._replace(status=Status.CANCELLED))
    sheet = dataclasses.replace(sheet, days=(dataclasses.replace(
        day, visits=(gone, *day.visits[1:])),))
    path = tmp_path / "cancelled.pdf"
    pdf.write(sheet, path)
    text = pdf_text(path)
    assert "1 cancelled not shown" in text and "4 appointments" in text
    assert base.cells(sheet, first)["Time"] not in text


def test_the_pdf_says_what_it_is(dst_book, clinic, tmp_path):
    path = tmp_path / "ana.pdf"
    pdf.write(dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"]), path)
    meta = PdfReader(path).metadata
    assert meta.title == "Test Clinic — Ana — Sunday 1 November 2026"
    assert meta.creator == "frontdesk"
    week = dst_book.sheet(FALL_BACK, 7, room_id=clinic["Willow"])
    assert pdf.title(week) == "Test Clinic — Room: Willow — 1 November 2026 – 7 November 2026"


def test_paint_keeps_the_devices_paper_and_turns_each_page_as_its_day_needs(
        dst_book, tmp_path, monkeypatch):
    """What the print dialog's printer gets: a grid day landscape, a listed one upright."""
    monkeypatch.setattr(pdf, "GRID_MAX_COLUMNS", 1)    # Monday's two columns: a list
    sheet = dst_book.sheet(FALL_BACK, 2, private=True)
    assert [len(d.plan.columns) for d in sheet.days] == [1, 2]
    path = tmp_path / "printer.pdf"
    device = QPdfWriter(str(path))
    device.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    assert pdf.paint(sheet, device) == 2
    assert sizes(path) == [(792, 612), (612, 792)]
    assert device.pageLayout().orientation() == QPageLayout.Orientation.Portrait
    assert "Ana" in pages(path)[0] and "No appointments" in pages(path)[1]


def test_a_grid_on_request_and_no_unknown_layout_or_paper(dst_book, clinic, tmp_path):
    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"])
    path = tmp_path / "grid.pdf"
    assert pdf.write(sheet, path, layout="grid") == 1
    (w, h), = sizes(path)
    assert w > h
    with pytest.raises(ValueError, match="layout"):
        pdf.write(sheet, path, layout="poster")
    with pytest.raises(ValueError, match="paper"):
        pdf.write(sheet, path, paper="A3")


def test_ensure_gui_keeps_the_application_there_is():
    app = QGuiApplication.instance()
    pdf.ensure_gui()
    assert QGuiApplication.instance() is app


def test_a_half_hour_box_in_the_grid_keeps_its_room_and_phone(book, db, clinic, tmp_path):
    """A 30-minute visit's box holds two lines at the grid's usual type: the room and the
    phone go on a compact line of their own instead of being cut off."""
    book("2026-11-02 10:00", "Trigger Point 30", therapist="Ana", client="José Núñez")
    book("2026-11-02 11:00", "Trigger Point 30", therapist="Ana", room="Willow",
         client="Zoë Brontë")
    sheet = Book(db, clinic, {}).sheet(date(2026, 11, 2))
    visits = sheet.days[0].active
    assert {v.appt.end - v.appt.start for v in visits} == {timedelta(minutes=30)}
    path = tmp_path / "grid.pdf"
    assert pdf.write(sheet, path, layout="grid") == 1
    text = pdf_text(path)
    for visit in visits:
        assert visit.appt.client in text and visit.appt.service in text
        assert visit.appt.room in text, visit.appt.room
        for phone in visit.phones:
            assert phone in text, phone
    assert {"Cedar", "Willow"} <= {v.appt.room for v in visits}
