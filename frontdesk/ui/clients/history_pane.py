"""The clients window's history pane: the visit summary line above the client's visits.

The summary counts what the desk asks about first (visits, no-shows, the next and the last
visit) and says when the table shows only the latest visits; a row entered or double-clicked
asks the main window to jump to that appointment in the book.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.services.client_record import ClientRecord
from frontdesk.ui.clients.models import ID_ROLE, HistoryModel


class HistoryPane(QWidget):
    """``summary`` and the ``history`` table (its model ``history_model``, in time zone
    ``tz``); ``appointment_activated(id)`` when a row is entered or double-clicked."""

    appointment_activated = Signal(int)

    def __init__(self, tz, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(wordWrap=True)
        self.summary.setAccessibleName("Visit summary")
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.history_model = HistoryModel(tz, self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName("Appointment history")
        self.history.verticalHeader().hide()
        self.history.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for col in (0, 1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.history.activated.connect(self._activated)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.summary)
        box.addWidget(self.history, 1)

    def show_record(self, rec: ClientRecord | None) -> None:
        """The summary and visits of ``rec`` (none shown for None)."""
        self.summary.setText(self._summary(rec))
        self.history_model.set_rows(rec.history if rec else ())

    def _summary(self, rec: ClientRecord | None) -> str:
        if rec is None:
            return ""
        text = rec.summary
        if rec.last_visit is not None:
            last = clock.to_local(rec.last_visit.start, self.history_model.tz)
            text += f" · last visit: {last:%a} {last.day} {last:%b %Y}"
        if rec.counts.total > len(rec.history):
            text += f"   (latest {len(rec.history)} of {rec.counts.total} shown)"
        return text

    def _activated(self, index: QModelIndex) -> None:
        appointment_id = index.data(ID_ROLE)
        if appointment_id is not None:
            self.appointment_activated.emit(appointment_id)
