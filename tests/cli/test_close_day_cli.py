"""``frontdesk close-day`` through ``main``: the sheet written, the close recorded once, and
bad input answered in one line with its exit code."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database


def _closes(url: str) -> int:
    db = open_database(url)
    try:
        with db.read() as s:
            return s.scalar(select(func.count()).select_from(m.DayClose))
    finally:
        db.close()


def test_a_preview_goes_to_standard_output_and_closes_nothing(cli, standard_db):
    result = cli("close-day", "--preview", "--date", "2026-10-01", "-o", "-", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert set(rows[0]) == {"day", "section", "item", "count", "amount", "detail"}
    assert rows[0]["day"] == "2026-10-01"
    assert rows[0]["detail"] == "Not closed yet"
    assert _closes(standard_db.url) == 0


def test_closing_writes_the_sheet_and_once_only(cli, standard_db, tmp_path):
    out = tmp_path / "close.csv"
    first = cli("close-day", "--date", "2026-10-01", "-o", out)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Thu 1 Oct 2026: closed; money in $0.00")
    again = cli("close-day", "--date", "2026-10-01", "-o", out)
    assert "closed already; nothing written since" in again.stdout
    assert _closes(standard_db.url) == 1


def test_bad_input_is_one_line(cli, standard_db, tmp_path):
    cli("close-day", "--date", "2026-10-05", "-o", tmp_path / "x.csv") \
        .assert_one_line_error(2)
    cli("close-day", "-o", tmp_path / "x.txt").assert_one_line_error(2)
    cli("close-day", "--preview", "-o", "-", "--format", "pdf").assert_one_line_error(2)
    assert cli("close-day", "--preview", "-o", "-").stdout.startswith("day,section,")
    assert not list(tmp_path.glob("x.*"))
