"""Fixtures for the window's tests."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, QTimer

#: The test clinic's Monday that the window tests open on.
MONDAY = date(2026, 10, 5)


def when_up(find, act, tries: int = 200) -> None:
    """Once ``find()`` gives a dialog (a modal question, a reason box: opened a moment
    later, often by a button's animated click), ``act`` on it; polled from the event loop
    so the test can go on to the key press that opens it."""
    def poll(left: int) -> None:
        found = find()
        if found is not None:
            act(found)
        elif left:
            QTimer.singleShot(20, lambda: poll(left - 1))
    QTimer.singleShot(20, lambda: poll(tries))


def answer_question(button, asked: list[str]) -> None:
    """Answer the next modal question with ``button`` once it is up (kept: its text)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def click(box) -> None:
        asked.append(box.text())
        box.button(button).click()
    when_up(lambda: box if isinstance(box := QApplication.activeModalWidget(), QMessageBox)
            else None, click)


@pytest.fixture(scope="session", autouse=True)
def _gui_collector(qapp):
    """Garbage collected on the GUI thread only, as in the running window (app.start).

    What the tests before the window's left for the collector is collected first, here:
    from now on collection happens only on the GUI thread's timer, inside whichever window
    test is running then, which would be blamed for another test's garbage (a database
    connection an earlier test's engine left to the collector, say)."""
    import gc
    import sys

    from frontdesk.ui.core.collector import GuiCollector

    hook, sys.unraisablehook = sys.unraisablehook, lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    collector = GuiCollector(qapp)
    collector.start()
    yield
    collector.stop()


@pytest.fixture
def us_locale():
    """US English for the test, whatever the machine's; the default is put back after."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def shown_active(qtbot, widget):
    """Show a dialog as the active window (its shortcuts and typing go to it), owned by the
    test so it is closed afterwards."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def open_window(qtbot, db, now, *, actor: str = "tester", day: date | None = MONDAY,
                watch_ms: int = 60_000):
    """The appointment book window on ``db`` at the clock ``now()``, shown at 1366x768,
    active (window shortcuts go to the active window), on ``day``."""
    from PySide6.QtWidgets import QApplication

    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow

    w = MainWindow(Door(db, actor=actor, now=now, watch_ms=watch_ms))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    if day is not None:
        w.book.show_day(day)
    return w


@pytest.fixture
def window(qtbot, db, clinic):
    """The appointment book window on Monday 2026-10-05, active, at 1366x768."""
    from tests.helpers import NOW

    return open_window(qtbot, db, lambda: NOW, watch_ms=200)


@pytest.fixture
def door(qtbot, db, clinic):
    """The window's one door to the test clinic's book, at the tests' fixed clock."""
    from frontdesk.ui.core.door import Door
    from tests.helpers import NOW

    d = Door(db, actor="tester", now=lambda: NOW, watch_ms=60_000)
    yield d
    d.wait(5000)


@pytest.fixture
def clients_window(qtbot, db, clinic):
    """The Clients window over the test clinic at the tests' clock, shown at 1366x768."""
    from frontdesk.ui.clients.clients_window import ClientsWindow
    from frontdesk.ui.core.door import Door
    from tests.helpers import NOW

    widget = ClientsWindow(Door(db, actor="tester", now=lambda: NOW))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.door.wait()
