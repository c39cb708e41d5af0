"""A book with a long history: the large demo's appointments copied back in time.

Cost must follow the day, not the history: the day-level figures on a 5,000,000-appointment
book should stay within 10% of the 1,000,000 ones. The long book is the large demo file
copied, then its appointment rows inserted again four times, each copy moved back by the
whole span of the original (a whole number of weeks, so weekdays stay), with SQL
INSERT ... SELECT: nothing booked in the demo's own span changes, so every day benchmarked
shows the same visits in both books. Built once into benchmarks/.cache/ (a few minutes).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

#: The columns copied (id is new; a copy belongs to no series).
COLUMNS = ("client_id", "service_id", "therapist_id", "room_id", "starts_at", "ends_at",
           "therapist_until", "room_until", "status", "cancel_reason", "source", "notes",
           "override_reason", "overridden", "price_cents", "cautions_acknowledged",
           "created_at", "created_by", "updated_at", "updated_by", "version",
           # A couples pair's copies share their room as the pair does (one party's
           # visits at another time, as a standing couples booking would be).
           "party_id")
#: Stored instants are "YYYY-MM-DD HH:MM:SS.ffffff" (frontdesk.db.types.Instant): moved by
#: whole days, keeping the fraction as it is written.
INSTANTS = ("starts_at", "ends_at", "therapist_until", "room_until", "created_at",
            "updated_at")


def build(source: Path, target: Path, copies: int, log) -> float:
    """Write ``target``: ``source`` with its appointments copied ``copies`` times further
    back. Returns the seconds it took."""
    t0 = time.perf_counter()
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    log(f"copying {source.name} ...")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
    finally:
        src.close()
    try:
        _copy_back(dst, copies, log)
    finally:
        dst.close()
    partial.replace(target)
    return time.perf_counter() - t0


def _copy_back(con: sqlite3.Connection, copies: int, log) -> None:
    con.isolation_level = None
    con.execute("PRAGMA journal_mode=OFF")  # a scratch file built in one go
    con.execute("PRAGMA synchronous=OFF")
    first, last = con.execute("SELECT min(starts_at), max(starts_at) FROM appointments"
                              ).fetchone()
    span = con.execute("SELECT julianday(?) - julianday(?)", (last, first)).fetchone()[0]
    weeks = int(span // 7) + 1
    # Indexes and the room guard are dropped for the load and made again after it (the
    # copies cannot overlap: each lies wholly before the one after it).
    saved = con.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = "
                        "'appointments' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
                        ).fetchall()
    con.execute("BEGIN")
    for kind, name, _sql in saved:
        con.execute(f"DROP {kind.upper()} {name}")
    for n in range(1, copies + 1):
        shift = f"-{7 * weeks * n} days"
        values = [f"strftime('%Y-%m-%d %H:%M:%S', {c}, '{shift}') || substr({c}, 20)"
                  if c in INSTANTS else c for c in COLUMNS]
        con.execute(f"INSERT INTO appointments ({', '.join(COLUMNS)}) "
                    f"SELECT {', '.join(values)} FROM appointments "
                    f"WHERE starts_at >= ? AND starts_at <= ? ORDER BY starts_at", (first, last))
        log(f"copy {n} of {copies}: {shift}")
    log("indexes ...")
    for _kind, _name, sql in saved:
        con.execute(sql)
    con.execute("COMMIT")  # no ANALYZE: the planner sees both books alike
    count = con.execute("SELECT count(*) FROM appointments").fetchone()[0]
    log(f"{count:,} appointments")
