"""Screens the window opens from its menus that keep nothing of their own in the window:
the reports (Tools > Reports…), the backups (Tools > Backups…), a client spreadsheet's import
(File > Import clients…) and the end-of-day sheet (File > Close the day…).
Each is loaded when first asked for, not when the window starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frontdesk.services import changes

if TYPE_CHECKING:
    from frontdesk.ui.main_window import MainWindow


def open_backups(window: MainWindow) -> Any:
    """The book's backups: see, take and restore one (a manager's, see ui/signin/roles.py)."""
    from frontdesk.ui.setup.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.door, window)
    dialog.restored.connect(lambda text: restored(window, text))
    window.screen_fit.watch(dialog)
    dialog.open()
    window.backups_dialog = dialog
    return dialog


def open_reports(window: MainWindow) -> Any:
    """The owner's reports (a manager's, see ui/signin/roles.py); one window, raised again
    when asked for again. Qt Charts loads here, not when the window starts."""
    from frontdesk.ui.reports.reports_window import ReportsWindow

    dialog = window.reports_window
    if dialog is None:
        dialog = ReportsWindow(window.door, window)
        window.screen_fit.watch(dialog)
        window.reports_window = dialog
    dialog.show()
    dialog.raise_()
    return dialog


def restored(window: MainWindow, text: str) -> None:
    """A backup is in the book's place: what the window remembers is of another book."""
    door = window.door
    door.ops.stack.clear()
    door.watcher.last_id = door.read(changes.last_id)
    door.reload_catalog()  # and every view reads the book again
    window.say(text, 15000)


def import_clients(window: MainWindow, path: str | None = None) -> Any:
    """A client spreadsheet (CSV), chosen in a file dialog: previewed, then imported."""
    from PySide6.QtWidgets import QFileDialog

    from frontdesk.ui.clients.import_dialog import ImportClientsDialog

    if path is None:
        path, _kind = QFileDialog.getOpenFileName(
            window, "Import clients from a spreadsheet", "",
            "Spreadsheets saved as CSV (*.csv *.txt);;All files (*)")
        if not path:
            return None
    dialog = ImportClientsDialog(window.door, path, open_card=window.open_clients,
                                 parent=window)
    window.screen_fit.watch(dialog)
    dialog.open()
    window.import_dialog = dialog
    return dialog


def certificates(window: MainWindow) -> Any:
    """Gift certificates: sold, looked up, a sale voided (the desk's and a manager's)."""
    from frontdesk.ui.checkout.certificates_dialog import CertificatesDialog

    dialog = CertificatesDialog(window.door, window)
    window.screen_fit.watch(dialog)
    dialog.open()
    window.certificates_dialog = dialog
    return dialog


def close_day(window: MainWindow) -> Any:
    """The end-of-day sheet: read, closed, printed or saved (the desk's and a manager's)."""
    from frontdesk.ui.desk.close_day_dialog import CloseDayDialog

    dialog = CloseDayDialog(window.door, window, paper=window.printing.paper())
    window.screen_fit.watch(dialog)
    dialog.open()
    window.close_day_dialog = dialog
    return dialog
