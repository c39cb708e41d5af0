"""One day's schedule exported, on the large demo and on the small one, in a fresh process
(run by run.py; prints one JSON object).

Each run is what ``frontdesk export`` does after start-up: read the day (a sheet gathered
from the database) and write the file. Days are drawn from around the demo's "today", the
whole clinic unless the name says therapist. Targets: CSV and iCalendar p95 <= 50 ms, PDF
p95 <= 300 ms, on both demos alike. The floor is the same SQL replayed in raw sqlite3 (the
reading; writing the file has no floor of its own). With one URL, the large demo only.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from floors import SqlFloor
from run import DEMO_NOW, DEMO_START

from frontdesk.app import settle
from frontdesk.db.migrate import open_database, sqlite_path
from frontdesk.export import pdf, writer
from frontdesk.services.catalog import load_catalog
from frontdesk.services.daysheet import gather

RUNS = {"csv": 100, "ics": 100, "html": 100, "pdf": 40}


def bench(url: str, label: str) -> dict:
    db = open_database(url, create=False)
    floor = SqlFloor(db.engine, sqlite_path(url))
    out = Path(tempfile.mkdtemp(prefix="frontdesk-export-bench-"))
    rng = random.Random(11)
    days = [DEMO_START + timedelta(days=rng.randint(-20, 20)) for _ in range(50)]
    with db.read() as session:
        catalog = load_catalog(session)
    therapists = [t.id for t in catalog.therapists.values() if t.active]
    results = {}
    for fmt, runs in RUNS.items():
        for scope in ("clinic", "therapist"):
            if scope == "therapist" and fmt in ("html", "csv"):
                continue

            def one(i: int, fmt=fmt, scope=scope):
                who = ({"therapist_id": therapists[i % len(therapists)]}
                       if scope == "therapist" else {})
                with db.read() as session:
                    sheet = gather(session, catalog, days[i % len(days)], 1,
                                   layout=fmt == "pdf", now=DEMO_NOW, **who)
                return writer.write(sheet, fmt, out / f"day.{fmt}")

            name = f"export_{fmt}_day" + ("_therapist" if scope == "therapist" else "")
            results[f"{name}_{label}"] = floor.measure(one, runs, warmup=3)
    with db.read() as session:
        sheet = gather(session, catalog, DEMO_START, 1, now=DEMO_NOW)
    results[f"export_{label}_visits_per_day"] = {"count": len(sheet.visits)}
    floor.close()
    db.close()
    return results


def main() -> int:
    pdf.ensure_gui()
    settle()  # what is loaded, out of the collector's sight, as `frontdesk export` has it
    results = {}
    for label, url in zip(("large", "small"), sys.argv[1:3], strict=False):
        results |= bench(url, label)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
