"""File > Import LatePoint export… and Tools > Web bookings to resolve… (opened from the
window by :mod:`frontdesk.ui.desk.web_menu`).

The import runs off the GUI thread through the door (``door.call``) with a progress bar and
Cancel, which stops it between rows: the whole file is one transaction in the service
(:mod:`frontdesk.services.latepoint`), so a stopped import leaves the book as it was, and
Import starts it afresh. The import is not on the undo stack: the web bookings it made are
ordinary visits, moved or cancelled like any other. An unknown service or agent name is
asked once, beside the names of ours, and remembered. The rows the booking engine refused
are listed in :class:`WaitingDialog`, each opened in the editor at its time.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.services import latepoint, latepoint_waiting
from frontdesk.services.latepoint_file import read_export
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.prefill import EditorPrefill
from frontdesk.ui.widgets.date_formats import DATE


def _work(db, path: str, day: date, mappings: dict, actor: str, now, progress):
    """On the worker thread: read, remember the names given, then import (or say which
    names are still unknown)."""
    rows = read_export(path, day)
    for (kind, web), ours in mappings.items():
        latepoint.remember(db, kind, web, ours, actor=actor)
    missing = latepoint.unknown_names(db, rows)
    if any(missing.values()):
        return missing
    return latepoint.run(db, rows, actor=actor, now=now, progress=progress)


class ImportDialog(QDialog):
    """One export file: its export day, any names to map, the import and its outcome."""

    progressed = Signal(int, int)
    finished_import = Signal()

    def __init__(self, door: Door, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.path = door, path
        self.setWindowTitle("Import LatePoint export")
        self._stop = threading.Event()
        self.combos: dict[tuple[str, str], QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{Path(path).name}</b>: the website's bookings, booked "
                                "through the book's rules. Rows that clash are kept for you "
                                "to resolve; importing again adds nothing twice."))
        form = QFormLayout()
        self.day = QDateEdit(calendarPopup=True)
        self.day.setDisplayFormat(DATE)
        mtime = date.fromtimestamp(Path(path).stat().st_mtime)
        self.day.setDate(QDate(mtime.year, mtime.month, mtime.day))
        self.day.setToolTip("The day the file was exported: its 'Today' and dates without "
                            "a year are read from it")
        form.addRow("Exported on:", self.day)
        layout.addLayout(form)
        self.names = QFormLayout()
        layout.addLayout(self.names)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.result = QLabel(wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        buttons = QDialogButtonBox()
        self.go = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.go.clicked.connect(self.start)
        self.cancel.clicked.connect(self._cancel)
        layout.addWidget(buttons)
        self.progressed.connect(self._progress)
        self.report: latepoint.Report | None = None
        self.running = False

    def start(self) -> None:
        q = self.day.date()
        mappings = {key: combo.currentText() for key, combo in self.combos.items()}
        self._stop.clear()
        self.running = True
        self.go.setEnabled(False)
        self.bar.setValue(0)
        self.bar.show()
        self.result.setText("Importing…")
        self.door.call(_work, self.path, date(q.year(), q.month(), q.day()), mappings,
                       self.door.actor, self.door.now, self._tick,
                       done=self._done, failed=self._failed)

    def _tick(self, done: int, total: int) -> bool:
        """On the worker thread: told to the bar; False (stop) once Cancel is pressed."""
        self.progressed.emit(done, total)
        return not self._stop.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _cancel(self) -> None:
        if self.running:
            self._stop.set()
            self.result.setText("Stopping: nothing will be imported…")
        else:
            self.reject()

    def _failed(self, error: Exception) -> None:
        self.running = False
        self.go.setEnabled(True)
        self.bar.hide()
        self.result.setText(f"Not imported: {error}")

    def _done(self, outcome) -> None:
        self.running = False
        self.bar.hide()
        if isinstance(outcome, dict):  # names to map first
            self._ask_names(outcome)
            self.go.setEnabled(True)
            return
        self.report = outcome
        if outcome.stopped:  # nothing written: the same file may be imported again
            self.result.setText(outcome.summary())
            self.go.setEnabled(True)
            return
        tz = self.door.tz
        lines = [outcome.summary()] + [
            f"row {r.row} ({clock.format_local(r.start, tz)}): {r.message}"
            for r in outcome.refused[:8]]
        if outcome.refused:
            lines.append("The refused rows are kept: Tools > Web bookings to resolve…")
        self.result.setText("\n".join(lines))
        self.go.hide()
        self.cancel.setText("Close")
        self.finished_import.emit()

    def _ask_names(self, missing: dict[str, list[str]]) -> None:
        catalog = self.door.catalog
        ours = {"service": sorted(s.name for s in catalog.services.values() if s.active),
                "therapist": sorted(t.name for t in catalog.therapists.values() if t.active)}
        for kind, names in missing.items():
            for web in names:
                if (kind, web) in self.combos:
                    continue
                combo = QComboBox()
                combo.addItems(ours[kind])
                self.combos[(kind, web)] = combo
                label = "service" if kind == "service" else "agent"
                self.names.addRow(f"Website {label} “{web}” is our:", combo)
        self.result.setText("Some of the website's names are not ours: say which of ours "
                            "each is (remembered for later imports), then Import.")


class WaitingDialog(QDialog):
    """The web bookings the import could not take: open one in the editor at its time, or
    mark it resolved once dealt with."""

    def __init__(self, door: Door, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.window = door, window
        self.setWindowTitle("Web bookings to resolve")
        self.resize(900, 360)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["When", "Service", "Therapist", "Client",
                                              "Why it was refused"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.open_selected)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.act_open = QPushButton("Open in editor")
        self.act_resolve = QPushButton("Mark resolved")
        buttons.addButton(self.act_open, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.act_resolve, QDialogButtonBox.ButtonRole.ActionRole)
        self.act_open.clicked.connect(self.open_selected)
        self.act_resolve.clicked.connect(self.resolve_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rows: list[latepoint_waiting.Waiting] = []
        self.reload()

    def reload(self) -> None:
        self.door.query(latepoint_waiting.waiting, done=self._show, key="web-waiting")

    def _show(self, rows) -> None:
        self.rows = rows
        tz = self.door.tz
        self.table.setRowCount(len(rows))
        for i, w in enumerate(rows):
            cells = [f"{clock.format_local(w.start, tz)} ({w.minutes} min)", w.service,
                     w.therapist, " · ".join(p for p in (w.customer, w.phone, w.email) if p),
                     w.reason]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for column in range(4):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))
        empty = not rows
        self.act_open.setEnabled(not empty)
        self.act_resolve.setEnabled(not empty)

    def selected(self) -> latepoint_waiting.Waiting | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def open_selected(self) -> None:
        w = self.selected()
        if w is None:
            return
        self.window.book.show_day(clock.to_local(w.start, self.door.tz).date())
        editing = self.window.editing
        if w.appointment_id is not None:
            editing.edit_appointment(w.appointment_id)
        else:
            editing.open_editor(EditorPrefill(start=w.start, therapist_id=w.therapist_id,
                                              minutes=w.minutes, service_id=w.service_id))

    def resolve_selected(self) -> None:
        w = self.selected()
        if w is not None:
            self.door.call(latepoint_waiting.resolve, w.id, done=lambda _r: self.reload())
