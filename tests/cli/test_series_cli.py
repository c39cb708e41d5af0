"""``frontdesk book --repeat`` and ``find``'s narrowing options, through ``main`` on a real
SQLite file (FRONTDESK_NOW 2026-10-01 12:00 UTC; New York falls back on 2026-11-01)."""

from __future__ import annotations

from datetime import datetime

from frontdesk.db.migrate import open_database
from frontdesk.services import admin
from frontdesk.services.client_record import update_client


def _series(cli, *extra: str, start: str = "2026-10-20 10:00"):
    return cli("book", "--client", "0101", "--service", "Swedish 60", "--start", start,
               "--therapist", "Ana", "--room", "Cedar", "--repeat", "weekly", *extra)


def test_a_weekly_series_over_the_dst_change_books_every_visit_at_ten(cli, standard_db):
    result = _series(cli, "--count", "4", "--json")
    assert result.returncode == 0, result.stderr
    visits = result.json
    assert [v["start"] for v in visits] == [
        "2026-10-20T10:00-04:00", "2026-10-27T10:00-04:00",
        "2026-11-03T10:00-05:00", "2026-11-10T10:00-05:00"]
    assert all(v["booked"] and isinstance(v["id"], int) for v in visits)


def test_a_series_with_a_clash_books_the_rest_and_exits_3(cli, standard_db):
    blocker = cli("book", "--client", "zoe", "--service", "Swedish 60", "--start",
                  "2026-11-03 10:30", "--therapist", "Ana", "--room", "Willow")
    assert blocker.returncode == 0, blocker.stderr
    result = _series(cli, "--every", "2", "--until", "2026-11-17", "--json")
    assert result.returncode == 3, result.stderr
    visits = result.json
    assert [v["start"][:10] for v in visits] == ["2026-10-20", "2026-11-03", "2026-11-17"]
    assert [v["booked"] for v in visits] == [True, False, True]
    assert "Ana is busy" in visits[1]["reason"] and "id" not in visits[1]
    text = _series(cli, "--count", "1", start="2026-11-03 10:00")
    assert text.returncode == 3
    assert text.stdout.splitlines()[-1] == "0 of 1 visits booked (weekly, 1 times)"
    assert text.stdout.startswith("refused ")


def test_repeat_options_without_repeat_or_without_an_end_are_one_line_errors(cli,
                                                                              standard_db):
    lone = cli("book", "--client", "0101", "--service", "Swedish 60", "--start",
               "2026-10-20 10:00", "--count", "3")
    lone.assert_one_line_error(2)
    endless = _series(cli)
    assert "how long the series runs" in endless.assert_one_line_error(2)
    both = _series(cli, "--count", "2", "--until", "2026-12-01")
    both.assert_one_line_error(2)


def test_a_contraindicated_booking_needs_acknowledge(cli, standard_db):
    db = open_database(standard_db.url)
    try:
        admin.update_service(db, standard_db["Deep Tissue 60"], cautions=["pregnancy"])
        update_client(db, standard_db["Zoë Brontë"], name="Zoë Brontë",
                      phone="+1 917 555 0102", email="", notes="", alert="", flags=["pregnancy"])
    finally:
        db.close()
    args = ["book", "--client", "0102", "--service", "Deep Tissue 60", "--start",
            "2026-10-05 10:00", "--therapist", "Ana"]
    refused = cli(*args)
    assert "pregnancy" in refused.assert_one_line_error(3)
    booked = cli(*args, "--acknowledge", "--json")
    assert booked.returncode == 0, booked.stderr


def test_find_today_only_and_part_of_day(cli, standard_db):
    today = cli("find", "--service", "Swedish 60", "--today-only", "--count", "50", "--json")
    assert today.returncode == 0, today.stderr
    assert today.json and {o["start"][:10] for o in today.json} == {"2026-10-01"}
    evening = cli("find", "--service", "Swedish 60", "--part", "evening", "--json")
    assert evening.json
    assert all(datetime.fromisoformat(o["start"]).hour >= 17 for o in evening.json)


def test_a_series_visit_whose_time_the_clocks_skip_is_reported_visit_by_visit(
        cli, standard_db):
    """02:30 does not happen on 14 March 2027 in New York: that visit is said to be read
    after the jump, the others carry no note (the clinic is closed at night: all refused,
    which does not hide the note)."""
    result = _series(cli, "--count", "3", "--json", start="2027-03-07 02:30")
    visits = result.json
    notes = [v.get("note", "") for v in visits]
    assert [v["start"][:10] for v in visits] == ["2027-03-07", "2027-03-14", "2027-03-21"]
    assert notes[0] == notes[2] == ""
    assert "02:30 does not exist on Sun 14 Mar 2027" in notes[1] and "03:30" in notes[1]
    plain = _series(cli, "--count", "3", start="2027-03-07 02:30")
    assert sum("note:" in line for line in plain.stdout.splitlines()) == 1
