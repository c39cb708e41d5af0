"""Benchmarks on the large demo clinic (30 therapists, 30 rooms, 100,000 clients,
1,000,000 appointments). Not tests: figures to read, compare with the goals and quote.

    python benchmarks/run.py                 # a table: each figure, its floor, ratio, goal
    python benchmarks/run.py --json          # one JSON object {name: {"p50_ms", ...}}
    python benchmarks/run.py --history       # day-level figures on 1M and on 5M appointments
    python benchmarks/run.py --db URL        # another database (default: a cached demo file)
    python benchmarks/run.py --pg URL        # also on a PostgreSQL server (engines.py)
    python benchmarks/run.py --only day_load,book_4_writers_pg   # only these figures' groups
    python benchmarks/run.py --only report_utilisation,report_no_shows   # a year's reports

The demo file is built on first use in benchmarks/.cache/ (about a minute) and reused; the
5,000,000-appointment book of --history is made from it (benchmarks/history.py). Each
figure stands beside its floor (benchmarks/floors.py: the same SQL in raw sqlite3 or plain
psycopg, a bare QWidget repainted, ``python -c pass``) and its goal (benchmarks/goals.py).
With ``--pg`` the same demo is built once in a database of that server and the figures
that concern the engine are measured there too, named with the suffix ``_pg``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

sys.path.insert(0, str(ROOT / "scripts"))

import build_bundle  # noqa: E402
import desks  # noqa: E402
import engines  # noqa: E402
import floors  # noqa: E402
import goals  # noqa: E402

from frontdesk.app import settle  # noqa: E402
from frontdesk.db.migrate import open_database, sqlite_path  # noqa: E402
from frontdesk.domain import clock  # noqa: E402
from frontdesk.services import (  # noqa: E402
    availability,
    caller,
    client_cards,
    clients,
    schedule,
)
from frontdesk.services.catalog import load_catalog  # noqa: E402
from frontdesk.services.demo import build_demo  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
#: Where scripts/build_bundle.py puts the bundle (bundle_first_paint is skipped without it).
BUNDLE = ROOT / "dist" / "frontdesk"
HERE = Path(__file__).resolve().parent
#: The large demo's "today": fixed, so the figures do not drift with the calendar.
DEMO_START = date(2026, 11, 23)
DEMO_NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
#: Bumped when the large demo changes shape, so a stale cached file is not measured (3: a
#: couples room and service with pairs booked in the days to come, and the money ledger).
DEMO_VERSION = 3
#: The long book: the large demo's appointments and four copies further back (5,000,650).
HISTORY_COPIES = 4
#: The figures that should follow the day, not the history (--history compares them).
DAY_LEVEL = ("day_load", "availability_next5", "find_time_refresh", "day_switch",
             "export_csv_day_large", "export_ics_day_large")
#: The reads measured on PostgreSQL too (with the day switch and the several desks).
PG_READS = ("day_load", "availability_next5", "find_time_refresh")
#: The figures each part of the run measures (what --only chooses among).
SEARCHES = ("client_search", "caller_lookup", "duplicate_check")
READS = (*PG_READS, *SEARCHES)
WINDOW = ("day_switch", "find_time_keystroke", "memory_365_days")
DESKS = ("book_1_writer", "book_4_writers", "change_to_other_desk")
#: The owner's reports over the year before the demo's today (services/reports.py).
REPORTS = ("report_utilisation", "report_no_shows", "report_busiest_hours",
           "report_new_returning", "report_revenue")


def wanted(only: set[str] | None, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """Which of ``names`` to measure: all with no --only, else those named (maybe none)."""
    return names if only is None else tuple(n for n in names if n in only)


def measure(fn: Callable[[int], object], runs: int, warmup: int = 5) -> dict:
    for i in range(warmup):
        fn(i)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return floors.summary(times, runs)


def _built(path: Path, log, make: Callable[[str], None], what: str) -> float | None:
    """Build ``path`` with ``make(url)`` unless it is cached; seconds taken, or None."""
    if path.exists():
        return None
    CACHE.mkdir(exist_ok=True)
    log(f"building {what} (once; cached in benchmarks/.cache/) ...")
    t0 = time.perf_counter()
    try:
        make(f"sqlite:///{path}")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return time.perf_counter() - t0


def _demo(scale: str, log) -> Callable[[str], None]:
    def make(url: str) -> None:
        db = open_database(url)
        try:
            build_demo(db, scale, start=DEMO_START, now=DEMO_NOW,
                       progress=log if scale == "large" else (lambda _m: None))
        finally:
            db.close()
    return make


def small_demo(log) -> str:
    """The small demo (6 therapists), cached beside the large one: exports compare the two."""
    path = CACHE / f"small-demo-v{DEMO_VERSION}.sqlite3"
    _built(path, log, _demo("small", log), "the small demo")
    return f"sqlite:///{path}"


def large_demo(url: str | None, log) -> tuple[str, float | None]:
    if url:
        return url, None
    path = CACHE / f"large-demo-v{DEMO_VERSION}.sqlite3"
    return f"sqlite:///{path}", _built(path, log, _demo("large", log), "the large demo")


def long_book(log) -> tuple[str, float | None]:
    """The large demo with four more copies of its appointments further back (history.py)."""
    import history

    large, _ = large_demo(None, log)
    path = CACHE / f"history-5m-v{DEMO_VERSION}.sqlite3"
    took = _built(path, log, lambda _url: history.build(
        sqlite_path(large), path, HISTORY_COPIES, log), "the 5,000,000-appointment book")
    return f"sqlite:///{path}", took


# -- reads ----------------------------------------------------------------------------------

def reads(url: str, log, only: tuple[str, ...] | None = None) -> dict:
    """The service-level figures, each with the same SQL replayed through the raw driver."""
    db = open_database(url, create=False)
    floor = floors.SqlFloor(db.engine, sqlite_path(url))
    timed = floor.measure
    results: dict[str, dict] = {}
    with db.read() as session:
        catalog = load_catalog(session)
    tz = catalog.clinic.tz
    rng = random.Random(7)
    days = [DEMO_START - timedelta(days=rng.randint(0, 3000)) for _ in range(400)]

    def wanted(name: str) -> bool:
        return only is None or name in only

    def day_load(i: int):
        with db.read() as session:
            return schedule.days(session, days[i % len(days)], 1, tz)

    if wanted("day_load"):
        log("day_load ...")
        results["day_load"] = timed(day_load, 300)
        with db.read() as session:
            results["day_load"]["appointments_per_day"] = round(statistics.mean(
                len(schedule.days(session, d, 1, tz)) for d in days[:30]))

    services = [s.id for s in catalog.services.values()]
    starts = [DEMO_NOW + timedelta(minutes=15 * rng.randint(0, 4 * 24 * 20))
              for _ in range(200)]

    def next5(i: int):
        query = availability.Query(service_id=services[i % len(services)],
                                   earliest=starts[i % len(starts)], count=5)
        return availability.find(db, query, now=lambda: DEMO_NOW)

    if wanted("availability_next5"):
        log("availability_next5 ...")
        results["availability_next5"] = timed(next5, 100)

    if only is None or set(only) & set(SEARCHES):
        results |= _searches(db, timed, rng, log)

    # Find a time, as the dialog asks on each keystroke or filter change: the next ten
    # options from now, for any therapist or one, today only or a part of the day.
    therapists = [t.id for t in catalog.therapists.values() if t.active]
    _, end_of_today = clock.day_bounds(clock.to_local(DEMO_NOW, tz).date(), tz)
    variants = [{}, {"latest": end_of_today}, {"window": availability.PARTS_OF_DAY["evening"]},
                {"therapist_id": None}, {"window": availability.PARTS_OF_DAY["morning"]}]

    def find_time(i: int):
        kw = dict(variants[i % len(variants)])
        if "therapist_id" in kw:
            kw["therapist_id"] = therapists[i % len(therapists)]
        query = availability.Query(service_id=services[i % len(services)], count=10, **kw)
        return availability.find(db, query, now=lambda: DEMO_NOW)

    if wanted("find_time_refresh"):
        log("find_time_refresh ...")
        results["find_time_refresh"] = timed(find_time, 200)
    floor.close()
    db.close()
    return results


def open_check(url: str, log) -> dict:
    """The check every opening of an SQLite book makes (frontdesk.db.sqlite_files): its
    header, then quick_check within its budget. Floor: a plain read-only connection reading
    the schema, the least any opening does."""
    import sqlite3

    from frontdesk.db import sqlite_files

    path = sqlite_path(url)
    if path is None:
        return {}
    log("open_check ...")

    def bare(_i: int) -> None:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        con.close()

    def check(_i: int) -> None:
        assert sqlite_files.open_problem(path) is None

    floor = measure(bare, 50)
    return {"open_check": measure(check, 50) | {
        "floor_ms": floor["p95_ms"], "floor_p50_ms": floor["p50_ms"],
        "floor": "a read-only connection reading the schema",
        "budget_ms": sqlite_files.OPEN_CHECK_BUDGET_S * 1000}}


def _searches(db, timed, rng, log) -> dict:
    """Client search and caller look-up by name prefixes and phone digits."""
    with db.read() as session:
        names = [c.name for c in clients.search(session, "a", limit=200)]
        names += [c.name for c in clients.search(session, "m", limit=200)]
        phones = [c.phone for c in clients.search(session, "j", limit=200)]
    prefixes = [n.split()[rng.randint(0, len(n.split()) - 1)][:rng.randint(2, 5)] for n in names]
    digits = ["".join(ch for ch in p if ch.isdigit())[-4:] for p in phones if p]
    queries = [q for pair in zip(prefixes, digits, strict=False) for q in pair]

    def client_search(i: int):
        with db.read() as session:
            return clients.search(session, queries[i % len(queries)])

    def caller_lookup(i: int):
        with db.read() as session:
            return caller.lookup(session, queries[i % len(queries)], DEMO_NOW)

    # A new card (the editor, a walk-in, the command line) is checked for duplicates: a
    # known name with one letter wrong, or a known phone typed another way.
    typos = [n[:-1] + ("x" if n[-1] != "x" else "y") for n in names]
    numbers = [p.replace("+1 ", "(").replace("-", ") ", 1) for p in phones if p]

    def duplicate_check(i: int):
        with db.read() as session:
            return client_cards.duplicates_of(session, typos[i % len(typos)],
                                              phone=numbers[i % len(numbers)])

    log("client_search, caller_lookup and duplicate_check ...")
    return {"client_search": timed(client_search, 300),
            "caller_lookup": timed(caller_lookup, 300),
            "duplicate_check": timed(duplicate_check, 300)}


def report_figures(url: str, log, only: tuple[str, ...] = REPORTS) -> dict:
    """Each report over a year, beside its floor: the same GROUP BY statements sent raw."""
    from frontdesk.domain.reports import Range
    from frontdesk.services import reports

    db = open_database(url, create=False)
    floor = floors.SqlFloor(db.engine, sqlite_path(url))
    year = Range(DEMO_START - timedelta(days=365), DEMO_START - timedelta(days=1))
    results: dict[str, dict] = {}
    for name in only:
        report = name.removeprefix("report_").replace("_", "-")
        log(f"{name} ...")

        def one(_i: int, report=report):
            with db.read() as session:
                return reports.run(session, report, year)

        results[name] = floor.measure(one, 10, warmup=2)
    floor.close()
    db.close()
    return results


# -- processes: the window and the command line -------------------------------------------

def _environment() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["FRONTDESK_HOME"] = tempfile.mkdtemp(prefix="frontdesk-bench-")  # not the user's
    env["FRONTDESK_NOW"] = DEMO_NOW.isoformat()
    return env


def window(url: str, log, *, switch_only: bool = False) -> dict:
    """The window on the large demo (window.py, a process of its own)."""
    log("day_switch" + ("" if switch_only else ", find_time_keystroke and memory_365_days")
        + " ...")
    out = subprocess.run([sys.executable, str(HERE / "window.py"), url,
                          *(["--switch-only"] if switch_only else [])],
                         capture_output=True, text=True, check=True, env=_environment()).stdout
    return json.loads(out)


def launch(url: str, log, runs: int = 10, bundle: Path = BUNDLE) -> dict:
    """Launch to the first painted day (first_paint.py) and the same from the bundle, where
    one was built (scripts/build_bundle.py; the window's FRONTDESK_QUIT_AFTER_PAINT hook, as
    first_paint.py uses), beside ``python -c pass``, in turn so drift hits all alike."""
    try:
        program = build_bundle.executable(bundle)
    except build_bundle.Failed:
        program = None
    log("launch_first_paint" + (" and bundle_first_paint" if program else "") + " ...")
    env = _environment()
    launches, bundled, base = [], [], []
    for i in range(runs + 1):
        t0 = time.time()
        out = subprocess.run([sys.executable, str(HERE / "first_paint.py"), url],
                             capture_output=True, text=True, check=True, env=env).stdout
        painted = (float(out.strip().splitlines()[-1]) - t0) * 1000
        if program:
            bundled.append(build_bundle.first_paint(program, env | {"FRONTDESK_DB": url}) * 1000)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        if i:  # the first round warms the disk cache
            launches.append(painted)
            base.append((time.perf_counter() - t0) * 1000)
    return {"launch_first_paint": _with_floor(launches, base, "python -c pass"),
            "bundle_first_paint": _with_floor(bundled[1:], base, "python -c pass") if program
            else {"skipped": f"no bundle in {bundle} (python scripts/build_bundle.py)"}}


def command_line(url: str, log, runs: int = 10) -> dict:
    """`frontdesk --version` and `frontdesk list therapists` as whole processes."""
    log("cli_version and cli_list_therapists ...")
    env = _environment() | {"FRONTDESK_DB": url}
    out = {}
    for name, args in (("cli_version", ["--version"]),
                       ("cli_list_therapists", ["list", "therapists"])):
        mine, base = floors.process_times([sys.executable, "-m", "frontdesk", *args], runs,
                                          env)
        out[name] = _with_floor(mine, base, "python -c pass")
    return out


def _with_floor(times: list[float], base: list[float], what: str) -> dict:
    out = floors.summary(times)
    floor = floors.summary(base)
    return out | {"floor_ms": floor["p95_ms"], "floor_p50_ms": floor["p50_ms"], "floor": what}


def exports(url: str, small: str | None, log) -> dict:
    log("exports (one day: CSV, iCalendar, HTML, PDF" + (", large and small demo" if small
                                                         else "") + ") ...")
    out = subprocess.run([sys.executable, str(HERE / "exports.py"), url,
                          *([small] if small else [])],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def several_desks(url: str, log, only: tuple[str, ...] = DESKS) -> dict:
    """Desks booking at once, and a change reaching another desk (desks.py), on a scratch
    copy of the book (``only``: the bookings or the change alone)."""
    found = {}
    with engines.scratch(url, log) as copy:
        if {"book_1_writer", "book_4_writers"} & set(only):
            log("book_1_writer and book_4_writers ...")
            found = {"book_1_writer": desks.book_writers(copy, _environment(), writers=1),
                     "book_4_writers": desks.book_writers(copy, _environment())}
        if "change_to_other_desk" in only:
            log("change_to_other_desk ...")
            found["change_to_other_desk"] = desks.change_to_other_desk(copy, _environment())
    return found


def on_postgres(server: str, log, only: set[str] | None = None) -> dict:
    """The figures that concern the engine, on the large demo built on ``server``
    (``only``: those of these named, without the suffix)."""
    url, build_s = engines.pg_book(server, DEMO_VERSION, _demo("large", log), log)
    found: dict[str, dict] = {}
    if build_s is not None:
        found["demo_large_build"] = {"seconds": round(build_s, 1)}
    if names := wanted(only, PG_READS):
        found |= reads(url, log, only=names)
    if only is None or "day_switch" in only:
        found |= window(url, log, switch_only=True)
    if names := wanted(only, DESKS):
        found |= several_desks(url, log, names)
    if names := wanted(only, REPORTS):
        found |= report_figures(url, log, names)
    return {name + goals.PG: fig for name, fig in found.items()}


# -- the whole run and the long history -----------------------------------------------------

def run(url: str | None, log, pg: str | None = None, only: set[str] | None = None) -> dict:
    """Every figure, or with ``only`` the parts that measure those named (a name with the
    suffix _pg asks for that figure on PostgreSQL)."""
    results: dict[str, dict] = {}
    mine = None if only is None else {n for n in only if not n.endswith(goals.PG)}
    if mine is None or mine:
        url, build_s = large_demo(url, log)
        if build_s is not None:
            results["demo_large_build"] = {"seconds": round(build_s, 1)}
        if names := wanted(mine, READS):
            results |= reads(url, log, only=None if mine is None else names)
        if names := wanted(mine, REPORTS):
            results |= report_figures(url, log, names)
        if mine is None or "open_check" in mine:
            results |= open_check(url, log)
        if mine is None or {"launch_first_paint", "bundle_first_paint"} & mine:
            results |= launch(url, log)
        if mine is None or {"cli_version", "cli_list_therapists"} & mine:
            results |= command_line(url, log)
        if names := wanted(mine, WINDOW):
            results |= window(url, log, switch_only=names == ("day_switch",))
        if mine is None or any(n.startswith("export_") for n in mine):
            results |= exports(url, small_demo(log), log)
        if names := wanted(mine, DESKS):
            results |= several_desks(url, log, names)
    on_pg = None if only is None else {n.removesuffix(goals.PG) for n in only
                                       if n.endswith(goals.PG)}
    if pg and (on_pg is None or on_pg):
        results |= on_postgres(pg, log, on_pg)
    return goals.judge(results)


def history_run(log, rounds: int = 3) -> dict:
    """The day-level figures on the large demo and on the 5,000,000-appointment book,
    measured in turn (1M, 5M, 1M, 5M ...) so that the machine's drift hits both alike;
    each book's figure is the median of its rounds' p50 and p95, and each ratio the median
    of the rounds' ratios (5M over the 1M measured just before it). The floor ratio is the
    same for the raw SQL replayed (reads and exports): the database's own share, which is
    where a longer history could show."""
    large, _ = large_demo(None, log)
    long, build_s = long_book(log)
    figures: dict[str, dict[str, list[dict]]] = {}
    for n in range(rounds):
        for label, url in (("1M", large), ("5M", long)):
            log(f"round {n + 1} of {rounds}, {label} book")
            found = reads(url, log, only=DAY_LEVEL)
            found |= window(url, log, switch_only=True)
            found |= exports(url, None, log)
            for name in DAY_LEVEL:
                figures.setdefault(name, {}).setdefault(label, []).append(found[name])
    out: dict[str, dict] = {}
    if build_s is not None:
        out["history_build"] = {"seconds": round(build_s, 1)}
    for name, books in figures.items():
        row = {}
        for label, runs in books.items():
            for stat in ("p50_ms", "p95_ms"):
                row[f"{stat[:3]}_{label}_ms"] = round(statistics.median(r[stat] for r in runs), 3)
        for stat in ("p50_ms", "p95_ms", "floor_p50_ms"):  # pair by pair, as measured
            if all(stat in r for runs in books.values() for r in runs):
                row[f"{stat[:-3]}_ratio"] = round(statistics.median(
                    long[stat] / short[stat] for short, long in zip(books["1M"], books["5M"],
                                                                    strict=True)), 3)
        # Judged on the median, the steadier figure on a shared machine (see goals.py).
        row["met"] = row["p50_ratio"] <= 1.10
        out[name] = row
    return out


def history_table(found: dict) -> str:
    head = (f"{'benchmark':<24}{'p50 1M':>9}{'p50 5M':>9}{'ratio':>7}"
            f"{'p95 1M':>9}{'p95 5M':>9}{'ratio':>7}{'floor':>7}  goal: p50 within 10%")
    lines = [head, "-" * len(head)]
    for name, r in found.items():
        if "met" not in r:
            lines.append(f"{name:<24}" + "  ".join(f"{k}={v}" for k, v in r.items()))
            continue
        lines.append(f"{name:<24}{r['p50_1M_ms']:>9.1f}{r['p50_5M_ms']:>9.1f}"
                     f"{r['p50_ratio']:>7.2f}{r['p95_1M_ms']:>9.1f}{r['p95_5M_ms']:>9.1f}"
                     f"{r['p95_ratio']:>7.2f}"
                     + (f"{r['floor_p50_ratio']:>7.2f}" if "floor_p50_ratio" in r else f"{'-':>7}")
                     + f"  {'met' if r['met'] else 'NOT met'}")
    return "\n".join(lines)


def rss_mb() -> float:
    """Resident memory now (not the peak), from /proc where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--db", metavar="URL", help="benchmark this database instead")
    parser.add_argument("--pg", metavar="URL",
                        help="also measure on this PostgreSQL server (postgresql+psycopg://"
                             "...; the benchmark creates its own database there)")
    parser.add_argument("--only", metavar="NAMES",
                        help="comma-separated figures (e.g. day_load,book_4_writers_pg): "
                             "only the parts of the run that measure them")
    parser.add_argument("--history", action="store_true",
                        help="compare the day-level figures on 1,000,000 and 5,000,000 "
                             "appointments (builds the long book once)")
    parser.add_argument("--rounds", type=int, default=3, metavar="N",
                        help="with --history: rounds on each book (default 3)")
    args = parser.parse_args()

    def log(msg: str) -> None:
        print(f"  {msg}", file=sys.stderr)

    settle()  # what is loaded now, out of the collector's sight: as the program does
    if args.history:
        found = history_run(log, args.rounds)
        print(json.dumps(found, indent=2) if args.json else history_table(found))
        return 0
    only = set(args.only.split(",")) if args.only else None
    results = run(args.db, log, args.pg, only)
    print(json.dumps(results, indent=2) if args.json else goals.table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
