"""Details a receptionist trips over: mistyped databases, "#" ids, blank names, reinstating
over a soft rule, overrides shown in the output."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from frontdesk.services.catalog import _by_name
from tests.cli.test_commands import book


def test_a_mistyped_database_path_is_not_a_new_empty_book(cli, tmp_path):
    missing = tmp_path / "typo.sqlite3"
    result = cli("list", "appointments", "--db", f"sqlite:///{missing}")
    result.assert_one_line_error(2)
    assert "frontdesk init" in result.stderr
    assert not Path(missing).exists()


def test_ids_may_be_given_as_listed(cli, standard_db):
    appt = book(cli, "José Núñez").json["id"]
    result = cli("cancel", f"#{appt}", "--reason", "called in sick", "--json")
    assert result.returncode == 0, result.stderr
    assert result.json["status"] == "cancelled"
    cli("cancel", "99999999999999999999999", "--reason", "x").assert_one_line_error(2)


@pytest.mark.parametrize("number", ["2147483648", "#9999999999", "99999999999"])
def test_numbers_beyond_any_row_id_are_no_such_row_on_either_engine(cli, standard_db, number):
    """Ids are INTEGER keys, 32 bits on PostgreSQL: a longer number (a phone typed where a
    number was meant) finds nothing, instead of an "integer out of range" from the server."""
    assert "no appointment" in cli("cancel", number, "--reason", "x").assert_one_line_error(2)
    listed = cli("list", "clients", "--search", number, "--json")
    assert listed.returncode == 0 and listed.json == [], listed.stderr
    line = cli("book", "--client", number, "--service", "Swedish 60",
               "--start", "2026-10-05 10:00").assert_one_line_error(2)
    assert "client" in line


def test_a_blank_client_is_bad_input(cli, standard_db):
    for who in (["--new-client", ""], ["--client", " "]):
        result = cli("book", *who, "--service", "Swedish 60", "--start", "2026-10-05 10:00")
        result.assert_one_line_error(2)


def test_override_is_shown_and_status_can_reinstate_over_a_soft_rule(cli, standard_db):
    early = cli("book", "--client", "Zoë", "--service", "Swedish 60", "--start",
                "2026-10-05 07:00", "--therapist", "Ana", "--room", "Cedar", "--override",
                "first client of the day", "--json")
    assert early.returncode == 0, early.stderr
    assert "opening hours" in early.json["overridden"]
    appt = str(early.json["id"])
    assert cli("cancel", appt, "--reason", "moved").returncode == 0
    cli("status", appt, "booked").assert_one_line_error(3)
    back = cli("status", appt, "booked", "--override", "she asked again", "--json")
    assert back.returncode == 0, back.stderr
    assert back.json["override_reason"] == "she asked again"


def test_names_ignore_case_and_accents():
    people = [SimpleNamespace(name="Sofía Ramírez", active=True),
              SimpleNamespace(name="Sam Ortiz", active=True)]
    assert _by_name(people, "sofia", "therapist").name == "Sofía Ramírez"
    assert _by_name(people, "SOFIA RAMIREZ", "therapist").name == "Sofía Ramírez"
