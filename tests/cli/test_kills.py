"""SIGKILL at random moments, in real processes: during a stream of bookings, moves and
cancellations (tests/cli/kill_stream.py), and during an upgrade. Afterwards ``frontdesk
check`` finds the book sound (its integrity, its rules, its audit trail's seals) and every
acknowledged change is there, on either engine.

A few kills run in the default run; ``slow`` runs 200 more. A change whose writer was
killed between doing it and saying so may or may not be in the book; one it said it did
must be.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.services.booking import Bookings
from tests.cli.conftest import SUBPROCESS_TIMEOUT_S, spawn_env
from tests.helpers import NOW, ClinicBuilder, request, set_schema

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")

#: The state a change leaves a visit in: its start, or None once cancelled.
State = str | None


def _stream(url: str, folder: Path, kills: int, seed: int, env: dict[str, str]) -> int:
    db = open_database(url)
    try:
        ids = ClinicBuilder(db).standard().ids
    finally:
        db.close()
    done = subprocess.run(
        [sys.executable, "-m", "tests.cli.kill_stream", url, str(folder), str(kills),
         str(seed), json.dumps(ids)],
        env=spawn_env(env), cwd=Path(__file__).resolve().parents[2], capture_output=True,
        text=True, timeout=SUBPROCESS_TIMEOUT_S + kills)
    assert done.returncode == 0, done.stderr
    errors = sorted(folder.glob("*.error"))
    assert not errors, errors[0].read_text()
    return int(done.stdout)


def expected(folder: Path) -> tuple[dict[int, State], dict[int, set[State]]]:
    """From the writers' logs, in order: each visit's state as last acknowledged, and the
    states a change begun but not acknowledged (its writer killed) may have left instead."""
    said: dict[int, State] = {}
    maybe: dict[int, set[State]] = {}
    for log in sorted(folder.glob("writer-*.log")):
        whole = [line.split() for line in log.read_text().split("\n")[:-1]]  # cut: not read
        for n, (kind, *rest) in enumerate(whole):
            if kind == "R":
                continue
            what, visit, value = rest[0], int(rest[1]), rest[2]
            state = None if what == "cancel" else value
            if kind == "A":
                said[visit] = state
                maybe[visit] = set()
            elif n == len(whole) - 1:  # begun, then killed: done or not
                maybe.setdefault(visit, set()).add(state)
    return said, maybe


def _cut_short(folder: Path) -> int:
    """How many writers were killed between beginning a change and saying it was done. A
    later writer's acknowledged change to the same visit empties that visit's ``maybe``, so
    this counts the logs themselves."""
    cut = 0
    for log in folder.glob("writer-*.log"):
        whole = log.read_text().split("\n")[:-1]
        cut += bool(whole) and whole[-1].startswith("I ")
    return cut


def _in_book(url: str) -> dict[int, State]:
    db = open_database(url)
    try:
        with db.read() as session:
            rows = session.execute(select(m.Appointment.id, m.Appointment.starts_at,
                                          m.Appointment.status))
            return {i: None if status in ("cancelled", "late_cancel") else
                    _utc(start).isoformat() for i, start, status in rows}
    finally:
        db.close()


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _check(env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "frontdesk", "check"], env=spawn_env(env),
                          cwd=cwd, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "holds together" in done.stdout


def _killed_stream(db_url: str, tmp_path: Path, cli_env: dict[str, str], kills: int,
                   seed: int, *, every_kind: bool = False) -> None:
    folder = tmp_path / "writers"
    folder.mkdir()
    env = {**cli_env, "FRONTDESK_DB": db_url}
    killed = _stream(db_url, folder, kills, seed, env)
    assert killed == kills, f"{kills - killed} writers ended before their kill"
    said, maybe = expected(folder)
    assert said, "no writer acknowledged a change before its kill"
    if every_kind:  # bookings, moves and cancellations acknowledged, and some cut short
        assert None in said.values() and _cut_short(folder)
    book = _in_book(db_url)
    for visit, state in said.items():
        assert visit in book, f"acknowledged visit {visit} is not in the book"
        assert book[visit] in {state} | maybe[visit], (visit, book[visit], state)
    _check(env, tmp_path)


def test_writers_killed_at_random_lose_nothing_acknowledged(db_url, tmp_path, cli_env):
    _killed_stream(db_url, tmp_path, cli_env, kills=6, seed=20261130)


@pytest.mark.slow
def test_two_hundred_kills_during_a_stream_of_bookings(db_url, tmp_path, cli_env):
    _killed_stream(db_url, tmp_path, cli_env, kills=200, seed=1130, every_kind=True)


def _killed_upgrades(db_url: str, tmp_path: Path, cli_env: dict[str, str],
                     step_s: float) -> None:
    """A book with visits taken back to schema 0006 (before the double-booking guard, the
    sealed trail and staff accounts); ``frontdesk list rooms`` upgrading it is killed after
    step_s, 2 x step_s, … until one run finishes: some kills land while it starts, others
    in the upgrade's copy and in its migrations."""
    db = open_database(db_url)
    try:
        clinic = ClinicBuilder(db).standard()
        desk = Bookings(db, "tester", lambda: NOW)
        for day in range(5, 10):
            for hour, who, room in ((9, "Ana", "Cedar"), (11, "Ben", "Willow")):
                desk.book(request(clinic, f"2026-10-{day:02d} {hour}:00", therapist=who,
                                  room=room))
        desk.cancel(desk.book(request(clinic, "2026-10-05 14:00")).id, "moved away")
    finally:
        db.close()
    before = _in_book(db_url)
    set_schema(db_url, "0006", down=True)
    env = spawn_env({**cli_env, "FRONTDESK_DB": db_url})
    kills = 0
    while True:
        proc = subprocess.Popen([sys.executable, "-m", "frontdesk", "list", "rooms"], env=env,
                                cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        try:
            proc.wait(timeout=step_s * (kills + 1))
            break  # it finished: upgraded
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
        finally:
            if proc.stderr is not None:
                proc.stderr.close()
        assert kills < 200, "the upgrade never finished"
    assert proc.returncode == 0
    assert kills >= 3, "the upgrade finished before three kills"
    assert _in_book(db_url) == before
    _check({**cli_env, "FRONTDESK_DB": db_url}, tmp_path)


def test_an_upgrade_killed_again_and_again_keeps_every_visit(db_url, tmp_path, cli_env):
    _killed_upgrades(db_url, tmp_path, cli_env, step_s=0.08)


@pytest.mark.slow
def test_an_upgrade_killed_every_few_milliseconds_keeps_every_visit(db_url, tmp_path,
                                                                    cli_env):
    _killed_upgrades(db_url, tmp_path, cli_env, step_s=0.005)
