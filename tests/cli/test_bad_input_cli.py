"""Bad input on the command line gets one clear line and a documented exit code, never
"unexpected error", a traceback or a half-done change (issue 14's list)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from tests.cli.conftest import spawn_env


def run_bytes(args: list[bytes], env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    """``python -m frontdesk`` with arguments given as raw bytes (not always UTF-8)."""
    return subprocess.run([sys.executable.encode(), b"-m", b"frontdesk", *args],
                          env=spawn_env(env), cwd=cwd, capture_output=True, timeout=120)


def test_a_byte_that_is_not_utf8_is_refused_naming_the_option(cli_env, standard_db,
                                                               tmp_path):
    for args in ([b"list", b"clients", b"--search", b"\xff\xfe"],
                 [b"client", b"add", b"Ann\xed\xa0\x80", b"--phone", b"2125550199"]):
        done = run_bytes(args, cli_env, tmp_path)
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert err.count("\n") == 1 and "not valid text" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["Ann\x1b[31mRed", "Ann\x07Bell", "Ann\x00Nul"])
def test_a_control_character_in_a_name_is_refused(cli, standard_db, name):
    line = cli("client", "add", name, "--phone", "2125550199").assert_one_line_error(2)
    assert "control character" in line or "not valid text" in line
    assert "Ann" not in cli("list", "clients", "--search", "Ann").stdout


def test_an_escape_sequence_kept_in_an_old_book_is_shown_not_obeyed(cli, standard_db):
    engine = create_engine(standard_db.url)
    with engine.begin() as c:
        c.execute(text("UPDATE clients SET name = :n WHERE id = :i"),
                  {"n": "Zoë\x1b[2JBrontë", "i": standard_db["Zoë Brontë"]})
    engine.dispose()
    out = cli("list", "clients", "--search", "917").stdout
    assert "\x1b" not in out and "Zoë\\x1b[2JBrontë" in out


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"])
def test_an_extreme_clock_is_refused(cli, standard_db, now):
    line = cli("list", "appointments", env={"FRONTDESK_NOW": now}).assert_one_line_error(2)
    assert "FRONTDESK_NOW" in line and "years" in line


def test_an_empty_date_is_not_today(cli, standard_db):
    line = cli("list", "appointments", "--date", "").assert_one_line_error(2)
    assert "YYYY-MM-DD" in line


def test_publish_into_an_empty_folder_name_is_refused_and_writes_nothing(
        cli, standard_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = cli("publish", "--folder", "").assert_one_line_error(2)
    assert "--folder" in line
    assert list(tmp_path.glob("*.ics")) == []


def test_redirected_output_on_a_legacy_code_page_is_complete_utf8(run_cli, standard_db):
    done = run_cli("list", "clients", env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0, done.stderr
    assert "李小龍" in done.stdout and "Zoë Brontë" in done.stdout


def test_ctrl_c_while_starting_exits_130_without_a_traceback(cli_env, standard_db, tmp_path):
    for delay in (0.15, 0.3, 0.5):
        proc = subprocess.Popen([sys.executable, "-m", "frontdesk", "list", "appointments"],
                                env=spawn_env(cli_env), cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, (delay, err)
        assert proc.returncode in (130, 0, -signal.SIGINT), (delay, proc.returncode, err)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_an_export_printed_on_a_terminal_shows_an_escape_sequence_not_obeys_it(
        standard_db, cli_env, tmp_path):
    """``export -o -`` on a terminal: the CSV's control characters are shown as codes;
    piped, the export is written exactly as it is."""
    import os

    engine = create_engine(standard_db.url)
    with engine.begin() as c:
        c.execute(text("UPDATE clients SET name = :n WHERE id = :i"),
                  {"n": "Zoë\x1b[2JBrontë", "i": standard_db["Zoë Brontë"]})
    engine.dispose()
    booked = subprocess.run(
        [sys.executable, "-m", "frontdesk", "book", "--client", f"#{standard_db['Zoë Brontë']}",
         "--service", "Swedish 60", "--start", "2026-10-05 10:00", "--therapist", "Ana",
         "--room", "Cedar"], env=spawn_env(cli_env), cwd=tmp_path, capture_output=True,
        text=True, timeout=120)
    assert booked.returncode == 0, booked.stderr
    args = [sys.executable, "-m", "frontdesk", "export", "-o", "-", "--format", "csv",
            "--date", "2026-10-05"]
    leader, follower = os.openpty()
    try:
        shown = subprocess.run(args, env=spawn_env(cli_env), cwd=tmp_path, stdout=follower,
                               stderr=subprocess.PIPE, timeout=120)
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    assert shown.returncode == 0, shown.stderr
    assert b"\x1b" not in out and "Zoë\\x1b[2JBrontë".encode() in out
    piped = subprocess.run(args, env=spawn_env(cli_env), cwd=tmp_path, capture_output=True,
                           timeout=120)
    assert "Zoë\x1b[2JBrontë".encode() in piped.stdout
