"""Noticing changes made elsewhere (another window, another desk, the command line).

Once a second the watcher asks the audit trail what changed since it last looked (a single
indexed query, run off the GUI thread) and announces the appointment ids, the client ids,
or that the catalogue changed. Views then read back only those rows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from frontdesk.db.engine import Database
from frontdesk.services import changes
from frontdesk.ui.core.tasks import Tasks


class ChangeWatcher(QObject):
    changed = Signal(object)  # changes.Changes

    def __init__(self, db: Database, tasks: Tasks, interval_ms: int = 1000,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.tasks = db, tasks
        with db.read() as session:
            self.last_id = changes.last_id(session)
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
        after = self.last_id

        def look() -> changes.Changes:
            with self.db.read() as session:
                return changes.since(session, after)

        self.tasks.run(look, self._arrived, self._failed)

    def _arrived(self, found: changes.Changes) -> None:
        self._busy = False
        if found.last_id > self.last_id:
            self.last_id = found.last_id
        if found:
            self.changed.emit(found)

    def _failed(self, _error: Exception) -> None:
        self._busy = False  # a locked or unreachable database: try again at the next tick
