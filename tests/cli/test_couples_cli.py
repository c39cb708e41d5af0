"""``frontdesk book`` for a couples service, and the partner named by ``list``."""

from __future__ import annotations

from tests.cli.test_couples_race import _couples


def test_book_a_couples_massage_and_see_each_visit_with_its_partner(standard_db, run_cli):
    _couples(standard_db.url, standard_db.ids)
    done = run_cli("book", "--client", "José Núñez", "--client2", "Zoë Brontë",
                   "--therapist2", "Ben", "--service", "Couples 60",
                   "--start", "2026-10-05 10:00", "--json")
    assert done.returncode == 0, done.stderr
    first, partner = done.json, done.json["partners"][0]
    assert (first["therapist"], partner["therapist"]) == ("Ana", "Ben")
    assert (first["room"], partner["room"], first["start"]) == (
        "Oak", "Oak", partner["start"])
    assert first["party_id"] == partner["party_id"] is not None
    listed = run_cli("list", "appointments", "--date", "2026-10-05")
    lines = [ln for ln in listed.stdout.splitlines() if "Couples 60" in ln]
    assert len(lines) == 2
    assert "José Núñez  with Zoë Brontë (Ben)" in lines[0] + lines[1]
    assert "Zoë Brontë  with José Núñez (Ana)" in lines[0] + lines[1]
    assert "(holds 2)" in run_cli("list", "rooms").stdout


def test_a_second_client_for_a_single_service_is_refused_in_one_line(standard_db, run_cli):
    _couples(standard_db.url, standard_db.ids)
    refused = run_cli("book", "--client", "José Núñez", "--client2", "Zoë Brontë",
                      "--service", "Swedish 60", "--start", "2026-10-05 10:00")
    assert "not a couples service" in refused.assert_one_line_error(2)
    half = run_cli("book", "--client", "José Núñez", "--therapist", "Ana", "--therapist2", "Ana",
                   "--service", "Couples 60", "--start", "2026-10-05 10:00")
    assert "each client needs a therapist of their own" in half.assert_one_line_error(3)
    assert run_cli("list", "appointments", "--date", "2026-10-05").stdout.count("#") == 0


def test_check_finds_a_booked_pair_sound(standard_db, run_cli):
    _couples(standard_db.url, standard_db.ids)
    assert run_cli("book", "--client", "José Núñez", "--client2", "Zoë Brontë",
                   "--service", "Couples 60", "--start", "2026-10-05 10:00").returncode == 0
    checked = run_cli("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
