"""Database work off the GUI thread, with the result (or the error) delivered back on it.

Reads that may grow with the book (a month's day marks, a client's history, building the demo)
run in Qt's thread pool; widgets are only ever touched in the callbacks, which Qt queues to
the GUI thread. A task whose owner has gone away is dropped, never delivered to a dead widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread; its signals carry a task's outcome back to it."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.number, self.fn, self.relay = number, fn, relay

    def run(self) -> None:  # worker thread: no widgets here
        ok, value = _outcome(self.fn)
        try:
            (self.relay.done if ok else self.relay.failed).emit(self.number, value)
        except RuntimeError:  # the owner (and its relay) was deleted meanwhile: drop it
            log.debug("dropped the result of a task whose owner is gone")


def _outcome(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """``fn``'s result, or the exception it raised, caught here rather than in the job: an
    exception's traceback keeps the frames it passed through alive, and a job's own frame
    would tie the job and its relay (Qt objects) to it. A database driver's exceptions can
    sit in reference cycles, which Python's collector frees wherever it happens to run;
    a Qt object must not be freed on a worker thread."""
    try:
        return True, fn()
    except Exception as error:
        return False, error


class Tasks(QObject):
    """Runs callables in a thread pool; ``latest`` keys drop outdated results.

    ``run(fn, on_done, on_error, key="marks")``: when a newer task with the same key was
    started before this one finished, this one's result is dropped (typing fast in a search
    box must not show the answer to an older query last).
    """

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._relay.failed.connect(self._fail)
        self._pending: dict[int, tuple[Callable, Callable | None, str | None]] = {}
        self._latest: dict[str, int] = {}
        self._count = 0

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None, key: str | None = None) -> int:
        self._count += 1
        number = self._count
        self._pending[number] = (on_done, on_error, key)
        if key is not None:
            self._latest[key] = number
        self.pool.start(_Job(number, fn, self._relay))
        return number

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (tests and shutdown only)."""
        return self.pool.waitForDone(msecs)

    def _take(self, number: int):
        entry = self._pending.pop(number, None)
        if entry is None:
            return None
        key = entry[2]
        if key is not None and self._latest.get(key) != number:
            return None  # superseded by a newer task with the same key
        return entry

    @Slot(int, object)
    def _deliver(self, number: int, result: object) -> None:
        entry = self._take(number)
        if entry is not None:
            _hand(entry[0], result)

    @Slot(int, object)
    def _fail(self, number: int, error: object) -> None:
        entry = self._take(number)
        if entry is None:
            return
        if entry[1] is not None:
            _hand(entry[1], error)
        else:
            log.error("background task failed", exc_info=error)


def _hand(callback: Callable[[Any], None], value: object) -> None:
    """Give a result to its callback, unless the widget it was for has been deleted since
    (a dialog closed while its search ran): then the result is dropped."""
    try:
        callback(value)
    except RuntimeError as error:
        if "already deleted" not in str(error):
            raise
        log.debug("dropped a result for a widget that is gone")
