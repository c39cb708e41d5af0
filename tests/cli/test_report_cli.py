"""``frontdesk report``: the figures read back from the CSV (csv module), the PDF (pdftotext)
and the PNG (QImage); one-line errors with their exit codes; managers only.

The book is the test clinic with the week of tests/services/test_reports.py written in, so
the figures here are the ones worked out by hand there.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.domain.access import Role, Staff
from frontdesk.services import accounts
from tests.helpers import ClinicBuilder
from tests.services.test_reports import add

WEEK = ["--from", "2026-10-05", "--to", "2026-10-11"]


@pytest.fixture
def book(standard_db):
    db = open_database(standard_db.url)
    try:
        clinic = ClinicBuilder(db, dict(standard_db.ids))
        for row in [("2026-10-05 10:00", 60, "Ana", "Cedar", "José Núñez", "completed"),
                    ("2026-10-05 14:00", 90, "Ben", "Willow", "Zoë Brontë", "completed"),
                    ("2026-10-06 10:00", 60, "Ana", "Cedar", "李小龍", "no_show"),
                    ("2026-10-07 10:00", 30, "Ana", "Willow", "José Núñez", "late_cancel"),
                    ("2026-10-09 15:00", 60, "Ben", "Willow", "Zoë Brontë", "completed")]:
            add(db, clinic, *row)
    finally:
        db.close()
    return standard_db


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_on_standard_output_reads_back(cli, book):
    done = cli("report", "utilisation", *WEEK)
    assert done.returncode == 0, done
    rows = {r["name"]: r for r in rows_of(done.stdout)}
    assert rows["Ana"] == {"kind": "therapist", "name": "Ana", "booked_minutes": "60",
                           "working_minutes": str(7 * 450),
                           "utilisation_percent": str(round(60 / 3150 * 100, 1))}
    assert rows["Willow"]["booked_minutes"] == "150"
    assert set(rows) == {"Ana", "Ben", "Cedar", "Willow"}


def test_csv_file_with_a_byte_order_mark_reads_back(cli, book, tmp_path):
    target = tmp_path / "weeks.csv"
    done = cli("report", "no-shows", *WEEK, "-o", target)
    assert done.returncode == 0, done
    assert "wrote" in done.stdout and "1 row" in done.stdout
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows == [{"week": "2026-10-05", "due": "5", "no_shows": "1",
                     "no_show_percent": "20.0", "late_cancels": "1",
                     "late_cancel_percent": "20.0"}]


def test_json_by_week(cli, book):
    done = cli("report", "new-returning", *WEEK, "--period", "week", "--json")
    assert done.json == [{"period": "2026-10-05", "new": 2, "returning": 0, "clients": 2}]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_pdf_holds_the_title_and_the_figures(cli, book, tmp_path):
    target = tmp_path / "hours.pdf"
    done = cli("report", "busiest-hours", *WEEK, "-o", target)
    assert done.returncode == 0, done
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Busiest hours" in text and "Test Clinic" in text
    assert "05 Oct 2026 to 11 Oct 2026" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # The table's rows: Monday 10:00 and 14:00, Friday 15:00, one visit each.
    assert "Monday 10:00 1" in lines and "Monday 14:00 1" in lines
    assert "Friday 15:00 1" in lines
    assert not any(line.startswith("Tuesday 10:00") for line in lines)  # the no-show


def test_png_is_a_chart_image(cli, book, tmp_path):
    from PySide6.QtGui import QImage

    target = tmp_path / "util.png"
    done = cli("report", "utilisation", *WEEK, "--format", "png", "-o", target)
    assert done.returncode == 0, done
    picture = QImage(str(target))
    assert not picture.isNull()
    assert (picture.width(), picture.height()) == (1600, 1000)
    colours = {picture.pixel(x, y) for x in range(0, 1600, 25) for y in range(0, 1000, 25)}
    assert len(colours) > 3  # bars and text, not a blank page


@pytest.mark.parametrize(("args", "says"), [
    (["utilisation", "--from", "2026-10-05", "--to", "2026-10-01"], "ends"),
    (["utilisation", "--from", "5 Oct", "--to", "2026-10-11"], "from"),
    (["revenue", "--from", "2016-01-01", "--to", "2026-10-11"], "at most"),
    (["busiest-hours", *WEEK, "-o", "-", "--format", "pdf"], "standard output"),
    (["busiest-hours", *WEEK, "-o", "heat.gif"], "--format"),
    (["sales", *WEEK], "invalid choice"),
])
def test_bad_input_exits_2_in_one_line(cli, book, args, says):
    assert says in cli("report", *args).assert_one_line_error(2)


def test_a_desk_may_not_read_reports_a_manager_may(cli, book):
    db = open_database(book.url)
    try:
        accounts.add(db, "Maria", Role.MANAGER, "manager-pw-1")
        db.staff = Staff("Maria", Role.MANAGER)
        accounts.add(db, "Dana", Role.DESK, "desk-pw-12")
    finally:
        db.close()
    desk = cli("report", "utilisation", *WEEK,
               env={"FRONTDESK_USER": "Dana", "FRONTDESK_PASSWORD": "desk-pw-12"})
    assert "may not read the clinic's reports" in desk.assert_one_line_error(4)
    manager = cli("report", "utilisation", *WEEK,
                  env={"FRONTDESK_USER": "Maria", "FRONTDESK_PASSWORD": "manager-pw-1"})
    assert manager.returncode == 0 and rows_of(manager.stdout)
