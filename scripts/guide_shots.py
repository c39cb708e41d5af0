"""The user guide's pictures (docs/guide/img/), made by ``scripts/screenshots.py --guide``.

The guide tells a new user what they will see, so its pictures are the real window and its
real dialogs, offscreen at 1366x768, on the demo clinic at the clock the guide's own
examples use (Monday 30 November 2026, 09:50 at the clinic): the same day a reader gets with
``FRONTDESK_NOW=2026-11-30T09:50:00-05:00 frontdesk demo``. Each dialog is driven the way a
user would (text typed, buttons pressed) and waited for, never faked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "img"
NOW = datetime(2026, 11, 30, 14, 50, tzinfo=UTC)  # Monday 09:50 at the clinic
SAMPLE = ROOT / "resources" / "latepoint" / "sample-export.csv"
#: A client spreadsheet as an old booking system might export it: a card to add, one like
#: a demo card (same phone), one with a phone that cannot be, and two that are new.
CLIENTS_CSV = (
    "First name;Last name;Mobile;Email;Comments;Medical conditions\r\n"
    "Ingrid;Solberg;(212) 555-0190;ingrid.s@example.no;Prefers mornings;\r\n"
    "{dup_first};{dup_last};{dup_phone};;Came in 2019;\r\n"
    "Pavel;Dvořák;555-12;;;\r\n"
    "Aroha;Ngata;(917) 555-0192;aroha@example.nz;;pregnancy\r\n"
    "Kenji;Watanabe;(646) 555-0193;;Left knee;high blood pressure\r\n"
)


def make(out: Path, home: str, save: Callable) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from frontdesk.db import models as m
    from frontdesk.db.migrate import open_database
    from frontdesk.services import availability
    from frontdesk.services.demo import build_demo
    from frontdesk.services.setup import FirstStart
    from frontdesk.ui import tools_menu
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.desk import web_menu
    from frontdesk.ui.editing.prefill import EditorPrefill
    from frontdesk.ui.main_window import MainWindow
    from frontdesk.ui.setup.first_start_dialog import FirstStartDialog
    from frontdesk.ui.signin.dialog import SignInDialog

    app = QApplication.instance()
    out.mkdir(parents=True, exist_ok=True)

    empty = open_database(f"sqlite:///{home}/empty.sqlite3")
    first = FirstStartDialog(FirstStart(empty))
    first.show()
    settle(app)
    save(first, out / "first-start.png")
    first.show_setup()
    first.name.setText("Kneaded Relief Massage")
    first.manager.setText("Maria")
    settle(app)
    save(first, out / "first-start-setup.png")
    first.close()
    empty.close()

    db = open_database(f"sqlite:///{home}/demo.sqlite3")
    build_demo(db, "small", now=NOW)
    door = Door(db, actor="desk", now=lambda: NOW, watch_ms=60_000)
    signin = SignInDialog(lambda n, p: None, door.catalog.clinic.name)  # type: ignore[arg-type]
    signin.name.setText("Dana")
    signin.password.setText("not her real one")
    signin.show()
    settle(app)
    save(signin, out / "signin.png")
    signin.close()

    window = MainWindow(door)
    window.resize(1366, 768)
    window.show()
    settle(app)
    window.book.scroll_to_now()
    settle(app)
    save(window, out / "day.png")

    caller = window.desk.open_caller()
    caller.search.setText("lind")
    wait(app, lambda: caller.results.topLevelItemCount() > 0)
    save(caller, out / "caller.png")
    caller.close()

    find = window.desk.open_find_time()
    QTest.keyClicks(find.service, "swe")
    settle(app)
    QTest.keyClick(find.service, Qt.Key.Key_Return)  # as the guide says: swe, Enter
    wait(app, lambda: find.results.topLevelItemCount() > 0)
    save(find, out / "find-time.png")
    find.close()

    with db.read() as s:  # a demo client on anticoagulants, and the service against it
        flagged = s.scalar(select(m.ClientFlag.client_id)
                           .where(m.ClientFlag.flag == "anticoagulants")
                           .order_by(m.ClientFlag.client_id))
    services = window.door.catalog.services.values()
    deep = next(s for s in services if s.name == "Deep Tissue Massage 60")
    free = availability.find(db, availability.Query(  # a time the editor finds free
        service_id=deep.id, earliest=NOW + timedelta(days=2), client_id=flagged), lambda: NOW)[0]
    editor = window.editing.open_editor(EditorPrefill(
        start=free.start, therapist_id=free.therapist_id, room_id=None, minutes=None,
        service_id=deep.id, client_id=flagged))
    wait(app, lambda: editor.caution.isVisible())
    settle(app)
    save(editor, out / "editor-caution.png")
    editor.close()

    window.book.set_view("agenda")
    window.book.reload()
    settle(app)
    save(window, out / "agenda.png")
    window.book.set_view("day")

    calls = window.desk.open_calls()
    settle(app, 0.5)
    save(calls, out / "calls.png")
    calls.close()

    waitlist = window.desk.open_waitlist()
    settle(app, 0.3)
    save(waitlist, out / "waitlist.png")
    waitlist.close()

    backups = tools_menu.open_backups(window)
    backups.back_up_now()
    wait(app, lambda: "Backed up" in backups.status.text())
    save(backups, out / "backups.png")
    backups.close()

    imported = web_menu.import_export(window, str(SAMPLE))
    imported.day.setDate(imported.day.date().fromString("2026-11-30", "yyyy-MM-dd"))
    imported.start()
    wait(app, lambda: imported.report is not None)
    settle(app)
    save(imported, out / "latepoint-import.png")
    imported.close()
    waiting = web_menu.open_waiting(window)
    wait(app, lambda: waiting.table.rowCount() > 0)
    waiting.table.selectRow(0)
    settle(app)
    save(waiting, out / "web-bookings.png")
    waiting.close()

    with db.read() as s:
        like = s.scalar(select(m.Client).where(m.Client.email.is_not(None))
                        .order_by(m.Client.id).limit(1))
        dup_first, _, dup_last = like.name.partition(" ")
        phone = s.scalar(select(m.ClientPhone.e164).where(m.ClientPhone.client_id == like.id))
    sheet = Path(home) / "old-clients.csv"
    sheet.write_text(CLIENTS_CSV.format(dup_first=dup_first, dup_last=dup_last,
                                        dup_phone=phone), encoding="utf-8")
    clients = tools_menu.import_clients(window, str(sheet))
    wait(app, lambda: clients.table.rowCount() > 0)
    settle(app)
    save(clients, out / "client-import.png")
    clients.close()

    connection = window.open_connection()
    connection.now_opens.hide()  # it names this run's temporary folder
    connection.server_choice.setChecked(True)  # filled in as the guide's example
    for field, value in ((connection.host, "192.168.1.10"), (connection.database, "clinic"),
                         (connection.user, "frontdesk")):
        field.setText(value)
    settle(app)
    save(connection, out / "connection.png")
    connection.close()

    audit = window.open_audit()
    wait(app, lambda: audit.isVisible())
    settle(app, 0.5)
    save(audit, out / "audit.png")
    audit.close()

    window.close()
    db.close()


def settle(app, seconds: float = 0.1) -> None:
    """Let queued work (reads off the GUI thread, layouts) finish and paint."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def wait(app, ready: Callable[[], bool], timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            raise TimeoutError("a dialog did not get ready for its picture")
        app.processEvents()
        time.sleep(0.01)
    settle(app)
