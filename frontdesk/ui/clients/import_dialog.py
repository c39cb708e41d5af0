"""File > Import clients…: a client spreadsheet (CSV) previewed row by row, then imported.

The preview is the import itself run as a dry run (:mod:`frontdesk.services.client_import`,
rolled back), off the GUI thread: the columns as matched, and for each row whether it
becomes a new card, duplicates a card (which, and why) or an earlier row, or is refused
(why). A duplicate's tick adds it anyway, so that it can then be merged with its card
(Merge… opens the Clients window on the card kept, its merge dialog showing the new one);
Open card shows the card a row resembles. Import runs the same work for real, off the
GUI thread, with a progress bar: the whole file is one transaction, so Cancel part-way
leaves the book as it was. The cards made are put on the undo stack as one change (undo
deactivates them).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import client_import
from frontdesk.services.client_import import ADDED, DUPLICATE, Outcome, Report
from frontdesk.ui.clients.card_dialogs import MergeDialog
from frontdesk.ui.core.door import Door
from frontdesk.ui.core.tasks import courier
from frontdesk.ui.widgets import theme

HEADERS = ("Row", "Name", "Phone", "E-mail", "What happens")
#: The table's "What happens" column.
WHAT = len(HEADERS) - 1


def preview(db, path: str, actor: str, now) -> Report:
    """The dry run the dialog shows (on a worker thread: reads the file, writes nothing)."""
    sheet = client_import.read_file(path)
    return client_import.import_sheet(db, sheet, dry_run=True, actor=actor, now=now)


class ImportClientsDialog(QDialog):
    """``open_card(client_id)`` opens the Clients window on a card and returns it (the main
    window's ``open_clients``)."""

    def __init__(self, door: Door, path: str,
                 open_card: Callable[[int], object] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.path, self.open_card = door, path, open_card
        self.preview: Report | None = None
        self.report: Report | None = None
        self.running = False
        self.merge_dialog: MergeDialog | None = None
        self._stop = threading.Event()
        self.setWindowTitle(f"Import clients — {Path(path).name}")
        self.columns = _label("columns")
        self.summary = _label("summary")
        self.error = _label("error")
        self.error.setStyleSheet(f"color: {theme.ALERT.name()}")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("rows")
        self.table.setAccessibleName("Rows of the file")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._ticked)
        self.table.itemSelectionChanged.connect(self._selected)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.hide()
        self.open_button = QPushButton("&Open card")
        self.open_button.setObjectName("open_card")
        self.open_button.setToolTip("Show the card this row looks like")
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.setObjectName("merge")
        self.merge_button.setToolTip("Merge the card added anyway into the card it looks like")
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("import")
        self.import_button.setDefault(True)
        self.close_button = QPushButton("Cancel")
        self.close_button.setObjectName("cancel")
        for button in (self.open_button, self.merge_button, self.close_button):
            button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.cancel)
        buttons = QDialogButtonBox()
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.merge_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.columns)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addLayout(row)
        self._enable()
        self.resize(1000, 560)
        self._read()

    # -- the preview ----------------------------------------------------------------------

    def _read(self) -> None:
        self.summary.setText("Reading the file and checking each row against the book…")
        self._busy(0, 0)
        self.door.call(preview, self.path, self.door.actor, self.door.now,
                       done=self._previewed, failed=self._failed)

    def _previewed(self, report: Report) -> None:
        self.preview = report
        self.progress.hide()
        sheet = report.sheet
        self.columns.setText("Columns: " + sheet.describe_columns()
                             + "".join(f"\n{note}" for note in sheet.notes))
        self.table.blockSignals(True)
        self.table.setRowCount(len(report.outcomes))
        for index, (row, outcome) in enumerate(zip(sheet.rows, report.outcomes,
                                                   strict=True)):
            for column, text in enumerate((str(row.number), row.name, row.phone,
                                           row.email)):
                self.table.setItem(index, column, _item(text))
            self.table.setItem(index, WHAT, self._what(outcome))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            WHAT, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(report.summary().replace(
            " — a dry run: nothing was written", "") + ". Nothing is written until Import.")
        self._enable()

    def _what(self, outcome: Outcome, done: bool = False) -> QTableWidgetItem:
        if outcome.kind == ADDED:
            text = (f"Added #{outcome.client_id}" if done else "New card")
            like = self._like(outcome.row)
            if like is not None:
                text += f" — like {like.likeness().split(' as ', 1)[1]}: Merge…"
            item = _item(text)
        elif outcome.kind == DUPLICATE:
            item = _item(f"Duplicate: {outcome.likeness()}"
                         + ("" if done else " — tick to add anyway"))
            item.setForeground(theme.mix(theme.ALERT, self.palette().text().color(), 0.4))
            if not done:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        else:
            item = _item(f"Refused: {outcome.reason}")
            item.setForeground(theme.ALERT)
        item.setData(Qt.ItemDataRole.UserRole, outcome.row)
        return item

    def ticked(self) -> set[int]:
        """The rows (by number) to add although they are duplicates."""
        out = set()
        for index in range(self.table.rowCount()):
            item = self.table.item(index, WHAT)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() == WHAT:
            self._enable()

    def taking(self) -> int:
        """How many cards Import would make."""
        if self.preview is None:
            return 0
        return self.preview.count(ADDED) + len(self.ticked())

    # -- importing ------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.preview is None or self.running or self.report is not None or not self.taking():
            return
        self.running = True
        self._stop.clear()
        self.error.clear()
        self.table.setEnabled(False)
        total = len(self.preview.outcomes)
        self._busy(0, total)
        self.summary.setText(f"Importing {total} rows…")
        self._enable()
        self.door.call(client_import.import_sheet, self.preview.sheet,
                       add_anyway=frozenset(self.ticked()), actor=self.door.actor,
                       now=self.door.now, progress=_progress(self, self._stop, total),
                       done=self._imported, failed=self._failed)

    def _imported(self, report: Report) -> None:
        self.running = False
        self.report = report
        self.progress.hide()
        self.table.setEnabled(True)
        try:
            self.door.ops.clients_imported(report.added_ids)
        except FrontdeskError as error:  # only announced; the cards are in the book
            self.error.setText(str(error))
        self.table.blockSignals(True)
        for index, outcome in enumerate(report.outcomes):
            self.table.setItem(index, WHAT, self._what(outcome, done=True))
        self.table.blockSignals(False)
        self.summary.setText(report.summary() + (". Ctrl+Z in the book undoes it."
                                                 if report.added_ids else "."))
        self._enable()

    def _failed(self, error: Exception) -> None:
        self.running = False
        self.progress.hide()
        self.table.setEnabled(True)
        if isinstance(error, client_import.ImportStopped):
            self.reject()
            return
        self.error.setText(str(error))
        if self.preview is None:
            self.summary.setText("Nothing was imported.")
        self._enable()

    def cancel(self) -> None:
        """Close; part-way through an import, stop it first (nothing is written)."""
        if self.running:
            self._stop.set()
            self.summary.setText("Stopping: nothing will be imported…")
            self.close_button.setEnabled(False)
            return
        if self.report is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if self.running:  # Esc or the window's close: stop the import, then close
            self._stop.set()
        super().reject()

    def closeEvent(self, event) -> None:
        self._stop.set()
        super().closeEvent(event)

    # -- duplicates -----------------------------------------------------------------------

    def _like(self, row: int) -> Outcome | None:
        """The preview's word on ``row`` when it was a duplicate."""
        if self.preview is None:
            return None
        found = next((o for o in self.preview.outcomes if o.row == row), None)
        return found if found is not None and found.kind == DUPLICATE else None

    def _card_of_row(self, row: int) -> int | None:
        if self.report is None:
            return None
        return next((o.client_id for o in self.report.outcomes if o.row == row), None)

    def _selected_row(self) -> int | None:
        items = self.table.selectedItems()
        if not items:
            return None
        item = self.table.item(items[0].row(), WHAT)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _kept_of(self, row: int) -> int | None:
        """The card a duplicate row looks like: a card of the book, or the one made from
        an earlier row (known once imported)."""
        like = self._like(row)
        if like is None:
            return None
        return like.like_id if like.like_row is None else self._card_of_row(like.like_row)

    def _selected(self) -> None:
        self._enable()

    def open_selected(self) -> None:
        row = self._selected_row()
        kept = None if row is None else self._kept_of(row)
        if kept is not None and self.open_card is not None:
            self.open_card(kept)

    def merge_selected(self) -> MergeDialog | None:
        """The Clients window's merge dialog for the card kept, showing the row's card
        (what moves, and the button naming both); once merged, the card kept is opened."""
        row = self._selected_row()
        like = None if row is None else self._like(row)
        kept = None if row is None else self._kept_of(row)
        made = None if row is None else self._card_of_row(row)
        if like is None or kept is None or made is None:
            return None
        dialog = MergeDialog(self.door, kept, like.like_name, parent=self)
        dialog.pick_number(made)
        dialog.accepted.connect(lambda: self._merged(kept, made))
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _merged(self, kept: int, made: int) -> None:
        self.summary.setText(f"Merged #{made} into #{kept}.")
        if self.open_card is not None:
            self.open_card(kept)

    # -- state ----------------------------------------------------------------------------

    def _busy(self, value: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(value)
        self.progress.show()

    def _enable(self) -> None:
        row = self._selected_row()
        kept = None if row is None else self._kept_of(row)
        done = self.report is not None
        self.open_button.setEnabled(not self.running and kept is not None)
        self.merge_button.setEnabled(not self.running and kept is not None and done
                                     and self._card_of_row(row or 0) is not None)
        taking = self.taking()
        self.import_button.setVisible(not done)
        self.import_button.setEnabled(not self.running and not done and taking > 0)
        self.import_button.setText(f"&Import {taking} client{'s' * (taking != 1)}")
        self.close_button.setText("Close" if done else "Cancel")
        self.close_button.setEnabled(True)


def _progress(dialog: ImportClientsDialog, stop: threading.Event, total: int):
    """The import's ``progress`` (called on its worker thread): carries the count to the
    dialog's bar now and then, and says stop once Cancel was pressed. It holds neither the
    dialog nor touches it there."""
    to, ref = courier(), weakref.ref(dialog)
    every = max(1, total // 100)

    def progress(done: int, _total: int) -> bool:
        if done % every == 0 or done == total:
            to.post(_show, ref, done)
        return not stop.is_set()

    return progress


def _show(ref: weakref.ref[ImportClientsDialog], done: int) -> None:
    dialog = ref()
    if dialog is not None and dialog.running:
        with suppress(RuntimeError):  # its Qt object was deleted meanwhile
            dialog.progress.setValue(done)


def _label(name: str) -> QLabel:
    label = QLabel(wordWrap=True)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item
