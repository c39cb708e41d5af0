"""At start, a book found damaged (or no book at all): offer the newest good backup.

Nothing is written into the damaged book: restoring moves it aside whole (kept for rescue
among the backups, marked ``damaged``) and puts the backup in its place, through
:func:`frontdesk.services.backups.restore`, which checks the backup first.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.domain.errors import DamagedBook, FrontdeskError
from frontdesk.services import backups


def offer_backup(url: str, damaged: DamagedBook, now: datetime,
                 parent: QWidget | None = None) -> bool:
    """Ask whether to restore the newest good backup; True once it is restored."""
    newest = backups.newest_good(url)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("The book is damaged")
    box.setText(f"The book {damaged.path} cannot be opened: {damaged.reason}. Nothing was "
                "written to it.")
    if newest is None:
        box.setInformativeText("There is no good backup of it. `frontdesk check` says what "
                               "is wrong; `frontdesk restore FILE` puts a backup from "
                               "elsewhere in its place.")
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()
        return False
    box.setInformativeText(
        f"The newest good backup was taken {newest.taken_at:%Y-%m-%d at %H:%M} "
        f"({newest.path.name}). Restore it? What was booked since then is not in it. The "
        "damaged book is kept with the backups, for rescue.")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Ok).setText("Restore this backup")
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    if box.exec() != QMessageBox.StandardButton.Ok:
        return False
    try:
        backups.restore(url, newest.path, now)
    except FrontdeskError as error:
        QMessageBox.critical(parent, "Not restored", str(error))
        return False
    return True
