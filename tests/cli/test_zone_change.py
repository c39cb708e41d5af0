"""A new time zone on a book with visits is refused unless the user says which to keep:
the wall-clock times (each visit moves, its clock time stays) or the instants."""

from __future__ import annotations

import pytest


@pytest.fixture
def two_visits(cli, standard_db):
    for start, room in (("2026-10-05 10:00", "Cedar"), ("2026-10-05 13:00", "Cedar")):
        done = cli("book", "--client", "zoe", "--service", "Swedish 60", "--start", start,
                   "--therapist", "Ana", "--room", room)
        assert done.returncode == 0, done.stderr
    return standard_db


def listed(cli, day: str = "2026-10-05") -> list[str]:
    """The start times listed for ``day``, as the clinic's clock shows them."""
    rows = cli("list", "appointments", "--date", day, "--json").json
    return sorted(r["start"][11:16] for r in rows)


def test_a_new_zone_on_a_book_with_visits_asks_which_to_keep_and_changes_nothing(
        cli, two_visits, contents):
    before = contents(two_visits)
    line = cli("init", "--timezone", "Asia/Tokyo").assert_one_line_error(2)
    assert "2 appointments" in line and "wall-clock" in line and "instants" in line
    assert contents(two_visits) == before
    assert cli("init", "--keep", "instants").returncode == 0  # the same zone: nothing to say


def test_keeping_the_wall_clock_times_moves_each_visit(cli, two_visits):
    assert listed(cli) == ["10:00", "13:00"]
    done = cli("init", "--timezone", "Europe/Lisbon", "--keep", "wall-clock")
    assert done.returncode == 0, done.stderr
    assert listed(cli) == ["10:00", "13:00"]
    assert cli("check").returncode == 0


def test_keeping_the_instants_shows_other_clock_times(cli, two_visits):
    done = cli("init", "--timezone", "Europe/Lisbon", "--keep", "instants")
    assert done.returncode == 0, done.stderr
    assert listed(cli) == ["15:00", "18:00"]  # New York 10:00 in October is Lisbon 15:00
