"""``frontdesk audit``: the trail filtered by appointment, client and staff member, as plain
text and as JSON with the README's field names, on the suite's engine."""

from __future__ import annotations

import pytest

from tests.cli.conftest import query

FIELDS = {"id", "at", "actor", "action", "entity", "entity_id", "before", "after",
          "prev_hash", "hash"}


def _book(cli, client: str, start: str, therapist: str, user: str) -> int:
    done = cli("book", "--client", client, "--service", "Swedish 60", "--start", start,
               "--therapist", therapist, "--json", env={"FRONTDESK_USER": user})
    assert done.returncode == 0, done
    return done.json["id"]


@pytest.fixture
def day(standard_db, cli):
    """José's visit booked by Ana, moved by Ben; Zoë's booked by Ben and cancelled by Ana."""
    jose, zoe = standard_db["José Núñez"], standard_db["Zoë Brontë"]
    first = _book(cli, f"#{jose}", "2026-10-05 10:00", "Ana", "ana")
    second = _book(cli, f"#{zoe}", "2026-10-05 13:00", "Ben", "ben")
    assert cli("move", first, "--start", "2026-10-05 11:00",
               env={"FRONTDESK_USER": "ben"}).returncode == 0
    assert cli("cancel", second, "--reason", "flu", env={"FRONTDESK_USER": "Ana"}
               ).returncode == 0
    return {"jose": jose, "zoe": zoe, "first": first, "second": second}


def test_by_appointment_newest_first_with_every_field(cli, day):
    done = cli("audit", "--appointment", f"#{day['first']}", "--json")
    assert done.returncode == 0, done
    entries = done.json
    assert [(e["action"], e["actor"]) for e in entries] == [("change", "ben"), ("book", "ana")]
    assert all(set(e) == FIELDS for e in entries)
    moved, booked = entries
    assert moved["entity"] == "appointments" and moved["entity_id"] == day["first"]
    assert booked["before"] is None and booked["after"]["client_id"] == day["jose"]
    assert moved["before"]["starts_at"] != moved["after"]["starts_at"]
    assert moved["prev_hash"] != booked["hash"]  # the cancel of the other visit between
    assert moved["at"].endswith("-04:00")  # the clinic's local time, with its offset


def test_by_client_as_elsewhere_in_the_command_line(cli, day, standard_db):
    by_number = cli("audit", "--client", f"#{day['zoe']}", "--json").json
    assert by_number == cli("audit", "--client", "Zoë", "--json").json
    about = {(e["entity"], e["entity_id"], e["action"]) for e in by_number}
    assert {("appointments", day["second"], "book"),
            ("appointments", day["second"], "status:cancelled")} <= about
    assert not any(e["entity_id"] == day["first"] for e in by_number
                   if e["entity"] == "appointments")
    assert ("clients", day["zoe"], "create") in about  # the card's own entry


def test_by_staff_member_in_any_case(cli, day):
    entries = cli("audit", "--user", "ANA", "--json").json
    assert {(e["action"], e["entity_id"]) for e in entries} == {
        ("book", day["first"]), ("status:cancelled", day["second"])}
    assert cli("audit", "--user", "ana", "--client", f"#{day['jose']}", "--json"
               ).json == [entries[-1]]


def test_plain_text_says_who_did_what_and_what_changed(cli, day):
    done = cli("audit", "--appointment", str(day["second"]))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("#") and "Ana" in lines[0] and "cancel" in lines[0]
    assert f"appointment #{day['second']}" in lines[0]
    assert "status: booked → cancelled" in lines[1]
    assert "cancel_reason: — → flu" in lines[1]
    assert "created" in lines[-1] and "book" in lines[-2]


def test_limit_keeps_the_newest_and_says_there_are_more(cli, day):
    done = cli("audit", "--limit", "1", "--json")
    assert [e["action"] for e in done.json] == ["status:cancelled"]
    assert "--limit N shows more" in done.stderr
    assert cli("audit", "--limit", "0").returncode == 2


def test_a_merged_cards_past_is_found_under_the_card_kept(cli, day, standard_db):
    assert cli("client", "merge", f"#{day['jose']}", f"#{day['zoe']}").returncode == 0
    entries = cli("audit", "--client", f"#{day['jose']}", "--json").json
    about = {(e["entity"], e["entity_id"], e["action"]) for e in entries}
    assert {("appointments", day["second"], "book"), ("clients", day["zoe"], "create"),
            ("clients", day["zoe"], "merged"), ("clients", day["jose"], "merge")} <= about
    # and the merged card's old number finds the same
    assert cli("audit", "--client", f"#{day['zoe']}", "--json").json == entries


def test_nothing_matching_and_an_unknown_client(cli, day, standard_db):
    done = cli("audit", "--user", "nobody")
    assert (done.returncode, done.stdout) == (0, "no audit entries match\n")
    assert cli("audit", "--user", "nobody", "--json").json == []
    line = cli("audit", "--client", "Nobody Known").assert_one_line_error(2)
    assert "no client matches" in line
    count = query(standard_db.url, "SELECT count(*) FROM audit_log")[0][0]
    assert len(cli("audit", "--json").json) == count
