"""Tools > Backups…: the book's backups, newest first; one taken now; one restored.

The window already takes a backup at start and one a day (``ui/core/backup_keeper.py``);
this is where an owner sees them, takes one before a risky change, and puts one back.
Listing, copying and restoring are :mod:`frontdesk.services.backups`' (the same as
``frontdesk backups``, ``backup`` and ``restore``), run off the GUI thread through the door.

A restore overwrites the open book in place (SQLite's backup API), after checking the
backup and keeping the book as it stands as a backup of its own, so it can be undone by
restoring that one. The window then reads everything again and forgets its undo history:
the changes it remembers are not in the restored book. A book on the clinic's server is
restored by its administrator with ``pg_restore``; its Restore button says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import retention
from frontdesk.services import backups
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.forms import ERROR_STYLE

#: What each reason in a backup's name means, as the list says it.
WHY = {"start": "at start", "daily": "daily", "weekly": "weekly", "monthly": "monthly",
       "manual": "taken by hand", "replaced": "the book before a restore",
       "damaged": "a damaged book, kept for rescue", "upgrade": "before an upgrade"}
SERVER_RESTORE = ("A book on the clinic's server is restored by its administrator with "
                  "pg_restore (see the README's Backups).")


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, round(n / 1024))} kB"


class BackupsDialog(QDialog):
    """The backups of the book the door has open. ``restored`` carries a sentence for the
    status bar once a backup is back in the book's place."""

    restored = Signal(str)

    def __init__(self, door: Door, parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.found: list[backups.Backup] = []
        self.setWindowTitle("Backups")
        self._build()
        self.refresh()

    def _build(self) -> None:
        if self.door.is_sqlite:
            text = (f"The window backs the book up when it starts and once a day, and keeps "
                    f"{retention.DAILY} daily, {retention.WEEKLY} weekly and "
                    f"{retention.MONTHLY} monthly copies, each checked after it is written. "
                    "Copy them to another disk now and then: a backup on the same disk is "
                    "lost with it.")
        else:
            text = ("The book is on the clinic's server: its backups are the server "
                    "administrator's (pg_dump, scheduled as the README's Backups says). "
                    "Back up now writes one here where pg_dump is installed.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Backups")
        self.table.setHeaderLabels(["Taken", "What", "Size", "Encrypted", "File"])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentItemChanged.connect(lambda *_: self._enable())
        self.table.itemActivated.connect(lambda *_: self.restore_chosen())

        self.back_up_button = QPushButton("&Back up now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.clicked.connect(self.restore_chosen)
        self.folder_button = QPushButton("Open &folder")
        self.folder_button.setToolTip("Show the backups in the file manager, to copy them")
        self.folder_button.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        for button in (self.back_up_button, self.restore_button, self.folder_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)

        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(760, 420)

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.door.call(lambda db: backups.list_backups(db.url), done=self._listed,
                       failed=self._failed, key=f"backups-{id(self)}")

    def _listed(self, found: list[backups.Backup]) -> None:
        chosen = self.chosen()
        self.found = found
        self.table.clear()
        for b in found:
            item = QTreeWidgetItem([f"{b.taken_at:%a %-d %b %Y %H:%M}", WHY.get(b.why, b.why),
                                    _size(b.size), "yes" if b.encrypted else "",
                                    b.path.name])
            item.setToolTip(4, str(b.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
            if chosen is not None and b.path == chosen.path:
                self.table.setCurrentItem(item)
        if self.table.currentItem() is None and found:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        if not found:
            self._say("No backups yet: the first is taken a little after the window starts, "
                      "or now with Back up now.")
        self._enable()

    def chosen(self) -> backups.Backup | None:
        row = self.table.indexOfTopLevelItem(self.table.currentItem()) \
            if self.table.currentItem() is not None else -1
        return self.found[row] if 0 <= row < len(self.found) else None

    def _enable(self) -> None:
        b = self.chosen()
        why = ""
        if not self.door.is_sqlite:
            why = SERVER_RESTORE
        elif b is None:
            why = "Choose a backup first"
        elif b.path.suffix == ".dump":
            why = "A server's dump is restored with pg_restore"
        self.restore_button.setEnabled(not why and not self.door.read_only)
        self.restore_button.setToolTip(why or "Put this backup in the book's place; the book "
                                       "as it is now is kept as a backup first")

    # -- acting ---------------------------------------------------------------------------

    def back_up_now(self) -> None:
        now = self.door.now()
        self.back_up_button.setEnabled(False)
        self._say("Backing up…")
        self.door.call(lambda db: backups.back_up(db.url, now), done=self._backed_up,
                       failed=self._failed, key=f"backups-{id(self)}")

    def _backed_up(self, made: backups.Backup) -> None:
        self.back_up_button.setEnabled(True)
        self._say(f"Backed up and checked: {made.path.name} ({_size(made.size)})")
        self.refresh()

    def restore_chosen(self) -> None:
        b = self.chosen()
        if b is None or not self.restore_button.isEnabled():
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Restore a backup",
                          f"Put the backup taken {b.taken_at:%A %-d %B %Y at %H:%M} in the "
                          "book's place?", QMessageBox.StandardButton.Ok
                          | QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("What was booked or changed since then is not in it, at this "
                               "desk or any other. The book as it is now is kept as a backup "
                               "first, so this can be undone by restoring that one.")
        box.button(QMessageBox.StandardButton.Ok).setText("&Restore this backup")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return
        secret = None
        if b.encrypted:
            secret, ok = QInputDialog.getText(self, "Encrypted backup",
                                              f"The passphrase of {b.path.name}:",
                                              QLineEdit.EchoMode.Password)
            if not ok or not secret:
                return
        now, path = self.door.now(), b.path
        self.restore_button.setEnabled(False)
        self._say("Restoring…")
        self.door.call(lambda db: backups.restore(db.url, path, now, secret, upgrade=True),
                       done=self._restored, failed=self._failed, key=f"backups-{id(self)}")

    def _restored(self, done: backups.Restored) -> None:
        kept = f"; the book it replaced is kept as {done.kept.path.name}" if done.kept else ""
        self._say(f"Restored {done.source.name}{kept}.")
        self.restored.emit(f"Restored the backup {done.source.name}")
        self.refresh()

    def open_folder(self) -> None:
        if self.found:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.found[0].path.parent)))

    def _failed(self, error: Exception) -> None:
        self.back_up_button.setEnabled(True)
        self._enable()
        self._say(str(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
