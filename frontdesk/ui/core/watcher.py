"""Noticing changes made elsewhere (another window, another desk, the command line).

Once a second the watcher asks the audit trail what changed since it last looked (a single
indexed query, run off the GUI thread through the door) and announces the appointment ids,
the client ids, or that the catalogue changed. Views then read back only those rows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from frontdesk.services import changes


class ChangeWatcher(QObject):
    changed = Signal(object)  # changes.Changes

    def __init__(self, door, interval_ms: int = 1000, parent: QObject | None = None):
        super().__init__(parent)
        self.door = door
        self.last_id = door.read(changes.last_id)
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.door.query(changes.since, self.last_id, done=self._arrived, failed=self._failed)

    def _arrived(self, found: changes.Changes) -> None:
        self._busy = False
        if found.last_id > self.last_id:
            self.last_id = found.last_id
        if found:
            self.changed.emit(found)

    def _failed(self, _error: Exception) -> None:
        self._busy = False  # a locked or unreachable database: try again at the next tick
