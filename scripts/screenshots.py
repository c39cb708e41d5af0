"""Regenerate the README's screenshots from the demo clinic.

    python scripts/screenshots.py            # writes docs/screenshots/*.png
    python scripts/screenshots.py --out DIR  # somewhere else (the test does this)
    python scripts/screenshots.py --guide    # the user guide's, docs/guide/img/*.png
                                             # (scripts/guide_shots.py; --out DIR too)

Builds the small demo in a temporary folder with a fixed clock (so the pictures do not change
from run to run), opens the real window offscreen at 1366x768 and saves: the demo day, a
therapist's agenda, the appointment editor, and the same day in a dark theme.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = ROOT / "docs" / "screenshots"
NOW = datetime(2026, 11, 23, 15, 20, tzinfo=UTC)  # Monday 10:20 at the clinic


def main() -> int:
    args = sys.argv[1:]
    guide = "--guide" in args
    if guide:
        args.remove("--guide")
    out = Path(args[1]).resolve() if args[:1] == ["--out"] else None
    home = tempfile.mkdtemp(prefix="frontdesk-shots-")
    os.environ["FRONTDESK_HOME"] = home
    if os.environ["QT_QPA_PLATFORM"] == "offscreen" and ":" not in home:
        # A screen of 1366x768 (the offscreen default is 800x800): dialogs fit it.
        screen = Path(home) / "screen.json"
        screen.write_text('{"screens": [{"name": "desk", "x": 0, "y": 0, "width": 1366, '
                          '"height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}')
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from frontdesk.db.migrate import open_database
    from frontdesk.services.demo import build_demo
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow

    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    app = QApplication.instance() or QApplication([])
    if guide:
        import guide_shots

        guide_shots.make(out or guide_shots.OUT, home, save)
        return 0
    out = out or OUT
    db = open_database(f"sqlite:///{home}/demo.sqlite3")
    build_demo(db, "small", now=NOW)
    out.mkdir(parents=True, exist_ok=True)

    window = MainWindow(Door(db, actor="desk", now=lambda: NOW, watch_ms=60_000))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.day_view.scroll_to(NOW)
    busiest = max(window.book.plan.columns, key=lambda c: len(c.blocks))
    window.day_view.select(busiest.blocks[1].appt.id)
    app.processEvents()
    save(window, out / "day.png")

    window.book.set_view("agenda")
    window.target.setCurrentIndex(window.target.findText(busiest.title))
    window.book.reload()
    app.processEvents()
    save(window, out / "agenda.png")
    window.book.set_view("day")

    quiet = min(window.book.plan.columns, key=lambda c: len(c.blocks))
    column = window.book.plan.columns.index(quiet)
    hour = timedelta(minutes=75)
    free = next(s for s in _slots(window, column)
                if all(s >= b.band_end or s + hour <= b.appt.start for b in quiet.blocks))
    editor = window.editing.open_editor(window.editing.prefill_for(column, free, 0))
    client = editor.client_section.search("Zoë")[0]
    editor.client.setText(client.name)
    editor.type_ahead.picked.emit(client)
    therapist = window.door.catalog.therapists[quiet.id]
    services = window.door.catalog.services.values()
    service = next(s for s in services if s.id in therapist.service_ids)
    editor.service.setCurrentIndex(editor.service.findData(service.id))
    editor.notes.setPlainText("Prefers firm pressure; left shoulder")
    app.processEvents()
    save(editor, out / "editor.png")
    editor.close()

    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2d30"),
                         (QPalette.ColorRole.Base, "#1e1f22"),
                         (QPalette.ColorRole.Text, "#e8e8e8"),
                         (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Button, "#3c3f41"),
                         (QPalette.ColorRole.ButtonText, "#e8e8e8"),
                         (QPalette.ColorRole.PlaceholderText, "#9a9a9a")):
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    app.processEvents()
    save(window, out / "day-dark.png")
    window.close()
    db.close()
    return 0


def _slots(window, column):
    col = window.book.plan.columns[column]
    t = col.origin + timedelta(hours=2)
    while t < col.end:
        yield t
        t += timedelta(minutes=window.book.plan.slot_minutes)


def save(widget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    raise SystemExit(main())
