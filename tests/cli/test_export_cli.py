"""``frontdesk export`` and ``frontdesk publish`` through ``main`` and in real processes."""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
import subprocess
import sys

import icalendar
import pytest

from tests.cli.conftest import spawn_env


@pytest.fixture
def booked(cli, standard_db):
    """Three visits on the fall-back Sunday, one of them for 李小龍."""
    for client, start, service, room in (("0101", "2026-11-01 10:00", "Deep Tissue 60", "Cedar"),
                                         ("zoe", "2026-11-01 12:30", "Swedish 60", "Cedar"),
                                         ("李", "2026-11-01 14:00", "Hot Stone 90", "Willow")):
        result = cli("book", "--client", client, "--service", service, "--start", start,
                     "--therapist", "Ana", "--room", room, "--acknowledge")
        assert result.returncode == 0, result.stderr
    return standard_db


def test_a_csv_file_reads_back_with_the_booked_visits(cli, booked, tmp_path):
    out = tmp_path / "sunday.csv"
    result = cli("export", "--date", "2026-11-01", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"wrote {out}: 3 appointments, 1 day from 2026-11-01 "
                                     "(Whole clinic)")
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["start"], r["client"], r["room"]) for r in rows] == [
        ("10:00", "José Núñez", "Cedar"), ("12:30", "Zoë Brontë", "Cedar"),
        ("14:00", "李小龍", "Willow")]


def test_icalendar_and_html_go_to_standard_output(cli, booked):
    result = cli("export", "--date", "2026-11-01", "--therapist", "Ana", "--format", "ics",
                 "--private", "-o", "-")
    assert result.returncode == 0, result.stderr
    events = icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Deep Tissue 60", "Hot Stone 90",
                                                         "Swedish 60"]
    page = cli("export", "--date", "2026-11-01", "--room", "Willow", "--format", "html",
               "-o", "-")
    assert page.returncode == 0 and "李小龍" in page.stdout and "Room: Willow" in page.stdout
    assert "José" not in page.stdout  # only the room's visits
    text = cli("export", "--date", "2026-11-01", "--format", "csv", "-o", "-")
    assert len(list(csv.DictReader(io.StringIO(text.stdout)))) == 3


@pytest.mark.parametrize(("args", "says"), [
    (["--format", "pdf", "-o", "-"], "cannot go to standard output"),
    (["-o", "notes.txt"], "say --format"),
    (["--format", "xml", "-o", "x.xml"], "invalid choice"),
    (["--therapist", "Nobody", "-o", "x.csv"], "no therapist named 'Nobody'"),
    (["--days", "0", "-o", "x.csv"], "1 to 366 days"),
    (["--date", "2026-02-30", "-o", "x.csv"], "2026-02-30"),
    (["--paper", "A3", "-o", "x.pdf"], "paper"),
    (["-o", "no/such/folder/x.csv"], "no folder"),
    (["--therapist", "Ana", "--room", "Cedar", "-o", "x.csv"], "not allowed with"),
])
def test_bad_requests_get_one_line_and_exit_2(cli, standard_db, tmp_path, args, says):
    os.chdir(tmp_path)
    result = cli("export", *args)
    assert says in result.assert_one_line_error(2)
    assert not list(tmp_path.glob("x.*")) and not list(tmp_path.glob(".*part"))


def test_publish_writes_each_therapists_calendar_then_reports_unchanged(cli, booked, tmp_path):
    folder = tmp_path / "calendars"
    folder.mkdir()
    first = cli("publish", "--folder", folder)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["wrote ana.ics: 3 events (Ana)",
                                         "wrote ben.ics: 0 events (Ben)"]
    again = cli("publish", "--folder", folder, "--json")
    assert [(r["file"].endswith("ana.ics"), r["written"]) for r in again.json] == [
        (True, False), (False, False)]
    assert cli("publish", "--folder", tmp_path / "nope").assert_one_line_error(2)


def test_ctrl_c_stops_a_long_export_and_leaves_no_file(booked, cli_env, tmp_path):
    """On a terminal the export shows its progress; SIGINT after the second day stops it.

    Not a race: once the test stops reading the terminal, its buffer (a few KiB) fills with
    progress lines long before day 366, and the export waits there for the signal."""
    import pty

    out = tmp_path / "year.html"
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontdesk", "export", "--date", "2026-11-01", "--days", "366",
         "-o", str(out)], env=spawn_env(cli_env), cwd=tmp_path, stdout=subprocess.DEVNULL,
        stderr=slave)
    os.close(slave)
    seen = b""
    try:
        while b"day 2 of 366" not in seen:
            chunk = os.read(master, 4096)
            assert chunk, seen
            seen += chunk
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    finally:
        proc.kill()
        os.close(master)
    assert not out.exists()
    assert not list(tmp_path.glob(".year.html.*"))


def test_a_pdf_from_a_real_process_without_a_display(booked, run_cli, tmp_path):
    """The command line makes its own offscreen Qt application for the PDF and exits
    cleanly; the file reads back with the three clients and the US clinic's Letter paper."""
    from pypdf import PdfReader

    from tests.export.conftest import pdf_text

    out = tmp_path / "ana.pdf"
    result = run_cli("export", "--date", "2026-11-01", "--therapist", "Ana", "-o", out,
                     env={"QT_QPA_PLATFORM": "", "DISPLAY": ""})
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout.startswith(f"wrote {out}: 1 page")
    text = pdf_text(out)
    assert all(name in text for name in ("José Núñez", "Zoë Brontë", "Ana", "Page 1 of 1"))
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a_fifo_or_a_symbolic_link_is_refused_and_left_as_it_was(cli, booked, tmp_path):
    fifo, real, link = tmp_path / "pipe.csv", tmp_path / "real.csv", tmp_path / "link.csv"
    os.mkfifo(fifo)
    real.write_text("kept\n")
    link.symlink_to(real)
    for target, says in ((fifo, "not a regular file"), (link, "symbolic link")):
        line = cli("export", "--format", "csv", "--date", "2026-10-05", "-o",
                   target).assert_one_line_error(2)
        assert says in line
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    assert real.read_text() == "kept\n"


def test_what_a_killed_export_left_is_removed_by_the_next_one(cli, booked, tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process number that no longer runs
    target = tmp_path / "day.csv"
    leftover = tmp_path / f".day.csv.{gone.pid}.abc123.part"
    leftover.write_text("half an export")
    alive = tmp_path / f".day.csv.{os.getpid()}.def456.part"  # a desk exporting just now
    alive.write_text("in progress")
    assert cli("export", "--format", "csv", "--date", "2026-10-05", "-o", target
               ).returncode == 0
    assert target.exists() and not leftover.exists() and alive.exists()
