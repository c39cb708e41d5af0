"""The window on the large demo, in a fresh process (run by run.py; prints one JSON object).

day_switch: showing another day — query, layout and a synchronous paint of the day view at
1366x768 — timed per switch. find_time_keystroke: a key typed or a filter changed in the
find-a-time dialog, to its list of free times refreshed (the search, run off the GUI
thread, waited for) and painted. memory_365_days:
resident memory after paging through one year day by day, then through another (it
should level off, not keep growing). With --switch-only, the day switch alone.

The floor of the two painted figures is a bare QWidget of the same size repainted.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from floors import bare_paint
from run import DEMO_NOW, DEMO_START, measure, rss_mb


def _floor(figure: dict, size) -> dict:
    floor = bare_paint(size.width(), size.height())
    return figure | {"floor_ms": floor["p95_ms"], "floor_p50_ms": floor["p50_ms"],
                     "floor": "bare QWidget paint"}


def find_time_keystrokes(window, app) -> dict:
    """Type service names letter by letter and flip the filters, timing each refresh."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialog = window.desk.open_find_time()
    app.processEvents()
    steps = []
    for word in ("deep", "swedish", "hot", "sports", "trigger", "prenatal"):
        steps += [lambda d, c=c: QTest.keyClick(d.service, c) for c in word]
        steps.append(lambda d: d.choose_service())
        steps.append(lambda d: d.today_only.setChecked(not d.today_only.isChecked()))
        steps.append(lambda d: d.part_of_day.setCurrentIndex(
            (d.part_of_day.currentIndex() + 1) % d.part_of_day.count()))
        steps.append(lambda d: d.therapist.setCurrentIndex(
            (d.therapist.currentIndex() + 3) % d.therapist.count()))
        steps.append(lambda d: d.service.clear())
        steps.append(lambda d: QTest.keyClick(d.service, Qt.Key.Key_Backspace))

    def step(i: int):
        steps[i % len(steps)](dialog)
        # The search runs off the GUI thread: the list is shown when its answer arrives.
        window.door.wait()
        app.processEvents()
        dialog.results.viewport().repaint()

    out = _floor(measure(step, 200), dialog.results.viewport().size())
    dialog.close()
    return out


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from frontdesk.app import settle
    from frontdesk.db.migrate import open_database
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    db = open_database(sys.argv[1], create=False)
    window = MainWindow(Door(db, now=lambda: DEMO_NOW, watch_ms=60_000))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    settle()  # as the application does after start-up
    rng = random.Random(11)
    days = [DEMO_START - timedelta(days=rng.randint(0, 1000)) for _ in range(400)]
    counts = []

    def switch(i: int):
        window.book.show_day(days[i % len(days)])
        window.day_view.viewport().repaint()  # paint now, synchronously
        counts.append((len(window.book.plan.columns), len(window.book.plan.appointments)))

    results = {"day_switch": _floor(measure(switch, 300), window.day_view.viewport().size())}
    results["day_switch"]["columns"] = round(statistics.mean(c for c, _ in counts))
    results["day_switch"]["appointments"] = round(statistics.mean(n for _, n in counts))
    if "--switch-only" in sys.argv:
        window.close()
        db.close()
        print(json.dumps(results))
        return 0

    results["find_time_keystroke"] = find_time_keystrokes(window, app)

    def page(first) -> float:
        for n in range(365):
            window.book.show_day(first + timedelta(days=n))
            window.day_view.viewport().repaint()
            app.processEvents()
        window.door.tasks.wait()
        app.processEvents()
        return rss_mb()

    start_mb = rss_mb()
    year1 = page(DEMO_START - timedelta(days=1095))
    year2 = page(DEMO_START - timedelta(days=730))
    year3 = page(DEMO_START - timedelta(days=365))
    results["memory_365_days"] = {"start_mb": round(start_mb), "after_1_year_mb": round(year1),
                                  "after_2_years_mb": round(year2),
                                  "after_3_years_mb": round(year3)}
    window.close()
    db.close()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
