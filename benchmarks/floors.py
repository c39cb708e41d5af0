"""What each benchmark is measured against: the least the same work can cost.

- reads: the very SQL statements the benchmark sent (recorded from the engine as they go),
  sent again through the raw driver (Python's sqlite3 module, with the same page cache, or
  plain psycopg on PostgreSQL) and fetched;
- writes from several desks (desks.py): the same INSERT through the raw driver;
- painting: a bare QWidget of the same size repainted;
- start-up: ``python -c pass`` as a whole process.

The ratio of a figure to its floor says how much the program adds on top of the database,
Qt or the interpreter, in a way a faster or slower machine does not change much.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

#: The same page cache the program's connections get (frontdesk.db.engine).
CACHE_PRAGMA = "PRAGMA cache_size=-32768"


def summary(times: list[float], runs: int | None = None) -> dict:
    """p50, p95 and max of ``times`` (milliseconds), as every benchmark reports them."""
    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 3),
            "max_ms": round(times[-1], 3), "runs": runs or len(times)}


class SqlFloor:
    """Records the statements an engine sends while a benchmark runs, to replay them raw.

    ``measure(fn, runs)`` times ``fn(i)`` as run.measure does and returns its summary with
    the floor's: each run's statements executed again, in order, on one plain sqlite3
    connection (BEGIN left out: sqlite3 reads in autocommit), all rows fetched. On
    PostgreSQL (``path`` None) the same on one plain psycopg connection in autocommit, given
    the statements and parameters exactly as SQLAlchemy handed them to psycopg."""

    def __init__(self, engine, path: Path | None):
        self.path = path
        self._current: list | None = None
        event.listen(engine, "before_cursor_execute", self._seen)
        self._engine = engine

    def _seen(self, _conn, _cursor, statement, parameters, _context, executemany):
        if self._current is not None and not executemany:
            self._current.append((statement, parameters))

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)

    def measure(self, fn: Callable[[int], object], runs: int, warmup: int = 5) -> dict:
        for i in range(warmup):
            fn(i)
        times, sent = [], []
        for i in range(runs):
            self._current = []
            t0 = time.perf_counter()
            fn(i)
            times.append((time.perf_counter() - t0) * 1000)
            sent.append(self._current)
            self._current = None
        out = summary(times, runs)
        floor = self.replay(sent)
        out["floor_ms"] = floor["p95_ms"]
        out["floor_p50_ms"] = floor["p50_ms"]
        out["floor"] = "raw sqlite3" if self.path else "raw psycopg"
        return out

    def replay(self, sent: list[list[tuple]]) -> dict:
        con = raw_connection(self._engine.url, self.path)
        try:
            for statements in sent[:5]:  # warm the page cache as the benchmark's warm-up did
                self._run(con, statements)
            times = []
            for statements in sent:
                t0 = time.perf_counter()
                self._run(con, statements)
                times.append((time.perf_counter() - t0) * 1000)
        finally:
            con.close()
        return summary(times)

    @staticmethod
    def _run(con, statements: list[tuple]) -> None:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("BEGIN"):
                continue
            cursor = con.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()


def raw_connection(url, path: Path | None):
    """A plain driver connection in autocommit: sqlite3 with the program's page cache for
    the file at ``path``, else psycopg to the server of SQLAlchemy URL ``url``."""
    if path is not None:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute(CACHE_PRAGMA)
        return con
    import psycopg

    return psycopg.connect(conninfo(url), autocommit=True)


def conninfo(url) -> str:
    """psycopg's own connection string for a SQLAlchemy PostgreSQL URL (or its text)."""
    from sqlalchemy.engine import make_url

    return make_url(str(url) if not hasattr(url, "set") else url).set(
        drivername="postgresql").render_as_string(hide_password=False)


def bare_paint(width: int, height: int, runs: int = 300) -> dict:
    """A bare QWidget of ``width`` x ``height`` repainted synchronously (Qt must be up)."""
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance()
    widget = QWidget()
    widget.resize(width, height)
    widget.show()
    app.processEvents()
    for _ in range(10):
        widget.repaint()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        widget.repaint()
        times.append((time.perf_counter() - t0) * 1000)
    widget.close()
    return summary(times)


def process_times(argv: list[str], runs: int, env: dict | None = None,
                  floor: list[str] | None = None) -> tuple[list[float], list[float]]:
    """Whole-process wall times (ms) of ``argv`` and, run in turn with it (A B A B ...,
    so drift in the machine's speed hits both alike), of ``floor`` (``python -c pass``)."""
    floor = floor or [sys.executable, "-c", "pass"]
    env = env or dict(os.environ)
    mine, base = [], []
    for i in range(runs + 1):  # the first pair warms the disk cache, not counted
        for command, out in ((argv, mine), (floor, base)):
            t0 = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            if i:
                out.append((time.perf_counter() - t0) * 1000)
    return mine, base
