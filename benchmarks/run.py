"""Benchmarks on the large demo clinic (30 therapists, 30 rooms, 100,000 clients,
1,000,000 appointments). Not tests: figures to read, compare with the targets and quote.

    python benchmarks/run.py --json          # one JSON object {name: {"p50_ms", "p95_ms"}}
    python benchmarks/run.py --db URL        # another database (default: a cached demo file)

The demo file is built on first use in benchmarks/.cache/ (about a minute) and reused.
Targets: day_load p95 <= 5 ms, availability_next5 p95 <= 50 ms, client_search p95 <= 10 ms;
day_switch (query, layout and paint of ~30 columns, ~250 appointments) p95 <= 16 ms and
max <= 50 ms; launch_first_paint <= 1.5 s; memory_365_days <= 300 MB, not growing;
find_time_refresh (the find-a-time dialog's search per keystroke) p95 <= 50 ms and
find_time_keystroke (the dialog itself: keystroke to list shown) p95 <= 50 ms;
caller_lookup p95 <= 20 ms; one day's export (exports.py, large and small demo alike):
CSV and iCalendar p95 <= 50 ms, PDF p95 <= 300 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontdesk.db.migrate import open_database  # noqa: E402
from frontdesk.domain import clock  # noqa: E402
from frontdesk.services import availability, caller, clients, schedule  # noqa: E402
from frontdesk.services.catalog import load_catalog  # noqa: E402
from frontdesk.services.demo import build_demo  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
#: The large demo's "today": fixed, so the figures do not drift with the calendar.
DEMO_START = date(2026, 11, 23)
DEMO_NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
#: Bumped when the large demo changes shape, so a stale cached file is not measured.
DEMO_VERSION = 2


def measure(fn: Callable[[int], object], runs: int, warmup: int = 5) -> dict:
    for i in range(warmup):
        fn(i)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 3),
            "max_ms": round(times[-1], 3), "runs": runs}


def small_demo(log) -> str:
    """The small demo (6 therapists), cached beside the large one: exports compare the two."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"small-demo-v{DEMO_VERSION}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        log("building the small demo (once) ...")
        db = open_database(url)
        try:
            build_demo(db, "small", start=DEMO_START, now=DEMO_NOW, progress=lambda _m: None)
        except BaseException:
            db.close()
            path.unlink(missing_ok=True)
            raise
        db.close()
    return url


def large_demo(url: str | None, log) -> tuple[str, float | None]:
    if url:
        return url, None
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"large-demo-v{DEMO_VERSION}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():
        return url, None
    log("building the large demo (once; cached in benchmarks/.cache/) ...")
    t0 = time.perf_counter()
    db = open_database(url)
    try:
        build_demo(db, "large", start=DEMO_START, now=DEMO_NOW, progress=log)
    except BaseException:
        db.close()
        path.unlink(missing_ok=True)
        raise
    db.close()
    return url, time.perf_counter() - t0


def run(url: str | None, log) -> dict:
    url, build_s = large_demo(url, log)
    db = open_database(url)
    results: dict[str, dict] = {}
    if build_s is not None:
        results["demo_large_build"] = {"seconds": round(build_s, 1)}
    with db.read() as session:
        catalog = load_catalog(session)
    tz = catalog.clinic.tz
    rng = random.Random(7)

    days = [DEMO_START - timedelta(days=rng.randint(0, 3000)) for _ in range(400)]

    def day_load(i: int):
        with db.read() as session:
            rows = schedule.days(session, days[i % len(days)], 1, tz)
        return rows

    log("day_load ...")
    results["day_load"] = measure(day_load, 300)
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

    log("availability_next5 ...")
    results["availability_next5"] = measure(next5, 60)

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

    log("client_search ...")
    results["client_search"] = measure(client_search, 300)

    def caller_lookup(i: int):
        with db.read() as session:
            return caller.lookup(session, queries[i % len(queries)], DEMO_NOW)

    log("caller_lookup ...")
    results["caller_lookup"] = measure(caller_lookup, 300)

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

    log("find_time_refresh ...")
    results["find_time_refresh"] = measure(find_time, 200)
    db.close()
    results.update(window_benchmarks(url, log))
    log("exports (one day: CSV, iCalendar, HTML, PDF; large and small demo) ...")
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "exports.py"), url,
                          small_demo(log)], capture_output=True, text=True, check=True).stdout
    results.update(json.loads(out))
    return results


def window_benchmarks(url: str, log) -> dict:
    """The window on the large demo: day switch (query + layout + paint), launch to first
    paint in a fresh process, and memory while paging through a year."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="frontdesk-bench-")
    os.environ["FRONTDESK_HOME"] = home  # remembered window state stays out of the user's
    os.environ["FRONTDESK_NOW"] = DEMO_NOW.isoformat()
    results: dict[str, dict] = {}

    log("launch_first_paint ...")
    launches = []
    for _ in range(5):
        t0 = time.time()
        out = subprocess.run([sys.executable, str(Path(__file__).parent / "first_paint.py"),
                              url], capture_output=True, text=True, check=True,
                             env=os.environ).stdout
        launches.append((float(out.strip().splitlines()[-1]) - t0) * 1000)
    launches.sort()
    results["launch_first_paint"] = {"p50_ms": round(statistics.median(launches), 1),
                                     "max_ms": round(launches[-1], 1), "runs": len(launches)}

    log("day_switch, find_time_keystroke and memory_365_days ...")
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "window.py"), url],
                         capture_output=True, text=True, check=True, env=os.environ).stdout
    results.update(json.loads(out))
    return results


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
    args = parser.parse_args()

    def log(msg: str) -> None:
        print(f"  {msg}", file=sys.stderr)

    results = run(args.db, log)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, figures in results.items():
            print(f"{name:<22} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
