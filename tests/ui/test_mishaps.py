"""An exception escaping a slot: one of ours is said in the status bar; a bug is logged by its
kind and place only (never its text, which can quote a client's details) and shown as a calm
message offering to copy the log's path."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from frontdesk.domain.errors import Refused
from frontdesk.ui.core import mishaps
from tests.ui.conftest import when_up


def raise_in_a_slot(window, error: Exception) -> None:
    """``error`` raised from a slot Qt calls (a timer's), as a click's handler would."""
    from PySide6.QtCore import QTimer

    def slot() -> None:
        raise error
    QTimer.singleShot(0, window, slot)


def test_a_refusal_is_said_in_the_status_bar(qtbot, window, tmp_path):
    previous = mishaps.install(window, tmp_path / "frontdesk.log")
    try:
        raise_in_a_slot(window, Refused("that room is taken at 10:00"))
        qtbot.waitUntil(lambda: "room is taken" in window.statusBar().currentMessage())
    finally:
        sys.excepthook = previous


def test_a_bug_is_logged_without_its_text_and_shown_calmly(qtbot, window, tmp_path, caplog):
    logfile = tmp_path / "frontdesk.log"
    previous = mishaps.install(window, logfile)
    seen: list[str] = []

    def answer(box: QMessageBox) -> None:
        seen.append(box.text() + "\n" + box.informativeText())
        copy = next(b for b in box.buttons() if b.text() == "Copy log path")
        copy.click()
        seen.append("still open" if box.isVisible() else "closed")
        box.button(QMessageBox.StandardButton.Ok).click()
    try:
        with caplog.at_level(logging.ERROR, logger="frontdesk"):
            when_up(lambda: b if isinstance(b := QApplication.activeModalWidget(), QMessageBox)
                    else None, answer)
            raise_in_a_slot(window, KeyError("Zoë Brontë, +1 917 555 0102"))
            qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    finally:
        sys.excepthook = previous
    assert "Something went wrong" in seen[0] and str(logfile) in seen[0]
    assert seen[1] == "still open"
    assert QApplication.clipboard().text() == str(logfile)
    logged = caplog.text
    assert "KeyError" in logged and "test_mishaps.py" in logged
    assert "Zoë" not in logged and "917" not in logged
