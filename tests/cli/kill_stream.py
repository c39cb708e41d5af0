"""A stream of bookings, moves and cancellations killed with SIGKILL at random moments.

    python -m tests.cli.kill_stream URL FOLDER KILLS SEED IDS_JSON

This process imports frontdesk once, then forks a writer per round (so two hundred rounds
cost no two hundred interpreter starts) and kills it with SIGKILL after a random 20–400 ms:
while it opens the book, inside a transaction, during a commit, between two changes. Each
writer writes to its own log, with one ``write`` per line, before a change what it is about
to do (``I``) and once the change is committed what was done (``A``): a line the kill cut
short has no newline and is not read. The test (tests/cli/test_kills.py) checks the book
against the acknowledged lines. Prints the number of writers killed (not finished first).

No engine or thread exists here before a fork: each writer opens the book itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sys
import time
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import Status
from frontdesk.services.booking import BookingRequest, Bookings

#: The writers' clock (the test clinic's), and their first day: Monday 09:00 in New York.
NOW = datetime.fromisoformat("2026-10-01T12:00:00+00:00")
FIRST = datetime.fromisoformat("2026-10-05T13:00:00+00:00")


def _line(fd: int, *parts: object) -> None:
    os.write(fd, (" ".join(str(p) for p in parts) + "\n").encode())


def _stream(url: str, log: Path, seed: int, ids: dict[str, int]) -> None:
    """Change the book until killed; every change is logged before (I) and after (A)."""
    rng = random.Random(seed)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    db = open_database(url, migrate=False)
    desk = Bookings(db, "killed", lambda: NOW)
    with db.read() as session:
        mine = list(session.scalars(select(m.Appointment.id).where(
            m.Appointment.status == Status.BOOKED.value)))
    while True:
        start = FIRST + timedelta(days=rng.randrange(5), minutes=15 * rng.randrange(28))
        roll = rng.random()
        try:
            if roll < 0.6 or not mine:
                done = desk.book(BookingRequest(
                    service_id=ids["Swedish 60"], start=start, client_id=ids["José Núñez"],
                    therapist_id=ids[rng.choice(["Ana", "Ben"])],
                    room_id=ids[rng.choice(["Willow", "Cedar"])]))
                mine.append(done.id)
                _line(fd, "A", "book", done.id, done.start.astimezone(UTC).isoformat())
            elif roll < 0.85:
                visit = rng.choice(mine)
                _line(fd, "I", "move", visit, start.isoformat())
                done = desk.move(visit, start)
                _line(fd, "A", "move", visit, done.start.astimezone(UTC).isoformat())
            else:
                visit = mine.pop(rng.randrange(len(mine)))
                _line(fd, "I", "cancel", visit, "-")
                desk.cancel(visit, "killed stream")
                _line(fd, "A", "cancel", visit, "-")
        except FrontdeskError:  # a clash, a closed hour: refused, nothing written
            _line(fd, "R")


def main(url: str, folder: str, kills: int, seed: int, ids: dict[str, int]) -> int:
    rng = random.Random(seed)
    killed = 0
    for n in range(kills):
        child_seed = rng.randrange(2**32)
        pid = os.fork()
        if pid == 0:
            try:
                _stream(url, Path(folder) / f"writer-{n:04d}.log", child_seed, ids)
            except BaseException:  # the stream failed before its kill: the test says so
                (Path(folder) / f"writer-{n:04d}.error").write_text(traceback.format_exc())
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.02, 0.4))
        with contextlib.suppress(ProcessLookupError):  # ended first: counted below
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    print(killed)
    return 0


if __name__ == "__main__":
    url_, folder_, kills_, seed_, ids_ = sys.argv[1:6]
    raise SystemExit(main(url_, folder_, int(kills_), int(seed_), json.loads(ids_)))
