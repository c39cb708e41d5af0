"""Fixtures for the window's tests."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale

#: The test clinic's Monday that the window tests open on.
MONDAY = date(2026, 10, 5)


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


@pytest.fixture
def window(qtbot, db, clinic):
    """The appointment book window on Monday 2026-10-05, active, at 1366x768."""
    from PySide6.QtWidgets import QApplication

    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow
    from tests.helpers import NOW

    w = MainWindow(Door(db, actor="tester", now=lambda: NOW, watch_ms=200))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()  # window shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.book.show_day(MONDAY)
    return w


@pytest.fixture
def door(qtbot, db, clinic):
    """The window's one door to the test clinic's book, at the tests' fixed clock."""
    from frontdesk.ui.core.door import Door
    from tests.helpers import NOW

    d = Door(db, actor="tester", now=lambda: NOW, watch_ms=60_000)
    yield d
    d.wait(5000)
