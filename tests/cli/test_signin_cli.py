"""Staff sign-in on the command line, in real processes: exit 4 in one line, nothing changed.

A book with accounts needs ``--user NAME`` (or FRONTDESK_USER) and the password
(FRONTDESK_PASSWORD here: no terminal); a wrong one, or an action the role may not take,
exits 4 and leaves every table as it was. On either engine (the test's ``db_url``).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.domain.access import Role, Staff
from frontdesk.services import accounts
from tests.cli.conftest import query

MARIA, DANA, TOM = "manager-pw-1", "desk-pw-12", "therapist-1"


def as_(name: str, password: str) -> dict[str, str]:
    return {"FRONTDESK_USER": name, "FRONTDESK_PASSWORD": password}


@pytest.fixture
def staffed(standard_db, run_cli):
    """The standard clinic; its first account made by a real ``user add`` (Maria, manager),
    then a desk (Dana) and Ana's account (Tom) through the service."""
    made = run_cli("user", "add", "Maria", "--role", "manager", "--json",
                   env={"FRONTDESK_PASSWORD": MARIA})
    assert made.returncode == 0, made.stderr
    assert made.json == {"id": made.json["id"], "name": "Maria", "role": "manager",
                         "therapist": None, "active": True}
    db = open_database(standard_db.url)
    try:
        db.staff = Staff("Maria", Role.MANAGER)
        accounts.add(db, "Dana", Role.DESK, DANA)
        accounts.add(db, "Tom", Role.THERAPIST, TOM, therapist_id=standard_db["Ana"])
    finally:
        db.close()
    return standard_db


def test_the_first_account_must_be_a_manager(standard_db, cli):
    line = cli("user", "add", "Dana", "--role", "desk",
               env={"FRONTDESK_PASSWORD": DANA}).assert_one_line_error(2)
    assert "first account must be a manager" in line
    assert query(standard_db.url, "SELECT count(*) FROM staff_accounts") == [(0,)]


def test_a_book_with_accounts_needs_a_name_and_the_right_password(staffed, run_cli, contents,
                                                                   cli_env):
    before = contents(staffed)
    anonymous = run_cli("list", "rooms", env={"FRONTDESK_USER": ""})
    assert "--user NAME" in anonymous.assert_one_line_error(4)
    wrong = run_cli("book", "--client", "José", "--service", "Swedish 60",
                    "--start", "2026-10-05 10:00", env=as_("Dana", "guessing-pw"))
    assert wrong.assert_one_line_error(4) == ("frontdesk: wrong name or password; nothing was "
                                              "changed")
    nobody = run_cli("list", "rooms", env=as_("Nobody", DANA))
    assert nobody.stderr == wrong.stderr  # an unknown name is told like a wrong password
    no_password = run_cli("list", "rooms", env={"FRONTDESK_USER": "Dana"})
    assert "FRONTDESK_PASSWORD" in no_password.assert_one_line_error(4)
    assert contents(staffed) == before
    log = (Path(cli_env["FRONTDESK_HOME"]) / "logs" / "frontdesk.log").read_text()
    assert "sign-in refused" in log and "guessing-pw" not in log and DANA not in log
    fine = run_cli("--user", "dana", "list", "rooms", "--json", env=as_("tester", DANA))
    assert fine.returncode == 0, fine.stderr
    assert {r["name"] for r in fine.json} == {"Willow", "Cedar", "Birch"}


def test_what_a_role_may_not_do_exits_4_and_changes_nothing(staffed, run_cli, contents):
    before = contents(staffed)
    for args, who, said in (
            (["init", "--name", "Renamed"], as_("Dana", DANA), "may not change the clinic"),
            (["backup"], as_("Dana", DANA), "may not back up"),
            (["user", "list"], as_("Dana", DANA), "may not manage staff accounts"),
            (["audit"], as_("Dana", DANA), "may not read the audit trail"),
            (["audit", "--user", "Dana"], as_("Tom", TOM), "may not read the audit trail"),
            (["client", "add", "New Person"], as_("Tom", TOM), "may not add, merge"),
            (["export", "-o", "-", "--format", "csv"], as_("Tom", TOM),
             "only for their own"),
            (["client", "erase", "Zoë", "--yes"], as_("Dana", DANA),
             "may not export or erase a client's whole file"),
            (["client", "export", "Zoë", "-o", "-"], as_("Dana", DANA),
             "may not export or erase")):
        line = run_cli(*args, env=who).assert_one_line_error(4)
        assert said in line and line.endswith("nothing was changed"), line
    assert contents(staffed) == before


def test_the_trail_names_the_signed_in_account(staffed, run_cli):
    booked = run_cli("book", "--client", "José", "--service", "Swedish 60", "--start",
                     "2026-10-05 10:00", "--therapist", "Ana", "--room", "Cedar", "--json",
                     "--user", "Dana", env={"FRONTDESK_PASSWORD": DANA})
    assert booked.returncode == 0, booked.stderr
    visit = booked.json["id"]
    assert query(staffed.url, "SELECT actor FROM audit_log WHERE entity = 'appointments' "
                 f"AND entity_id = {visit}") == [("Dana",)]
    # Tom sets his own visit's status, and may not cancel it.
    assert run_cli("status", visit, "confirmed", env=as_("Tom", TOM)).returncode == 0
    assert "may not book, move or cancel" in run_cli(
        "cancel", visit, "--reason", "ill", env=as_("Tom", TOM)).assert_one_line_error(4)
    assert query(staffed.url, "SELECT actor, action FROM audit_log WHERE entity_id = "
                 f"{visit} AND entity = 'appointments' ORDER BY id") == [
        ("Dana", "book"), ("Tom", "status:confirmed")]
    trail = run_cli("audit", "--appointment", visit, "--json", env=as_("Maria", MARIA))
    assert trail.returncode == 0, trail.stderr
    assert [(e["actor"], e["action"]) for e in trail.json] == [
        ("Tom", "status:confirmed"), ("Dana", "book")]
    # audit's own --user filters; the manager signs in before the command.
    toms = run_cli("--user", "Maria", "audit", "--user", "tom", "--json",
                   env={"FRONTDESK_PASSWORD": MARIA})
    assert toms.returncode == 0, toms.stderr
    assert {e["actor"] for e in toms.json} == {"Tom"}


def test_user_list_and_passwd(staffed, cli, monkeypatch):
    listed = cli("user", "list", "--json", env=as_("Maria", MARIA))
    assert [(a["name"], a["role"], a["therapist"]) for a in listed.json] == [
        ("Dana", "desk", None), ("Maria", "manager", None), ("Tom", "therapist", "Ana")]
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-desk-pw\n"))
    assert cli("user", "passwd", "Dana", "--password-stdin",
               env=as_("Dana", DANA)).returncode == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("taking-over-pw\n"))
    cli("user", "passwd", "Tom", "--password-stdin",
        env=as_("Dana", "a-new-desk-pw")).assert_one_line_error(4)
    cli("list", "rooms", env=as_("Dana", DANA)).assert_one_line_error(4)
    assert cli("list", "rooms", env=as_("Dana", "a-new-desk-pw")).returncode == 0


def test_a_therapist_lists_without_other_therapists_clients_details(staffed, run_cli, cli):
    set_up = as_("Maria", MARIA)
    assert cli("client", "edit", "Zoë", "--alert", "bruises easily", "--notes", "private",
               "--flags", "pregnancy", env=set_up).returncode == 0
    assert cli("client", "edit", "José", "--alert", "late often", env=set_up).returncode == 0
    for client, therapist in (("José", "Ana"), ("Zoë", "Ben")):
        booked = cli("book", "--client", client, "--service", "Swedish 60", "--start",
                     "2026-10-05 10:00", "--therapist", therapist, "--room",
                     "Cedar" if therapist == "Ana" else "Willow", "--notes", "visit note",
                     "--acknowledge", env=set_up)
        assert booked.returncode == 0, booked.stderr
    listed = run_cli("list", "clients", "--json", env=as_("Tom", TOM))
    assert listed.returncode == 0, listed.stderr
    alerts = {c["name"]: (c["alert"], c["flags"]) for c in listed.json}
    assert alerts["José Núñez"] == ("late often", [])
    assert alerts["Zoë Brontë"] == ("", [])
    day = run_cli("list", "appointments", "--date", "2026-10-05", "--json",
                  env=as_("Tom", TOM)).json
    assert {a["therapist"]: a["notes"] for a in day} == {"Ana": "visit note", "Ben": ""}
    desk = cli("list", "clients", "--json", env=as_("Dana", DANA)).json
    assert {c["name"]: c["alert"] for c in desk}["Zoë Brontë"] == "bruises easily"
