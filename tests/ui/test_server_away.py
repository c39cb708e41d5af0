"""The server goes away with a window open: the status bar says so for as long as it lasts,
the book keeps what it showed, a save is refused in the editor's own words with what was
typed kept, and once the server is back the label goes and a booking another desk made
meanwhile appears. "Away" is real: the window reaches PostgreSQL through a TCP relay the
test closes and opens again (tests/forwarder.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.services.booking import Bookings
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.prefill import EditorPrefill
from frontdesk.ui.main_window import MainWindow
from tests.forwarder import Forwarder
from tests.helpers import NOW, ClinicBuilder, local, request
from tests.ui.conftest import MONDAY

pytestmark = pytest.mark.pg


def clients_shown(window) -> set[str]:
    return {b.appt.client for c in window.book.plan.columns for b in c.blocks}


def test_the_window_rides_out_the_server_going_away(qtbot, pg_url):
    server = open_database(pg_url)
    clinic = ClinicBuilder(server).standard()
    other_desk = Bookings(server, actor="desk 2", now=lambda: NOW)
    other_desk.book(request(clinic, "2026-10-05 09:00", client="李小龍"))
    relay = Forwarder(pg_url)
    desk = open_database(relay.url)
    window = MainWindow(Door(desk, actor="desk 1", now=lambda: NOW, watch_ms=200))
    qtbot.addWidget(window)
    window.show()
    try:
        window.book.show_day(MONDAY)
        assert clients_shown(window) == {"李小龍"}
        assert not window.away.isVisible()
        editor = window.editing.open_editor(EditorPrefill(
            start=local("2026-10-05 11:00"), therapist_id=clinic["Ben"],
            room_id=clinic["Willow"], minutes=None, service_id=clinic["Swedish 60"],
            client_id=clinic["José Núñez"]))
        editor.notes.setPlainText("first visit, typed while the server went away")

        relay.close()
        qtbot.waitUntil(window.away.isVisible, timeout=10_000)
        assert "Server unreachable" in window.away.text()
        window.book.step(1)  # another day cannot be read: the day shown stays, as it was
        assert window.book.day == MONDAY and clients_shown(window) == {"李小龍"}
        editor.send()
        assert editor.isVisible()
        assert "cannot be reached" in editor.errors.general.text()
        assert editor.notes.toPlainText() == "first visit, typed while the server went away"
        assert window.away.isVisible()

        other_desk.book(request(clinic, "2026-10-05 15:00", client="Zoë Brontë"))
        relay.open()
        qtbot.waitUntil(lambda: not window.away.isVisible(), timeout=15_000)
        assert "Back online" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: "Zoë Brontë" in clients_shown(window), timeout=10_000)

        editor.send()  # the same editor, what was typed, now saved
        assert not editor.isVisible()
        with server.read() as s:
            notes = s.scalars(select(m.Appointment.notes).where(
                m.Appointment.client_id == clinic["José Núñez"])).all()
            total = s.scalar(select(func.count()).select_from(m.Appointment))
        assert notes == ["first visit, typed while the server went away"]
        assert total == 3
    finally:
        window.close()
        window.door.wait()
        relay.close()
        desk.close()
        server.close()


def test_while_away_the_caller_lookup_keeps_its_list_and_other_reads_are_said_calmly(
        qtbot, pg_url):
    from frontdesk.ui.core import mishaps
    from frontdesk.ui.desk.caller_dialog import CallerDialog

    server = open_database(pg_url)
    ClinicBuilder(server).standard()
    relay = Forwarder(pg_url)
    desk = open_database(relay.url)
    window = MainWindow(Door(desk, actor="desk 1", now=lambda: NOW, watch_ms=200))
    qtbot.addWidget(window)
    caller = CallerDialog(window.door)
    qtbot.addWidget(caller)
    previous = mishaps.install(window, None)
    try:
        caller.search.setText("José")
        caller.refresh()
        assert [c.name for c in caller.cards] == ["José Núñez"]
        relay.close()
        qtbot.waitUntil(lambda: not window.door.reachable, timeout=10_000)
        caller.search.setText("Zoë")
        caller.refresh()  # no exception: the list stays, the note says why
        assert [c.name for c in caller.cards] == ["José Núñez"]
        assert "cannot be reached" in caller.note.text()
        window.desk.act_calls.trigger()  # a read in a slot while away: said in the status bar
        assert "cannot be reached" in window.statusBar().currentMessage()
        relay.open()
        qtbot.waitUntil(lambda: window.door.reachable, timeout=15_000)
        caller.refresh()
        assert [c.name for c in caller.cards] == ["Zoë Brontë"]
    finally:
        import sys
        sys.excepthook = previous
        window.close()
        window.door.wait()
        relay.close()
        desk.close()
        server.close()
