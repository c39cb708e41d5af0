"""Two desks, two real processes, one slot: exactly one booking wins, the other is refused.

Each process imports frontdesk, then waits for a shared "go" file, so both reach the
booking at the same moment instead of one finishing its imports before the other starts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from tests.cli.conftest import Result, query
from tests.cli.together import together

pytestmark = pytest.mark.slow

# Local start, and its instant (October: EDT, UTC-4). All Mondays and Tuesdays Ana works.
SLOTS = [
    ("2026-10-05 10:00", datetime(2026, 10, 5, 14, 0, tzinfo=UTC)),
    ("2026-10-05 13:00", datetime(2026, 10, 5, 17, 0, tzinfo=UTC)),
    ("2026-10-05 15:30", datetime(2026, 10, 5, 19, 30, tzinfo=UTC)),
    ("2026-10-06 09:00", datetime(2026, 10, 6, 13, 0, tzinfo=UTC)),
    ("2026-10-06 14:15", datetime(2026, 10, 6, 18, 15, tzinfo=UTC)),
]
# "new:" racers create their client with the booking: the loser's must not be left behind.
RIVALS = [("José Núñez", "Zoë Brontë"), ("Zoë Brontë", "李小龍"), ("李小龍", "José Núñez"),
          ("2125550101", "9175550102"), ("new:Rafael Quintero", "new:Ingrid Solberg")]


def _race(tmp_path: Path, env: dict[str, str], start: str, clients) -> list[Result]:
    """One process per client booking ``start`` with Ana in Cedar, all let go at once."""
    return together(tmp_path, env, [
        ["book", *(["--new-client", client[4:]] if client.startswith("new:")
                   else ["--client", client]),
         "--service", "Swedish 60", "--start", start, "--therapist", "Ana", "--room", "Cedar",
         "--json"] for client in clients])


def _active_in_slot(url: str, starts: datetime) -> list[tuple]:
    """The live appointments in Cedar over the hour from ``starts``, read with the models'
    own column types (instants stored as SQLite text or PostgreSQL timestamps)."""
    db = open_database(url, migrate=False)
    try:
        with db.read() as s:
            return [tuple(r) for r in s.execute(
                select(m.Appointment.id, m.Appointment.client_id, m.Appointment.starts_at)
                .join(m.Room, m.Room.id == m.Appointment.room_id)
                .where(m.Room.name == "Cedar",
                       m.Appointment.starts_at < starts + timedelta(hours=1),
                       m.Appointment.ends_at > starts,
                       m.Appointment.status.not_in(["cancelled", "late_cancel"])))]
    finally:
        db.close()


def test_two_processes_race_for_one_slot(standard_db, cli_env, tmp_path):
    winners = []
    for (start, instant), clients in zip(SLOTS, RIVALS, strict=True):
        results = _race(tmp_path, cli_env, start, clients)
        everything = "".join(r.stdout + r.stderr for r in results)
        assert "database is locked" not in everything
        assert "Traceback" not in everything
        codes = sorted(r.returncode for r in results)
        assert codes == [0, 3], (start, results)
        won = next(r for r in results if r.returncode == 0)
        lost = next(r for r in results if r.returncode == 3)
        lines = lost.stderr.splitlines()
        assert len(lines) == 1, lost.stderr
        assert lines[0].startswith("frontdesk: ")
        assert "Cedar is taken" in lines[0] or "Ana is busy" in lines[0], lines[0]
        assert lost.stdout == ""
        booked = won.json
        assert booked["start"] == f"{start.replace(' ', 'T')}-04:00"
        assert won.stderr == ""
        in_slot = _active_in_slot(standard_db.url, instant)
        assert len(in_slot) == 1, (start, in_slot)
        assert in_slot[0][0] == booked["id"]
        winners.append(booked["id"])
    assert len(set(winners)) == len(SLOTS)
    names = {row[0] for row in query(standard_db.url, "SELECT name FROM clients")}
    newcomers = {c[4:] for c in RIVALS[-1]} & names
    assert len(newcomers) == 1, names  # only the winner's new client exists
    assert len(names) == 4
    log = Path(cli_env["FRONTDESK_HOME"]) / "logs" / "frontdesk.log"
    if log.exists():
        assert "database is locked" not in log.read_text(encoding="utf-8")
