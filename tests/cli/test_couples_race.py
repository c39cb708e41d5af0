"""Two desks, two real processes, the last couples slot: exactly one pair is booked, never
half a pair, and the other desk is told why in one line.

The test clinic (tests/helpers.py) with a couples room "Oak" and a couples service that
only Ana and Ben give: two pairs at one time cannot both be booked (two therapists a pair),
and a single visit cannot go in beside a pair.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from tests.cli.conftest import query
from tests.cli.together import together
from tests.helpers import ClinicBuilder
from tests.services.test_couples import add_couples

pytestmark = pytest.mark.slow

PAIR_A = ["--client", "José Núñez", "--client2", "Zoë Brontë"]
NEWCOMERS = ["Ingrid Solberg", "Rafael Quintero", "Astrid Morris"]
STARTS = [("2026-10-05 10:00", datetime(2026, 10, 5, 14, tzinfo=UTC)),
          ("2026-10-05 14:00", datetime(2026, 10, 5, 18, tzinfo=UTC)),
          ("2026-10-06 15:00", datetime(2026, 10, 6, 19, tzinfo=UTC))]


def _couples(url: str, ids: dict[str, int]) -> int:
    """Add the couples room and service; the room's id."""
    db = open_database(url)
    try:
        clinic = ClinicBuilder(db, dict(ids))
        add_couples(db, clinic)
        return clinic["Oak"]
    finally:
        db.close()


def _book(start: str, who: list[str]) -> list[str]:
    service = [] if "--service" in who else ["--service", "Couples 60"]
    return ["book", *who, *service, "--start", start, "--json"]


def _in_room(url: str, room_id: int, starts: datetime) -> list[tuple]:
    """(id, party) of the live visits in the room starting within the hour from ``starts``,
    read with the models' own column types (either engine)."""
    db = open_database(url, migrate=False)
    try:
        with db.read() as s:
            a = m.Appointment
            return [tuple(r) for r in s.execute(
                select(a.id, a.party_id).where(
                    a.room_id == room_id, a.starts_at >= starts,
                    a.starts_at < starts + timedelta(hours=1),
                    a.status.not_in(["cancelled", "late_cancel"])).order_by(a.id))]
    finally:
        db.close()


@pytest.mark.parametrize("rival", ["pair", "single"])
def test_two_desks_race_for_the_last_couples_slot(standard_db, cli_env, tmp_path, rival):
    oak = _couples(standard_db.url, standard_db.ids)
    for (start, instant), newcomer in zip(STARTS, NEWCOMERS, strict=True):
        other = (["--client", "李小龍", "--new-client2", newcomer] if rival == "pair" else
                 ["--client", "李小龍", "--service", "Swedish 60", "--room", "Oak"])
        results = together(tmp_path, cli_env, [_book(start, PAIR_A), _book(start, other)])
        everything = "".join(r.stdout + r.stderr for r in results)
        assert "Traceback" not in everything and "database is locked" not in everything
        assert sorted(r.returncode for r in results) == [0, 3], (start, results)
        won = next(r for r in results if r.returncode == 0)
        lost = next(r for r in results if r.returncode == 3)
        lost.assert_one_line_error(3)
        visits = _in_room(standard_db.url, oak, instant)
        if "partners" in won.json:  # a pair won: both its visits, one party, nobody else
            assert [v[0] for v in visits] == sorted(
                [won.json["id"], won.json["partners"][0]["id"]]), (start, visits)
            assert visits[0][1] is not None and visits[0][1] == visits[1][1]
        else:  # the single visit won: no half pair beside it
            assert visits == [(won.json["id"], None)], (start, visits)
        names = {row[0] for row in query(standard_db.url, "SELECT name FROM clients")}
        # The losing desk's new client is not left behind.
        assert (newcomer in names) == (rival == "pair" and won is results[1])
    parties = query(standard_db.url, "SELECT party_id, count(*) FROM appointments "
                                     "WHERE party_id IS NOT NULL GROUP BY party_id")
    assert all(n == 2 for _p, n in parties)
