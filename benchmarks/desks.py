"""Several desks at once, as processes of their own (run by run.py on a scratch copy).

book_4_writers: four processes book at once, each its own therapist's free slots one after
another (the room is the engine's choice, inside its locked transaction); the figure is the
latency of each booking, p95 over all four. Floor: the very ``INSERT INTO appointments``
each booking sent, sent again through the raw driver (sqlite3 in ``BEGIN IMMEDIATE`` with
the program's pragmas; psycopg, one transaction per statement), by the same four processes
at once, with its times moved years on so that nothing clashes. book_1_writer, the same
with one process alone, is shown beside it (no goal): what a booking costs when no other
desk holds the booking lock, which every booking transaction takes (SQLite's write lock,
PostgreSQL's clinic row) so that the rules see the book as it is.

change_to_other_desk: one process books a visit every 0.3-1.3 s (random gaps, so the
bookings fall anywhere in a once-a-second read); another process runs the window's own
change watcher (ui/core/watcher.py: PostgreSQL's LISTEN/NOTIFY, SQLite's read once a
second) and notes when the booking's id comes back. The figure is from the start of the
booking call to that moment. Floor: the same through the raw driver — an audit row
inserted (which fires the same NOTIFY trigger on PostgreSQL), seen by a bare listener
reading the audit trail after each notice (PostgreSQL) or once a second (SQLite).

    python benchmarks/desks.py writer URL INDEX COUNT     # one of the four writers
    python benchmarks/desks.py announcer URL COUNT [--raw]
    python benchmarks/desks.py watcher URL COUNT [--raw]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import floors  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

from frontdesk.db.migrate import open_database, sqlite_path  # noqa: E402
from frontdesk.domain.errors import Refused  # noqa: E402
from frontdesk.services import availability  # noqa: E402
from frontdesk.services.booking import BookingRequest, Bookings  # noqa: E402
from frontdesk.services.catalog import load_catalog  # noqa: E402

#: The benchmark's "now" (run.DEMO_NOW) and where its bookings go: a year on, where the
#: demo booked nothing.
NOW = datetime.fromisoformat("2026-11-23T14:00:00+00:00")
FIRST = NOW + timedelta(days=400)
#: How far the floor's replayed INSERTs are moved: past everything booked above.
FLOOR_SHIFT = timedelta(weeks=520)
WRITERS = 4
SENT = "INSERT INTO appointments"
INSTANT_FORM = "%Y-%m-%d %H:%M:%S.%f"


def _slots(db, therapist_index: int,
           count: int) -> tuple[int, int, list[tuple[datetime, int]]]:
    """The service, therapist and ``count`` starts one after another that the therapist is
    free for, each with a client of its own (found before anything is timed)."""
    with db.read() as session:
        catalog = load_catalog(session)
        clients = list(session.scalars(text("SELECT id FROM clients ORDER BY id")))
    therapists = sorted(t.id for t in catalog.therapists.values() if t.active)
    therapist = therapists[therapist_index % len(therapists)]
    service = min(catalog.therapists[therapist].service_ids)
    starts: list[datetime] = []
    earliest = FIRST
    while len(starts) < count:
        found = availability.find(db, availability.Query(
            service_id=service, therapist_id=therapist, earliest=earliest, count=1, days=60),
            now=lambda: NOW)
        if not found:
            raise SystemExit(f"no free slot for therapist {therapist} after {earliest}")
        starts.append(found[0].start)
        earliest = found[0].end + timedelta(minutes=60)
    picked = clients[therapist_index * count:(therapist_index + 1) * count]
    return service, therapist, list(zip(starts, picked, strict=True))


def _go() -> None:
    """Say ready and wait for the word to start (all processes start together)."""
    print("ready", flush=True)
    sys.stdin.readline()


def _shifted(value):
    if isinstance(value, datetime):
        return value + FLOOR_SHIFT
    if isinstance(value, str) and len(value) == 26 and value[4] == "-" and value[10] == " ":
        try:
            moved = datetime.strptime(value, INSTANT_FORM) + FLOOR_SHIFT
        except ValueError:
            return value
        return moved.strftime(INSTANT_FORM)
    return value


def _write_raw(con, sqlite: bool, statement: str, parameters) -> int:
    """One statement in a write transaction of its own, committed; the new row's id."""
    if sqlite:
        con.execute("BEGIN IMMEDIATE")
        cursor = con.execute(statement, parameters)
        row = cursor.fetchone() if cursor.description else None
        con.execute("COMMIT")
        return row[0] if row else cursor.lastrowid
    with con.transaction():
        cursor = con.execute(statement, parameters)
        row = cursor.fetchone() if cursor.description else None
    return row[0] if row else 0


def _raw(url: str):
    """The raw driver's connection, with the program's pragmas on SQLite."""
    path = sqlite_path(url)
    con = floors.raw_connection(url, path)
    if path is not None:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000",
                       "foreign_keys=ON"):
            con.execute(f"PRAGMA {pragma}")
    return con, path is not None


def writer(url: str, index: int, count: int) -> int:
    db = open_database(url, create=False)
    service, therapist, starts = _slots(db, index, count)
    bookings = Bookings(db, actor=f"bench-{index}", now=lambda: NOW)
    sent: list[tuple[str, Any]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().startswith(SENT):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    times, refused = [], 0
    _go()
    for start, client in starts:
        t0 = time.perf_counter()
        try:
            bookings.book(BookingRequest(service_id=service, start=start, therapist_id=therapist,
                                         client_id=client, acknowledge=True))
        except Refused as refusal:  # counted in the figure, and said
            refused += 1
            print(f"refused: {refusal}", file=sys.stderr)
            continue
        times.append((time.perf_counter() - t0) * 1000)
    event.remove(db.engine, "before_cursor_execute", seen)
    db.close()
    con, sqlite = _raw(url)
    raw = []
    _go()
    for statement, parameters in sent:
        moved = ({k: _shifted(v) for k, v in parameters.items()}
                 if isinstance(parameters, dict) else tuple(_shifted(v) for v in parameters))
        t0 = time.perf_counter()
        _write_raw(con, sqlite, statement, moved)
        raw.append((time.perf_counter() - t0) * 1000)
    con.close()
    print(json.dumps({"book": times, "insert": raw, "refused": refused}), flush=True)
    return 0


#: A copy of the newest audit row: the raw floor's change, heard like any other (its seal
#: copied too: the scratch book's chain breaks there, which no benchmark reads).
RAW_CHANGE = ("INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, "
              "prev_hash, hash) SELECT at, actor, action, entity, entity_id, before, after, "
              "prev_hash, hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log) "
              "RETURNING id")
RAW_SINCE = ("SELECT id, entity, entity_id, before, after FROM audit_log WHERE id > {} "
             "ORDER BY id LIMIT 5000")


def announcer(url: str, count: int, raw: bool) -> int:
    """Books (or, raw, writes an audit row) every 0.3-1.3 s; prints "key started-at"."""
    rng = random.Random(5)
    if raw:
        con, sqlite = _raw(url)
        _go()
        for _ in range(count):
            time.sleep(rng.uniform(0.3, 1.3))
            t0 = time.time()
            key = _write_raw(con, sqlite, RAW_CHANGE, ())
            print(f"{key} {t0}", flush=True)
        con.close()
        return 0
    db = open_database(url, create=False)
    service, therapist, starts = _slots(db, WRITERS + 1, count)
    bookings = Bookings(db, actor="bench-desk", now=lambda: NOW)
    _go()
    for start, client in starts:
        time.sleep(rng.uniform(0.3, 1.3))
        t0 = time.time()
        made = bookings.book(BookingRequest(service_id=service, start=start,
                                            therapist_id=therapist, client_id=client,
                                            acknowledge=True))
        print(f"{made.id} {t0}", flush=True)
    db.close()
    return 0


def watcher(url: str, count: int, raw: bool) -> int:
    """Prints "key seen-at" for each change it hears of, until ``count`` were heard."""
    if raw:
        return _raw_watcher(url, count)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from frontdesk.ui.core.door import Door

    app = QApplication.instance() or QApplication([])
    db = open_database(url, create=False)
    door = Door(db, now=lambda: NOW, watch_ms=1000)
    heard: set[int] = set()

    def changed(found) -> None:
        at = time.time()
        for key in found.appointment_ids - heard:
            heard.add(key)
            print(f"{key} {at}", flush=True)
        if len(heard) >= count:
            app.quit()

    door.watcher.changed.connect(changed)
    door.watcher.start()
    QTimer.singleShot(0, lambda: print("ready", flush=True))
    QTimer.singleShot(count * 3000 + 10_000, app.quit)  # never hang the run
    app.exec()
    door.watcher.stop()
    db.close()
    return 0


def _raw_watcher(url: str, count: int) -> int:
    con, sqlite = _raw(url)
    last = con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    if not sqlite:
        con.execute("LISTEN frontdesk_changes")
    print("ready", flush=True)
    heard = 0
    deadline = time.monotonic() + count * 3 + 10
    while heard < count and time.monotonic() < deadline:
        if sqlite:
            time.sleep(1.0)
        elif not any(True for _ in con.notifies(timeout=0.25, stop_after=1)):
            continue
        rows = con.execute(RAW_SINCE.format(int(last))).fetchall()
        at = time.time()
        for row in rows:
            print(f"{row[0]} {at}", flush=True)
            last, heard = row[0], heard + 1
    con.close()
    return 0


# -- the parent's side (run.py) -------------------------------------------------------------

def _start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HERE / "desks.py"), *args], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _ready(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        assert p.stdout is not None
        line = p.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"a desk process did not start ({line.strip()!r})")


def _go_all(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()


def book_writers(url: str, env: dict, count: int = 30, writers: int = WRITERS) -> dict:
    """``writers`` processes booking ``count`` visits each at once (book_4_writers; with one
    writer, book_1_writer: what one booking costs with no one to wait for)."""
    procs = [_start(["writer", url, str(k), str(count)], env) for k in range(writers)]
    _ready(procs)
    _go_all(procs)  # the bookings
    _ready(procs)
    _go_all(procs)  # the floor: the same INSERTs, raw
    found = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    times = [t for f in found for t in f["book"]]
    raw = [t for f in found for t in f["insert"]]
    floor = floors.summary(raw)
    return floors.summary(times) | {
        "floor_ms": floor["p95_ms"], "floor_p50_ms": floor["p50_ms"],
        "floor": "same INSERT, raw driver", "writers": writers,
        "refused": sum(f["refused"] for f in found)}


def _latencies(url: str, env: dict, count: int, raw: bool) -> list[float]:
    extra = ["--raw"] if raw else []
    watching = _start(["watcher", url, str(count), *extra], env)
    _ready([watching])
    writing = _start(["announcer", url, str(count), *extra], env)
    _ready([writing])
    _go_all([writing])
    sent_out = writing.communicate()[0]
    heard_out = watching.communicate()[0]
    sent = dict(line.split() for line in sent_out.splitlines() if line.strip())
    heard = dict(line.split() for line in heard_out.splitlines() if line.strip())
    missing = set(sent) - set(heard)
    if missing:
        raise RuntimeError(f"{len(missing)} of {len(sent)} changes never reached the "
                           "other desk")
    return [(float(heard[k]) - float(t)) * 1000 for k, t in sent.items()]


def change_to_other_desk(url: str, env: dict, count: int = 30) -> dict:
    floor = floors.summary(_latencies(url, env, count, raw=True))
    return floors.summary(_latencies(url, env, count, raw=False)) | {
        "floor_ms": floor["p95_ms"], "floor_p50_ms": floor["p50_ms"],
        "floor": "raw driver reader"}


def main() -> int:
    role, url, *rest = sys.argv[1:]
    raw = "--raw" in rest
    rest = [a for a in rest if a != "--raw"]
    if role == "writer":
        return writer(url, int(rest[0]), int(rest[1]))
    if role == "announcer":
        return announcer(url, int(rest[0]), raw)
    if role == "watcher":
        return watcher(url, int(rest[0]), raw)
    raise SystemExit(f"unknown role {role}")


if __name__ == "__main__":
    sys.exit(main())
