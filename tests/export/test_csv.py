"""CSV read back with Python's csv reader and compared with the book, on both DST days."""

from __future__ import annotations

import csv
import io

from frontdesk.db import models as m
from frontdesk.export import csv_sheet, writer
from frontdesk.services import schedule
from frontdesk.services.booking import Bookings
from tests.export.conftest import FALL_BACK, SPRING_FORWARD
from tests.helpers import NOW


def _read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_appointment_reads_back_as_the_book_has_it(dst_book, tmp_path):
    path = tmp_path / "days.csv"
    for first in (FALL_BACK, SPRING_FORWARD):
        sheet = dst_book.sheet(first)
        assert writer.write(sheet, "csv", path) == len(sheet.visits) > 0
        rows = _read(path)
        assert [int(r["id"]) for r in rows] == [v.appt.id for v in sheet.visits]
        with dst_book.db.read() as session:
            for r in rows:
                a = schedule.appointment(session, int(r["id"]))
                start, end = sheet.local(a.start), sheet.local(a.end)
                assert (r["date"], r["start"], r["end"]) == (
                    start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}")
                assert (r["therapist"], r["room"], r["client"], r["service"], r["status"],
                        r["notes"]) == (a.therapist, a.room, a.client, a.service,
                                        a.status.value, a.notes)
                assert int(r["minutes"]) * 60 == (a.end - a.start).total_seconds()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the mark Excel needs
    assert b"\r\n" in path.read_bytes()
    assert list(_read(path)[0]) == list(csv_sheet.COLUMNS)


def test_the_two_half_past_ones_of_the_fall_back_night_differ_by_their_offset(dst_book,
                                                                                tmp_path):
    path = tmp_path / "fall.csv"
    writer.write(dst_book.sheet(FALL_BACK), "csv", path)
    rows = {int(r["id"]): r for r in _read(path)}
    edt, est = rows[dst_book.ids["night_edt"]], rows[dst_book.ids["night_est"]]
    assert edt["start"] == est["start"] == "01:30"
    assert (edt["start_iso"], est["start_iso"]) == ("2026-11-01T01:30-04:00",
                                                    "2026-11-01T01:30-05:00")
    assert edt["end"] == "01:00" and edt["minutes"] == "30"  # 01:30 EDT + 30 min = 01:00 EST


def test_names_phones_alerts_and_contraindications_survive(dst_book, tmp_path):
    path = tmp_path / "fall.csv"
    writer.write(dst_book.sheet(FALL_BACK), "csv", path)
    rows = {int(r["id"]): r for r in _read(path)}
    jose = rows[dst_book.ids["fall_jose"]]
    assert jose["client"] == "José Núñez" and jose["phone"] == "+1 212-555-0101"
    assert jose["alert"] == "Hard of hearing: call, don't text"
    assert jose["contraindications"] == "anticoagulants (warfarin)"
    assert rows[dst_book.ids["fall_li"]]["client"] == "李小龍"
    assert rows[dst_book.ids["fall_zoe"]]["client"] == "Zoë Brontë"


def test_a_private_copy_leaves_out_phones_notes_alerts_and_contraindications(dst_book,
                                                                            tmp_path):
    path = tmp_path / "private.csv"
    writer.write(dst_book.sheet(FALL_BACK, private=True), "csv", path)
    rows = _read(path)
    assert {r["client"] for r in rows} >= {"José Núñez", "Zoë Brontë", "李小龍"}
    for column in ("phone", "notes", "alert", "contraindications"):
        assert {r[column] for r in rows} == {""}, column
    text = path.read_text(encoding="utf-8-sig")
    assert "warfarin" not in text and "555" not in text and "shoulder" not in text


def test_cancelled_visits_are_listed_with_their_status(dst_book, db, tmp_path):
    Bookings(db, "tester", lambda: NOW).cancel(dst_book.ids["fall_zoe"], "flu")
    path = tmp_path / "fall.csv"
    writer.write(dst_book.sheet(FALL_BACK), "csv", path)
    rows = {int(r["id"]): r for r in _read(path)}
    assert rows[dst_book.ids["fall_zoe"]]["status"] == "cancelled"


def test_formula_like_cells_are_guarded_but_phones_and_numbers_are_not():
    assert csv_sheet.guard("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_sheet.guard("@SUM(A1)") == "'@SUM(A1)"
    assert csv_sheet.guard("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert csv_sheet.guard("-2+3") == "'-2+3"  # Excel would compute this
    assert csv_sheet.guard("-20") == "-20"
    assert csv_sheet.guard("+44 20 7946 0958") == "+44 20 7946 0958"
    assert csv_sheet.guard("José") == "José"
    for text in ("=1+1", "@x", "+x", "-x", "plain", "+1 917-555-0102"):
        assert csv_sheet.unguard(csv_sheet.guard(text)) == text


def test_a_note_that_looks_like_a_formula_is_exported_guarded(dst_book, db, tmp_path):
    with db.write() as s:
        s.get(m.Appointment, dst_book.ids["fall_li"]).notes = "=1+1"
    path = tmp_path / "fall.csv"
    writer.write(dst_book.sheet(FALL_BACK), "csv", path)
    row = {int(r["id"]): r for r in _read(path)}[dst_book.ids["fall_li"]]
    assert row["notes"] == "'=1+1" and csv_sheet.unguard(row["notes"]) == "=1+1"


def test_standard_output_gets_no_byte_order_mark(dst_book, capsys):
    writer.write(dst_book.sheet(FALL_BACK), "csv", "-")
    out = capsys.readouterr().out
    assert out.startswith("id,date,start,end")
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(dst_book.sheet(FALL_BACK).visits)
