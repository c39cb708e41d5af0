"""The window's own backups: one at start and one a day while it stays open.

The rule of when one is due is :func:`frontdesk.domain.retention.due`; the copy, its check
and the rotation are :func:`frontdesk.services.backups.back_up_if_due`, run off the GUI
thread through the door. The start backup waits until the window has settled
(``start_ms``), so it never competes with the first paint; closing the window stops a copy
under way between two of its steps (nothing is kept of it).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from frontdesk.services import backups
from frontdesk.ui.core.door import Door

log = logging.getLogger(__name__)

#: How often the window asks whether the daily backup is due.
CHECK_MS = 60 * 60 * 1000


class BackupKeeper(QObject):
    made = Signal(str)  # a sentence for the status bar

    def __init__(self, door: Door, parent: QObject | None = None, *, start_ms: int = 20_000):
        super().__init__(parent)
        self._door = door
        self._stopping = threading.Event()
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)
        self._start_ms = start_ms

    def start(self) -> None:
        if self._door.is_sqlite:  # a server's backups are its administrator's
            self._timer.start(self._start_ms)

    def stop(self) -> None:
        self._timer.stop()
        self._stopping.set()

    def _due(self) -> None:
        at_start, self._started = not self._started, True
        now, stop = self._door.now(), self._stopping.is_set
        self._door.call(lambda db: backups.back_up_if_due(db.url, now, at_start=at_start,
                                                          stop=stop),
                        done=self._done, failed=self._failed, key="backup")

    def _done(self, made) -> None:
        if made is not None:
            log.info("backed up the book (%s)", made.why)
            self.made.emit(f"Backed up the book ({made.path.name})")
        self._next()

    def _failed(self, error: Exception) -> None:
        if not self._stopping.is_set():
            log.warning("the window's backup failed: %s", type(error).__name__)
            self.made.emit(f"The book could not be backed up: {error}")
        self._next()

    def _next(self) -> None:
        if not self._stopping.is_set():
            self._timer.start(CHECK_MS)
