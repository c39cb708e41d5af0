"""The window's way to the website's bookings: File > Import LatePoint export… and Tools >
Web bookings to resolve…. Their screens (:mod:`frontdesk.ui.desk.web_import`, with the
import service behind them) are loaded when first asked for, not when the window starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction


def actions(window, a: Callable[..., QAction]) -> tuple[QAction, QAction]:
    """The two actions, made by the window's action maker ``a``."""
    return (a("&Import LatePoint export…", lambda: import_export(window)),
            a("&Web bookings to resolve…", lambda: open_waiting(window)))


def import_export(window, path: str = "") -> Any:
    """File > Import LatePoint export…: the file asked (unless given), then its import
    dialog (None when no file was chosen); the book is read again once it has run."""
    from PySide6.QtWidgets import QFileDialog

    from frontdesk.ui.desk.web_import import ImportDialog

    if not path:
        path, _filter = QFileDialog.getOpenFileName(
            window, "Import LatePoint export", "", "CSV files (*.csv);;All files (*)")
    if not path:
        return None
    dialog = ImportDialog(window.door, path, window)
    dialog.finished_import.connect(window.book.reload)
    window.screen_fit.watch(dialog)
    dialog.open()
    return dialog


def open_waiting(window) -> Any:
    """Tools > Web bookings to resolve…: what the LatePoint import could not take."""
    from frontdesk.ui.desk.web_import import WaitingDialog

    dialog = WaitingDialog(window.door, window, window)
    window.screen_fit.watch(dialog)
    dialog.show()
    return dialog
