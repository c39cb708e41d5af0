"""Database work off the GUI thread, with the result (or the error) delivered back on it.

Reads that may grow with the book (a month's day marks, a client's history, building the demo)
run in Qt's thread pool; widgets are only ever touched in the callbacks, which Qt queues to
the GUI thread (by the application's :class:`Courier`). A task whose owner has gone away is
dropped, never delivered to a dead widget.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from frontdesk import logs

log = logging.getLogger(__name__)


class Courier(QObject):
    """Carries calls from any thread to the GUI thread, where the application's widgets
    live. One per application, owned by it (:func:`courier`): a worker thread never touches
    an object the window may be deleting at that moment (a door, a dialog's tasks) — it
    hands the courier a call, and the call, run on the GUI thread, finds out there whether
    what it was for still exists."""

    _carried = Signal(object)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._carried.connect(self._run)

    def post(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn(*args)`` on the GUI thread (at once when called there)."""
        self._carried.emit((fn, args))

    @Slot(object)
    def _run(self, call: tuple[Callable[..., None], tuple]) -> None:
        fn, args = call
        fn(*args)


def courier() -> Courier:
    """The application's courier, made the first time it is asked for (on the GUI thread)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication: nothing to carry calls to")
    found = app.findChild(Courier, _COURIER)
    if found is None:
        found = Courier(app)
        found.setObjectName(_COURIER)
    return found


_COURIER = "frontdesk-courier"


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], to: Courier,
                 tasks: weakref.ref[Tasks]):
        super().__init__()
        self.number, self.fn, self.to, self.tasks = number, fn, to, tasks

    def run(self) -> None:  # worker thread: no widgets here
        ok, value = _outcome(self.fn)
        self.to.post(_arrive, self.tasks, self.number, ok, value)


def _arrive(tasks: weakref.ref[Tasks], number: int, ok: bool, value: object) -> None:
    """On the GUI thread: a job's outcome to its tasks, if they are still there."""
    found = tasks()
    if found is None:
        log.debug("dropped the result of a task whose owner is gone")
        return
    try:
        (found._deliver if ok else found._fail)(number, value)
    except RuntimeError as error:  # the owner's Qt object was deleted meanwhile
        if "already deleted" not in str(error):
            raise
        log.debug("dropped the result of a task whose owner is gone")


def _outcome(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """``fn``'s result, or the exception it raised, caught here rather than in the job: an
    exception's traceback keeps the frames it passed through alive, and the job's own frame
    would tie the job to it, out of the GUI thread's sight."""
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
        self._courier = courier()
        self._me = weakref.ref(self)
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
        self.pool.start(_Job(number, fn, self._courier, self._me))
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

    def _deliver(self, number: int, result: object) -> None:
        entry = self._take(number)
        if entry is not None:
            _hand(entry[0], result)

    def _fail(self, number: int, error: object) -> None:
        entry = self._take(number)
        if entry is None:
            return
        if entry[1] is not None:
            _hand(entry[1], error)
        else:
            logs.failed(log, error, "background task failed")


def _hand(callback: Callable[[Any], None], value: object) -> None:
    """Give a result to its callback, unless the widget it was for has been deleted since
    (a dialog closed while its search ran): then the result is dropped."""
    try:
        callback(value)
    except RuntimeError as error:
        if "already deleted" not in str(error):
            raise
        log.debug("dropped a result for a widget that is gone")
