"""Garbage in reference cycles is collected on the GUI thread, never on a worker
(a Qt object freed on a worker thread crashes the program)."""

from __future__ import annotations

import gc
import threading

from frontdesk.ui.core.collector import GuiCollector


class _Cycle:
    """Garbage only the collector frees (it points at itself); its finaliser notes on
    which thread it was freed."""

    def __init__(self, freed_on: list[str]):
        self.me, self.freed_on = self, freed_on

    def __del__(self):
        self.freed_on.append(threading.current_thread().name)


def test_a_busy_worker_does_not_collect_and_the_gui_thread_does(qtbot):
    freed_on: list[str] = []
    collector = GuiCollector(interval_ms=20)
    collector.start()
    kept: list[list] = []
    try:
        def busy_worker() -> None:  # far past the collector's threshold, on a worker
            _Cycle(freed_on)
            kept.extend([] for _ in range(gc.get_threshold()[0] * 3))
        worker = threading.Thread(target=busy_worker, name="worker")
        worker.start()
        worker.join()
        assert freed_on == []  # not collected on the worker
        qtbot.waitUntil(lambda: freed_on != [], timeout=3000)
        assert freed_on == [threading.main_thread().name]
    finally:
        collector.stop()


def test_stopping_puts_automatic_collection_back_as_it_was(qapp):
    was_on = gc.isenabled()
    gc.enable()
    try:
        collector = GuiCollector()
        collector.start()
        assert not gc.isenabled()
        collector.stop()
        assert gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()
