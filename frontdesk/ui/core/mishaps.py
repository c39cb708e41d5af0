"""What the window does with an exception that escapes a slot, a timer or a key press.

Qt calls Python code from its event loop; an exception raised there goes to
``sys.excepthook``, whose default prints a traceback to a console nobody sees and carries on.
Instead: one of ours (a refusal, a server that cannot be reached: each a sentence written for
the user) is said in the status bar; anything else is a bug, logged by its kind and where it
happened (never its message, which can quote a database statement's client details) and
shown as a calm message that offers to copy the log's path.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from frontdesk.domain.errors import FrontdeskError

log = logging.getLogger(__name__)

#: How long a refusal stays in the status bar.
SAID_MS = 10_000

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install(window: QMainWindow, logfile: Path | None) -> Hook:
    """Make ``window`` the place unhandled exceptions are said; returns the hook it replaced
    (to put back when the window closes)."""
    previous = sys.excepthook
    sys.excepthook = lambda kind, error, tb: handle(window, logfile, kind, error, tb)
    return previous


def handle(window: QMainWindow, logfile: Path | None, kind: type[BaseException],
           error: BaseException, tb: TracebackType | None) -> None:
    if isinstance(error, KeyboardInterrupt):
        QApplication.quit()
        return
    if isinstance(error, FrontdeskError):
        log.info("refused in the window: %s", kind.__name__)
        window.statusBar().showMessage(str(error), SAID_MS)
        return
    log.error("unexpected error in the window: %s\n%s", kind.__name__,
              "".join(traceback.format_tb(tb)).rstrip())
    _tell(window, logfile)


def _tell(window: QMainWindow, logfile: Path | None) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Something went wrong",
                      "Something went wrong in frontdesk. What was saved is safe; what you "
                      "were doing just now may not have been finished — please check it.",
                      QMessageBox.StandardButton.Ok, window)
    if logfile is not None:
        box.setInformativeText(f"The details, without any client's information, are in the "
                               f"log:\n{logfile}")
        copy = box.addButton("Copy log path", QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()  # copying must not close the message
        copy.clicked.connect(lambda: QApplication.clipboard().setText(str(logfile)))
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.exec()
