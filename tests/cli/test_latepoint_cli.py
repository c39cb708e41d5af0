"""``frontdesk import latepoint``: its exit codes and what it says (standard test clinic,
FRONTDESK_NOW 2026-10-01 12:00 UTC = 08:00 in New York)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.latepoint_files import web_row, write_export

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "latepoint" / "sample-export.csv"


def test_every_row_taken_exits_0_and_again_adds_nothing(cli, standard_db, tmp_path):
    path = write_export(tmp_path / "e.csv", [web_row("1", "Today, 02:30pm"),
                                             web_row("2", "Oct 2, 2026, 10:00")])
    first = cli("import", "latepoint", path, "--exported-on", "2026-10-01", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["counts"]["booked"] == 2
    again = cli("import", "latepoint", path, "--exported-on", "2026-10-01", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["counts"]["unchanged"] == 2
    listed = cli("list", "appointments", "--date", "2026-10-01", "--days", "2", "--json")
    assert len(listed.json) == 2


def test_a_refused_row_exits_3_naming_its_row_and_reason(cli, standard_db, tmp_path):
    booked = cli("book", "--client", "zoe", "--service", "Swedish 60", "--start",
                 "2026-10-02 10:00", "--therapist", "Ana", "--room", "Cedar")
    assert booked.returncode == 0, booked.stderr
    path = write_export(tmp_path / "e.csv", [web_row("1", "October 2, 10:30am"),
                                             web_row("2", "October 2, 02:00pm")])
    result = cli("import", "latepoint", path, "--exported-on", "2026-10-01")
    assert result.returncode == 3
    assert "row 2 (LatePoint #1, 2026-10-02 10:30): refused: Ana is busy" in result.stdout
    assert "1 booked" in result.stdout and "1 refused" in result.stdout


def test_not_an_export_an_unreadable_date_or_an_unknown_name_exit_2(cli, standard_db,
                                                                     tmp_path):
    other = tmp_path / "notes.csv"
    other.write_text("Name,Phone\nAna,555\n")
    result = cli("import", "latepoint", other, "--exported-on", "2026-10-01")
    assert result.returncode == 2 and "not a LatePoint bookings export" in result.stderr
    bad = write_export(tmp_path / "bad.csv", [web_row("1", "someday soon")])
    result = cli("import", "latepoint", bad, "--exported-on", "2026-10-01")
    assert result.returncode == 2
    assert "row 2: cannot read the date 'someday soon'" in result.stderr
    unknown = write_export(tmp_path / "u.csv", [web_row("1", "Today, 02:30pm", "Relax 60")])
    result = cli("import", "latepoint", unknown, "--exported-on", "2026-10-01")
    assert result.returncode == 2 and '--map-service "Relax 60=OUR NAME"' in result.stderr
    result = cli("import", "latepoint", unknown, "--exported-on", "2026-10-01",
                 "--map-service", "Relax 60=Swedish 60")
    assert result.returncode == 0, result.stderr
    # Remembered: the next import needs no mapping.
    later = write_export(tmp_path / "l.csv", [web_row("2", "Today, 04:00pm", "Relax 60")])
    assert cli("import", "latepoint", later, "--exported-on", "2026-10-01").returncode == 0


def test_without_the_export_day_the_files_date_is_used_and_said(cli, standard_db, tmp_path):
    path = write_export(tmp_path / "e.csv", [web_row("1", "Oct 3, 2026, 10:00am")])
    result = cli("import", "latepoint", path)
    assert result.returncode == 0, result.stderr
    assert "say --exported-on otherwise" in result.stderr


def test_the_sample_export_reads_every_date_form(cli, standard_db):
    from datetime import date

    from frontdesk.services.latepoint_file import read_export

    rows = read_export(SAMPLE, date(2026, 11, 30))
    assert len(rows) == 9 and len({r.start for r in rows}) == 9
    assert any(not r.customer.isascii() for r in rows)


def test_ctrl_c_during_the_import_says_nothing_was_imported_exit_130(cli, standard_db,
                                                                      tmp_path, monkeypatch):
    from frontdesk.services import latepoint

    real = latepoint._write_link

    def interrupted(session, link, row, *args, **kw):
        if row.web_id == "3":
            raise KeyboardInterrupt
        return real(session, link, row, *args, **kw)

    monkeypatch.setattr(latepoint, "_write_link", interrupted)
    path = write_export(tmp_path / "e.csv", [web_row(str(i), f"Oct {2 + i}, 2026, 10:00")
                                             for i in range(1, 5)])
    result = cli("import", "latepoint", path, "--exported-on", "2026-10-01")
    assert result.returncode == 130
    assert "stopped: nothing was imported" in result.stderr and "Traceback" not in result.stderr
    listed = cli("list", "appointments", "--date", "2026-10-01", "--days", "9", "--json")
    assert listed.json == []
    monkeypatch.setattr(latepoint, "_write_link", real)
    assert cli("import", "latepoint", path, "--exported-on", "2026-10-01").returncode == 0
    listed = cli("list", "appointments", "--date", "2026-10-01", "--days", "9", "--json")
    assert len(listed.json) == 4
