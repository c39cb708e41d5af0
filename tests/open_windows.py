"""A test that leaves a window open fails (a pytest plugin that tests/conftest.py loads).

A window left open leaks into the tests after it: it keeps its database, its timers fire and
it can be the active window that a later test's keystrokes reach. Windows a test registers
with ``qtbot.addWidget`` are closed by pytest-qt before any fixture is torn down; this
fixture, set up before the test's own fixtures, is torn down after them all, so what is still
shown then was left open by the test. Qt is looked at only if the test loaded it.
"""

from __future__ import annotations

import sys

import pytest


def shown_windows() -> list:
    """The top-level widgets shown now ([] if no QApplication exists)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return []
    app = widgets.QApplication.instance()
    if not isinstance(app, widgets.QApplication):
        return []
    return [w for w in widgets.QApplication.topLevelWidgets() if w.isVisible()]


def left_open(before: list) -> list:
    """The windows shown now that were not shown ``before`` the test.

    Widgets closed with ``deleteLater`` (as pytest-qt closes registered ones) are deleted
    first, so a dialog owned by a closed window goes with it, as it does in the running app.
    """
    if sys.modules.get("PySide6.QtWidgets") is None:
        return []
    from PySide6.QtCore import QCoreApplication, QEvent

    app = QCoreApplication.instance()
    if app is not None:
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in shown_windows() if not any(w is b for b in before)]


def describe(widget) -> str:
    title = widget.windowTitle()
    return f"{type(widget).__name__}" + (f" {title!r}" if title else "")


@pytest.fixture(autouse=True)
def _no_window_left_open():
    before = shown_windows()
    yield
    leaked = left_open(before)
    if leaked:
        for w in leaked:  # so the tests after this one start clean
            w.close()
        pytest.fail("the test left windows open (close them, or register them with "
                    f"qtbot.addWidget): {', '.join(describe(w) for w in leaked)}",
                    pytrace=False)
