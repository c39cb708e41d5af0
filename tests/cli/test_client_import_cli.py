"""``frontdesk import clients FILE.csv``: exit codes, what is printed, what is written."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from tests.cli.conftest import spawn_env

CLEAN = ("Full name,Mobile,E-mail,Notes,Alerts,Birthday\n"
         "Jana Novak,646 555 0199,jana@example.com,likes firm pressure,Latex allergy,1990-01-02\n"
         "Zoë Ådahl,718-555-0142,,,,\n"
         "王小明,,wang@example.com,,,\n")


def write(tmp_path, text: str | bytes, name: str = "clients.csv"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return str(path)


def test_a_clean_file_is_taken_whole_exit_0(cli, standard_db, tmp_path):
    done = cli("import", "clients", write(tmp_path, CLEAN))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert 'Name ← "Full name", Phone ← "Mobile"' in lines[0]
    assert 'not used: "Birthday"' in lines[0]
    assert lines[-1] == "3 rows: 3 added, 0 duplicates (not added), 0 refused"
    found = cli("list", "clients", "--search", "0199", "--json").json
    assert [(c["name"], c["email"], c["alert"]) for c in found] == [
        ("Jana Novak", "jana@example.com", "Latex allergy")]
    assert cli("list", "clients", "--search", "王", "--json").json[0]["name"] == "王小明"


def test_a_bom_crlf_file_with_semicolons(cli, standard_db, tmp_path):
    data = ("\ufeff" + CLEAN.replace(",", ";").replace("\n", "\r\n")).encode("utf-8")
    done = cli("import", "clients", write(tmp_path, data), "--json")
    assert done.returncode == 0, done.stderr
    report = done.json
    assert (report["delimiter"], report["added"]) == (";", 3)
    assert report["columns"][0] == {"field": "name", "header": "Full name"}
    assert [r["name"] for r in report["rows"]] == ["Jana Novak", "Zoë Ådahl", "王小明"]
    jana = cli("list", "clients", "--search", "jana", "--json").json[0]
    assert jana["alert"] == "Latex allergy"  # no "\r" carried into the last column read


def test_duplicates_and_refusals_are_reported_by_row_exit_3(cli, standard_db, tmp_path,
                                                            contents):
    card = cli("client", "add", "Jana Novak", "--phone", "646 555 0199", "--json").json
    text = ("Name,Phone,Email\n"
            "Jana Novak,+1 646 555 0199,\n"      # row 2: the card
            "Ben Ode,718 555 0100,ben@example.com\n"
            "B. Ode,,ben@EXAMPLE.com\n"           # row 4: row 3
            "Bad Phone,555-12,\n"
            "Bad Mail,,not-an-address\n")
    path = write(tmp_path, text)
    before = contents(standard_db)
    dry = cli("import", "clients", path, "--dry-run")
    assert dry.returncode == 3, dry.stderr
    assert contents(standard_db) == before
    done = cli("import", "clients", path)
    assert done.returncode == 3, done.stderr
    # the same lines, but the dry run names no card it did not keep
    assert [re.sub(r" #\d+\)$", ")", line) for line in done.stdout.splitlines()[1:]] == \
        [*dry.stdout.splitlines()[1:-1], "5 rows: 1 added, 2 duplicates (not added), 2 refused"]
    ben = cli("list", "clients", "--search", "ode", "--json").json
    assert [c["name"] for c in ben] == ["Ben Ode"]
    lines = done.stdout.splitlines()
    assert lines[1:5] == [
        f"row 2  duplicate: Jana Novak, same phone as Jana Novak #{card['id']}",
        f"row 4  duplicate: B. Ode, same e-mail as row 3 (Ben Ode #{ben[0]['id']})",
        "row 5  refused: Bad Phone: '555-12' is not a possible phone number in US",
        "row 6  refused: Bad Mail: 'not-an-address' is not an e-mail address"]
    again = cli("import", "clients", path, "--json")
    assert again.returncode == 3
    assert (again.json["added"], again.json["duplicates"]) == (0, 3)


def test_a_file_without_a_name_column_is_exit_2_and_writes_nothing(cli, standard_db,
                                                                   tmp_path, contents):
    before = contents(standard_db)
    line = cli("import", "clients", write(tmp_path, "Phone,E-mail\n646 555 0199,a@b.cz\n")
               ).assert_one_line_error(2)
    assert "no column names the client" in line and '"Phone", "E-mail"' in line
    cli("import", "clients", str(tmp_path / "missing.csv")).assert_one_line_error(2)
    assert contents(standard_db) == before


def test_ctrl_c_part_way_writes_nothing(run_cli, standard_db, cli_env, tmp_path, contents):
    """A real process interrupted while it imports: the file is one transaction."""
    rows = "".join(f"Client {n:05d} Test,,c{n}@example.com\n" for n in range(20000))
    path = write(tmp_path, "Name,Phone,Email\n" + rows)
    before = contents(standard_db)
    proc = subprocess.Popen([sys.executable, "-m", "frontdesk", "import", "clients", path],
                            env=spawn_env(cli_env), cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _importing(standard_db):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT if os.name != "nt" else signal.CTRL_C_EVENT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "nothing was imported" in err or "interrupted" in err
    assert contents(standard_db) == before


def _importing(prepared) -> bool:
    """Whether the import holds the book's write lock (its transaction has begun)."""
    from tests.cli.conftest import query

    if prepared.path is None:
        rows = query(prepared.url, "SELECT count(*) FROM pg_locks WHERE locktype = "
                                   "'advisory'")
        return bool(rows[0][0])
    import sqlite3

    try:
        con = sqlite3.connect(prepared.path, timeout=0)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.rollback()
            return False
        finally:
            con.close()
    except sqlite3.OperationalError:
        return True
