"""Launch to the first painted day, measured in a fresh process (run by run.py).

Goes through the application's real start-up (``frontdesk.app.start``: logging, opening and
checking the database, Qt, the window) and prints the wall-clock time of the day view's
first paint, which run.py compares with the moment it launched this process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from frontdesk.app import quit_after_first_paint, start

    app, window, db = start(sys.argv[1])
    quit_after_first_paint(app, window)  # the same hook the bundle's figure uses
    app.exec()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
