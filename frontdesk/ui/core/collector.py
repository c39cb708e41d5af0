"""Python's garbage collection, run on the GUI thread only.

Python frees an object in a reference cycle wherever its collector happens to run, and it
runs in whichever thread crosses its allocation threshold: with background reads in Qt's
thread pool, often a worker. A Qt object freed there (a widget, a timer, a signal's relay
caught in a cycle with a database driver's exception) takes Qt down with it. So while the
window runs, automatic collection is off and this collects on a timer in the GUI thread,
generation by generation at the interpreter's own thresholds, as pyqtgraph and other Qt
applications do. Objects without cycles are freed at once as always (reference counting
needs no collector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiCollector(QObject):
    """``start()`` turns automatic collection off and collects on the GUI thread every
    ``interval_ms``; ``stop()`` puts automatic collection back as it was."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self._was_on = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        if not self._timer.isActive():
            self._was_on = gc.isenabled()
            gc.disable()
            self._timer.start()

    def stop(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            if self._was_on:
                gc.enable()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds (the youngest
        only, most times); how many objects were found unreachable."""
        counts, limits = gc.get_count(), gc.get_threshold()
        generation = -1
        for number in range(3):
            if counts[number] <= limits[number]:
                break
            generation = number
        return gc.collect(generation) if generation >= 0 else 0
