"""``frontdesk client add|edit|merge|deactivate|reactivate`` and duplicate clients at the
command line (issue 12: two identical cards from two bookings of one new client)."""

from __future__ import annotations

BOOK = ("book", "--service", "Swedish 60", "--therapist", "Ana", "--room", "Cedar")


def test_booking_one_new_client_twice_is_refused_naming_the_card(cli, standard_db, contents):
    first = cli(*BOOK, "--new-client", "Jana Novak", "--phone", "646 555 0199",
                "--start", "2026-10-05 10:00", "--json")
    assert first.returncode == 0, first.stderr
    jana = first.json["client_id"]
    before = contents(standard_db)
    again = cli(*BOOK, "--new-client", "Jana Novak", "--phone", "646 555 0199",
                "--start", "2026-10-06 10:00")
    line = again.assert_one_line_error(2)
    assert f"Jana Novak #{jana} (same phone)" in line and "--allow-duplicate" in line
    assert contents(standard_db) == before
    # the card is found by its last digits and by the number `list clients` prints
    listed = cli("list", "clients", "--search", "0199")
    assert listed.stdout.split()[0] == f"#{jana}"
    for who, day in (("0199", "06"), (f"#{jana}", "07"), (str(jana), "08")):
        booked = cli(*BOOK, "--client", who, "--start", f"2026-10-{day} 10:00", "--json")
        assert booked.returncode == 0, booked.stderr
        assert booked.json["client_id"] == jana
    forced = cli(*BOOK, "--new-client", "Jana Novak", "--phone", "646 555 0199",
                 "--start", "2026-10-09 10:00", "--allow-duplicate", "--json")
    assert forced.returncode == 0, forced.stderr
    assert forced.json["client_id"] != jana


def test_client_add_refuses_a_duplicate_unless_allowed(cli, standard_db, contents):
    added = cli("client", "add", "Jana Novak", "--phone", "646 555 0199",
                "--email", "jana@example.com", "--flags", "pregnancy", "--json")
    assert added.returncode == 0, added.stderr
    card = added.json
    assert (card["name"], card["flags"], card["active"]) == ("Jana Novak", ["pregnancy"], True)
    before = contents(standard_db)
    for words in (("Novak, Jana",), ("Someone", "--email", "JANA@example.com"),
                  ("Jana Nowak",)):
        line = cli("client", "add", *words).assert_one_line_error(2)
        assert f"Jana Novak #{card['id']}" in line
    assert contents(standard_db) == before
    other = cli("client", "add", "Jana Nowak", "--allow-duplicate", "--json")
    assert other.returncode == 0 and other.json["id"] != card["id"]


def test_edit_deactivate_reactivate(cli, standard_db):
    card = cli("client", "add", "Zora Adams", "--phone", "718 555 0177", "--json").json
    edited = cli("client", "edit", f"#{card['id']}", "--alert", "Latex allergy",
                 "--email", "zora@example.com", "--json")
    assert edited.returncode == 0, edited.stderr
    assert (edited.json["alert"], edited.json["email"], edited.json["name"]) == \
        ("Latex allergy", "zora@example.com", "Zora Adams")
    line = cli("client", "edit", "zora", "--email", "not-an-address").assert_one_line_error(2)
    assert "not an e-mail address" in line
    assert cli("client", "deactivate", "zora").returncode == 0
    assert cli("list", "clients", "--search", "zora", "--json").json == []
    assert "(deactivated)" in cli("list", "clients").stdout
    assert cli("client", "reactivate", str(card["id"])).returncode == 0
    assert [c["id"] for c in cli("list", "clients", "--search", "zora", "--json").json] \
        == [card["id"]]


def test_merge_moves_the_visits_and_the_old_number_finds_the_card_kept(cli, standard_db):
    kept = cli("client", "add", "Jana Novak", "--phone", "646 555 0199", "--json").json["id"]
    gone = cli("client", "add", "Jana Nowak", "--phone", "917 555 0123",
               "--allow-duplicate", "--json").json["id"]
    visit = cli(*BOOK, "--client", f"#{gone}", "--start", "2026-10-05 10:00", "--json").json
    merged = cli("client", "merge", f"#{kept}", f"#{gone}", "--json")
    assert merged.returncode == 0, merged.stderr
    assert merged.json["moved"]["appointments"] == 1 and merged.json["merged"] == gone
    listed = cli("list", "appointments", "--date", "2026-10-05", "--json").json
    assert [a["client_id"] for a in listed if a["id"] == visit["id"]] == [kept]
    again = cli(*BOOK, "--client", f"#{gone}", "--start", "2026-10-06 10:00", "--json")
    assert again.json["client_id"] == kept
    assert cli("client", "merge", f"#{kept}", f"#{gone}").assert_one_line_error(2)
    assert "itself" in cli("client", "merge", f"#{kept}", str(kept)).assert_one_line_error(2)


def test_client_needs_an_action(cli, standard_db):
    assert cli("client").assert_one_line_error(2)
