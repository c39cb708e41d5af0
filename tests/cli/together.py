"""Desks let go at one moment: each command in its own real process, all started together.

Every process imports frontdesk, says it is ready, then waits for a shared "go" file, so
they reach the database at the same moment instead of one finishing its imports before the
next starts. A process may first shorten how long it waits for a lock (``wait=``), so a lock
held "too long" is a second or two, not the half minute a desk really waits.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.cli.conftest import SUBPROCESS_TIMEOUT_S, Result, spawn_env

DESK = """
import os, sys, time
wait = float(sys.argv[3])
import frontdesk.db.engine, frontdesk.db.migrate
if wait:
    frontdesk.db.engine.BUSY_TIMEOUT_S = wait
    frontdesk.db.migrate.UPGRADE_WAIT_S = wait
from frontdesk.cli import main
import frontdesk.cli.commands, frontdesk.services.booking, frontdesk.services.demo
go = sys.argv[1]
print("ready", file=open(sys.argv[2], "w"))
deadline = time.monotonic() + 60
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("frontdesk: the start never came")
    time.sleep(0.001)
sys.exit(main(sys.argv[4:]))
"""


def together(tmp_path: Path, env: dict[str, str], commands: list[list[str]],
             wait: float = 0) -> list[Result]:
    """Run each of ``commands`` in its own process, all let go at one moment."""
    run = tmp_path / f"run{len(list(tmp_path.glob('go*')))}"
    run.mkdir()
    go = tmp_path / f"go{run.name}"
    ready = [run / f"ready{i}" for i in range(len(commands))]
    procs = [subprocess.Popen(
        [sys.executable, "-c", DESK, str(go), str(flag), str(wait), *args],
        env=spawn_env(env), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8") for args, flag in zip(commands, ready, strict=True)]
    try:
        deadline = time.monotonic() + SUBPROCESS_TIMEOUT_S
        while not all(f.exists() for f in ready) and time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs):
                break
            time.sleep(0.01)
        go.touch()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=SUBPROCESS_TIMEOUT_S)
            results.append(Result(proc.returncode, out, err))
        return results
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
