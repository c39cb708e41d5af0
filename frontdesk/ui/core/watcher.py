"""Noticing changes made elsewhere (another window, another desk, the command line).

The watcher asks the audit trail what changed since it last looked (a single indexed query,
run off the GUI thread through the door) and announces the appointment ids, the client ids,
or that the catalogue changed. Views then read back only those rows.

When it asks: on PostgreSQL as soon as the server says the book changed (a LISTEN
connection waited on in a thread of its own, see :mod:`frontdesk.services.notices`), with a
slow safety read every half minute for a notice lost with a dropped connection; on SQLite,
which has no such channel, once a second (``interval_ms``).

While the server cannot be reached the watcher asks again every few seconds (``RETRY_MS``)
whatever its usual pace: its first answer is what tells the window the server is back, and
that answer is everything the audit trail gained meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from frontdesk.domain.errors import Unreachable
from frontdesk.services import changes, notices

#: The safety read's interval where notices say when to read.
SAFETY_MS = 30_000
#: How often a desk whose server is away asks again.
RETRY_MS = 3_000


class _Listening(QThread):
    """Waits on the server's notices; ``heard`` for each change (or burst of changes), and
    once more after the connection came back, for what was said while it was away; ``lost``
    when the connection went, so the desk learns at once that the server is away."""

    heard = Signal()
    lost = Signal()

    def __init__(self, listener: notices.Listener, parent: QObject | None = None):
        super().__init__(parent)
        self.listener = listener

    def run(self) -> None:  # a thread of its own: no widgets here
        away = False
        try:
            while not self.isInterruptionRequested():
                try:
                    if self.listener.wait(0.25) or away:
                        self.heard.emit()
                    away = False
                except Exception:  # the server is away: try again shortly, quietly
                    if not away:
                        self.lost.emit()
                    away = True
                    for _ in range(8):
                        if self.isInterruptionRequested():
                            break
                        self.msleep(250)
        finally:
            self.listener.close()


class ChangeWatcher(QObject):
    changed = Signal(object)  # changes.Changes

    def __init__(self, door, interval_ms: int = 1000, parent: QObject | None = None):
        super().__init__(parent)
        self.door = door
        self.last_id = door.read(changes.last_id)
        self._busy = False
        self._again = False
        #: The server's notices, listened for once started (PostgreSQL only).
        self.listening: _Listening | None = None
        self._notices = notices.listener(door.url) is not None
        self.timer = QTimer(self)
        self.interval_ms = max(interval_ms, SAFETY_MS) if self._notices else interval_ms
        self.timer.setInterval(self.interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Watch: the timer, and on PostgreSQL a thread listening for the server's notices
        (made here, not before: a door that never watches holds no connection)."""
        self.timer.start()
        listener = notices.listener(self.door.url) if self._notices else None
        if listener is not None and self.listening is None:
            self.listening = _Listening(listener, self)
            self.listening.heard.connect(self.poll)
            self.listening.lost.connect(self.poll)
            self.listening.start()

    def stop(self) -> None:
        """Stop watching; the listening thread ends and closes its connection."""
        self.timer.stop()
        if self.listening is not None:
            self.listening.requestInterruption()
            self.listening.wait(5000)
            self.listening = None

    def poll(self) -> None:
        if self._busy:
            self._again = True  # a notice during a read: read once more after it
            return
        self._busy = True
        self.door.query(changes.since, self.last_id, done=self._arrived, failed=self._failed)

    def _arrived(self, found: changes.Changes) -> None:
        self._busy = False
        if self.timer.interval() != self.interval_ms:
            self.timer.setInterval(self.interval_ms)
        if found.last_id > self.last_id or found.replaced:
            self.last_id = found.last_id
        if found:
            self.changed.emit(found)
        if self._again:
            self._again = False
            self.poll()

    def _failed(self, error: Exception) -> None:
        self._busy = False  # a locked or unreachable database: try again at the next tick
        if isinstance(error, Unreachable) and self.timer.interval() > RETRY_MS:
            self.timer.setInterval(RETRY_MS)  # soon, whatever the usual pace
